import CAnalogKernels
import Foundation

/// A crossbar tile: a matrix of conductances that computes y = W·x with the non-idealities of its
/// peripheral circuits (`IOParameters`). Weights are `rows × cols`: `cols` inputs, `rows` outputs.
/// The forward pass follows AIHWKit 1.2.0's CPU simulator step for step.
public final class AnalogTile {
    public let rows: Int
    public let cols: Int
    /// The programmed weights (what an exact read would give).
    public internal(set) var weights: Tensor { didSet { weightsVersion &+= 1 } }
    public var forwardIO: IOParameters
    /// The IO of the transposed read in `backward` (AIHWKit keeps separate backward parameters).
    public var backwardIO: IOParameters
    /// Reads per sample in the last forward or backward (above 1 when bound management repeated reads).
    public internal(set) var readsPerSample: Double = 0
    /// The hardware this tile models; `forwardIO` and `backwardIO` start from it and may be changed.
    public internal(set) var config: TileConfig
    /// Per-output digital scales of weight remapping: the tile's weights are the analog weights
    /// times these (nil: no remapping).
    public internal(set) var outputScales: [Float]?
    private var rng: Philox
    /// The seed the tile was made with (fixed per-tile draws such as output non-linearities use it).
    public let seed: UInt64
    var forwardNonlinearity: (key: NonlinearityKey, values: [Float])?
    var backwardNonlinearity: (key: NonlinearityKey, values: [Float])?
    /// Conductances after `program()`, and the model that made them.
    var programmed: ProgrammedConductances?
    var pcmNoise: PCMLikeNoise?
    /// The model the current programming followed (nil: not programmed).
    var programmedWith: InferenceNoise?
    var reramProgrammed: ProgrammedReRAM?
    /// The weights reads see after programming and drift (nil: the exact weights).
    var readWeights: Tensor? { didSet { weightsVersion &+= 1 } }
    /// Whether `readWeights` carries a training batch's weight-modifier noise.
    var readsAreModified = false
    /// Counts changes of the weights reads see, so matrices derived from them are built once per change.
    var weightsVersion = 0
    var readCache = ReadCache()
    /// Seconds since programming of the current `readWeights`.
    public internal(set) var driftTime: Double = 0
    /// Global drift compensation: the baseline readout and the current output factor.
    var compensatesDrift = false
    var driftBaseline: Float?
    public internal(set) var driftCompensation: Float = 1

    func rngNormal() -> Float { rng.normal() }
    func rngNext() -> UInt64 { rng.next() }

    /// The pulsed devices behind each weight (row-major), when the tile has been given a device type.
    var devices: [PulsedDevice] = []
    /// The same devices' numbers in a flat array, which the pulse loop reads in place.
    var deviceStates: [DeviceState] = []
    /// Tiki-Taka's fast array and transfer schedule, when the tile trains with it.
    var tikiTaka: TikiTakaState?
    /// Mixed precision's digital accumulator, when the tile trains with it.
    var mixedPrecision: MixedPrecisionState?
    /// One-sided device pairs (PCM), when the tile's devices hold weights that way.
    var oneSided: OneSidedPair?
    /// Several devices per weight (AIHWKit's `VectorUnitCell`), when the tile's config has them.
    var deviceVector: DeviceVector?
    var deviceParameters: PulsedDeviceParameters?
    var updateParameters = UpdateParameters()



    /// The weights a read sees: programmed and drifted when the tile has been programmed.
    public var effectiveWeights: Tensor { readWeights ?? weights }

    /// The default limit on a tile's memory (weights and working buffers), so a typo cannot
    /// exhaust the machine.
    public static let defaultMemoryBudget = 4 << 30

    public init(rows: Int, cols: Int, io: IOParameters = IOParameters(), seed: UInt64 = 0,
                memoryBudget: Int = AnalogTile.defaultMemoryBudget) throws {
        guard rows > 0, cols > 0 else { throw AnalogError(.shape, "a tile needs at least one row and one column, not \(rows)×\(cols)") }
        let (cells, overflow) = rows.multipliedReportingOverflow(by: cols)
        // Weights plus a transposed copy and a batch of outputs: about three matrices of Float32.
        guard !overflow, cells <= Int.max / 12, cells * 12 <= memoryBudget else {
            throw AnalogError(.configuration, "a \(rows)×\(cols) tile would need more than the memory budget of \(memoryBudget >> 20) MiB")
        }
        try io.validate()
        self.rows = rows
        self.cols = cols
        self.weights = try Tensor(rows: rows, cols: cols)
        self.forwardIO = io
        self.backwardIO = io
        self.config = TileConfig(name: "tile with its own IO", forward: io)
        self.rng = Philox(seed: seed)
        self.seed = seed
    }

