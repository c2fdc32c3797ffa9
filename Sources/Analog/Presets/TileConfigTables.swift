import Display
import Foundation

extension IOParameters {
    /// One line: converters, ranges, noise and management.
    public var summary: String {
        if isPerfect { return "perfect (exact product)" }
        func bits(_ res: Float) -> String { res > 0 ? "\(IOParameters.converterBits(res))-bit" : "no" }
        var parts = ["\(bits(inpRes)) DAC ±\(inpBound)", "\(bits(outRes)) ADC ±\(outBound)", "out noise \(outNoise)"]
        if wNoise > 0, wNoiseType != .none { parts.append("\(wNoiseType.rawValue) w noise \(wNoise)") }
        if irDrop > 0 { parts.append("IR drop \(irDrop)") }
        if outNonlinearity > 0 { parts.append("out non-linearity \(outNonlinearity)") }
        parts.append("NM \(noiseManagement.rawValue)")
        parts.append("BM \(boundManagement.rawValue)")
        return parts.joined(separator: ", ")
    }
}

extension TileConfig.Training {
    public var summary: String {
        switch self {
        case .floatingPoint: return "floating-point SGD"
        case .devices(let p): return "pulsed SGD on \(p.model.name) devices"
        case .tikiTaka(let p, let tt):
            return "Tiki-Taka on \(p.model.name) devices (every \(tt.transferEvery) batch, \(tt.readsPerTransfer) column read\(tt.readsPerTransfer == 1 ? "" : "s") per transfer)"
        case .mixedPrecision(let p, _): return "mixed precision on \(p.model.name) devices"
        case .oneSided(let p, _): return "pulsed SGD on one-sided \(p.model.name) pairs (refresh)"
        case .vectorCell(let p, let cell):
            return "pulsed SGD on \(cell.devices) \(p.model.name) devices per weight (\(cell.policy.rawValue) update)"
        }
    }
}

extension TileConfig {
    /// The config's settings as a table (setting, value).
    public func parameterTable() throws -> Table {
        var rows: [[TableValue]] = [
            [.string("forward IO"), .string(forward.summary)],
            [.string("backward IO"), .string(backward.summary)],
            [.string("update"), .string(training.summary)],
            [.string("inference noise"), .string(noise.name)],
            [.string("drift compensation"), .string(compensatesDrift ? "global" : "none")],
            [.string("weight clip"), .string(clip.kind == .none ? "none" : "\(clip.kind.rawValue) (value \(clip.fixedValue), σ \(clip.sigma))")],
            [.string("weight remap"), .string(remap.kind == .none ? "none"
                : "\(remap.kind.rawValue) (w max \(remap.remappedWMax), output scales \(learnsOutputScales ? "learned" : "fixed"))")],
            [.string("weight modifier"), .string(modifier.kind == .none ? "none" : "\(modifier.kind.rawValue) (std \(modifier.stdDev))")],
            [.string("max tile size"), .string("\(maxOutputSize)×\(maxInputSize)")],
        ]
        if inputRange.enabled {
            let r = inputRange
            rows.append([.string("input range"), .string("initial \(r.initValue), from \(r.initFromData) batches at \(r.initStdAlpha)σ, "
                + "decay \(r.decay) while \(r.inputMinPercentage) fit, \(r.learn ? "learned" : "fixed")")])
        }
        if training != .floatingPoint {
            rows.append([.string("pulsed update"), .string("desired BL \(update.desiredBL), update management \(update.updateManagement ? "on" : "off"), "
                + "BL management \(update.updateBLManagement ? "on" : "off")")])
        }
        if case .devices(let p) = training { rows.append([.string("device"), .string(p.model.name)]) }
        return try Table(columnNames: ["setting", "value"], rows: rows, title: "\(name): \(summary)")
    }

    /// Every named config, one line each.
    public static func overviewTable() throws -> Table {
        let rows: [[TableValue]] = all.map { c in
            [.string(c.name), .string(c.training.summary), .string(c.noise.name), .string(c.summary)]
        }
        return try Table(columnNames: ["config", "update", "inference noise", "description"], rows: rows,
                         title: "Tile configs (AIHWKit 1.2.0 names)")
    }
}

extension DevicePreset {
    /// Every preset Crossbar carries, device presets and tile configs, one line each, with the
    /// expression that reaches it in a cell.
    public static func catalogTable() throws -> Table {
        var rows: [[TableValue]] = all.map { p in
            [.string(p.name), .string("device (\(p.parameters.model.name))"), .string("Preset.\(p.name)"), .string(p.summary)]
        }
        for c in TileConfig.all {
            let kind: String
            switch c.training {
            case .floatingPoint: kind = "inference config"
            case .devices: kind = "training config (single device)"
            case .tikiTaka: kind = "training config (Tiki-Taka)"
            case .mixedPrecision: kind = "training config (mixed precision)"
            case .oneSided: kind = "training config (one-sided pairs)"
            case .vectorCell(_, let cell): kind = "training config (\(cell.devices) devices per weight)"
            }
            rows.append([.string(c.name), .string(kind), .string("TileConfig.\(c.name)"), .string(c.summary)])
        }
        return try Table(columnNames: ["preset", "kind", "in a cell", "description"], rows: rows,
                         title: "Presets (AIHWKit 1.2.0 names and numbers)")
    }
}
