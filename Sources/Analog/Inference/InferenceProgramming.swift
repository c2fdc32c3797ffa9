import Foundation

/// A programmed tile's devices under a ReRAM model: targets and programmed conductances.
struct ProgrammedReRAM {
    /// Conductance pairs (Wan 2022) or single devices (CMO, `minus` empty).
    var targetPlus: [Float], targetMinus: [Float]
    var plus: [Float], minus: [Float]
    /// w = (g⁺ − g⁻)/scale (pairs), or w = offset + (g − gMin)/scale (single devices).
    var scale: Float
    var offset: Float
}

// MARK: - Inference: programming, drift and its compensation

extension AnalogTile {
    /// Programs the weights into devices with the tile's inference noise model (or `noise`):
    /// conductance targets, programming noise, and the per-device state drift needs. Reads then
    /// see the programmed weights, at the model's first read time until `drift(to:)`. With drift
    /// compensation (the config's default), the baseline readout is taken right after programming.
    public func program(noise: InferenceNoise? = nil, compensateDrift: Bool? = nil) throws {
        // As AIHWKit: programming and drift belong to inference tiles. A tile trained in situ holds
        // its weights in its devices' state, which programming would replace.
        guard !learnsByPulses else {
            throw AnalogError(.state, """
                this tile trains its devices in situ (\(config.name)): its weights are the devices' state, which program() \
                would replace with freshly programmed conductances. To study programming and drift, copy the model onto \
                inference tiles: convertToAnalog(model, config: .inference(noise: .pcm))
                """)
        }
        let model = noise ?? config.noise
        try model.validate()
        programmed = nil
        pcmNoise = nil
        reramProgrammed = nil
        switch model {
        case .none:
            break
        case .pcm(let pcm):
            programPCM(pcm)
        case .reramWan2022(let wan):
            try programWan2022(wan)
        case .reramCMO(let cmo):
            programCMO(cmo)
        }
        programmedWith = model
        compensatesDrift = compensateDrift ?? config.compensatesDrift
        driftBaseline = nil
        driftCompensation = 1
        try drift(to: model.programmingTime)
        if compensatesDrift { driftBaseline = try driftReadout() }
    }

    /// The PCM-like model: each weight maps to g⁺ or g⁻ (|w|·gMax/max|W|), gets programming noise,
    /// and each device draws its drift exponent.
    func programPCM(_ noise: PCMLikeNoise) {
        let wMax = weights.absMax
        let scale = wMax > 0 ? noise.gMax / wMax : 1
        let n = weights.count
        var gPlus = [Float](repeating: 0, count: n), gMinus = [Float](repeating: 0, count: n)
        var nuPlus = [Float](repeating: 0, count: n), nuMinus = [Float](repeating: 0, count: n)
        for i in 0..<n {
            let w = weights.values[i]
            let targetPlus = Swift.max(w, 0) * scale, targetMinus = Swift.max(-w, 0) * scale
            gPlus[i] = Swift.max(0, targetPlus + noise.programmingSigma(targetPlus) * rngNormal())
            gMinus[i] = Swift.max(0, targetMinus + noise.programmingSigma(targetMinus) * rngNormal())
            let (mp, sp) = noise.driftExponent(gPlus[i])
            let (mm, sm) = noise.driftExponent(gMinus[i])
            nuPlus[i] = Swift.max(0, (mp + sp * rngNormal()) * noise.driftScale)
            nuMinus[i] = Swift.max(0, (mm + sm * rngNormal()) * noise.driftScale)
        }
        programmed = ProgrammedConductances(gPlus: gPlus, gMinus: gMinus, nuPlus: nuPlus, nuMinus: nuMinus, scale: scale)
        pcmNoise = noise
    }

    /// Wan 2022: conductance pairs like PCM's, spread with the first measurement's polynomial.
    func programWan2022(_ noise: ReRAMWan2022Noise) throws {
        let wMax = weights.absMax
        let scale = noise.gMax / Swift.max(wMax, 1e-7)
        let plusTargets = weights.values.map { Swift.min(noise.gMax, Swift.max(0, $0 * scale)) }
        let minusTargets = weights.values.map { Swift.min(noise.gMax, Swift.max(0, -$0 * scale)) }
        let first = noise.times.first ?? 1
        var plus = plusTargets, minus = minusTargets
        for i in 0..<plus.count {
            plus[i] = Swift.max(0, plusTargets[i] + (try noise.sigma(plusTargets[i], at: first)) * rngNormal())
            minus[i] = Swift.max(0, minusTargets[i] + (try noise.sigma(minusTargets[i], at: first)) * rngNormal())
        }
        reramProgrammed = ProgrammedReRAM(targetPlus: plusTargets, targetMinus: minusTargets, plus: plus, minus: minus,
                                          scale: scale, offset: 0)
    }

