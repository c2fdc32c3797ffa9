import Foundation

/// How a pulsed update turns x and d into pulse trains (AIHWKit's `UpdateParameters`, with the
/// values `PresetUpdateParameters` uses).
public struct UpdateParameters: Sendable, Equatable {
    /// Pulse-train length (bit length), the most pulses one update can give a weight.
    public var desiredBL = 31
    /// Scale x and d so that the largest x fires with probability ≤ 1 and the gradient side is clipped.
    public var updateManagement = true
    /// Shorten the train when fewer pulses suffice.
    public var updateBLManagement = true
    public var umGradScale: Float = 1

    public init() {}
}

extension PulsedDeviceParameters {
    /// The weight change of one mean pulse (AIHWKit's `calcWeightGranularity`), which sets how
    /// many pulses an update needs.
    public var granularity: Float {
        switch model {
        case .expStep(_, let aDown, _, let gammaDown, _, let b, _, _):
            // AIHWKit averages the down step with itself (an upstream quirk kept on purpose).
            let downBias = -Swift.max(upDown, 0)
            let dwDown = dwMin * (1 + downBias) * Swift.max(1 - aDown * exp(-gammaDown * b), 0)
            return dwDown > 0 ? dwDown : dwMin
        case .powStep(let gamma, _, _, _):
            return dwMin * pow(0.5, gamma)
        case .piecewiseStep(let up, _):
            // AIHWKit takes the middle node of the up list (integer division).
            let middle = up.isEmpty ? 1 : up[up.count / 2]
            return middle > 0 ? dwMin * middle : dwMin
        default:
            return dwMin
        }
    }
}

extension AnalogTile {
    /// Gives every cross-point its own device of this type (drawn with the tile's seed) and writes
    /// the current weights into them, clipped to each device's bounds.
    public func useDevices(_ p: PulsedDeviceParameters, update: UpdateParameters = UpdateParameters(), seed: UInt64 = 0) throws {
        try p.validate()
        guard update.desiredBL >= 1, update.desiredBL <= 1000, update.umGradScale > 0 else {
            throw AnalogError(.configuration, "desiredBL must be 1…1000 and umGradScale positive")
        }
        var rng = Philox(seed: seed, stream: 7)
        devices = (0..<(rows * cols)).map { _ in PulsedDevice(p, rng: &rng) }
        deviceStates = devices.map(\.state)
        tikiTaka = nil
        mixedPrecision = nil
        oneSided = nil
        deviceVector = nil
        deviceParameters = p
        updateParameters = update
        try setWeights(weights)
    }

