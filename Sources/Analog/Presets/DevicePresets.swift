import Display

/// A named device type with AIHWKit 1.2.0's preset numbers (`presets/devices.py`).
public struct DevicePreset: Sendable {
    public let name: String
    public let summary: String
    public let parameters: PulsedDeviceParameters

    /// A device type of one's own (a cell's `SoftBoundsDevice(…)`, a fitted device).
    public init(name: String, summary: String, parameters: PulsedDeviceParameters) {
        self.name = name
        self.summary = summary
        self.parameters = parameters
    }

    /// Every device preset, in AIHWKit's order.
    public static let all: [DevicePreset] = [reRamES, reRamSB, capacitor, ecRam, ecRamMO, idealized, gokmenVlasov, pcm,
                                             reRamArrayOM, reRamArrayHfO2]

    /// The presets AIHWKit builds training configs from (single device, Tiki-Taka, mixed precision).
    public static let withConfigs: [DevicePreset] = [reRamES, reRamSB, capacitor, ecRam, ecRamMO, idealized, gokmenVlasov, pcm]
    /// The presets AIHWKit also has 2- and 4-device configs for (`ReRamES2Preset`, …, `Idealized4Preset`).
    public static let withVectorConfigs: [DevicePreset] = [reRamES, reRamSB, capacitor, ecRam, ecRamMO, idealized]

    public static var reRamES: DevicePreset {
        var p = PulsedDeviceParameters(model: .expStep(aUp: -1.18445, aDown: -0.081404, gammaUp: 5, gammaDown: 5,
                                                        a: -0.5, b: -0.5, stdAdd: 0, stdSlope: 0))
        p.dwMin = 0.00135; p.dwMinDtod = 0.2; p.dwMinStd = 5; p.upDown = 0.259359; p.upDownDtod = 0.05
        p.wMax = 1; p.wMaxDtod = 0.3; p.wMin = -1; p.wMinDtod = 0.3; p.writeNoiseStd = 75
        return DevicePreset(name: "reRamES", summary: "ReRAM, exponential steps fitted to measurements (noisy, asymmetric)", parameters: p)
    }

    public static var reRamSB: DevicePreset {
        var p = PulsedDeviceParameters(model: .softBoundsReference(multNoise: false, referenceMean: 0, referenceStd: 0,
                                                                    subtractSymmetryPoint: false))
        p.dwMin = 0.002; p.dwMinDtod = 0.3; p.dwMinStd = 3.75; p.upDown = 0; p.upDownDtod = 0.01
        p.wMax = 1.25; p.wMaxDtod = 0.3 / 1.25; p.wMin = -0.75; p.wMinDtod = 0.3 / 0.75; p.writeNoiseStd = 56
        return DevicePreset(name: "reRamSB", summary: "ReRAM, soft bounds fitted to measurements", parameters: p)
    }

    public static var capacitor: DevicePreset {
        var p = PulsedDeviceParameters(model: .linearStep(gammaUp: 0.05, gammaDown: 0.05, gammaUpDtod: 0.01,
                                                           gammaDownDtod: 0.01, multNoise: false))
        p.dwMin = 0.005; p.dwMinDtod = 0.1; p.dwMinStd = 0.3; p.upDown = 0; p.upDownDtod = 0.06
        p.wMax = 1; p.wMaxDtod = 0.07; p.wMin = -1; p.wMinDtod = 0.07; p.lifetime = 1e6; p.lifetimeDtod = 0.3
        return DevicePreset(name: "capacitor", summary: "Capacitor cell: nearly linear, leaks over time (lifetime 1e6)", parameters: p)
    }

    public static var ecRam: DevicePreset {
        var p = PulsedDeviceParameters(model: .linearStep(gammaUp: 0.1153, gammaDown: 0.5085, gammaUpDtod: 0.05,
                                                           gammaDownDtod: 0.05, multNoise: true))
        p.dwMin = 0.002; p.dwMinDtod = 0.1; p.dwMinStd = 0.3; p.upDown = 0; p.upDownDtod = 0.01
        p.wMax = 1.1724; p.wMaxDtod = 0.05; p.wMin = -0.8276; p.wMinDtod = 0.05
        return DevicePreset(name: "ecRam", summary: "Electro-chemical RAM (Li-based)", parameters: p)
    }

