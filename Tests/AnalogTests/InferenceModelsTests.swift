import XCTest
@testable import Analog

/// ReRAM inference models and the IO model's extras (non-linearity, asymmetries, output scale,
/// stochastic rounding), against their formulas.
final class InferenceModelsTests: XCTestCase {
    func constantTile(_ w: Float, n: Int = 100, noise: InferenceNoise, seed: UInt64 = 1) throws -> AnalogTile {
        var config = TileConfig.inference(noise: noise)
        config.forward = .perfect
        config.compensatesDrift = false
        let tile = try AnalogTile(rows: n, cols: n, config: config, seed: seed)
        var values = [Float](repeating: w, count: n * n)
        values[0] = 1  // max|W| = 1: weight w maps to w·gMax
        try tile.setWeights(try Tensor(rows: n, cols: n, values: values))
        return tile
    }

    func stats(_ v: ArraySlice<Float>) -> (mean: Float, std: Float) {
        let mean = v.reduce(0, +) / Float(v.count)
        return (mean, (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(v.count - 1)).squareRoot())
    }

    func testWan2022SpreadFollowsItsPolynomialAtEachMeasuredTime() throws {
        let model = ReRAMWan2022Noise()
        let tile = try constantTile(0.5, noise: .reramWan2022(model))
        try tile.program()
        for t in [1.0, 86_400, 172_800] {
            try tile.drift(to: t)
            // g⁺ = 12.5 µS with σ(0.5); g⁻ = 0 clamps at zero, adding a positive bias to w's spread.
            let g = tile.effectiveWeights.values.dropFirst().map { $0 * 25 }
            let (_, sd) = stats(g[...])
            let sigmaPlus = try model.sigma(12.5, at: t)
            XCTAssertGreaterThan(sd, sigmaPlus * 0.95, "t = \(t)")
            // Off device: a half-normal of σ(0) adds at most σ(0)·sqrt(1 − 2/π) of spread.
            let sigmaOff = try model.sigma(0, at: t)
            let expected = (sigmaPlus * sigmaPlus + sigmaOff * sigmaOff * (1 - 2 / Float.pi)).squareRoot()
            XCTAssertEqual(sd, expected, accuracy: expected * 0.05, "t = \(t)")
        }
        XCTAssertThrowsError(try tile.drift(to: 3600)) { error in
            XCTAssertTrue("\(error)".contains("measured only at 1, 86400, 172800 seconds"), "\(error)")
        }
    }

    func testCMODecayAndReadNoiseFollowTheirFormulas() throws {
        var model = ReRAMCMONoise()
        model.programmingNoiseScale = 0
        let tile = try constantTile(0.0, noise: .reramCMO(model))
        try tile.program()
        // Weights in [0, 1]: w = 0 maps to gMin = 9 µS exactly.
        XCTAssertEqual(tile.effectiveWeights[1, 1], 0, accuracy: 1e-6)
        let t = 86_400.0
        try tile.drift(to: t)
        let scale = (model.gMax - model.gMin)
        let g = tile.effectiveWeights.values.dropFirst().map { $0 * scale + model.gMin }
        // The decay is negative, so most devices clamp at gMin: check the clamp and the fraction.
        XCTAssertGreaterThanOrEqual(g.min() ?? 0, model.gMin - 1e-3)
        let lnT = Float(log(t))
        let mean = model.gMin + model.decayMean * lnT
        let spread = model.decayStd[0] * lnT + model.decayStd[1]
        let flicker = model.readK * log10(mean) * Float(log((t + model.tRead) / (2 * model.tRead))).squareRoot()
        let sd = (spread * spread + flicker * flicker).squareRoot()
        // P(g > gMin) = P(N > (gMin − mean)/sd).
        let z = (model.gMin - mean) / sd
        let expectedAbove = 0.5 * erfc(Double(z) / 2.0.squareRoot())
        let above = Double(g.filter { $0 > model.gMin + 1e-3 }.count) / Double(g.count)
        XCTAssertEqual(above, expectedAbove, accuracy: 0.03)
    }

    func testCMOProgrammingNoiseIsLinearInConductance() throws {
        let model = ReRAMCMONoise()
        let tile = try constantTile(0.5, noise: .reramCMO(model), seed: 3)
        try tile.program()
        // W spans [0.5, 1] → the constant weights sit at gMin; put the mass mid-range instead.
        let g = tile.effectiveWeights.values.dropFirst().map { ($0 - 0.5) / 0.5 * (model.gMax - model.gMin) + model.gMin }
        let (mean, sd) = stats(g[...])
        XCTAssertEqual(mean, model.gMin, accuracy: 0.01)
        XCTAssertEqual(sd, model.programmingSigma(model.gMin), accuracy: model.programmingSigma(model.gMin) * 0.05)
    }

