import Analog
import Display
import SwiftScript

/// Cell names for devices of one's own: AIHWKit's device types by name (`SoftBoundsDevice(…)`, …)
/// with their parameters, `with(…)` on any device or preset, and `fitDevice` for measured traces.
/// A device is a Preset in cells: everything that takes a preset takes it.
extension AnalogBindings {
    /// One device parameter: its cell label, and how it reads and writes the parameters.
    struct DeviceField {
        let name: String
        let read: (PulsedDeviceParameters) -> Value?
        let write: (inout PulsedDeviceParameters, Value, CellContext) throws -> Void
    }

    static func deviceField<V: CellConvertible>(_ name: String, _ path: WritableKeyPath<PulsedDeviceParameters, V>) -> DeviceField {
        DeviceField(name: name, read: { $0[keyPath: path].cellValue }, write: { p, v, c in p[keyPath: path] = try V.fromCell(v, c) })
    }

    /// The parameters every pulsed device has (AIHWKit's `PulsedDevice`).
    static var commonDeviceFields: [DeviceField] {
        [deviceField("dwMin", \.dwMin), deviceField("dwMinDtod", \.dwMinDtod), deviceField("dwMinDtodLogNormal", \.dwMinDtodLogNormal),
         deviceField("dwMinStd", \.dwMinStd), deviceField("upDown", \.upDown), deviceField("upDownDtod", \.upDownDtod),
         deviceField("wMin", \.wMin), deviceField("wMinDtod", \.wMinDtod), deviceField("wMax", \.wMax), deviceField("wMaxDtod", \.wMaxDtod),
         deviceField("writeNoiseStd", \.writeNoiseStd), deviceField("lifetime", \.lifetime), deviceField("lifetimeDtod", \.lifetimeDtod),
         deviceField("reset", \.reset), deviceField("resetDtod", \.resetDtod), deviceField("resetStd", \.resetStd)]
    }

    /// A model-specific parameter: which models have it, and how it changes one.
    static func modelField(_ name: String, _ change: @escaping (inout DeviceModel, Value, CellContext) throws -> Bool) -> DeviceField {
        DeviceField(name: name, read: { _ in nil }, write: { p, v, c in
            guard try change(&p.model, v, c) else {
                throw ScriptCallError("\(name): is not a parameter of \(p.model.name) devices")
            }
        })
    }

