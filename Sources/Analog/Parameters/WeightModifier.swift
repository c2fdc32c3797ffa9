import Foundation

/// The weight modifiers of hardware-aware training (AIHWKit's `WeightModifierParameter`, C++
/// `WeightModifier::apply`): noise or quantization put on a copy of the weights that the next
/// training forward and backward use, while updates go to the clean weights.
public struct WeightModifier: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case none, discretize, multNormal, addNormal, discretizeAddNormal, poly, progNoise, dropConnect
    }

    public var kind: Kind = .none
    public var stdDev: Float = 0
    /// Quantization step as a fraction of amax (a number of steps when above 1).
    public var res: Float = 0
    /// Probability of setting a weight to zero (applied after the kind's rule).
    public var pdrop: Float = 0
    /// amax is max|W| of the tile when true, `assumedWMax` otherwise.
    public var relToActualWMax = true
    public var assumedWMax: Float = 1
    public var gMax: Float = 25
    /// σ polynomial in |w|/amax for `.poly` and `.progNoise` (AIHWKit's defaults).
    public var coefficients: [Float] = [0.0105392, 0.0768, -0.046925]

    public init(_ kind: Kind = .none, stdDev: Float = 0, res: Float = 0, pdrop: Float = 0) {
        self.kind = kind
        self.stdDev = stdDev
        self.res = res
        self.pdrop = pdrop
    }

    public func validate() throws {
        guard stdDev >= 0, stdDev.isFinite else { throw AnalogError(.configuration, "stdDev must be 0 or positive, not \(stdDev)") }
        guard res >= 0, res.isFinite else { throw AnalogError(.configuration, "res must be 0 or positive, not \(res)") }
        guard (0...1).contains(pdrop) else { throw AnalogError(.configuration, "pdrop must be a probability in 0…1, not \(pdrop)") }
        guard assumedWMax > 0, gMax > 0 else { throw AnalogError(.configuration, "assumedWMax and gMax must be positive") }
    }

    /// The modified copy of `w`. amax is one scalar for the whole tile (1 when it would be 0).
    public func apply(_ w: Tensor, rng: inout Philox) throws -> Tensor {
        try validate()
        guard kind != .none else { return w }
        var amax = relToActualWMax ? w.absMax : assumedWMax
        if !(amax > 0) { amax = 1 }
        let step = res > 1 ? 1 / res : res
        func quantize(_ v: Float) -> Float { step > 0 ? amax * ((v / amax) / step).rounded(.toNearestOrAwayFromZero) * step : v }
        func sigma(_ v: Float, _ scale: Float) -> Float {
            let r = abs(v) / amax
            var s: Float = 0, power: Float = 1
            for c in coefficients {
                s += c * power
                power *= r
            }
            return scale * s
        }
        var out = w
        for i in 0..<out.count {
            let v = out.values[i]
            switch kind {
            case .none, .dropConnect: break
            case .discretize: out.values[i] = quantize(v)
            case .multNormal: if stdDev > 0 { out.values[i] = v * (1 + stdDev * amax * rng.normal()) }
            case .addNormal: if stdDev > 0 { out.values[i] = v + stdDev * amax * rng.normal() }
            case .discretizeAddNormal: out.values[i] = quantize(v) + (stdDev > 0 ? stdDev * amax * rng.normal() : 0)
            case .poly: if stdDev > 0 { out.values[i] = v + amax * sigma(v, stdDev) * rng.normal() }
            case .progNoise:
                if stdDev > 0 {
                    // The noise reflects at zero: a weight keeps its sign (0 counts as positive).
                    let noisy = v + amax * sigma(v, stdDev / gMax) * rng.normal()
                    out.values[i] = v < 0 ? -abs(noisy) : abs(noisy)
                }
            }
        }
        if pdrop > 0 {
            for i in 0..<out.count where rng.uniform() < pdrop { out.values[i] = 0 }
        }
        return out
    }
}