    public static var ecRamMO: DevicePreset {
        var p = PulsedDeviceParameters(model: .linearStep(gammaUp: 0.4152, gammaDown: 0.7342, gammaUpDtod: 0.05,
                                                           gammaDownDtod: 0.05, multNoise: true))
        p.dwMin = 0.00028214; p.dwMinDtod = 0.1; p.dwMinStd = 2; p.upDown = 0; p.upDownDtod = 0.01
        p.wMax = 1.1714; p.wMaxDtod = 0.05; p.wMin = -0.8286; p.wMinDtod = 0.05
        return DevicePreset(name: "ecRamMO", summary: "Electro-chemical RAM (metal-oxide based)", parameters: p)
    }

    public static var idealized: DevicePreset {
        var p = PulsedDeviceParameters(model: .constantStep)
        p.dwMin = 0.0002; p.dwMinDtod = 0.3; p.dwMinStd = 0.3; p.upDown = 0; p.upDownDtod = 0
        p.wMax = 1; p.wMaxDtod = 0.3; p.wMin = -1; p.wMinDtod = 0.3
        return DevicePreset(name: "idealized", summary: "An idealized device: many small, symmetric, constant steps", parameters: p)
    }

    public static var gokmenVlasov: DevicePreset {
        var p = PulsedDeviceParameters(model: .constantStep)
        p.dwMin = 0.0016; p.dwMinDtod = 0.3; p.dwMinStd = 0.3; p.upDown = 0; p.upDownDtod = 0.01
        p.wMax = 1; p.wMaxDtod = 0.3; p.wMin = -1; p.wMinDtod = 0.3
        return DevicePreset(name: "gokmenVlasov", summary: "Gokmen & Vlasov (2016)'s device: constant steps, about 1200 states", parameters: p)
    }

    public static var pcm: DevicePreset {
        var p = PulsedDeviceParameters(model: .expStep(aUp: -27.235, aDown: -2.235, gammaUp: 2.5, gammaDown: 2.5,
                                                        a: -1, b: 0, stdAdd: 0.042, stdSlope: 0.108))
        p.dwMin = 0.01; p.dwMinDtod = 0.2; p.dwMinStd = 0.6; p.upDown = 0; p.upDownDtod = 0.05
        p.wMax = 2; p.wMaxDtod = 0.1; p.wMin = 0; p.wMinDtod = 0; p.reset = 0.01; p.resetDtod = 0.02
        return DevicePreset(name: "pcm", summary: "Phase-change memory: one-sided (potentiation only), exponential steps", parameters: p)
    }

    /// ReRAM fitted to array measurements (AIHWKit's `ReRamArrayOMPresetDevice`): few, large,
    /// very variable steps (log-normal device-to-device spread), symmetry point subtracted.
    public static var reRamArrayOM: DevicePreset {
        var p = PulsedDeviceParameters(model: .softBoundsReference(multNoise: false, referenceMean: 0, referenceStd: 0.05,
                                                                    subtractSymmetryPoint: true))
        p.dwMin = 0.0949; p.dwMinDtod = 0.7829; p.dwMinDtodLogNormal = true; p.dwMinStd = 0.4158
        p.upDown = 0; p.upDownDtod = 0.01; p.wMax = 1; p.wMaxDtod = 0.3499; p.wMin = -1; p.wMinDtod = 0.5695
        p.writeNoiseStd = 1.4113
        return DevicePreset(name: "reRamArrayOM", summary: "ReRAM array (oxygen-migration), fitted to array measurements: about 20 states",
                            parameters: p)
    }

    /// ReRAM fitted to array measurements (AIHWKit's `ReRamArrayHfO2PresetDevice`).
    public static var reRamArrayHfO2: DevicePreset {
        var p = PulsedDeviceParameters(model: .softBoundsReference(multNoise: false, referenceMean: 0, referenceStd: 0.05,
                                                                    subtractSymmetryPoint: true))
        p.dwMin = 0.4622; p.dwMinDtod = 0.7125; p.dwMinDtodLogNormal = true; p.dwMinStd = 0.2174
        p.upDown = 0; p.upDownDtod = 0.01; p.wMax = 1; p.wMaxDtod = 0.4295; p.wMin = -1; p.wMinDtod = 0.599
        p.writeNoiseStd = 0.5841
        return DevicePreset(name: "reRamArrayHfO2", summary: "ReRAM array (HfO2), fitted to array measurements: a handful of states",
                            parameters: p)
    }