    /// The pulsed update of a batch (x: batch × cols, d: batch × rows): in expectation
    /// W ← W − lr·dᵀx, realised as stochastic pulse trains whose coincidences step each device
    /// (AIHWKit's `PulsedRPUWeightUpdater` with stochastic compressed pulses, one sample at a time).
    /// With Tiki-Taka (`useTikiTaka`), the pulses go to the fast array A and are transferred to C.
    public func update(x: Tensor, d: Tensor, lr: Float) throws {
        guard x.cols == cols, d.cols == rows, x.rows == d.rows else {
            throw AnalogError(.configuration, "update needs x of batch × \(cols) and d of batch × \(rows), not \(x.rows)×\(x.cols) and \(d.rows)×\(d.cols)")
        }
        guard x.isFinite, d.isFinite, lr.isFinite else { throw AnalogError(.configuration, "update inputs and the learning rate must be finite") }
        guard lr != 0 else { return }
        guard let p = deviceParameters else {
            // Without devices the update is exact SGD.
            try applyGradient(try d.matmul(x, transposeSelf: true), lr: lr)
            return
        }
        var pulseRNG = Philox(seed: rngNext(), stream: 11)
        let rule = DeviceRule(p)
        if deviceStates.count != devices.count { deviceStates = devices.map(\.state) }
        if var vector = deviceVector {
            deviceVectorUpdate(&vector, x: x, d: d, lr: lr, p: p, rule: rule, rng: &pulseRNG)
            deviceVector = vector
            try commitDeviceVector()
            return
        }
        if var pair = oneSided, mixedPrecision == nil, tikiTaka == nil {
            try oneSidedUpdate(&pair, x: x, d: d, lr: lr, p: p, rule: rule, rng: &pulseRNG)
            oneSided = pair
            try commitOneSided()
            return
        }
        if var mp = mixedPrecision {
            try mixedPrecisionUpdate(&mp, x: x, d: d, lr: lr, rule: rule, deviceGranularity: p.granularity, rng: &pulseRNG)
            mixedPrecision = mp
            try decayDevices()
            return
        }
        if var tt = tikiTaka {
            for b in 0..<x.rows {
                let xs = Array(x.values[(b * cols)..<((b + 1) * cols)]), ds = Array(d.values[(b * rows)..<((b + 1) * rows)])
                if var fastPair = tt.fastPair {
                    // One-sided devices (PCM): A is made of pairs too, refreshed on their own schedule.
                    PulsedArray.pulseBatch(&fastPair, rule: rule, granularity: p.granularity, rows: rows, cols: cols,
                                            x: xs, d: ds, lr: tt.fastLR * lr, update: updateParameters, rng: &pulseRNG)
                    fastPair.countUpdate(batch: x.rows, p, rule: rule, granularity: p.granularity, rng: &pulseRNG)
                    tt.fastPair = fastPair
                } else {
                    PulsedArray.pulseBatch(&tt.fast, &tt.fastStates, rule: rule, granularity: p.granularity, rows: rows, cols: cols,
                                            x: xs, d: ds, lr: tt.fastLR * lr, update: updateParameters, rng: &pulseRNG)
                }
                tt.updates += 1
                let every = Swift.max(1, Int((tt.transferEvery * Float(x.rows)).rounded(.up)))
                if tt.updates % every == 0 {
                    for _ in 0..<tt.readsPerTransfer {
                        try transferColumn(&tt, rule: rule, granularity: p.granularity, lr: lr, rng: &pulseRNG)
                    }
                }
            }
            if p.lifetime > 0 { PulsedArray.decay(&tt.fast, tt.fastStates) }
            tikiTaka = tt
            if oneSided != nil {
                try commitOneSided()
                return
            }
            // C's new values: written weights read back through write noise, then decay.
            try setWeights(weights)
            try decayDevices()
            return
        }
        var w = weights.values
        PulsedArray.pulseBatch(&w, &deviceStates, rule: rule, granularity: p.granularity, rows: rows, cols: cols,
                                x: x.values, d: d.values, lr: lr, update: updateParameters, rng: &pulseRNG)
        try setWeights(try Tensor(rows: rows, cols: cols, values: w))
        try decayDevices()
    }

    /// Whether updates reach the weights as pulses on devices (in-situ training) rather than as
    /// exact steps.
    public var learnsByPulses: Bool { deviceParameters != nil }

    /// An exact SGD step W ← W − lr·G for a gradient G of the weights the tile stands for, on a
    /// tile without devices, then AIHWKit's post-update step. The analog weights' gradient is G
    /// with each row times its remapping scale (errors pass the scales on their way back); the
    /// analog weights are clipped, then remapped (setWeights folds each row's range into its scale).
    public func applyGradient(_ g: Tensor, lr: Float) throws {
        guard deviceParameters == nil else { throw AnalogError(.state, "tiles with devices learn through pulses (update(x:d:lr:))") }
        guard g.rows == rows, g.cols == cols else { throw AnalogError(.configuration, "the gradient must be \(rows)×\(cols), not \(g.rows)×\(g.cols)") }
        guard g.isFinite, lr.isFinite else { throw AnalogError(.configuration, "the gradient and the learning rate must be finite") }
        let analogGradient = scaledByOutput(g, batch: false)
        let stepped = config.clip.apply(try weights.subtracting(analogGradient.scaled(by: lr)))
        if config.learnsOutputScales, var scales = outputScales {
            // The scales' own SGD step, dL/ds_i = Σ_j G_ij·w_ij over the analog weights w (W = s·w).
            for i in 0..<rows {
                var gradient: Float = 0
                for j in 0..<cols { gradient += g.values[i * cols + j] * weights.values[i * cols + j] }
                let stepped = scales[i] - lr * gradient
                // A scale stays positive: a row that would flip sign keeps a small one instead.
                scales[i] = stepped > 1e-6 * scales[i] ? stepped : 1e-6 * scales[i]
            }
            outputScales = scales
        }
        try setWeights(scaledByOutput(stepped, batch: false))
    }

