import Display
import Foundation

/// Layers applied in order: a network. Training (`fit`), evaluation, the inference life cycle of
/// its analog tiles (`program`, `drift`, `driftStudy`) and a summary table live here.
public final class Sequential {
    public private(set) var layers: [Layer]
    /// The shape of one sample of the data the model last trained on or was evaluated on: what
    /// `summary()` assumes when no input shape is given. Conversions carry it over.
    public var sampleShape: [Int]?

    public init(_ layers: [Layer]) throws {
        guard !layers.isEmpty else { throw AnalogError(.configuration, "a Sequential model needs at least one layer") }
        // A layer remembers its last inputs for backward, so one object cannot sit in two places.
        var seen = Set<ObjectIdentifier>()
        for (i, layer) in layers.enumerated() where !seen.insert(ObjectIdentifier(layer)).inserted {
            throw AnalogError(.configuration, "layer \(i) (\(layer.kind)) appears twice in the model; make a new one for each place, e.g. ReLU() again")
        }
        self.layers = layers
    }

    /// Every analog tile of the model, layer by layer.
    public var tiles: [AnalogTile] { layers.flatMap(\.tiles) }

    public func forward(_ x: Batch, training: Bool = false) throws -> Batch {
        var a = x
        for layer in layers { a = try layer.forward(a, training: training) }
        return a
    }

    public func backward(_ dy: Batch) throws {
        var g = dy
        for layer in layers.reversed() { g = try layer.backward(g) }
    }

    public func step(_ settings: StepSettings) throws {
        for layer in layers { try layer.step(settings) }
    }

    /// The shape of each layer's output for samples of `input` (an error names the layer that does not fit).
    public func shapes(for input: [Int]) throws -> [[Int]] {
        var shape = input
        var out: [[Int]] = []
        for (i, layer) in layers.enumerated() {
            do { shape = try layer.outputShape(for: shape) } catch let e as AnalogError {
                throw AnalogError(e.kind, "layer \(i) (\(layer.kind)): \(e.message)")
            }
            out.append(shape)
        }
        return out
    }

    /// The model's outputs for every sample of `inputs`, in batches (inference mode); `checkpoint`
    /// runs after each batch (a cell's interruption).
    public func predict(_ inputs: Tensor, shape: [Int], batchSize: Int = 256, checkpoint: () throws -> Void = {}) throws -> Tensor {
        _ = try shapes(for: shape)
        var parts: [Tensor] = []
        for start in stride(from: 0, to: inputs.rows, by: batchSize) {
            let rows = start..<Swift.min(inputs.rows, start + batchSize)
            let x = try TileArray.slice(inputs, rows: rows, cols: 0..<inputs.cols)
            parts.append(try forward(try Batch(x, shape: shape)).values)
            try checkpoint()
        }
        let cols = parts.first?.cols ?? 0
        return try Tensor(rows: inputs.rows, cols: cols, values: parts.flatMap(\.values))
    }

    /// Classification accuracy (fraction correct) and mean loss on `data`.
    public func evaluate(_ data: Dataset, loss: Loss = .crossEntropy, batchSize: Int = 256,
                         checkpoint: () throws -> Void = {}) throws -> (accuracy: Double, loss: Double) {
        sampleShape = data.shape
        let out = try predict(data.inputs, shape: data.shape, batchSize: batchSize, checkpoint: checkpoint)
        let (l, _) = try loss.evaluate(out, labels: data.labels, outputIsProbability: layers.last is Softmax)
        return (Sequential.accuracy(out, data.labels), Double(l))
    }

    static func accuracy(_ out: Tensor, _ labels: [Int]) -> Double {
        var correct = 0
        for r in 0..<out.rows {
            var best = 0
            for c in 1..<Swift.max(1, out.cols) where out.values[r * out.cols + c] > out.values[r * out.cols + best] { best = c }
            if best == labels[r] { correct += 1 }
        }
        return Double(correct) / Double(Swift.max(1, out.rows))
    }
}

// MARK: - Training

/// What `fit` does: epochs of seeded, shuffled mini-batches with SGD (momentum, weight decay, a
/// learning-rate schedule) through the layers' own updates (exact for digital layers and
/// floating-point tiles, pulsed for device tiles).
public struct FitOptions: Sendable {
    public var epochs = 5
    public var batchSize = 32
    public var lr: Float = 0.05
    public var momentum: Float = 0
    public var weightDecay: Float = 0
    public var schedule: LearningRateSchedule = .constant
    public var loss: Loss = .crossEntropy
    public var seed: UInt64 = 0
    public init() {}
}

