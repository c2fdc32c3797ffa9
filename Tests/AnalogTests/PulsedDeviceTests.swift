import XCTest
@testable import Analog

/// Device responses to 1000 up then 1000 down pulses against AIHWKit's step rules.
final class PulsedDeviceTests: XCTestCase {
    /// No device-to-device or cycle-to-cycle spread: the rules themselves, exactly.
    func exact(_ model: DeviceModel, dwMin: Float = 0.01, upDown: Float = 0, wMax: Float = 1, wMin: Float = -1) -> PulsedDeviceParameters {
        var p = PulsedDeviceParameters(model: model)
        p.dwMin = dwMin
        p.dwMinDtod = 0
        p.dwMinStd = 0
        p.upDown = upDown
        p.upDownDtod = 0
        p.wMax = wMax
        p.wMin = wMin
        p.wMaxDtod = 0
        p.wMinDtod = 0
        return p
    }

    func testConstantStepHasExactStepsBoundsAndAsymmetry() {
        var rng = Philox(seed: 1)
        let device = PulsedDevice(exact(.constantStep, upDown: 0.2), rng: &rng)
        // up_down 0.2 > 0 shrinks the down step: scale_up = dw_min, scale_down = dw_min·(1 − 0.2).
        XCTAssertEqual(device.scaleUp, 0.01, accuracy: 1e-7)
        XCTAssertEqual(device.scaleDown, 0.008, accuracy: 1e-7)
        let trace = device.response(up: 1000, down: 1000, rng: &rng)
        XCTAssertEqual(trace[0], 0.01, accuracy: 1e-6)
        XCTAssertEqual(trace[49], 0.5, accuracy: 1e-4)
        XCTAssertEqual(trace[999], 1, "saturates at w_max after 100 pulses")
        XCTAssertEqual(trace[1000], 1 - 0.008, accuracy: 1e-6)
        XCTAssertEqual(trace[1999], -1, "saturates at w_min going down")
    }

    func testSoftBoundsStepShrinksLinearlyTowardsTheBound() {
        var rng = Philox(seed: 2)
        let device = PulsedDevice(exact(.softBounds(multNoise: true)), rng: &rng)
        let trace = device.response(up: 1000, down: 0, rng: &rng)
        // w_{k+1} = w_k + dw·(1 − w_k): w_k = 1 − (1 − dw)^k, approaching w_max but never passing it.
        XCTAssertEqual(trace[99], 1 - pow(0.99, 100), accuracy: 1e-4)
        XCTAssertEqual(trace[999], 1 - pow(0.99, 1000), accuracy: 1e-4)
        XCTAssertLessThan(trace[999], 1)
    }

    func testLinearStepSlopeUsesTheMeanBounds() {
        var rng = Philox(seed: 3)
        let device = PulsedDevice(exact(.linearStep(gammaUp: 0.5, gammaDown: 0.5, gammaUpDtod: 0, gammaDownDtod: 0, multNoise: true)), rng: &rng)
        // At w = 0.5 the up step is dw·(1 − γ·w/w_max) = 0.01·0.75.
        XCTAssertEqual(device.pulse(0.5, up: true, rng: &rng) - 0.5, 0.0075, accuracy: 1e-6)
        // Going down from 0.5 the step is dw·(1 − γ·w/w_min) = 0.01·1.25.
        XCTAssertEqual(0.5 - device.pulse(0.5, up: false, rng: &rng), 0.0125, accuracy: 1e-6)
    }

    func testPowStepFollowsThePowerLaw() {
        var rng = Philox(seed: 4)
        let device = PulsedDevice(exact(.powStep(gamma: 2, gammaDtod: 0, upDown: 0, upDownDtod: 0)), rng: &rng)
        // up: dw·((b_max − w)/range)^γ at w = 0: 0.01·0.25.
        XCTAssertEqual(device.pulse(0, up: true, rng: &rng), 0.0025, accuracy: 1e-7)
    }

