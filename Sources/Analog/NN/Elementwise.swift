import Foundation

/// An activation applied value by value; backward multiplies by its derivative at the forward's
/// input or output.
public final class Activation: Layer {
    public enum Function: String, Sendable, CaseIterable {
        case relu, tanh, sigmoid
    }

    public let function: Function
    private var lastOutput: Tensor?

    public init(_ function: Function) { self.function = function }

    public var kind: String {
        switch function {
        case .relu: return "ReLU"
        case .tanh: return "Tanh"
        case .sigmoid: return "Sigmoid"
        }
    }
    public var details: String { "" }

    public func outputShape(for input: [Int]) throws -> [Int] { input }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        let y: Tensor
        switch function {
        case .relu: y = x.values.map { Swift.max(0, $0) }
        case .tanh: y = x.values.map { tanhf($0) }
        case .sigmoid: y = x.values.map { 1 / (1 + expf(-$0)) }
        }
        if training { lastOutput = y }
        return try Batch(y, shape: x.shape)
    }

    public func backward(_ dy: Batch) throws -> Batch {
        guard let y = lastOutput, y.count == dy.values.count else { throw AnalogError(.state, "backward needs a training forward first") }
        var dx = dy.values
        for i in dx.values.indices {
            let out = y.values[i]
            switch function {
            case .relu: if out <= 0 { dx.values[i] = 0 }
            case .tanh: dx.values[i] *= 1 - out * out
            case .sigmoid: dx.values[i] *= out * (1 - out)
            }
        }
        return try Batch(dx, shape: dy.shape)
    }
}

/// Softmax over each sample's values: probabilities that sum to 1.
public final class Softmax: Layer {
    private var lastOutput: Tensor?
    public init() {}
    public var kind: String { "Softmax" }
    public var details: String { "" }
    public func outputShape(for input: [Int]) throws -> [Int] { input }

    static func probabilities(_ x: Tensor) -> Tensor {
        var y = x
        for r in 0..<x.rows {
            let row = r * x.cols
            var m = -Float.infinity
            for c in 0..<x.cols { m = Swift.max(m, x.values[row + c]) }
            var total: Float = 0
            for c in 0..<x.cols {
                let e = expf(x.values[row + c] - m)
                y.values[row + c] = e
                total += e
            }
            for c in 0..<x.cols { y.values[row + c] /= total }
        }
        return y
    }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        let y = Softmax.probabilities(x.values)
        if training { lastOutput = y }
        return try Batch(y, shape: x.shape)
    }

    /// dx = y ∘ (dy − Σ dy∘y), per sample.
    public func backward(_ dy: Batch) throws -> Batch {
        guard let y = lastOutput, y.count == dy.values.count else { throw AnalogError(.state, "backward needs a training forward first") }
        var dx = dy.values
        let n = y.cols
        for r in 0..<y.rows {
            var dot: Float = 0
            for c in 0..<n { dot += dy.values.values[r * n + c] * y.values[r * n + c] }
            for c in 0..<n { dx.values[r * n + c] = y.values[r * n + c] * (dy.values.values[r * n + c] - dot) }
        }
        return try Batch(dx, shape: dy.shape)
    }
}

/// Flattens each sample to one vector (images [C, H, W] → [C·H·W]); the values do not move.
public final class Flatten: Layer {
    private var lastShape: [Int]?
    public init() {}
    public var kind: String { "Flatten" }
    public var details: String { "" }
    public func outputShape(for input: [Int]) throws -> [Int] { [try sampleSize(input)] }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        if training { lastShape = x.shape }
        return try Batch(x.values)
    }

    public func backward(_ dy: Batch) throws -> Batch {
        guard let shape = lastShape else { throw AnalogError(.state, "backward needs a training forward first") }
        return try Batch(dy.values, shape: shape)
    }
}

/// Dropout: in training, each value is zeroed with probability p and the rest scaled by 1/(1 − p);
/// at inference it passes values through. Seeded, so a run repeats exactly.
public final class Dropout: Layer {
    public let probability: Float
    let seed: UInt64
    private var rng: Philox
    private var lastMask: [Float]?

    public init(_ probability: Float = 0.5, seed: UInt64 = 0) throws {
        guard probability >= 0, probability < 1 else { throw AnalogError(.configuration, "dropout needs a probability in 0 ≤ p < 1, not \(probability)") }
        self.probability = probability
        self.seed = seed
        rng = Philox(seed: seed, stream: 37)
    }

    public var kind: String { "Dropout" }
    public var details: String { "p = \(probability)" }
    public func outputShape(for input: [Int]) throws -> [Int] { input }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        guard training, probability > 0 else { return x }
        let keep = 1 / (1 - probability)
        let mask = (0..<x.values.count).map { _ in rng.uniform() < probability ? 0 : keep }
        lastMask = mask
        var y = x.values
        for i in y.values.indices { y.values[i] *= mask[i] }
        return try Batch(y, shape: x.shape)
    }

    public func backward(_ dy: Batch) throws -> Batch {
        guard let mask = lastMask, mask.count == dy.values.count else { return dy }
        var dx = dy.values
        for i in dx.values.indices { dx.values[i] *= mask[i] }
        return try Batch(dx, shape: dy.shape)
    }
}
