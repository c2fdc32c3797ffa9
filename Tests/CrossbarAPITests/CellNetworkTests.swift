import XCTest
import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// Datasets, layers and models as cells use them.
final class CellNetworkTests: XCTestCase {
    let session = CellSession()
    func result(_ code: String) -> String? { session.result(code) }

    func testDatasetsInCells() {
        XCTAssertEqual(result("let d = Dataset.digits(samples: 100, seed: 1)\nd.shape"), "[1, 16, 16]")
        XCTAssertEqual(result("d.classCounts"), "[10, 10, 10, 10, 10, 10, 10, 10, 10, 10]")
        XCTAssertEqual(result("let (tr, te) = d.split(0.8)\n[tr.count, te.count]"), "[80, 20]")
        XCTAssertEqual(result("Dataset.digits(samples: 5, seed: 3).sample(0) == Dataset.digits(samples: 5, seed: 3).sample(0)"), "true")
        XCTAssertTrue(result("d.preview(count: 16)")?.contains("Figure") ?? false)
        XCTAssertTrue(result("Dataset.spirals(samples: 50).preview()")?.contains("2 series") ?? false)
        XCTAssertEqual(result("Dataset.keywords(samples: 12).shape"), "[1, 16, 24]")
        XCTAssertEqual(result("d.split(1.5)"), "error: split takes a fraction strictly between 0 and 1, not 1.5")
        XCTAssertEqual(result("Dataset.blobs(samples: 0)"), "error: blobs needs samples > 0, 2…100 classes, 2…10000 features and spread ≥ 0")
        XCTAssertEqual(result("Dataset.csv(\"/nonexistent.csv\")")?.hasPrefix("error:"), true)
    }

