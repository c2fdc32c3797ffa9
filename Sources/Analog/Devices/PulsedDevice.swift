import Foundation

/// The step rule of a pulsed device (AIHWKit's device models), with its model-specific parameters.
public enum DeviceModel: Sendable, Equatable {
    /// A constant step per pulse.
    case constantStep
    /// Steps that shrink linearly towards the bounds: up `scale_up·(1 − γ_up·w/w_max)`.
    case linearStep(gammaUp: Float, gammaDown: Float, gammaUpDtod: Float, gammaDownDtod: Float, multNoise: Bool)
    /// Soft bounds: up `scale_up·(1 − w/b_max)`, down `scale_down·(1 − w/b_min)` (per-device bounds).
    case softBounds(multNoise: Bool)
    /// Soft bounds around a per-device reference point (`SoftBoundsReference`).
    case softBoundsReference(multNoise: Bool, referenceMean: Float, referenceStd: Float, subtractSymmetryPoint: Bool)
    /// Exponential steps (`ExpStep`): y_up = max(1 − A_up·e^{γ_up·z}, 0), z = 2a·w/(b_max − b_min) + b.
    case expStep(aUp: Float, aDown: Float, gammaUp: Float, gammaDown: Float, a: Float, b: Float, stdAdd: Float, stdSlope: Float)
    /// Power-law steps (`PowStep`): up `scale_up·((b_max − w)/range)^γ_up`.
    case powStep(gamma: Float, gammaDtod: Float, upDown: Float, upDownDtod: Float)
    /// A measured response (`PiecewiseStep`): the step is `dw_min` times a factor interpolated
    /// linearly between equally spaced nodes over [b_min, b_max], one list for up and one for down.
    case piecewiseStep(up: [Float], down: [Float])

    public var name: String {
        switch self {
        case .constantStep: return "ConstantStep"
        case .linearStep: return "LinearStep"
        case .softBounds: return "SoftBounds"
        case .softBoundsReference: return "SoftBoundsReference"
        case .expStep: return "ExpStep"
        case .powStep: return "PowStep"
        case .piecewiseStep: return "PiecewiseStep"
        }
    }
}

/// The parameters of a pulsed device type, with AIHWKit's names (Python defaults of `PulsedDevice`).
public struct PulsedDeviceParameters: Sendable, Equatable {
    public var model: DeviceModel = .constantStep
    public var dwMin: Float = 0.001
    public var dwMinDtod: Float = 0.3
    public var dwMinDtodLogNormal = false
    public var dwMinStd: Float = 0.3
    public var upDown: Float = 0
    public var upDownDtod: Float = 0.01
    public var wMax: Float = 0.6
    public var wMaxDtod: Float = 0.3
    public var wMin: Float = -0.6
    public var wMinDtod: Float = 0.3
    /// Write noise std in units of dw_min, redrawn after every pulse on the apparent weight.
    public var writeNoiseStd: Float = 0
    public var lifetime: Float = 0
    public var lifetimeDtod: Float = 0
    public var reset: Float = 0
    public var resetDtod: Float = 0
    /// Noise of a reset (AIHWKit's `reset_std`).
    public var resetStd: Float = 0.01

    public init(model: DeviceModel = .constantStep) { self.model = model }

    public func validate() throws {
        guard dwMin > 0, dwMin.isFinite else { throw AnalogError(.device, "dwMin must be positive, not \(dwMin)") }
        guard lifetime >= 0, lifetime.isFinite, lifetimeDtod >= 0, reset.isFinite, resetDtod >= 0 else {
            throw AnalogError(.device, "lifetime, lifetimeDtod and resetDtod must be 0 or positive")
        }
        guard wMin <= 0, wMax >= 0, wMax > wMin else {
            throw AnalogError(.device, "the bounds must satisfy wMin ≤ 0 ≤ wMax with wMin < wMax (got \(wMin) and \(wMax))")
        }
        for (n, v) in [("dwMinDtod", dwMinDtod), ("dwMinStd", dwMinStd), ("upDownDtod", upDownDtod), ("wMaxDtod", wMaxDtod),
                       ("wMinDtod", wMinDtod), ("writeNoiseStd", writeNoiseStd)] {
            guard v >= 0, v.isFinite else { throw AnalogError(.device, "\(n) must be 0 or positive, not \(v)") }
        }
        if case .piecewiseStep(let up, let down) = model {
            guard !up.isEmpty, up.count == down.count else {
                throw AnalogError(.device, "PiecewiseStep needs up and down node lists of the same, non-zero length (got \(up.count) and \(down.count))")
            }
            guard (up + down).allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw AnalogError(.device, "PiecewiseStep node factors must be 0 or positive finite numbers")
            }
        }
        if case .constantStep = model, writeNoiseStd > 0 {
            throw AnalogError(.device, "ConstantStep devices do not support write noise (writeNoiseStd must be 0)")
        }
    }
}