    /// The preset's parameters as a table (name, value).
    public func parameterTable() throws -> Table {
        let p = parameters
        var rows: [[TableValue]] = [
            [.string("model"), .string(p.model.name)],
            [.string("dw_min"), .double(Double(p.dwMin))], [.string("dw_min_dtod"), .double(Double(p.dwMinDtod))],
            [.string("dw_min_std"), .double(Double(p.dwMinStd))], [.string("up_down"), .double(Double(p.upDown))],
            [.string("up_down_dtod"), .double(Double(p.upDownDtod))], [.string("w_max"), .double(Double(p.wMax))],
            [.string("w_max_dtod"), .double(Double(p.wMaxDtod))], [.string("w_min"), .double(Double(p.wMin))],
            [.string("w_min_dtod"), .double(Double(p.wMinDtod))], [.string("write_noise_std"), .double(Double(p.writeNoiseStd))],
        ]
        switch p.model {
        case .linearStep(let gu, let gd, let gud, let gdd, let mult):
            rows += [[.string("gamma_up"), .double(Double(gu))], [.string("gamma_down"), .double(Double(gd))],
                     [.string("gamma_up_dtod"), .double(Double(gud))], [.string("gamma_down_dtod"), .double(Double(gdd))],
                     [.string("mult_noise"), .bool(mult)]]
        case .expStep(let au, let ad, let gu, let gd, let a, let b, let sa, let ss):
            rows += [[.string("A_up"), .double(Double(au))], [.string("A_down"), .double(Double(ad))],
                     [.string("gamma_up"), .double(Double(gu))], [.string("gamma_down"), .double(Double(gd))],
                     [.string("a"), .double(Double(a))], [.string("b"), .double(Double(b))],
                     [.string("dw_min_std_add"), .double(Double(sa))], [.string("dw_min_std_slope"), .double(Double(ss))]]
        case .softBounds(let mult):
            rows += [[.string("mult_noise"), .bool(mult)]]
        case .softBoundsReference(let mult, let mean, let std, let subtract):
            rows += [[.string("mult_noise"), .bool(mult)], [.string("reference_mean"), .double(Double(mean))],
                     [.string("reference_std"), .double(Double(std))], [.string("subtract_symmetry_point"), .bool(subtract)]]
        case .powStep(let g, let gd, let ud, let udd):
            rows += [[.string("pow_gamma"), .double(Double(g))], [.string("pow_gamma_dtod"), .double(Double(gd))],
                     [.string("pow_up_down"), .double(Double(ud))], [.string("pow_up_down_dtod"), .double(Double(udd))]]
        case .piecewiseStep(let up, let down):
            func list(_ v: [Float]) -> TableValue { .string(v.map { String(describing: $0) }.joined(separator: ", ")) }
            rows += [[.string("piecewise_up"), list(up)], [.string("piecewise_down"), list(down)]]
        case .constantStep:
            break
        }
        if p.dwMinDtodLogNormal { rows.append([.string("dw_min_dtod_log_normal"), .bool(true)]) }
        if p.lifetime > 0 { rows.append([.string("lifetime"), .double(Double(p.lifetime))]) }
        if p.reset != 0 { rows.append([.string("reset"), .double(Double(p.reset))]) }
        return try Table(columnNames: ["parameter", "value"], rows: rows, title: "\(name) (\(p.model.name))")
    }

    /// All presets, one line each.
    public static func overviewTable() throws -> Table {
        let rows: [[TableValue]] = all.map { preset in
            let p = preset.parameters
            return [.string(preset.name), .string(p.model.name), .double(Double(p.dwMin)), .double(Double(p.wMin)),
                    .double(Double(p.wMax)), .double(Double(p.upDown)), .int(Int(((p.wMax - p.wMin) / p.dwMin).rounded())),
                    .string(preset.summary)]
        }
        return try Table(columnNames: ["preset", "model", "dw_min", "w_min", "w_max", "up_down", "states", "description"],
                         rows: rows, title: "Device presets (AIHWKit 1.2.0)")
    }

    /// Traces of `devices` freshly built devices of this type: `up` pulses up, then `down` down.
    public func response(up: Int = 1000, down: Int = 1000, devices: Int = 1, seed: UInt64 = 0) throws -> [[Float]] {
        try parameters.validate()
        guard up >= 0, down >= 0, up + down <= 10_000_000, (1...1000).contains(devices) else {
            throw AnalogError(.device, "a response needs 0…10,000,000 pulses and 1…1000 devices")
        }
        var rng = Philox(seed: seed)
        return (0..<devices).map { _ in
            let device = PulsedDevice(parameters, rng: &rng)
            return device.response(up: up, down: down, rng: &rng)
        }
    }
}