    func testReRAMModelsCompensateDriftLikePCM() throws {
        var config = TileConfig.inference(noise: .reramCMO(ReRAMCMONoise()))
        config.forward = .perfect
        let tile = try AnalogTile(rows: 32, cols: 32, config: config, seed: 4)
        var rng = Philox(seed: 5)
        try tile.setWeights(try Tensor.normal(rows: 32, cols: 32, std: 0.3, rng: &rng).clipped(to: 1))
        try tile.program()
        XCTAssertEqual(tile.driftCompensation, 1)
        try tile.drift(to: 31_536_000)
        XCTAssertNotEqual(tile.driftCompensation, 1)
        XCTAssertTrue(tile.driftCompensation.isFinite)
    }

    func testOutputNonlinearitySaturatesAsDefined() throws {
        var io = IOParameters.perfect
        io.isPerfect = false
        io.inpRes = 0; io.outRes = 0; io.outNoise = 0; io.noiseManagement = .none; io.boundManagement = .none
        io.outBound = 100
        io.outNonlinearity = 50  // n = 0.5 for every output (no spread)
        let tile = try AnalogTile(rows: 2, cols: 1, io: io)
        try tile.setWeights(try Tensor([[1], [-0.5]]))
        let y = try tile.forward(try Tensor(vector: [1]))
        XCTAssertEqual(y.values[0], 1 / 1.5, accuracy: 1e-6)
        XCTAssertEqual(y.values[1], -0.5 / 1.25, accuracy: 1e-6)
        // Slope calibration multiplies by f² with f = 1 + 0.5·0.1·100 = 6.
        tile.forwardIO.slopeCalibration = 0.1
        XCTAssertEqual(try tile.forward(try Tensor(vector: [1])).values[0], 36 / 1.5, accuracy: 1e-4)
        // With spread, each output keeps its own n from read to read.
        tile.forwardIO.slopeCalibration = 0
        tile.forwardIO.outNonlinearityStd = 0.5
        let first = try tile.forward(try Tensor(vector: [1])), second = try tile.forward(try Tensor(vector: [1]))
        XCTAssertEqual(first.values, second.values)
        XCTAssertNotEqual(first.values[0], 1 / 1.5, accuracy: 1e-4)
    }

    func testAsymmetriesOutScaleAndStochasticRounding() throws {
        var io = IOParameters.perfect
        io.isPerfect = false
        io.inpRes = 0; io.outRes = 0; io.outNoise = 0; io.noiseManagement = .none; io.boundManagement = .none
        io.inpAsymmetry = 0.2
        io.outAsymmetry = 0.5
        io.outScale = 2
        let tile = try AnalogTile(rows: 1, cols: 2, io: io)
        try tile.setWeights(try Tensor([[1, 1]]))
        // Inputs [0.5, −0.5]: the negative input loses 20 %, the sum 0.1 is positive: ×2 → 0.2.
        XCTAssertEqual(try tile.forward(try Tensor(vector: [0.5, -0.5])).values[0], 0.2, accuracy: 1e-6)
        // Inputs [−0.5, −0.5]: −0.8, negative output loses half: −0.4, ×2 → −0.8.
        XCTAssertEqual(try tile.forward(try Tensor(vector: [-0.5, -0.5])).values[0], -0.8, accuracy: 1e-6)
        // Stochastic ADC rounding is unbiased: 0.3 on a grid of 1 averages 0.3, not 0.
        var rounding = IOParameters.perfect
        rounding.isPerfect = false
        rounding.inpRes = 0; rounding.outNoise = 0; rounding.noiseManagement = .none; rounding.boundManagement = .none
        rounding.outBound = 10; rounding.outRes = 0.05  // step 0.05·2·10 = 1
        rounding.outStochasticRounding = true
        let sto = try AnalogTile(rows: 1, cols: 1, io: rounding, seed: 2)
        try sto.setWeights(try Tensor([[0.3]]))
        let batch = try Tensor(rows: 4000, cols: 1, repeating: 1)
        let mean = try sto.forward(batch).values.reduce(0, +) / 4000
        XCTAssertEqual(mean, 0.3, accuracy: 0.03)
        var bad = IOParameters()
        bad.outScale = 0
        XCTAssertThrowsError(try bad.validate())
        bad = IOParameters()
        bad.outNonlinearity = -1
        XCTAssertThrowsError(try bad.validate())
    }
}
