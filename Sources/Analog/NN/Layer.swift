/// A batch flowing through a network: one row per sample, and the shape each sample has
/// ([features], or [channels, height, width] for images). The row holds the sample's values in
/// that shape's order (channel by channel, row by row).
public struct Batch: Sendable {
    public var values: Tensor
    public var shape: [Int]

    public init(_ values: Tensor, shape: [Int]? = nil) throws {
        let shape = shape ?? [values.cols]
        let size = try sampleSize(shape)
        guard size == values.cols else {
            throw AnalogError(.shape, "a sample of shape \(shape) has \(size) values, not \(values.cols)")
        }
        self.values = values
        self.shape = shape
    }

    public var count: Int { values.rows }
    public var features: Int { values.cols }
}

/// The number of values in a sample of `shape`: every size positive, the product within a tensor's limit.
func sampleSize(_ shape: [Int]) throws -> Int {
    guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else { throw AnalogError(.shape, "a sample shape needs positive sizes, not \(shape)") }
    var product = 1
    for d in shape {
        let (p, overflow) = product.multipliedReportingOverflow(by: d)
        guard !overflow, p <= Tensor.maxElements else { throw AnalogError(.shape, "samples of shape \(shape) are too large") }
        product = p
    }
    return product
}

/// How many parameters a layer keeps on analog tiles and how many digitally.
public struct ParameterCounts: Sendable, Equatable {
    public var analog = 0
    public var digital = 0
    public init(analog: Int = 0, digital: Int = 0) {
        self.analog = analog
        self.digital = digital
    }
}

/// The optimizer's settings for one step (AIHWKit's AnalogSGD: SGD with momentum and weight decay
/// on digital parameters and floating-point tiles; pulsed tiles take plain lr steps).
public struct StepSettings: Sendable {
    public var lr: Float
    public var momentum: Float = 0
    public var weightDecay: Float = 0
    public init(lr: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
    }
}

/// One layer of a network. Forward in training mode remembers what backward needs; backward
/// returns the gradient with respect to the input and keeps the parameters' gradients for `step`.
public protocol Layer: AnyObject {
    /// The kind shown in summaries ("AnalogLinear", "ReLU").
    var kind: String { get }
    /// The shape of one output sample for one input sample's shape (an error when it does not fit).
    func outputShape(for input: [Int]) throws -> [Int]
    func forward(_ x: Batch, training: Bool) throws -> Batch
    func backward(_ dy: Batch) throws -> Batch
    /// Applies the gradients of the last backward.
    func step(_ settings: StepSettings) throws
    var parameterCounts: ParameterCounts { get }
    /// The analog tiles the layer's weights live on (none for digital layers).
    var tiles: [AnalogTile] { get }
    /// A short description of the layer's settings for summaries ("784→256, bias").
    var details: String { get }
}

extension Layer {
    public var tiles: [AnalogTile] { [] }
    public var parameterCounts: ParameterCounts { ParameterCounts() }
    public func step(_ settings: StepSettings) throws {}
}

/// A trainable digital tensor with its gradient and momentum buffer.
struct Parameter {
    var value: Tensor
    var gradient: Tensor
    var velocity: Tensor?

    init(_ value: Tensor) {
        self.value = value
        gradient = Tensor(uncheckedRows: value.rows, cols: value.cols)
    }

    /// SGD with momentum and weight decay: v ← μv + g + λw; w ← w − lr·v.
    mutating func step(_ s: StepSettings) {
        var g = gradient
        if s.weightDecay != 0 {
            for i in g.values.indices { g.values[i] += s.weightDecay * value.values[i] }
        }
        if s.momentum != 0 {
            var v = velocity ?? Tensor(uncheckedRows: g.rows, cols: g.cols)
            for i in v.values.indices { v.values[i] = s.momentum * v.values[i] + g.values[i] }
            velocity = v
            g = v
        }
        for i in value.values.indices { value.values[i] -= s.lr * g.values[i] }
    }
}

/// A layer's starting weights (outputs × fanIn) and bias, as PyTorch's Linear and Conv2d draw
/// them: uniform in ±1/sqrt(fan-in) (Kaiming uniform with a = sqrt(5)), so that networks built here
/// start where their PyTorch twins would. Drawn from the layer's seed and a stream per layer family.
func initialParameters(outputs: Int, fanIn: Int, bias: Bool, seed: UInt64, stream: UInt64) throws -> (weights: Tensor, bias: Parameter?) {
    var rng = Philox(seed: seed, stream: stream)
    let bound = 1 / Float(Swift.max(1, fanIn)).squareRoot()
    let weights = try Tensor.uniform(rows: outputs, cols: fanIn, lower: -bound, upper: bound, rng: &rng)
    let b = bias ? Parameter(try Tensor.uniform(rows: 1, cols: outputs, lower: -bound, upper: bound, rng: &rng)) : nil
    return (weights, b)
}

/// Checks a sample fits a dense layer of `inputs` values (`kind` names it in the error).
func checkDenseInput(_ input: [Int], kind: String, inputs: Int, outputs: Int) throws {
    let size = try sampleSize(input)
    guard size == inputs else { throw AnalogError(.shape, "\(kind)(\(inputs)→\(outputs)) gets samples of \(size) values") }
}

/// Replaces a layer's bias, checking it has one of the right length.
func replaceLayerBias(_ bias: inout Parameter?, with values: [Float], outputs: Int) throws {
    guard bias != nil, values.count == outputs else { throw AnalogError(.shape, "the bias needs \(outputs) values (and the layer a bias)") }
    bias?.value = try Tensor(vector: values)
}
