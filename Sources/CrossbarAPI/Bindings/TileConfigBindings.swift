import Analog
import Display
import SwiftScript

/// A tile config as cells see it: a table of its settings.
final class ConfigObject: ScriptObject {
    let config: TileConfig
    init(_ config: TileConfig) { self.config = config }
    var scriptTypeName: String { "TileConfig" }
    func mimeBundle() -> MIMEBundle { (try? config.parameterTable().mimeBundle) ?? MIMEBundle(plainText: config.name) }
}

/// Cell names for tile configs: `TileConfig.all`, `TileConfig.<AIHWKit name>`, and the implicit
/// members `config:` takes (`.inference(noise: .pcm)`, `.standardHWA`, `.tikiTaka(Preset.reRamSB)`, …).
extension AnalogBindings {
    static let noiseModels: [(String, String)] = [
        ("pcm", "AIHWKit's PCM-like inference noise: programming noise, drift with ν(g), 1/f read noise."),
        ("reramWan2022", "AIHWKit's ReRAM model fitted to Wan et al. 2022: spread at 1 s, 1 day and 2 days."),
        ("reramCMO", "AIHWKit's conductive-metal-oxide ReRAM model: decay and read noise growing with ln t."),
        ("noNoise", "Exact programming and no drift."),
    ]

    static func inferenceNoise(_ v: Value) throws -> InferenceNoise {
        guard case .implicitMember(let name) = v else {
            throw ScriptCallError("noise: takes .pcm, .reramWan2022, .reramCMO or .noNoise")
        }
        switch name {
        case "pcm": return .pcm(PCMLikeNoise())
        case "reramWan2022": return .reramWan2022(ReRAMWan2022Noise())
        case "reramCMO": return .reramCMO(ReRAMCMONoise())
        case "noNoise", "none": return .none
        default: throw ScriptCallError("unknown noise model .\(name); use .pcm, .reramWan2022, .reramCMO or .noNoise")
        }
    }

    /// A config from `config:`: a TileConfig value, or `.standardHWA` / `.floatingPoint`.
    static func tileConfig(_ v: Value) throws -> TileConfig {
        switch v {
        case .object(let o as ConfigObject): return o.config
        case .implicitMember("standardHWA"): return .standardHWA
        case .implicitMember("floatingPoint"): return .floatingPoint
        case .implicitMember("inference"): return .inference()
        default:
            throw ScriptCallError("""
                config: takes a TileConfig, e.g. .inference(noise: .pcm), .standardHWA, .floatingPoint, \
                .singleDevice(Preset.reRamES), .multiDevice(Preset.reRamES, devices: 2), .tikiTaka(Preset.idealized), \
                .mixedPrecision(Preset.pcm)
                """)
        }
    }

    static func registerConfigMembers(in registry: ScriptRegistry) {
        for (name, doc) in noiseModels { registry.implicitMember(name, doc: doc) }
        registry.implicitMember("floatingPoint", doc: "An exact tile: perfect IO, floating-point updates, no inference noise.")
        for kind in WeightModifier.Kind.allCases where kind != .none {
            registry.implicitMember(kind.rawValue, doc: "The HWA weight modifier \(kind.rawValue) (TileConfig.with(modifier:)).")
        }
        registry.implicitMember("noModifier", doc: "No HWA weight modifier (TileConfig.with(modifier:)).")
        registry.implicitFunction("inference", Signature("noise:=", "io:="), defaults: [.implicitMember("pcm"), .null], doc: """
            AIHWKit's InferenceRPUConfig: default IO forward (or `io:`), exact backward, floating-point updates, \
            the given inference noise (.pcm, .reramWan2022, .reramCMO, .noNoise) with global drift compensation.
            """) { a in
            var config = TileConfig.inference(noise: try inferenceNoise(a[0]))
            if a[1] != .null { config.forward = try ioPreset(a[1]) }
            return .object(ConfigObject(config))
        }
        let builders: [(String, String, (DevicePreset) -> TileConfig)] = [
            ("singleDevice", "In-situ SGD on one device of the preset per weight (AIHWKit's <Device>Preset).", TileConfig.singleDevice),
            ("tikiTaka", "Tiki-Taka on the preset's devices (AIHWKit's TikiTaka<Device>Preset).", TileConfig.tikiTaka),
            ("mixedPrecision", "Mixed precision on the preset's devices (AIHWKit's MixedPrecision<Device>Preset).", TileConfig.mixedPrecision),
        ]
        for (name, doc, build) in builders where name != "tikiTaka" {
            registry.implicitFunction(name, Signature("_"), doc: doc) { a in
                .object(ConfigObject(build(try preset(a[0], for: "." + name))))
            }
        }
        registry.implicitFunction("multiDevice", Signature("_", "devices:="), defaults: [.int(2)], doc: """
            Several devices of the preset per weight (AIHWKit's <Device>2Preset and <Device>4Preset, a VectorUnitCell): \
            the weight is the devices' average, and each mini-batch's pulses go to one device drawn at random.
            """) { a in .object(ConfigObject(try multiDeviceConfig(a, "."))) }
        registry.implicitFunction("tikiTaka", Signature("_", "transferEvery:=", "readsPerTransfer:="), defaults: [.double(1), .int(1)], doc: """
            Tiki-Taka on the preset's devices (AIHWKit's TikiTaka<Device>Preset): every `transferEvery` mini-batch, \
            `readsPerTransfer` columns of the fast array are read and pulsed into the weights.
            """) { a in .object(ConfigObject(try tikiTakaConfig(a, "."))) }
    }

