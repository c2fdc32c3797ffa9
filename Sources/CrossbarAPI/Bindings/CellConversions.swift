import Analog
import Display
import SwiftScript

// How the toolkit's values cross into cells: which are boxed (with their type name and how they
// show), and how arguments become them, with the messages a cell sees when they do not fit.

extension Tensor: CellConvertible {
    public static var cellTypeName: String { "[[Double]]" }

    /// A matrix from `[[Double]]` (rows) or a row vector from `[Double]`.
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> Tensor {
        let what = context.name
        guard case .array(let items) = v else { throw ScriptCallError("\(what) must be an array of numbers or of rows") }
        func number(_ x: Value) throws -> Float {
            switch x {
            case .double(let d): return Float(d)
            case .int(let i): return Float(i)
            default: throw ScriptCallError("\(what) must hold numbers, not '\(x.typeName)'")
            }
        }
        if case .array? = items.first {
            return try Tensor(try items.map { row -> [Float] in
                guard case .array(let r) = row else { throw ScriptCallError("every row of \(what) must be an array") }
                return try r.map(number)
            })
        }
        return try Tensor(vector: try items.map(number))
    }

    /// rows × cols as `[[Double]]`, each value the shortest decimal of its Float.
    public var cellValue: Value { .array((0..<rows).map { r in .array((0..<cols).map { self[r, $0].cellValue }) }) }

    /// One vector when the cell passed one (`like` is `[Double]`), else rows.
    func cellValue(like argument: Value) -> Value {
        if rows == 1, case .array(let items) = argument, !items.contains(where: { if case .array = $0 { true } else { false } }) {
            return values.cellValue
        }
        return cellValue
    }

}

extension AnalogTile: CellBoxable {
    public static var cellTypeName: String { "AnalogTile" }
    public var cellBundle: MIMEBundle {
        MIMEBundle(plainText: "AnalogTile(\(rows)×\(cols), \(config.name), IO: \(forwardIO.summary))")
    }
}

extension DevicePreset: CellBoxable {
    public static var cellTypeName: String { "Preset" }
    public static var cellExpectation: String { "a device Preset, e.g. Preset.reRamES" }
    public var cellBundle: MIMEBundle { (try? parameterTable().mimeBundle) ?? MIMEBundle(plainText: name) }
}

extension TileConfig: CellBoxable {
    public static var cellTypeName: String { "TileConfig" }
    public var cellBundle: MIMEBundle { (try? parameterTable().mimeBundle) ?? MIMEBundle(plainText: name) }

