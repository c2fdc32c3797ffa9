import Display

extension Sequential {
    /// `summary(inputShape:)` for the samples the model last saw, or for a model that starts with a
    /// fully connected layer, its input size.
    public func summary() throws -> Table {
        if let sampleShape { return try summary(inputShape: sampleShape) }
        if let first = layers.first as? Linear { return try summary(inputShape: [first.inputs]) }
        if let first = layers.first as? AnalogLinear { return try summary(inputShape: [first.inputs]) }
        throw AnalogError(.state, "summary(input:) needs one sample's shape, e.g. summary(input: [1, 16, 16]), until the model has seen data")
    }

    /// The model layer by layer as a Table, like AIHWKit's analog summary: output shape, tiles (the
    /// grid a layer is split into and the largest tile), how much of the tiles' cells the weights
    /// fill, and analog and digital parameter counts.
    public func summary(inputShape: [Int]) throws -> Table {
        let shapes = try self.shapes(for: inputShape)
        var rows: [[TableValue]] = []
        var analog = 0, digital = 0
        for (i, layer) in layers.enumerated() {
            let counts = layer.parameterCounts
            analog += counts.analog
            digital += counts.digital
            let tiles = layer.tiles
            var tileText = "—", utilization: TableValue = .missing
            if let first = tiles.first {
                let grid: (rows: Int, cols: Int)
                if let l = layer as? AnalogLinear { grid = l.tileGrid } else if let c = layer as? AnalogConv2d { grid = c.tileGrid } else { grid = (1, tiles.count) }
                tileText = "\(tiles.count) (\(grid.rows)×\(grid.cols) grid, largest \(first.rows)×\(first.cols))"
                let capacity = tiles.count * first.config.maxOutputSize * first.config.maxInputSize
                let used = tiles.reduce(0) { $0 + $1.rows * $1.cols }
                utilization = .double(100 * Double(used) / Double(Swift.max(1, capacity)))
            }
            rows.append([.int(i), .string(layer.kind), .string(layer.details), .string(shapes[i].map(String.init).joined(separator: "×")),
                         .string(tileText), utilization, .int(counts.analog), .int(counts.digital)])
        }
        rows.append([.missing, .string("total"), .string(""), .string(""), .string("\(tiles.count) tiles"), .missing, .int(analog), .int(digital)])
        return try Table(columnNames: ["layer", "kind", "settings", "output", "tiles", "tile utilization %", "analog params", "digital params"],
                         rows: rows, title: "Model summary (input \(inputShape.map(String.init).joined(separator: "×")))")
    }
}

/// Where `convertToAnalog` puts one layer with weights: on analog tiles of a config, or digital.
public enum LayerPlacement: Sendable {
    case analog(TileConfig)
    case digital
}

/// A copy of `model` with every Linear and Conv2d layer on analog tiles of `config` (weights,
/// biases and learned input ranges carried over; other layers copied). AIHWKit's `convert_to_analog`.
/// `placements` overrides it layer by layer (by index in the model): another config, or digital
/// (an analog layer comes back to floating point), as a mixture-of-experts plan needs.
public func convertToAnalog(_ model: Sequential, config defaultConfig: TileConfig, seed: UInt64 = 0,
                            placements: [Int: LayerPlacement] = [:]) throws -> Sequential {
    if let bad = placements.keys.first(where: { !model.layers.indices.contains($0) }) {
        throw AnalogError(.configuration, "placement for layer \(bad), but the model has layers 0…\(model.layers.count - 1)")
    }
    var layers: [Layer] = []
    for (i, layer) in model.layers.enumerated() {
        let layerSeed = seed &+ UInt64(i) &* 7919
        let config: TileConfig
        switch placements[i] ?? .analog(defaultConfig) {
        case .analog(let c): config = c
        case .digital:
            layers.append(try digitalCopy(layer))
            continue
        }
        func linear(_ inputs: Int, _ outputs: Int, _ weights: Tensor, _ bias: [Float]?, ranges: TileArray?) throws -> Layer {
            let a = try AnalogLinear(inputs: inputs, outputs: outputs, bias: bias != nil, config: config, seed: layerSeed)
            try a.setWeights(weights, bias: bias)
            if let ranges { try a.array.carryInputRange(from: ranges) }
            return a
        }
        func convolution(_ inChannels: Int, _ outChannels: Int, _ window: Window, _ weights: Tensor, _ bias: Parameter?,
                         ranges: TileArray?) throws -> Layer {
            let a = try AnalogConv2d(inChannels: inChannels, outChannels: outChannels, kernel: window.kernel, stride: window.stride,
                                     padding: window.padding, bias: bias != nil, config: config, seed: layerSeed)
            try a.setWeights(weights)
            a.bias = bias
            if let ranges { try a.array.carryInputRange(from: ranges) }
            return a
        }
        switch layer {
        case let l as Linear: layers.append(try linear(l.inputs, l.outputs, l.weights, l.biasValues, ranges: nil))
        case let l as AnalogLinear: layers.append(try linear(l.inputs, l.outputs, l.weights, l.biasValues, ranges: l.array))
        case let c as Conv2d: layers.append(try convolution(c.inChannels, c.outChannels, c.window, c.weights, c.bias, ranges: nil))
        case let c as AnalogConv2d: layers.append(try convolution(c.inChannels, c.outChannels, c.window, c.weights, c.bias, ranges: c.array))
        default: layers.append(try fresh(layer))
        }
    }
    let converted = try Sequential(layers)
    converted.sampleShape = model.sampleShape
    return converted
}

