import XCTest
@testable import Analog

/// Training digital and analog networks, datasets, summaries and conversion.
final class TrainingTests: XCTestCase {
    func testDigitalMLPLearnsBlobs() throws {
        let data = try Dataset.blobs(samples: 900, classes: 3, spread: 1.2, seed: 1)
        let (train, test) = try data.split(0.8, seed: 2)
        let model = try Sequential([Linear(inputs: 2, outputs: 16, seed: 1), Activation(.relu), Linear(inputs: 16, outputs: 3, seed: 2)])
        var options = FitOptions()
        options.epochs = 10
        options.lr = 0.1
        options.momentum = 0.9
        let history = try model.fit(train, test: test, options: options)
        XCTAssertEqual(history.count, 10)
        XCTAssertLessThan(history.last!.loss, history.first!.loss)
        XCTAssertGreaterThan(try XCTUnwrap(history.last?.testAccuracy), 0.95)
        XCTAssertEqual(try Sequential.historyTable(history).rowCount, 10)
    }

    func testTrainingIsReproducibleAndInterruptible() throws {
        func run() throws -> [Float] {
            let data = try Dataset.spirals(samples: 200, seed: 3)
            let model = try Sequential([Linear(inputs: 2, outputs: 8, seed: 4), Activation(.tanh), Linear(inputs: 8, outputs: 2, seed: 5)])
            var options = FitOptions()
            options.epochs = 2
            _ = try model.fit(data, options: options)
            return try model.predict(data.inputs, shape: [2]).values
        }
        XCTAssertEqual(try run(), try run(), "same seeds, same numbers")
        struct Stop: Error {}
        let model = try Sequential([Linear(inputs: 2, outputs: 2)])
        var seen = 0
        XCTAssertThrowsError(try model.fit(try Dataset.blobs(samples: 100, classes: 2, seed: 1), onBatch: { p in
            seen = p.batch
            if p.batch == 2 { throw Stop() }
        }))
        XCTAssertEqual(seen, 2, "training stops at the batch that threw")
    }

    func testCNNLearnsSyntheticDigits() throws {
        let data = try Dataset.digits(samples: 3000, seed: 7)
        let (train, test) = try data.split(0.8, seed: 8)
        let model = try Sequential([
            Conv2d(inChannels: 1, outChannels: 8, kernel: 3, padding: 1, seed: 1), Activation(.relu), Pool2d(.max, kernel: 2),
            Conv2d(inChannels: 8, outChannels: 16, kernel: 3, padding: 1, seed: 2), Activation(.relu), Pool2d(.max, kernel: 2),
            Flatten(), Linear(inputs: 256, outputs: 10, seed: 3),
        ])
        var options = FitOptions()
        options.epochs = 6
        options.lr = 0.05
        options.momentum = 0.9
        options.batchSize = 32
        let history = try model.fit(train, test: test, options: options)
        XCTAssertGreaterThan(try XCTUnwrap(history.last?.testAccuracy), 0.95, "\(history.map { $0.testAccuracy ?? 0 })")
    }

    func testAnalogTrainingAndInferenceLifeCycle() throws {
        let data = try Dataset.blobs(samples: 600, classes: 3, spread: 1, seed: 4)
        let (train, test) = try data.split(0.8, seed: 5)
        // Hardware-aware training with the standard HWA tile config.
        let model = try Sequential([AnalogLinear(inputs: 2, outputs: 16, config: .standardHWA, seed: 1), Activation(.relu),
                                    AnalogLinear(inputs: 16, outputs: 3, config: .standardHWA, seed: 2)])
        var options = FitOptions()
        options.epochs = 8
        options.lr = 0.1
        options.momentum = 0.9
        _ = try model.fit(train, test: test, options: options)
        XCTAssertGreaterThan(try model.evaluate(test).accuracy, 0.95)
        // Channel-wise remapping kept every row of the analog weights at full range.
        for tile in model.tiles { XCTAssertEqual(tile.weights.rowAbsMax.max() ?? 0, 1, accuracy: 1e-5) }
        let study = try model.driftStudy(test, times: [1, 86_400], repeats: 3)
        XCTAssertEqual(study.count, 2)
        XCTAssertGreaterThan(study[0].mean, 0.9)
        // In-situ training on devices goes through the same fit.
        let insitu = try Sequential([AnalogLinear(inputs: 2, outputs: 3, config: .singleDevice(.idealized), seed: 3)])
        options.epochs = 3
        options.momentum = 0
        let before = try insitu.evaluate(test).accuracy
        _ = try insitu.fit(train, options: options)
        XCTAssertGreaterThan(try insitu.evaluate(test).accuracy, Swift.max(before, 0.8))
    }

