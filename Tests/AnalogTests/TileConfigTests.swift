import XCTest
@testable import Analog

/// Tile configs: backward reads, floating-point updates with clipping and remapping, the named
/// configs, PiecewiseStep devices and mixed precision.
final class TileConfigTests: XCTestCase {
    func randomTensor(_ rows: Int, _ cols: Int, seed: UInt64, std: Float = 0.3) throws -> Tensor {
        var rng = Philox(seed: seed)
        return try Tensor.normal(rows: rows, cols: cols, std: std, rng: &rng).clipped(to: 1)
    }

    func testPerfectBackwardIsTheTransposedProduct() throws {
        let tile = try AnalogTile(rows: 5, cols: 7, config: .floatingPoint)
        let w = try randomTensor(5, 7, seed: 1)
        try tile.setWeights(w)
        let d = try randomTensor(3, 5, seed: 2, std: 1)
        let expected = try d.matmul(w)
        XCTAssertLessThan(try tile.backward(d).relativeError(to: expected), 1e-6)
        XCTAssertThrowsError(try tile.backward(try Tensor(rows: 3, cols: 7))) { error in
            XCTAssertTrue("\(error)".contains("backward takes 5 errors per sample"))
        }
    }

    func testBackwardHasItsOwnIO() throws {
        // Exact forward reads, noisy 7-bit/9-bit backward reads.
        let config = TileConfig(forward: .perfect, backward: IOParameters(), noise: .none)
        let tile = try AnalogTile(rows: 64, cols: 64, config: config, seed: 3)
        let w = try randomTensor(64, 64, seed: 4)
        try tile.setWeights(w)
        let x = try randomTensor(10, 64, seed: 5, std: 1)
        XCTAssertLessThan(try tile.forward(x).relativeError(to: x.matmul(w, transposeOther: true)), 1e-6)
        let backwardError = try tile.backward(x).relativeError(to: x.matmul(w))
        XCTAssertGreaterThan(backwardError, 0.01, "output noise 0.06 and the converters show in backward")
        XCTAssertLessThan(backwardError, 0.3)
    }

    func testFloatingPointUpdateIsExactSGDThenClipped() throws {
        var config = TileConfig.floatingPoint
        config.clip = WeightClip(.fixedValue, fixedValue: 0.5)
        let tile = try AnalogTile(rows: 2, cols: 2, config: config)
        try tile.setWeights(try Tensor([[0.1, 0.2], [0.3, 0.45]]))
        // W −= lr·dᵀx with x = [1, 0], d = [−1, 1]: row 0 rises by 0.1, row 1 falls by 0.1.
        try tile.update(x: try Tensor(vector: [1, 0]), d: try Tensor(vector: [-1, 1]), lr: 0.1)
        XCTAssertEqual(tile.weights.values, [0.2, 0.2, 0.2, 0.45].map { Float($0) }, accuracy: 1e-6)
        try tile.update(x: try Tensor(vector: [0, 1]), d: try Tensor(vector: [0, -1]), lr: 0.1)
        XCTAssertEqual(tile.weights[1, 1], 0.5, accuracy: 1e-6, "0.55 is clipped to the fixed value 0.5")
    }