    func testDeviceToDeviceSpreadOfStepSizesAndBounds() {
        var p = exact(.constantStep)
        p.dwMinDtod = 0.3
        p.wMaxDtod = 0.3
        var rng = Philox(seed: 5)
        let devices = (0..<4000).map { _ in PulsedDevice(p, rng: &rng) }
        func stats(_ xs: [Float]) -> (Float, Float) {
            let m = xs.reduce(0, +) / Float(xs.count)
            return (m, (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Float(xs.count - 1)).squareRoot())
        }
        let (stepMean, stepStd) = stats(devices.map(\.scaleUp))
        XCTAssertEqual(stepMean, 0.01, accuracy: 0.0003)
        XCTAssertEqual(stepStd, 0.003, accuracy: 0.0002)
        let (bMean, bStd) = stats(devices.map(\.bMax))
        XCTAssertEqual(bMean, 1, accuracy: 0.02)
        XCTAssertEqual(bStd, 0.3, accuracy: 0.02)
        XCTAssertTrue(devices.allSatisfy { $0.bMax >= 0 && $0.bMin <= 0 }, "enforce_consistency keeps the bounds on their sides")
    }

    /// The presets respond as their parameters say (mean over 20 devices, cycle-to-cycle noise on).
    func testPresetResponses() throws {
        // Gokmen–Vlasov: constant steps of 0.0016, symmetric; 1000 pulses up climb about 1.6.
        let gv = try DevicePreset.gokmenVlasov.response(up: 1000, down: 1000, devices: 20, seed: 7)
        let peak = gv.map { $0[999] }.reduce(0, +) / 20
        XCTAssertGreaterThan(peak, 0.6)
        XCTAssertTrue(gv.allSatisfy { $0.allSatisfy { abs($0) <= 2.5 } })
        // ReRAM ES: up_down 0.259 makes up steps larger than down steps, so the trace ends above 0.
        let es = try DevicePreset.reRamES.response(up: 1000, down: 1000, devices: 20, seed: 8)
        let end = es.map { $0[1999] }.reduce(0, +) / 20
        let top = es.map { $0[999] }.reduce(0, +) / 20
        XCTAssertGreaterThan(top, 0.2)
        XCTAssertGreaterThan(end, -top)
        // PCM is one-sided: never below 0.
        let pcm = try DevicePreset.pcm.response(up: 500, down: 500, devices: 10, seed: 9)
        XCTAssertTrue(pcm.allSatisfy { $0.allSatisfy { $0 >= -1e-6 } })
        XCTAssertEqual(try DevicePreset.overviewTable().rowCount, DevicePreset.all.count)
        XCTAssertEqual(try DevicePreset.capacitor.parameterTable().column("parameter").values.first, .string("model"))
    }

    func testInvalidParametersAreClearErrors() {
        var p = PulsedDeviceParameters()
        p.dwMin = 0
        XCTAssertThrowsError(try p.validate())
        p = PulsedDeviceParameters()
        p.wMin = 0.5
        XCTAssertThrowsError(try p.validate())
        p = PulsedDeviceParameters(model: .constantStep)
        p.writeNoiseStd = 1
        XCTAssertThrowsError(try p.validate()) { XCTAssertTrue("\($0)".contains("write noise")) }
        XCTAssertThrowsError(try DevicePreset.idealized.response(up: -1, down: 0))
    }
}

/// The array-measured ReRAM presets: few states with a log-normal spread of step sizes.
final class ArrayReRAMPresetTests: XCTestCase {
    func testArrayPresetsHaveFewLogNormalSteps() throws {
        for preset in [DevicePreset.reRamArrayOM, DevicePreset.reRamArrayHfO2] {
            let p = preset.parameters
            XCTAssertNoThrow(try p.validate())
            var rng = Philox(seed: 9)
            let gains = (0..<4000).map { _ in PulsedDevice(p, rng: &rng).scaleUp / p.dwMin }
            // Log-normal gains: log(gain) has mean ≈ 0 and std ≈ dw_min_dtod (up_down_dtod adds 0.01).
            let logs = gains.map { log(Double($0)) }
            let mean = logs.reduce(0, +) / Double(logs.count)
            let sd = (logs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(logs.count - 1)).squareRoot()
            XCTAssertEqual(mean, 0, accuracy: 0.05, preset.name)
            XCTAssertEqual(sd, Double(p.dwMinDtod), accuracy: 0.06, preset.name)
            XCTAssertTrue(gains.allSatisfy { $0 > 0 }, "log-normal steps never flip sign")
            XCTAssertLessThan((p.wMax - p.wMin) / p.granularity, 25, "\(preset.name) has a handful of states")
        }
        XCTAssertEqual(DevicePreset.all.count, 10)
        XCTAssertEqual(try DevicePreset.reRamArrayOM.parameterTable().column("parameter").values.contains(.string("reference_std")), true)
    }
}
