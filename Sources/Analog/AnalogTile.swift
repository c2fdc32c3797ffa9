import Foundation

/// A crossbar tile: a matrix of conductances that computes y = W·x with the non-idealities of its
/// peripheral circuits (`IOParameters`). Weights are `rows × cols`: `cols` inputs, `rows` outputs.
/// The forward pass follows AIHWKit 1.2.0's CPU simulator step for step.
public final class AnalogTile {
    public let rows: Int
    public let cols: Int
    /// The programmed weights (what an exact read would give).
    public internal(set) var weights: Tensor
    public var forwardIO: IOParameters
    private var rng: Philox
    /// Conductances after `program()`, and the model that made them.
    var programmed: ProgrammedConductances?
    var pcmNoise: PCMLikeNoise?
    /// The weights reads see after programming and drift (nil: the exact weights).
    var readWeights: Tensor?
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
    var deviceParameters: PulsedDeviceParameters?
    var updateParameters = UpdateParameters()



    /// The weights a read sees: programmed and drifted when the tile has been programmed.
    public var effectiveWeights: Tensor { readWeights ?? weights }

    /// The default limit on a tile's memory (weights and working buffers), so a typo cannot
    /// exhaust the machine.
    public static let defaultMemoryBudget = 4 << 30

    public init(rows: Int, cols: Int, io: IOParameters = IOParameters(), seed: UInt64 = 0,
                memoryBudget: Int = AnalogTile.defaultMemoryBudget) throws {
        guard rows > 0, cols > 0 else { throw TensorError("a tile needs at least one row and one column, not \(rows)×\(cols)") }
        let (cells, overflow) = rows.multipliedReportingOverflow(by: cols)
        // Weights plus a transposed copy and a batch of outputs: about three matrices of Float32.
        guard !overflow, cells <= Int.max / 12, cells * 12 <= memoryBudget else {
            throw TensorError("a \(rows)×\(cols) tile would need more than the memory budget of \(memoryBudget >> 20) MiB")
        }
        try io.validate()
        self.rows = rows
        self.cols = cols
        self.weights = try Tensor(rows: rows, cols: cols)
        self.forwardIO = io
        self.rng = Philox(seed: seed)
    }

    /// Programs the weights exactly (device effects come with the device models).
    public func setWeights(_ w: Tensor) throws {
        guard w.rows == rows, w.cols == cols else {
            throw TensorError("this tile holds \(rows)×\(cols) weights, not \(w.rows)×\(w.cols)")
        }
        guard w.isFinite else { throw TensorError("weights must be finite numbers (no NaN or infinity)") }
        weights = w
        // With pulsed devices, weights live in them: each is clipped to its device's bounds.
        if !devices.isEmpty {
            var clipped = w
            for i in 0..<clipped.count { clipped.values[i] = Swift.min(devices[i].bMax, Swift.max(devices[i].bMin, clipped.values[i])) }
            weights = clipped
        }
        // New weights are exact until programmed again.
        programmed = nil
        readWeights = nil
        driftBaseline = nil
        driftCompensation = 1
        driftTime = 0
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
            throw TensorError("this tile takes \(cols) inputs per sample, not \(x.cols)")
        }
        guard x.isFinite else { throw TensorError("inputs must be finite numbers (no NaN or infinity)") }
        let io = forwardIO
        try io.validate()
        if io.isPerfect {
            let y = try x.matmul(effectiveWeights, transposeOther: true)
            return driftCompensation == 1 ? y : y.scaled(by: driftCompensation)
        }

