/// The geometry of a 2-D convolution or pooling window over [C, H, W] samples.
struct Window: Sendable, Equatable {
    let kernel: Int
    let stride: Int
    let padding: Int

    func outputSize(_ n: Int) -> Int { (n + 2 * padding - kernel) / stride + 1 }

    /// Kernels, strides and padding beyond this are refused (no image is that large).
    static let limit = 4096

    static func validate(kernel: Int, stride: Int, padding: Int, _ what: String) throws {
        guard (1...limit).contains(kernel), (1...limit).contains(stride), (0...limit).contains(padding) else {
            throw AnalogError(.configuration, "\(what) needs kernel and stride in 1…\(limit) and padding in 0…\(limit)")
        }
    }

    /// A convolution's window and starting kernel matrix (out × in·k·k) and bias, checked.
    static func convolution(_ what: String, inChannels: Int, outChannels: Int, kernel: Int, stride: Int, padding: Int,
                            bias: Bool, seed: UInt64) throws -> (window: Window, kernel: Tensor, bias: Parameter?) {
        guard inChannels > 0, outChannels > 0 else { throw AnalogError(.configuration, "\(what) needs positive channel counts") }
        try validate(kernel: kernel, stride: stride, padding: padding, what)
        let fanIn = try sampleSize([inChannels, kernel, kernel])
        let start = try initialParameters(outputs: outChannels, fanIn: fanIn, bias: bias, seed: seed, stream: 33)
        return (Window(kernel: kernel, stride: stride, padding: padding), start.weights, start.bias)
    }

    func check(_ shape: [Int], _ what: String) throws -> (c: Int, h: Int, w: Int, oh: Int, ow: Int) {
        guard shape.count == 3 else { throw AnalogError(.shape, "\(what) needs image samples [channels, height, width], not \(shape)") }
        _ = try sampleSize(shape)
        let (c, h, w) = (shape[0], shape[1], shape[2])
        guard h + 2 * padding >= kernel, w + 2 * padding >= kernel else {
            throw AnalogError(.shape, "\(what): a \(kernel)×\(kernel) window does not fit \(h)×\(w) images with padding \(padding)")
        }
        return (c, h, w, outputSize(h), outputSize(w))
    }
}

/// For one sample of [C, H, W], the image index each patch value reads (row by row over output
/// positions, C·k·k values per position ordered channel, kernel row, kernel column), or −1 where
/// the window hangs over the zero padding. im2col gathers through it; col2im scatters back.
func patchIndices(channels c: Int, height h: Int, width w: Int, window: Window) -> [Int] {
    let k = window.kernel
    let oh = window.outputSize(h), ow = window.outputSize(w)
    var indices = [Int](repeating: -1, count: oh * ow * c * k * k)
    var at = 0
    for oy in 0..<oh {
        for ox in 0..<ow {
            for ch in 0..<c {
                for ky in 0..<k {
                    let iy = oy * window.stride + ky - window.padding
                    for kx in 0..<k {
                        let ix = ox * window.stride + kx - window.padding
                        if iy >= 0, iy < h, ix >= 0, ix < w { indices[at] = (ch * h + iy) * w + ix }
                        at += 1
                    }
                }
            }
        }
    }
    return indices
}

/// Unfolds images into patches: one row per (sample, output position), C·k·k values per row.
func im2col(_ x: Tensor, channels c: Int, height h: Int, width w: Int, window: Window) throws -> Tensor {
    let patch = c * window.kernel * window.kernel
    let positions = window.outputSize(h) * window.outputSize(w)
    let (rows, overflow) = x.rows.multipliedReportingOverflow(by: positions)
    guard !overflow else { throw AnalogError(.shape, "the unfolded patches would be too large") }
    try Tensor.checkShape(rows, patch)
    let indices = patchIndices(channels: c, height: h, width: w, window: window)
    let perSample = indices.count
    var out = Tensor(uncheckedRows: rows, cols: patch)
    for b in 0..<x.rows {
        let sample = b * c * h * w, row = b * perSample
        for (k, source) in indices.enumerated() where source >= 0 { out.values[row + k] = x.values[sample + source] }
    }
    return out
}

