/// 2-D pooling over [C, H, W] samples: the largest value (`MaxPool2d`) or the mean (`AvgPool2d`)
/// of each k×k window, channel by channel.
public final class Pool2d: Layer {
    public enum Reduction: String, Sendable { case max, average }

    public let reduction: Reduction
    let window: Window
    /// For max pooling, the input index each output came from; for backward.
    private var lastArgmax: [Int]?
    private var lastShape: [Int]?

    public init(_ reduction: Reduction, kernel: Int, stride: Int? = nil) throws {
        guard (1...Window.limit).contains(kernel), (1...Window.limit).contains(stride ?? kernel) else {
            throw AnalogError(.configuration, "pooling needs a positive kernel and stride")
        }
        self.reduction = reduction
        window = Window(kernel: kernel, stride: stride ?? kernel, padding: 0)
    }

    public var kind: String { reduction == .max ? "MaxPool2d" : "AvgPool2d" }
    public var details: String { "\(window.kernel)×\(window.kernel), stride \(window.stride)" }

    public func outputShape(for input: [Int]) throws -> [Int] {
        let g = try window.check(input, kind)
        return [g.c, g.oh, g.ow]
    }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        let g = try window.check(x.shape, kind)
        let k = window.kernel
        var y = try Tensor(rows: x.count, cols: g.c * g.oh * g.ow)
        var argmax = [Int](repeating: 0, count: reduction == .max ? y.count : 0)
        let scale = 1 / Float(k * k)
        for b in 0..<x.count {
            for ch in 0..<g.c {
                let plane = b * g.c * g.h * g.w + ch * g.h * g.w
                for oy in 0..<g.oh {
                    for ox in 0..<g.ow {
                        var best = -Float.infinity, total: Float = 0
                        var bestAt = plane + (oy * window.stride) * g.w + ox * window.stride
                        for ky in 0..<k {
                            for kx in 0..<k {
                                let at = plane + (oy * window.stride + ky) * g.w + ox * window.stride + kx
                                let v = x.values.values[at]
                                total += v
                                if v > best { best = v; bestAt = at }
                            }
                        }
                        let out = b * g.c * g.oh * g.ow + (ch * g.oh + oy) * g.ow + ox
                        if reduction == .max {
                            y.values[out] = best
                            argmax[out] = bestAt
                        } else {
                            y.values[out] = total * scale
                        }
                    }
                }
            }
        }
        if training {
            lastArgmax = argmax
            lastShape = x.shape
        }
        return try Batch(y, shape: [g.c, g.oh, g.ow])
    }

    public func backward(_ dy: Batch) throws -> Batch {
        guard let shape = lastShape else { throw AnalogError(.state, "backward needs a training forward first") }
        let g = try window.check(shape, kind)
        var dx = try Tensor(rows: dy.count, cols: shape.reduce(1, *))
        if reduction == .max, let argmax = lastArgmax, argmax.count == dy.values.count {
            for i in dy.values.values.indices { dx.values[argmax[i]] += dy.values.values[i] }
        } else {
            let k = window.kernel
            let scale = 1 / Float(k * k)
            for b in 0..<dy.count {
                for ch in 0..<g.c {
                    let plane = b * g.c * g.h * g.w + ch * g.h * g.w
                    for oy in 0..<g.oh {
                        for ox in 0..<g.ow {
                            let grad = dy.values.values[b * g.c * g.oh * g.ow + (ch * g.oh + oy) * g.ow + ox] * scale
                            for ky in 0..<k {
                                for kx in 0..<k { dx.values[plane + (oy * window.stride + ky) * g.w + ox * window.stride + kx] += grad }
                            }
                        }
                    }
                }
            }
        }
        return try Batch(dx, shape: shape)
    }
}
