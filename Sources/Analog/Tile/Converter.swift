import CAnalogKernels
import Foundation

/// A DAC or ADC: quantization to a grid of `step` (0: none) with halves to even or stochastic
/// rounding, and clipping to ±bound; the DAC also adds input noise and the negative-side gain. The
/// common case (no draws) runs as a vector loop in C (`CAnalogKernels`).
struct Converter: Sendable {
    let step: Float
    let bound: Float
    let stochastic: Bool
    let noise: Float
    let negativeGain: Float

    /// The step of a converter with resolution `res` over ±`bound` (AIHWKit: res × 2 × bound; a
    /// resolution above 1 is a number of steps, as in AIHWKit's `checkRes`).
    static func step(_ res: Float, _ bound: Float) -> Float {
        guard res > 0 else { return 0 }
        return (res > 1 ? 1 / res : res) * 2 * bound
    }

    /// Whether conversion draws no random numbers (no noise, no stochastic rounding).
    var isDeterministic: Bool { noise == 0 && !stochastic }

    /// Rounds half to even without a library call, as straight-line arithmetic: adding and removing
    /// ±2²³ leaves the nearest integer under the default rounding mode for |q| < 2²³, and larger
    /// floats are integers already.
    @inline(__always)
    static func roundHalfEven(_ q: Float) -> Float {
        let magic = Float(signOf: q, magnitudeOf: 0x1p23)
        let r = (q + magic) - magic
        return abs(q) < 0x1p23 ? r : q
    }

    @inline(__always)
    func quantize(_ v: Float, rng: inout Wyrand) -> Float {
        guard step > 0 else { return v }
        if stochastic { return Converter.roundHalfEven(v / step + rng.uniform() - 0.5) * step }
        return Converter.roundHalfEven(v / step) * step
    }

    /// The DAC (AIHWKit's order): scale by the noise-management factor, quantize, clip, add input
    /// noise, then the negative-side gain.
    @inline(__always)
    func convert(_ source: UnsafeMutablePointer<Float>, into target: UnsafeMutablePointer<Float>, count: Int, scale: Float,
                 rng: inout Wyrand) {
        // Locals, so the loop keeps them in registers rather than reloading them past the stores.
        let step = self.step, bound = self.bound, gain = self.negativeGain
        if !stochastic, noise == 0 {
            // The vector loop, in C for the CPU's widest vectors (the same arithmetic as below).
            crossbar_dac(source, target, Int64(count), scale, step, bound, gain)
            return
        }
        let noise = self.noise
        for i in 0..<count {
            var v = Swift.min(bound, Swift.max(-bound, quantize(source[i] * scale, rng: &rng)))
            if noise > 0 { v += noise * rng.normal() }
            target[i] = v * (v < 0 ? gain : 1)
        }
    }

    /// The ADC in place: onto its grid (halves to even, or stochastic rounding), then clipped to
    /// ±bound. Returns whether any value saturated. Gain and noise come before, in the read.
    @inline(__always)
    func convertOutputs(_ values: UnsafeMutablePointer<Float>, count: Int, rng: inout Wyrand) -> Bool {
        if !stochastic, step > 0 { return crossbar_adc(values, Int64(count), step, bound) != 0 }
        let bound = self.bound
        var saturated = false
        for j in 0..<count {
            let v = quantize(values[j], rng: &rng)
            saturated = saturated || abs(v) > bound
            values[j] = Swift.min(bound, Swift.max(-bound, v))
        }
        return saturated
    }
}

extension IOParameters {
    /// The bit count of a converter with resolution 1/(2^bits − 2) (AIHWKit's convention; a
    /// resolution above 1 is a step count).
    public static func converterBits(_ res: Float) -> Int {
        Int(log2(Double(1 / (res > 1 ? 1 / res : res) + 2)).rounded())
    }

    /// The resolution of a `bits`-bit converter, 1/(2^bits − 2); 0 bits is no quantization. `name`
    /// is the setting for the message (one bit has no steps between its two levels and ±bound).
    public static func resolution(bits: Int, name: String = "bits") throws -> Float {
        guard bits == 0 || (2...24).contains(bits) else {
            throw AnalogError(.configuration, "\(name) takes 0 (no quantization) or 2…24")
        }
        return bits == 0 ? 0 : 1 / Float((1 << bits) - 2)
    }
}
