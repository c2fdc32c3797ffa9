import Foundation

/// The losses `fit` trains with, each returning the mean loss over the batch and its gradient
/// with respect to the model's outputs.
public enum Loss: String, Sendable, CaseIterable {
    /// Cross-entropy on logits (softmax inside), or on probabilities when the model ends in Softmax.
    case crossEntropy
    /// Mean squared error against one-hot targets (PyTorch's MSELoss: the mean over all values).
    case mse

    func evaluate(_ output: Tensor, labels: [Int], outputIsProbability: Bool) throws -> (loss: Float, gradient: Tensor) {
        let b = output.rows, k = output.cols
        guard labels.count == b else { throw AnalogError(.dataset, "\(b) outputs need \(b) labels, not \(labels.count)") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= k }) {
            throw AnalogError(.dataset, "label \(bad) does not fit a model with \(k) outputs (classes 0…\(k - 1))")
        }
        var gradient = output
        var total: Float = 0
        switch self {
        case .crossEntropy:
            if outputIsProbability {
                for i in gradient.values.indices { gradient.values[i] = 0 }
                for r in 0..<b {
                    let p = Swift.max(output.values[r * k + labels[r]], 1e-12)
                    total -= logf(p)
                    gradient.values[r * k + labels[r]] = -1 / (p * Float(b))
                }
            } else {
                let p = Softmax.probabilities(output)
                for r in 0..<b {
                    total -= logf(Swift.max(p.values[r * k + labels[r]], 1e-12))
                    for c in 0..<k {
                        gradient.values[r * k + c] = (p.values[r * k + c] - (c == labels[r] ? 1 : 0)) / Float(b)
                    }
                }
            }
            return (total / Float(b), gradient)
        case .mse:
            let n = Float(b * k)
            for r in 0..<b {
                for c in 0..<k {
                    let diff = output.values[r * k + c] - (c == labels[r] ? 1 : 0)
                    total += diff * diff
                    gradient.values[r * k + c] = 2 * diff / n
                }
            }
            return (total / n, gradient)
        }
    }
}

/// How the learning rate changes over epochs.
public enum LearningRateSchedule: Sendable, Equatable {
    case constant
    /// Multiply by `factor` every `every` epochs.
    case step(every: Int, factor: Float)
    /// Cosine annealing from the initial rate to 0 over the run.
    case cosine

    func rate(_ lr: Float, epoch: Int, epochs: Int) -> Float {
        switch self {
        case .constant: return lr
        case .step(let every, let factor): return lr * powf(factor, Float(epoch / Swift.max(1, every)))
        case .cosine: return lr * 0.5 * (1 + cosf(Float.pi * Float(epoch) / Float(Swift.max(1, epochs))))
        }
    }
}