    /// A TileConfig value, or `.standardHWA` / `.floatingPoint` / `.inference` written bare.
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> TileConfig {
        switch v {
        case .object(let o as ToolkitBox<TileConfig>): return o.value
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
}

extension Dataset: CellBoxable {
    public static var cellTypeName: String { "Dataset" }
    public static var cellExpectation: String { "a Dataset, e.g. Dataset.digits(samples: 2000)" }
    public var cellBundle: MIMEBundle {
        MIMEBundle(plainText: "Dataset \"\(name)\": \(count) samples of shape \(shape.map(String.init).joined(separator: "×")), \(classCount) classes")
    }
}

extension Sequential: CellBoxable {
    public static var cellTypeName: String { "Sequential" }
    public static var cellExpectation: String { "a Sequential model" }
    public var cellBundle: MIMEBundle {
        let lines = layers.enumerated().map { i, l in "  (\(i)) \(l.kind)\(l.details.isEmpty ? "" : "(\(l.details))")" }
        return MIMEBundle(plainText: (["Sequential("] + lines + [")"]).joined(separator: "\n"))
    }
}

/// A layer in a cell: its type name is its kind (`Linear`, `ReLU`, …).
struct LayerValue: CellBoxable {
    let layer: Layer
    static var cellTypeName: String { "Layer" }
    static var cellExpectation: String { "a layer" }
    var cellInstanceTypeName: String { layer.kind }
    var cellBundle: MIMEBundle { MIMEBundle(plainText: layer.details.isEmpty ? "\(layer.kind)()" : "\(layer.kind)(\(layer.details))") }
}

/// `.constant`, `.cosine` or `.stepDecay(every:factor:)`.
extension LearningRateSchedule: CellBoxable {
    public static var cellTypeName: String { "Schedule" }
    public var cellBundle: MIMEBundle { MIMEBundle(plainText: "\(self)") }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> LearningRateSchedule {
        switch v {
        case .implicitMember("constant"), .null: return .constant
        case .implicitMember("cosine"): return .cosine
        case .object(let o as ToolkitBox<LearningRateSchedule>): return o.value
        default: throw ScriptCallError("schedule: takes .constant, .cosine or .stepDecay(every:factor:)")
        }
    }
}

/// `.crossEntropy` or `.mse`.
extension Loss: CellEnum {}

/// IO parameters: a value made with `IOParameters(…)`, or a preset written as an implicit member
/// (`io: .standard`).
extension IOParameters: CellBoxable {
    static let presets: [(name: String, doc: String, io: IOParameters)] = [
        ("default", "AIHWKit's IOParameters defaults: 7-bit DAC ±1, 9-bit ADC ±12, output noise 0.06.", IOParameters()),
        ("preset", "AIHWKit's PresetIOParameters: 7-bit DAC, 9-bit ADC ±20, output noise 0.1.", .preset),
        ("standard", "AIHWKit's StandardIOParameters: 8-bit DAC and ADC, ADC ±10, output noise 0.04.", .standard),
        ("standardHWA", "The forward IO of StandardHWATrainingPreset: standard IO plus PCM read noise 0.0175 and IR drop 1.", .standardHWA),
        ("perfect", "No non-idealities: an exact product.", .perfect),
    ]
    public static var cellTypeName: String { "IOParameters" }
    public var cellBundle: MIMEBundle { MIMEBundle(plainText: "IOParameters(\(summary))") }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> IOParameters {
        if case .object(let o as ToolkitBox<IOParameters>) = v { return o.value }
        guard case .implicitMember(let name) = v else {
            throw ScriptCallError("io: takes an IOParameters(…) value or .default, .preset, .standard, .standardHWA or .perfect")
        }
        guard let preset = presets.first(where: { $0.name == name }) else {
            throw ScriptCallError("unknown IO preset .\(name); use .default, .preset, .standard, .standardHWA or .perfect")
        }
        return preset.io
    }
}

extension NoiseManagement: CellEnum {}
extension BoundManagement: CellEnum {}
extension WeightNoise: CellEnum {}

/// The inference noise models written as implicit members (`noise: .pcm`).
extension InferenceNoise: CellConvertible {
    static let members: [(name: String, doc: String)] = [
        ("pcm", "AIHWKit's PCM-like inference noise: programming noise, drift with ν(g), 1/f read noise."),
        ("reramWan2022", "AIHWKit's ReRAM model fitted to Wan et al. 2022: spread at 1 s, 1 day and 2 days."),
        ("reramCMO", "AIHWKit's conductive-metal-oxide ReRAM model: decay and read noise growing with ln t."),
        ("noNoise", "Exact programming and no drift."),
    ]
    public static var cellTypeName: String { "InferenceNoise" }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> InferenceNoise {
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
    public var cellValue: Value { .string(name) }
}

/// The HWA weight modifiers written as implicit members (`.addNormal`, `.noModifier`).
extension WeightModifier.Kind: CellConvertible {
    public static var cellTypeName: String { "WeightModifier" }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> WeightModifier.Kind {
        guard case .implicitMember(let name) = v,
              let kind = name == "noModifier" ? WeightModifier.Kind.none : WeightModifier.Kind(rawValue: name) else {
            throw ScriptCallError("modifier: takes .addNormal, .multNormal, .discretize, .discretizeAddNormal, .poly, .progNoise, .dropConnect or .noModifier")
        }
        return kind
    }
    public var cellValue: Value { .implicitMember(self == .none ? "noModifier" : rawValue) }
}

/// A weight clip: `.none`, `.averageChannelMax`, or `.fixedValue(1)` / `.layerGaussian(sigma: 2)`.
extension WeightClip: CellBoxable {
    public static var cellTypeName: String { "WeightClip" }
    public var cellBundle: MIMEBundle { MIMEBundle(plainText: "WeightClip(\(kind.rawValue), value \(fixedValue), σ \(sigma))") }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> WeightClip {
        switch v {
        case .object(let o as ToolkitBox<WeightClip>): return o.value
        case .implicitMember("none"): return WeightClip(.none)
        case .implicitMember("averageChannelMax"): return WeightClip(.averageChannelMax)
        default: throw ScriptCallError("clip: takes .none, .fixedValue(1), .layerGaussian(sigma: 2) or .averageChannelMax")
        }
    }
}

extension WeightRemap.Kind: CellEnum {}
