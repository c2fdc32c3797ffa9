import Display
import XCTest
@testable import Analog

/// The studies, figures and seams that live in the library (callable from plain Swift), and the
/// kinds its errors carry.
final class StudiesAndSeamsTests: XCTestCase {
    func programmedTile(_ config: TileConfig = .inference(), seed: UInt64 = 3) throws -> AnalogTile {
        let tile = try AnalogTile(rows: 32, cols: 48, config: config, seed: seed)
        var rng = Philox(seed: 9)
        try tile.setWeights(try Tensor.uniform(rows: 32, cols: 48, lower: -0.5, upper: 0.5, rng: &rng))
        return tile
    }

    func testMVMErrorIsZeroForAPerfectTileAndGrowsWithNoise() throws {
        let perfect = try programmedTile(.floatingPoint)
        XCTAssertEqual(try perfect.mvmError(samples: 20), 0, accuracy: 1e-6)
        let noisy = try programmedTile()
        noisy.forwardIO.outNoise = 0.2
        XCTAssertGreaterThan(try noisy.mvmError(samples: 20), 0.01)
        XCTAssertThrowsError(try noisy.mvmError(samples: 0)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .configuration) }
    }

    func testTileDriftStudyTableGrowsWithTimeAndCallsBack() throws {
        let tile = try programmedTile()
        var calls = 0
        let table = try tile.driftStudy(times: [1, 3600, 31_536_000], samples: 20, compensateDrift: false) { _ in calls += 1 }
        XCTAssertEqual(calls, 3)
        XCTAssertEqual(table.columnNames, ["time", "error", "compensation"])
        let errors = try table.column("error").values.compactMap(\.number)
        XCTAssertEqual(errors.count, 3)
        XCTAssertLessThan(errors[0], errors[2], "uncompensated PCM drift lowers the outputs over a year")
        XCTAssertEqual(try table.column("compensation").values.compactMap(\.number), [1, 1, 1])
    }

    func testDriftErrorStudyMarksTimesAModelHasNoDataFor() throws {
        var rng = Philox(seed: 5)
        let w = try Tensor.normal(rows: 16, cols: 16, std: 0.3, rng: &rng).clipped(to: 1)
        let x = try Tensor.normal(rows: 8, cols: 16, rng: &rng).clipped(to: 1)
        let pcm = try AnalogLinear.driftErrorStudy(config: .inference(), weights: w, inputs: x, times: [0, 86_400], repeats: 2)
        XCTAssertEqual(pcm.count, 2)
        XCTAssertTrue(pcm.allSatisfy { ($0 ?? 0) > 0 })
        let wan = try AnalogLinear.driftErrorStudy(config: .inference(noise: .reramWan2022(ReRAMWan2022Noise())), weights: w, inputs: x,
                                                   times: [86_400, 3600], repeats: 2)
        XCTAssertNotNil(wan[0])
        XCTAssertNil(wan[1], "Wan 2022 is measured at 1 s, 1 day and 2 days only")
        let exact = try AnalogLinear.driftErrorStudy(config: .floatingPoint, weights: w, inputs: x, times: [0], repeats: 1, programs: false)
        XCTAssertEqual(try XCTUnwrap(exact[0]), 0, accuracy: 1e-6)
    }

    func testFiguresAreBuiltInTheLibrary() throws {
        let tile = try programmedTile()
        XCTAssertEqual(try tile.weightsFigure().title, "Tile weights (32×48)")
        XCTAssertTrue(try tile.errorHistogram(samples: 10).title?.hasPrefix("Analog read errors") ?? false)
        XCTAssertThrowsError(try tile.conductanceFigure()) { XCTAssertEqual(($0 as? AnalogError)?.kind, .state) }
        try tile.program()
        XCTAssertEqual(try tile.conductanceFigure().axes.count, 2)
        let response = try DevicePreset.reRamES.responseFigure(pulses: 20, devices: 2)
        XCTAssertEqual(response.axes[0].series.count, 2)
        XCTAssertThrowsError(try DevicePreset.reRamES.responseFigure(devices: 21)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .device) }
    }

    func testConvertToAnalogPlacesLayersOneByOne() throws {
        let model = try Sequential([try Linear(inputs: 4, outputs: 8, seed: 1), Activation(.relu), try Linear(inputs: 8, outputs: 3, seed: 2)])
        let mixed = try convertToAnalog(model, config: .inference(), placements: [2: .digital])
        XCTAssertTrue(mixed.layers[0] is AnalogLinear)
        XCTAssertTrue(mixed.layers[2] is Linear)
        XCTAssertFalse(mixed.layers[2] === model.layers[2], "converted models share no layers")
        XCTAssertEqual((mixed.layers[2] as? Linear)?.weights, (model.layers[2] as? Linear)?.weights)
        let twoConfigs = try convertToAnalog(model, config: .inference(), placements: [2: .analog(.floatingPoint)])
        XCTAssertEqual(twoConfigs.layers[0].tiles.first?.config.name, TileConfig.inference().name)
        XCTAssertEqual(twoConfigs.layers[2].tiles.first?.config.name, TileConfig.floatingPoint.name)
        let back = try convertToAnalog(mixed, config: .inference(), placements: [0: .digital])
        XCTAssertTrue(back.layers[0] is Linear, "an analog layer placed digital comes back to floating point")
        XCTAssertThrowsError(try convertToAnalog(model, config: .inference(), placements: [3: .digital])) {
            XCTAssertEqual(($0 as? AnalogError)?.kind, .configuration)
        }
    }

    func testSummaryDefaultsToTheSamplesTheModelLastSaw() throws {
        let model = try Sequential([Flatten(), try Linear(inputs: 256, outputs: 10, seed: 1)])
        XCTAssertThrowsError(try model.summary()) { XCTAssertEqual(($0 as? AnalogError)?.kind, .state) }
        let data = try Dataset.digits(samples: 20, seed: 1)
        _ = try model.evaluate(data)
        XCTAssertEqual(model.sampleShape, [1, 16, 16])
        XCTAssertEqual(try model.summary().title, "Model summary (input 1×16×16)")
        XCTAssertEqual(try convertToAnalog(model, config: .inference()).sampleShape, [1, 16, 16])
    }

    func testStudyTablesCarryTheirDefaultPlotAndDerivedTablesDropIt() throws {
        let model = try Sequential([try Linear(inputs: 2, outputs: 3, seed: 1)])
        let data = try Dataset.blobs(samples: 30, classes: 3, seed: 1)
        let history = try Sequential.historyTable(try model.fit(data, options: { var o = FitOptions(); o.epochs = 2; return o }()))
        XCTAssertEqual(history.defaultPlot?.y, ["train accuracy"])
        XCTAssertNil(history.head(1).defaultPlot)
        let analog = try convertToAnalog(model, config: .inference())
        let drift = try analog.driftStudyTable(data, times: [1, 3600], repeats: 2)
        XCTAssertEqual(drift.defaultPlot?.logX, true)
        XCTAssertEqual(try drift.defaultPlot?.figure(drift).axes[0].xScale, .log)
    }

    func testConfigChangesFromPlainSwift() throws {
        let c = try TileConfig.floatingPoint.with(inpBits: 8, outNoise: 0.1, modifier: .addNormal, modifierStd: 0.05)
        XCTAssertFalse(c.forward.isPerfect, "an IO setting makes reads go through the IO")
        XCTAssertEqual(c.forward.inpRes, 1 / 254)
        XCTAssertEqual(c.forward.outNoise, 0.1)
        XCTAssertEqual(c.modifier.kind, .addNormal)
        XCTAssertEqual(c.modifier.stdDev, 0.05)
        XCTAssertEqual(c.name, TileConfig.floatingPoint.name + " (modified)")
        XCTAssertTrue(try TileConfig.inference().with(compensateDrift: false).forward == TileConfig.inference().forward)
        XCTAssertThrowsError(try TileConfig.floatingPoint.with(drift: 2)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .configuration) }
        XCTAssertThrowsError(try IOParameters.resolution(bits: 1, name: "inpBits")) {
            XCTAssertEqual(($0 as? AnalogError)?.message, "inpBits takes 0 (no quantization) or 2…24")
        }
        XCTAssertEqual(IOParameters.converterBits(try IOParameters.resolution(bits: 9)), 9)
        let tt = try TileConfig.tikiTaka(.reRamSB, transferEvery: 2, readsPerTransfer: 3)
        guard case .tikiTaka(_, let parameters) = tt.training else { return XCTFail("not a Tiki-Taka config") }
        XCTAssertEqual(parameters.transferEvery, 2)
        XCTAssertEqual(parameters.readsPerTransfer, 3)
        XCTAssertThrowsError(try TileConfig.tikiTaka(.reRamSB, transferEvery: 0))
    }

    func testErrorsCarryTheirKind() throws {
        let a = try Tensor(rows: 2, cols: 3, values: Array(repeating: 1, count: 6))
        XCTAssertThrowsError(try a.matmul(a)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .shape) }
        let tile = try AnalogTile(rows: 2, cols: 2, config: .inference(), seed: 1)
        XCTAssertThrowsError(try tile.drift(to: 10)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .state) }
        XCTAssertThrowsError(try Dataset.idx(images: "/nonexistent", labels: "/nonexistent")) {
            XCTAssertEqual(($0 as? AnalogError)?.kind, .dataFile)
            XCTAssertEqual(($0 as? AnalogError)?.kind.errorName, "DataFileError")
        }
    }
}

