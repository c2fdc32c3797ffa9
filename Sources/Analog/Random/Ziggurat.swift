import Foundation

/// Tables of the ziggurat method for the standard normal (Marsaglia and Tsang, "The ziggurat
/// method for generating random variables", J. Stat. Softw. 5(8), 2000), 128 layers. About 99 % of
/// draws cost one table lookup and a multiply, against a logarithm and a sine for Box–Muller.
struct ZigguratTables: Sendable {
    static let layers = 128
    /// The start of the tail and the area of each layer.
    static let r: Double = 3.442619855899
    static let area: Double = 9.91256303526217e-3

    let k: [UInt32]
    let w: [Float]
    let f: [Float]

    static let shared = ZigguratTables()

    private init() {
        let m1: Double = 2_147_483_648  // 2^31
        var k = [UInt32](repeating: 0, count: ZigguratTables.layers)
        var w = [Float](repeating: 0, count: ZigguratTables.layers)
        var f = [Float](repeating: 0, count: ZigguratTables.layers)
        var dn = ZigguratTables.r
        var tn = dn
        let q = ZigguratTables.area / exp(-0.5 * dn * dn)
        k[0] = UInt32((dn / q) * m1)
        k[1] = 0
        w[0] = Float(q / m1)
        w[127] = Float(dn / m1)
        f[0] = 1
        f[127] = Float(exp(-0.5 * dn * dn))
        for i in stride(from: 126, through: 1, by: -1) {
            dn = (-2 * log(ZigguratTables.area / dn + exp(-0.5 * dn * dn))).squareRoot()
            k[i + 1] = UInt32((dn / tn) * m1)
            tn = dn
            f[i] = Float(exp(-0.5 * dn * dn))
            w[i] = Float(dn / m1)
        }
        self.k = k
        self.w = w
        self.f = f
    }
}

/// The ziggurat tables behind plain pointers: passing them around costs no reference counting,
/// which on a per-normal path would cost more than the draw itself. Allocated once, for the
/// process's lifetime.
struct ZigguratPointers: @unchecked Sendable {
    let k: UnsafePointer<UInt32>
    let w: UnsafePointer<Float>
    let f: UnsafePointer<Float>

    static let shared: ZigguratPointers = {
        let t = ZigguratTables.shared
        func pinned<T>(_ values: [T]) -> UnsafePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
            p.initialize(from: values, count: values.count)
            return UnsafePointer(p)
        }
        return ZigguratPointers(k: pinned(t.k), w: pinned(t.w), f: pinned(t.f))
    }()
}

/// A generator the ziggurat can draw from: a value and a layer from independent bits, and the
/// uniforms of the tail and the wedges.
protocol ZigguratSource {
    /// A signed 32-bit value and a layer in 0..<128.
    mutating func zigguratDraw() -> (Int32, Int)
    /// Uniform in (0, 1], for the tail's logarithms.
    mutating func positiveUniform() -> Float
    mutating func uniform() -> Float
}

extension ZigguratSource {
    /// A standard normal by the ziggurat method: about 99 % of draws are one table lookup and a
    /// multiply; the rest take the slow path.
    @inline(__always)
    mutating func zigguratNormal(_ t: ZigguratPointers) -> Float {
        let (hz, iz) = zigguratDraw()
        if hz.magnitude < t.k[iz] { return Float(hz) * t.w[iz] }
        return zigguratSlowPath(hz, iz, t)
    }

    /// The tail and the wedges for a draw the fast test refused, drawing again until one is accepted.
    /// Out of line, so the fast path stays small where it is inlined.
    @inline(never)
    mutating func zigguratSlowPath(_ firstHz: Int32, _ firstIz: Int, _ t: ZigguratPointers) -> Float {
        var (hz, iz) = (firstHz, firstIz)
        while true {
            if hz.magnitude < t.k[iz] { return Float(hz) * t.w[iz] }
            let x = Float(hz) * t.w[iz]
            if iz == 0 {
                // The tail beyond r, by Marsaglia's exponential method.
                var tailX: Float, tailY: Float
                repeat {
                    tailX = -logf(positiveUniform()) / Float(ZigguratTables.r)
                    tailY = -logf(positiveUniform())
                } while tailY + tailY < tailX * tailX
                return hz > 0 ? Float(ZigguratTables.r) + tailX : -Float(ZigguratTables.r) - tailX
            }
            // The wedge between two layers: accept under the density.
            if t.f[iz] + uniform() * (t.f[iz - 1] - t.f[iz]) < expf(-0.5 * x * x) { return x }
            (hz, iz) = zigguratDraw()
        }
    }
}

extension Philox: ZigguratSource {
    /// The value and the layer from two 32-bit words.
    @inline(__always)
    mutating func zigguratDraw() -> (Int32, Int) {
        let hz = Int32(bitPattern: nextUInt32())
        return (hz, Int(nextUInt32() & 127))
    }

    @inline(__always)
    mutating func positiveUniform() -> Float { Float((nextUInt32() >> 8) + 1) * 0x1p-24 }
}