/// The adjoint of `im2col`: patch gradients summed back into image gradients.
func col2im(_ patches: Tensor, batch: Int, channels c: Int, height h: Int, width w: Int, window: Window) -> Tensor {
    let indices = patchIndices(channels: c, height: h, width: w, window: window)
    let perSample = indices.count
    var out = Tensor(uncheckedRows: batch, cols: c * h * w)
    for b in 0..<batch {
        let sample = b * c * h * w, row = b * perSample
        for (k, target) in indices.enumerated() where target >= 0 { out.values[sample + target] += patches.values[row + k] }
    }
    return out
}

/// Rows of (sample, position) × channels → samples of [channels, positions] (and back).
func positionsToChannels(_ m: Tensor, batch: Int, positions: Int) -> Tensor {
    let channels = m.cols
    var out = Tensor(uncheckedRows: batch, cols: channels * positions)
    for b in 0..<batch {
        for p in 0..<positions {
            for ch in 0..<channels { out.values[b * channels * positions + ch * positions + p] = m.values[(b * positions + p) * channels + ch] }
        }
    }
    return out
}

func channelsToPositions(_ m: Tensor, batch: Int, channels: Int) -> Tensor {
    let positions = m.cols / channels
    var out = Tensor(uncheckedRows: batch * positions, cols: channels)
    for b in 0..<batch {
        for p in 0..<positions {
            for ch in 0..<channels { out.values[(b * positions + p) * channels + ch] = m.values[b * channels * positions + ch * positions + p] }
        }
    }
    return out
}

/// What the digital and analog convolutions share: the window, the unfolding, the bias, the
/// reshaping of outputs; they differ in where the kernel matrix (out × C·k·k) lives.
protocol ConvolutionCore: AnyObject {
    var inChannels: Int { get }
    var outChannels: Int { get }
    var window: Window { get }
    var bias: Parameter? { get set }
    var lastGeometry: (batch: Int, h: Int, w: Int)? { get set }
    /// patches (rows × C·k·k) → outputs (rows × out).
    func multiply(_ patches: Tensor, training: Bool) throws -> Tensor
    /// output gradients (rows × out) → patch gradients, keeping the kernel's gradient.
    func multiplyBackward(_ dy: Tensor) throws -> Tensor
}

extension ConvolutionCore {
    var convolutionDetails: String {
        "\(inChannels)→\(outChannels), \(window.kernel)×\(window.kernel), stride \(window.stride), padding \(window.padding)"
    }

    func convolutionShape(_ input: [Int], _ what: String) throws -> [Int] {
        let g = try window.check(input, what)
        guard g.c == inChannels else { throw AnalogError(.shape, "\(what) takes \(inChannels) channels, not \(g.c)") }
        return [outChannels, g.oh, g.ow]
    }

    func convolve(_ x: Batch, training: Bool, _ what: String) throws -> Batch {
        let shape = try convolutionShape(x.shape, what)
        let (h, w) = (x.shape[1], x.shape[2])
        let patches = try im2col(x.values, channels: inChannels, height: h, width: w, window: window)
        var y = try multiply(patches, training: training)
        if let b = bias { addBias(&y, b.value.values) }
        if training { lastGeometry = (x.count, h, w) }
        return try Batch(positionsToChannels(y, batch: x.count, positions: shape[1] * shape[2]), shape: shape)
    }

    func convolveBackward(_ dy: Batch) throws -> Batch {
        guard let g = lastGeometry else { throw AnalogError(.state, "backward needs a training forward first") }
        let rows = channelsToPositions(dy.values, batch: g.batch, channels: outChannels)
        if bias != nil { bias?.gradient = try Tensor(vector: columnSums(rows)) }
        let patchGradients = try multiplyBackward(rows)
        let dx = col2im(patchGradients, batch: g.batch, channels: inChannels, height: g.h, width: g.w, window: window)
        return try Batch(dx, shape: [inChannels, g.h, g.w])
    }
}