    /// Puts the config's HWA weight modifier on the weights the next reads see (until the weights
    /// are written again): AIHWKit perturbs the forward and backward weights of each training batch.
    public func applyTrainingModifier() throws {
        guard config.modifier.kind != .none || config.modifier.pdrop > 0 else { return }
        var local = Philox(seed: rngNext(), stream: 19)
        readWeights = try config.modifier.apply(weights, rng: &local)
        readsAreModified = true
    }

    /// Puts reads back on the stored weights when a training batch ends without an update.
    public func discardTrainingModifier() {
        guard readsAreModified else { return }
        readsAreModified = false
        readWeights = nil
        drawWriteNoise()
    }

    /// Tiki-Taka's transfer of one column: read A's column c through the transfer IO (no noise or
    /// bound management), then pulse −(A·e_c) into C along e_c: in expectation C[:, c] += lr·A[:, c].
    func transferColumn(_ tt: inout TikiTakaState, rule: DeviceRule, granularity: Float, lr: Float, rng: inout Philox) throws {
        let c = tt.nextColumn
        tt.nextColumn = (c + 1) % cols
        let io = tt.transferIO
        let stepOut = Converter.step(io.outRes, io.outBound)
        var read = [Float](repeating: 0, count: rows)
        for i in 0..<rows {
            var v = tt.fastPair.map { $0.plus[i * cols + c] - $0.minus[i * cols + c] } ?? tt.fast[i * cols + c]
            if io.isPerfect {
                read[i] = -v
                continue
            }
            if io.outNoise > 0 { v += io.outNoise * rng.normal() }
            if stepOut > 0 { v = (v / stepOut).rounded(.toNearestOrEven) * stepOut }
            read[i] = -Swift.min(io.outBound, Swift.max(-io.outBound, v))
        }
        var oneHot = [Float](repeating: 0, count: cols)
        oneHot[c] = 1
        if var pair = oneSided {
            // C of one-sided pairs: the transfer steps g⁺ or g⁻ up, and C's pairs refresh after it.
            PulsedArray.pulseBatch(&pair, rule: rule, granularity: granularity, rows: rows, cols: cols,
                                    x: oneHot, d: read, lr: tt.transferLR * lr, update: updateParameters, rng: &rng)
            // Each transfer counts as a batch of one, so C is checked after every transfer.
            if let p = deviceParameters { pair.countUpdate(batch: 1, p, rule: rule, granularity: granularity, rng: &rng) }
            oneSided = pair
            return
        }
        var w = weights.values
        PulsedArray.pulseBatch(&w, &deviceStates, rule: rule, granularity: granularity, rows: rows, cols: cols,
                                x: oneHot, d: read, lr: tt.transferLR * lr, update: updateParameters, rng: &rng)
        weights = try Tensor(rows: rows, cols: cols, values: w)
    }