    static var modelFields: [DeviceField] {
        func f(_ v: Value, _ c: CellContext) throws -> Float { try Float.fromCell(v, c) }
        return [
            modelField("gammaUp") { m, v, c in
                switch m {
                case .linearStep(_, let gd, let gud, let gdd, let mult): m = .linearStep(gammaUp: try f(v, c), gammaDown: gd, gammaUpDtod: gud, gammaDownDtod: gdd, multNoise: mult)
                case .expStep(let au, let ad, _, let gd, let a, let b, let sa, let ss): m = .expStep(aUp: au, aDown: ad, gammaUp: try f(v, c), gammaDown: gd, a: a, b: b, stdAdd: sa, stdSlope: ss)
                default: return false
                }
                return true
            },
            modelField("gammaDown") { m, v, c in
                switch m {
                case .linearStep(let gu, _, let gud, let gdd, let mult): m = .linearStep(gammaUp: gu, gammaDown: try f(v, c), gammaUpDtod: gud, gammaDownDtod: gdd, multNoise: mult)
                case .expStep(let au, let ad, let gu, _, let a, let b, let sa, let ss): m = .expStep(aUp: au, aDown: ad, gammaUp: gu, gammaDown: try f(v, c), a: a, b: b, stdAdd: sa, stdSlope: ss)
                default: return false
                }
                return true
            },
            modelField("gammaUpDtod") { m, v, c in
                guard case .linearStep(let gu, let gd, _, let gdd, let mult) = m else { return false }
                m = .linearStep(gammaUp: gu, gammaDown: gd, gammaUpDtod: try f(v, c), gammaDownDtod: gdd, multNoise: mult); return true
            },
            modelField("gammaDownDtod") { m, v, c in
                guard case .linearStep(let gu, let gd, let gud, _, let mult) = m else { return false }
                m = .linearStep(gammaUp: gu, gammaDown: gd, gammaUpDtod: gud, gammaDownDtod: try f(v, c), multNoise: mult); return true
            },
            modelField("multNoise") { m, v, c in
                let b = try Bool.fromCell(v, c)
                switch m {
                case .linearStep(let gu, let gd, let gud, let gdd, _): m = .linearStep(gammaUp: gu, gammaDown: gd, gammaUpDtod: gud, gammaDownDtod: gdd, multNoise: b)
                case .softBounds: m = .softBounds(multNoise: b)
                case .softBoundsReference(_, let mean, let std, let sub): m = .softBoundsReference(multNoise: b, referenceMean: mean, referenceStd: std, subtractSymmetryPoint: sub)
                default: return false
                }
                return true
            },
            modelField("aUp") { m, v, c in
                guard case .expStep(_, let ad, let gu, let gd, let a, let b, let sa, let ss) = m else { return false }
                m = .expStep(aUp: try f(v, c), aDown: ad, gammaUp: gu, gammaDown: gd, a: a, b: b, stdAdd: sa, stdSlope: ss); return true
            },
            modelField("aDown") { m, v, c in
                guard case .expStep(let au, _, let gu, let gd, let a, let b, let sa, let ss) = m else { return false }
                m = .expStep(aUp: au, aDown: try f(v, c), gammaUp: gu, gammaDown: gd, a: a, b: b, stdAdd: sa, stdSlope: ss); return true
            },
            modelField("a") { m, v, c in
                guard case .expStep(let au, let ad, let gu, let gd, _, let b, let sa, let ss) = m else { return false }
                m = .expStep(aUp: au, aDown: ad, gammaUp: gu, gammaDown: gd, a: try f(v, c), b: b, stdAdd: sa, stdSlope: ss); return true
            },
            modelField("b") { m, v, c in
                guard case .expStep(let au, let ad, let gu, let gd, let a, _, let sa, let ss) = m else { return false }
                m = .expStep(aUp: au, aDown: ad, gammaUp: gu, gammaDown: gd, a: a, b: try f(v, c), stdAdd: sa, stdSlope: ss); return true
            },
            modelField("dwMinStdAdd") { m, v, c in
                guard case .expStep(let au, let ad, let gu, let gd, let a, let b, _, let ss) = m else { return false }
                m = .expStep(aUp: au, aDown: ad, gammaUp: gu, gammaDown: gd, a: a, b: b, stdAdd: try f(v, c), stdSlope: ss); return true
            },
            modelField("dwMinStdSlope") { m, v, c in
                guard case .expStep(let au, let ad, let gu, let gd, let a, let b, let sa, _) = m else { return false }
                m = .expStep(aUp: au, aDown: ad, gammaUp: gu, gammaDown: gd, a: a, b: b, stdAdd: sa, stdSlope: try f(v, c)); return true
            },
            modelField("powGamma") { m, v, c in
                guard case .powStep(_, let gd, let ud, let udd) = m else { return false }
                m = .powStep(gamma: try f(v, c), gammaDtod: gd, upDown: ud, upDownDtod: udd); return true
            },
            modelField("powGammaDtod") { m, v, c in
                guard case .powStep(let g, _, let ud, let udd) = m else { return false }
                m = .powStep(gamma: g, gammaDtod: try f(v, c), upDown: ud, upDownDtod: udd); return true
            },
            modelField("powUpDown") { m, v, c in
                guard case .powStep(let g, let gd, _, let udd) = m else { return false }
                m = .powStep(gamma: g, gammaDtod: gd, upDown: try f(v, c), upDownDtod: udd); return true
            },
            modelField("powUpDownDtod") { m, v, c in
                guard case .powStep(let g, let gd, let ud, _) = m else { return false }
                m = .powStep(gamma: g, gammaDtod: gd, upDown: ud, upDownDtod: try f(v, c)); return true
            },
            modelField("piecewiseUp") { m, v, c in
                guard case .piecewiseStep(_, let down) = m else { return false }
                m = .piecewiseStep(up: try [Float].fromCell(v, c), down: down); return true
            },
            modelField("piecewiseDown") { m, v, c in
                guard case .piecewiseStep(let up, _) = m else { return false }
                m = .piecewiseStep(up: up, down: try [Float].fromCell(v, c)); return true
            },
            modelField("referenceMean") { m, v, c in
                guard case .softBoundsReference(let mult, _, let std, let sub) = m else { return false }
                m = .softBoundsReference(multNoise: mult, referenceMean: try f(v, c), referenceStd: std, subtractSymmetryPoint: sub); return true
            },
            modelField("referenceStd") { m, v, c in
                guard case .softBoundsReference(let mult, let mean, _, let sub) = m else { return false }
                m = .softBoundsReference(multNoise: mult, referenceMean: mean, referenceStd: try f(v, c), subtractSymmetryPoint: sub); return true
            },
            modelField("subtractSymmetryPoint") { m, v, c in
                guard case .softBoundsReference(let mult, let mean, let std, _) = m else { return false }
                m = .softBoundsReference(multNoise: mult, referenceMean: mean, referenceStd: std, subtractSymmetryPoint: try Bool.fromCell(v, c)); return true
            },
        ]
    }

    static var deviceFields: [DeviceField] { commonDeviceFields + modelFields }

