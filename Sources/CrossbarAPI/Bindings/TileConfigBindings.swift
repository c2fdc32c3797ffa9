import Analog
import Display
import SwiftScript

/// Cell names for tile configs: `TileConfig.all`, `TileConfig.<AIHWKit name>`, and the implicit
/// members `config:` takes (`.inference(noise: .pcm)`, `.standardHWA`, `.tikiTaka(Preset.reRamSB)`, …).
extension AnalogBindings {
    /// A config builder cells reach both as an implicit member (`.tikiTaka(…)`) and as a static of
    /// TileConfig (`TileConfig.tikiTaka(…)`), each with its own documentation; `prefix` is how the
    /// call is written, for messages.
    struct ConfigBuilder {
        let name: String
        let signature: Signature
        let memberDoc: String
        let staticDoc: String
        let build: (Arguments, _ prefix: String) throws -> TileConfig
    }

    static var configBuilders: [ConfigBuilder] { [
        ConfigBuilder(name: "inference", signature: Signature("noise: = .pcm", "io: = nil"), memberDoc: """
            AIHWKit's InferenceRPUConfig: default IO forward (or `io:`), exact backward, floating-point updates, \
            the given inference noise (.pcm, .reramWan2022, .reramCMO, .noNoise) with global drift compensation.
            """, staticDoc: "AIHWKit's InferenceRPUConfig with the given noise model (and forward IO).") { a, _ in
            try TileConfig.inference(noise: a("noise"), io: (a("io") as IOParameters?) ?? IOParameters())
        },
        ConfigBuilder(name: "singleDevice", signature: Signature("_ preset"),
                      memberDoc: "In-situ SGD on one device of the preset per weight (AIHWKit's <Device>Preset).",
                      staticDoc: "The singleDevice training config on a device preset.") { a, prefix in
            TileConfig.singleDevice(try a("preset", for: prefix + "singleDevice"))
        },
        ConfigBuilder(name: "mixedPrecision", signature: Signature("_ preset"),
                      memberDoc: "Mixed precision on the preset's devices (AIHWKit's MixedPrecision<Device>Preset).",
                      staticDoc: "The mixedPrecision training config on a device preset.") { a, prefix in
            TileConfig.mixedPrecision(try a("preset", for: prefix + "mixedPrecision"))
        },
        ConfigBuilder(name: "multiDevice", signature: Signature("_ preset", "devices: = 2"), memberDoc: """
            Several devices of the preset per weight (AIHWKit's <Device>2Preset and <Device>4Preset, a VectorUnitCell): \
            the weight is the devices' average, and each mini-batch's pulses go to one device drawn at random.
            """, staticDoc: "Several devices of a preset per weight (AIHWKit's <Device>2Preset).") { a, prefix in
            let devices = try a.int("devices")
            guard (1...16).contains(devices) else { throw ScriptCallError("multiDevice takes 1…16 devices per weight, not \(devices)") }
            return TileConfig.multiDevice(try a("preset", for: prefix + "multiDevice"), devices: devices)
        },
        ConfigBuilder(name: "tikiTaka", signature: Signature("_ preset", "transferEvery: = 1.0", "readsPerTransfer: = 1"), memberDoc: """
            Tiki-Taka on the preset's devices (AIHWKit's TikiTaka<Device>Preset): every `transferEvery` mini-batch, \
            `readsPerTransfer` columns of the fast array are read and pulsed into the weights.
            """, staticDoc: "Tiki-Taka on a device preset.") { a, prefix in
            try TileConfig.tikiTaka(a("preset", for: prefix + "tikiTaka"), transferEvery: a.float("transferEvery"),
                                    readsPerTransfer: a.int("readsPerTransfer"))
        },
    ] }

    static func registerConfigMembers(in registry: ScriptRegistry) {
        for (name, doc) in InferenceNoise.members { registry.implicitMember(name, doc: doc) }
        registry.implicitMember("floatingPoint", doc: "An exact tile: perfect IO, floating-point updates, no inference noise.")
        for kind in WeightModifier.Kind.allCases where kind != .none {
            registry.implicitMember(kind.rawValue, doc: "The HWA weight modifier \(kind.rawValue) (TileConfig.with(modifier:)).")
        }
        registry.implicitMember("noModifier", doc: "No HWA weight modifier (TileConfig.with(modifier:)).")
        registry.implicitFunction("fixedValue", Signature("_ bound"), doc: "Clip weights to ±bound (TileConfig.with(clip:)).", returning: { a in
            WeightClip(.fixedValue, fixedValue: try a.float("bound"))
        })
        registry.implicitFunction("layerGaussian", Signature("sigma: = 2.5", "cap: = nil"),
                                  doc: "Clip weights to ±sigma·std(W) over the tile, at most cap (TileConfig.with(clip:)).", returning: { a in
            WeightClip(.layerGaussian, fixedValue: try (a("cap") as Float?) ?? -1, sigma: try a.float("sigma"))
        })
        registry.implicitMember("averageChannelMax", doc: "Clip weights to ± the mean of the rows' max|w| (TileConfig.with(clip:)).")
        registry.implicitMember("layerwiseSymmetric", doc: "Remap the tile by max|W| (TileConfig.with(remap:)).")
        registry.implicitMember("channelwiseSymmetric", doc: "Remap each row by its own max|w| (TileConfig.with(remap:)).")
        for builder in configBuilders {
            registry.implicitFunction(builder.name, builder.signature, doc: builder.memberDoc) { a in try builder.build(a, ".") }
        }
    }

