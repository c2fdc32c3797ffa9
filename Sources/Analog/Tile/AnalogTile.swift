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

    /// The step of a converter with resolution `res` over ±`bound` (AIHWKit: res × 2 × bound; a
    /// resolution above 1 is a number of steps, as in AIHWKit's `checkRes`).
    static func step(_ res: Float, _ bound: Float) -> Float {
        guard res > 0 else { return 0 }
        return (res > 1 ? 1 / res : res) * 2 * bound
    }

    /// Rounds to the converter's grid, halves to even (C's rintf), as AIHWKit does.
    @inline(__always)
    static func quantize(_ v: Float, _ step: Float) -> Float {
        step > 0 ? (v / step).rounded(.toNearestOrEven) * step : v
    }

    /// The analog MVM of a batch: `x` is batch × cols, the result batch × rows.
    public func forward(_ x: Tensor) throws -> Tensor {
        guard x.cols == cols else {
            throw AnalogError(.shape, "this tile takes \(cols) inputs per sample, not \(x.cols)")
        }
        let y = try analogRead(x, through: effectiveWeights, io: forwardIO, outputFactor: driftCompensation)
        return scaledByOutput(y, batch: true)
    }

    /// The transposed analog MVM of backpropagation: `d` is batch × rows (errors at the outputs),
    /// the result batch × cols, read through the same conductances with the backward IO
    /// (AIHWKit's `backward`). As in AIHWKit, backward reads never repeat for bound management;
    /// IR drop is modelled for forward reads only, and drift compensation scales forward outputs.
    public func backward(_ d: Tensor) throws -> Tensor {
        guard d.cols == rows else {
            throw AnalogError(.shape, "backward takes \(rows) errors per sample (one per tile output), not \(d.cols)")
        }
        var io = backwardIO
        io.irDrop = 0
        io.boundManagement = .none
        // The remapping scales sit at the outputs, so errors pass them before the array.
        return try analogRead(scaledByOutput(d, batch: true), through: transposedReadWeights(), io: io, outputFactor: 1,
                              backwardRead: true)
    }

    /// One analog MVM of `x` (batch × inputs) through `w` (outputs × inputs) with the IO model
    /// `io`, the outputs multiplied by `outputFactor` (drift compensation) at the end.
    func analogRead(_ x: Tensor, through w: Tensor, io: IOParameters, outputFactor: Float, backwardRead: Bool = false) throws -> Tensor {
        let inputs = w.cols, outputs = w.rows
        let magnitudes = x.rowMagnitudeBits()
        guard magnitudes.allSatisfy({ $0 < Tensor.nonFiniteBits }) else {
            throw AnalogError(.shape, "inputs must be finite numbers (no NaN or infinity)")
        }
        try io.validate()
        if io.isPerfect {
            let y = try x.matmul(w, transposeOther: true)
            let factor = outputFactor * io.outScale
            return factor == 1 ? y : y.scaled(by: factor)
        }

        // Noise management: one scale per sample, from the raw input.
        var scales = [Float](repeating: 1, count: x.rows)
        var zeroRows = [Bool](repeating: false, count: x.rows)
        for b in 0..<x.rows {
            var s: Float
            switch io.noiseManagement {
            case .none: s = 1
            case .absMax:
                s = Float(bitPattern: magnitudes[b])
                if io.nmThreshold > 0 { s = Swift.min(s, io.nmThreshold) }
            case .max:
                s = x.values[(b * inputs)..<((b + 1) * inputs)].reduce(-Float.infinity) { Swift.max($0, $1) }
                if io.nmThreshold > 0 { s = Swift.min(s, io.nmThreshold) }
            case .constant: s = io.nmThreshold > 0 ? io.nmThreshold : 1
            }
            if !(s > 0) {
                // Nothing to read: the output is zero, unless input noise would still show.
                if io.inpNoise == 0 { zeroRows[b] = true }
                s = 1
            }
            scales[b] = s
        }

        var out: Tensor?
        var pending = (0..<x.rows).filter { !zeroRows[$0] }
        var reduction: Float = 1
        let stepIn = AnalogTile.step(io.inpRes, io.inpBound)
        // Iterative bound management: saturated samples are read again with their inputs halved.
        var sampleReads = 0
        defer { readsPerSample = x.rows > 0 ? Double(sampleReads) / Double(x.rows) : 0 }
        while !pending.isEmpty {
            sampleReads += pending.count
            var (y, clipped) = try pass(x, through: w, samples: pending, scales: scales, reduction: reduction, io: io,
                                        backwardRead: backwardRead)
            var retry: [Int] = []
            // The first read of every sample fills the result in place; later reads overwrite theirs.
            let inPlace = out == nil && pending.count == x.rows
            for (k, b) in pending.enumerated() {
                let saturatedAgain = io.boundManagement == .iterative && clipped[k]
                let atFactorLimit = reduction > io.maxBMFactor
                let atResolutionLimit = stepIn > 0 && reduction > io.maxBMResolution / stepIn
                let stop = !saturatedAgain || atFactorLimit || atResolutionLimit
                if stop || inPlace {
                    let factor = scales[b] * reduction * outputFactor * io.outScale
                    if inPlace {
                        if factor != 1 {
                            y.values.withUnsafeMutableBufferPointer { ys in
                                for j in (k * outputs)..<((k + 1) * outputs) { ys[j] *= factor }
                            }
                        }
                    } else {
                        if out == nil { out = try Tensor(rows: x.rows, cols: outputs) }
                        for j in 0..<outputs { out?.values[b * outputs + j] = y.values[k * outputs + j] * factor }
                    }
                }
                if !stop { retry.append(b) }
            }
            if inPlace { out = y }
            pending = retry
            reduction *= 2
        }
        return try out ?? Tensor(rows: x.rows, cols: outputs)
    }

    /// How many pieces a large read's element-wise work is split into, whatever the core count.
    static let readChunks = 8

    /// One read of the given samples at one bound-management reduction: DAC, MVM, noise, ADC.
    /// Returns the outputs (in the scaled domain) and which samples clipped at the ADC. The
    /// element-wise work runs in parallel chunks of samples; each chunk draws its noise from its
    /// own wyrand stream of a per-read seed, so results do not depend on thread timing.
    private func pass(_ x: Tensor, through w: Tensor, samples: [Int], scales: [Float], reduction: Float,
                      io: IOParameters, backwardRead: Bool) throws -> (Tensor, [Bool]) {
        let stepIn = AnalogTile.step(io.inpRes, io.inpBound)
        let stepOut = AnalogTile.step(io.outRes, io.outBound)
        let cols = w.cols, rows = w.rows
        let inputNegativeGain = 1 - io.inpAsymmetry, outputNegativeGain = 1 - io.outAsymmetry
        let (nonlinearity, slopeFactor) = try outputNonlinearity(io, outputs: rows, backward: backwardRead)
        let count = samples.count
        let readSeed = rng.next()
        // A fixed number of chunks (each its own wyrand stream), run on however many cores there
        // are: the same seed gives the same reads on every machine.
        let chunks = count * Swift.max(rows, cols) >= 16_384 ? Swift.min(AnalogTile.readChunks, count) : 1

        // Written in full by the DAC, and the output in full by the noise or by the GEMM (β = 0).
        var xq = try Tensor(unfilledRows: count, cols: cols)
        var inputNorms = [Float](repeating: 0, count: count)
        let divisors = samples.map { scales[$0] * reduction }
        let dac = Converter(step: stepIn, bound: io.inpBound, stochastic: io.inpStochasticRounding, noise: io.inpNoise,
                            negativeGain: inputNegativeGain)
        let weightNoise = io.wNoiseType == .additiveConstant && io.wNoise > 0 ? io.wNoise : 0
        // When everything between the product and the ADC's grid is additive (no output
        // non-linearity, no negative-side gain), the weight and output noise are drawn into the
        // output buffer before the product, which then adds onto them (GEMM with β = 1), and the
        // ADC is left with a vector loop. Sums of independent normals are one normal of the summed
        // variance, so one draw per output carries both.
        let prefilled = nonlinearity == nil && outputNegativeGain == 1 && (io.outNoise > 0 || weightNoise > 0)
        var y = try Tensor(unfilledRows: count, cols: rows)
        x.values.withUnsafeBufferPointer { xs in
            xq.values.withUnsafeMutableBufferPointer { q in
                y.values.withUnsafeMutableBufferPointer { ys in
                    inputNorms.withUnsafeMutableBufferPointer { norms in
                        let input = SharedBuffer(xs), output = SharedBuffer(q), norm = SharedBuffer(norms), noiseOut = SharedBuffer(ys)
                        let convert: @Sendable (Int) -> Void = { c in
                            var local = Wyrand(seed: readSeed, stream: UInt64(3 * c))
                            let first = c * count / chunks, last = (c + 1) * count / chunks
                            for k in first..<last {
                                let target = output.pointer(k * cols)
                                dac.convert(input.pointer(samples[k] * cols), into: target, count: cols, scale: 1 / divisors[k], rng: &local)
                                if weightNoise > 0 {
                                    var norm2: Float = 0
                                    for i in 0..<cols { norm2 += target[i] * target[i] }
                                    norm[k] = norm2.squareRoot()
                                }
                            }
                            guard prefilled, last > first else { return }
                            // The chunk's outputs are contiguous: one run of normals, scaled per sample
                            // only when the weight noise makes the std differ between samples.
                            var noise = VectorNormals(seed: readSeed, stream: UInt64(3 * c + 1))
                            let outputNoise = io.outNoise
                            noise.fill(noiseOut.pointer(first * rows), count: (last - first) * rows, std: weightNoise > 0 ? 1 : outputNoise)
                            if weightNoise > 0 {
                                for k in first..<last {
                                    let weightStd = weightNoise * norm[k]
                                    let std = (weightStd * weightStd + outputNoise * outputNoise).squareRoot()
                                    let values = noiseOut.pointer(k * rows)
                                    for j in 0..<rows { values[j] *= std }
                                }
                            }
                        }
                        // Without draws of its own the DAC is a vector loop, and the prefilled noise
                        // comes at about a nanosecond a normal: both beat a dispatch until the read is
                        // large. The chunks and their streams stay the same either way.
                        let parallelWork = (dac.isDeterministic ? 0 : count * cols) + (prefilled ? count * rows : 0)
                        if chunks == 1 || parallelWork < 65_536 {
                            for c in 0..<chunks { convert(c) }
                        } else {
                            DispatchQueue.concurrentPerform(iterations: chunks, execute: convert)
                        }
                    }
                }
            }
        }
        BLAS.gemm(xq.values, w.values, &y.values, m: count, n: rows, k: cols, transposeB: true, beta: prefilled ? 1 : 0)
        // Conductance-weighted terms (IR drop currents, PCM read noise) use |W|.
        let needsAbs = io.irDrop > 0 || (io.wNoiseType == .pcmRead && io.wNoise > 0)
        let absW = needsAbs ? absoluteReadWeights(transposed: backwardRead) : w
        if io.irDrop > 0 { try applyIRDrop(&y, xq, w, absW, io) }
        var pcmReadStd: [Float] = []
        if io.wNoiseType == .pcmRead && io.wNoise > 0 {
            // std_i = wNoise · sqrt(Σ_j |w_ij| x̃_j²), one matrix product for the batch.
            let variance = try xq.map { $0 * $0 }.matmul(absW, transposeOther: true)
            pcmReadStd = variance.values.map { io.wNoise * Swift.max(0, $0).squareRoot() }
        }
        let readStd = pcmReadStd
        var clipped = [Bool](repeating: false, count: count)
        let norms = inputNorms
        // Everything before the ADC's grid happens here, in AIHWKit's order: the array's own noise
        // (unless prefilled), the output non-linearity, the negative-side gain, the output noise
        // (unless prefilled). The ADC itself then only rounds and clips.
        let adc = Converter(step: stepOut, bound: io.outBound, stochastic: io.outStochasticRounding, noise: 0, negativeGain: 1)
        let pendingWeightNoise = prefilled ? 0 : weightNoise, pendingOutputNoise = prefilled ? 0 : io.outNoise
        // Unit normals per sample: weight noise, read noise and output noise, each `rows` long when drawn.
        let draws = (pendingWeightNoise > 0 ? 1 : 0) + (readStd.isEmpty ? 0 : 1) + (pendingOutputNoise > 0 ? 1 : 0)
        let readOffset = pendingWeightNoise > 0 ? rows : 0, outputOffset = readOffset + (readStd.isEmpty ? 0 : rows)
        let beforeADC = draws > 0 || nonlinearity != nil || outputNegativeGain != 1
        y.values.withUnsafeMutableBufferPointer { ys in
            clipped.withUnsafeMutableBufferPointer { flags in
                let out = SharedBuffer(ys), saturated = SharedBuffer(flags)
                let convert: @Sendable (Int) -> Void = { c in
                    var local = Wyrand(seed: readSeed, stream: UInt64(3 * c + 2))
                    var noise = VectorNormals(seed: readSeed, stream: UInt64(3 * c + 2) | 1 << 40)
                    var unit = [Float](repeating: 0, count: draws * rows)
                    for k in (c * count / chunks)..<((c + 1) * count / chunks) {
                        let values = out.pointer(k * rows)
                        if beforeADC {
                            if draws > 0 { noise.fillNormal(&unit) }
                            let weightStd = pendingWeightNoise * norms[k]
                            for j in 0..<rows {
                                var v = values[j]
                                if weightStd > 0 { v += weightStd * unit[j] }
                                if !readStd.isEmpty { v += readStd[k * rows + j] * unit[readOffset + j] }
                                if let n = nonlinearity { v = slopeFactor * v / (1 + abs(n[j] * v)) }
                                v *= v < 0 ? outputNegativeGain : 1
                                if pendingOutputNoise > 0 { v += pendingOutputNoise * unit[outputOffset + j] }
                                values[j] = v
                            }
                        }
                        saturated[k] = adc.convertOutputs(values, count: rows, rng: &local)
                    }
                }
                if chunks == 1 || (draws == 0 && adc.isDeterministic) {
                    for c in 0..<chunks { convert(c) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: chunks, execute: convert)
                }
            }
        }
        return (y, clipped)
    }
}