/// One epoch of a training run.
public struct EpochRecord: Sendable {
    public let epoch: Int
    public let loss: Double
    public let trainAccuracy: Double
    public let testAccuracy: Double?
    public let seconds: Double
}

/// Where a training run is, after each batch (for progress bars and interruption).
public struct FitProgress: Sendable {
    public let epoch: Int
    public let epochs: Int
    public let batch: Int
    public let batches: Int
    public let loss: Double
}

extension Sequential {
    /// Trains on `train` and, after each epoch, measures `test`. `onEpoch` runs after every epoch
    /// with its record (so a caller keeps the history when a later batch stops the run); `onBatch`
    /// runs after every training batch and `checkpoint` after every batch of the test evaluation; an
    /// error any of them throws stops training there, with the weights as they are.
    public func fit(_ train: Dataset, test: Dataset? = nil, options: FitOptions = FitOptions(),
                    onBatch: (FitProgress) throws -> Void = { _ in }, checkpoint: () throws -> Void = {},
                    onEpoch: (EpochRecord) throws -> Void = { _ in }) throws -> [EpochRecord] {
        sampleShape = train.shape
        if options.momentum != 0 || options.weightDecay != 0, let tile = tiles.first(where: \.learnsByPulses) {
            // AIHWKit's AnalogSGD steps device tiles by their own pulsed update, without momentum or
            // weight decay; taking them here and dropping them would be a silent change of recipe.
            throw AnalogError(.configuration, """
                momentum: and weightDecay: apply to weights updated exactly; this model's \(tile.config.name) tiles learn by \
                pulses on their devices, which take neither. Use momentum: 0 and weightDecay: 0 (as AIHWKit's AnalogSGD does \
                for device tiles), or a floating-point config
                """)
        }
        guard (1...1_000_000).contains(options.epochs), options.batchSize >= 1, options.lr > 0, options.lr.isFinite,
              options.momentum >= 0, options.momentum < 1, options.weightDecay >= 0, options.weightDecay.isFinite else {
            throw AnalogError(.configuration, "fit needs 1…1000000 epochs, batchSize ≥ 1, a positive finite lr, 0 ≤ momentum < 1 and weightDecay ≥ 0")
        }
        let outShape = try shapes(for: train.shape).last ?? []
        let outputs = outShape.reduce(1, *)
        guard outputs >= train.classCount else {
            throw AnalogError(.dataset, "the model has \(outputs) outputs but the dataset has \(train.classCount) classes")
        }
        if let test { guard test.shape == train.shape else { throw AnalogError(.dataset, "test samples have shape \(test.shape), training samples \(train.shape)") } }
        let batchSize = Swift.min(options.batchSize, train.count)
        var batches = (train.count + batchSize - 1) / batchSize
        // A last batch of one sample joins the one before (batch statistics need two samples).
        if batches > 1, train.count % batchSize == 1 { batches -= 1 }
        let probabilities = layers.last is Softmax
        var history: [EpochRecord] = []
        for epoch in 0..<options.epochs {
            let start = Date()
            let lr = options.schedule.rate(options.lr, epoch: epoch, epochs: options.epochs)
            let settings = StepSettings(lr: lr, momentum: options.momentum, weightDecay: options.weightDecay)
            let order = Dataset.shuffled(train.count, seed: options.seed &+ UInt64(epoch) &* 1_000_003)
            var lossSum = 0.0, correct = 0.0
            for b in 0..<batches {
                let end = b == batches - 1 ? train.count : (b + 1) * batchSize
                let indices = Array(order[(b * batchSize)..<end])
                let batch = try train.subset(indices)
                let out: Batch, loss: Float
                do {
                    out = try forward(try Batch(batch.inputs, shape: train.shape), training: true)
                    let (batchLoss, gradient) = try options.loss.evaluate(out.values, labels: batch.labels, outputIsProbability: probabilities)
                    guard batchLoss.isFinite else {
                        throw AnalogError(.training, "the loss became \(batchLoss) in epoch \(epoch + 1), batch \(b + 1): lower the learning rate")
                    }
                    loss = batchLoss
                    try backward(try Batch(gradient, shape: out.shape))
                    try step(settings)
                } catch {
                    // Reads must not keep a training batch's modifier noise once training stops.
                    for t in tiles { t.discardTrainingModifier() }
                    throw error
                }
                lossSum += Double(loss) * Double(indices.count)
                correct += Sequential.accuracy(out.values, batch.labels) * Double(indices.count)
                try onBatch(FitProgress(epoch: epoch + 1, epochs: options.epochs, batch: b + 1, batches: batches, loss: Double(loss)))
            }
            let testAccuracy = try test.map { try evaluate($0, loss: options.loss, checkpoint: checkpoint).accuracy }
            let record = EpochRecord(epoch: epoch + 1, loss: lossSum / Double(train.count), trainAccuracy: correct / Double(train.count),
                                     testAccuracy: testAccuracy, seconds: Date().timeIntervalSince(start))
            history.append(record)
            try onEpoch(record)
        }
        return history
    }

