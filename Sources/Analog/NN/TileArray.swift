/// A weight matrix (outputs × inputs) mapped onto a grid of tiles no larger than the config's
/// maximum tile size, as AIHWKit's mapping splits large layers: each tile reads its slice of the
/// inputs, and partial outputs of the tiles in a row of the grid add up digitally. Public so that
/// modules outside Analog (MoE experts, pipeline stages) can build their own analog layers on it.
public final class TileArray {
    public let outputs: Int
    public let inputs: Int
    public let config: TileConfig
    /// Where each grid row and column starts and how wide it is.
    public let rowBlocks: [Range<Int>]
    public let colBlocks: [Range<Int>]
    /// Tiles in row-major grid order.
    public let tiles: [AnalogTile]
    /// Floating-point tiles keep a momentum buffer per tile.
    private var velocities: [Tensor?]
    /// The inputs and output gradients of the last training pass, for the update.
    private var lastInput: Tensor?
    private var lastOutputGradient: Tensor?
    /// The input range α (inputs are divided by it before the tiles, outputs multiplied by it),
    /// how many batches have initialised it, and its gradient from the last backward.
    public private(set) var inputRange: Float
    private var rangeBatches = 0
    private var rangeGradient: Float = 0
    private var lastScaledInput: Tensor?

    static func blocks(_ total: Int, _ size: Int) -> [Range<Int>] {
        stride(from: 0, to: total, by: size).map { $0..<Swift.min(total, $0 + size) }
    }

    public init(outputs: Int, inputs: Int, config: TileConfig, seed: UInt64) throws {
        try config.validate()
        // The tiles together, like one tile, must fit the memory budget (weights and buffers).
        let (cells, overflow) = outputs.multipliedReportingOverflow(by: inputs)
        guard !overflow, cells <= AnalogTile.defaultMemoryBudget / 12 else {
            throw AnalogError(.configuration, "a \(outputs)×\(inputs) layer would need more than the memory budget of \(AnalogTile.defaultMemoryBudget >> 20) MiB")
        }
        self.outputs = outputs
        self.inputs = inputs
        self.config = config
        rowBlocks = TileArray.blocks(outputs, config.maxOutputSize)
        colBlocks = TileArray.blocks(inputs, config.maxInputSize)
        var tiles: [AnalogTile] = []
        for (r, rows) in rowBlocks.enumerated() {
            for (c, cols) in colBlocks.enumerated() {
                let tileSeed = seed &+ UInt64(r * colBlocks.count + c) &* 0x9E37_79B9
                tiles.append(try AnalogTile(rows: rows.count, cols: cols.count, config: config, seed: tileSeed))
            }
        }
        self.tiles = tiles
        velocities = Array(repeating: nil, count: tiles.count)
        inputRange = config.inputRange.initValue
    }

    public var usesInputRange: Bool { config.inputRange.enabled }

    /// Sets the input range (post-training calibration).
    public func setInputRange(_ value: Float) throws {
        guard value > 0, value.isFinite else { throw AnalogError(.configuration, "an input range must be positive, not \(value)") }
        inputRange = value
        rangeBatches = Swift.max(rangeBatches, config.inputRange.initFromData)
    }

    /// Takes over another layer's learned or calibrated input range, when both use one.
    public func carryInputRange(from other: TileArray) throws {
        guard usesInputRange, other.usesInputRange, other.rangeBatches > 0 else { return }
        try setInputRange(other.inputRange)
    }

    /// `initStdAlpha`·std of the values of `x`.
    static func spread(_ x: Tensor, times alpha: Float) -> Float {
        let n = Float(Swift.max(1, x.count))
        let mean = x.sum / n
        let variance = x.values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return alpha * variance.squareRoot()
    }

    public func tile(_ r: Int, _ c: Int) -> AnalogTile { tiles[r * colBlocks.count + c] }

    /// The weights the tiles stand for, assembled.
    public var weights: Tensor {
        var w = Tensor(uncheckedRows: outputs, cols: inputs)
        for (r, rows) in rowBlocks.enumerated() {
            for (c, cols) in colBlocks.enumerated() {
                let part = tile(r, c).logicalWeights
                for i in 0..<rows.count {
                    for j in 0..<cols.count { w.values[(rows.lowerBound + i) * inputs + cols.lowerBound + j] = part.values[i * cols.count + j] }
                }
            }
        }
        return w
    }

    public func setWeights(_ w: Tensor) throws {
        guard w.rows == outputs, w.cols == inputs else {
            throw AnalogError(.shape, "this layer holds \(outputs)×\(inputs) weights, not \(w.rows)×\(w.cols)")
        }
        for (r, rows) in rowBlocks.enumerated() {
            for (c, cols) in colBlocks.enumerated() {
                try tile(r, c).setWeights(try TileArray.slice(w, rows: rows, cols: cols))
            }
        }
    }

    /// The columns `cols` of `x` (a batch of inputs), or the block `rows` × `cols` of a matrix.
    static func slice(_ m: Tensor, rows: Range<Int>? = nil, cols: Range<Int>) throws -> Tensor {
        let rows = rows ?? 0..<m.rows
        if rows == 0..<m.rows, cols == 0..<m.cols { return m }
        var out = try Tensor(rows: rows.count, cols: cols.count)
        for i in 0..<rows.count {
            let from = (rows.lowerBound + i) * m.cols + cols.lowerBound
            for j in 0..<cols.count { out.values[i * cols.count + j] = m.values[from + j] }
        }
        return out
    }