    func testClipKinds() throws {
        let w = try Tensor([[1, -3], [0.5, 2]])
        XCTAssertEqual(WeightClip(.averageChannelMax).bound(for: w), 2.5)
        let mean: Float = 0.125
        let sd = ([1, -3, 0.5, 2].map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        XCTAssertEqual(try XCTUnwrap(WeightClip(.layerGaussian, sigma: 2).bound(for: w)), 2 * sd, accuracy: 1e-5)
        XCTAssertNil(WeightClip().bound(for: w))
        XCTAssertThrowsError(try WeightClip(.fixedValue, fixedValue: 0).validate())
    }

    func testChannelwiseRemapKeepsTheFunctionAndFillsTheRange() throws {
        var config = TileConfig.floatingPoint
        config.remap = WeightRemap(.channelwiseSymmetric)
        let tile = try AnalogTile(rows: 3, cols: 4, config: config)
        let w = try Tensor([[0.1, -0.2, 0.05, 0], [0.8, 0.4, -0.4, 0.2], [0, 0, 0, 0]])
        try tile.setWeights(w)
        XCTAssertEqual(tile.weights.rowAbsMax, [1, 1, 0], "each row fills ±1 on the devices")
        XCTAssertEqual(try XCTUnwrap(tile.outputScales), [0.2, 0.8, 1].map { Float($0) }, accuracy: 1e-6)
        XCTAssertLessThan(try tile.logicalWeights.relativeError(to: w), 1e-6)
        let x = try randomTensor(2, 4, seed: 6, std: 1)
        XCTAssertLessThan(try tile.forward(x).relativeError(to: x.matmul(w, transposeOther: true)), 1e-6)
        let d = try randomTensor(2, 3, seed: 7, std: 1)
        XCTAssertLessThan(try tile.backward(d).relativeError(to: d.matmul(w)), 1e-6)
    }

    func testRemappingHelpsSmallRowsUnderProgrammingNoise() throws {
        // One row of small weights next to a row of large ones: layer-wise mapping gives the small
        // row a sliver of the conductance range, channel-wise remapping the full range.
        func error(_ remap: WeightRemap) throws -> Float {
            var config = TileConfig.inference()
            config.forward = .perfect
            config.remap = remap
            var total: Float = 0
            for seed in 0..<5 {
                let tile = try AnalogTile(rows: 2, cols: 256, config: config, seed: UInt64(seed))
                var values = try randomTensor(2, 256, seed: 8, std: 0.3).values
                for j in 0..<256 { values[j] *= 0.05 }
                let w = try Tensor(rows: 2, cols: 256, values: values)
                try tile.setWeights(w)
                try tile.program(compensateDrift: false)
                let smallRow = try Tensor(rows: 1, cols: 256, values: Array(w.values[0..<256]))
                let read = try Tensor(rows: 1, cols: 256, values: Array(tile.logicalReadWeights.values[0..<256]))
                total += try read.relativeError(to: smallRow)
            }
            return total / 5
        }
        let layerwise = try error(WeightRemap())
        let channelwise = try error(WeightRemap(.channelwiseSymmetric))
        XCTAssertLessThan(channelwise * 3, layerwise, "layer-wise \(layerwise), channel-wise \(channelwise)")
    }

    func testNamedConfigsCarryAIHWKitNames() throws {
        let names = TileConfig.all.map(\.name)
        XCTAssertEqual(Set(names).count, names.count, "names are unique")
        for expected in ["FloatingPointPreset", "InferenceRPUConfig", "StandardHWATrainingPreset", "ReRamESPreset",
                         "TikiTakaReRamSBPreset", "MixedPrecisionGokmenVlasovPreset", "PCMPreset", "EcRamMOPreset"] {
            XCTAssertTrue(names.contains(expected), expected)
        }
        for config in TileConfig.all { XCTAssertNoThrow(try config.validate(), config.name) }
        let hwa = TileConfig.standardHWA
        XCTAssertEqual(hwa.forward, .standardHWA)
        XCTAssertEqual(hwa.clip, WeightClip(.fixedValue, fixedValue: 1))
        XCTAssertEqual(hwa.remap.kind, .channelwiseSymmetric)
    }

    func testConfigsBuildTheirTrainingMachinery() throws {
        let single = try AnalogTile(rows: 4, cols: 4, config: .singleDevice(.reRamES), seed: 1)
        XCTAssertEqual(single.devices.count, 16)
        XCTAssertEqual(single.forwardIO, .preset)
        let tt = try AnalogTile(rows: 4, cols: 4, config: .tikiTaka(.idealized), seed: 1)
        XCTAssertNotNil(tt.fastWeights)
        let mp = try AnalogTile(rows: 4, cols: 4, config: .mixedPrecision(.gokmenVlasov), seed: 1)
        XCTAssertNotNil(mp.mixedPrecisionAccumulator)
        var bad = TileConfig.singleDevice(.idealized)
        bad.remap = WeightRemap(.layerwiseSymmetric)
        XCTAssertThrowsError(try AnalogTile(rows: 2, cols: 2, config: bad)) { error in
            XCTAssertTrue("\(error)".contains("remapping"))
        }
    }

    func noiselessDevice(_ model: DeviceModel, dwMin: Float = 0.001) -> PulsedDeviceParameters { quietDevice(model, dwMin: dwMin) }

    func testPiecewiseStepInterpolatesItsNodes() throws {
        let p = noiselessDevice(.piecewiseStep(up: [1, 2, 3], down: [3, 2, 1]), dwMin: 0.01)
        XCTAssertEqual(p.granularity, 0.02, accuracy: 1e-7, "dw_min times the middle up node")
        var rng = Philox(seed: 1)
        let device = PulsedDevice(p, rng: &rng)
        // At the lower bound the up factor is node 0; at w = 0 (the middle) node 1; halfway up, 2.5.
        XCTAssertEqual(device.pulse(-1, up: true, rng: &rng), -1 + 0.01, accuracy: 1e-6)
        XCTAssertEqual(device.pulse(0, up: true, rng: &rng), 0.02, accuracy: 1e-6)
        XCTAssertEqual(device.pulse(0.5, up: true, rng: &rng), 0.5 + 0.025, accuracy: 1e-6)
        XCTAssertEqual(device.pulse(0.5, up: false, rng: &rng), 0.5 - 0.015, accuracy: 1e-6)
        XCTAssertEqual(device.pulse(0.999, up: true, rng: &rng), 1, accuracy: 1e-6, "clipped at the bound")
        XCTAssertThrowsError(try noiselessDevice(.piecewiseStep(up: [1, 2], down: [1])).validate())
        XCTAssertThrowsError(try noiselessDevice(.piecewiseStep(up: [], down: [])).validate())
        XCTAssertThrowsError(try noiselessDevice(.piecewiseStep(up: [1, -1], down: [1, 1])).validate())
    }

    func testMixedPrecisionPulsesWholeStepsAndKeepsTheRest() throws {
        let g: Float = 1.0 / 1024  // a binary step, so the sums below are exact
        let tile = try AnalogTile(rows: 1, cols: 1, io: .perfect, seed: 1)
        try tile.useMixedPrecision(noiselessDevice(.constantStep, dwMin: g))
        // lr·d·x = 10.5 steps: ten whole steps go to the device (one train of ten pulses at
        // probability 1), half a step stays in χ.
        try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1]), lr: 10.5 * g)
        XCTAssertEqual(tile.weights[0, 0], -10 * g, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(tile.mixedPrecisionAccumulator)[0, 0], 0.5 * g, accuracy: 1e-9)
        // The remainder is not lost: another half step makes a whole one.
        try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1]), lr: 0.5 * g)
        XCTAssertEqual(tile.weights[0, 0], -11 * g, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(tile.mixedPrecisionAccumulator)[0, 0], 0, accuracy: 1e-9)
    }

    func testMixedPrecisionFollowsTheGradientOnAMatrix() throws {
        let tile = try AnalogTile(rows: 8, cols: 6, io: .perfect, seed: 2)
        try tile.useMixedPrecision(noiselessDevice(.constantStep))
        var rng = Philox(seed: 3)
        // A steady gradient, so the expected change grows to hundreds of steps while the
        // stochastic pulse counts only add their square root.
        let x = try Tensor.uniform(rows: 2, cols: 6, lower: 0.5, upper: 1, rng: &rng)
        let d = try Tensor.normal(rows: 2, cols: 8, std: 0.5, rng: &rng)
        for _ in 0..<100 { try tile.update(x: x, d: d, lr: 0.01) }
        let expected = try d.matmul(x, transposeSelf: true).scaled(by: -1)
        let chi = try XCTUnwrap(tile.mixedPrecisionAccumulator)
        XCTAssertLessThan(chi.absMax, 0.001 + 1e-6, "χ keeps less than one step per weight")
        // Devices plus what is still in χ make the exact SGD result, up to stochastic pulse counts.
        let total = try tile.weights.subtracting(chi)
        XCTAssertLessThan(try total.relativeError(to: expected), 0.05)
    }

    func testMixedPrecisionQuantizesWithStochasticRounding() throws {
        var rng = Philox(seed: 4)
        let q = MixedPrecisionState.quantize([0.3, -1, 0.55], bins: 4, stochastic: false, rng: &rng)
        // Half the bins (2) over ±1: steps of 0.5.
        XCTAssertEqual(q, [0.5, -1, 0.5])
        var mean: Float = 0
        for _ in 0..<4000 { mean += MixedPrecisionState.quantize([0.3, -1], bins: 4, stochastic: true, rng: &rng)[0] }
        XCTAssertEqual(mean / 4000, 0.3, accuracy: 0.02, "stochastic rounding is unbiased")
    }
}

