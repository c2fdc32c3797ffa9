import XCTest
import Analog
@testable import CrossbarAPI
@testable import SwiftScript

/// Issue 13, point 1 (in part): devices of one's own from a cell, `with(…)` on presets, and fitting
/// a device model to measured pulse traces.
final class CustomDeviceTests: XCTestCase {
    let session = CellSession()
    func result(_ code: String) -> String? { session.result(code) }

    func testAIHWKitDeviceTypesByName() {
        XCTAssertEqual(result("let dev = SoftBoundsDevice(dwMin: 0.01, wMin: -1, wMax: 1)\ntype(of: dev)"), "Preset")
        XCTAssertEqual(result("dev.table.row(0)[\"value\"]"), #""SoftBounds""#)
        XCTAssertEqual(result("AnalogTile(rows: 8, cols: 8, config: .singleDevice(dev)).rows"), "8")
        XCTAssertEqual(result("dev.response(pulses: 3).count"), "6")
        for name in ["ConstantStepDevice", "LinearStepDevice", "SoftBoundsReferenceDevice", "ExpStepDevice", "PowStepDevice", "PiecewiseStepDevice"] {
            XCTAssertEqual(result("\(name)().plotResponse(pulses: 20, devices: 2).title?.isEmpty"), "false", name)
        }
        XCTAssertEqual(result("LinearStepDevice(gammaUp: 0.5, gammaDown: 0.2).table.rowCount"), "16")
        XCTAssertEqual(result("SoftBoundsDevice(aUp: 1)"), "error: aUp: is not a parameter of SoftBounds devices")
        XCTAssertEqual(result("ConstantStepDevice(dwMin: -1)"), "error: dwMin must be positive, not -1.0")
    }

    func testTheReferenceDevicesReferenceSettings() {
        XCTAssertNil(session.outcome("let ref = SoftBoundsReferenceDevice(referenceMean: 0.1, referenceStd: 0.05, subtractSymmetryPoint: true)").ename)
        let values = result("ref.table.column(\"value\")") ?? ""
        XCTAssertTrue(values.contains("0.05") && values.contains("true"), values)
        XCTAssertEqual(result("SoftBoundsDevice(referenceStd: 0.05)"), "error: referenceStd: is not a parameter of SoftBounds devices")
    }

    func testWithOnEveryPreset() {
        XCTAssertEqual(result("Preset.reRamSB.with(dwMin: 0.002, upDown: 0.1).name"), #""reRamSB (modified)""#)
        XCTAssertEqual(result("Preset.reRamES.with(gammaUp: 4).table.rowCount"), "19")
        XCTAssertEqual(result("Preset.capacitor.with(wMin: -2, wMax: 2).response(pulses: 1).count"), "2")
    }

    func testFittingRecoversASoftBoundsDevice() throws {
        var truth = PulsedDeviceParameters(model: .softBounds(multNoise: false))
        truth.dwMin = 0.01; truth.upDown = 0; truth.wMax = 1; truth.wMin = -1
        truth.dwMinDtod = 0; truth.upDownDtod = 0; truth.wMaxDtod = 0; truth.wMinDtod = 0; truth.dwMinStd = 0.05
        var rng = Philox(seed: 3)
        let device = PulsedDevice(truth, rng: &rng)
        let trace = device.response(up: 400, down: 400, start: 0, rng: &rng)
        let fit = try DeviceFit.fit(up: Array(trace[0..<400]), down: Array(trace[400...]), start: 0, model: .softBounds)
        let p = fit.device.parameters
        XCTAssertEqual(p.dwMin, 0.01, accuracy: 0.0005)
        XCTAssertEqual(p.wMax, 1, accuracy: 0.05)
        XCTAssertEqual(p.wMin, -1, accuracy: 0.05)
        XCTAssertEqual(p.upDown, 0, accuracy: 0.05)
        XCTAssertEqual(p.dwMinStd, 0.05, accuracy: 0.02)
        XCTAssertLessThan(fit.rmsError, 0.02)
        XCTAssertEqual(try fit.figure().axes[0].series.count, 2)
        XCTAssertThrowsError(try DeviceFit.fit(up: [0, 0, 0], down: [0, 0, 0])) { XCTAssertEqual(($0 as? AnalogError)?.kind, .device) }
        // The same from a cell: (device, figure).
        XCTAssertEqual(result("""
            let measured = SoftBoundsDevice(dwMin: 0.01, dwMinDtod: 0, wMin: -1, wMinDtod: 0, wMax: 1, wMaxDtod: 0).response(pulses: 200, seed: 2)
            let (fitted, picture) = fitDevice(upPulses: Array(measured[0..<200]), downPulses: Array(measured[200..<400]), start: 0)
            [fitted.name == "fittedSoftBounds", picture.title != nil]
            """), "[true, true]")
    }
}