    /// Tiki-Taka (Gokmen & Haensch 2020; AIHWKit's `TransferCompound` with two devices): gradient
    /// pulses go to a fast array A; every `transferEvery` mini-batch (in units of the batch) one
    /// column of A is read and pulsed into C, which is the tile's visible weight (γ = 0).
    public func useTikiTaka(_ p: PulsedDeviceParameters, update: UpdateParameters = UpdateParameters(), transferEvery: Float = 1,
                            readsPerTransfer: Int = 1, fastLR: Float = 1, transferLR: Float = 1,
                            transferIO: IOParameters = .preset, seed: UInt64 = 0) throws {
        guard transferEvery > 0, transferEvery <= 1_000_000, (1...cols).contains(readsPerTransfer), fastLR > 0, transferLR > 0 else {
            throw AnalogError(.configuration, "Tiki-Taka needs transferEvery in (0, 1000000], 1…cols reads per transfer and positive learning-rate factors")
        }
        // One-sided devices (PCM) hold both arrays as pairs, as AIHWKit's TikiTakaPCMPreset
        // builds its transfer compound from PCMPresetUnitCells.
        if p.isOneSided { try useOneSidedPairs(p, update: update, seed: seed) } else { try useDevices(p, update: update, seed: seed) }
        var rng = Philox(seed: seed, stream: 8)
        let fastDevices = (0..<(rows * cols)).map { _ in PulsedDevice(p, rng: &rng) }
        var fastPair: OneSidedPair?
        if p.isOneSided {
            var minusRNG = Philox(seed: seed, stream: 10)
            let minusStates = (0..<(rows * cols)).map { _ in PulsedDevice(p, rng: &minusRNG).state }
            fastPair = OneSidedPair(plus: [Float](repeating: 0, count: rows * cols), plusStates: fastDevices.map(\.state),
                                    minus: [Float](repeating: 0, count: rows * cols), minusStates: minusStates,
                                    parameters: oneSided?.parameters ?? OneSidedParameters())
        }
        tikiTaka = TikiTakaState(fast: [Float](repeating: 0, count: rows * cols), fastStates: fastDevices.map(\.state),
                                 transferEvery: transferEvery, readsPerTransfer: readsPerTransfer, fastLR: fastLR,
                                 transferLR: transferLR, transferIO: transferIO, fastPair: fastPair)
    }

    /// The fast array A of Tiki-Taka (nil without it).
    public var fastWeights: Tensor? {
        guard let tt = tikiTaka else { return nil }
        return try? Tensor(rows: rows, cols: cols, values: tt.fastPair?.weights ?? tt.fast)
    }
}

/// Tiki-Taka's hidden state: the fast array and its devices, and the transfer schedule.
struct TikiTakaState {
    var fast: [Float]
    var fastStates: [DeviceState]
    var transferEvery: Float
    var readsPerTransfer: Int
    var fastLR: Float
    var transferLR: Float
    var transferIO: IOParameters
    /// A as one-sided pairs, for one-sided devices (PCM).
    var fastPair: OneSidedPair?
    var updates = 0
    var nextColumn = 0
}

/// The pulse-train machinery on a bare array of weights and device states.
enum PulsedArray {
    /// One mini-batch of decay: w ← (w − b)·s + b per device, within its bounds (AIHWKit's `decayWeights`).
    static func decay(_ w: inout [Float], _ states: [DeviceState]) {
        for i in 0..<Swift.min(w.count, states.count) {
            let d = states[i]
            w[i] = Swift.min(d.bMax, Swift.max(d.bMin, (w[i] - d.resetBias) * d.decayScale + d.resetBias))
        }
    }

    /// The pulsed update of `w` (rows × cols, one device per weight) by a batch of samples, one after
    /// another: x is batch × cols and d batch × rows, flat.
    static func pulseBatch(_ w: inout [Float], _ states: inout [DeviceState], rule: DeviceRule, granularity g: Float,
                            rows: Int, cols: Int, x xs: [Float], d ds: [Float], lr: Float, update up: UpdateParameters,
                            rng: inout Philox) {
        w.withUnsafeMutableBufferPointer { values in
            states.withUnsafeMutableBufferPointer { devices in
                guard let v = values.baseAddress, let s = devices.baseAddress else { return }
                let target = SingleDevices(values: v, states: s)
                pulseTrains(target, rule: rule, granularity: g, rows: rows, cols: cols, x: xs, d: ds, lr: lr, update: up, rng: &rng)
            }
        }
    }

    /// The same update on one-sided pairs: pulses that raise a weight step g⁺ up, pulses that lower
    /// it step g⁻ up; no device is ever pulsed down (AIHWKit's `OneSidedUnitCell`).
    static func pulseBatch(_ pair: inout OneSidedPair, rule: DeviceRule, granularity g: Float, rows: Int, cols: Int,
                            x xs: [Float], d ds: [Float], lr: Float, update up: UpdateParameters, rng: inout Philox) {
        pair.plus.withUnsafeMutableBufferPointer { plus in
            pair.plusStates.withUnsafeMutableBufferPointer { plusStates in
                pair.minus.withUnsafeMutableBufferPointer { minus in
                    pair.minusStates.withUnsafeMutableBufferPointer { minusStates in
                        guard let p = plus.baseAddress, let ps = plusStates.baseAddress, let m = minus.baseAddress,
                              let ms = minusStates.baseAddress else { return }
                        let target = OneSidedDevices(plus: p, plusStates: ps, minus: m, minusStates: ms)
                        pulseTrains(target, rule: rule, granularity: g, rows: rows, cols: cols, x: xs, d: ds, lr: lr, update: up, rng: &rng)
                    }
                }
            }
        }
    }

