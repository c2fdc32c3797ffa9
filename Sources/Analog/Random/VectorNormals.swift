import CAnalogKernels

/// Normals and uniforms sixteen lanes at a time: sixteen xoshiro128++ generators side by side (Blackman
/// and Vigna 2018), each lane its own sequence, and the Box–Muller transform with polynomial
/// logarithm, sine and cosine (the C target `CAnalogKernels`). Nothing branches on the random
/// numbers, so the compiler emits vector instructions throughout, where the ziggurat needs a table
/// lookup and a rejection test per draw. Reads fill their noise with it.
///
/// Every lane is seeded from Philox for a (seed, stream) pair, so a stream is reproducible on every
/// machine. Box–Muller's u₁ has 31 bits and is never 0, so |z| ≤ 6.55: the normal's tail beyond
/// that (probability 6·10⁻¹¹) is not drawn.
public struct VectorNormals: Sendable {
    private var state: [UInt32]

    public init(seed: UInt64, stream: UInt64) {
        var seeder = Philox(seed: seed, stream: stream)
        var words = (0..<Int(CROSSBAR_STATE_WORDS)).map { _ in seeder.nextUInt32() }
        // xoshiro's state must not be zero in any lane.
        let lanes = Int(CROSSBAR_LANES)
        for lane in 0..<lanes where (0..<4).allSatisfy({ words[$0 * lanes + lane] == 0 }) { words[lane] = 1 }
        state = words
    }

    /// Fills `count` values with normals of standard deviation `std`.
    public mutating func fill(_ values: UnsafeMutablePointer<Float>, count: Int, std: Float) {
        guard count > 0 else { return }
        state.withUnsafeMutableBufferPointer { s in
            guard let base = s.baseAddress else { return }
            crossbar_fill_normals(base, values, Int64(count), std)
        }
    }

    /// Fills an array with standard normals.
    public mutating func fillNormal(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { out in
            guard let base = out.baseAddress else { return }
            fill(base, count: out.count, std: 1)
        }
    }

    /// Fills an array with uniforms in [0, 1), 24 bits each.
    public mutating func fillUniform(_ values: inout [Float]) {
        values.withUnsafeMutableBufferPointer { out in
            state.withUnsafeMutableBufferPointer { s in
                guard let base = out.baseAddress, let stateBase = s.baseAddress else { return }
                crossbar_fill_uniforms(stateBase, base, Int64(out.count))
            }
        }
    }
}

/// Vector normals handed out one at a time, for loops that need a normal per step (pulsed updates):
/// a buffer of 512 is refilled when used up. The owner calls `release()` when done.
struct BufferedNormals: NormalSource {
    static let capacity = 512
    private var source: VectorNormals
    private let buffer: UnsafeMutablePointer<Float>
    private var next = BufferedNormals.capacity

    init(seed: UInt64, stream: UInt64) {
        source = VectorNormals(seed: seed, stream: stream)
        buffer = .allocate(capacity: BufferedNormals.capacity)
    }

    @inline(__always)
    mutating func normal() -> Float {
        if next == BufferedNormals.capacity {
            source.fill(buffer, count: BufferedNormals.capacity, std: 1)
            next = 0
        }
        defer { next += 1 }
        return buffer[next]
    }

    func release() { buffer.deallocate() }
}
