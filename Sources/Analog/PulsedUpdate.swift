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
            throw TensorError("desiredBL must be 1…1000 and umGradScale positive")
        }
        var rng = Philox(seed: seed, stream: 7)
        devices = (0..<(rows * cols)).map { _ in PulsedDevice(p, rng: &rng) }
        deviceStates = devices.map(\.state)
        deviceParameters = p
        updateParameters = update
        try setWeights(weights)
    }

    /// The pulsed update of a batch (x: batch × cols, d: batch × rows): in expectation
    /// W ← W − lr·dᵀx, realised as stochastic pulse trains whose coincidences step each device
    /// (AIHWKit's `PulsedRPUWeightUpdater` with stochastic compressed pulses, one sample at a time).
    public func update(x: Tensor, d: Tensor, lr: Float) throws {
        guard let p = deviceParameters else { throw TensorError("give the tile devices first (tile.useDevices(…))") }
        guard x.cols == cols, d.cols == rows, x.rows == d.rows else {
            throw TensorError("update needs x of batch × \(cols) and d of batch × \(rows), not \(x.rows)×\(x.cols) and \(d.rows)×\(d.cols)")
        }
        guard x.isFinite, d.isFinite, lr.isFinite else { throw TensorError("update inputs and the learning rate must be finite") }
        guard lr != 0 else { return }
        let up = updateParameters
        let g = p.granularity
        let rate = abs(lr)
        let lrSign: Float = lr > 0 ? 1 : -1
        var w = weights
        var pulseRNG = Philox(seed: rngNext(), stream: 11)
        var px = [Float](repeating: 0, count: cols), pd = [Float](repeating: 0, count: rows)
        var activeX: [Int] = [], activeD: [Int] = []
        activeX.reserveCapacity(cols)
        activeD.reserveCapacity(rows)
        let rule = DeviceRule(p)
        if deviceStates.count != devices.count { deviceStates = devices.map(\.state) }
        try deviceStates.withUnsafeMutableBufferPointer { deviceBuffer in
        for b in 0..<x.rows {
            let xs = x.values[(b * cols)..<((b + 1) * cols)], ds = d.values[(b * rows)..<((b + 1) * rows)]
            var bl = up.desiredBL
            var a = (rate / (g * Float(bl))).squareRoot(), bScale = a
            if up.updateManagement || up.updateBLManagement {
                let xMax = xs.reduce(0) { Swift.max($0, abs($1)) }
                let dMax = ds.reduce(0) { Swift.max($0, abs($1)) }
                guard xMax > 0, dMax > 0 else { continue }
                var dv = up.umGradScale * dMax
                let k = rate * xMax * dv / g
                if up.updateBLManagement {
                    bl = Swift.max(1, Swift.min(Int(k.rounded(.up)), up.desiredBL))
                    a = (rate / (g * Float(bl))).squareRoot()
                    bScale = a
                }
                if up.updateManagement {
                    if k > Float(up.desiredBL) { dv *= Float(up.desiredBL) / k }
                    a *= (xMax / dv).squareRoot()
                    bScale *= (dv / xMax).squareRoot()
                }
            }
            // A multiplies d, B multiplies x; probabilities are not clamped (the gradient side clips).
            for (j, v) in xs.enumerated() { px[j] = bScale * abs(v) }
            for (i, v) in ds.enumerated() { pd[i] = a * abs(v) }
            for _ in 0..<bl {
                activeX.removeAll(keepingCapacity: true)
                activeD.removeAll(keepingCapacity: true)
                for j in 0..<cols where px[j] > 0 && px[j] > pulseRNG.uniform() { activeX.append(j) }
                if activeX.isEmpty { continue }
                for i in 0..<rows where pd[i] > 0 && pd[i] > pulseRNG.uniform() { activeD.append(i) }
                for i in activeD {
                    let dSign: Float = ds[ds.startIndex + i] > 0 ? lrSign : -lrSign
                    for j in activeX {
                        // sign(d)·sign(lr)·sign(x) > 0 is a down pulse: SGD lowers w along lr·d·x.
                        let down = dSign * (xs[xs.startIndex + j] > 0 ? 1 : -1) > 0
                        let at = i * cols + j
                        w.values[at] = rule.step(w.values[at], up: !down, &deviceBuffer[at], rng: &pulseRNG)
                    }
                }
            }
        }
        }
        try setWeights(w)
    }
}