    /// A training history as a Table (epoch, loss, train and test accuracy in %, seconds).
    public static func historyTable(_ history: [EpochRecord]) throws -> Table {
        var columns = [
            Column("epoch", history.map { .int($0.epoch) }),
            Column("loss", history.map { .double($0.loss) }),
            Column("train accuracy", history.map { .double($0.trainAccuracy * 100) }, unit: "%"),
        ]
        if history.contains(where: { $0.testAccuracy != nil }) {
            columns.append(Column("test accuracy", history.map { $0.testAccuracy.map { .double($0 * 100) } ?? .missing }, unit: "%"))
        }
        columns.append(Column("seconds", history.map { .double($0.seconds) }, unit: "s"))
        var table = try Table(columns: columns, title: "Training history")
        let tested = history.contains(where: { $0.testAccuracy != nil })
        table.defaultPlot = TablePlot(x: "epoch", y: tested ? ["train accuracy", "test accuracy"] : ["train accuracy"],
                                      title: "Training history", yLabel: "accuracy (%)")
        return table
    }
}

// MARK: - Inference life cycle

extension Sequential {
    /// Programs every analog tile with its config's inference noise (global drift compensation as
    /// the config says, unless `compensateDrift` overrides it).
    public func program(compensateDrift: Bool? = nil) throws {
        for t in tiles { try t.program(compensateDrift: compensateDrift) }
    }

    /// Lets every programmed tile drift to `seconds` after programming.
    public func drift(to seconds: Double) throws {
        guard !tiles.isEmpty else { throw AnalogError(.state, "the model has no analog tiles to drift (convert it with convertToAnalog)") }
        for t in tiles { try t.drift(to: seconds) }
    }

    /// Accuracy over time after programming: for each of `repeats` programmings (fresh noise), drift
    /// to each time and evaluate. Returns (time, mean accuracy, std) rows.
    /// `checkpoint` runs after every evaluation (each time of each repeat) and `onRepeat` after each repeat.
    public func driftStudy(_ data: Dataset, times: [Double], repeats: Int = 5, compensateDrift: Bool? = nil,
                           onRepeat: (Int) throws -> Void = { _ in },
                           checkpoint: () throws -> Void = {}) throws -> [(time: Double, mean: Double, std: Double)] {
        guard !times.isEmpty, (1...1000).contains(repeats) else { throw AnalogError(.configuration, "driftStudy needs times and 1…1000 repeats") }
        guard !tiles.isEmpty else { throw AnalogError(.state, "the model has no analog tiles (convert it with convertToAnalog)") }
        var accuracies = Array(repeating: [Double](), count: times.count)
        for r in 0..<repeats {
            try program(compensateDrift: compensateDrift)
            for (k, t) in times.enumerated() {
                try drift(to: t)
                accuracies[k].append(try evaluate(data, checkpoint: checkpoint).accuracy)
            }
            try onRepeat(r + 1)
        }
        return times.indices.map { k in
            let a = accuracies[k]
            let mean = a.reduce(0, +) / Double(a.count)
            let variance = a.count > 1 ? a.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(a.count - 1) : 0
            return (times[k], mean, variance.squareRoot())
        }
    }

    /// `driftStudy` as a Table of time, mean accuracy and std (in %), whose default plot is the
    /// accuracy with error bars on a log time axis.
    public func driftStudyTable(_ data: Dataset, times: [Double], repeats: Int = 5, compensateDrift: Bool? = nil,
                                onRepeat: (Int) throws -> Void = { _ in }, checkpoint: () throws -> Void = {}) throws -> Table {
        let rows = try driftStudy(data, times: times, repeats: repeats, compensateDrift: compensateDrift, onRepeat: onRepeat,
                                  checkpoint: checkpoint)
        let compensated = compensateDrift ?? (tiles.first?.config.compensatesDrift ?? true)
        var table = try Table(columns: [
            Column("time", rows.map { .double($0.time) }, unit: "s"),
            Column("accuracy", rows.map { .double($0.mean * 100) }, unit: "%"),
            Column("std", rows.map { .double($0.std * 100) }, unit: "%"),
        ], title: "Accuracy after programming (\(repeats) programmings\(compensated ? ", global drift compensation" : ", no compensation"))")
        table.defaultPlot = TablePlot(x: "time", y: ["accuracy"], error: "std", logX: true, yLabel: "accuracy (%)")
        return table
    }
}
