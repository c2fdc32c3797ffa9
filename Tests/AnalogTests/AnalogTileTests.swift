import XCTest
@testable import Analog

/// The forward pass against AIHWKit's definitions: exact where the step is deterministic,
/// statistical (fixed seeds, tolerances stated) where noise is involved.
final class AnalogTileTests: XCTestCase {
    /// IO with every noise off, so only the converters act.
    func quiet() -> IOParameters {
        var io = IOParameters()
        io.outNoise = 0
        return io
    }

    func identityTile(_ n: Int, _ io: IOParameters) throws -> AnalogTile {
        let t = try AnalogTile(rows: n, cols: n, io: io)
        try t.setWeights(try Tensor.identity(n))
        return t
    }

    func testPerfectIOIsAnExactProduct() throws {
        var rng = Philox(seed: 1)
        let t = try AnalogTile(rows: 8, cols: 5, io: .perfect)
        let w = try Tensor.normal(rows: 8, cols: 5, rng: &rng)
        try t.setWeights(w)
        let x = try Tensor.normal(rows: 3, cols: 5, rng: &rng)
        XCTAssertEqual(try t.forward(x), try x.matmul(w, transposeOther: true))
    }

    /// DAC: step = inp_res · 2 · inp_bound = 1/63; round half to even; then clip to ±inp_bound.
    func testDACQuantizationAndClippingAreExact() throws {
        var io = quiet()
        io.noiseManagement = .none
        io.outRes = 0
        io.boundManagement = .none
        io.outBound = 100
        let t = try identityTile(6, io)
        let x = try Tensor(vector: [0.5037, 0.5 / 63, 1.5 / 63, -2.5 / 63, 1.7, -3])
        let y = try t.forward(x).values
        let expected: [Float] = [32.0 / 63, 0, 2.0 / 63, -2.0 / 63, 1, -1]
        for (a, b) in zip(y, expected) { XCTAssertEqual(a, b, accuracy: 1e-6) }
    }

    /// ADC: step = out_res · 2 · out_bound = 24/510; then clip to ±out_bound.
    func testADCQuantizationAndClippingAreExact() throws {
        var io = quiet()
        io.noiseManagement = .none
        io.inpRes = 0
        io.boundManagement = .none
        io.inpBound = 100
        let t = try identityTile(3, io)
        let y = try t.forward(try Tensor(vector: [0.1, 13, -50])).values
        let step: Float = 24.0 / 510
        XCTAssertEqual(y[0], (0.1 / step).rounded(.toNearestOrEven) * step, accuracy: 1e-6)
        XCTAssertEqual(y[1], 12)
        XCTAssertEqual(y[2], -12)
    }

    /// Abs-max noise management divides by max|x| before the DAC and multiplies back after the
    /// ADC, so a noise-free read is exactly homogeneous in powers of two.
    func testAbsMaxNoiseManagementScalesAsDefined() throws {
        var rng = Philox(seed: 3)
        let t = try AnalogTile(rows: 16, cols: 32, io: quiet())
        try t.setWeights(try Tensor.normal(rows: 16, cols: 32, std: 0.1, rng: &rng))
        let x = try Tensor.uniform(rows: 4, cols: 32, lower: -1, upper: 1, rng: &rng)
        let y1 = try t.forward(x)
        let y8 = try t.forward(x.scaled(by: 8))
        for (a, b) in zip(y1.values, y8.values) { XCTAssertEqual(b, 8 * a, accuracy: 1e-5) }
        // Without noise management the same large input is clipped by the DAC.
        var io = quiet()
        io.noiseManagement = .none
        t.forwardIO = io
        let clipped = try t.forward(x.scaled(by: 8))
        XCTAssertGreaterThan(try clipped.relativeError(to: y8), 0.5)
    }

    /// Iterative bound management: outputs of 100 on an ADC of ±12 are read again with the
    /// inputs halved (r = 2, 4, 8 → 100/8 = 12.5 still clips, r = 16 fits) and scaled back. At
    /// r = 16 the input 1/16 meets the DAC grid: round(63/16) = 4 steps of 1/63.
    func testIterativeBoundManagementRecoversSaturatedOutputs() throws {
        var io = quiet()
        io.outRes = 0
        let t = try AnalogTile(rows: 1, cols: 100, io: io)
        try t.setWeights(try Tensor(rows: 1, cols: 100, repeating: 1))
        let x = try Tensor(rows: 1, cols: 100, repeating: 1)
        XCTAssertEqual(try t.forward(x).values[0], 100 * (4.0 / 63) * 16, accuracy: 1e-3)
        io.boundManagement = .none
        t.forwardIO = io
        XCTAssertEqual(try t.forward(x).values[0], 12)
        // The resolution limit (max_bm_res / step = 0.25 · 63 = 15.75) stops at r = 16: 400/16 = 25
        // still clips, and the last read is kept: 12 · 16 = 192.
        io.boundManagement = .iterative
        t.forwardIO = io
        try t.setWeights(try Tensor(rows: 1, cols: 100, repeating: 4))
        XCTAssertEqual(try t.forward(x).values[0], 192, accuracy: 1e-3)
    }