    /// How many row blocks a large update is split into, whatever the core count (each block draws
    /// its step noise from its own stream, so the numbers do not depend on the machine).
    static let rowBlocks = 8

    /// Stochastic compressed pulse trains for each sample of x and d (AIHWKit's `BitLineMaker`):
    /// the trains are drawn as bit masks, then every device gets as many steps as its row's and
    /// column's trains coincide, sample by sample. Rows are independent, so blocks of rows run in
    /// parallel over the whole batch.
    static func pulseTrains<Target: PulseTarget>(_ target: Target, rule: DeviceRule, granularity g: Float, rows: Int, cols: Int,
                                                 x xs: [Float], d ds: [Float], lr: Float, update up: UpdateParameters,
                                                 rng: inout Philox) {
        guard lr != 0, cols > 0, rows > 0 else { return }
        let batch = Swift.min(xs.count / cols, ds.count / rows)
        guard batch > 0 else { return }
        let seed = rng.next()
        let trains = PulseTrains(x: xs, d: ds, batch: batch, rows: rows, cols: cols, lr: lr, granularity: g, update: up, seed: seed)
        // Small updates run on one block: dispatching costs more than the pulses.
        let blocks = trains.pulses >= 32_768 ? Swift.min(rowBlocks, rows) : 1
        let run: @Sendable (Int) -> Void = { block in
            // The steps' noise comes from vector normals, drawn a buffer at a time.
            var noise = BufferedNormals(seed: seed, stream: 1 << 40 | UInt64(block))
            defer { noise.release() }
            trains.apply(target, rows: (block * rows / blocks)..<((block + 1) * rows / blocks), rule: rule, rng: &noise)
        }
        if blocks == 1 { run(0) } else { DispatchQueue.concurrentPerform(iterations: blocks, execute: run) }
    }
}

/// Where pulses go. Targets are shared by the row blocks of an update, each of which touches only
/// its own rows.
protocol PulseTarget: Sendable {
    func pulse<Kernel: StepKernel, Source: NormalSource>(_ at: Int, _ kernel: Kernel.Type, down: Bool, rule: DeviceRule, rng: inout Source)
}

/// One device per weight. The pointers live only inside the caller's buffer accesses.
struct SingleDevices: PulseTarget, @unchecked Sendable {
    let values: UnsafeMutablePointer<Float>
    let states: UnsafeMutablePointer<DeviceState>

    @inline(__always)
    func pulse<Kernel: StepKernel, Source: NormalSource>(_ at: Int, _ kernel: Kernel.Type, down: Bool, rule: DeviceRule,
                                                         rng: inout Source) {
        values[at] = Kernel.step(rule, values[at], up: !down, &states[at], rng: &rng)
    }
}

/// A one-sided pair per weight: every pulse is an up step, on g⁺ to raise the weight, on g⁻ to lower it.
struct OneSidedDevices: PulseTarget, @unchecked Sendable {
    let plus: UnsafeMutablePointer<Float>
    let plusStates: UnsafeMutablePointer<DeviceState>
    let minus: UnsafeMutablePointer<Float>
    let minusStates: UnsafeMutablePointer<DeviceState>

    @inline(__always)
    func pulse<Kernel: StepKernel, Source: NormalSource>(_ at: Int, _ kernel: Kernel.Type, down: Bool, rule: DeviceRule,
                                                         rng: inout Source) {
        if down {
            minus[at] = Kernel.step(rule, minus[at], up: true, &minusStates[at], rng: &rng)
        } else {
            plus[at] = Kernel.step(rule, plus[at], up: true, &plusStates[at], rng: &rng)
        }
    }
}