    /// CMO: one device per weight on the affine map [min W, max W] → [gMin, gMax].
    func programCMO(_ noise: ReRAMCMONoise) {
        let low = weights.values.min() ?? 0, high = weights.values.max() ?? 0
        let scale = high > low ? (noise.gMax - noise.gMin) / (high - low) : 1
        let targets = weights.values.map { ($0 - low) * scale + noise.gMin }
        let programmedG = targets.map { $0 + noise.programmingSigma($0) * rngNormal() }
        reramProgrammed = ProgrammedReRAM(targetPlus: targets, targetMinus: [], plus: programmedG, minus: [], scale: scale, offset: low)
    }

    /// The weights as the devices hold them `seconds` after programming. PCM: drifted by
    /// (t/t₀)^(−ν) with accumulated 1/f read noise; ReRAM models: their spread or decay at t.
    /// With compensation on, outputs are scaled by baseline/current readout, as AIHWKit's
    /// `GlobalDriftCompensation` does.
    public func drift(to seconds: Double) throws {
        guard let model = programmedWith else {
            throw AnalogError(.state, "program the tile before drifting it (tile.program())")
        }
        guard seconds.isFinite, seconds >= 0 else { throw AnalogError(.inference, "drift time must be a non-negative number of seconds") }
        var read = weights
        var t = seconds
        switch model {
        case .none:
            break
        case .pcm(let noise):
            guard let p = programmed else { throw AnalogError(.state, "program the tile before drifting it (tile.program())") }
            t = Swift.max(seconds, noise.t0)
            let ratio = Float(t / noise.t0)
            for i in 0..<p.gPlus.count {
                func device(_ g: Float, _ nu: Float) -> Float {
                    let drifted = g * pow(ratio, -nu)
                    let sigma = drifted * noise.readNoiseSigma(g, at: t)
                    return Swift.max(0, drifted + sigma * rngNormal())
                }
                read.values[i] = (device(p.gPlus[i], p.nuPlus[i]) - device(p.gMinus[i], p.nuMinus[i])) / p.scale
            }
        case .reramWan2022(let noise):
            guard let p = reramProgrammed else { throw AnalogError(.state, "program the tile before drifting it (tile.program())") }
            if seconds == noise.times.first {
                for i in 0..<read.count { read.values[i] = (p.plus[i] - p.minus[i]) / p.scale }
            } else {
                // The model redraws around the targets with the spread measured at that time.
                for i in 0..<read.count {
                    let gp = Swift.max(0, p.targetPlus[i] + (try noise.sigma(p.targetPlus[i], at: seconds)) * rngNormal())
                    let gm = Swift.max(0, p.targetMinus[i] + (try noise.sigma(p.targetMinus[i], at: seconds)) * rngNormal())
                    read.values[i] = (gp - gm) / p.scale
                }
            }
        case .reramCMO(let noise):
            guard let p = reramProgrammed else { throw AnalogError(.state, "program the tile before drifting it (tile.program())") }
            var rng = Philox(seed: rngNext(), stream: 13)
            for i in 0..<read.count {
                read.values[i] = p.offset + (noise.drifted(p.plus[i], at: seconds, rng: &rng) - noise.gMin) / p.scale
            }
        }
        readWeights = read
        driftTime = t
        driftCompensation = 1
        if compensatesDrift, let baseline = driftBaseline {
            driftCompensation = baseline / (try driftReadout())
        }
    }

    /// The mean absolute output of one read of every input line (the identity as input), floored
    /// at 1e-4: the scalar global drift compensation tracks.
    func driftReadout() throws -> Float {
        let saved = driftCompensation
        driftCompensation = 1
        defer { driftCompensation = saved }
        let y = try forward(try Tensor.identity(cols))
        return Swift.max(1e-4, y.values.reduce(0) { $0 + abs($1) } / Float(y.count))
    }

    /// The weights the tile stands for as reads see them (programmed, drifted, remapping scales applied).
    public var logicalReadWeights: Tensor { scaledByOutput(effectiveWeights, batch: false) }
}

extension AnalogTile {
    /// The programmed conductances (µS) of a tile programmed onto conductance pairs (PCM, Wan 2022
    /// ReRAM): g⁺ and g⁻ per weight, right after programming; nil otherwise.
    public var programmedConductancePair: (plus: Tensor, minus: Tensor)? {
        if let p = programmed {
            guard let plus = try? Tensor(rows: rows, cols: cols, values: p.gPlus),
                  let minus = try? Tensor(rows: rows, cols: cols, values: p.gMinus) else { return nil }
            return (plus, minus)
        }
        if let r = reramProgrammed, !r.minus.isEmpty {
            guard let plus = try? Tensor(rows: rows, cols: cols, values: r.plus),
                  let minus = try? Tensor(rows: rows, cols: cols, values: r.minus) else { return nil }
            return (plus, minus)
        }
        return nil
    }
}

extension AnalogTile {
    /// The weights as the hardware can report them: one read of every input line (the identity as
    /// input) through the forward IO, so the estimate carries the reads' noise, converters,
    /// programming and drift. `logicalWeights` is the ground truth.
    public func readBackWeights() throws -> Tensor {
        try forward(try Tensor.identity(cols)).transposed
    }
}
