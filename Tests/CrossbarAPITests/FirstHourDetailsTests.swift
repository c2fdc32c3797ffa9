import XCTest
import Analog
import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// Issue 13, point 10: the small things a new user noticed.
final class FirstHourDetailsTests: XCTestCase {
    func testFloatsCrossIntoCellsAsTheirShortestDecimal() {
        XCTAssertEqual(Float(0.1).cellValue, .double(0.1))
        XCTAssertEqual(Float(0.032357767).cellValue, .double(0.032357767))
        let session = CellSession()
        XCTAssertEqual(session.result("Dataset.blobs(samples: 3, classes: 2, seed: 1).sample(0).map { \"\\($0)\".count < 12 }"), "[true, true]")
    }

    func testDurationsUseCalendarUnits() {
        XCTAssertEqual(NumberFormat.withUnit(3600, unit: "s"), "1 h")
        XCTAssertEqual(NumberFormat.withUnit(86_400, unit: "s"), "1 day")
        XCTAssertEqual(NumberFormat.withUnit(2_592_000, unit: "s"), "30 days")
        XCTAssertEqual(NumberFormat.withUnit(31_536_000, unit: "s"), "1 year")
        XCTAssertEqual(NumberFormat.withUnit(90, unit: "s"), "1.5 min")
        XCTAssertEqual(NumberFormat.withUnit(20, unit: "s"), "20 s")
        XCTAssertEqual(NumberFormat.withUnit(0.03074, unit: "s"), "30.74 ms")
    }

    func testLogAxesEndNearTheData() throws {
        var fig = try Figure()
        try fig.axes[0].line(x: [1, 4, 16, 64, 256, 1024], y: [1, 2, 3, 4, 5, 6])
        fig.axes[0].xScale = .log
        let svg = try fig.svg()
        XCTAssertTrue(svg.contains(">1000<"), "the 1000 tick is drawn")
        XCTAssertFalse(svg.contains(">10000<") || svg.contains(">10⁴<"), "the axis stops near 1024 instead of running to 10⁴")
    }

    func testTextCellsAreLeftAlignedInHTML() throws {
        let table = try Table(columns: [Column("device", [.string("PCM")]), Column("error", [.double(0.5)])])
        let html = try XCTUnwrap(table.mimeBundle.data["text/html"].flatMap { if case .string(let s) = $0 { s } else { nil } })
        XCTAssertTrue(html.contains("<td class=\"text\">PCM</td>"))
        XCTAssertTrue(html.contains("td.text{text-align:left}"))
    }

    func testConfigSummariesSayWhatTheyHold() throws {
        XCTAssertEqual(TileConfig.inference().summary, "Inference tile: default IO, PCM programming noise and drift")
        XCTAssertFalse(TileConfig.inference(io: .standardHWA).summary.contains("default IO"))
        let tt = try TileConfig.tikiTaka(.reRamSB, transferEvery: 2, readsPerTransfer: 3)
        XCTAssertTrue(tt.training.summary.contains("3 column reads per transfer"), tt.training.summary)
        let session = CellSession()
        XCTAssertEqual(session.result(".inference(noise: .pcm, io: .standardHWA).summary")?.contains("default IO"), false)
    }

    func testCompletionAndKernelInfo() {
        let session = CellSession()
        XCTAssertFalse(session.interpreter.complete("Dataset.", cursorPosition: 8).matches.contains("init"), "Dataset has no initializer")
        XCTAssertTrue(session.interpreter.complete("AnalogTile.", cursorPosition: 11).matches.contains("init"))
        XCTAssertTrue(CrossbarKernelInterpreter().kernelInfo.helpLinks.isEmpty, "no links to a site that does not exist")
    }

    /// Issue 13, point 9: `AnalogTile?` and `?AnalogTile` show help as IPython's `?` does.
    func testQuestionMarksAskForHelp() {
        let session = CellSession()
        for cell in ["AnalogTile?", "?AnalogTile", "AnalogTile??", "  Preset.pcm?  "] {
            session.host.pages.removeAll()
            guard case .success = session.run(cell) else { return XCTFail(cell) }
            XCTAssertEqual(session.host.pages.count, 1, cell)
        }
        XCTAssertTrue(session.host.pages.first?.plainText?.contains("device presets") ?? false)
        XCTAssertNil(Interpreter.helpRequest("x ? 1 : 2"))
        XCTAssertNil(Interpreter.helpRequest("?x?"))
        XCTAssertNil(Interpreter.helpRequest("let y = 3"))
        XCTAssertEqual(Interpreter.helpRequest("tile.forward?"), "tile.forward")
    }
}

/// Issue 13, point 2 (in part): every IO field settable from a cell, an IOParameters value, and a
/// wrong label answered with the labels that exist.
final class IOFromCellsTests: XCTestCase {
    let session = CellSession()
    func result(_ code: String) -> String? { session.result(code) }

