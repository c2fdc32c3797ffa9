import Foundation

/// wyrand (Wang Yi's 64-bit generator, from wyhash): a Weyl sequence mixed by one 64×64→128-bit
/// multiply. It passes BigCrush and PractRand and costs about a nanosecond per 64-bit word, against
/// about 3.5 ns for a Philox word: pulse trains draw their uniforms from it, and the rare
/// branches of reads (dithering, input noise) their draws. Every stream starts from a (seed,
/// stream) pair through Philox, so the numbers stay reproducible and independent of core counts.
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

    /// Fills `values` with standard normals.
    public mutating func fillNormal(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = normal() }
        }
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
