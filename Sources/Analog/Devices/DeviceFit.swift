import Display
import Foundation

/// A device model fitted to a measured pulse response: the weight after each of a run of up pulses,
/// then after each of a run of down pulses (AIHWKit's device-fitting notebooks start from such
/// traces). The fit is least squares on the step each pulse made against the weight it started
/// from, which is linear in the parameters for the models offered here.
public struct DeviceFit: Sendable {
    public enum Model: String, Sendable, CaseIterable {
        /// Δw = ±dw (a constant step), bounded by the trace's extremes.
        case constantStep
        /// Δw = dw_up·(1 − w/w_max) up and −dw_down·(1 − w/w_min) down.
        case softBounds
    }

    /// The fitted device type (its name says it was fitted).
    public let device: DevicePreset
    /// The fitted model's noise-free response from the trace's first weight, pulse by pulse.
    public let fittedTrace: [Float]
    /// The measured trace, up then down.
    public let measuredTrace: [Float]
    public let upPulses: Int
    /// The root-mean-square difference between the fitted and measured traces, in weight units.
    public let rmsError: Float

    /// Fits `model` to `up` (weights after each up pulse) and `down` (after each down pulse, going
    /// on from the last up weight); `start` is the weight before the first pulse (the first
    /// measured weight when nil). Cycle-to-cycle spread comes from the residual steps.
    public static func fit(up: [Float], down: [Float], start: Float? = nil, model: Model = .softBounds) throws -> DeviceFit {
        guard up.count >= 3, down.count >= 3 else {
            throw AnalogError(.device, "fitting needs at least 3 up and 3 down pulses, not \(up.count) and \(down.count)")
        }
        guard (up + down).allSatisfy(\.isFinite), (start ?? 0).isFinite else {
            throw AnalogError(.device, "the pulse traces must be finite numbers")
        }
        let first = start ?? up[0]
        let upFrom = [first] + up.dropLast(), downFrom = [up[up.count - 1]] + down.dropLast()
        let upSteps = zip(up, upFrom).map { $0 - $1 }, downSteps = zip(down, downFrom).map { $0 - $1 }
        var p = PulsedDeviceParameters(model: model == .softBounds ? .softBounds(multNoise: false) : .constantStep)
        p.dwMinDtod = 0; p.upDownDtod = 0; p.wMaxDtod = 0; p.wMinDtod = 0
        let dwUp: Float, dwDown: Float
        var residuals: [Float] = []
        switch model {
        case .constantStep:
            // Steps away from the bounds (the largest half) measure the step; the bounds are where the trace stops.
            func typical(_ s: [Float]) -> Float {
                let sorted = s.map(abs).sorted()
                let top = sorted[(sorted.count / 2)...]
                return top.reduce(0, +) / Float(top.count)
            }
            dwUp = typical(upSteps); dwDown = typical(downSteps)
            p.wMax = (up + down).max() ?? 1
            p.wMin = (up + down).min() ?? -1
            residuals = upSteps.filter { $0 > dwUp / 2 }.map { $0 - dwUp } + downSteps.filter { -$0 > dwDown / 2 }.map { -$0 - dwDown }
        case .softBounds:
            let (aUp, bUp) = try line(x: upFrom, y: upSteps), (aDown, bDown) = try line(x: downFrom, y: downSteps)
            guard aUp > 0, bUp < 0, aDown < 0, bDown < 0 else {
                throw AnalogError(.device, "the traces do not look like soft bounds (steps shrinking towards both bounds); try model: .constantStep")
            }
            dwUp = aUp; dwDown = -aDown
            p.wMax = -aUp / bUp
            p.wMin = -aDown / bDown
            residuals = zip(upFrom, upSteps).map { $1 - (aUp + bUp * $0) } + zip(downFrom, downSteps).map { $1 - (aDown + bDown * $0) }
        }
        guard dwUp > 0, dwDown > 0, p.wMin < p.wMax else { throw AnalogError(.device, "the traces show no steps to fit") }
        // AIHWKit's up_down: the larger direction takes dw_min, the other dw_min·(1 − |up_down|).
        p.dwMin = Swift.max(dwUp, dwDown)
        p.upDown = dwUp >= dwDown ? 1 - dwDown / dwUp : dwUp / dwDown - 1
        let mean = residuals.reduce(0, +) / Float(Swift.max(1, residuals.count))
        let spread = (residuals.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(Swift.max(1, residuals.count - 1))).squareRoot()
        p.dwMinStd = spread / p.dwMin
        if p.wMin > 0 || p.wMax < 0 {
            throw AnalogError(.device, "the fitted bounds \(p.wMin)…\(p.wMax) do not straddle 0; shift the traces so that the weight range contains 0")
        }
        try p.validate()
        var noiseless = p
        noiseless.dwMinStd = 0
        var rng = Philox(seed: 0)
        let device = PulsedDevice(noiseless, rng: &rng)
        let fitted = device.response(up: up.count, down: down.count, start: first, rng: &rng)
        let measured = up + down
        let rms = (zip(fitted, measured).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Float(measured.count)).squareRoot()
        let preset = DevicePreset(name: "fitted\(model == .softBounds ? "SoftBounds" : "ConstantStep")",
                                  summary: "\(model == .softBounds ? "SoftBounds" : "ConstantStep") fitted to \(up.count) up and \(down.count) down pulses",
                                  parameters: p)
        return DeviceFit(device: preset, fittedTrace: fitted, measuredTrace: measured, upPulses: up.count, rmsError: rms)
    }

    /// Least squares y ≈ a + b·x.
    static func line(x: [Float], y: [Float]) throws -> (Float, Float) {
        let n = Double(x.count)
        let mx = x.reduce(0.0) { $0 + Double($1) } / n, my = y.reduce(0.0) { $0 + Double($1) } / n
        var sxx = 0.0, sxy = 0.0
        for (a, b) in zip(x, y) { sxx += (Double(a) - mx) * (Double(a) - mx); sxy += (Double(a) - mx) * (Double(b) - my) }
        guard sxx > 0 else { throw AnalogError(.device, "the trace's weights do not change, so no step can be fitted") }
        let slope = sxy / sxx
        return (Float(my - slope * mx), Float(slope))
    }

    /// The measured trace as points and the fitted response as a line, against pulse number.
    public func figure() throws -> Figure {
        var fig = try Figure(title: "\(device.summary) (RMS error \(NumberFormat.significant(Double(rmsError), digits: 3)))")
        let x = (1...measuredTrace.count).map(Double.init)
        try fig.axes[0].scatter(x: x, y: measuredTrace.map(Double.init), label: "measured")
        try fig.axes[0].line(x: x, y: fittedTrace.map(Double.init), label: "fitted")
        fig.axes[0].verticalLine(at: Double(upPulses), label: "down pulses start")
        fig.axes[0].xLabel = "pulse number"
        fig.axes[0].yLabel = "weight"
        return fig
    }
}
