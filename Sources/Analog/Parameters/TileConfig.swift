import Foundation

/// Everything that makes a tile behave like a given piece of hardware (AIHWKit's RPU configs):
/// the IO of forward and backward reads, how updates reach the weights, the inference noise
/// model, and how weights are clipped and mapped. The named configs carry AIHWKit 1.2.0's names.
public struct TileConfig: Sendable, Equatable {
    /// How `update` changes the weights.
    public enum Training: Sendable, Equatable {
        /// Exact SGD on the weights (inference configs: training happens in floating point,
        /// optionally hardware-aware through the modifier and clipping).
        case floatingPoint
        /// Stochastic pulses on one device per weight (AIHWKit's single-device configs).
        case devices(PulsedDeviceParameters)
        /// Tiki-Taka: pulses on a fast array, transferred column by column into the weights.
        case tikiTaka(PulsedDeviceParameters, TikiTakaParameters)
        /// Mixed precision: an exact digital accumulator, whole steps pulsed into the devices.
        case mixedPrecision(PulsedDeviceParameters, MixedPrecisionParameters)
        /// Pulsed SGD on one-sided pairs, w = g⁺ − g⁻, with refresh (AIHWKit's `OneSidedUnitCell`).
        case oneSided(PulsedDeviceParameters, OneSidedParameters)
        /// Pulsed SGD on several devices per weight, w = Σγ_k·w_k (AIHWKit's `VectorUnitCell`).
        case vectorCell(PulsedDeviceParameters, VectorCellParameters)
    }

    public var name: String
    public var summary: String
    public var forward: IOParameters
    public var backward: IOParameters
    public var update: UpdateParameters
    public var training: Training
    /// The statistical model `program()` and `drift(to:)` use.
    public var noise: InferenceNoise
    /// Global drift compensation after programming.
    public var compensatesDrift: Bool
    public var clip: WeightClip
    public var remap: WeightRemap
    /// Hardware-aware training's weight modifier (used by training loops' forward passes).
    public var modifier: WeightModifier
    /// A layer's input range (AIHWKit's `InputRangeParameter`): inputs are divided by a learned
    /// range before the DAC and outputs multiplied back, so that constant noise management sees
    /// inputs scaled to ±1.
    public var inputRange: InputRange = InputRange()
    /// Whether the digital output scales of remapping are trained with the weights (AIHWKit's
    /// `MappingParameter.learn_out_scaling` with column-wise scales, as StandardHWATrainingPreset
    /// sets). Without it, remapping keeps each row's maximum at the devices' full range and the
    /// only way a row's scale grows is through its analog weights, whose steps the scale shrinks
    /// twice over (lr·s²): small freshly initialised weights then barely learn.
    public var learnsOutputScales = false
    /// The largest tile a layer maps onto (AIHWKit's MappingParameter max sizes).
    public var maxInputSize: Int
    public var maxOutputSize: Int

    public init(name: String = "custom", summary: String = "", forward: IOParameters = IOParameters(),
                backward: IOParameters? = nil, update: UpdateParameters = UpdateParameters(),
                training: Training = .floatingPoint, noise: InferenceNoise = .pcm(PCMLikeNoise()),
                compensatesDrift: Bool = true, clip: WeightClip = WeightClip(), remap: WeightRemap = WeightRemap(),
                modifier: WeightModifier = WeightModifier(), inputRange: InputRange = InputRange(),
                learnsOutputScales: Bool = false, maxInputSize: Int = 512, maxOutputSize: Int = 512) {
        self.name = name
        self.summary = summary
        self.forward = forward
        self.backward = backward ?? forward
        self.update = update
        self.training = training
        self.noise = noise
        self.compensatesDrift = compensatesDrift
        self.clip = clip
        self.remap = remap
        self.modifier = modifier
        self.inputRange = inputRange
        self.learnsOutputScales = learnsOutputScales
        self.maxInputSize = maxInputSize
        self.maxOutputSize = maxOutputSize
    }

