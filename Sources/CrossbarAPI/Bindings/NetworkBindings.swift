import Analog
import Display
import Foundation
import SwiftScript

/// A layer as cells see it; its type name is its kind (`Linear`, `ReLU`, …).
final class LayerObject: ScriptObject {
    let layer: Layer
    init(_ layer: Layer) { self.layer = layer }
    var scriptTypeName: String { layer.kind }
    func mimeBundle() -> MIMEBundle {
        MIMEBundle(plainText: layer.details.isEmpty ? "\(layer.kind)()" : "\(layer.kind)(\(layer.details))")
    }
}

/// A model as cells see it, with the sample shape it last saw (for `summary()`).
final class ModelObject: ScriptObject {
    let model: Sequential
    var inputShape: [Int]?
    init(_ model: Sequential, inputShape: [Int]? = nil) {
        self.model = model
        self.inputShape = inputShape
    }
    var scriptTypeName: String { "Sequential" }
    func mimeBundle() -> MIMEBundle {
        let lines = model.layers.enumerated().map { i, l in "  (\(i)) \(l.kind)\(l.details.isEmpty ? "" : "(\(l.details))")" }
        return MIMEBundle(plainText: (["Sequential("] + lines + [")"]).joined(separator: "\n"))
    }
}

/// A learning-rate schedule value (`.constant`, `.cosine`, `.stepDecay(every:factor:)`).
final class ScheduleObject: ScriptObject {
    let schedule: LearningRateSchedule
    init(_ schedule: LearningRateSchedule) { self.schedule = schedule }
    var scriptTypeName: String { "Schedule" }
    func mimeBundle() -> MIMEBundle { MIMEBundle(plainText: "\(schedule)") }
}

/// Cell names for networks: the layers, `Sequential` with `fit`, `evaluate` and the inference life
/// cycle, `convertToAnalog` and `convertToDigital`.
enum NetworkBindings {
    static func register(in registry: ScriptRegistry, tracker: ProgressTracker) {
        for type in layerTypes() { registry.register(type) }
        registry.register(modelType(tracker))
        registry.function("convertToAnalog", Signature("_", "config:=", "seed:="), defaults: [.null, .int(0)], doc: """
            A copy of the model with every Linear and Conv2d (and analog) layer on analog tiles of `config` \
            (default .inference(noise: .pcm)), weights and biases carried over (AIHWKit's convert_to_analog).
            """) { a in
            let m = try model(a[0])
            let config = a[1] == .null ? TileConfig.inference() : try AnalogBindings.tileConfig(a[1])
            let converted = try AnalogBindings.wrap { try convertToAnalog(m.model, config: config, seed: try DataBindings.seed(a, 2)) }
            return .object(ModelObject(converted, inputShape: m.inputShape))
        }
        registry.function("convertToDigital", Signature("_"), doc: "A copy of the model with every analog layer back in floating point.") { a in
            let m = try model(a[0])
            return .object(ModelObject(try AnalogBindings.wrap { try convertToDigital(m.model) }, inputShape: m.inputShape))
        }
        registry.implicitMember("constant", doc: "A constant learning rate (fit's schedule:).")
        registry.implicitMember("cosine", doc: "Cosine annealing of the learning rate to 0 over the run (fit's schedule:).")
        registry.implicitFunction("stepDecay", Signature("every:", "factor:"), doc: "Multiply the learning rate by factor every `every` epochs (fit's schedule:).") { a in
            let every = try a.int(0, "every"), factor = try a.double(1, "factor")
            guard every >= 1, factor > 0, factor <= 1 else { throw ScriptCallError("stepDecay needs every ≥ 1 and 0 < factor ≤ 1") }
            return .object(ScheduleObject(.step(every: every, factor: Float(factor))))
        }
        registry.implicitMember("crossEntropy", doc: "Cross-entropy loss on logits (fit's loss:).")
        registry.implicitMember("mse", doc: "Mean squared error against one-hot targets (fit's loss:).")
    }

