import XCTest
import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// `AnalogTile` as cells use it.
final class CellAnalogTests: XCTestCase {
    let session = CellSession()
    func run(_ code: String) -> ExecutionOutcome { session.run(code) }
    func result(_ code: String) -> String? { session.result(code) }

    func testTileReadsWeightsAndConfiguresItsIO() throws {
        XCTAssertEqual(result("let tile = AnalogTile(rows: 2, cols: 3, seed: 4)\ntile.weights = [[1, 0, 0], [0, 0.5, 0]]\ntile.exactWeights"),
                       "[[1.0, 0.0, 0.0], [0.0, 0.5, 0.0]]")
        // Reading the weights back goes through the IO: close to the truth, not equal to it.
        XCTAssertEqual(result("tile.weights == tile.exactWeights"), "false")
        XCTAssertEqual(result("zip(tile.weights[1], tile.exactWeights[1]).allSatisfy { abs($0 - $1) < 0.3 }"), "true")
        XCTAssertEqual(result("tile.perfect = true\ntile.forward([0.5, 0.5, 1])"), "[0.5, 0.25]")
        XCTAssertEqual(result("tile.weights"), "[[1.0, 0.0, 0.0], [0.0, 0.5, 0.0]]", "a perfect periphery reads them exactly")
        XCTAssertEqual(result("tile.forward([[1, 1, 1], [0, 2, 0]])"), "[[1.0, 0.5], [0.0, 1.0]]")
        XCTAssertEqual(result("[tile.inpBits, tile.outBits]"), "[7, 9]")
        XCTAssertEqual(result("tile.outNoise"), "0.06")
        XCTAssertEqual(result("tile.mvmError(samples: 20)"), "0.0")
        XCTAssertEqual(result("tile.perfect = false\ntile.outNoise = 0\ntile.inpBits = 16\ntile.outBits = 16\ntile.mvmError(samples: 50) < 0.001"), "true")
    }

    func testTileErrorsAreClear() {
        XCTAssertEqual(result("AnalogTile(rows: 0, cols: 3)"), "error: a tile needs at least one row and one column, not 0×3")
        _ = run("let t = AnalogTile(rows: 2, cols: 2)")
        XCTAssertEqual(result("t.forward([1, 2, 3])"), "error: this tile takes 2 inputs per sample, not 3")
        XCTAssertEqual(result("t.weights = [[1, 2], [3]]"), "error: row 1 has 1 values but row 0 has 2")
        XCTAssertEqual(result("t.outNoise = -0.5"), "error: outNoise must be 0 or positive, not -0.5")
        XCTAssertEqual(result("t.outNoise"), "0.06", "a refused setting leaves the tile as it was")
    }

    func testALetStructStillCannotBeChangedWhileALetTileCan() {
        XCTAssertEqual(result("struct P { var x = 1 }\nlet p = P()\np.x = 2"), "error: cannot assign to property: 'p' is a 'let' constant")
        XCTAssertEqual(result("let tile = AnalogTile(rows: 1, cols: 1)\ntile.outNoise = 0.2\ntile.outNoise"), "0.2")
    }

    func testDriftStudyIsATableAndCompensationHelps() {
        XCTAssertEqual(result("""
            seed(2)
            let tile = AnalogTile(rows: 32, cols: 32, seed: 3)
            tile.weights = (0..<32).map { _ in (0..<32).map { _ in Double.random(in: -0.6...0.6) } }
            let on = tile.driftStudy(times: [20, 31536000], samples: 40)
            let off = tile.driftStudy(times: [20, 31536000], samples: 40, compensateDrift: false)
            (on.column("error")[1] as! Double) < (off.column("error")[1] as! Double)
            """), "true")
        XCTAssertEqual(result("on.columnNames"), #"["time", "error", "compensation"]"#)
        XCTAssertEqual(result("tile.program()\ntile.drift(to: 86400)\ntile.driftCompensation > 1"), "true")
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2).drift(to: 5)"), "error: program the tile before drifting it (tile.program())")
    }