        // Noise management: one scale per sample, from the raw input.
        var scales = [Float](repeating: 1, count: x.rows)
        var zeroRows = [Bool](repeating: false, count: x.rows)
        for b in 0..<x.rows {
            let row = x.values[(b * cols)..<((b + 1) * cols)]
            var s: Float
            switch io.noiseManagement {
            case .none: s = 1
            case .absMax:
                s = row.reduce(0) { Swift.max($0, abs($1)) }
                if io.nmThreshold > 0 { s = Swift.min(s, io.nmThreshold) }
            case .max:
                s = row.reduce(-Float.infinity) { Swift.max($0, $1) }
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

        var out = try Tensor(rows: x.rows, cols: rows)
        var pending = (0..<x.rows).filter { !zeroRows[$0] }
        var reduction: Float = 1
        let stepIn = AnalogTile.step(io.inpRes, io.inpBound)
        // Iterative bound management: saturated samples are read again with their inputs halved.
        while !pending.isEmpty {
            let (y, clipped) = try pass(x, samples: pending, scales: scales, reduction: reduction, io: io)
            var retry: [Int] = []
            for (k, b) in pending.enumerated() {
                let saturatedAgain = io.boundManagement == .iterative && clipped[k]
                let atFactorLimit = reduction > io.maxBMFactor
                let atResolutionLimit = stepIn > 0 && reduction > io.maxBMResolution / stepIn
                let stop = !saturatedAgain || atFactorLimit || atResolutionLimit
                if stop {
                    let factor = scales[b] * reduction * driftCompensation
                    for j in 0..<rows { out.values[b * rows + j] = y.values[k * rows + j] * factor }
                } else {
                    retry.append(b)
                }
            }
            pending = retry
            reduction *= 2
        }
        return out
    }

    /// How many pieces a read's element-wise work is split into (one per core, for large reads).
    static let cores = Swift.max(1, Swift.min(8, ProcessInfo.processInfo.activeProcessorCount))

    /// One read of the given samples at one bound-management reduction: DAC, MVM, noise, ADC.
    /// Returns the outputs (in the scaled domain) and which samples clipped at the ADC. The
    /// element-wise work runs in parallel chunks of samples; each chunk draws its noise from its
    /// own Philox stream of a per-read seed, so results do not depend on thread timing.
    private func pass(_ x: Tensor, samples: [Int], scales: [Float], reduction: Float,
                      io: IOParameters) throws -> (Tensor, [Bool]) {
        let stepIn = AnalogTile.step(io.inpRes, io.inpBound)
        let stepOut = AnalogTile.step(io.outRes, io.outBound)
        let cols = self.cols, rows = self.rows
        let count = samples.count
        let readSeed = rng.next()
        let chunks = count * Swift.max(rows, cols) >= 32_768 ? Swift.min(AnalogTile.cores, count) : 1

        var xq = try Tensor(rows: count, cols: cols)
        var inputNorms = [Float](repeating: 0, count: count)
        let divisors = samples.map { scales[$0] * reduction }
        x.values.withUnsafeBufferPointer { xs in
            xq.values.withUnsafeMutableBufferPointer { q in
                inputNorms.withUnsafeMutableBufferPointer { norms in
                    let input = SharedBuffer(xs), output = SharedBuffer(q), norm = SharedBuffer(norms)
                    DispatchQueue.concurrentPerform(iterations: chunks) { c in
                        var local = Philox(seed: readSeed, stream: UInt64(2 * c))
                        for k in (c * count / chunks)..<((c + 1) * count / chunks) {
                            let inverse = 1 / divisors[k]
                            var norm2: Float = 0
                            let source = samples[k] * cols, target = k * cols
                            for i in 0..<cols {
                                var v = input[source + i] * inverse
                                if stepIn > 0 { v = (v / stepIn).rounded(.toNearestOrEven) * stepIn }
                                v = Swift.min(io.inpBound, Swift.max(-io.inpBound, v))
                                if io.inpNoise > 0 { v += io.inpNoise * local.normal() }
                                output[target + i] = v
                                norm2 += v * v
                            }
                            norm[k] = norm2.squareRoot()
                        }
                    }
                }
            }
        }
        let w = effectiveWeights
        var y = try xq.matmul(w, transposeOther: true)
        // Conductance-weighted terms (IR drop currents, PCM read noise) use |W|.
        let needsAbs = io.irDrop > 0 || (io.wNoiseType == .pcmRead && io.wNoise > 0)
        let absW = needsAbs ? w.map { abs($0) } : w
        if io.irDrop > 0 { try applyIRDrop(&y, xq, w, absW, io) }
        var pcmReadStd: [Float] = []
        if io.wNoiseType == .pcmRead && io.wNoise > 0 {
            // std_i = wNoise · sqrt(Σ_j |w_ij| x̃_j²), one matrix product for the batch.
            let variance = try xq.map { $0 * $0 }.matmul(absW, transposeOther: true)
            pcmReadStd = variance.values.map { io.wNoise * Swift.max(0, $0).squareRoot() }
        }
        let readStd = pcmReadStd
        let weightNoiseOn = io.wNoiseType == .additiveConstant && io.wNoise > 0
        var clipped = [Bool](repeating: false, count: count)
        let norms = inputNorms
        y.values.withUnsafeMutableBufferPointer { ys in
            clipped.withUnsafeMutableBufferPointer { flags in
                let out = SharedBuffer(ys), saturated = SharedBuffer(flags)
                DispatchQueue.concurrentPerform(iterations: chunks) { c in
                    var local = Philox(seed: readSeed, stream: UInt64(2 * c + 1))
                    for k in (c * count / chunks)..<((c + 1) * count / chunks) {
                        let weightStd = weightNoiseOn ? io.wNoise * norms[k] : 0
                        var sampleClipped = false
                        for j in 0..<rows {
                            let at = k * rows + j
                            var v = out[at]
                            if weightNoiseOn { v += weightStd * local.normal() }
                            if !readStd.isEmpty { v += readStd[at] * local.normal() }
                            if io.outNoise > 0 { v += io.outNoise * local.normal() }
                            if stepOut > 0 { v = (v / stepOut).rounded(.toNearestOrEven) * stepOut }
                            if v > io.outBound {
                                v = io.outBound
                                sampleClipped = true
                            } else if v < -io.outBound {
                                v = -io.outBound
                                sampleClipped = true
                            }
                            out[at] = v
                        }
                        saturated[k] = sampleClipped
                    }
                }
            }
        }
        return (y, clipped)
    }
}

extension AnalogTile {
    /// AIHWKit's first-order IR drop: each output loses c_i·irDrop·Σ_j w_ij·x̃_j·(1 − (1 − j/n)²),
    /// with a_i = n·Σ_j |w_ij||x̃_j| / gRatio and c_i = a_i(a_i(0.05a_i − 0.2) + 0.5). Inputs far
    /// along the line (large j) see the full drop, the first none.
    func applyIRDrop(_ y: inout Tensor, _ xq: Tensor, _ w: Tensor, _ absW: Tensor, _ io: IOParameters) throws {
        let n = Float(cols)
        let currents = try xq.map { abs($0) }.matmul(absW, transposeOther: true)
        var position = [Float](repeating: 0, count: cols)
        for j in 0..<cols {
            let d = 1 - Float(j) / n
            position[j] = 1 - d * d
        }
        var weighted = xq
        for k in 0..<xq.rows {
            for j in 0..<cols { weighted.values[k * cols + j] *= position[j] }
        }
        let far = try weighted.matmul(w, transposeOther: true)
        for i in 0..<y.count {
            let a = n * currents.values[i] / io.irDropGRatio
            let c = a * (a * (0.05 * a - 0.2) + 0.5)
            y.values[i] -= c * io.irDrop * far.values[i]
        }
    }
}

/// A buffer shared by the chunks of a parallel loop. Each chunk touches only its own indices, and
/// the loop ends before the buffer does, which is what makes the unchecked sendability sound.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>?

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { base = buffer.baseAddress }
    init(_ buffer: UnsafeBufferPointer<Element>) { base = UnsafeMutablePointer(mutating: buffer.baseAddress) }

