/// Batch normalisation (digital): each feature (or channel, for images) is normalised by the
/// batch's mean and variance in training and by running averages (momentum 0.1) at inference,
/// then scaled and shifted by learned γ and β.
public final class BatchNorm: Layer {
    public let features: Int
    public let epsilon: Float = 1e-5
    public let momentum: Float = 0.1
    var gamma: Parameter
    var beta: Parameter
    public internal(set) var runningMean: [Float]
    public internal(set) var runningVariance: [Float]
    private var cache: (normalized: Tensor, inverseStd: [Float], shape: [Int])?

    public init(features: Int) throws {
        guard features > 0 else { throw AnalogError(.configuration, "BatchNorm needs a positive number of features") }
        self.features = features
        gamma = Parameter(try Tensor(rows: 1, cols: features, repeating: 1))
        beta = Parameter(try Tensor(rows: 1, cols: features))
        runningMean = Array(repeating: 0, count: features)
        runningVariance = Array(repeating: 1, count: features)
    }

    public var kind: String { "BatchNorm" }
    public var details: String { "\(features) features" }
    public var parameterCounts: ParameterCounts { ParameterCounts(digital: 2 * features) }

    /// Samples of [F] or [C, H, W] with F = C features: the values of feature f in one sample.
    private func layout(_ shape: [Int]) throws -> (channels: Int, spatial: Int) {
        guard shape.first == features else { throw AnalogError(.shape, "BatchNorm(\(features)) gets samples of shape \(shape)") }
        return (features, shape.dropFirst().reduce(1, *))
    }

    public func outputShape(for input: [Int]) throws -> [Int] {
        _ = try layout(input)
        return input
    }

    public func forward(_ x: Batch, training: Bool) throws -> Batch {
        let (c, spatial) = try layout(x.shape)
        let n = x.count * spatial
        var mean = runningMean, variance = runningVariance
        if training {
            guard n > 1 else { throw AnalogError(.shape, "BatchNorm needs more than one value per feature in a training batch") }
            for f in 0..<c {
                // Two passes: the mean, then squared deviations (E[x²] − mean² loses offset data).
                var s: Float = 0
                for b in 0..<x.count {
                    for p in 0..<spatial { s += x.values.values[(b * c + f) * spatial + p] }
                }
                mean[f] = s / Float(n)
                var s2: Float = 0
                for b in 0..<x.count {
                    for p in 0..<spatial {
                        let d = x.values.values[(b * c + f) * spatial + p] - mean[f]
                        s2 += d * d
                    }
                }
                variance[f] = s2 / Float(n)
                runningMean[f] = (1 - momentum) * runningMean[f] + momentum * mean[f]
                runningVariance[f] = (1 - momentum) * runningVariance[f] + momentum * variance[f] * Float(n) / Float(n - 1)
            }
        }
        let inverseStd = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var normalized = x.values, y = x.values
        for b in 0..<x.count {
            for f in 0..<c {
                for p in 0..<spatial {
                    let at = (b * c + f) * spatial + p
                    normalized.values[at] = (x.values.values[at] - mean[f]) * inverseStd[f]
                    y.values[at] = gamma.value.values[f] * normalized.values[at] + beta.value.values[f]
                }
            }
        }
        if training { cache = (normalized, inverseStd, x.shape) }
        return try Batch(y, shape: x.shape)
    }

    public func backward(_ dy: Batch) throws -> Batch {
        guard let (xhat, inverseStd, shape) = cache else { throw AnalogError(.state, "backward needs a training forward first") }
        let (c, spatial) = try layout(shape)
        let n = Float(dy.count * spatial)
        var dGamma = [Float](repeating: 0, count: c), dBeta = [Float](repeating: 0, count: c)
        for b in 0..<dy.count {
            for f in 0..<c {
                for p in 0..<spatial {
                    let at = (b * c + f) * spatial + p
                    dGamma[f] += dy.values.values[at] * xhat.values[at]
                    dBeta[f] += dy.values.values[at]
                }
            }
        }
        var dx = dy.values
        for b in 0..<dy.count {
            for f in 0..<c {
                let k = gamma.value.values[f] * inverseStd[f] / n
                for p in 0..<spatial {
                    let at = (b * c + f) * spatial + p
                    dx.values[at] = k * (n * dy.values.values[at] - dBeta[f] - xhat.values[at] * dGamma[f])
                }
            }
        }
        gamma.gradient = try Tensor(vector: dGamma)
        beta.gradient = try Tensor(vector: dBeta)
        return try Batch(dx, shape: shape)
    }

    public func step(_ s: StepSettings) throws {
        gamma.step(s)
        beta.step(s)
    }
}
