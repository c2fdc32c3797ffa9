import Foundation

/// wyrand (Wang Yi's 64-bit generator, from wyhash): a Weyl sequence mixed by one 64×64→128-bit
/// multiply. It passes BigCrush and PractRand and costs about a nanosecond per 64-bit word, against
/// about 7 ns for the two Philox words one normal needs. The hot loops of reads and pulsed updates
/// draw their noise from it; every stream starts from a (seed, stream) pair through Philox, so the
/// numbers stay reproducible and independent of core counts.
public struct Wyrand: Sendable {
    private var state: UInt64
    /// Held here so the hot path reaches the tables without a global's initialisation check.
    private let tables = ZigguratPointers.shared

    /// The stream `stream` of seed `seed` (seeded from Philox's block for that pair).
    public init(seed: UInt64, stream: UInt64) {
        var seeder = Philox(seed: seed, stream: stream)
        state = seeder.next()
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }

    /// Uniform in [0, 1), 24 random bits.
    @inline(__always)
    public mutating func uniform() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// A standard normal by the ziggurat method, from one 64-bit word in about 99 % of draws.
    @inline(__always)
    public mutating func normal() -> Float { zigguratNormal(tables) }

    /// Fills `values` with uniforms in [0, 1).
    public mutating func fillUniform(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = uniform() }
        }
    }

    /// Fills `values` with standard normals, one word each or (with `pairs`) two per word.
    public mutating func fillNormal(_ values: inout [Float], pairs: Bool = false) {
        values.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            if pairs {
                Converter.fillNormals(base, count: out.count, std: 1, rng: &self)
            } else {
                for i in out.indices { out[i] = normal() }
            }
        }
    }

    /// Two standard normals from one 64-bit word in about 98 % of draws: each half gives one, its
    /// low 7 bits the layer and the other 25 the value (ample for Float's 24-bit significand).
    @inline(__always)
    public mutating func normalPair() -> (Float, Float) {
        let t = tables
        let word = next()
        let low = UInt32(truncatingIfNeeded: word), high = UInt32(truncatingIfNeeded: word >> 32)
        let hz0 = Int32(bitPattern: low & 0xFFFF_FF80), iz0 = Int(low & 127)
        let hz1 = Int32(bitPattern: high & 0xFFFF_FF80), iz1 = Int(high & 127)
        let first = hz0.magnitude < t.k[iz0] ? Float(hz0) * t.w[iz0] : zigguratSlowPath(hz0, iz0, t)
        let second = hz1.magnitude < t.k[iz1] ? Float(hz1) * t.w[iz1] : zigguratSlowPath(hz1, iz1, t)
        return (first, second)
    }
}

extension Wyrand: ZigguratSource {
    /// The value from the high 32 bits, the layer from the low 7, so the two are independent.
    @inline(__always)
    mutating func zigguratDraw() -> (Int32, Int) {
        let word = next()
        return (Int32(truncatingIfNeeded: word >> 32), Int(word & 127))
    }

    @inline(__always)
    mutating func positiveUniform() -> Float { Float((next() >> 40) + 1) * 0x1p-24 }
}

/// A source of the normal draws a device step needs: Philox where a routine draws few, buffered
/// vector normals in the pulse loops.
protocol NormalSource {
    mutating func normal() -> Float
}

extension Philox: NormalSource {}
extension Wyrand: NormalSource {}