    public func validate() throws {
        try forward.validate()
        try backward.validate()
        try noise.validate()
        try clip.validate()
        try remap.validate()
        try modifier.validate()
        try inputRange.validate()
        guard maxInputSize > 0, maxOutputSize > 0 else { throw AnalogError(.configuration, "the maximum tile size must be positive") }
        switch training {
        case .floatingPoint: break
        case .devices(let p), .tikiTaka(let p, _), .mixedPrecision(let p, _): try p.validate()
        case .oneSided(let p, let o):
            try p.validate()
            try o.validate()
        case .vectorCell(let p, let cell):
            try p.validate()
            try cell.validate()
        }
        if remap.kind != .none, training != .floatingPoint {
            throw AnalogError(.configuration, "weight remapping keeps scales digitally, which only inference (floating-point trained) configs support")
        }
    }

    /// The pulsed device behind the weights, if updates go through devices.
    public var device: PulsedDeviceParameters? {
        switch training {
        case .floatingPoint: return nil
        case .devices(let p), .tikiTaka(let p, _), .mixedPrecision(let p, _), .oneSided(let p, _), .vectorCell(let p, _): return p
        }
    }

    // MARK: Named configs

    /// An exact tile: no IO effects, floating-point updates, no inference noise.
    public static var floatingPoint: TileConfig {
        TileConfig(name: "FloatingPointPreset", summary: "Exact floating-point tile (a digital reference)",
                   forward: .perfect, noise: .none, compensatesDrift: false)
    }

    /// AIHWKit's `InferenceRPUConfig`: default IO forward (or `io`), exact backward, floating-point
    /// training, the given inference noise model with global drift compensation.
    public static func inference(noise: InferenceNoise = .pcm(PCMLikeNoise()), io: IOParameters = IOParameters()) -> TileConfig {
        let ioText = io == IOParameters() ? "default IO" : "IO \(io.summary)"
        return TileConfig(name: "InferenceRPUConfig", summary: "Inference tile: \(ioText), \(noise.name) programming noise and drift",
                          forward: io, backward: .perfect, noise: noise)
    }

    /// AIHWKit's `StandardHWATrainingPreset` (Rasch et al. 2023): 8-bit IO with PCM read noise
    /// and IR drop forward, exact backward, analog weights clipped at ±1 and remapped channel-wise
    /// after each update, PCM inference noise with global drift compensation. Like AIHWKit's, it
    /// sets no weight modifier: the read noise of the forward IO is the training noise.
    public static var standardHWA: TileConfig {
        TileConfig(name: "StandardHWATrainingPreset",
                   summary: "Hardware-aware training preset (Rasch et al. 2023): 8-bit IO, PCM noise, IR drop",
                   forward: .standardHWA, backward: .perfect, noise: .pcm(PCMLikeNoise()),
                   clip: WeightClip(.fixedValue, fixedValue: 1), remap: WeightRemap(.channelwiseSymmetric),
                   inputRange: InputRange(enabled: true), learnsOutputScales: true)
    }

    /// A single-device training config (AIHWKit's `<Device>Preset`): preset IO forward and backward,
    /// preset update parameters, one device per weight; one-sided devices (PCM) as pairs with refresh,
    /// as AIHWKit's `PCMPreset` (`PCMPresetUnitCell`).
    public static func singleDevice(_ preset: DevicePreset) -> TileConfig {
        let p = preset.parameters
        return TileConfig(name: "\(preset.configStem)Preset",
                          summary: p.isOneSided ? "In-situ SGD on one-sided pairs of \(preset.name) devices, with refresh"
                                                : "In-situ SGD on \(preset.name) devices",
                          forward: .preset, update: UpdateParameters(),
                          training: p.isOneSided ? .oneSided(p, OneSidedParameters()) : .devices(p), noise: .none)
    }

    /// A Tiki-Taka config (AIHWKit's `TikiTaka<Device>Preset`): two arrays of the device, transfer
    /// reads without noise or bound management.
    public static func tikiTaka(_ preset: DevicePreset) -> TileConfig {
        TileConfig(name: "TikiTaka\(preset.configStem)Preset", summary: "Tiki-Taka on \(preset.name) devices",
                   forward: .preset, update: UpdateParameters(), training: .tikiTaka(preset.parameters, TikiTakaParameters()), noise: .none)
    }

