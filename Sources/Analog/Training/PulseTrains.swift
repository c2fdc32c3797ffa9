import Foundation

/// A batch's pulse trains (AIHWKit's stochastic compressed pulses). Bit t of a row's mask is set when
/// the row fires in slot t of its train (at most `UpdateParameters.desiredBL` slots, in 64-bit
/// words); for each slot of each sample, the columns that fire in it are listed, those with x > 0
/// apart from those with x < 0. A device then gets one pulse for each slot in which both its row and
/// its column fire, and the loop visits exactly those pulses.
struct PulseTrains: @unchecked Sendable {
    let words: Int
    let rows: Int
    let cols: Int
    let batch: Int
    /// Sample b's lists start at `sampleStart[b]` in `slotStart`: slot t's columns with x > 0 run
    /// from slotStart[s + 2t] to slotStart[s + 2t + 1] in `slotColumns`, those with x < 0 from there
    /// to slotStart[s + 2t + 2] (2·BL + 1 entries per sample, BL its own train length). Splitting by
    /// sign keeps the pulse direction fixed within an inner loop.
    var sampleStart: [Int]
    /// Whether any column of the sample fires (no pulses otherwise).
    var sampleFires: [Bool]
    var slotStart: [Int] = []
    var slotColumns: [Int32] = []
    /// batch × rows × words.
    var rowMasks: [UInt64]
    /// batch × rows: sign(d)·sign(lr) > 0.
    var rowPositive: [Bool]
    /// The expected number of pulses (for the choice of parallelism): per sample, the row slots
    /// times the column slots that fire, over the train length.
    var pulses = 0

    /// How many pieces the drawing of a large batch is split into, whatever the core count; each
    /// sample draws from its own stream, so the pieces only decide who does the work.
    static let sampleChunks = 8

    init(x xs: [Float], d ds: [Float], batch: Int, rows: Int, cols: Int, lr: Float, granularity g: Float,
         update up: UpdateParameters, seed: UInt64) {
        let words = (up.desiredBL + 63) / 64
        self.words = words
        self.rows = rows
        self.cols = cols
        self.batch = batch
        var rowMasks = [UInt64](repeating: 0, count: batch * rows * words)
        var rowPositive = [Bool](repeating: false, count: batch * rows)
        var sampleStart = [Int](repeating: 0, count: batch)
        var sampleFires = [Bool](repeating: false, count: batch)
        let chunks = batch * (rows + cols) >= 8192 ? Swift.min(PulseTrains.sampleChunks, batch) : 1
        var lists = [TrainLists](repeating: TrainLists(), count: chunks)
        xs.withUnsafeBufferPointer { x in
            ds.withUnsafeBufferPointer { d in
                rowMasks.withUnsafeMutableBufferPointer { masks in
                    rowPositive.withUnsafeMutableBufferPointer { positive in
                        sampleStart.withUnsafeMutableBufferPointer { starts in
                            sampleFires.withUnsafeMutableBufferPointer { fires in
                                lists.withUnsafeMutableBufferPointer { chunkLists in
                                    let input = SharedBuffer(x), error = SharedBuffer(d), rowOut = SharedBuffer(masks)
                                    let signOut = SharedBuffer(positive), startOut = SharedBuffer(starts)
                                    let firesOut = SharedBuffer(fires), listOut = SharedBuffer(chunkLists)
                                    let draw: @Sendable (Int) -> Void = { c in
                                        var scratch = TrainScratch(cols: cols, words: words, slots: up.desiredBL)
                                        var local = TrainLists()
                                        for b in (c * batch / chunks)..<((c + 1) * batch / chunks) {
                                            var rng = Wyrand(seed: seed, stream: UInt64(b))
                                            startOut[b] = local.starts.count
                                            firesOut[b] = local.drawSample(
                                                x: input.pointer(b * cols), d: error.pointer(b * rows), rows: rows, cols: cols,
                                                words: words, lr: lr, granularity: g, update: up,
                                                rowMasks: rowOut.pointer(b * rows * words), rowPositive: signOut.pointer(b * rows),
                                                scratch: &scratch, rng: &rng)
                                        }
                                        listOut[c] = local
                                    }
                                    if chunks == 1 { draw(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: draw) }
                                }
                            }
                        }
                    }
                }
            }
        }
        // One list for the batch: the chunks' lists one after another, offsets shifted.
        slotStart.reserveCapacity(lists.reduce(0) { $0 + $1.starts.count })
        slotColumns.reserveCapacity(lists.reduce(0) { $0 + $1.columns.count })
        for c in 0..<chunks {
            let startShift = slotStart.count, columnShift = slotColumns.count
            for b in (c * batch / chunks)..<((c + 1) * batch / chunks) { sampleStart[b] += startShift }
            slotStart.append(contentsOf: lists[c].starts.lazy.map { $0 + columnShift })
            slotColumns.append(contentsOf: lists[c].columns)
            pulses += lists[c].pulses
        }
        self.rowMasks = rowMasks
        self.rowPositive = rowPositive
        self.sampleStart = sampleStart
        self.sampleFires = sampleFires
    }