    func testLargeLayersSplitOverTilesAndSummaries() throws {
        let layer = try AnalogLinear(inputs: 600, outputs: 300, config: .inference(), seed: 1)
        XCTAssertEqual(layer.tiles.count, 2)
        XCTAssertEqual(layer.tileGrid.cols, 2)
        XCTAssertEqual(layer.tiles.map(\.cols), [512, 88])
        let model = try Sequential([Flatten(), layer, Activation(.relu), Linear(inputs: 300, outputs: 10)])
        let summary = try model.summary(inputShape: [1, 20, 30])
        XCTAssertEqual(summary.rowCount, 5)
        XCTAssertEqual(try summary.column("analog params").values[1], .int(180_000))
        XCTAssertEqual(try summary.column("digital params").values[3], .int(3010))
        XCTAssertThrowsError(try model.summary(inputShape: [5])) { error in
            XCTAssertTrue("\(error)".contains("layer 1 (AnalogLinear)"), "\(error)")
        }
    }

    func testConversionKeepsTheFunction() throws {
        let digital = try Sequential([
            Conv2d(inChannels: 1, outChannels: 2, kernel: 3, seed: 1), Activation(.relu), Flatten(), Linear(inputs: 2 * 4 * 4, outputs: 3, seed: 2),
        ])
        var rng = Philox(seed: 3)
        let x = try Batch(try Tensor.normal(rows: 4, cols: 36, rng: &rng), shape: [1, 6, 6])
        let exact = try digital.forward(x).values
        let analog = try convertToAnalog(digital, config: .floatingPoint)
        XCTAssertEqual(analog.tiles.count, 2)
        XCTAssertLessThan(try analog.forward(x).values.relativeError(to: exact), 1e-5)
        let noisy = try convertToAnalog(digital, config: .inference())
        // One noisy read of this tiny model is off by 0.2–0.8 (relative, over input draws); the mean
        // of 25 reads keeps the noise's 1/5 and the converters' rounding.
        let error = try noisy.forward(x).values.relativeError(to: exact)
        XCTAssertGreaterThan(error, 1e-4)
        var mean = try Tensor(rows: exact.rows, cols: exact.cols)
        for _ in 0..<25 { mean = try mean.adding(try noisy.forward(x).values.scaled(by: 1 / 25)) }
        XCTAssertLessThan(try mean.relativeError(to: exact), 0.25)
        XCTAssertLessThan(try convertToDigital(noisy).forward(x).values.relativeError(to: exact), 1e-5)
    }

    func testDatasetsAreDeterministicAndChecked() throws {
        XCTAssertEqual(try Dataset.digits(samples: 50, seed: 1).inputs, try Dataset.digits(samples: 50, seed: 1).inputs)
        XCTAssertNotEqual(try Dataset.digits(samples: 50, seed: 1).inputs, try Dataset.digits(samples: 50, seed: 2).inputs)
        let digits = try Dataset.digits(samples: 100, seed: 3)
        XCTAssertEqual(digits.classCounts, Array(repeating: 10, count: 10))
        XCTAssertEqual(digits.shape, [1, 16, 16])
        XCTAssertTrue(digits.inputs.values.allSatisfy { (0...1).contains($0) })
        XCTAssertEqual(try Dataset.blobs(seed: 4).inputs, try Dataset.blobs(seed: 4).inputs)
        let (a, b) = try digits.split(0.7, seed: 1)
        XCTAssertEqual([a.count, b.count], [70, 30])
        XCTAssertThrowsError(try Dataset(name: "x", inputs: try Tensor(rows: 0, cols: 2), labels: []))
        XCTAssertThrowsError(try Dataset(name: "x", inputs: try Tensor(rows: 2, cols: 2), labels: [0]))
        XCTAssertThrowsError(try Dataset(name: "x", inputs: try Tensor(rows: 2, cols: 2), labels: [0, 3], classNames: ["a", "b"])) { error in
            XCTAssertEqual("\(error)", "label 3 is outside the classes 0…1")
        }
        XCTAssertThrowsError(try Dataset(name: "x", inputs: try Tensor(rows: 2, cols: 4), labels: [0, 1], shape: [1, 3, 3]))
        XCTAssertThrowsError(try digits.split(1))
    }
}

/// The HWA weight modifier perturbs training reads only, and updates reach the clean weights.
final class WeightModifierTrainingTests: XCTestCase {
    func testModifierNoiseInTrainingReadsOnly() throws {
        var config = TileConfig.floatingPoint
        config.modifier = WeightModifier(.addNormal, stdDev: 0.1)
        let layer = try AnalogLinear(inputs: 64, outputs: 8, bias: false, config: config, seed: 1)
        var rng = Philox(seed: 2)
        let x = try Batch(try Tensor.normal(rows: 16, cols: 64, rng: &rng))
        let clean = try layer.forward(x, training: false).values
        let noisy = try layer.forward(x, training: true).values
        let error = try noisy.relativeError(to: clean)
        XCTAssertGreaterThan(error, 0.05, "training reads see the modifier's noise")
        let before = layer.weights
        _ = try layer.backward(try Batch(try Tensor(rows: 16, cols: 8)))
        try layer.step(StepSettings(lr: 0.1))
        XCTAssertEqual(layer.weights, before, "a zero gradient leaves the clean weights exactly as they were")
        XCTAssertEqual(try layer.forward(x, training: false).values, clean, "inference reads see the clean weights again")
    }
}