    /// Adds `part` (batch × width) into columns starting at `offset` of `into` (batch × total).
    static func accumulate(_ part: Tensor, into out: inout Tensor, at offset: Int) {
        for b in 0..<part.rows {
            for j in 0..<part.cols { out.values[b * out.cols + offset + j] += part.values[b * part.cols + j] }
        }
    }

    /// Training reads first put the HWA weight modifier's noise on each tile (AIHWKit applies it
    /// to the forward and backward weights of every training batch).
    public func forward(_ rawInput: Tensor, training: Bool) throws -> Tensor {
        guard rawInput.cols == inputs else { throw AnalogError(.shape, "this layer takes \(inputs) inputs per sample, not \(rawInput.cols)") }
        var x = rawInput
        if usesInputRange {
            let r = config.inputRange
            if training, rangeBatches < r.initFromData {
                // AIHWKit's initialisation from data: a running mean of initStdAlpha·std(x).
                let estimate = TileArray.spread(rawInput, times: r.initStdAlpha)
                if estimate > 0 {
                    inputRange = (inputRange * Float(rangeBatches) + estimate) / Float(rangeBatches + 1)
                    rangeBatches += 1
                }
            }
            let inverse = 1 / inputRange
            x = rawInput.map { Swift.min(1, Swift.max(-1, $0 * inverse)) }
            if training { lastScaledInput = x }
        }
        if training {
            lastInput = x
            if config.modifier.kind != .none || config.modifier.pdrop > 0 { for t in tiles { try t.applyTrainingModifier() } }
        }
        var y = try Tensor(rows: x.rows, cols: outputs)
        let xs = try colBlocks.map { try TileArray.slice(x, cols: $0) }
        for (r, rows) in rowBlocks.enumerated() {
            for c in colBlocks.indices {
                TileArray.accumulate(try tile(r, c).forward(xs[c]), into: &y, at: rows.lowerBound)
            }
        }
        return usesInputRange ? y.scaled(by: inputRange) : y
    }

    /// With an input range α, y = α·T(x/α clipped to ±1): the tiles' weights see α·dy; inputs inside
    /// the range pass T's gradient straight through, clipped ones none; and α's gradient is the sum of
    /// T's gradient at the clipped inputs, signed by which bound they hit.
    public func backward(_ outputGradient: Tensor) throws -> Tensor {
        let dy = usesInputRange ? outputGradient.scaled(by: inputRange) : outputGradient
        lastOutputGradient = dy
        var dx = try tilesBackward(dy)
        if usesInputRange, let scaled = lastScaledInput {
            // As AIHWKit's input-range backward: clipped inputs may only push the range up (an
            // upper-clipped input contributes min(g, 0), a lower-clipped one min(−g, 0)), the sum is
            // relative to the range (gradient_relative), and a decay pulls it down while enough fit.
            var g: Float = 0, inside = 0
            for i in dx.values.indices {
                let v = scaled.values[i]
                let gradient = dx.values[i] / inputRange
                if v >= 1 {
                    g += Swift.min(gradient, 0)
                    dx.values[i] = 0
                } else if v <= -1 {
                    g += Swift.min(-gradient, 0)
                    dx.values[i] = 0
                } else {
                    dx.values[i] = gradient
                    inside += 1
                }
            }
            g *= inputRange
            if Float(inside) >= config.inputRange.inputMinPercentage * Float(dx.count) { g += config.inputRange.decay * inputRange }
            rangeGradient = g
        }
        return dx
    }

    private func tilesBackward(_ dy: Tensor) throws -> Tensor {
        var dx = try Tensor(rows: dy.rows, cols: inputs)
        let ds = try rowBlocks.map { try TileArray.slice(dy, cols: $0) }
        for r in rowBlocks.indices {
            for (c, cols) in colBlocks.enumerated() {
                TileArray.accumulate(try tile(r, c).backward(ds[r]), into: &dx, at: cols.lowerBound)
            }
        }
        return dx
    }

    /// Each tile's update with its slices of the last inputs and output gradients: exact SGD (with
    /// momentum) on floating-point tiles, pulses on device tiles.
    public func step(_ s: StepSettings) throws {
        guard let x = lastInput, let dy = lastOutputGradient else { return }
        for (r, rows) in rowBlocks.enumerated() {
            for (c, cols) in colBlocks.enumerated() {
                let k = r * colBlocks.count + c
                let t = tiles[k]
                let xs = try TileArray.slice(x, cols: cols), ds = try TileArray.slice(dy, cols: rows)
                if config.training == .floatingPoint, s.momentum != 0 || s.weightDecay != 0 {
                    var g = try ds.matmul(xs, transposeSelf: true)
                    if s.weightDecay != 0 { g = try g.adding(t.logicalWeights.scaled(by: s.weightDecay)) }
                    if s.momentum != 0 {
                        let v = try (velocities[k].map { try $0.scaled(by: s.momentum).adding(g) }) ?? g
                        velocities[k] = v
                        g = v
                    }
                    try t.applyGradient(g, lr: s.lr)
                } else {
                    try t.update(x: xs, d: ds, lr: s.lr)
                }
            }
        }
        if usesInputRange, config.inputRange.learn, rangeBatches >= config.inputRange.initFromData {
            inputRange = Swift.max(1e-3, inputRange - s.lr * rangeGradient)
        }
        rangeGradient = 0
        lastInput = nil
        lastOutputGradient = nil
    }
}