    /// The train length and the scales of x and d for one sample (AIHWKit's update management): the
    /// probabilities are B·|x| and A·|d| with A·B·BL·granularity = |lr|. Returns BL 0 when nothing fires.
    static func scales(xMax: Float, dMax: Float, lr: Float, granularity g: Float, update up: UpdateParameters) -> (Int, Float, Float) {
        let rate = abs(lr)
        var bl = up.desiredBL
        var a = (rate / (g * Float(bl))).squareRoot(), b = a
        if up.updateManagement || up.updateBLManagement {
            guard xMax > 0, dMax > 0 else { return (0, 0, 0) }
            var dv = up.umGradScale * dMax
            let k = rate * xMax * dv / g
            if up.updateBLManagement {
                bl = Swift.max(1, Swift.min(Int(k.rounded(.up)), up.desiredBL))
                a = (rate / (g * Float(bl))).squareRoot()
                b = a
            }
            if up.updateManagement {
                if k > Float(up.desiredBL) { dv *= Float(up.desiredBL) / k }
                a *= (xMax / dv).squareRoot()
                b *= (dv / xMax).squareRoot()
            }
        }
        return (bl, b, a)
    }

    /// Draws one line's train of `slots` slots into `mask` (`words` words), each slot firing with
    /// probability p (not clamped: p ≥ 1 always fires, as the gradient side's clipping intends).
    /// Returns the number of slots that fired.
    @inline(__always)
    static func draw(_ p: Float, slots: Int, words: Int, into mask: UnsafeMutablePointer<UInt64>, rng: inout Wyrand) -> Int {
        guard p > 0 else {
            for k in 0..<words { mask[k] = 0 }
            return 0
        }
        var fired = 0
        // Fires when a 32-bit uniform falls below p·2³².
        let threshold: UInt64 = p >= 1 ? 1 << 32 : UInt64(p * 0x1p32)
        for k in 0..<words {
            let n = Swift.max(0, Swift.min(64, slots - 64 * k))
            var bits: UInt64 = 0
            if p >= 1 {
                bits = n == 64 ? ~0 : (1 << UInt64(n)) &- 1
            } else {
                var t = 0
                while t < n {
                    let word = rng.next()
                    bits |= (word & 0xFFFF_FFFF < threshold ? 1 : 0) << UInt64(t)
                    if t + 1 < n { bits |= (word >> 32 < threshold ? 1 : 0) << UInt64(t + 1) }
                    t += 2
                }
            }
            mask[k] = bits
            fired += bits.nonzeroBitCount
        }
        return fired
    }

    /// Steps the devices of `rows` for every sample in turn: one pulse per slot in which a device's
    /// row and column both fire, down where sign(d)·sign(lr)·sign(x) > 0 (SGD lowers w along
    /// lr·d·x), up otherwise. The loop is compiled once per device model.
    func apply<Target: PulseTarget, Source: NormalSource>(_ target: Target, rows block: Range<Int>, rule: DeviceRule, rng: inout Source) {
        switch rule.kind {
        case .constant: apply(target, ConstantStepKernel.self, rows: block, rule: rule, rng: &rng)
        case .linear: apply(target, LinearStepKernel.self, rows: block, rule: rule, rng: &rng)
        case .softBoundsReference: apply(target, SoftBoundsReferenceKernel.self, rows: block, rule: rule, rng: &rng)
        case .exp: apply(target, ExpStepKernel.self, rows: block, rule: rule, rng: &rng)
        case .pow: apply(target, PowStepKernel.self, rows: block, rule: rule, rng: &rng)
        case .piecewise: apply(target, PiecewiseStepKernel.self, rows: block, rule: rule, rng: &rng)
        }
    }

