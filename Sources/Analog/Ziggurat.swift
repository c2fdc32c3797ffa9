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

extension Philox {
    /// A standard normal by the ziggurat method. The layer comes from other bits than the value, so
    /// the two are independent.
    @inline(__always)
    mutating func zigguratNormal(_ t: ZigguratPointers) -> Float {
        while true {
            let hz = Int32(bitPattern: nextUInt32())
            let iz = Int(nextUInt32() & 127)
            if hz.magnitude < t.k[iz] { return Float(hz) * t.w[iz] }
            let x = Float(hz) * t.w[iz]
            if iz == 0 {
                // The tail beyond r, by Marsaglia's exponential method.
                var tailX: Float, tailY: Float
                repeat {
                    tailX = -logf(Float((nextUInt32() >> 8) + 1) * 0x1p-24) / Float(ZigguratTables.r)
                    tailY = -logf(Float((nextUInt32() >> 8) + 1) * 0x1p-24)
                } while tailY + tailY < tailX * tailX
                return hz > 0 ? Float(ZigguratTables.r) + tailX : -Float(ZigguratTables.r) - tailX
            }
            // The wedge between two layers: accept under the density.
            if t.f[iz] + uniform() * (t.f[iz - 1] - t.f[iz]) < expf(-0.5 * x * x) { return x }
        }
    }
}