private func XCTAssertEqual(_ a: [Float], _ b: [Float], accuracy: Float, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(a.count, b.count, file: file, line: line)
    for (x, y) in zip(a, b) { XCTAssertEqual(x, y, accuracy: accuracy, file: file, line: line) }
}

/// Device maintenance: write noise on reads, decay over mini-batches.
final class DeviceMaintenanceTests: XCTestCase {
    func testWriteNoiseShowsInReadsNotInTheStoredWeights() throws {
        let tile = try AnalogTile(rows: 64, cols: 64, config: .singleDevice(.reRamES), seed: 1)
        let w = try Tensor(rows: 64, cols: 64, repeating: 0.2)
        try tile.setWeights(w)
        // ReRAM ES: write noise 75 × dw_min 0.00135 = 0.10125 around the stored weight.
        let stored = tile.weights.values.filter { $0 == 0.2 }.count
        XCTAssertGreaterThan(stored, 4000, "stored weights are exact (bar the few devices whose bound is below 0.2)")
        let diffs = try tile.effectiveWeights.subtracting(tile.weights).values
        let sd = (diffs.reduce(0) { $0 + $1 * $1 } / Float(diffs.count)).squareRoot()
        XCTAssertEqual(sd, 0.10125, accuracy: 0.004)
        // The noise is redrawn when weights are written again.
        let before = tile.effectiveWeights
        try tile.update(x: try Tensor(rows: 1, cols: 64), d: try Tensor(rows: 1, cols: 64), lr: 0.1)
        XCTAssertNotEqual(before.values, tile.effectiveWeights.values)
    }

