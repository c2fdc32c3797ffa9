import Foundation

/// The PCM-like statistical model of AIHWKit 1.2.0 (`PCMLikeNoiseModel`, after Nandakumar et al.
/// and Joshi et al. 2020) for inference: programming noise, conductance drift with a
/// conductance-dependent exponent, and accumulated 1/f read noise. Conductances are in µS.
public struct PCMLikeNoise: Sendable, Equatable {
    /// The largest conductance a weight of magnitude max|W| maps to.
    public var gMax: Float = 25
    /// Programming noise σ (µS) as a polynomial of the normalised target g/gMax.
    public var programmingCoefficients: [Float] = [0.26348, 1.9650, -1.1731]
    /// Drift reference time t₀ (s): no drift before it.
    public var t0: Double = 20
    /// Read pulse duration (s) for the 1/f noise integral.
    public var tRead: Double = 250e-9
    public var programmingNoiseScale: Float = 1
    public var readNoiseScale: Float = 1
    public var driftScale: Float = 1

    public init() {}

    public func validate() throws {
        guard gMax > 0, gMax.isFinite else { throw AnalogError(.configuration, "gMax must be positive, not \(gMax)") }
        guard t0 > 0, tRead > 0 else { throw AnalogError(.configuration, "t0 and tRead must be positive") }
        for (name, v) in [("programmingNoiseScale", programmingNoiseScale), ("readNoiseScale", readNoiseScale), ("driftScale", driftScale)] {
            guard v >= 0, v.isFinite else { throw AnalogError(.configuration, "\(name) must be 0 or positive, not \(v)") }
        }
    }

    /// σ of programming noise (µS) for a target conductance (µS).
    public func programmingSigma(_ g: Float) -> Float {
        let x = g / gMax
        var sigma: Float = 0
        var power: Float = 1
        for c in programmingCoefficients {
            sigma += c * power
            power *= x
        }
        return Swift.max(0, sigma) * programmingNoiseScale
    }

    /// Mean and σ of the drift exponent ν for a programmed conductance (µS), clipped as AIHWKit does.
    public func driftExponent(_ g: Float) -> (mean: Float, sigma: Float) {
        let x = Swift.max(g / gMax, 1e-7)
        let mean = Swift.min(Swift.max(-0.0155 * log(x) + 0.0244, 0.049), 0.1)
        let sigma = Swift.min(Swift.max(-0.0125 * log(x) - 0.0059, 0.008), 0.045)
        return (mean, sigma)
    }

    /// σ of the accumulated 1/f read noise, relative to the drifted conductance, at time t (s)
    /// for a programmed conductance g (µS).
    public func readNoiseSigma(_ g: Float, at t: Double) -> Float {
        let x = Swift.max(g / gMax, 1e-3)
        let qs = Swift.min(0.0088 / pow(x, 0.65), 0.2)
        let time = t > 0 ? Float(log((t + tRead) / (2 * tRead))).squareRoot() : 0
        return qs * time * readNoiseScale
    }
}

/// A programmed tile's devices: one conductance pair per weight, each with its drift exponent.
struct ProgrammedConductances {
    var gPlus: [Float]
    var gMinus: [Float]
    var nuPlus: [Float]
    var nuMinus: [Float]
    /// Weight units per µS: w = (g⁺ − g⁻) / scale.
    var scale: Float
}

/// The statistical device model that programming and drift follow on an inference tile.
public enum InferenceNoise: Sendable, Equatable {
    /// Exact programming and no drift.
    case none
    /// AIHWKit's PCM-like model.
    case pcm(PCMLikeNoise)
    /// AIHWKit's ReRAM model fitted to Wan et al. 2022 (spread at 1 s, 1 day and 2 days).
    case reramWan2022(ReRAMWan2022Noise)
    /// AIHWKit's conductive-metal-oxide ReRAM model (decay and read noise over ln t).
    case reramCMO(ReRAMCMONoise)

    public var name: String {
        switch self {
        case .none: return "no"
        case .pcm: return "PCM"
        case .reramWan2022: return "ReRAM (Wan 2022)"
        case .reramCMO: return "ReRAM (CMO)"
        }
    }

    public func validate() throws {
        switch self {
        case .none: break
        case .pcm(let n): try n.validate()
        case .reramWan2022(let n): try n.validate()
        case .reramCMO(let n): try n.validate()
        }
    }

    /// The time reads start at right after programming (PCM: t₀; the Wan model's first
    /// measurement; otherwise 0).
    var programmingTime: Double {
        switch self {
        case .pcm(let n): return n.t0
        case .reramWan2022(let n): return n.times.first ?? 1
        case .none, .reramCMO: return 0
        }
    }
}
