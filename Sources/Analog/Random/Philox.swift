/// Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
/// counter-based generator. A (seed, stream) pair names an independent sequence, so every tile,
/// layer or sample can own a stream without sharing state, and the same seed always gives the same
/// numbers on every machine.
public struct Philox: Sendable, RandomNumberGenerator {
    private var key: (UInt32, UInt32)
    private var counter: (UInt32, UInt32, UInt32, UInt32)
    private var block: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
    private var used = 4
    /// The second normal of the last Box–Muller pair, when it has not been used yet.
    private var spareNormal: Float?

    /// The stream `stream` of the generator seeded with `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        key = (UInt32(truncatingIfNeeded: seed), UInt32(truncatingIfNeeded: seed >> 32))
        counter = (0, 0, UInt32(truncatingIfNeeded: stream), UInt32(truncatingIfNeeded: stream >> 32))
    }

    /// Starts at an explicit key and counter (for the published test vectors).
    init(key: (UInt32, UInt32), counter: (UInt32, UInt32, UInt32, UInt32)) {
        self.key = key
        self.counter = counter
    }

    /// An independent generator: same seed, another stream.
    public func split(_ stream: UInt64) -> Philox {
        var other = Philox(seed: UInt64(key.0) | UInt64(key.1) << 32, stream: 0)
        // Mix this generator's stream into the new one so that splits of splits stay distinct.
        let base = UInt64(counter.2) | UInt64(counter.3) << 32
        let mixed = (base &* 0x9E37_79B9_7F4A_7C15) ^ (stream &+ 0x632B_E59B_D9B4_E019)
        other.counter.2 = UInt32(truncatingIfNeeded: mixed)
        other.counter.3 = UInt32(truncatingIfNeeded: mixed >> 32)
        return other
    }

    @inline(__always)
    private static func mulhilo(_ a: UInt32, _ b: UInt32) -> (hi: UInt32, lo: UInt32) {
        let p = UInt64(a) &* UInt64(b)
        return (UInt32(truncatingIfNeeded: p >> 32), UInt32(truncatingIfNeeded: p))
    }

    /// The ten-round Philox bijection of a counter under a key.
    static func block(_ c: (UInt32, UInt32, UInt32, UInt32), _ k: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var c = c
        var k = k
        for round in 0..<10 {
            if round > 0 {
                k.0 &+= 0x9E37_79B9
                k.1 &+= 0xBB67_AE85
            }
            let (hi0, lo0) = mulhilo(0xD251_1F53, c.0)
            let (hi1, lo1) = mulhilo(0xCD9E_8D57, c.2)
            c = (hi1 ^ c.1 ^ k.0, lo1, hi0 ^ c.3 ^ k.1, lo0)
        }
        return c
    }

    private mutating func refill() {
        block = Philox.block(counter, key)
        used = 0
        // A 64-bit block index in the low words; the stream lives in the high words.
        counter.0 &+= 1
        if counter.0 == 0 { counter.1 &+= 1 }
    }

    @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if used == 4 { refill() }
        defer { used += 1 }
        switch used {
        case 0: return block.0
        case 1: return block.1
        case 2: return block.2
        default: return block.3
        }
    }

    public mutating func next() -> UInt64 {
        UInt64(nextUInt32()) | UInt64(nextUInt32()) << 32
    }

    /// Uniform in [0, 1), 24 random bits.
    @inline(__always)
    public mutating func uniform() -> Float {
        Float(nextUInt32() >> 8) * 0x1p-24
    }

    /// Standard normal (ziggurat method).
    public mutating func normal() -> Float {
        zigguratNormal(ZigguratPointers.shared)
    }

    /// Standard normal with the tables passed in (hot loops fetch them once).
    @inline(__always)
    mutating func normal(_ tables: ZigguratPointers) -> Float {
        zigguratNormal(tables)
    }

    /// Standard normal by Box–Muller (pairs used in full); kept as an independent check of the ziggurat.
    public mutating func boxMullerNormal() -> Float {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // u1 in (0, 1] so the logarithm is finite.
        let u1 = Float((nextUInt32() >> 8) + 1) * 0x1p-24
        let u2 = Float(nextUInt32() >> 8) * 0x1p-24
        let r = (-2 * logf(u1)).squareRoot()
        let theta = 2 * Float.pi * u2
        spareNormal = r * sinf(theta)
        return r * cosf(theta)
    }

    /// Fills `values` with normals of the given mean and standard deviation (ziggurat method).
    public mutating func fillNormal(_ values: inout [Float], mean: Float = 0, std: Float = 1) {
        let tables = ZigguratPointers.shared
        values.withUnsafeMutableBufferPointer { out in
            for i in out.indices { out[i] = mean + std * zigguratNormal(tables) }
        }
    }

    /// Fills `values` with uniforms in [lower, upper).
    public mutating func fillUniform(_ values: inout [Float], lower: Float = 0, upper: Float = 1) {
        let span = upper - lower
        for i in values.indices { values[i] = lower + span * uniform() }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
