import XCTest
@testable import Analog

final class WeightModifierTests: XCTestCase {
    func weights(_ n: Int = 40_000, value: Float? = nil, seed: UInt64 = 1) throws -> Tensor {
        var rng = Philox(seed: seed)
        if let value {
            var w = try Tensor(rows: 1, cols: n, repeating: value)
            w[0, 0] = 1  // amax = 1
            return w
        }
        return try Tensor.uniform(rows: 1, cols: n, lower: -1, upper: 1, rng: &rng)
    }

    func std(_ xs: ArraySlice<Float>) -> Float {
        let m = xs.reduce(0, +) / Float(xs.count)
        return (xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Float(xs.count - 1)).squareRoot()
    }

    func testDiscretizeGivesTwoOverResPlusOneLevels() throws {
        var rng = Philox(seed: 2)
        let w = try weights()
        let q = try WeightModifier(.discretize, res: 0.25).apply(w, rng: &rng)
        let levels = Set(q.values)
        XCTAssertLessThanOrEqual(levels.count, 9)
        let amax = w.absMax
        for v in levels { XCTAssertEqual((v / amax / 0.25).rounded(), v / amax / 0.25, accuracy: 1e-4) }
    }

    func testAdditiveAndMultiplicativeNoise() throws {
        var rng = Philox(seed: 3)
        let w = try weights(value: 0.5)
        let add = try WeightModifier(.addNormal, stdDev: 0.1).apply(w, rng: &rng)
        XCTAssertEqual(std(add.values.dropFirst()), 0.1, accuracy: 0.003)
        let mult = try WeightModifier(.multNormal, stdDev: 0.1).apply(w, rng: &rng)
        XCTAssertEqual(std(mult.values.dropFirst()), 0.05, accuracy: 0.0015, "0.5 · 0.1 · amax 1")
    }

    func testPolyAndProgrammingNoise() throws {
        var rng = Philox(seed: 4)
        let w = try weights(value: 0.5)
        let c: [Float] = [0.0105392, 0.0768, -0.046925]
        let expected = c[0] + c[1] * 0.5 + c[2] * 0.25
        let poly = try WeightModifier(.poly, stdDev: 2).apply(w, rng: &rng)
        XCTAssertEqual(std(poly.values.dropFirst()), 2 * expected, accuracy: 0.03 * 2 * expected)
        let small = try weights(value: 0.001)
        let prog = try WeightModifier(.progNoise, stdDev: 25 * 5).apply(small, rng: &rng)
        XCTAssertTrue(prog.values.allSatisfy { $0 >= 0 }, "programming noise keeps each weight's sign")
    }

    func testDropConnectFractionAndValidation() throws {
        var rng = Philox(seed: 5)
        let w = try weights(value: 0.5)
        let dropped = try WeightModifier(.dropConnect, pdrop: 0.1).apply(w, rng: &rng)
        let fraction = Float(dropped.values.filter { $0 == 0 }.count) / Float(dropped.count)
        XCTAssertEqual(fraction, 0.1, accuracy: 0.005)
        XCTAssertEqual(try WeightModifier().apply(w, rng: &rng), w)
        XCTAssertThrowsError(try WeightModifier(.addNormal, stdDev: -1).apply(w, rng: &rng))
        XCTAssertThrowsError(try WeightModifier(.dropConnect, pdrop: 2).apply(w, rng: &rng))
    }
}