    /// `.tikiTaka(preset, transferEvery:, readsPerTransfer:)`.
    static func tikiTakaConfig(_ a: Arguments, _ prefix: String) throws -> TileConfig {
        var config = TileConfig.tikiTaka(try preset(a[0], for: prefix + "tikiTaka"))
        let every = try a.double(1, "transferEvery"), reads = try a.int(2, "readsPerTransfer")
        guard every > 0, every <= 1_000_000, (1...1_000_000).contains(reads) else {
            throw ScriptCallError("tikiTaka needs transferEvery in (0, 1000000] and readsPerTransfer ≥ 1")
        }
        if case .tikiTaka(let p, var tt) = config.training {
            tt.transferEvery = Float(every)
            tt.readsPerTransfer = reads
            config.training = .tikiTaka(p, tt)
        }
        return config
    }

    /// `.multiDevice(preset, devices:)`.
    static func multiDeviceConfig(_ a: Arguments, _ prefix: String) throws -> TileConfig {
        let devices = try a.int(1, "devices")
        guard (1...16).contains(devices) else { throw ScriptCallError("multiDevice takes 1…16 devices per weight, not \(devices)") }
        return TileConfig.multiDevice(try preset(a[0], for: prefix + "multiDevice"), devices: devices)
    }

    static func config(_ o: ScriptObject) throws -> TileConfig {
        guard let c = o as? ConfigObject else { throw ScriptCallError("expected a TileConfig") }
        return c.config
    }