/// Issue 13, point 5: a model trained in situ on devices keeps its devices' state.
final class DeviceTrainedModelTests: XCTestCase {
    func deviceModel() throws -> (Sequential, Dataset) {
        let data = try Dataset.blobs(samples: 60, classes: 3, seed: 4)
        let model = try Sequential([try AnalogLinear(inputs: 2, outputs: 3, config: .singleDevice(.reRamSB), seed: 1)])
        return (model, data)
    }

    func testDeviceConfigsHaveNoInferenceNoiseAndAreNotReprogrammed() throws {
        XCTAssertEqual(TileConfig.singleDevice(.reRamSB).noise, InferenceNoise.none)
        XCTAssertEqual(TileConfig.tikiTaka(.reRamSB).noise, InferenceNoise.none)
        XCTAssertEqual(TileConfig.mixedPrecision(.reRamSB).noise, InferenceNoise.none)
        XCTAssertEqual(TileConfig.multiDevice(.reRamSB).noise, InferenceNoise.none)
        let (model, data) = try deviceModel()
        var options = FitOptions()
        options.epochs = 1
        _ = try model.fit(data, options: options)
        let before = try model.evaluate(data).accuracy
        XCTAssertThrowsError(try model.program()) { error in
            XCTAssertEqual((error as? AnalogError)?.kind, .state)
            XCTAssertTrue((error as? AnalogError)?.message.contains("convertToAnalog(model, config: .inference") ?? false)
        }
        XCTAssertThrowsError(try model.drift(to: 86_400)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .state) }
        XCTAssertEqual(try model.evaluate(data).accuracy, before, "the devices' state is untouched")
        let copied = try convertToAnalog(model, config: .inference(noise: .pcm(PCMLikeNoise())))
        try copied.program()
        try copied.drift(to: 86_400)
    }

    func testMomentumOnDeviceTilesIsRefusedNotIgnored() throws {
        let (model, data) = try deviceModel()
        var options = FitOptions()
        options.epochs = 1
        options.momentum = 0.9
        XCTAssertThrowsError(try model.fit(data, options: options)) { XCTAssertEqual(($0 as? AnalogError)?.kind, .configuration) }
        options.momentum = 0
        options.weightDecay = 0.01
        XCTAssertThrowsError(try model.fit(data, options: options))
        options.weightDecay = 0
        XCTAssertEqual(try model.fit(data, options: options).count, 1)
    }
}
