import XCTest
@testable import Analog
import Foundation

final class TensorTests: XCTestCase {
    func testShapesAreCheckedWithClearErrors() {
        XCTAssertThrowsError(try Tensor(rows: 2, cols: 2, values: [1, 2, 3])) {
            XCTAssertEqual("\($0)", "a 2×2 tensor needs 4 values, not 3")
        }
        XCTAssertThrowsError(try Tensor([[1, 2], [3]])) { XCTAssertEqual("\($0)", "row 1 has 1 values but row 0 has 2") }
        XCTAssertThrowsError(try Tensor(rows: -1, cols: 2))
        XCTAssertThrowsError(try Tensor(rows: 1 << 20, cols: 1 << 20)) { XCTAssertTrue("\($0)".contains("limit")) }
        let a = try? Tensor(rows: 2, cols: 3), b = try? Tensor(rows: 2, cols: 3)
        XCTAssertThrowsError(try a?.matmul(b!)) { XCTAssertEqual("\($0)", "cannot multiply 2×3 by 2×3: the inner sizes differ") }
        XCTAssertThrowsError(try a?.element(2, 0))
    }

    /// A plain triple loop, for comparing with OpenBLAS.
    func naive(_ a: Tensor, _ b: Tensor) -> [Float] {
        var out = [Float](repeating: 0, count: a.rows * b.cols)
        for i in 0..<a.rows {
            for j in 0..<b.cols {
                var s: Float = 0
                for k in 0..<a.cols { s += a[i, k] * b[k, j] }
                out[i * b.cols + j] = s
            }
        }
        return out
    }

    func testMatmulMatchesATripleLoopInEveryTransposeMode() throws {
        var rng = Philox(seed: 7)
        let a = try Tensor.normal(rows: 13, cols: 29, rng: &rng)
        let b = try Tensor.normal(rows: 29, cols: 17, rng: &rng)
        let expected = naive(a, b)
        let plain = try a.matmul(b)
        XCTAssertEqual(plain.rows, 13)
        XCTAssertEqual(plain.cols, 17)
        for (x, y) in zip(plain.values, expected) { XCTAssertEqual(x, y, accuracy: 1e-4) }
        let viaTransposes = try a.transposed.matmul(b.transposed, transposeSelf: true, transposeOther: true)
        for (x, y) in zip(viaTransposes.values, expected) { XCTAssertEqual(x, y, accuracy: 1e-4) }
    }

    func testElementwiseOperationsAndNorms() throws {
        let a = try Tensor([[3, -4], [0, 1]])
        XCTAssertEqual(a.norm, (26 as Float).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(a.rowAbsMax, [4, 1])
        XCTAssertEqual(a.clipped(to: 2).values, [2, -2, 0, 1])
        XCTAssertEqual(try a.adding(a).values, [6, -8, 0, 2])
        XCTAssertEqual(a.transposed.values, [3, 0, -4, 1])
        XCTAssertEqual(try a.relativeError(to: a), 0)
        XCTAssertThrowsError(try a.adding(try Tensor(rows: 1, cols: 2)))
        XCTAssertEqual(try Tensor.identity(2).matmul(a), a)
    }
}

final class PhiloxTests: XCTestCase {
    /// Known-answer vectors of Random123 (kat_vectors) for philox4x32-10.
    func testMatchesPublishedTestVectors() {
        let zero = Philox.block((0, 0, 0, 0), (0, 0))
        XCTAssertEqual([zero.0, zero.1, zero.2, zero.3], [0x6627_E8D5, 0xE169_C58D, 0xBC57_AC4C, 0x9B00_DBD8])
        let ones = Philox.block((.max, .max, .max, .max), (.max, .max))
        XCTAssertEqual([ones.0, ones.1, ones.2, ones.3], [0x408F_276D, 0x41C8_3B0E, 0xA20B_C7C6, 0x6D54_51FD])
        let pi = Philox.block((0x243F_6A88, 0x85A3_08D3, 0x1319_8A2E, 0x0370_7344), (0xA409_3822, 0x299F_31D0))
        XCTAssertEqual([pi.0, pi.1, pi.2, pi.3], [0xD16C_FE09, 0x94FD_CCEB, 0x5001_E420, 0x2412_6EA1])
    }

    func testSameSeedSameNumbersAndStreamsDiffer() {
        var a = Philox(seed: 42), b = Philox(seed: 42), c = Philox(seed: 42, stream: 1)
        let xs = (0..<100).map { _ in a.nextUInt32() }
        XCTAssertEqual(xs, (0..<100).map { _ in b.nextUInt32() })
        XCTAssertNotEqual(xs, (0..<100).map { _ in c.nextUInt32() })
        var s1 = Philox(seed: 42).split(1), s2 = Philox(seed: 42).split(2)
        XCTAssertNotEqual((0..<8).map { _ in s1.nextUInt32() }, (0..<8).map { _ in s2.nextUInt32() })
    }

    /// Moments of 200,000 draws; tolerances are about five standard errors.
    func testUniformAndNormalMoments() {
        var rng = Philox(seed: 2025)
        let n = 200_000
        var u = [Float](repeating: 0, count: n)
        rng.fillUniform(&u)
        let uMean = u.reduce(0, +) / Float(n)
        XCTAssertEqual(uMean, 0.5, accuracy: 5 * 0.2887 / Float(n).squareRoot())
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        var z = [Float](repeating: 0, count: n)
        rng.fillNormal(&z, mean: 2, std: 3)
        let mean = z.reduce(0, +) / Float(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(n - 1)
        XCTAssertEqual(mean, 2, accuracy: 5 * 3 / Float(n).squareRoot())
        XCTAssertEqual(variance.squareRoot(), 3, accuracy: 0.02)
        // Tails: about 0.27 % of normals lie beyond 3σ.
        let beyond = z.filter { abs($0 - 2) > 9 }.count
        XCTAssertEqual(Double(beyond) / Double(n), 0.0027, accuracy: 0.0006)
    }

    /// Kolmogorov–Smirnov against Φ for the ziggurat normals (n = 200,000; the 0.1 % critical value
    /// is 1.95/√n ≈ 0.0044; over seeds 1–6 and 97–101, D ranged 0.0013–0.0039), including the tails
    /// beyond the ziggurat's r = 3.44.
    func testNormalsPassAKolmogorovSmirnovTest() {
        var rng = Philox(seed: 99)
        let n = 200_000
        var z = [Float](repeating: 0, count: n)
        rng.fillNormal(&z)
        assertStandardNormal(z)
    }
}
