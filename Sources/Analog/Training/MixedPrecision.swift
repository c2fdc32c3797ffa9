import Foundation

/// Mixed-precision training (Nandakumar et al. 2020; AIHWKit's `MixedPrecisionCompound`): the
/// gradient `lr·d·xᵀ` of every sample accumulates exactly in a digital matrix χ, and whenever a
/// row of χ holds whole device steps they are pulsed into the analog array, which stays the
/// tile's visible weight. Devices see only deliberate, counted pulses, so their noise and
/// asymmetry matter less than in stochastic in-situ SGD.
public struct MixedPrecisionParameters: Sendable, Equatable {
    /// Transfer every this many mini-batches (counted in samples: ceil(transferEvery·batch)).
    public var transferEvery: Float = 1
    /// Rows of χ transferred each time, cyclically; -1 for all rows.
    public var rowsPerTransfer = -1
    /// The weight change one transferred count stands for; 0 takes the device's granularity.
    public var granularity: Float = 0
    public var transferLR: Float = 1
    /// Quantization of x and d before they accumulate (0: none): bins over ±max|·|.
    public var xBins = 0
    public var dBins = 0
    /// Stochastic rounding in that quantization (AIHWKit's default).
    public var stochasticRounding = true

    public init() {}

    func validate(rows: Int) throws {
        guard transferEvery > 0, transferEvery.isFinite else { throw AnalogError(.configuration, "transferEvery must be positive, not \(transferEvery)") }
        guard rowsPerTransfer == -1 || (1...rows).contains(rowsPerTransfer) else {
            throw AnalogError(.configuration, "rowsPerTransfer must be -1 (all) or 1…\(rows), not \(rowsPerTransfer)")
        }
        guard granularity >= 0, granularity.isFinite, transferLR > 0, transferLR.isFinite else {
            throw AnalogError(.configuration, "granularity must be 0 or positive and transferLR positive")
        }
        guard xBins >= 0, dBins >= 0 else { throw AnalogError(.configuration, "xBins and dBins must be 0 (no quantization) or positive") }
    }
}

/// Mixed precision's digital accumulator and transfer schedule.
struct MixedPrecisionState {
    var parameters: MixedPrecisionParameters
    var chi: [Float]
    var updates = 0
    var nextRow = 0

    /// `v` quantized to `bins` levels over ±max|v| (rounding stochastically when asked).
    static func quantize(_ v: [Float], bins: Int, stochastic: Bool, rng: inout Philox) -> [Float] {
        let half = bins / 2
        guard half > 0 else { return v }
        let amax = v.reduce(0) { Swift.max($0, abs($1)) }
        guard amax > 0 else { return v }
        let width = amax / Float(half)
        return v.map { x in
            var level = x / width
            if stochastic { level += rng.uniform() - 0.5 }
            level = level.rounded(.toNearestOrEven)
            return Swift.min(Float(half), Swift.max(-Float(half), level)) * width
        }
    }
}

extension AnalogTile {
    /// Trains the tile with mixed precision on devices of this type: `update` accumulates in a
    /// digital χ and transfers whole steps into the devices (`mixedPrecisionAccumulator` shows χ).
    public func useMixedPrecision(_ p: PulsedDeviceParameters, _ mp: MixedPrecisionParameters = MixedPrecisionParameters(),
                                  update: UpdateParameters = UpdateParameters(), seed: UInt64 = 0) throws {
        try mp.validate(rows: rows)
        // One-sided devices (PCM) hold the weights as pairs, as AIHWKit's PCM presets do.
        if p.isOneSided { try useOneSidedPairs(p, update: update, seed: seed) } else { try useDevices(p, update: update, seed: seed) }
        mixedPrecision = MixedPrecisionState(parameters: mp, chi: [Float](repeating: 0, count: rows * cols))
    }

    /// Mixed precision's digital accumulator χ (nil without it).
    public var mixedPrecisionAccumulator: Tensor? {
        guard let mp = mixedPrecision else { return nil }
        return try? Tensor(rows: rows, cols: cols, values: mp.chi)
    }

    /// One mini-batch of mixed-precision updates: accumulate each sample, transfer on schedule.
    func mixedPrecisionUpdate(_ state: inout MixedPrecisionState, x: Tensor, d: Tensor, lr: Float, rule: DeviceRule,
                              deviceGranularity: Float, rng: inout Philox) throws {
        let mp = state.parameters
        let every = Swift.max(1, Int((mp.transferEvery * Float(x.rows)).rounded(.up)))
        let g = mp.granularity > 0 ? mp.granularity : deviceGranularity
        // Transfers are exact counts: update management keeps a count's pulses within one train.
        var transferUpdate = updateParameters
        transferUpdate.updateManagement = true
        transferUpdate.updateBLManagement = true
        var w = weights.values
        for b in 0..<x.rows {
            var xs = Array(x.values[(b * cols)..<((b + 1) * cols)]), ds = Array(d.values[(b * rows)..<((b + 1) * rows)])
            xs = MixedPrecisionState.quantize(xs, bins: mp.xBins, stochastic: mp.stochasticRounding, rng: &rng)
            ds = MixedPrecisionState.quantize(ds, bins: mp.dBins, stochastic: mp.stochasticRounding, rng: &rng)
            state.chi.withUnsafeMutableBufferPointer { chi in
                for i in 0..<rows where ds[i] != 0 {
                    let scaled = lr * ds[i]
                    for j in 0..<cols { chi[i * cols + j] += scaled * xs[j] }
                }
            }
            state.updates += 1
            if var pair = oneSided, let p = deviceParameters {
                // One-sided pairs (PCM) climb with every transfer: refresh them on their own schedule.
                pair.countUpdate(batch: x.rows, p, rule: rule, granularity: deviceGranularity, rng: &rng)
                oneSided = pair
            }
            guard state.updates % every == 0 else { continue }
            let count = mp.rowsPerTransfer < 0 ? rows : mp.rowsPerTransfer
            var oneHot = [Float](repeating: 0, count: rows)
            for _ in 0..<count {
                let i = state.nextRow
                state.nextRow = (i + 1) % rows
                // Whole steps (truncated towards zero) leave χ and go to the devices as pulses.
                var steps = [Float](repeating: 0, count: cols)
                var any = false
                for j in 0..<cols {
                    let n = (state.chi[i * cols + j] / g).rounded(.towardZero)
                    if n != 0 {
                        steps[j] = n
                        state.chi[i * cols + j] -= n * g
                        any = true
                    }
                }
                guard any else { continue }
                oneHot[i] = 1
                if var pair = oneSided {
                    PulsedArray.pulseBatch(&pair, rule: rule, granularity: deviceGranularity, rows: rows, cols: cols,
                                            x: steps, d: oneHot, lr: g * mp.transferLR, update: transferUpdate, rng: &rng)
                    oneSided = pair
                } else {
                    PulsedArray.pulseBatch(&w, &deviceStates, rule: rule, granularity: deviceGranularity, rows: rows, cols: cols,
                                            x: steps, d: oneHot, lr: g * mp.transferLR, update: transferUpdate, rng: &rng)
                }
                oneHot[i] = 0
            }
        }
        if oneSided != nil {
            try commitOneSided()
        } else {
            try setWeights(try Tensor(rows: rows, cols: cols, values: w))
        }
    }
}