    static func configType() -> ToolkitType<TileConfig> {
        let t = ToolkitType<TileConfig>(doc: """
            What a tile models (AIHWKit's RPU configs): forward and backward IO, how updates reach the weights, \
            the inference noise model, drift compensation, weight clipping and remapping. `TileConfig.all` lists \
            the named configs; each is also `TileConfig.<name>` with AIHWKit's name.

                let t = AnalogTile(rows: 256, cols: 256, config: .inference(noise: .pcm))
                AnalogTile(rows: 64, cols: 64, config: .standardHWA)
                AnalogTile(rows: 64, cols: 64, config: .tikiTaka(Preset.reRamSB))
                TileConfig.MixedPrecisionGokmenVlasovPreset
            """)
        for c in TileConfig.all { t.constant(c.name, c) }
        t.constant("standardHWA", TileConfig.standardHWA)
        t.constant("floatingPoint", TileConfig.floatingPoint)
        for builder in configBuilders {
            t.staticFunction(builder.name, builder.signature, doc: builder.staticDoc) { a in try builder.build(a, "TileConfig.") }
        }
        t.constant("all", (try? TileConfig.overviewTable()).map { Value.rich($0.mimeBundle) } ?? .null)
        t.method("with", Signature("inpBits: = nil", "outBits: = nil", "outNoise: = nil", "wNoise: = nil", "irDrop: = nil",
                                   "programmingNoise: = nil", "readNoise: = nil", "drift: = nil", "compensateDrift: = nil",
                                   "modifier: = nil", "modifierStd: = nil", "clip: = nil", "remap: = nil", "remappedWMax: = nil",
                                   "learnOutputScales: = nil", "maxTileSize: = nil", "maxInputSize: = nil", "maxOutputSize: = nil",
                                   "forward: = nil", "backward: = nil", "inputRange: = nil", "inputRangeInitValue: = nil",
                                   "inputRangeInitFromData: = nil", "inputRangeInitStdAlpha: = nil", "inputRangeDecay: = nil",
                                   "inputRangeMinPercentage: = nil", "learnInputRange: = nil", "desiredBL: = nil",
                                   "updateManagement: = nil", "updateBLManagement: = nil"), doc: """
            A copy with some settings changed: converter bits (0 for none), output and read-to-read weight noise, IR drop, \
            the PCM model's programming-noise, read-noise and drift scales (1 = the model's own), and the HWA weight \
            modifier applied to every training read (.addNormal, .multNormal, .discretize, .discretizeAddNormal, .poly, \
            .progNoise, .dropConnect, .noModifier) with its std, the weight clip (.none, .fixedValue(1), \
            .layerGaussian(sigma: 2), .averageChannelMax), the remapping (.none, .layerwiseSymmetric, \
            .channelwiseSymmetric) with its range and learned output scales, and the largest tile (maxTileSize, or \
            maxInputSize and maxOutputSize). Whole IO models replace the forward and backward IO \
            (`forward: IOParameters(inpRes: 1.0 / 254, outNoise: 0.04)`); the input range (AIHWKit's \
            pre_post.input_range: `inputRange: true`, its initial value, the batches and σ multiple it is initialised \
            from, its decay, the share of inputs it must keep, whether it is learned) and the pulsed update \
            (`desiredBL:`, `updateManagement:`, `updateBLManagement:`) have their own labels; nil keeps a setting.
            """) { config, a in
            var range = config.inputRange
            if let v: Bool = try a("inputRange") { range.enabled = v }
            if let v: Float = try a("inputRangeInitValue") { range.initValue = v }
            if let v: Int = try a("inputRangeInitFromData") { range.initFromData = v }
            if let v: Float = try a("inputRangeInitStdAlpha") { range.initStdAlpha = v }
            if let v: Float = try a("inputRangeDecay") { range.decay = v }
            if let v: Float = try a("inputRangeMinPercentage") { range.inputMinPercentage = v }
            if let v: Bool = try a("learnInputRange") { range.learn = v }
            var update = config.update
            if let v: Int = try a("desiredBL") { update.desiredBL = v }
            if let v: Bool = try a("updateManagement") { update.updateManagement = v }
            if let v: Bool = try a("updateBLManagement") { update.updateBLManagement = v }
            let replaced = try config.replacing(forward: a("forward"), backward: a("backward"),
                                                inputRange: range == config.inputRange ? nil : range,
                                                update: update == config.update ? nil : update)
            return try replaced.with(inpBits: a("inpBits"), outBits: a("outBits"), outNoise: a("outNoise"), wNoise: a("wNoise"), irDrop: a("irDrop"),
                            programmingNoise: a("programmingNoise"), readNoise: a("readNoise"), drift: a("drift"),
                            compensateDrift: a("compensateDrift"), modifier: a("modifier"), modifierStd: a("modifierStd"),
                            clip: a("clip"), remap: a("remap"), remappedWMax: a("remappedWMax"), learnsOutputScales: a("learnOutputScales"),
                            maxTileSize: a("maxTileSize"), maxInputSize: a("maxInputSize"), maxOutputSize: a("maxOutputSize"))
        }
        t.property("name", \.name, doc: "The config's name (AIHWKit's).")
        t.property("forward", \.forward, doc: "The forward IO (an IOParameters value); config.with(forward:) replaces it.")
        t.property("backward", \.backward, doc: "The backward IO (an IOParameters value); config.with(backward:) replaces it.")
        t.property("summary", \.summary, doc: "One line about the config.")
        t.property("table", doc: "The config's settings as a Table.") { try $0.parameterTable() }
        return t
    }
}
