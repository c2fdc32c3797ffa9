import CAnalogKernels
import XCTest
@testable import Analog

/// The vector normals (sixteen xoshiro128++ lanes and Box–Muller in C) against their definition,
/// recomputed here lane by lane in Swift: the same bits whichever CPU version the loader picked.
final class VectorNormalsTests: XCTestCase {
    /// xoshiro128++ on one lane, and Box–Muller with the same float operations as the C kernel.
    struct ReferenceLane {
        var s: (UInt32, UInt32, UInt32, UInt32)

        mutating func next() -> UInt32 {
            func rotl(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << k) | (x >> (32 - k)) }
            let result = rotl(s.0 &+ s.3, 7) &+ s.0
            let t = s.1 << 9
            s.2 ^= s.0
            s.3 ^= s.1
            s.1 ^= s.2
            s.0 ^= s.3
            s.2 ^= t
            s.3 = rotl(s.3, 11)
            return result
        }
    }

    static func logarithm(_ x: Float) -> Float {
        let b = x.bitPattern
        var e = Int32(b >> 23) - 127
        var m = Float(bitPattern: (b & 0x7F_FFFF) | 0x3F80_0000)
        if m > 1.414_213_56 {
            m *= 0.5
            e += 1
        }
        let t = (m - 1) / (m + 1), t2 = t * t
        let c9: Float = 1 / 9, c7: Float = 1 / 7, c5: Float = 1 / 5, c3: Float = 1 / 3
        var series = t2 * c9 + c7
        series = series * t2 + c5
        series = series * t2 + c3
        series = series * t2 + 1
        return Float(e) * 0.693_147_18 + 2 * t * series
    }

    static func sineCosine(_ x: Float) -> (Float, Float) {
        let x2 = x * x
        let s9: Float = 1 / 362_880, s7: Float = 1 / 5040, s5: Float = 1 / 120, s3: Float = 1 / 6
        var sine = x2 * s9 - s7
        sine = sine * x2 + s5
        sine = sine * x2 - s3
        sine = (sine * x2 + 1) * x
        let c10: Float = -1 / 3_628_800, c8: Float = 1 / 40320, c6: Float = 1 / 720, c4: Float = 1 / 24
        var cosine = x2 * c10 + c8
        cosine = cosine * x2 - c6
        cosine = cosine * x2 + c4
        cosine = cosine * x2 - 0.5
        cosine = cosine * x2 + 1
        return (sine, cosine)
    }

    func testTheKernelComputesItsDefinitionBitForBit() throws {
        let lanes = Int(CROSSBAR_LANES)
        var state = (0..<Int(CROSSBAR_STATE_WORDS)).map { UInt32($0 + 1) &* 0x9E37_79B9 }
        var reference = (0..<lanes).map { l in ReferenceLane(s: (state[l], state[lanes + l], state[2 * lanes + l], state[3 * lanes + l])) }
        let count = 3 * 2 * lanes + 5  // three whole blocks and a partial one
        var out = [Float](repeating: 0, count: count)
        crossbar_fill_normals(&state, &out, Int64(count), 0.7)
        var expected: [Float] = []
        while expected.count < count {
            var first: [Float] = [], second: [Float] = []
            let radiusWords = (0..<lanes).map { reference[$0].next() }
            let angleWords = (0..<lanes).map { reference[$0].next() }
            for l in 0..<lanes {
                let u1 = (Float(Int32(radiusWords[l] >> 1)) + 1) * 0x1p-31
                let r2 = -2 * VectorNormalsTests.logarithm(u1)
                let radius = (r2 > 0 ? r2 : 0).squareRoot()
                let quadrant = angleWords[l] >> 30
                let theta = (Float(Int32((angleWords[l] >> 6) & 0xFF_FFFF)) * 0x1p-24 - 0.5) * 1.570_796_33
                let (sn, cs) = VectorNormalsTests.sineCosine(theta)
                let odd = quadrant & 1 == 1
                let x = odd ? sn : cs, y = odd ? cs : sn
                let xSign: UInt32 = ((quadrant + 1) & 2) << 30, ySign: UInt32 = (quadrant & 2) << 30
                first.append(radius * Float(bitPattern: x.bitPattern ^ xSign))
                second.append(radius * Float(bitPattern: y.bitPattern ^ ySign))
            }
            expected += (first + second).map { 0.7 * $0 }
        }
        XCTAssertEqual(out, Array(expected.prefix(count)))
    }

    func testPolynomialsAgainstTheLibrary() {
        var rng = Philox(seed: 8)
        for _ in 0..<10_000 {
            let x = Float(exp(Double(rng.uniform()) * -21.5))  // 2⁻³¹…1, the range of u₁
            XCTAssertEqual(Double(crossbar_log(x)), log(Double(x)), accuracy: 4e-7 * max(1, abs(log(Double(x)))))
            let theta = (rng.uniform() - 0.5) * Float.pi / 2
            XCTAssertEqual(Double(crossbar_sin_quarter(theta)), sin(Double(theta)), accuracy: 2e-7)
            XCTAssertEqual(Double(crossbar_cos_quarter(theta)), cos(Double(theta)), accuracy: 2e-7)
        }
    }

    func testNormalsUniformsAndStreams() {
        var a = VectorNormals(seed: 3, stream: 1), b = VectorNormals(seed: 3, stream: 1), c = VectorNormals(seed: 3, stream: 2)
        var x = [Float](repeating: 0, count: 200_000), y = x, z = x
        a.fillNormal(&x)
        b.fillNormal(&y)
        c.fillNormal(&z)
        XCTAssertEqual(x, y, "a (seed, stream) pair is one sequence")
        XCTAssertNotEqual(x, z)
        let mean = x.reduce(0, +) / Float(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(x.count - 1)
        XCTAssertEqual(mean, 0, accuracy: 5 / Float(x.count).squareRoot())
        XCTAssertEqual(variance.squareRoot(), 1, accuracy: 0.008)
        XCTAssertLessThanOrEqual(x.map(abs).max() ?? 0, 6.56, "u₁ ≥ 2⁻³¹ bounds |z|")
        assertStandardNormal(x)
        // The two outputs of a pair (16 apart) and neighbouring lanes are uncorrelated.
        for lag in [1, 16] {
            let pairs = stride(from: 0, to: x.count - lag, by: 32).map { Double(x[$0] * x[$0 + lag]) }
            XCTAssertEqual(pairs.reduce(0, +) / Double(pairs.count), 0, accuracy: 5 / Double(pairs.count).squareRoot(), "lag \(lag)")
        }
        var u = [Float](repeating: 0, count: 100_000)
        a.fillUniform(&u)
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / Float(u.count), 0.5, accuracy: 5 * 0.2887 / Float(u.count).squareRoot())
    }
}