    func testCapacitorDecaysOncePerMiniBatch() throws {
        var p = DevicePreset.capacitor.parameters
        p.lifetimeDtod = 0
        p.lifetime = 100
        let tile = try AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 2)
        try tile.useDevices(p)
        try tile.setWeights(try Tensor([[0.5, -0.5], [0.25, 0]]))
        // A zero update still ends a mini-batch: every weight keeps 1 − 1/100 of itself.
        try tile.update(x: try Tensor(vector: [0, 0]), d: try Tensor(vector: [1, 1]), lr: 0.1)
        XCTAssertEqual(tile.weights.values, [0.495, -0.495, 0.2475, 0], accuracy: 1e-6)
        XCTAssertThrowsError(try { var bad = p; bad.lifetime = -1; try bad.validate() }())
    }
}

/// One-sided pairs (AIHWKit's OneSidedUnitCell, as PCMPreset uses it).
final class OneSidedPairTests: XCTestCase {
    func pcm(dtod: Bool = false) -> PulsedDeviceParameters {
        var p = DevicePreset.pcm.parameters
        if !dtod { p.dwMinDtod = 0; p.dwMinStd = 0; p.upDownDtod = 0; p.wMaxDtod = 0; p.resetDtod = 0 }
        return p
    }

    func testPairsHoldSignedWeightsAndOnlyStepUp() throws {
        let tile = try AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 1)
        try tile.setWeights(try Tensor([[0.5, -0.5], [1.2, 0]]))
        var settings = OneSidedParameters()
        settings.refreshEvery = 0
        try tile.useOneSidedPairs(pcm(), settings)
        XCTAssertEqual(tile.weights.values, [0.5, -0.5, 1.2, 0], "negative weights survive on g⁻")
        let (plus0, minus0) = try XCTUnwrap(tile.oneSidedConductances)
        XCTAssertEqual(plus0.values, [0.5, 0, 1.2, 0])
        XCTAssertEqual(minus0.values, [0, 0.5, 0, 0])
        // Lowering weights 0 and 1 (d > 0, x > 0) steps their g⁻ up; raising weights 2 and 3 steps g⁺ up.
        try tile.update(x: try Tensor(vector: [1, 1]), d: try Tensor(vector: [1, -1]), lr: 0.05)
        let (plus1, minus1) = try XCTUnwrap(tile.oneSidedConductances)
        for i in 0..<4 {
            XCTAssertGreaterThanOrEqual(plus1.values[i], plus0.values[i], "g⁺ never steps down")
            XCTAssertGreaterThanOrEqual(minus1.values[i], minus0.values[i], "g⁻ never steps down")
        }
        XCTAssertGreaterThan(minus1.values[0], 0)
        XCTAssertGreaterThan(plus1.values[2], 1.2)
        XCTAssertEqual(tile.weights.values, zip(plus1.values, minus1.values).map { $0 - $1 })
    }

    func testRefreshResetsHighPairsAndKeepsTheirSign() throws {
        let p = pcm()
        var rng = Philox(seed: 5)
        let states = (0..<3).map { _ in PulsedDevice(p, rng: &rng).state }
        var settings = OneSidedParameters()
        settings.refreshIO.outNoise = 0
        // Pair 0: both high (0.9 and 0.5 of w_max 2): refreshed. Pair 1: only one high: kept. Pair 2: both high, negative.
        var pair = OneSidedPair(plus: [1.8, 1.8, 1.0], plusStates: states, minus: [1.0, 0.2, 1.9], minusStates: states, parameters: settings)
        pair.refresh(p, rule: DeviceRule(p), granularity: p.granularity, rng: &rng)
        XCTAssertEqual(pair.refreshes, 2)
        XCTAssertLessThan(pair.minus[0], 0.1, "the smaller device of a refreshed pair is back at its reset value (0.01)")
        XCTAssertGreaterThan(pair.plus[0], pair.minus[0], "the difference is written back into the device that was larger")
        XCTAssertEqual([pair.plus[1], pair.minus[1]], [1.8, 0.2], "a pair with one low device is left alone")
        XCTAssertLessThan(pair.plus[2], 0.1)
        XCTAssertGreaterThan(pair.minus[2], pair.plus[2], "a negative weight stays negative")
    }

    func testTrainingRefreshesPairsOnSchedule() throws {
        let tile = try AnalogTile(rows: 1, cols: 2, io: .perfect, seed: 2)
        try tile.useOneSidedPairs(pcm())
        // Alternating signs climb both devices of weight 0 until a refresh brings them down.
        for k in 0..<200 {
            try tile.update(x: try Tensor(vector: [1, 0]), d: try Tensor(vector: [k % 2 == 0 ? 1 : -1]), lr: 0.2)
        }
        XCTAssertGreaterThan(try XCTUnwrap(tile.oneSidedRefreshes), 0)
        XCTAssertEqual(try XCTUnwrap(tile.oneSidedConductances).plus.values[1], 0, "weight 1 saw no pulses")
    }

    func testPCMConfigsUsePairs() throws {
        let config = TileConfig.singleDevice(.pcm)
        XCTAssertEqual(config.name, "PCMPreset")
        let tile = try AnalogTile(rows: 3, cols: 3, config: config, seed: 3)
        try tile.setWeights(try Tensor([[-0.5, 0.5, 0], [0, 0, 0], [0, 0, -1]]))
        XCTAssertEqual(tile.weights[0, 0], -0.5, accuracy: 1e-6)
        XCTAssertNotNil(tile.oneSidedConductances)
        let mp = try AnalogTile(rows: 2, cols: 2, config: .mixedPrecision(.pcm), seed: 4)
        XCTAssertNotNil(mp.oneSidedConductances, "mixed precision on PCM pulses pairs")
        XCTAssertTrue(TileConfig.all.map(\.name).contains("TikiTakaPCMPreset"))
        // Tiki-Taka on PCM: both arrays are pairs; gradients reach C through A and hold signed values.
        let tt = try AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 5)
        try tt.useTikiTaka(pcm(), transferIO: .perfect)
        XCTAssertNotNil(tt.oneSidedConductances)
        for _ in 0..<30 { try tt.update(x: try Tensor(vector: [1, 1]), d: try Tensor(vector: [1, -1]), lr: 0.05) }
        let fast = try XCTUnwrap(tt.fastWeights)
        XCTAssertLessThan(fast[0, 0], 0, "A holds the negative side of the gradient on its g⁻ devices")
        XCTAssertGreaterThan(fast[1, 0], 0)
        XCTAssertLessThan(tt.weights[0, 0], 0, "and C follows A through the transfers")
        XCTAssertGreaterThan(tt.weights[1, 0], 0)
    }
}