    static func configType() -> RegisteredType {
        let t = RegisteredType(name: "TileConfig", doc: """
            What a tile models (AIHWKit's RPU configs): forward and backward IO, how updates reach the weights, \
            the inference noise model, drift compensation, weight clipping and remapping. `TileConfig.all` lists \
            the named configs; each is also `TileConfig.<name>` with AIHWKit's name.

                let t = AnalogTile(rows: 256, cols: 256, config: .inference(noise: .pcm))
                AnalogTile(rows: 64, cols: 64, config: .standardHWA)
                AnalogTile(rows: 64, cols: 64, config: .tikiTaka(Preset.reRamSB))
                TileConfig.MixedPrecisionGokmenVlasovPreset
            """)
        for c in TileConfig.all { t.statics[c.name] = .object(ConfigObject(c)) }
        t.statics["standardHWA"] = .object(ConfigObject(.standardHWA))
        t.statics["floatingPoint"] = .object(ConfigObject(.floatingPoint))
        t.staticFunctions["inference"] = BuiltinFunction("inference", Signature("noise:=", "io:="), defaults: [.implicitMember("pcm"), .null],
                                                         doc: "AIHWKit's InferenceRPUConfig with the given noise model (and forward IO).") { a in
            var config = TileConfig.inference(noise: try inferenceNoise(a[0]))
            if a[1] != .null { config.forward = try ioPreset(a[1]) }
            return .object(ConfigObject(config))
        }
        t.staticFunctions["tikiTaka"] = BuiltinFunction("tikiTaka", Signature("_", "transferEvery:=", "readsPerTransfer:="),
                                                        defaults: [.double(1), .int(1)], doc: "Tiki-Taka on a device preset.") { a in
            .object(ConfigObject(try tikiTakaConfig(a, "TileConfig.")))
        }
        t.staticFunctions["multiDevice"] = BuiltinFunction("multiDevice", Signature("_", "devices:="), defaults: [.int(2)],
                                                           doc: "Several devices of a preset per weight (AIHWKit's <Device>2Preset).") { a in
            .object(ConfigObject(try multiDeviceConfig(a, "TileConfig.")))
        }
        let builders: [(String, (DevicePreset) -> TileConfig)] = [("singleDevice", TileConfig.singleDevice),
                                                                   ("mixedPrecision", TileConfig.mixedPrecision)]
        for (name, build) in builders {
            t.staticFunctions[name] = BuiltinFunction(name, Signature("_"), doc: "The \(name) training config on a device preset.") { a in
                .object(ConfigObject(build(try preset(a[0], for: "TileConfig." + name))))
            }
        }
        t.statics["all"] = (try? TileConfig.overviewTable()).map { .rich($0.mimeBundle) } ?? .null
        t.method("with", Signature("inpBits:=", "outBits:=", "outNoise:=", "wNoise:=", "irDrop:=", "programmingNoise:=",
                                   "readNoise:=", "drift:=", "compensateDrift:=", "modifier:=", "modifierStd:="),
                 defaults: Array(repeating: .null, count: 11), doc: """
            A copy with some settings changed: converter bits (0 for none), output and read-to-read weight noise, IR drop, \
            the PCM model's programming-noise, read-noise and drift scales (1 = the model's own), and the HWA weight \
            modifier applied to every training read (.addNormal, .multNormal, .discretize, .discretizeAddNormal, .poly, \
            .progNoise, .dropConnect, .noModifier) with its std; nil keeps a setting.
            """) { o, a in
            var c = try config(o)
            func bits(_ i: Int, _ name: String) throws -> Float? {
                guard a[i] != .null else { return nil }
                let b = try a.int(i, name)
                guard b == 0 || (2...24).contains(b) else { throw ScriptCallError("\(name) takes 0 (no quantization) or 2…24") }
                return b == 0 ? 0 : 1 / Float((1 << b) - 2)
            }
            func number(_ i: Int, _ name: String) throws -> Float? {
                guard a[i] != .null else { return nil }
                let v = Float(try a.double(i, name))
                guard v >= 0, v.isFinite else { throw ScriptCallError("\(name) must be 0 or positive") }
                return v
            }
            if let v = try bits(0, "inpBits") { c.forward.inpRes = v }
            if let v = try bits(1, "outBits") { c.forward.outRes = v }
            if let v = try number(2, "outNoise") { c.forward.outNoise = v }
            if let v = try number(3, "wNoise") {
                c.forward.wNoise = v
                if c.forward.wNoiseType == .none { c.forward.wNoiseType = .additiveConstant }
            }
            if let v = try number(4, "irDrop") { c.forward.irDrop = v }
            let programming = try number(5, "programmingNoise"), read = try number(6, "readNoise"), drift = try number(7, "drift")
            if programming != nil || read != nil || drift != nil {
                guard case .pcm(var pcm) = c.noise else {
                    throw ScriptCallError("programmingNoise:, readNoise: and drift: scale the PCM model; this config's noise is \(c.noise.name)")
                }
                if let v = programming { pcm.programmingNoiseScale = v }
                if let v = read { pcm.readNoiseScale = v }
                if let v = drift { pcm.driftScale = v }
                c.noise = .pcm(pcm)
            }
            if a[8] != .null { c.compensatesDrift = try a.bool(8, "compensateDrift") }
            if a[9] != .null {
                guard case .implicitMember(let name) = a[9],
                      let kind = name == "noModifier" ? WeightModifier.Kind.none : WeightModifier.Kind(rawValue: name) else {
                    throw ScriptCallError("modifier: takes .addNormal, .multNormal, .discretize, .discretizeAddNormal, .poly, .progNoise, .dropConnect or .noModifier")
                }
                c.modifier.kind = kind
            }
            if let v = try number(10, "modifierStd") {
                if c.modifier.kind == .dropConnect { c.modifier.pdrop = Swift.min(1, v) } else { c.modifier.stdDev = v }
            }
            // Setting any IO value means reads go through the IO (a perfect config gains it); other
            // settings leave the IO as it was.
            if (0...4).contains(where: { a[$0] != .null }) { c.forward.isPerfect = false }
            try AnalogBindings.wrap { try c.validate() }
            c.name += " (modified)"
            return .object(ConfigObject(c))
        }
        t.property("name", doc: "The config's name (AIHWKit's).") { o in .string(try config(o).name) }
        t.property("summary", doc: "One line about the config.") { o in .string(try config(o).summary) }
        t.property("table", doc: "The config's settings as a Table.") { o in
            .object(TableObject(try wrap { try config(o).parameterTable() }))
        }
        return t
    }
}