    func testTrainingAModelInCells() {
        XCTAssertEqual(result("""
            let data = Dataset.blobs(samples: 300, classes: 3, seed: 2)
            let (train, test) = data.split(0.8)
            let model = Sequential([Linear(in: 2, out: 16, seed: 1), ReLU(), Linear(in: 16, out: 3, seed: 2)])
            let history = model.fit(train, epochs: 5, batchSize: 16, lr: 0.1, momentum: 0.9, test: test)
            history.columnNames
            """), #"["epoch", "loss", "train accuracy", "test accuracy", "seconds"]"#)
        XCTAssertEqual(result("model.evaluate(test) > 0.95"), "true")
        XCTAssertTrue(result("history.plot()")?.contains("2 series") ?? false)
        XCTAssertTrue(result("model.summary()")?.contains("Linear") ?? false)
        // A live progress bar: shown once, then updated in place to 100 %.
        let bars = session.host.displays.filter { ($0.0.plainText ?? "").contains("training") }
        XCTAssertFalse(bars.isEmpty)
        XCTAssertTrue(session.host.updates.contains { ($0.0.plainText ?? "").contains("100%") })
        XCTAssertEqual(result("model.fit(Dataset.blobs(samples: 30, classes: 5), epochs: 1)"),
                       "error: the model has 3 outputs but the dataset has 5 classes")
        XCTAssertEqual(result("model.fit(Dataset.digits(samples: 10), epochs: 1)"),
                       "error: layer 0 (Linear): Linear(2→16) gets samples of 256 values")
        XCTAssertEqual(result("model.fit(train, epochs: 0)"), "error: fit needs 1…1000000 epochs and batchSize ≥ 1")
        XCTAssertEqual(result("Sequential([1, 2])"), "error: Sequential takes an array of layers, e.g. [Linear(in: 2, out: 8), ReLU()]")
        XCTAssertEqual(result("Linear(in: 0, out: 3)"), "error: a Linear layer needs positive sizes, not 0→3")
    }

    func testAnalogModelsInCells() {
        XCTAssertEqual(result("""
            let d = Dataset.blobs(samples: 300, classes: 3, seed: 3)
            let (tr, te) = d.split(0.8)
            let fp = Sequential([Linear(in: 2, out: 8, seed: 1), ReLU(), Linear(in: 8, out: 3, seed: 2)])
            fp.fit(tr, epochs: 5, lr: 0.1, progress: false)
            let analog = convertToAnalog(fp, config: .standardHWA)
            analog.calibrateInputRanges(tr).count
            """), "2")
        XCTAssertEqual(result("analog.tiles.count"), "2")
        XCTAssertEqual(result("let study = analog.driftStudy(te, times: [1, 86400], repeats: 2, progress: false)\nstudy.columnNames"),
                       #"["time", "accuracy", "std"]"#)
        XCTAssertTrue(result("study.plot()")?.contains("Figure") ?? false)
        XCTAssertEqual(result("analog.program()\nanalog.drift(to: 3600)\nanalog.evaluate(te) > 0.8"), "true")
        XCTAssertTrue(result("analog.layers[0].tiles[0].plotConductances()")?.contains("2 panel") ?? false)
        XCTAssertTrue(result("analog.layers[0].tiles[0].plotErrors(samples: 20)")?.contains("Figure") ?? false)
        XCTAssertEqual(result("convertToDigital(analog).evaluate(te) == fp.evaluate(te)"), "true")
        XCTAssertEqual(result("fp.drift(to: 10)"), "error: the model has no analog tiles to drift (convert it with convertToAnalog)")
        XCTAssertEqual(result("""
            let conv = Sequential([AnalogConv2d(in: 1, out: 2, kernel: 3, config: .floatingPoint), Flatten(), AnalogLinear(in: 392, out: 10)])
            conv.summary(input: [1, 16, 16]).rowCount
            """), "4")
        XCTAssertEqual(result("AnalogLinear(in: 600, out: 4).tiles.count"), "2")
        XCTAssertTrue(result("plotResponse(device: Preset.ecRam, pulses: 20, devices: 2)")?.contains("2 series") ?? false)
        XCTAssertEqual(result("TileConfig.standardHWA.with(outBits: 4).name"), #""StandardHWATrainingPreset (modified)""#)
        // Device configs train in situ and, as AIHWKit's, carry no inference noise model to scale.
        XCTAssertEqual(result("TileConfig.singleDevice(Preset.pcm).with(drift: 2)"),
                       "error: programmingNoise:, readNoise: and drift: scale the PCM model; this config has no inference noise model")
        XCTAssertEqual(result("TileConfig.inference().with(drift: 2).name"), #""InferenceRPUConfig (modified)""#)
    }

    func testEveryLayerKindIsConstructible() {
        let layers = ["Linear(in: 3, out: 2)", "AnalogLinear(in: 3, out: 2)", "Conv2d(in: 1, out: 2, kernel: 3)",
                      "AnalogConv2d(in: 1, out: 2, kernel: 3)", "ReLU()", "Tanh()", "Sigmoid()", "Softmax()", "Flatten()",
                      "MaxPool2d(2)", "AvgPool2d(2, stride: 1)", "BatchNorm(4)", "Dropout(0.2)"]
        for l in layers { XCTAssertEqual(result("\(l).kind")?.hasPrefix("\""), true, l) }
        XCTAssertEqual(result("Dropout(1.0)"), "error: dropout needs a probability in 0 ≤ p < 1, not 1.0")
    }
}

/// docs/api.md is generated from the registry; it must say what `help(name)` says.
final class APIReferenceTests: XCTestCase {
    func testTheCommittedReferenceMatchesTheRegistry() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("docs/api.md"), encoding: .utf8)
        let generated = CrossbarRegistry.make().referenceMarkdown(title: "Cell API reference")
        XCTAssertEqual(committed, generated, "docs/api.md is stale: run `make api-docs`")
        for name in ["Sequential", "AnalogLinear", "Dataset", "TileConfig", "convertToAnalog", ".standardHWA", ".tikiTaka"] {
            XCTAssertTrue(generated.contains(name), name)
        }
    }
}

extension CellNetworkTests {
    func testModifierSettingInCells() {
        XCTAssertTrue(result("TileConfig.standardHWA.with(modifier: .addNormal, modifierStd: 0.06).table")?.contains("addNormal (std 0.06)") ?? false)
        XCTAssertEqual(result("TileConfig.standardHWA.with(modifier: .loud)")?.hasPrefix("error: modifier: takes"), true)
    }
}

extension CellNetworkTests {
    func testAbsurdSizesAreRefused() {
        XCTAssertEqual(result("AnalogLinear(in: 100000, out: 100000)"), "error: a 100000×100000 layer would need more than the memory budget of 4096 MiB")
        XCTAssertEqual(result("Linear(in: 100000, out: 100000)")?.hasPrefix("error: a 100000×100000 tensor would exceed"), true)
        XCTAssertEqual(result("MaxPool2d(0)"), "error: pooling needs a positive kernel and stride")
        XCTAssertEqual(result("Sequential([Conv2d(in: 1, out: 2, kernel: 5)]).summary(input: [1, 3, 3])")?.hasPrefix("error: layer 0 (Conv2d)"), true)
    }
}

/// What a review of the network code found, each kept from coming back.
final class NetworkEdgeCaseTests: XCTestCase {
    let session = CellSession()
    func result(_ code: String) -> String? { session.result(code) }

    func testALayerObjectCannotSitInTwoPlaces() {
        XCTAssertEqual(result("let act = ReLU()\nSequential([Linear(in: 2, out: 4), act, Linear(in: 4, out: 4), act])"),
                       "error: layer 3 (ReLU) appears twice in the model; make a new one for each place, e.g. ReLU() again")
    }

    func testHugeArgumentsAreErrorsNotTraps() {
        XCTAssertEqual(result("Conv2d(in: 1, out: 1, kernel: 1 << 32)"), "error: Conv2d needs kernel and stride in 1…4096 and padding in 0…4096")
        XCTAssertEqual(result("Sequential([Flatten()]).summary(input: [1 << 32, 1 << 32])"), "error: layer 0 (Flatten): samples of shape [4294967296, 4294967296] are too large")
        XCTAssertEqual(result("Dataset.blobs(samples: 1 << 62)")?.hasPrefix("error: blobs needs"), true)
        XCTAssertEqual(result("Dataset.spirals(samples: 1_000_000_000)")?.hasPrefix("error: spirals needs"), true)
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2, config: .tikiTaka(Preset.reRamSB, transferEvery: 1e300))")?.hasPrefix("error: tikiTaka needs"), true)
        XCTAssertEqual(result("TileConfig.standardHWA.with(inpBits: 1)"), "error: inpBits takes 0 (no quantization) or 2…24")
        XCTAssertEqual(result("let m = Sequential([Linear(in: 2, out: 3)])\nlet d = Dataset.blobs(samples: 30, classes: 3)\nm.fit(d, epochs: Int.max)"),
                       "error: fit needs 1…1000000 epochs and batchSize ≥ 1")
        XCTAssertEqual(result("m.fit(d, epochs: 1, batchSize: Int.max, progress: false).rowCount"), "1")
        XCTAssertEqual(result("Sequential([Conv2d(in: 1, out: 1, kernel: 3, padding: 4000)]).fit(Dataset.digits(samples: 4), epochs: 1)")?.hasPrefix("error:"), true)
    }

    func testDefaultSeedsDifferAndSeedRepeats() {
        XCTAssertEqual(result("Linear(in: 3, out: 3).weights == Linear(in: 3, out: 3).weights"), "false")
        XCTAssertEqual(result("seed(4)\nlet a = Linear(in: 3, out: 3).weights\nseed(4)\nlet b = Linear(in: 3, out: 3).weights\na == b"), "true")
    }

    func testConvertedModelsShareNoState() {
        XCTAssertEqual(result("""
            let d = Dataset.blobs(samples: 101, classes: 3, seed: 5)
            let fp = Sequential([Linear(in: 2, out: 8, seed: 1), BatchNorm(8), ReLU(), Linear(in: 8, out: 3, seed: 2)])
            fp.fit(d, epochs: 2, batchSize: 10, progress: false)
            let before = fp.evaluate(d)
            let analog = convertToAnalog(fp, config: .floatingPoint)
            analog.fit(d, epochs: 3, batchSize: 10, lr: 0.5, progress: false)
            fp.evaluate(d) == before
            """), "true", "training the copy leaves the original's BatchNorm alone (and a last batch of one sample joins the one before)")
        XCTAssertEqual(result("TileConfig.floatingPoint.with(compensateDrift: false).table")?.contains("perfect (exact product)"), true)
    }
}

extension NetworkEdgeCaseTests {
    func testInterruptingFitStopsAtABatchAndKeepsTheModel() {
        XCTAssertEqual(result("""
            let digits = Dataset.digits(samples: 2000, seed: 9)
            let net = Sequential([Flatten(), Linear(in: 256, out: 64, seed: 1), ReLU(), Linear(in: 64, out: 10, seed: 2)])
            net.evaluate(digits) < 0.5
            """), "true")
        let flag = session.interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { flag.raise() }
        guard case .failure(let e) = session.run("net.fit(digits, epochs: 100000, batchSize: 8)") else {
            return XCTFail("fit was not interrupted")
        }
        XCTAssertEqual(e.ename, "Interrupted")
        flag.reset()
        XCTAssertEqual(result("net.evaluate(digits) > 0.5"), "true", "the batches before the interrupt trained the model, which is still there")
    }
}