    private func apply<Target: PulseTarget, Kernel: StepKernel, Source: NormalSource>(_ target: Target, _ kernel: Kernel.Type,
                                                                                      rows block: Range<Int>, rule: DeviceRule,
                                                                                      rng: inout Source) {
        slotColumns.withUnsafeBufferPointer { columns in
            slotStart.withUnsafeBufferPointer { slotStart in
                rowMasks.withUnsafeBufferPointer { rowMasks in
                    for b in 0..<batch where sampleFires[b] {
                        let lists = sampleStart[b]
                        for i in block {
                            let row = b * rows + i
                            // A positive row steps positive columns down and negative ones up.
                            let positive = rowPositive[row]
                            let base = i * cols
                            for k in 0..<words {
                                var bits = rowMasks[row * words + k]
                                while bits != 0 {
                                    let slot = lists + 2 * (64 * k + bits.trailingZeroBitCount)
                                    bits &= bits &- 1
                                    for entry in slotStart[slot]..<slotStart[slot + 1] {
                                        target.pulse(base + Int(columns[entry]), Kernel.self, down: positive, rule: rule, rng: &rng)
                                    }
                                    for entry in slotStart[slot + 1]..<slotStart[slot + 2] {
                                        target.pulse(base + Int(columns[entry]), Kernel.self, down: !positive, rule: rule, rng: &rng)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Working memory of one drawing chunk, reused across its samples.
struct TrainScratch {
    var columnMasks: [UInt64]
    var firing: [Int32]
    var counts: [Int]

    init(cols: Int, words: Int, slots: Int) {
        columnMasks = [UInt64](repeating: 0, count: cols * words)
        firing = [Int32](repeating: 0, count: cols)
        counts = [Int](repeating: 0, count: 2 * slots + 1)
    }
}

/// The slot lists of a run of samples (one drawing chunk), with offsets into its own `columns`.
struct TrainLists {
    var starts: [Int] = []
    var columns: [Int32] = []
    var pulses = 0

    /// Draws one sample's trains: the rows' straight into the batch's `rowMasks` and `rowPositive`,
    /// the columns' into 2·BL + 1 new entries of `starts` and their lists into `columns`. Returns
    /// whether any column fires.
    mutating func drawSample(x: UnsafeMutablePointer<Float>, d: UnsafeMutablePointer<Float>, rows: Int, cols: Int, words: Int,
                             lr: Float, granularity g: Float, update up: UpdateParameters, rowMasks: UnsafeMutablePointer<UInt64>,
                             rowPositive: UnsafeMutablePointer<Bool>, scratch: inout TrainScratch, rng: inout Wyrand) -> Bool {
        let xMax = Float(bitPattern: Tensor.largestMagnitudeBits(UnsafeBufferPointer(start: x, count: cols)))
        let dMax = Float(bitPattern: Tensor.largestMagnitudeBits(UnsafeBufferPointer(start: d, count: rows)))
        let (bl, xScale, dScale) = PulseTrains.scales(xMax: xMax, dMax: dMax, lr: lr, granularity: g, update: up)
        var firingCount = 0, columnSlots = 0
        if bl > 0 {
            scratch.columnMasks.withUnsafeMutableBufferPointer { masks in
                guard let base = masks.baseAddress else { return }
                for j in 0..<cols {
                    let fired = PulseTrains.draw(xScale * abs(x[j]), slots: bl, words: words, into: base + firingCount * words,
                                                     rng: &rng)
                    guard fired > 0 else { continue }
                    scratch.firing[firingCount] = x[j] > 0 ? Int32(j) : -1 - Int32(j)
                    firingCount += 1
                    columnSlots += fired
                }
            }
        }
        guard firingCount > 0 else {
            starts.append(columns.count)
            return false
        }
        var rowSlots = 0
        let lrPositive = lr > 0
        for i in 0..<rows {
            let fired = PulseTrains.draw(dScale * abs(d[i]), slots: bl, words: words, into: rowMasks + i * words, rng: &rng)
            rowPositive[i] = fired > 0 && (d[i] > 0) == lrPositive
            rowSlots += fired
        }
        // A counting sort of the columns' firing slots into the 2·BL lists.
        let lists = 2 * bl
        for k in 0...lists { scratch.counts[k] = 0 }
        for k in 0..<firingCount {
            let sign = scratch.firing[k] < 0 ? 1 : 0
            for w in 0..<words {
                var bits = scratch.columnMasks[k * words + w]
                while bits != 0 {
                    scratch.counts[2 * (64 * w + bits.trailingZeroBitCount) + sign + 1] += 1
                    bits &= bits &- 1
                }
            }
        }
        let first = columns.count
        for k in 0..<lists { scratch.counts[k + 1] += scratch.counts[k] }
        for k in 0...lists { starts.append(first + scratch.counts[k]) }
        columns.append(contentsOf: repeatElement(0, count: columnSlots))
        for k in 0..<firingCount {
            let signed = scratch.firing[k]
            let column = signed < 0 ? -1 - signed : signed, sign = signed < 0 ? 1 : 0
            for w in 0..<words {
                var bits = scratch.columnMasks[k * words + w]
                while bits != 0 {
                    let list = 2 * (64 * w + bits.trailingZeroBitCount) + sign
                    columns[first + scratch.counts[list]] = column
                    scratch.counts[list] += 1
                    bits &= bits &- 1
                }
            }
        }
        pulses += rowSlots * columnSlots / bl
        return true
    }
}
