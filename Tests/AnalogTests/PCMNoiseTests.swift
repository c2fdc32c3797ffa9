import XCTest
import Foundation
@testable import Analog

/// The PCM-like model against its formulas (AIHWKit 1.2.0 `PCMLikeNoiseModel`): fixed seeds,
/// tolerances of a few standard errors.
final class PCMNoiseTests: XCTestCase {
    let model = PCMLikeNoise()

    /// A tile of `n` × `n` identical weights `w`, programmed; all its devices share one target.
    func programmedTile(weight w: Float, n: Int = 100, seed: UInt64 = 1) throws -> AnalogTile {
        let tile = try AnalogTile(rows: n, cols: n, io: .perfect, seed: seed)
        var weights = try Tensor(rows: n, cols: n, repeating: w)
        weights[0, 0] = 1  // fixes max|W| = 1, so g = |w| · 25 µS
        try tile.setWeights(weights)
        try tile.program(compensateDrift: false)
        return tile
    }

    func stats(_ xs: [Float]) -> (mean: Float, std: Float) {
        let mean = xs.reduce(0, +) / Float(xs.count)
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(xs.count - 1)
        return (mean, variance.squareRoot())
    }

    func testProgrammingNoiseFollowsThePolynomial() throws {
        for w: Float in [0.2, 0.5, 0.9] {
            let tile = try programmedTile(weight: w)
            let g = Array(try XCTUnwrap(tile.programmed).gPlus.dropFirst())
            let target = w * 25
            let expected = 0.26348 + 1.9650 * w + (-1.1731) * w * w
            let s = stats(g)
            XCTAssertEqual(s.mean, target, accuracy: 4 * expected / Float(g.count).squareRoot(), "w = \(w)")
            XCTAssertEqual(s.std, expected, accuracy: 0.03 * expected, "w = \(w)")
        }
    }

    func testDriftExponentMeanAndSpreadPerConductance() throws {
        for w: Float in [0.1, 0.4, 1.0] {
            let tile = try programmedTile(weight: w)
            let p = try XCTUnwrap(tile.programmed)
            let nus = Array(p.nuPlus.dropFirst())
            // ν is drawn for each device's own programmed conductance; compare with the model at the mean g.
            let g = stats(Array(p.gPlus.dropFirst())).mean
            let (mu, sigma) = model.driftExponent(g)
            let s = stats(nus)
            XCTAssertEqual(s.mean, mu, accuracy: 0.003, "w = \(w)")
            XCTAssertEqual(s.std, sigma, accuracy: 0.15 * sigma + 0.002, "w = \(w)")
        }
        // The clips: μ stays in [0.049, 0.1] and σ in [0.008, 0.045].
        XCTAssertEqual(model.driftExponent(25).mean, 0.049, accuracy: 1e-6)
        XCTAssertEqual(model.driftExponent(1e-4).mean, 0.1, accuracy: 1e-6)
        XCTAssertEqual(model.driftExponent(25).sigma, 0.008, accuracy: 1e-6)
    }

    /// Conductances fall as (t/t₀)^(−ν): after drifting, the mean weight matches the mean of
    /// g·(t/t₀)^(−ν) over the devices, and read noise grows with sqrt(ln((t + t_r)/(2 t_r))).
    func testDriftAndReadNoiseGrowWithTime() throws {
        let tile = try programmedTile(weight: 0.5, n: 120)
        let p = try XCTUnwrap(tile.programmed)
        var previousSpread: Float = 0
        for t in [20.0, 3600.0, 86_400.0, 31_536_000.0] {
            try tile.drift(to: t)
            let read = Array(tile.effectiveWeights.values.dropFirst()).map { $0 * p.scale }
            let expected = zip(p.gPlus, p.nuPlus).dropFirst().map { g, nu in g * pow(Float(t / 20), -nu) }
            let meanExpected = expected.reduce(0, +) / Float(expected.count)
            XCTAssertEqual(stats(read).mean, meanExpected, accuracy: 0.01 * meanExpected, "t = \(t)")
            // The spread around each device's drifted value is the read noise.
            let residuals = zip(read, expected).map { $0 - $1 }
            let readSigma = stats(residuals).std
            let predicted = meanExpected * model.readNoiseSigma(12.5, at: t)
            XCTAssertEqual(readSigma, predicted, accuracy: 0.1 * predicted, "t = \(t)")
            // Relative to the (shrinking) conductance, read noise only grows.
            XCTAssertGreaterThan(readSigma / meanExpected, previousSpread)
            previousSpread = readSigma / meanExpected
        }
        XCTAssertLessThan(stats(Array(tile.effectiveWeights.values.dropFirst())).mean, 0.5 * pow(Float(31_536_000.0 / 20), -0.03))
    }

    /// Global drift compensation: one scalar per tile brings the mean output back after a year.
    func testGlobalDriftCompensationRestoresTheOutputScale() throws {
        var rng = Philox(seed: 4)
        var io = IOParameters()
        io.outNoise = 0
        let tile = try AnalogTile(rows: 64, cols: 64, io: io, seed: 3)
        try tile.setWeights(try Tensor.normal(rows: 64, cols: 64, std: 0.3, rng: &rng).clipped(to: 1))
        let x = try Tensor.uniform(rows: 50, cols: 64, lower: -1, upper: 1, rng: &rng)
        let ideal = try x.matmul(tile.weights, transposeOther: true)
        try tile.program(compensateDrift: true)
        try tile.drift(to: 31_536_000)
        let compensated = try tile.forward(x)
        XCTAssertGreaterThan(tile.driftCompensation, 1.2, "a year of drift lowers conductances by tens of percent")
        try tile.program(compensateDrift: false)
        try tile.drift(to: 31_536_000)
        let raw = try tile.forward(x)
        let ratio = { (y: Tensor) in y.values.reduce(0) { $0 + abs($1) } / ideal.values.reduce(0) { $0 + abs($1) } }
        XCTAssertLessThan(ratio(raw), 0.85)
        XCTAssertEqual(ratio(compensated), 1, accuracy: 0.08)
        XCTAssertLessThan(try compensated.relativeError(to: ideal), try raw.relativeError(to: ideal))
    }

    func testErrors() throws {
        let tile = try AnalogTile(rows: 2, cols: 2)
        XCTAssertThrowsError(try tile.drift(to: 10)) { XCTAssertEqual("\($0)", "program the tile before drifting it (tile.program())") }
        var bad = PCMLikeNoise()
        bad.gMax = 0
        XCTAssertThrowsError(try tile.program(noise: .pcm(bad)))
        try tile.program()
        XCTAssertThrowsError(try tile.drift(to: -1))
    }
}