/// A new layer with `layer`'s settings and learned values, so that converted models share no state:
/// every layer remembers its last batch, and BatchNorm and Dropout carry more.
func fresh(_ layer: Layer) throws -> Layer {
    switch layer {
    case let a as Activation: return Activation(a.function)
    case is Softmax: return Softmax()
    case is Flatten: return Flatten()
    case let p as Pool2d: return try Pool2d(p.reduction, kernel: p.window.kernel, stride: p.window.stride)
    case let d as Dropout: return try Dropout(d.probability, seed: d.seed)
    case let b as BatchNorm:
        let copy = try BatchNorm(features: b.features)
        copy.gamma = b.gamma
        copy.beta = b.beta
        copy.runningMean = b.runningMean
        copy.runningVariance = b.runningVariance
        return copy
    default: return layer
    }
}

/// A copy of `model` with every analog layer back in floating point (the weights the tiles stand
/// for, exactly): AIHWKit's `convert_to_digital`.
public func convertToDigital(_ model: Sequential) throws -> Sequential {
    let converted = try Sequential(try model.layers.map(digitalCopy))
    converted.sampleShape = model.sampleShape
    return converted
}

/// A floating-point copy of one layer: analog layers hold exactly the weights their tiles stand for.
func digitalCopy(_ layer: Layer) throws -> Layer {
    func linear(_ inputs: Int, _ outputs: Int, _ weights: Tensor, _ bias: [Float]?) throws -> Layer {
        let l = try Linear(inputs: inputs, outputs: outputs, bias: bias != nil)
        try l.setWeights(weights, bias: bias)
        return l
    }
    func convolution(_ inChannels: Int, _ outChannels: Int, _ window: Window, _ weights: Tensor, _ bias: Parameter?) throws -> Layer {
        let c = try Conv2d(inChannels: inChannels, outChannels: outChannels, kernel: window.kernel, stride: window.stride,
                           padding: window.padding, bias: bias != nil)
        c.kernelMatrix.value = weights
        c.bias = bias
        return c
    }
    switch layer {
    case let a as AnalogLinear: return try linear(a.inputs, a.outputs, a.weights, a.biasValues)
    case let l as Linear: return try linear(l.inputs, l.outputs, l.weights, l.biasValues)
    case let a as AnalogConv2d: return try convolution(a.inChannels, a.outChannels, a.window, a.weights, a.bias)
    case let c as Conv2d: return try convolution(c.inChannels, c.outChannels, c.window, c.weights, c.bias)
    default: return try fresh(layer)
    }
}

/// Layers whose weights live on a `TileArray` (calibration and conversion reach their tiles
/// through it; a module's own analog layers conform to join in).
public protocol TiledLayer: Layer {
    var array: TileArray { get }
    /// What the layer's tiles read for a batch of its inputs (for convolutions, the patches).
    func arrayInputs(_ x: Batch) throws -> Tensor
}

extension AnalogLinear: TiledLayer {
    public func arrayInputs(_ x: Batch) throws -> Tensor { x.values }
}

extension AnalogConv2d: TiledLayer {
    public func arrayInputs(_ x: Batch) throws -> Tensor {
        let g = try window.check(x.shape, kind)
        return try im2col(x.values, channels: g.c, height: g.h, width: g.w, window: window)
    }
}

extension Sequential {
    /// Post-training input-range calibration (AIHWKit's `calibrate_input_ranges`, moving-std type):
    /// runs `batches` batches of `data` through the model and sets each analog layer's input range
    /// to initStdAlpha·std of the inputs it saw (averaged over the batches). Layers whose config has
    /// no input range are left alone. Returns the ranges set, layer by layer.
    @discardableResult
    public func calibrateInputRanges(_ data: Dataset, batches: Int = 10, batchSize: Int = 64,
                                     onBatch: (Int) throws -> Void = { _ in }) throws -> [(layer: Int, range: Float)] {
        guard (1...100_000).contains(batches), (1...100_000).contains(batchSize) else {
            throw AnalogError(.configuration, "calibration needs 1…100000 batches of 1…100000 samples")
        }
        var sums = [Float](repeating: 0, count: layers.count)
        var counts = [Int](repeating: 0, count: layers.count)
        let order = Dataset.shuffled(data.count, seed: 97)
        for b in 0..<batches {
            let indices = (0..<batchSize).map { order[(b * batchSize + $0) % data.count] }
            var a = try Batch(try data.subset(indices).inputs, shape: data.shape)
            for (i, layer) in layers.enumerated() {
                if let tiled = layer as? TiledLayer, tiled.array.usesInputRange {
                    sums[i] += TileArray.spread(try tiled.arrayInputs(a), times: tiled.array.config.inputRange.initStdAlpha)
                    counts[i] += 1
                }
                a = try layer.forward(a, training: false)
            }
            try onBatch(b + 1)
        }
        var set: [(Int, Float)] = []
        for (i, layer) in layers.enumerated() {
            guard let tiled = layer as? TiledLayer, counts[i] > 0, sums[i] > 0 else { continue }
            let range = sums[i] / Float(counts[i])
            try tiled.array.setInputRange(range)
            set.append((i, range))
        }
        return set
    }
}