    /// A tile modelling the hardware of `config` (e.g. `.inference(noise: .pcm(PCMLikeNoise()))`,
    /// `.standardHWA`, `.singleDevice(.reRamES)`, `.tikiTaka(.idealized)`); its devices, if any,
    /// are drawn from `seed`.
    public convenience init(rows: Int, cols: Int, config: TileConfig, seed: UInt64 = 0,
                            memoryBudget: Int = AnalogTile.defaultMemoryBudget) throws {
        try config.validate()
        try self.init(rows: rows, cols: cols, io: config.forward, seed: seed, memoryBudget: memoryBudget)
        try apply(config, seed: seed)
    }

    /// Switches the tile to `config`'s IO, training rule, noise model and mapping, keeping its weights.
    public func apply(_ config: TileConfig, seed: UInt64 = 0) throws {
        try config.validate()
        let logical = logicalWeights
        self.config = config
        forwardIO = config.forward
        backwardIO = config.backward
        devices = []
        deviceStates = []
        deviceParameters = nil
        tikiTaka = nil
        mixedPrecision = nil
        oneSided = nil
        deviceVector = nil
        outputScales = nil
        switch config.training {
        case .floatingPoint:
            try setWeights(logical)
        case .devices(let p):
            try useDevices(p, update: config.update, seed: seed)
        case .tikiTaka(let p, let tt):
            try useTikiTaka(p, update: config.update, transferEvery: tt.transferEvery, readsPerTransfer: Swift.min(cols, tt.readsPerTransfer),
                            fastLR: tt.fastLR, transferLR: tt.transferLR, transferIO: tt.transferIO, seed: seed)
        case .mixedPrecision(let p, let mp):
            try useMixedPrecision(p, mp, update: config.update, seed: seed)
        case .oneSided(let p, let settings):
            try useOneSidedPairs(p, settings, update: config.update, seed: seed)
        case .vectorCell(let p, let cell):
            try useDeviceVector(p, cell, update: config.update, seed: seed)
        }
    }

    /// The weights the tile stands for: the analog weights times the remapping scales.
    public var logicalWeights: Tensor { scaledByOutput(weights, batch: false) }

    /// `m` with each output's values multiplied by its remapping scale: the rows of a weight
    /// matrix (rows × cols), or with `batch` the columns of outputs or errors (batch × rows).
    func scaledByOutput(_ m: Tensor, batch: Bool) -> Tensor {
        guard let scales = outputScales else { return m }
        var out = m
        for r in 0..<m.rows {
            for c in 0..<m.cols { out.values[r * m.cols + c] *= batch ? scales[c] : scales[r] }
        }
        return out
    }

    /// Sets the weights the tile stands for (remapped onto the devices when the config says so),
    /// exactly: device effects come with the device models and `program()`.
    public func setWeights(_ w: Tensor) throws {
        guard w.rows == rows, w.cols == cols else {
            throw AnalogError(.shape, "this tile holds \(rows)×\(cols) weights, not \(w.rows)×\(w.cols)")
        }
        guard w.isFinite else { throw AnalogError(.shape, "weights must be finite numbers (no NaN or infinity)") }
        weights = w
        outputScales = nil
        if devices.isEmpty, config.remap.kind != .none {
            // Remapping: each row goes onto the devices at full range, its scale kept digitally.
            let scales = config.remap.outputScales(for: w)
            var analog = w
            for i in 0..<rows {
                for j in 0..<cols { analog.values[i * cols + j] /= scales[i] }
            }
            weights = analog
            outputScales = scales
        }
        // Vector unit cells write the weight into each of their devices.
        if var vector = deviceVector {
            vector.set(w.values)
            deviceVector = vector
            try commitDeviceVector()
            return
        }
        // One-sided pairs split each weight over g⁺ and g⁻.
        if var pair = oneSided {
            pair.set(w.values)
            oneSided = pair
            try commitOneSided()
            return
        }
        // With pulsed devices, weights live in them: each is clipped to its device's bounds.
        if !devices.isEmpty {
            var clipped = w
            // The flat device states, not `devices`: reading a whole device per weight costs more than the clip.
            if deviceStates.count != devices.count { deviceStates = devices.map(\.state) }
            deviceStates.withUnsafeBufferPointer { states in
                clipped.values.withUnsafeMutableBufferPointer { values in
                    for i in 0..<Swift.min(values.count, states.count) {
                        values[i] = Swift.min(states[i].bMax, Swift.max(states[i].bMin, values[i]))
                    }
                }
            }
            weights = clipped
        }
        startFreshReads()
    }

    /// After the weights were written: they are exact until programmed again (no programming, drift
    /// or training modifier), and devices with write noise draw it afresh.
    func startFreshReads() {
        programmed = nil
        programmedWith = nil
        reramProgrammed = nil
        readWeights = nil
        readsAreModified = false
        driftBaseline = nil
        driftCompensation = 1
        driftTime = 0
        drawWriteNoise()
    }
}