    func testIOPresetsByName() {
        XCTAssertEqual(result("let h = AnalogTile(rows: 8, cols: 8, io: .standardHWA)\n[h.inpBits, h.outBits]"), "[8, 8]")
        XCTAssertEqual(result("h.irDrop"), "1.0")
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2, io: .fancy)"), "error: unknown IO preset .fancy; use .default, .preset, .standard, .standardHWA or .perfect")
    }

    func testPresetsListShowAndPlot() {
        XCTAssertTrue(result("Preset.all")?.contains("gokmenVlasov") ?? false)
        XCTAssertEqual(result("Preset.pcm.name"), #""pcm""#)
        XCTAssertEqual(result("Preset.idealized.table.rowCount"), "11")
        XCTAssertEqual(result("Preset.gokmenVlasov.response(pulses: 10).count"), "20")
        XCTAssertTrue(result("Preset.reRamES.plotResponse(pulses: 50, devices: 2)")?.contains("2 series") ?? false)
        XCTAssertEqual(result("Preset.pcm.plotResponse(devices: 50)"), "error: devices must be 1…20")
        XCTAssertEqual(result("Preset.pcm.plotResponse(pulses: 0)"), "error: pulses must be at least 1")
        XCTAssertEqual(result("Preset.pcm.response(pulses: -1)"), "error: a response needs 0…10,000,000 pulses and 1…1000 devices")
    }

    func testConfigsByNameAndImplicitMember() {
        XCTAssertEqual(result("let ic = AnalogTile(rows: 16, cols: 16, config: .inference(noise: .pcm), seed: 1)\nic.config.name"),
                       #""InferenceRPUConfig""#)
        XCTAssertEqual(result("[ic.inpBits, ic.outBits]"), "[7, 9]")
        XCTAssertEqual(result("ic.weights = (0..<16).map { i in (0..<16).map { j in i == j ? 0.5 : 0.0 } }\nic.program()\nic.drift(to: 3600)\nic.mvmError(samples: 20) > 0"), "true")
        XCTAssertEqual(result("AnalogTile(rows: 4, cols: 4, config: .inference(noise: .reramWan2022)).config.table.rowCount"), "9")
        XCTAssertEqual(result("let rr = AnalogTile(rows: 4, cols: 4, config: .inference(noise: .reramWan2022))\nrr.weights = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]\nrr.program()\nrr.drift(to: 3600)"),
                       "error: the Wan 2022 ReRAM model is measured only at 1, 86400, 172800 seconds after programming, not 3600.0")
        XCTAssertEqual(result("AnalogTile(rows: 8, cols: 8, config: .standardHWA).config.name"), #""StandardHWATrainingPreset""#)
        XCTAssertEqual(result("AnalogTile(rows: 8, cols: 8, config: .standardHWA, io: .perfect).perfect"), "true")
        XCTAssertEqual(result("TileConfig.TikiTakaReRamSBPreset.name"), #""TikiTakaReRamSBPreset""#)
        XCTAssertTrue(result("TileConfig.all")?.contains("MixedPrecisionPCMPreset") ?? false)
        XCTAssertTrue(result("Preset.all")?.contains("StandardHWATrainingPreset") ?? false)
        XCTAssertTrue(result("Preset.devices")?.contains("dw_min") ?? false)
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2, config: .inference(noise: .loud))"),
                       "error: unknown noise model .loud; use .pcm, .reramWan2022, .reramCMO or .noNoise")
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2, config: .tikiTaka(3))"), "error: .tikiTaka takes a device Preset, e.g. Preset.reRamES")
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2, config: 5)")?.hasPrefix("error: config: takes a TileConfig"), true)
    }

    func testTrainingConfigsUpdateInCells() {
        XCTAssertEqual(result("""
            let mp = AnalogTile(rows: 2, cols: 2, config: .mixedPrecision(Preset.gokmenVlasov), io: .perfect, seed: 1)
            for _ in 0..<20 { mp.update(x: [1, 1], d: [1, -1], lr: 0.01) }
            [mp.weights[0][0] < -0.03, mp.weights[1][0] > 0.03, mp.accumulator != nil]
            """), "[true, true, true]")
        XCTAssertEqual(result("""
            let fp = AnalogTile(rows: 1, cols: 2, config: .floatingPoint)
            fp.update(x: [1, 2], d: [0.5], lr: 0.1)
            fp.weights
            """), "[[-0.05, -0.1]]")
        XCTAssertEqual(result("fp.backward([2.0])"), "[-0.1, -0.2]")
        XCTAssertEqual(result("fp.backward([1.0, 2.0])"), "error: backward takes 1 errors per sample (one per tile output), not 2")
        XCTAssertEqual(result("let sd = AnalogTile(rows: 2, cols: 2, config: .singleDevice(Preset.reRamES))\nsd.config.name"), #""ReRamESPreset""#)
    }

    func testTikiTakaInCells() {
        XCTAssertEqual(result("""
            let tt = AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 1)
            tt.useTikiTaka(Preset.idealized)
            for _ in 0..<20 { tt.update(x: [1, 1], d: [1, -1], lr: 0.01) }
            tt.fastWeights != nil
            """), "true")
        XCTAssertEqual(result("AnalogTile(rows: 1, cols: 1).fastWeights"), "nil")
    }

    func testPresetSpellingsOfRam() {
        XCTAssertEqual(result("Preset.reramES.name"), "\"reRamES\"")
        XCTAssertEqual(result("Preset.ecramMO.name"), "\"ecRamMO\"")
        XCTAssertTrue(result("Preset.reramES.plotResponse()")?.contains("Figure") ?? false)
    }

    func testSeveralDevicesPerWeightInCells() {
        XCTAssertEqual(result("""
            let md = AnalogTile(rows: 2, cols: 2, config: .multiDevice(Preset.idealized, devices: 4), io: .perfect, seed: 1)
            md.weights = [[0.1, -0.1], [0.05, 0]]
            md.unitCellWeights!.count
            """), "4")
        XCTAssertEqual(result("md.unitCellWeights![3][0][0] == md.exactWeights[0][0]"), "true")
        XCTAssertEqual(result("TileConfig.ReRamSB2Preset.name"), "\"ReRamSB2Preset\"")
        XCTAssertEqual(result("AnalogTile(rows: 1, cols: 1).unitCellWeights"), "nil")
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2, config: .multiDevice(Preset.idealized, devices: 0))"),
                       "error: multiDevice takes 1…16 devices per weight, not 0")
    }

    func testToolkitValuesPlot() {
        XCTAssertTrue(result("let pt = AnalogTile(rows: 4, cols: 6)\npt.weights = [[1, 0, 0, 0, 0, -1], [0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0], [0, 0, 0, 1, 0, 0]]\npt.plot()")?.contains("Figure") ?? false)
        XCTAssertTrue(result("Preset.pcm.plot(pulses: 20, devices: 2)")?.contains("2 series") ?? false)
    }
}