/// One device as built: its own bounds and step sizes drawn from the type's device-to-device spread
/// (AIHWKit's `PulsedRPUDevice::populate`, with `enforce_consistency`), then its model's extras.
public struct PulsedDevice: Sendable {
    public let parameters: PulsedDeviceParameters
    public private(set) var bMax: Float
    public private(set) var bMin: Float
    public private(set) var scaleUp: Float
    public private(set) var scaleDown: Float
    var slopeUp: Float = 0
    var slopeDown: Float = 0
    var powGammaUp: Float = 1
    var powGammaDown: Float = 1
    var reference: Float = 0
    /// Per mini-batch retention (1 − 1/τ with τ = lifetime·(1 + lifetimeDtod·ξ); 1 without decay)
    /// and the value the device decays towards (reset + resetDtod·ξ).
    var decayScale: Float = 1
    var resetBias: Float = 0

    public init(_ p: PulsedDeviceParameters, rng: inout Philox) {
        parameters = p
        var bMax = p.wMax * (1 + p.wMaxDtod * rng.normal())
        var bMin = p.wMin * (1 + p.wMinDtod * rng.normal())
        let xi = rng.normal()
        let gain = p.dwMinDtodLogNormal ? exp(p.dwMinDtod * xi) : 1 + p.dwMinDtod * xi
        let r = p.upDownDtod * rng.normal()
        let upBias = Swift.min(p.upDown, 0), downBias = -Swift.max(p.upDown, 0)
        var scaleUp = abs(p.dwMin * (upBias + gain + r))
        var scaleDown = abs(p.dwMin * (downBias + gain - r))
        if bMin > bMax { swap(&bMin, &bMax) }
        bMax = abs(bMax)
        bMin = -abs(bMin)
        if scaleUp.isNaN { scaleUp = 0 }
        if scaleDown.isNaN { scaleDown = 0 }
        self.bMax = bMax
        self.bMin = bMin
        self.scaleUp = scaleUp
        self.scaleDown = scaleDown
        switch p.model {
        case .linearStep(let gu, let gd, let gud, let gdd, _):
            let gammaUp = abs(gu + gud * rng.normal()), gammaDown = abs(gd + gdd * rng.normal())
            // AIHWKit's mean_bound_reference (the presets' setting): slopes relative to the mean bounds.
            slopeUp = p.wMax != 0 ? -gammaUp * scaleUp / p.wMax : 0
            slopeDown = p.wMin != 0 ? -gammaDown * scaleDown / p.wMin : 0
        case .softBounds:
            slopeUp = bMax != 0 ? -scaleUp / bMax : 0
            slopeDown = bMin != 0 ? -scaleDown / bMin : 0
        case .softBoundsReference(_, let mean, let std, let subtract):
            reference = mean + std * rng.normal()
            if subtract, bMax > 0, bMin < 0 {
                let denominator = scaleUp / bMax - scaleDown / bMin
                if denominator != 0 { reference += (scaleUp - scaleDown) / denominator }
            }
        case .powStep(let gamma, let gammaDtod, let upDown, let upDownDtod):
            let g = 1 + gammaDtod * rng.normal()
            let rr = upDownDtod * rng.normal()
            let ub = Swift.min(upDown, 0), db = -Swift.max(upDown, 0)
            powGammaUp = abs((ub + g + rr) * gamma)
            powGammaDown = abs((db + g - rr) * gamma)
        case .constantStep, .expStep, .piecewiseStep:
            break
        }
        // Decay and reset (AIHWKit's lifetime and reset): drawn last, and only when used, so other
        // devices' draws stay put. The reset value's spread is additive, as in AIHWKit's code.
        if p.lifetime > 0 || p.reset != 0 || p.resetDtod != 0 {
            resetBias = p.reset + p.resetDtod * rng.normal()
        }
        if p.lifetime > 0 {
            let tau = p.lifetime * (1 + p.lifetimeDtod * rng.normal())
            decayScale = tau > 1 ? 1 - 1 / tau : 0
        }
    }