    /// A mixed-precision config (AIHWKit's `MixedPrecision<Device>Preset`).
    public static func mixedPrecision(_ preset: DevicePreset) -> TileConfig {
        TileConfig(name: "MixedPrecision\(preset.configStem)Preset", summary: "Mixed precision (digital accumulator) on \(preset.name) devices",
                   forward: .preset, update: UpdateParameters(),
                   training: .mixedPrecision(preset.parameters, MixedPrecisionParameters()), noise: .none)
    }

    /// A config with `devices` devices of the preset per weight (AIHWKit's `<Device>2Preset` and
    /// `<Device>4Preset`): a vector unit cell reading the devices' average, each mini-batch's pulses
    /// going to one device drawn at random; preset IO and update parameters.
    public static func multiDevice(_ preset: DevicePreset, devices: Int = 2) -> TileConfig {
        TileConfig(name: "\(preset.configStem)\(devices)Preset",
                   summary: "In-situ SGD on \(devices) \(preset.name) devices per weight, one updated per mini-batch",
                   forward: .preset, update: UpdateParameters(),
                   training: .vectorCell(preset.parameters, VectorCellParameters(devices: devices)), noise: .none)
    }

    /// Every named config, in AIHWKit's order: the inference presets, then single-device,
    /// 2- and 4-device, Tiki-Taka and mixed-precision configs for each device preset.
    public static var all: [TileConfig] {
        [floatingPoint, inference(), standardHWA]
            + DevicePreset.withConfigs.map(singleDevice)
            + DevicePreset.withVectorConfigs.map { multiDevice($0, devices: 2) }
            + DevicePreset.withVectorConfigs.map { multiDevice($0, devices: 4) }
            + DevicePreset.withConfigs.map(tikiTaka) + DevicePreset.withConfigs.map(mixedPrecision)
    }
}

/// A layer's input range (AIHWKit's `InputRangeParameter` defaults, as the standard HWA preset
/// sets them): initialised from the first `initFromData` training batches as `initStdAlpha`·std of
/// the inputs, then learned: inputs beyond the range can only push it up through their gradients
/// (relative to the range), and it decays by `decay` while more than `inputMinPercentage` fit.
public struct InputRange: Sendable, Equatable {
    public var enabled = false
    public var initValue: Float = 3
    public var initFromData = 100
    public var initStdAlpha: Float = 3
    public var decay: Float = 0.001
    public var inputMinPercentage: Float = 0.95
    public var learn = true

    public init(enabled: Bool = false) { self.enabled = enabled }

    public func validate() throws {
        guard initValue > 0, initValue.isFinite, initStdAlpha > 0, initFromData >= 0, decay >= 0,
              (0...1).contains(inputMinPercentage) else {
            throw AnalogError(.configuration, "the input range needs a positive initial value and σ multiple, initFromData ≥ 0, decay ≥ 0 and a percentage in 0…1")
        }
    }
}

/// Tiki-Taka's schedule (AIHWKit's `TransferCompound` defaults).
public struct TikiTakaParameters: Sendable, Equatable {
    /// Transfer every this many mini-batches (in samples: ceil(transferEvery·batch)).
    public var transferEvery: Float = 1
    public var readsPerTransfer = 1
    public var fastLR: Float = 1
    public var transferLR: Float = 1
    /// The IO of transfer reads: the preset IO without noise or bound management.
    public var transferIO: IOParameters = {
        var io = IOParameters.preset
        io.noiseManagement = .none
        io.boundManagement = .none
        return io
    }()

    public init() {}
}

extension DevicePreset {
    /// The preset's name as AIHWKit's config classes spell it (ReRamES, EcRamMO, PCM, …).
    var configStem: String {
        switch name {
        case "reRamES": return "ReRamES"
        case "reRamSB": return "ReRamSB"
        case "ecRam": return "EcRam"
        case "ecRamMO": return "EcRamMO"
        case "pcm": return "PCM"
        case "reRamArrayOM": return "ReRamArrayOM"
        case "reRamArrayHfO2": return "ReRamArrayHfO2"
        default: return name.prefix(1).uppercased() + name.dropFirst()
        }
    }
}
