/// A fully connected digital layer: y = x·Wᵀ + b (PyTorch's `nn.Linear`).
public final class Linear: Layer {
    public let inputs: Int
    public let outputs: Int
    var weight: Parameter
    var bias: Parameter?
    private var lastInput: Tensor?

    public init(inputs: Int, outputs: Int, bias: Bool = true, seed: UInt64 = 0) throws {
        guard inputs > 0, outputs > 0 else { throw AnalogError(.configuration, "a Linear layer needs positive sizes, not \(inputs)→\(outputs)") }
        self.inputs = inputs
        self.outputs = outputs
        let start = try initialParameters(outputs: outputs, fanIn: inputs, bias: bias, seed: seed, stream: 31)
        weight = Parameter(start.weights)
        self.bias = start.bias
    }

    public var kind: String { "Linear" }
    public var details: String { "\(inputs)→\(outputs)\(bias == nil ? "" : ", bias")" }
    public var weights: Tensor { weight.value }
    public var biasValues: [Float]? { bias?.value.values }

    public func setWeights(_ w: Tensor, bias b: [Float]? = nil) throws {
        guard w.rows == outputs, w.cols == inputs else { throw AnalogError(.shape, "this layer holds \(outputs)×\(inputs) weights, not \(w.rows)×\(w.cols)") }
        weight.value = w
        if let b { try replaceLayerBias(&bias, with: b, outputs: outputs) }
    }

    public var parameterCounts: ParameterCounts { ParameterCounts(digital: inputs * outputs + (bias == nil ? 0 : outputs)) }

    public func outputShape(for input: [Int]) throws -> [Int] {
        try checkDenseInput(input, kind: kind, inputs: inputs, outputs: outputs)
        return [outputs]
    }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        _ = try outputShape(for: x.shape)
        if training { lastInput = x.values }
        var y = try x.values.matmul(weight.value, transposeOther: true)
        if let b = bias { addBias(&y, b.value.values) }
        return try Batch(y)
    }

    public func backward(_ dy: Batch) throws -> Batch {
        guard let x = lastInput else { throw AnalogError(.state, "backward needs a training forward first") }
        weight.gradient = try dy.values.matmul(x, transposeSelf: true)
        if bias != nil { bias?.gradient = try Tensor(vector: columnSums(dy.values)) }
        return try Batch(try dy.values.matmul(weight.value), shape: [inputs])
    }

    public func step(_ s: StepSettings) throws {
        weight.step(s)
        bias?.step(s)
        lastInput = nil
    }
}

/// A fully connected layer on analog tiles: y = tiles(x) + b, with a digital bias (AIHWKit's
/// `AnalogLinear` with `digital_bias`). Layers larger than the config's maximum tile size are split
/// over several tiles.
public final class AnalogLinear: Layer {
    public let inputs: Int
    public let outputs: Int
    public let array: TileArray
    var bias: Parameter?
    public var config: TileConfig { array.config }

    public init(inputs: Int, outputs: Int, bias: Bool = true, config: TileConfig = .inference(), seed: UInt64 = 0) throws {
        guard inputs > 0, outputs > 0 else { throw AnalogError(.configuration, "an AnalogLinear layer needs positive sizes, not \(inputs)→\(outputs)") }
        self.inputs = inputs
        self.outputs = outputs
        array = try TileArray(outputs: outputs, inputs: inputs, config: config, seed: seed)
        let start = try initialParameters(outputs: outputs, fanIn: inputs, bias: bias, seed: seed, stream: 31)
        try array.setWeights(start.weights)
        self.bias = start.bias
    }

    public var kind: String { "AnalogLinear" }
    public var details: String { "\(inputs)→\(outputs)\(bias == nil ? "" : ", digital bias")" }
    public var tiles: [AnalogTile] { array.tiles }
    public var tileGrid: (rows: Int, cols: Int) { (array.rowBlocks.count, array.colBlocks.count) }
    public var weights: Tensor { array.weights }
    public var biasValues: [Float]? { bias?.value.values }

    public func setWeights(_ w: Tensor, bias b: [Float]? = nil) throws {
        try array.setWeights(w)
        if let b { try replaceLayerBias(&bias, with: b, outputs: outputs) }
    }

    public var parameterCounts: ParameterCounts { ParameterCounts(analog: inputs * outputs, digital: bias == nil ? 0 : outputs) }

    public func outputShape(for input: [Int]) throws -> [Int] {
        try checkDenseInput(input, kind: kind, inputs: inputs, outputs: outputs)
        return [outputs]
    }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        _ = try outputShape(for: x.shape)
        var y = try array.forward(x.values, training: training)
        if let b = bias { addBias(&y, b.value.values) }
        return try Batch(y)
    }

    public func backward(_ dy: Batch) throws -> Batch {
        if bias != nil { bias?.gradient = try Tensor(vector: columnSums(dy.values)) }
        return try Batch(try array.backward(dy.values), shape: [inputs])
    }

    public func step(_ s: StepSettings) throws {
        try array.step(s)
        bias?.step(s)
    }
}

/// Adds `b` to every row of `y`.
func addBias(_ y: inout Tensor, _ b: [Float]) {
    for r in 0..<y.rows {
        for c in 0..<y.cols { y.values[r * y.cols + c] += b[c] }
    }
}

/// The sum of each column (a bias gradient over the batch).
func columnSums(_ m: Tensor) -> [Float] {
    var s = [Float](repeating: 0, count: m.cols)
    for r in 0..<m.rows {
        for c in 0..<m.cols { s[c] += m.values[r * m.cols + c] }
    }
    return s
}