    /// The parameters given in a call, applied to `base`, validated, under a new name.
    static func changed(_ base: PulsedDeviceParameters, _ a: Arguments, name: String, summary: String) throws -> DevicePreset {
        var p = base
        for field in deviceFields where a.given(field.name) { try field.write(&p, a[field.name], a.context(field.name)) }
        try p.validate()
        return DevicePreset(name: name, summary: summary, parameters: p)
    }

    /// AIHWKit's device types by name, with AIHWKit's defaults for their own parameters.
    static let deviceTypes: [(name: String, model: DeviceModel, doc: String)] = [
        ("ConstantStepDevice", .constantStep, "A constant step per pulse (AIHWKit's ConstantStepDevice)."),
        ("LinearStepDevice", .linearStep(gammaUp: 0, gammaDown: 0, gammaUpDtod: 0.05, gammaDownDtod: 0.05, multNoise: true),
         "Steps that shrink linearly towards the bounds by gammaUp/gammaDown (AIHWKit's LinearStepDevice)."),
        ("SoftBoundsDevice", .softBounds(multNoise: true), "Steps that shrink to zero at the bounds (AIHWKit's SoftBoundsDevice)."),
        ("SoftBoundsReferenceDevice", .softBoundsReference(multNoise: false, referenceMean: 0, referenceStd: 0, subtractSymmetryPoint: false),
         "Soft bounds around a per-device reference point (AIHWKit's SoftBoundsReferenceDevice)."),
        ("ExpStepDevice", .expStep(aUp: 0.00081, aDown: 0.36833, gammaUp: 12.44625, gammaDown: 12.78785, a: 0.244, b: 0.2425, stdAdd: 0, stdSlope: 0),
         "Exponential steps, y = 1 − A·e^{γz} (AIHWKit's ExpStepDevice)."),
        ("PowStepDevice", .powStep(gamma: 1, gammaDtod: 0.1, upDown: 0, upDownDtod: 0),
         "Power-law steps towards the bounds (AIHWKit's PowStepDevice, Fusi & Abbott 2007)."),
        ("PiecewiseStepDevice", .piecewiseStep(up: [1], down: [1]),
         "Steps interpolated between nodes over the weight range (AIHWKit's PiecewiseStepDevice)."),
    ]

    static func registerDevices(in registry: ScriptRegistry) {
        let labels = deviceFields.map { "\($0.name): = nil" }
        for (name, model, doc) in deviceTypes {
            let t = RegisteredType(name: name, doc: """
                \(doc) Every parameter of AIHWKit's PulsedDevice (dwMin, dwMinDtod, dwMinStd, upDown, upDownDtod, \
                wMin, wMax, their dtod spreads, writeNoiseStd, lifetime, reset, …) and of the model is a label; \
                the result is a device Preset: `AnalogTile(rows: 64, cols: 64, config: .singleDevice(dev))`, \
                `dev.plotResponse()`, `dev.table`.

                    let dev = \(name)(dwMin: 0.01, wMin: -1, wMax: 1)
                """)
            t.initializer(Signature(specs: labels)) { a in
                try changed(PulsedDeviceParameters(model: model), a, name: name, summary: "\(model.name) device of one's own").cellValue
            }
            registry.register(t)
        }
        registry.function("fitDevice", Signature("upPulses:", "downPulses:", "start: = nil", "model: = .softBounds"), doc: """
            Fits a device model (.softBounds or .constantStep) to measured pulse traces: the weight after each up \
            pulse, then after each down pulse. Returns (device, figure): the fitted device Preset, and the fitted \
            response plotted against the data.
            """, returning: { a -> Value in
            let model: DeviceFit.Model = try a("model")
            let fit = try DeviceFit.fit(up: a("upPulses"), down: a("downPulses"), start: a("start"), model: model)
            return Value.tuple(TupleValue([fit.device.cellValue, try fit.figure().cellValue], labels: ["device", "figure"]))
        })
        registry.implicitMember("softBounds", doc: "The soft-bounds device model (fitDevice's model:).")
        registry.implicitMember("constantStep", doc: "The constant-step device model (fitDevice's model:).")
    }

    /// `preset.with(…)`: any parameter changed, a new device.
    static func registerPresetWith(_ t: ToolkitType<DevicePreset>) {
        t.method("with", Signature(specs: deviceFields.map { "\($0.name): = nil" }), doc: """
            A copy of the device with some parameters changed (any of PulsedDevice's and of its model's, by \
            AIHWKit's names in camel case): `Preset.reRamSB.with(dwMin: 0.002, upDown: 0.1)`.
            """) { preset, a in
            try changed(preset.parameters, a, name: preset.name + " (modified)", summary: preset.summary + ", modified")
        }
    }
}

extension DeviceFit.Model: CellEnum {}