    /// One pulse on weight `w` (up increases it); the result is clipped to this device's bounds.
    public func pulse(_ w: Float, up: Bool, rng: inout Philox) -> Float {
        var state = self.state
        return DeviceRule(parameters).step(w, up: up, &state, rng: &rng)
    }

    /// This device's own numbers, apart from its type's parameters.
    var state: DeviceState {
        DeviceState(bMax: bMax, bMin: bMin, scaleUp: scaleUp, scaleDown: scaleDown, slopeUp: slopeUp, slopeDown: slopeDown,
                    powGammaUp: powGammaUp, powGammaDown: powGammaDown, reference: reference, decayScale: decayScale,
                    resetBias: resetBias)
    }

    /// The weight after `up` pulses up then `down` pulses down from `start`, one value per pulse
    /// (the apparent weight, with write noise when the device type has it).
    public func response(up: Int, down: Int, start: Float = 0, rng: inout Philox) -> [Float] {
        var trace: [Float] = []
        trace.reserveCapacity(up + down)
        var w = Swift.min(bMax, Swift.max(bMin, start))
        let writeNoise = parameters.writeNoiseStd * parameters.dwMin
        for k in 0..<(up + down) {
            w = pulse(w, up: k < up, rng: &rng)
            trace.append(writeNoise > 0 ? w + writeNoise * rng.normal() : w)
        }
        return trace
    }
}

/// The per-device numbers a pulse needs, kept in a flat array by tiles so a pulse copies nothing.
struct DeviceState: Sendable {
    var bMax: Float, bMin: Float, scaleUp: Float, scaleDown: Float
    var slopeUp: Float, slopeDown: Float, powGammaUp: Float, powGammaDown: Float, reference: Float
    var decayScale: Float, resetBias: Float
}

/// A device type's step rule with its constants unpacked, shared by all its devices.
struct DeviceRule: Sendable {
    enum Kind: UInt8 { case constant, linear, softBoundsReference, exp, pow, piecewise }
    let kind: Kind
    let mult: Bool
    let sigma: Float
    var aUp: Float = 0, aDown: Float = 0, gammaUp: Float = 0, gammaDown: Float = 0, a: Float = 0, b: Float = 0
    var stdAdd: Float = 0, stdSlope: Float = 0
    var piecewiseUp: [Float] = [], piecewiseDown: [Float] = []

    init(_ p: PulsedDeviceParameters) {
        sigma = p.dwMinStd
        switch p.model {
        case .constantStep: kind = .constant; mult = true
        case .linearStep(_, _, _, _, let m), .softBounds(let m): kind = .linear; mult = m
        case .softBoundsReference(let m, _, _, _): kind = .softBoundsReference; mult = m
        case .expStep(let au, let ad, let gu, let gd, let aa, let bb, let sa, let ss):
            kind = .exp; mult = true
            aUp = au; aDown = ad; gammaUp = gu; gammaDown = gd; a = aa; b = bb; stdAdd = sa; stdSlope = ss
        case .powStep: kind = .pow; mult = true
        case .piecewiseStep(let up, let down): kind = .piecewise; mult = true; piecewiseUp = up; piecewiseDown = down
        }
    }

    /// One pulse, reading the device's numbers in place.
    @inline(__always)
    func step<Source: NormalSource>(_ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        switch kind {
        case .constant: return ConstantStepKernel.step(self, w, up: up, &d, rng: &rng)
        case .linear: return LinearStepKernel.step(self, w, up: up, &d, rng: &rng)
        case .softBoundsReference: return SoftBoundsReferenceKernel.step(self, w, up: up, &d, rng: &rng)
        case .exp: return ExpStepKernel.step(self, w, up: up, &d, rng: &rng)
        case .pow: return PowStepKernel.step(self, w, up: up, &d, rng: &rng)
        case .piecewise: return PiecewiseStepKernel.step(self, w, up: up, &d, rng: &rng)
        }
    }

    /// PiecewiseStep's factor at weight `w`: linear between equally spaced nodes over [bMin, bMax].
    @inline(__always)
    static func interpolate(_ nodes: [Float], _ w: Float, _ bMin: Float, _ bMax: Float) -> Float {
        let sections = nodes.count - 1
        guard sections > 0, bMax > bMin else { return nodes.first ?? 1 }
        let s = Swift.max((w - bMin) / (bMax - bMin) * Float(sections), 0)
        let k = Swift.min(Int(s), sections - 1)
        let t = Swift.min(s - Float(k), 1)
        return (1 - t) * nodes[k] + t * nodes[k + 1]
    }
}

