/// Changing a config's settings without rebuilding it (a cell's `config.with(…)`).
extension TileConfig {
    /// A copy with the settings given changed and the others kept: converter bits (0 for none),
    /// output and read-to-read weight noise, IR drop, the PCM model's programming-noise, read-noise
    /// and drift scales (1 = the model's own), drift compensation, and the HWA weight modifier with
    /// its std (for drop-connect, its probability), the weight clip and remapping (with the
    /// remapped range and whether the output scales are learned), and the maximum tile size (AIHWKit's
    /// `mapping.max_input_size`/`max_output_size`; `maxTileSize` sets both). Any IO setting makes
    /// reads go through the IO (a perfect config gains it). The copy is validated and named
    /// "<name> (modified)".
    public func with(inpBits: Int? = nil, outBits: Int? = nil, outNoise: Float? = nil, wNoise: Float? = nil, irDrop: Float? = nil,
                     programmingNoise: Float? = nil, readNoise: Float? = nil, drift: Float? = nil, compensateDrift: Bool? = nil,
                     modifier: WeightModifier.Kind? = nil, modifierStd: Float? = nil, clip: WeightClip? = nil,
                     remap: WeightRemap.Kind? = nil, remappedWMax: Float? = nil, learnsOutputScales: Bool? = nil,
                     maxTileSize: Int? = nil, maxInputSize: Int? = nil, maxOutputSize: Int? = nil) throws -> TileConfig {
        func checked(_ v: Float?, _ name: String) throws -> Float? {
            guard let v else { return nil }
            guard v >= 0, v.isFinite else { throw AnalogError(.configuration, "\(name) must be 0 or positive") }
            return v
        }
        var c = self
        if let bits = inpBits { c.forward.inpRes = try IOParameters.resolution(bits: bits, name: "inpBits") }
        if let bits = outBits { c.forward.outRes = try IOParameters.resolution(bits: bits, name: "outBits") }
        if let v = try checked(outNoise, "outNoise") { c.forward.outNoise = v }
        if let v = try checked(wNoise, "wNoise") {
            c.forward.wNoise = v
            if c.forward.wNoiseType == .none { c.forward.wNoiseType = .additiveConstant }
        }
        if let v = try checked(irDrop, "irDrop") { c.forward.irDrop = v }
        let programming = try checked(programmingNoise, "programmingNoise"), read = try checked(readNoise, "readNoise")
        let driftScale = try checked(drift, "drift")
        if programming != nil || read != nil || driftScale != nil {
            guard case .pcm(var pcm) = c.noise else {
                let has = c.noise == .none ? "this config has no inference noise model" : "this config's noise is \(c.noise.name)"
                throw AnalogError(.configuration, "programmingNoise:, readNoise: and drift: scale the PCM model; \(has)")
            }
            if let v = programming { pcm.programmingNoiseScale = v }
            if let v = read { pcm.readNoiseScale = v }
            if let v = driftScale { pcm.driftScale = v }
            c.noise = .pcm(pcm)
        }
        if let compensateDrift { c.compensatesDrift = compensateDrift }
        if let modifier { c.modifier.kind = modifier }
        if let v = try checked(modifierStd, "modifierStd") {
            if c.modifier.kind == .dropConnect { c.modifier.pdrop = Swift.min(1, v) } else { c.modifier.stdDev = v }
        }
        if let clip { c.clip = clip }
        if let remap { c.remap.kind = remap }
        if let remappedWMax { c.remap.remappedWMax = remappedWMax }
        if let learnsOutputScales { c.learnsOutputScales = learnsOutputScales }
        for size in [maxTileSize, maxInputSize, maxOutputSize].compactMap({ $0 }) where size < 1 {
            throw AnalogError(.configuration, "tile sizes must be at least 1, not \(size)")
        }
        if let maxTileSize { c.maxInputSize = maxTileSize; c.maxOutputSize = maxTileSize }
        if let maxInputSize { c.maxInputSize = maxInputSize }
        if let maxOutputSize { c.maxOutputSize = maxOutputSize }
        if [inpBits, outBits].contains(where: { $0 != nil }) || [outNoise, wNoise, irDrop].contains(where: { $0 != nil }) {
            c.forward.isPerfect = false
        }
        try c.validate()
        if !c.name.hasSuffix(" (modified)") { c.name += " (modified)" }
        return c
    }

    /// Tiki-Taka on a preset's devices with its transfer schedule: every `transferEvery`
    /// mini-batch, `readsPerTransfer` columns of the fast array are read and pulsed into the weights.
    public static func tikiTaka(_ preset: DevicePreset, transferEvery: Float, readsPerTransfer: Int = 1) throws -> TileConfig {
        guard transferEvery > 0, transferEvery <= 1_000_000, (1...1_000_000).contains(readsPerTransfer) else {
            throw AnalogError(.configuration, "tikiTaka needs transferEvery in (0, 1000000] and readsPerTransfer ≥ 1")
        }
        var config = tikiTaka(preset)
        if case .tikiTaka(let p, var tt) = config.training {
            tt.transferEvery = transferEvery
            tt.readsPerTransfer = readsPerTransfer
            config.training = .tikiTaka(p, tt)
        }
        return config
    }
}

extension TileConfig {
    /// A copy with whole parts replaced: the forward and backward IO, the input range (AIHWKit's
    /// `pre_post.input_range`) and the pulsed-update settings (AIHWKit's `update`). Validated and
    /// named "<name> (modified)".
    public func replacing(forward: IOParameters? = nil, backward: IOParameters? = nil, inputRange: InputRange? = nil,
                          update: UpdateParameters? = nil) throws -> TileConfig {
        var c = self
        if let forward { c.forward = forward }
        if let backward { c.backward = backward }
        if let inputRange { c.inputRange = inputRange }
        if let update {
            guard (1...1000).contains(update.desiredBL), update.umGradScale > 0, update.umGradScale.isFinite else {
                throw AnalogError(.configuration, "the update needs desiredBL in 1…1000 and a positive gradient scale, not \(update.desiredBL)")
            }
            c.update = update
        }
        try c.validate()
        if !c.name.hasSuffix(" (modified)") { c.name += " (modified)" }
        return c
    }
}