/// A digital 2-D convolution (PyTorch's `nn.Conv2d`), computed as im2col and one matrix product.
public final class Conv2d: Layer, ConvolutionCore {
    public let inChannels: Int
    public let outChannels: Int
    let window: Window
    var kernelMatrix: Parameter
    var bias: Parameter?
    var lastGeometry: (batch: Int, h: Int, w: Int)?
    private var lastPatches: Tensor?

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true,
                seed: UInt64 = 0) throws {
        let start = try Window.convolution("Conv2d", inChannels: inChannels, outChannels: outChannels, kernel: kernel, stride: stride,
                                           padding: padding, bias: bias, seed: seed)
        self.inChannels = inChannels
        self.outChannels = outChannels
        window = start.window
        kernelMatrix = Parameter(start.kernel)
        self.bias = start.bias
    }

    public var kind: String { "Conv2d" }
    public var details: String { convolutionDetails }
    public var weights: Tensor { kernelMatrix.value }
    public var parameterCounts: ParameterCounts { ParameterCounts(digital: kernelMatrix.value.count + (bias == nil ? 0 : outChannels)) }
    public func outputShape(for input: [Int]) throws -> [Int] { try convolutionShape(input, "Conv2d") }
    public func forward(_ x: Batch, training: Bool) throws -> Batch { try convolve(x, training: training, "Conv2d") }
    public func backward(_ dy: Batch) throws -> Batch { try convolveBackward(dy) }

    func multiply(_ patches: Tensor, training: Bool) throws -> Tensor {
        if training { lastPatches = patches }
        return try patches.matmul(kernelMatrix.value, transposeOther: true)
    }

    func multiplyBackward(_ dy: Tensor) throws -> Tensor {
        guard let patches = lastPatches else { throw AnalogError(.state, "backward needs a training forward first") }
        kernelMatrix.gradient = try dy.matmul(patches, transposeSelf: true)
        return try dy.matmul(kernelMatrix.value)
    }

    public func step(_ s: StepSettings) throws {
        kernelMatrix.step(s)
        bias?.step(s)
        lastPatches = nil
    }
}

/// A 2-D convolution on analog tiles (AIHWKit's `AnalogConv2d`): the kernel is an
/// out × C·k·k matrix on tiles, and each output position is one analog read of its patch.
public final class AnalogConv2d: Layer, ConvolutionCore {
    public let inChannels: Int
    public let outChannels: Int
    let window: Window
    public let array: TileArray
    var bias: Parameter?
    var lastGeometry: (batch: Int, h: Int, w: Int)?
    public var config: TileConfig { array.config }

    public init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0, bias: Bool = true,
                config: TileConfig = .inference(), seed: UInt64 = 0) throws {
        let start = try Window.convolution("AnalogConv2d", inChannels: inChannels, outChannels: outChannels, kernel: kernel,
                                           stride: stride, padding: padding, bias: bias, seed: seed)
        self.inChannels = inChannels
        self.outChannels = outChannels
        window = start.window
        array = try TileArray(outputs: outChannels, inputs: start.kernel.cols, config: config, seed: seed)
        try array.setWeights(start.kernel)
        self.bias = start.bias
    }

    public var kind: String { "AnalogConv2d" }
    public var details: String { convolutionDetails }
    public var tiles: [AnalogTile] { array.tiles }
    public var tileGrid: (rows: Int, cols: Int) { (array.rowBlocks.count, array.colBlocks.count) }
    public var weights: Tensor { array.weights }
    public func setWeights(_ w: Tensor) throws { try array.setWeights(w) }
    public var parameterCounts: ParameterCounts {
        ParameterCounts(analog: outChannels * inChannels * window.kernel * window.kernel, digital: bias == nil ? 0 : outChannels)
    }
    public func outputShape(for input: [Int]) throws -> [Int] { try convolutionShape(input, "AnalogConv2d") }
    public func forward(_ x: Batch, training: Bool) throws -> Batch { try convolve(x, training: training, "AnalogConv2d") }
    public func backward(_ dy: Batch) throws -> Batch { try convolveBackward(dy) }
    func multiply(_ patches: Tensor, training: Bool) throws -> Tensor { try array.forward(patches, training: training) }
    func multiplyBackward(_ dy: Tensor) throws -> Tensor { try array.backward(dy) }

    public func step(_ s: StepSettings) throws {
        try array.step(s)
        bias?.step(s)
    }
}