    /// Output noise: additive Gaussian of std out_noise in the scaled domain (std 0.06 ± 3 %
    /// over 20,000 outputs, ADC resolution off).
    func testOutputNoiseHasTheConfiguredStd() throws {
        var io = IOParameters()
        io.outRes = 0
        let t = try AnalogTile(rows: 200, cols: 10, io: io, seed: 11)
        let x = try Tensor(rows: 100, cols: 10, repeating: 1)
        let y = try t.forward(x).values  // weights are zero: y is pure noise, times the scale 1
        let mean = y.reduce(0, +) / Float(y.count)
        let std = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(y.count - 1)).squareRoot()
        XCTAssertEqual(mean, 0, accuracy: 0.002)
        XCTAssertEqual(std, 0.06, accuracy: 0.0018)
    }

    /// Additive-constant weight noise: std w_noise · ‖x̃‖₂ at each output.
    func testAdditiveWeightNoiseScalesWithTheInputNorm() throws {
        var io = quiet()
        io.outRes = 0
        io.inpRes = 0
        io.wNoise = 0.02
        io.wNoiseType = .additiveConstant
        let t = try AnalogTile(rows: 400, cols: 16, io: io, seed: 5)
        let x = try Tensor(rows: 50, cols: 16, repeating: 1)  // ‖x̃‖ = 4 after abs-max scaling
        let y = try t.forward(x).values
        let std = (y.reduce(0) { $0 + $1 * $1 } / Float(y.count)).squareRoot()
        XCTAssertEqual(std, 0.02 * 4, accuracy: 0.08 * 0.03)
    }

    /// Weight and output noise together have std sqrt((w_noise·‖x̃‖)² + out_noise²), whether they are
    /// drawn before the product (the default path) or after it (taken when an output asymmetry
    /// sits between the product and the noise): both paths give the same statistics.
    func testWeightAndOutputNoiseAddInVarianceOnBothPaths() throws {
        for asymmetry: Float in [0, 1e-6] {
            var io = quiet()
            io.outRes = 0
            io.inpRes = 0
            io.outNoise = 0.06
            io.outAsymmetry = asymmetry
            io.wNoise = 0.02
            io.wNoiseType = .additiveConstant
            let t = try AnalogTile(rows: 400, cols: 16, io: io, seed: 6)
            let y = try t.forward(try Tensor(rows: 50, cols: 16, repeating: 1)).values  // ‖x̃‖ = 4
            let std = (y.reduce(0) { $0 + $1 * $1 } / Float(y.count)).squareRoot()
            XCTAssertEqual(std, (0.08 * 0.08 + 0.06 * 0.06).squareRoot(), accuracy: 0.1 * 0.03, "asymmetry \(asymmetry)")
        }
    }

    func testSameSeedSameReads() throws {
        let a = try AnalogTile(rows: 4, cols: 4, seed: 9), b = try AnalogTile(rows: 4, cols: 4, seed: 9)
        let x = try Tensor(rows: 2, cols: 4, repeating: 0.5)
        XCTAssertEqual(try a.forward(x), try b.forward(x))
        XCTAssertNotEqual(try a.forward(x), try a.forward(x), "every read draws fresh noise")
    }

    func testClearErrors() throws {
        XCTAssertThrowsError(try AnalogTile(rows: 0, cols: 3))
        XCTAssertThrowsError(try AnalogTile(rows: 1 << 20, cols: 1 << 20)) { XCTAssertTrue("\($0)".contains("memory budget")) }
        var bad = IOParameters()
        bad.outNoise = -1
        XCTAssertThrowsError(try AnalogTile(rows: 2, cols: 2, io: bad)) { XCTAssertEqual("\($0)", "outNoise must be 0 or positive, not -1.0") }
        bad = IOParameters()
        bad.inpBound = 0
        XCTAssertThrowsError(try AnalogTile(rows: 2, cols: 2, io: bad))
        bad = IOParameters()
        bad.inpBound = 2
        XCTAssertThrowsError(try AnalogTile(rows: 2, cols: 2, io: bad)) { XCTAssertTrue("\($0)".contains("needs inpBound = 1")) }
        // Steps and fractions are the same resolution, as in AIHWKit.
        XCTAssertEqual(Converter.step(126, 1), Converter.step(1.0 / 126, 1))
        let t = try AnalogTile(rows: 2, cols: 3)
        XCTAssertThrowsError(try t.forward(try Tensor(rows: 1, cols: 2))) { XCTAssertEqual("\($0)", "this tile takes 3 inputs per sample, not 2") }
        XCTAssertThrowsError(try t.forward(try Tensor(vector: [1, .nan, 0])))
        XCTAssertThrowsError(try t.setWeights(try Tensor(rows: 3, cols: 2)))
    }

    /// Zero input: the scale is zero, and without input noise the output is exactly zero.
    func testZeroInputGivesZeroOutput() throws {
        let t = try AnalogTile(rows: 5, cols: 5)
        try t.setWeights(try Tensor.identity(5))
        XCTAssertEqual(try t.forward(try Tensor(rows: 2, cols: 5)).values, [Float](repeating: 0, count: 10))
    }

    /// IR drop on a 1×4 tile of ones with inputs of ones (no converters): I = 4, a = n·I/G,
    /// c = a(a(0.05a − 0.2) + 0.5), y = 4 − c·irDrop·Σ_j (1 − (1 − j/4)²).
    func testIRDropFollowsTheFirstOrderModel() throws {
        var io = quiet()
        io.inpRes = 0
        io.outRes = 0
        io.noiseManagement = .none
        io.boundManagement = .none
        io.irDrop = 1
        io.irDropGRatio = 10
        let t = try AnalogTile(rows: 1, cols: 4, io: io)
        try t.setWeights(try Tensor(rows: 1, cols: 4, repeating: 1))
        let y = try t.forward(try Tensor(rows: 1, cols: 4, repeating: 1)).values[0]
        let a: Float = 4 * 4 / 10
        let c = a * (a * (0.05 * a - 0.2) + 0.5)
        let far: Float = (0..<4).map { j -> Float in let d = 1 - Float(j) / 4; return 1 - d * d }.reduce(0, +)
        XCTAssertEqual(y, 4 - c * far, accuracy: 1e-5)
    }

    /// PCM read noise: std wNoise·sqrt(Σ_j |w_ij| x̃_j²) at each output (3 % over 20,000 outputs).
    func testPCMReadNoiseFollowsTheConductanceSum() throws {
        var io = quiet()
        io.inpRes = 0
        io.outRes = 0
        io.wNoise = 0.05
        io.wNoiseType = .pcmRead
        let t = try AnalogTile(rows: 200, cols: 16, io: io, seed: 8)
        try t.setWeights(try Tensor(rows: 200, cols: 16, repeating: 0.25))
        let x = try Tensor(rows: 100, cols: 16, repeating: 1)
        let y = try t.forward(x).values
        // Noise-free output is 16 · 0.25 = 4; σ = 0.05 · sqrt(16 · 0.25 · 1) = 0.1.
        let residual = y.map { $0 - 4 }
        let std = (residual.reduce(0) { $0 + $1 * $1 } / Float(residual.count)).squareRoot()
        XCTAssertEqual(std, 0.1, accuracy: 0.003)
    }

    func testIOPresetsCarryAIHWKitsNumbers() throws {
        let hwa = IOParameters.standardHWA
        XCTAssertEqual(Converter.step(hwa.inpRes, hwa.inpBound), 2.0 / 254, accuracy: 1e-9)
        XCTAssertEqual(hwa.outBound, 10)
        XCTAssertEqual(hwa.outNoise, 0.04)
        XCTAssertEqual(hwa.wNoise, 0.0175)
        XCTAssertEqual(hwa.wNoiseType, .pcmRead)
        XCTAssertEqual(hwa.irDrop, 1)
        XCTAssertEqual(hwa.boundManagement, .none)
        XCTAssertEqual(hwa.noiseManagement, .constant)
        XCTAssertEqual(IOParameters.preset.outBound, 20)
        XCTAssertEqual(IOParameters.preset.outNoise, 0.1)
        XCTAssertNoThrow(try hwa.validate())
    }
}
