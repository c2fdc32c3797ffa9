import Foundation

/// Which of a vector unit cell's devices a mini-batch's pulses go to (AIHWKit's
/// `VectorUnitCellUpdatePolicy`, the single-device policies).
public enum VectorUpdatePolicy: String, Sendable, CaseIterable {
    /// A device drawn uniformly at random for every mini-batch (the 2- and 4-device presets' policy).
    case singleRandom
    /// The devices in turn, one mini-batch each.
    case singleSequential
    /// Always the device `firstUpdateIndex`.
    case singleFixed
}

/// AIHWKit's `VectorUnitCell`: several devices of one type per weight, the weight their weighted
/// sum (1/n each by default, so the cell reads the devices' average). Setting weights writes the
/// same value into every device; each mini-batch's pulses go to one device chosen by the policy.
public struct VectorCellParameters: Sendable, Equatable {
    public var devices = 2
    public var policy: VectorUpdatePolicy = .singleRandom
    /// The device `singleFixed` updates (and `singleSequential` starts after).
    public var firstUpdateIndex = 0
    /// The weighting γ_k of each device in the weight (AIHWKit's `gamma_vec`); empty: 1/n each.
    public var gammas: [Float] = []

    public init(devices: Int = 2, policy: VectorUpdatePolicy = .singleRandom) {
        self.devices = devices
        self.policy = policy
    }

    func validate() throws {
        guard (1...16).contains(devices) else { throw AnalogError(.device, "a vector unit cell takes 1…16 devices per weight, not \(devices)") }
        guard (0..<devices).contains(firstUpdateIndex) else {
            throw AnalogError(.device, "firstUpdateIndex must name one of the \(devices) devices (0…\(devices - 1)), not \(firstUpdateIndex)")
        }
        guard gammas.isEmpty || (gammas.count == devices && gammas.allSatisfy({ $0.isFinite })) else {
            throw AnalogError(.device, "gammas needs one finite weighting per device (\(devices)), or none for 1/n each")
        }
    }

    /// γ_k for each device.
    var weighting: [Float] { gammas.isEmpty ? Array(repeating: 1 / Float(devices), count: devices) : gammas }
}

/// A tile's vector unit cells: every device's conductances and numbers, the weighting, and which
/// device the next mini-batch updates.
struct DeviceVector {
    var values: [[Float]]
    var states: [[DeviceState]]
    var parameters: VectorCellParameters
    var weighting: [Float]
    /// The device the last mini-batch went to (AIHWKit's `current_device_idx`).
    var current: Int
    var selection: Philox

    /// The weights the cells hold: Σ_k γ_k·w_k.
    var weights: [Float] {
        var w = [Float](repeating: 0, count: values.first?.count ?? 0)
        for (k, device) in values.enumerated() {
            let gamma = weighting[k]
            for i in w.indices { w[i] += gamma * device[i] }
        }
        return w
    }

    /// Writes w into every device, each within its own bounds (AIHWKit sets identical values).
    mutating func set(_ w: [Float]) {
        for k in values.indices {
            for i in w.indices { values[k][i] = Swift.min(states[k][i].bMax, Swift.max(states[k][i].bMin, w[i])) }
        }
    }

    /// The device the next mini-batch's pulses go to.
    mutating func nextDevice() -> Int {
        switch parameters.policy {
        case .singleRandom: current = Swift.min(values.count - 1, Int(selection.uniform() * Float(values.count)))
        case .singleSequential: current = (current + 1) % values.count
        case .singleFixed: current = parameters.firstUpdateIndex
        }
        return current
    }

    /// The std factor of write noise in the weight: each device reads with its own noise, so the
    /// weighted sum has sqrt(Σγ_k²) of it.
    var noiseFactor: Float { weighting.reduce(0) { $0 + $1 * $1 }.squareRoot() }
}

extension AnalogTile {
    /// Gives every weight `cell.devices` devices of this type, drawn with the tile's seed, and
    /// writes the current weights into all of them (AIHWKit's `VectorUnitCell`, as the
    /// `<Device>2Preset` and `<Device>4Preset` configs use it).
    public func useDeviceVector(_ p: PulsedDeviceParameters, _ cell: VectorCellParameters,
                                update: UpdateParameters = UpdateParameters(), seed: UInt64 = 0) throws {
        try cell.validate()
        let logical = logicalWeights
        try useDevices(p, update: update, seed: seed)
        var states = [deviceStates]
        for k in 1..<Swift.max(1, cell.devices) {
            var rng = Philox(seed: seed, stream: 40 + UInt64(k))
            states.append((0..<(rows * cols)).map { _ in PulsedDevice(p, rng: &rng).state })
        }
        var vector = DeviceVector(values: Array(repeating: [Float](repeating: 0, count: rows * cols), count: cell.devices),
                                  states: states, parameters: cell, weighting: cell.weighting,
                                  current: cell.policy == .singleSequential ? cell.firstUpdateIndex - 1 : cell.firstUpdateIndex,
                                  selection: Philox(seed: seed, stream: 39))
        vector.set(logical.values)
        deviceVector = vector
        try commitDeviceVector()
    }

    /// Each device's weights of the vector unit cells, when the tile has them.
    public var unitCellWeights: [Tensor]? {
        deviceVector?.values.compactMap { try? Tensor(rows: rows, cols: cols, values: $0) }
    }

    /// The device of the cells the last mini-batch updated.
    public var unitCellCurrentDevice: Int? { deviceVector?.current }

    /// One mini-batch of pulses on the device the policy picks, then decay of every device.
    func deviceVectorUpdate(_ vector: inout DeviceVector, x: Tensor, d: Tensor, lr: Float, p: PulsedDeviceParameters, rule: DeviceRule,
                            rng: inout Philox) {
        let k = vector.nextDevice()
        PulsedArray.pulseBatch(&vector.values[k], &vector.states[k], rule: rule, granularity: p.granularity, rows: rows, cols: cols,
                               x: x.values, d: d.values, lr: lr, update: updateParameters, rng: &rng)
        if p.lifetime > 0 {
            for j in vector.values.indices { PulsedArray.decay(&vector.values[j], vector.states[j]) }
        }
    }

    /// Makes the visible weights the cells' weighted sum (without writing the devices again), with
    /// write noise and a fresh programming state, as setWeights does for single devices.
    func commitDeviceVector() throws {
        guard let vector = deviceVector else { return }
        weights = try Tensor(rows: rows, cols: cols, values: vector.weights)
        startFreshReads()
    }
}