/// The step of one device model: the weight after one pulse, clipped to the device's bounds.
protocol StepKernel {
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float
}

/// ConstantStep: w ± scale·(1 + σξ).
enum ConstantStepKernel: StepKernel {
    @inline(__always)
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        let noise = rng.normal()
        let scale = up ? d.scaleUp : -d.scaleDown
        return Swift.min(d.bMax, Swift.max(d.bMin, w + scale * (1 + rule.sigma * noise)))
    }
}

/// LinearStep and SoftBounds: the step shrinks linearly with w (per-device slopes); the noise
/// multiplies the whole step or only its constant part.
enum LinearStepKernel: StepKernel {
    @inline(__always)
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        let noise = rng.normal()
        let slope = up ? d.slopeUp : d.slopeDown, scale = up ? d.scaleUp : d.scaleDown, sign: Float = up ? 1 : -1
        let v = rule.mult ? w + sign * (slope * w + scale) * (1 + rule.sigma * noise)
                          : w + sign * (slope * w + scale * (1 + rule.sigma * noise))
        return Swift.min(d.bMax, Swift.max(d.bMin, v))
    }
}

/// SoftBoundsReference: soft bounds around the device's own reference point.
enum SoftBoundsReferenceKernel: StepKernel {
    @inline(__always)
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        var shifted = w + d.reference
        let factor = up ? (d.bMax > 0 ? 1 - shifted / d.bMax : 0) : (d.bMin < 0 ? 1 - shifted / d.bMin : 0)
        let stepSize = up ? d.scaleUp : d.scaleDown
        let noise = rng.normal()
        let delta = rule.mult ? stepSize * factor * (1 + rule.sigma * noise) : stepSize * (factor + rule.sigma * noise)
        shifted += up ? delta : -delta
        shifted = Swift.min(d.bMax, Swift.max(d.bMin, shifted))
        return shifted - d.reference
    }
}

/// ExpStep: y = max(1 − A·e^{±γz}, 0) with z = 2a·w/(b_max − b_min) + b, and additive noise terms.
enum ExpStepKernel: StepKernel {
    @inline(__always)
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        let range = d.bMax - d.bMin
        guard range > 0 else { return w }
        let z = 2 * rule.a * w / range + rule.b
        let y = up ? Swift.max(1 - rule.aUp * expf(rule.gammaUp * z), 0) : Swift.max(1 - rule.aDown * expf(-rule.gammaDown * z), 0)
        let delta = up ? y * d.scaleUp : -y * d.scaleDown
        let sigma = rule.sigma
        let v: Float
        if sigma > 0, rule.stdAdd != 0 || rule.stdSlope != 0 {
            v = w + delta + sigma * (abs(delta) + rule.stdAdd + rule.stdSlope * abs(w)) * rng.normal()
        } else {
            v = w + delta * (1 + sigma * rng.normal())
        }
        return Swift.min(d.bMax, Swift.max(d.bMin, v))
    }
}

/// PowStep: the step is scale·(distance to the bound / range)^γ.
enum PowStepKernel: StepKernel {
    @inline(__always)
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        let range = d.bMax - d.bMin
        guard range > 0 else { return w }
        let noise = rng.normal()
        let v = up ? w + d.scaleUp * powf(Swift.max(0, (d.bMax - w) / range), d.powGammaUp) * (1 + rule.sigma * noise)
                   : w - d.scaleDown * powf(Swift.max(0, (w - d.bMin) / range), d.powGammaDown) * (1 + rule.sigma * noise)
        return Swift.min(d.bMax, Swift.max(d.bMin, v))
    }
}

/// PiecewiseStep: dw_min times a factor interpolated between measured nodes.
enum PiecewiseStepKernel: StepKernel {
    @inline(__always)
    static func step<Source: NormalSource>(_ rule: DeviceRule, _ w: Float, up: Bool, _ d: inout DeviceState, rng: inout Source) -> Float {
        let factor = DeviceRule.interpolate(up ? rule.piecewiseUp : rule.piecewiseDown, w, d.bMin, d.bMax)
        let noise = rng.normal()
        let v = up ? w + d.scaleUp * factor * (1 + rule.sigma * noise) : w - d.scaleDown * factor * (1 + rule.sigma * noise)
        return Swift.min(d.bMax, Swift.max(d.bMin, v))
    }
}
