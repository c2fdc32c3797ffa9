import Foundation

/// AIHWKit's `OneSidedUnitCell` settings (the values `PCMPresetUnitCell` uses): devices that can
/// only be stepped one way (PCM: potentiation) hold a weight as a pair, w = g⁺ − g⁻, and are
/// refreshed when both have climbed high.
public struct OneSidedParameters: Sendable, Equatable {
    /// Check for refresh every this many mini-batches (in samples: ceil(refreshEvery·batch)); 0: never.
    public var refreshEvery: Float = 1
    /// Refresh a pair when the larger device reads above `upperThreshold`·|w_max| and the smaller
    /// above `lowerThreshold`·|w_max|.
    public var upperThreshold: Float = 0.75
    public var lowerThreshold: Float = 0.25
    /// The IO of the refresh reads (`PresetIOParameters`): its output noise shows in what is rewritten.
    public var refreshIO: IOParameters = .preset
    /// The most pulses one refresh write gives a device (`PresetUpdateParameters(desired_bl=31)`).
    public var refreshDesiredBL = 31

    public init() {}

    func validate() throws {
        guard refreshEvery >= 0, refreshEvery.isFinite, (0...1).contains(lowerThreshold), (0...1).contains(upperThreshold),
              refreshDesiredBL >= 1 else {
            throw AnalogError(.device, "one-sided pairs need refreshEvery ≥ 0, thresholds in 0…1 and refreshDesiredBL ≥ 1")
        }
    }
}

/// A tile's one-sided pairs: both devices' conductances and states, and the refresh schedule.
struct OneSidedPair {
    var plus: [Float]
    var plusStates: [DeviceState]
    var minus: [Float]
    var minusStates: [DeviceState]
    var parameters: OneSidedParameters
    var updates = 0
    var refreshes = 0

    var weights: [Float] { zip(plus, minus).map { $0 - $1 } }

    /// Writes w as g⁺ = max(w, 0), g⁻ = max(−w, 0), each within its device's bounds.
    mutating func set(_ w: [Float]) {
        for i in w.indices {
            plus[i] = Swift.min(plusStates[i].bMax, Swift.max(plusStates[i].bMin, Swift.max(w[i], 0)))
            minus[i] = Swift.min(minusStates[i].bMax, Swift.max(minusStates[i].bMin, Swift.max(-w[i], 0)))
        }
        updates = 0
    }

    /// Counts one update of the pairs and refreshes them when the schedule says: every
    /// ceil(refreshEvery·batch) updates, counted in samples (AIHWKit's `units_in_mbatch`).
    mutating func countUpdate(batch: Int, _ p: PulsedDeviceParameters, rule: DeviceRule, granularity g: Float, rng: inout Philox) {
        updates += 1
        guard parameters.refreshEvery > 0 else { return }
        let every = Swift.max(1, Int((parameters.refreshEvery * Float(batch)).rounded(.up)))
        if updates % every == 0 { refresh(p, rule: rule, granularity: g, rng: &rng) }
    }

    /// AIHWKit's refresh: read both devices (with the refresh IO's output noise); where the larger
    /// reads above the upper threshold and the smaller above the lower one (relative to |w_max|),
    /// reset both (to each device's reset value, with reset noise) and pulse the difference back
    /// into the one that was larger, up-steps only, at most `refreshDesiredBL` of them.
    mutating func refresh(_ p: PulsedDeviceParameters, rule: DeviceRule, granularity g: Float, rng: inout Philox) {
        let scale = abs(p.wMax) > 0 ? abs(p.wMax) : 1
        let noise = parameters.refreshIO.outNoise
        for i in plus.indices {
            let readPlus = plus[i] + noise * rng.normal(), readMinus = minus[i] + noise * rng.normal()
            let high = Swift.max(readPlus, readMinus) / scale, low = Swift.min(readPlus, readMinus) / scale
            guard high > parameters.upperThreshold, low > parameters.lowerThreshold else { continue }
            func reset(_ d: DeviceState) -> Float {
                Swift.min(d.bMax, Swift.max(d.bMin, d.resetBias + p.resetStd * rng.normal()))
            }
            plus[i] = reset(plusStates[i])
            minus[i] = reset(minusStates[i])
            let difference = readPlus - readMinus
            let pulses = Swift.min(parameters.refreshDesiredBL, Int((abs(difference) / g).rounded()))
            for _ in 0..<pulses {
                if difference > 0 {
                    plus[i] = rule.step(plus[i], up: true, &plusStates[i], rng: &rng)
                } else {
                    minus[i] = rule.step(minus[i], up: true, &minusStates[i], rng: &rng)
                }
            }
            refreshes += 1
        }
    }
}

