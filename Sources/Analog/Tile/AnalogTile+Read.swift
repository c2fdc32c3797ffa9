import CAnalogKernels
import Foundation

// MARK: - Reads: the forward and backward MVMs through the IO model

extension AnalogTile {
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
        let stepIn = Converter.step(io.inpRes, io.inpBound)
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
        let stepIn = Converter.step(io.inpRes, io.inpBound)
        let stepOut = Converter.step(io.outRes, io.outBound)
        let cols = w.cols, rows = w.rows
        let inputNegativeGain = 1 - io.inpAsymmetry, outputNegativeGain = 1 - io.outAsymmetry
        let (nonlinearity, slopeFactor) = try outputNonlinearity(io, outputs: rows, backward: backwardRead)
        let count = samples.count
        let readSeed = rngNext()
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