    subscript(i: Int) -> Element {
        get { base.unsafelyUnwrapped[i] }
        nonmutating set { base.unsafelyUnwrapped[i] = newValue }
    }
}

// MARK: - Inference: programming, drift and its compensation

extension AnalogTile {
    /// Programs the weights into conductance pairs with the PCM-like model: each weight maps to
    /// g⁺ or g⁻ (|w|·gMax/max|W|), then gets programming noise, and each device draws its drift
    /// exponent. Reads then see the programmed weights (at t = t₀ until `drift(to:)`).
    public func program(noise: PCMLikeNoise = PCMLikeNoise(), compensateDrift: Bool = true) throws {
        try noise.validate()
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
        compensatesDrift = compensateDrift
        driftCompensation = 1
        try drift(to: noise.t0)
        if compensateDrift { driftBaseline = try driftReadout() }
    }

    /// The weights as the devices hold them at `seconds` after programming: drifted by
    /// (t/t₀)^(−ν) and with accumulated 1/f read noise. With compensation on, outputs are scaled by
    /// baseline/current readout, as AIHWKit's `GlobalDriftCompensation` does.
    public func drift(to seconds: Double) throws {
        guard let p = programmed, let noise = pcmNoise else {
            throw TensorError("program the tile before drifting it (tile.program())")
        }
        guard seconds.isFinite, seconds >= 0 else { throw TensorError("drift time must be a non-negative number of seconds") }
        let t = Swift.max(seconds, noise.t0)
        let ratio = Float(t / noise.t0)
        var read = weights
        for i in 0..<p.gPlus.count {
            func device(_ g: Float, _ nu: Float) -> Float {
                let drifted = g * pow(ratio, -nu)
                let sigma = drifted * noise.readNoiseSigma(g, at: t)
                return Swift.max(0, drifted + sigma * rngNormal())
            }
            read.values[i] = (device(p.gPlus[i], p.nuPlus[i]) - device(p.gMinus[i], p.nuMinus[i])) / p.scale
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
}