    static func model(_ v: Value) throws -> ModelObject {
        guard case .object(let o) = v, let m = o as? ModelObject else { throw ScriptCallError("expected a Sequential model") }
        return m
    }

    static func layer(_ o: ScriptObject) throws -> Layer {
        guard let l = o as? LayerObject else { throw ScriptCallError("expected a layer") }
        return l.layer
    }

    static func matrixValue(_ t: Tensor) -> Value { AnalogBindings.value(t, asVector: false) }

    /// One registered type per layer kind: its initializer, and the members every layer has.
    static func layerTypes() -> [RegisteredType] {
        func kind(_ name: String, _ doc: String, _ signature: Signature, _ defaults: [Value],
                  _ make: @escaping (Arguments) throws -> Layer) -> RegisteredType {
            let t = RegisteredType(name: name, doc: doc)
            t.initializer(signature, defaults: defaults) { a in .object(LayerObject(try AnalogBindings.wrap { try make(a) })) }
            t.property("kind", doc: "The layer's kind.") { o in .string(try layer(o).kind) }
            t.property("details", doc: "The layer's settings in one line.") { o in .string(try layer(o).details) }
            t.property("analogParameters", doc: "Weights on analog tiles.") { o in .int(try layer(o).parameterCounts.analog) }
            t.property("digitalParameters", doc: "Parameters kept digitally.") { o in .int(try layer(o).parameterCounts.digital) }
            t.property("tiles", doc: "The analog tiles the layer's weights live on (plot any of them).") { o in
                .array(try layer(o).tiles.map { .object(TileObject($0)) })
            }
            t.property("weights", doc: "The weights (rows: outputs), for layers that have them; nil otherwise.") { o in
                switch try layer(o) {
                case let l as Linear: return matrixValue(l.weights)
                case let l as AnalogLinear: return matrixValue(l.weights)
                case let c as Conv2d: return matrixValue(c.weights)
                case let c as AnalogConv2d: return matrixValue(c.weights)
                default: return .null
                }
            }
            return t
        }
        /// A layer's seed: the one given, or the next from the cells' generator (so that two layers of
        /// the same shape start differently, and `seed(n)` repeats a notebook exactly).
        func seed(_ a: Arguments, _ i: Int) throws -> UInt64 { a[i] == .null ? a.runtime.nextSeed() : try DataBindings.seed(a, i) }
        func config(_ v: Value) throws -> TileConfig { v == .null ? .inference() : try AnalogBindings.tileConfig(v) }
        return [
            kind("Linear", "A fully connected digital layer: y = W·x + b.", Signature("in:", "out:", "bias:=", "seed:="),
                 [.bool(true), .null]) { a in
                try Linear(inputs: try a.int(0, "in"), outputs: try a.int(1, "out"), bias: try a.bool(2, "bias"), seed: try seed(a, 3))
            },
            kind("AnalogLinear", """
                A fully connected layer on analog tiles of `config` (default .inference(noise: .pcm)), with a digital bias. \
                Layers larger than the config's maximum tile (512×512) are split over several tiles.
                """, Signature("in:", "out:", "bias:=", "config:=", "seed:="), [.bool(true), .null, .null]) { a in
                try AnalogLinear(inputs: try a.int(0, "in"), outputs: try a.int(1, "out"), bias: try a.bool(2, "bias"),
                                 config: try config(a[3]), seed: try seed(a, 4))
            },
            kind("Conv2d", "A digital 2-D convolution over [channels, height, width] samples.",
                 Signature("in:", "out:", "kernel:", "stride:=", "padding:=", "bias:=", "seed:="), [.int(1), .int(0), .bool(true), .null]) { a in
                try Conv2d(inChannels: try a.int(0, "in"), outChannels: try a.int(1, "out"), kernel: try a.int(2, "kernel"),
                           stride: try a.int(3, "stride"), padding: try a.int(4, "padding"), bias: try a.bool(5, "bias"), seed: try seed(a, 6))
            },
            kind("AnalogConv2d", """
                A 2-D convolution on analog tiles: the out × in·k·k kernel matrix on tiles of `config`, each output \
                position one analog read of its patch (im2col).
                """, Signature("in:", "out:", "kernel:", "stride:=", "padding:=", "bias:=", "config:=", "seed:="),
                 [.int(1), .int(0), .bool(true), .null, .null]) { a in
                try AnalogConv2d(inChannels: try a.int(0, "in"), outChannels: try a.int(1, "out"), kernel: try a.int(2, "kernel"),
                                 stride: try a.int(3, "stride"), padding: try a.int(4, "padding"), bias: try a.bool(5, "bias"),
                                 config: try config(a[6]), seed: try seed(a, 7))
            },
            kind("ReLU", "max(0, x), value by value.", Signature(), []) { _ in Activation(.relu) },
            kind("Tanh", "tanh(x), value by value.", Signature(), []) { _ in Activation(.tanh) },
            kind("Sigmoid", "1/(1 + e^−x), value by value.", Signature(), []) { _ in Activation(.sigmoid) },
            kind("Softmax", "Probabilities over each sample's values.", Signature(), []) { _ in Softmax() },
            kind("Flatten", "Each sample as one vector ([C, H, W] → [C·H·W]).", Signature(), []) { _ in Flatten() },
            kind("MaxPool2d", "The largest value of each k×k window, channel by channel.", Signature("_", "stride:="), [.null]) { a in
                try Pool2d(.max, kernel: try a.int(0, "kernel"), stride: a[1] == .null ? nil : try a.int(1, "stride"))
            },
            kind("AvgPool2d", "The mean of each k×k window, channel by channel.", Signature("_", "stride:="), [.null]) { a in
                try Pool2d(.average, kernel: try a.int(0, "kernel"), stride: a[1] == .null ? nil : try a.int(1, "stride"))
            },
            kind("BatchNorm", "Batch normalisation of each feature (or channel), digital, with learned scale and shift.",
                 Signature("_"), []) { a in try BatchNorm(features: try a.int(0, "features")) },
            kind("Dropout", "Zeroes each value with probability p in training (seeded); passes values at inference.",
                 Signature("_=", "seed:="), [.double(0.5), .null]) { a in
                try Dropout(Float(try a.double(0, "p")), seed: try seed(a, 1))
            },
        ]
    }

