/// How the inputs of a tile are scaled before the DAC (AIHWKit's `NoiseManagementType`).
public enum NoiseManagement: String, Sendable, CaseIterable {
    /// No scaling: inputs meet the DAC as they are.
    case none
    /// Divide each input vector by its largest absolute value (AIHWKit's default).
    case absMax
    /// Divide each input vector by its largest value.
    case max
    /// Divide by a fixed value (`nmThreshold`).
    case constant
}

/// What happens when outputs saturate the ADC (AIHWKit's `BoundManagementType`).
public enum BoundManagement: String, Sendable, CaseIterable {
    case none
    /// Repeat the read with the inputs halved until no output saturates (AIHWKit's default).
    case iterative
}

/// How read-to-read weight noise enters (AIHWKit's `WeightNoiseType`).
public enum WeightNoise: String, Sendable, CaseIterable {
    case none
    /// Gaussian noise of std `wNoise` on every weight at every read, seen at the output as noise
    /// proportional to the input's Euclidean norm: std `wNoise·‖x̃‖₂`.
    case additiveConstant
    /// PCM read noise, growing with the conductances a read goes through: std
    /// `wNoise·sqrt(Σ_j |w_ij|·x̃_j²)` at output i.
    case pcmRead
}

/// The peripheral circuits of a tile: DAC and ADC resolution and range, noise at the input, the
/// weights and the output, and the management of ranges. Defaults are AIHWKit 1.2.0's `IOParameters`.
public struct IOParameters: Sendable, Equatable {
    /// Skip every non-ideality: an exact matrix product.
    public var isPerfect = false
    /// DAC range: inputs are clipped to ±inpBound.
    public var inpBound: Float = 1
    /// DAC resolution as a fraction of the input range (1/(2^7 − 2): a 7-bit DAC), or a number of
    /// steps when above 1 (126 is the same as 1/126); 0 for none.
    public var inpRes: Float = 1 / 126
    /// Gaussian noise std added to the inputs after the DAC.
    public var inpNoise: Float = 0
    /// ADC range: outputs are clipped to ±outBound.
    public var outBound: Float = 12
    /// ADC resolution as a fraction of the output range (1/(2^9 − 2): a 9-bit ADC); 0 for none.
    public var outRes: Float = 1 / 510
    /// Gaussian noise std added to every output before the ADC.
    public var outNoise: Float = 0.06
    /// Read-to-read weight noise std, and how it enters.
    public var wNoise: Float = 0
    public var wNoiseType: WeightNoise = .none
    public var noiseManagement: NoiseManagement = .absMax
    public var boundManagement: BoundManagement = .iterative
    /// IR drop strength (0 for none) and the wire-to-device conductance ratio of AIHWKit's
    /// first-order model (1/0.35/5e-6).
    public var irDrop: Float = 0
    public var irDropGRatio: Float = 1 / 0.35 / 5e-6
    /// Output non-linearity (AIHWKit's `out_nonlinearity`): outputs saturate as y/(1 + |n·y|),
    /// n = outNonlinearity/outBound per output with device-to-device spread `outNonlinearityStd`.
    public var outNonlinearity: Float = 0
    public var outNonlinearityStd: Float = 0
    /// Scales the slope back up by the mean non-linearity (0: off, AIHWKit's Python default).
    public var slopeCalibration: Float = 0
    /// Negative inputs (after the DAC) and negative outputs (before the ADC) are scaled by 1 − asymmetry.
    public var inpAsymmetry: Float = 0
    public var outAsymmetry: Float = 0
    /// A final digital factor on every output.
    public var outScale: Float = 1
    /// Stochastic rounding in the DAC and ADC instead of round-half-to-even.
    public var inpStochasticRounding = false
    public var outStochasticRounding = false
    /// The divisor for `.constant` noise management.
    public var nmThreshold: Float = 0
    /// Iterative bound management stops at this input reduction…
    public var maxBMFactor: Float = 1000
    /// …or when the effective input resolution would get coarser than this.
    public var maxBMResolution: Float = 0.25

    public init() {}

    /// AIHWKit's `PresetIOParameters` (used by the device presets): 7-bit DAC, 9-bit ADC on ±20,
    /// output noise 0.1.
    public static var preset: IOParameters {
        var p = IOParameters()
        p.outBound = 20
        p.outNoise = 0.1
        return p
    }

    /// AIHWKit's `StandardIOParameters`: 8-bit DAC and ADC, ADC range ±10, output noise 0.04.
    public static var standard: IOParameters {
        var p = IOParameters()
        p.inpRes = 1 / 254
        p.outRes = 1 / 254
        p.outBound = 10
        p.outNoise = 0.04
        return p
    }

    /// The forward IO of AIHWKit's `StandardHWATrainingPreset` (Rasch et al. 2023): 8-bit DAC and ADC,
    /// ADC ±10, output noise 0.04, PCM read noise 0.0175, IR drop 1.0, constant noise management
    /// (threshold 1), no bound management.
    public static var standardHWA: IOParameters {
        var p = IOParameters.standard
        p.wNoise = 0.0175
        p.wNoiseType = .pcmRead
        p.irDrop = 1
        p.boundManagement = .none
        p.noiseManagement = .constant
        p.nmThreshold = 1
        return p
    }

    /// An exact matrix product.
    public static var perfect: IOParameters {
        var p = IOParameters()
        p.isPerfect = true
        return p
    }

    /// Checks the values make physical sense; the message names the first that does not.
    public func validate() throws {
        func check(_ ok: Bool, _ message: String) throws { if !ok { throw AnalogError(.configuration, message) } }
        try check(inpBound > 0 && inpBound.isFinite, "inpBound must be positive and finite, not \(inpBound)")
        try check(outBound > 0 && outBound.isFinite, "outBound must be positive and finite, not \(outBound)")
        try check(inpRes >= 0 && inpRes.isFinite, "inpRes must be 0 (no DAC quantization) or positive, not \(inpRes)")
        try check(outRes >= 0 && outRes.isFinite, "outRes must be 0 (no ADC quantization) or positive, not \(outRes)")
        for (name, v) in [("inpNoise", inpNoise), ("outNoise", outNoise), ("wNoise", wNoise), ("irDrop", irDrop),
                          ("outNonlinearity", outNonlinearity), ("outNonlinearityStd", outNonlinearityStd),
                          ("slopeCalibration", slopeCalibration)] {
            try check(v >= 0 && v.isFinite, "\(name) must be 0 or positive, not \(v)")
        }
        try check(inpAsymmetry.isFinite && abs(inpAsymmetry) <= 1, "inpAsymmetry must be within −1…1, not \(inpAsymmetry)")
        try check(outAsymmetry.isFinite && abs(outAsymmetry) <= 1, "outAsymmetry must be within −1…1, not \(outAsymmetry)")
        try check(outScale > 0 && outScale.isFinite, "outScale must be positive, not \(outScale)")
        try check(irDropGRatio > 0 && irDropGRatio.isFinite, "irDropGRatio must be positive, not \(irDropGRatio)")
        try check(maxBMFactor >= 1, "maxBMFactor must be at least 1, not \(maxBMFactor)")
        try check(noiseManagement != .constant || nmThreshold > 0, "constant noise management needs nmThreshold > 0")
        // AIHWKit refuses noise management with any other input range: the scaled inputs span ±1.
        try check(isPerfect || noiseManagement == .none || inpBound == 1,
                  "noise management scales inputs to ±1, so it needs inpBound = 1 (not \(inpBound)); use noiseManagement = .none")
    }
}