extension PulsedDeviceParameters {
    /// Devices that only step one way in practice (w_min = 0, as PCM): they need pairs to hold signed weights.
    public var isOneSided: Bool { wMin == 0 && wMax > 0 }
}

extension AnalogTile {
    /// Gives every weight a one-sided pair of devices of this type, w = g⁺ − g⁻ (AIHWKit's
    /// `OneSidedUnitCell`, as `PCMPreset` uses it): updates step g⁺ up to raise a weight and g⁻ up
    /// to lower it, and pairs that climb high are refreshed.
    public func useOneSidedPairs(_ p: PulsedDeviceParameters, _ settings: OneSidedParameters = OneSidedParameters(),
                                 update: UpdateParameters = UpdateParameters(), seed: UInt64 = 0) throws {
        try settings.validate()
        // Single devices of a one-sided type would clip negative weights: keep them for the pairs.
        let signed = logicalWeights
        try useDevices(p, update: update, seed: seed)
        var rng = Philox(seed: seed, stream: 9)
        let minusStates = (0..<(rows * cols)).map { _ in PulsedDevice(p, rng: &rng).state }
        var pair = OneSidedPair(plus: [Float](repeating: 0, count: rows * cols), plusStates: deviceStates,
                                minus: [Float](repeating: 0, count: rows * cols), minusStates: minusStates, parameters: settings)
        pair.set(signed.values)
        oneSided = pair
        try commitOneSided()
    }

    /// How many pairs have been refreshed since the pairs were made.
    public var oneSidedRefreshes: Int? { oneSided?.refreshes }

    /// The conductances of the pairs (g⁺, g⁻), when the tile has them.
    public var oneSidedConductances: (plus: Tensor, minus: Tensor)? {
        guard let pair = oneSided, let plus = try? Tensor(rows: rows, cols: cols, values: pair.plus),
              let minus = try? Tensor(rows: rows, cols: cols, values: pair.minus) else { return nil }
        return (plus, minus)
    }

    /// Makes the visible weights g⁺ − g⁻ (without splitting them again), with write noise and a
    /// fresh programming state, as setWeights does for single devices.
    func commitOneSided() throws {
        guard let pair = oneSided else { return }
        weights = try Tensor(rows: rows, cols: cols, values: pair.weights)
        startFreshReads()
    }

    /// One mini-batch of pulsed updates on the pairs, with refreshes on schedule, then decay.
    func oneSidedUpdate(_ pair: inout OneSidedPair, x: Tensor, d: Tensor, lr: Float, p: PulsedDeviceParameters, rule: DeviceRule,
                        rng: inout Philox) throws {
        for b in 0..<x.rows {
            let xs = Array(x.values[(b * cols)..<((b + 1) * cols)]), ds = Array(d.values[(b * rows)..<((b + 1) * rows)])
            PulsedArray.pulseBatch(&pair, rule: rule, granularity: p.granularity, rows: rows, cols: cols, x: xs, d: ds, lr: lr,
                                    update: updateParameters, rng: &rng)
            pair.countUpdate(batch: x.rows, p, rule: rule, granularity: p.granularity, rng: &rng)
        }
        if p.lifetime > 0 {
            PulsedArray.decay(&pair.plus, pair.plusStates)
            PulsedArray.decay(&pair.minus, pair.minusStates)
        }
    }
}
