import Foundation

/// AIHWKit's `ReRamWan2022NoiseModel` (fits to Wan et al., Nature 2022): weights map to a
/// conductance pair (gMax 25 µS, gMin 0) and each device's conductance spreads with a degree-4
/// polynomial σ(g/gMax) in µS, measured at three times after programming. There is no drift law:
/// a read at 1 s, 1 day or 2 days draws the conductances afresh around their targets with that
/// time's spread, and other times are refused, as in AIHWKit.
public struct ReRAMWan2022Noise: Sendable, Equatable {
    public var gMax: Float = 25
    /// The times (s) with a measured spread, and each σ polynomial (constant term first).
    public var times: [Double] = [1, 86_400, 172_800]
    public var polynomials: [[Float]] = [
        [0.348, 16.030, -43.853, 45.393, -16.815],
        [0.701, 22.086, -50.773, 47.095, -16.458],
        [0.782, 20.274, -43.507, 37.062, -11.934],
    ]
    public var noiseScale: Float = 1

    public init() {}

    public func validate() throws {
        guard gMax > 0, gMax.isFinite else { throw AnalogError(.configuration, "gMax must be positive, not \(gMax)") }
        guard !times.isEmpty, times.count == polynomials.count, times.allSatisfy({ $0 > 0 }) else {
            throw AnalogError(.configuration, "the ReRAM model needs one σ polynomial per positive measurement time")
        }
        guard noiseScale >= 0, noiseScale.isFinite else { throw AnalogError(.configuration, "noiseScale must be 0 or positive, not \(noiseScale)") }
    }

    /// σ (µS) of a device at target conductance g (µS), `seconds` after programming (one of `times`).
    public func sigma(_ g: Float, at seconds: Double) throws -> Float {
        guard let k = times.firstIndex(of: seconds) else {
            let list = times.map { String(format: "%g", $0) }.joined(separator: ", ")
            throw AnalogError(.inference, "the Wan 2022 ReRAM model is measured only at \(list) seconds after programming, not \(seconds)")
        }
        let x = g / gMax
        var s: Float = 0, power: Float = 1
        for c in polynomials[k] {
            s += c * power
            power *= x
        }
        return s * noiseScale
    }
}

/// AIHWKit's `ReRamCMONoiseModel` (conductive-metal-oxide ReRAM): one device per weight, mapped
/// affinely from [min W, max W] onto [gMin, gMax] = [9, 88.2] µS; programming noise σ linear in g;
/// after t seconds a mean decay `decayMean·ln t`, a spread `decayStd[0]·ln t + decayStd[1]`, and
/// 1/f read noise `readK·log10(g)·sqrt(ln((t + tRead)/(2·tRead)))`, then clamping to the range.
public struct ReRAMCMONoise: Sendable, Equatable {
    public var gMax: Float = 88.199997
    public var gMin: Float = 9
    /// Programming σ (µS) = c₀ + c₁·g (AIHWKit's 0.2 % acceptance-range fit, its effective default).
    public var programmingCoefficients: [Float] = [0.00081107, 0.00106879]
    public var decayMean: Float = -0.08900206
    public var decayStd: [Float] = [0.04201137, 0.41183342]
    public var readK: Float = 0.0277316483
    public var tRead: Double = 1e-6
    public var programmingNoiseScale: Float = 1
    public var readNoiseScale: Float = 1
    public var driftScale: Float = 1

    public init() {}

    public func validate() throws {
        guard gMax > gMin, gMin >= 0, gMax.isFinite else { throw AnalogError(.configuration, "the conductance range needs 0 ≤ gMin < gMax") }
        guard decayStd.count == 2, !programmingCoefficients.isEmpty, tRead > 0 else {
            throw AnalogError(.configuration, "the CMO model needs programming coefficients, two decay-spread terms and a positive tRead")
        }
        for (name, v) in [("programmingNoiseScale", programmingNoiseScale), ("readNoiseScale", readNoiseScale), ("driftScale", driftScale)] {
            guard v >= 0, v.isFinite else { throw AnalogError(.configuration, "\(name) must be 0 or positive, not \(v)") }
        }
    }

    public func programmingSigma(_ g: Float) -> Float {
        var s: Float = 0, power: Float = 1
        for c in programmingCoefficients {
            s += c * power
            power *= g
        }
        return s * programmingNoiseScale
    }

    /// A programmed conductance (µS) read `seconds` after programming (unchanged at 0).
    public func drifted(_ g: Float, at seconds: Double, rng: inout Philox) -> Float {
        guard seconds > 0 else { return g }
        let lnT = Float(log(seconds))
        let mean = g + decayMean * lnT * driftScale
        let spread = decayStd[0] * lnT + decayStd[1]
        let decayed = mean + spread * driftScale * rng.normal()
        let flicker = Float(log((seconds + tRead) / (2 * tRead)))
        let read = readK * log10(Swift.max(decayed, 1e-6)) * Swift.max(0, flicker).squareRoot()
        let final = decayed + read * readNoiseScale * rng.normal()
        return Swift.min(gMax, Swift.max(gMin, final))
    }
}