    static func schedule(_ v: Value) throws -> LearningRateSchedule {
        switch v {
        case .implicitMember("constant"), .null: return .constant
        case .implicitMember("cosine"): return .cosine
        case .object(let o as ScheduleObject): return o.schedule
        default: throw ScriptCallError("schedule: takes .constant, .cosine or .stepDecay(every:factor:)")
        }
    }

    static func loss(_ v: Value) throws -> Loss {
        switch v {
        case .implicitMember("crossEntropy"): return .crossEntropy
        case .implicitMember("mse"): return .mse
        default: throw ScriptCallError("loss: takes .crossEntropy or .mse")
        }
    }

    static func modelType(_ tracker: ProgressTracker) -> RegisteredType {
        let t = RegisteredType(name: "Sequential", doc: """
            Layers applied in order: a network to train, convert to analog tiles, program and drift.

                let model = Sequential([Conv2d(in: 1, out: 8, kernel: 3, padding: 1), ReLU(), MaxPool2d(2),
                                        Flatten(), Linear(in: 512, out: 10)])
                let history = model.fit(train, epochs: 5, batchSize: 32, lr: 0.05, momentum: 0.9, test: test)
                let analog = convertToAnalog(model, config: .standardHWA)
                analog.calibrateInputRanges(train)
                analog.driftStudy(test, times: [1, 3600, 86_400, 31_536_000], repeats: 5).plot()
            """)
        t.initializer(Signature("_")) { a in
            let layers = try a.array(0, "layers").map { v -> Layer in
                guard case .object(let o) = v, let l = o as? LayerObject else {
                    throw ScriptCallError("Sequential takes an array of layers, e.g. [Linear(in: 2, out: 8), ReLU()]")
                }
                return l.layer
            }
            return .object(ModelObject(try AnalogBindings.wrap { try Sequential(layers) }))
        }
        func m(_ o: ScriptObject) throws -> ModelObject {
            guard let m = o as? ModelObject else { throw ScriptCallError("expected a Sequential model") }
            return m
        }
        t.property("layers", doc: "The layers, in order.") { o in .array(try m(o).model.layers.map { .object(LayerObject($0)) }) }
        t.property("tiles", doc: "Every analog tile of the model.") { o in .array(try m(o).model.tiles.map { .object(TileObject($0)) }) }
        t.method("summary", Signature("input:="), defaults: [.null], doc: """
            A table per layer: kind, settings, output shape, tiles (and how they split the layer), tile utilization, \
            analog and digital parameters. `input:` is one sample's shape (the last dataset's by default).
            """) { o, a in
            let mo = try m(o)
            let shape: [Int]
            if a[0] != .null {
                shape = try a.array(0, "input").map { v -> Int in
                    guard case .int(let i) = v else { throw ScriptCallError("input: takes a shape such as [1, 16, 16]") }
                    return i
                }
            } else if let known = mo.inputShape {
                shape = known
            } else if let first = mo.model.layers.first as? Linear {
                shape = [first.inputs]
            } else if let first = mo.model.layers.first as? AnalogLinear {
                shape = [first.inputs]
            } else {
                throw ScriptCallError("summary(input:) needs one sample's shape, e.g. summary(input: [1, 16, 16]), until the model has seen data")
            }
            return .object(TableObject(try AnalogBindings.wrap { try mo.model.summary(inputShape: shape) }))
        }
        t.method("fit", Signature("_", "epochs:=", "batchSize:=", "lr:=", "momentum:=", "weightDecay:=", "schedule:=", "loss:=",
                                  "test:=", "seed:=", "progress:="),
                 defaults: [.int(5), .int(32), .double(0.05), .double(0), .double(0), .implicitMember("constant"),
                            .implicitMember("crossEntropy"), .null, .int(0), .bool(true)], doc: """
            Trains on a Dataset with seeded, shuffled mini-batches and SGD (momentum, weight decay, a schedule). Digital \
            layers and floating-point tiles update exactly, device tiles by pulses; hardware-aware training is the \
            tile config's noise, clipping and remapping. Shows a live progress bar; interrupting stops at the end \
            of a batch with the weights as they are. Returns the history: epoch, loss, train and test accuracy, seconds.
            """) { o, a in
            let mo = try m(o)
            let train = try DataBindings.dataset(a[0], "a training Dataset")
            var options = FitOptions()
            options.epochs = try a.int(1, "epochs")
            options.batchSize = try a.int(2, "batchSize")
            options.lr = Float(try a.double(3, "lr"))
            options.momentum = Float(try a.double(4, "momentum"))
            options.weightDecay = Float(try a.double(5, "weightDecay"))
            options.schedule = try schedule(a[6])
            options.loss = try loss(a[7])
            options.seed = try DataBindings.seed(a, 9)
            let test = a[8] == .null ? nil : try DataBindings.dataset(a[8], "a test Dataset")
            guard (1...1_000_000).contains(options.epochs), options.batchSize >= 1 else {
                throw ScriptCallError("fit needs 1…1000000 epochs and batchSize ≥ 1")
            }
            mo.inputShape = train.shape
            let batchSize = Swift.min(options.batchSize, train.count)
            let batches = (train.count + batchSize - 1) / batchSize
            let bar = try a.bool(10, "progress") ? ProgressObject(total: Swift.max(0, options.epochs) * batches, label: "training", runtime: a.runtime) : nil
            if let bar { tracker.add(bar) }
            let history = try AnalogBindings.wrap {
                try mo.model.fit(train, test: test, options: options) { p in
                    bar?.progress.advance(by: 1)
                    try a.poll()
                }
            }
            bar?.progress.finish()
            let table = try Sequential.historyTable(history)
            let curves = test == nil ? ["train accuracy"] : ["train accuracy", "test accuracy"]
            return .object(TableObject(table, plotHint: PlotHint(x: "epoch", y: curves, title: "Training history", yLabel: "accuracy (%)")))
        }
        t.method("evaluate", Signature("_"), doc: "The fraction of a Dataset's samples the model classifies correctly (0…1).") { o, a in
            let mo = try m(o)
            let data = try DataBindings.dataset(a[0])
            mo.inputShape = data.shape
            return .double(try AnalogBindings.wrap { try mo.model.evaluate(data).accuracy })
        }
        t.method("predict", Signature("_"), doc: "The model's outputs for each sample of a Dataset ([[Double]]).") { o, a in
            let data = try DataBindings.dataset(a[0])
            return matrixValue(try AnalogBindings.wrap { try m(o).model.predict(data.inputs, shape: data.shape) })
        }
        t.method("program", Signature("compensateDrift:="), defaults: [.null], doc: """
            Programs every analog tile with its config's inference noise (drift compensation as the config says, unless given).
            """) { o, a in
            let compensate: Bool? = a[0] == .null ? nil : try a.bool(0, "compensateDrift")
            try AnalogBindings.wrap { try m(o).model.program(compensateDrift: compensate) }
            return .void
        }
        t.method("drift", Signature("to:"), doc: "Lets every programmed tile drift to `to` seconds after programming.") { o, a in
            let seconds = try a.double(0, "to")
            try AnalogBindings.wrap { try m(o).model.drift(to: seconds) }
            return .void
        }
        t.method("calibrateInputRanges", Signature("_", "batches:="), defaults: [.int(10)], doc: """
            Post-training input-range calibration: sets each analog layer's input range (for configs that have one, such as \
            .standardHWA) from the inputs it sees on a few batches of the Dataset. Returns the ranges.
            """) { o, a in
            let data = try DataBindings.dataset(a[0])
            let batches = try a.int(1, "batches")
            let set = try AnalogBindings.wrap { try m(o).model.calibrateInputRanges(data, batches: batches) { _ in try a.poll() } }
            return .array(set.map { .double(Double($0.range)) })
        }
        t.method("driftStudy", Signature("_", "times:", "repeats:=", "compensateDrift:=", "progress:="), defaults: [.int(5), .null, .bool(true)], doc: """
            Accuracy over time after programming: for each of `repeats` programmings, drift to each time (seconds) and \
            evaluate. A Table of time, mean accuracy and std (in %); `.plot()` draws it on a log time axis.
            """) { o, a in
            let mo = try m(o)
            let data = try DataBindings.dataset(a[0])
            let times = try a.doubles(1, "times")
            let repeats = try a.int(2, "repeats")
            let compensate: Bool? = a[3] == .null ? nil : try a.bool(3, "compensateDrift")
            let bar = try a.bool(4, "progress") ? ProgressObject(total: Swift.max(0, repeats), label: "drift study", runtime: a.runtime) : nil
            if let bar { tracker.add(bar) }
            let rows = try AnalogBindings.wrap {
                try mo.model.driftStudy(data, times: times, repeats: repeats, compensateDrift: compensate) { _ in
                    bar?.progress.advance(by: 1)
                    try a.poll()
                }
            }
            bar?.progress.finish()
            let compensated = compensate ?? (mo.model.tiles.first?.config.compensatesDrift ?? true)
            let table = try Table(columns: [
                Column("time", rows.map { .double($0.time) }, unit: "s"),
                Column("accuracy", rows.map { .double($0.mean * 100) }, unit: "%"),
                Column("std", rows.map { .double($0.std * 100) }, unit: "%"),
            ], title: "Accuracy after programming (\(repeats) programmings\(compensated ? ", global drift compensation" : ", no compensation"))")
            return .object(TableObject(table, plotHint: PlotHint(x: "time", y: ["accuracy"], error: "std", logX: true,
                                                                 yLabel: "accuracy (%)")))
        }
        return t
    }
}
