import Foundation

/// How weights are clipped during hardware-aware training (AIHWKit's `WeightClipParameter`),
/// applied to the tile's analog (remapped) weights after every update, before remapping, so that
/// the trained weights fit the range devices can hold.
public struct WeightClip: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case none
        /// Clip to ±`fixedValue`.
        case fixedValue
        /// Clip to ±`sigma`·std(W) over the whole tile (at most `fixedValue` when that is positive).
        case layerGaussian
        /// Clip to ± the mean over outputs of each output's max|w| (at most `fixedValue` when positive).
        case averageChannelMax
    }

    public var kind: Kind = .none
    /// The bound of `.fixedValue`, and a cap on the others when positive (AIHWKit's default −1: none).
    public var fixedValue: Float = -1
    public var sigma: Float = 2.5

    public init(_ kind: Kind = .none, fixedValue: Float = -1, sigma: Float = 2.5) {
        self.kind = kind
        self.fixedValue = fixedValue
        self.sigma = sigma
    }

    public func validate() throws {
        guard fixedValue.isFinite, kind != .fixedValue || fixedValue > 0 else {
            throw AnalogError(.configuration, "fixed-value clipping needs a positive fixedValue, not \(fixedValue)")
        }
        guard sigma > 0, sigma.isFinite else { throw AnalogError(.configuration, "the clip sigma must be positive, not \(sigma)") }
    }

    /// The bound weights are clipped to (nil: no clipping).
    public func bound(for w: Tensor) -> Float? {
        switch kind {
        case .none: return nil
        case .fixedValue: return fixedValue
        case .layerGaussian:
            let n = Float(w.count)
            let mean = w.sum / n
            let variance = w.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Swift.max(1, n - 1)
            return capped(sigma * variance.squareRoot())
        case .averageChannelMax:
            let maxima = w.rowAbsMax
            return capped(maxima.reduce(0, +) / Float(Swift.max(1, maxima.count)))
        }
    }

    private func capped(_ bound: Float) -> Float {
        fixedValue > 0 ? Swift.min(bound, fixedValue) : bound
    }

    public func apply(_ w: Tensor) -> Tensor {
        guard let b = bound(for: w), b > 0 else { return w }
        return w.clipped(to: b)
    }
}

/// How weights are rescaled onto the devices' range, the scale kept digitally at the outputs
/// (AIHWKit's `WeightRemapParameter`): the analog weights use the full range ±`remappedWMax`,
/// so programming and read noise, relative to that range, hurt small weights less.
public struct WeightRemap: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case none
        /// One scale for the tile: max|W| becomes `remappedWMax`.
        case layerwiseSymmetric
        /// One scale per output (row): each row's max|w| becomes `remappedWMax`.
        case channelwiseSymmetric
    }

    public var kind: Kind = .none
    public var remappedWMax: Float = 1

    public init(_ kind: Kind = .none, remappedWMax: Float = 1) {
        self.kind = kind
        self.remappedWMax = remappedWMax
    }

    public func validate() throws {
        guard remappedWMax > 0, remappedWMax.isFinite else { throw AnalogError(.configuration, "remappedWMax must be positive, not \(remappedWMax)") }
    }

    /// The digital output scale of each row (weights = scale · analog weights).
    public func outputScales(for w: Tensor) -> [Float] {
        switch kind {
        case .none:
            return [Float](repeating: 1, count: w.rows)
        case .layerwiseSymmetric:
            let m = w.absMax
            return [Float](repeating: m > 0 ? m / remappedWMax : 1, count: w.rows)
        case .channelwiseSymmetric:
            return w.rowAbsMax.map { $0 > 0 ? $0 / remappedWMax : 1 }
        }
    }
}