    func testIOParametersValuesAndEveryFieldOnATile() {
        XCTAssertEqual(result("let io = IOParameters(inpBits: 6, outBits: 8, outNoise: 0.02)\n[io.inpBits, io.outBits]"), "[6, 8]")
        XCTAssertEqual(result("io.outNoise"), "0.02")
        XCTAssertEqual(result("AnalogTile(rows: 4, cols: 4, io: io).outBits"), "8")
        XCTAssertEqual(result("let t = AnalogTile(rows: 4, cols: 4)\nt.noiseManagement = .none; t.boundManagement = .none; t.inpRes = 1.0 / 62\nt.inpBits"), "6")
        XCTAssertEqual(result("t.noiseManagement"), ".none")
        XCTAssertEqual(result("t.io.summary"), #""6-bit DAC ±1.0, 9-bit ADC ±12.0, out noise 0.06, NM none, BM none""#)
        XCTAssertEqual(result("t.inpStochasticRounding = true\nt.inpStochasticRounding"), "true")
        XCTAssertEqual(result("t.noiseManagement = .loud"), "error: unknown noiseManagement .loud; use .none, .absMax, .max or .constant")
        XCTAssertEqual(result("t.outBound = -1")?.hasPrefix("error:"), true)
        XCTAssertEqual(result("t.outBound"), "12.0", "a refused value leaves the IO as it was")
        XCTAssertEqual(result("IOParameters(base: .standard, noiseManagement: .constant, nmThreshold: 1).nmThreshold"), "1.0")
    }

    func testAWrongLabelListsTheLabelsThatExist() {
        let message = result("TileConfig.standardHWA.with(clipSigma: 1)") ?? ""
        XCTAssertTrue(message.hasPrefix("error: incorrect argument label in call (have 'clipSigma:'"), message)
        XCTAssertTrue(message.contains("with takes with(inpBits:outBits:outNoise:"), message)
        XCTAssertTrue(result("IOParameters(inBits: 6)")?.contains("IOParameters takes IOParameters(base:perfect:inpBits:") ?? false)
    }
}

/// Issue 13, point 2 (in part): clip, remap and tile size from a cell.
final class ConfigFromCellsTests: XCTestCase {
    let session = CellSession()
    func result(_ code: String) -> String? { session.result(code) }

    func testClipRemapAndTileSize() {
        XCTAssertEqual(result("""
            let c = TileConfig.standardHWA.with(clip: .layerGaussian(sigma: 2), remap: .layerwiseSymmetric, maxTileSize: 256)
            c.table.column("value")
            """)?.contains("layerGaussian (value -1.0, σ 2.0)"), true)
        XCTAssertEqual(result("c.table.column(\"value\")")?.contains("layerwiseSymmetric"), true)
        XCTAssertEqual(result("AnalogLinear(in: 300, out: 300, config: c).tiles.count"), "4")
        XCTAssertEqual(result("TileConfig.inference().with(clip: .fixedValue(0.5), maxInputSize: 100).table.column(\"value\")")?
            .contains("fixedValue (value 0.5"), true)
        XCTAssertEqual(result("TileConfig.inference().with(clip: .sometimes)"),
                       "error: clip: takes .none, .fixedValue(1), .layerGaussian(sigma: 2) or .averageChannelMax")
        XCTAssertEqual(result("TileConfig.inference().with(maxTileSize: 0)"), "error: tile sizes must be at least 1, not 0")
        XCTAssertEqual(result("TileConfig.standardHWA.with(learnOutputScales: false).table.column(\"value\")")?.contains("output scales fixed"), true)
    }

    /// The whole IO, the input range and the pulsed update, as AIHWKit's tutorials set them.
    func testIOInputRangeAndUpdate() {
        XCTAssertNil(session.outcome("""
            let io = IOParameters(inpRes: 1.0 / 254, outRes: 1.0 / 254, inpBound: 1, outBound: 10, outNoise: 0.04,
                                  noiseManagement: .none, boundManagement: .none)
            let hwa = TileConfig.inference(noise: .pcm, io: io).with(inputRange: true, inputRangeInitFromData: 50,
                inputRangeInitStdAlpha: 3, inputRangeDecay: 0.01, inputRangeMinPercentage: 0.995, learnInputRange: false)
            """).ename)
        XCTAssertEqual(result("hwa.forward.outBound"), "10.0")
        XCTAssertEqual(result("hwa.forward.noiseManagement"), ".none")
        XCTAssertEqual(result("hwa.table.column(\"value\")")?.contains("initial 3.0, from 50 batches at 3.0σ, decay 0.01 while 0.995 fit, fixed"), true)
        XCTAssertEqual(result("hwa.backward.perfect"), "true")
        XCTAssertEqual(result("TileConfig.inference().with(inputRangeDecay: -1)"),
                       "error: the input range needs a positive initial value and σ multiple, initFromData ≥ 0, decay ≥ 0 and a percentage in 0…1")
        XCTAssertEqual(result("""
            let device = TileConfig.singleDevice(Preset.reRamSB).with(backward: IOParameters(outNoise: 0.1), desiredBL: 10, updateManagement: false)
            device.backward.outNoise
            """), "0.1")
        XCTAssertEqual(result("device.table.column(\"value\")")?.contains("desired BL 10, update management off, BL management on"), true)
        XCTAssertEqual(result("TileConfig.singleDevice(Preset.reRamSB).with(desiredBL: 0)"),
                       "error: the update needs desiredBL in 1…1000 and a positive gradient scale, not 0")
        XCTAssertEqual(result("let t = AnalogTile(rows: 4, cols: 4)\nt.backwardIO = IOParameters(outNoise: 0.2)\nt.backwardIO.outNoise"), "0.2")
    }
}
