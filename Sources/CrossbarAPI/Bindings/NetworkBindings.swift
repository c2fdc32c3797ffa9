import Analog
import Display
import SwiftScript

/// Cell names for networks: the layers, `Sequential` with `fit`, `evaluate` and the inference life
/// cycle, `convertToAnalog` and `convertToDigital`.
enum NetworkBindings {
    static func register(in registry: ScriptRegistry, tracker: ProgressTracker) {
        for type in layerTypes() { registry.register(type) }
        registry.register(modelType(tracker))
        registry.function("convertToAnalog", Signature("_ model", "config: = nil", "seed: = 0", "layers: = nil"), doc: """
            A copy of the model with every Linear and Conv2d (and analog) layer on analog tiles of `config` \
            (default .inference(noise: .pcm)), weights and biases carried over (AIHWKit's convert_to_analog). \
            `layers:` places single layers by index: a config of their own, or .digital to keep them in floating \
            point, e.g. `layers: [0: .digital, 3: .standardHWA]`.
            """) { a in
            let model: Sequential = try a("model")
            return try convertToAnalog(model, config: (a("config") as TileConfig?) ?? .inference(), seed: a.seed(),
                                       placements: placements(a["layers"]))
        }
        registry.function("convertToDigital", Signature("_ model"), doc: "A copy of the model with every analog layer back in floating point.") { a in
            try convertToDigital(a("model"))
        }
        registry.implicitMember("digital", doc: "Keep a layer in floating point (convertToAnalog's layers:).")
        registry.implicitMember("constant", doc: "A constant learning rate (fit's schedule:).")
        registry.implicitMember("cosine", doc: "Cosine annealing of the learning rate to 0 over the run (fit's schedule:).")
        registry.implicitFunction("stepDecay", Signature("every:", "factor:"), doc: "Multiply the learning rate by factor every `every` epochs (fit's schedule:).") { a in
            let every = try a.int("every"), factor = try a.double("factor")
            guard every >= 1, factor > 0, factor <= 1 else { throw ScriptCallError("stepDecay needs every ≥ 1 and 0 < factor ≤ 1") }
            return LearningRateSchedule.step(every: every, factor: Float(factor))
        }
        registry.implicitMember("crossEntropy", doc: "Cross-entropy loss on logits (fit's loss:).")
        registry.implicitMember("mse", doc: "Mean squared error against one-hot targets (fit's loss:).")
    }

    /// `layers: [index: config or .digital]` of convertToAnalog.
    static func placements(_ v: Value) throws -> [Int: LayerPlacement] {
        guard case .dict(let d) = v else {
            if case .null = v { return [:] }
            throw ScriptCallError("layers: takes a dictionary of layer index to a TileConfig or .digital, e.g. [0: .digital]")
        }
        var out: [Int: LayerPlacement] = [:]
        for (key, value) in zip(d.keys, d.values) {
            guard case .int(let index) = key else { throw ScriptCallError("layers: is keyed by layer index (Int), not '\(key.typeName)'") }
            if case .implicitMember("digital") = value { out[index] = .digital; continue }
            out[index] = .analog(try TileConfig.fromCell(value, CellContext(name: "layers[\(index)]", runtime: nil, callSite: nil)))
        }
        return out
    }

    /// One registered type per layer kind: its initializer, and the members every layer has.
    static func layerTypes() -> [ToolkitType<LayerValue>] {
        func kind(_ name: String, _ doc: String, _ signature: Signature, _ make: @escaping (Arguments) throws -> Layer) -> ToolkitType<LayerValue> {
            let t = ToolkitType<LayerValue>(name: name, doc: doc)
            t.initializer(signature) { a in LayerValue(layer: try make(a)) }
            t.property("kind", \.layer.kind, doc: "The layer's kind.")
            t.property("details", \.layer.details, doc: "The layer's settings in one line.")
            t.property("analogParameters", \.layer.parameterCounts.analog, doc: "Weights on analog tiles.")
            t.property("digitalParameters", \.layer.parameterCounts.digital, doc: "Parameters kept digitally.")
            t.property("tiles", \.layer.tiles, doc: "The analog tiles the layer's weights live on (plot any of them).")
            t.settable("weights", doc: """
                The weights (rows: outputs; a convolution's out × in·k·k kernel matrix), for layers that have them; nil \
                otherwise. Setting them replaces them (analog layers program them onto their tiles exactly).
                """, get: { l -> Tensor? in (l.layer as? WeightedLayer)?.weights }, set: { l, w in
                guard let weighted = l.layer as? WeightedLayer else { throw ScriptCallError("\(l.layer.kind) has no weights") }
                guard let w else { throw ScriptCallError("weights cannot be set to nil") }
                try weighted.replaceWeights(w)
            })
            t.settable("bias", doc: "The bias, one value per output; nil for layers without one. Setting it replaces it.",
                       get: { l -> [Float]? in (l.layer as? WeightedLayer)?.biasValues }, set: { l, b in
                guard let weighted = l.layer as? WeightedLayer else { throw ScriptCallError("\(l.layer.kind) has no bias") }
                guard let b else { throw ScriptCallError("a bias cannot be removed; build the layer with bias: false") }
                try weighted.replaceBias(b)
            })
            return t
        }
        /// A layer's seed: the one given, or the next from the cells' generator (so that two layers of
        /// the same shape start differently, and `seed(n)` repeats a notebook exactly).
        func seed(_ a: Arguments) throws -> UInt64 { a.given("seed") ? try a.seed() : a.runtime.nextSeed() }
        func config(_ a: Arguments) throws -> TileConfig { try (a("config") as TileConfig?) ?? .inference() }
        return [
            kind("Linear", "A fully connected digital layer: y = W·x + b.", Signature("in:", "out:", "bias: = true", "seed: = nil")) { a in
                try Linear(inputs: a.int("in"), outputs: a.int("out"), bias: a.bool("bias"), seed: seed(a))
            },
            kind("AnalogLinear", """
                A fully connected layer on analog tiles of `config` (default .inference(noise: .pcm)), with a digital bias. \
                Layers larger than the config's maximum tile (512×512) are split over several tiles.
                """, Signature("in:", "out:", "bias: = true", "config: = nil", "seed: = nil")) { a in
                try AnalogLinear(inputs: a.int("in"), outputs: a.int("out"), bias: a.bool("bias"), config: config(a), seed: seed(a))
            },
            kind("Conv2d", "A digital 2-D convolution over [channels, height, width] samples.",
                 Signature("in:", "out:", "kernel:", "stride: = 1", "padding: = 0", "bias: = true", "seed: = nil")) { a in
                try Conv2d(inChannels: a.int("in"), outChannels: a.int("out"), kernel: a.int("kernel"), stride: a.int("stride"),
                           padding: a.int("padding"), bias: a.bool("bias"), seed: seed(a))
            },
            kind("AnalogConv2d", """
                A 2-D convolution on analog tiles: the out × in·k·k kernel matrix on tiles of `config`, each output \
                position one analog read of its patch (im2col).
                """, Signature("in:", "out:", "kernel:", "stride: = 1", "padding: = 0", "bias: = true", "config: = nil", "seed: = nil")) { a in
                try AnalogConv2d(inChannels: a.int("in"), outChannels: a.int("out"), kernel: a.int("kernel"), stride: a.int("stride"),
                                 padding: a.int("padding"), bias: a.bool("bias"), config: config(a), seed: seed(a))
            },
            kind("ReLU", "max(0, x), value by value.", Signature()) { _ in Activation(.relu) },
            kind("Tanh", "tanh(x), value by value.", Signature()) { _ in Activation(.tanh) },
            kind("Sigmoid", "1/(1 + e^−x), value by value.", Signature()) { _ in Activation(.sigmoid) },
            kind("Softmax", "Probabilities over each sample's values.", Signature()) { _ in Softmax() },
            kind("Flatten", "Each sample as one vector ([C, H, W] → [C·H·W]).", Signature()) { _ in Flatten() },
            kind("MaxPool2d", "The largest value of each k×k window, channel by channel.", Signature("_ kernel", "stride: = nil")) { a in
                try Pool2d(.max, kernel: a.int("kernel"), stride: a("stride"))
            },
            kind("AvgPool2d", "The mean of each k×k window, channel by channel.", Signature("_ kernel", "stride: = nil")) { a in
                try Pool2d(.average, kernel: a.int("kernel"), stride: a("stride"))
            },
            kind("BatchNorm", "Batch normalisation of each feature (or channel), digital, with learned scale and shift.",
                 Signature("_ features")) { a in try BatchNorm(features: a.int("features")) },
            kind("Dropout", "Zeroes each value with probability p in training (seeded); passes values at inference.",
                 Signature("_ p = 0.5", "seed: = nil")) { a in try Dropout(a.float("p"), seed: seed(a)) },
        ]
    }

    /// Layers from `Sequential([...])`.
    static func layers(_ a: Arguments) throws -> [Layer] {
        try a.array("layers").map { v -> Layer in
            guard case .object(let o) = v, let box = o as? ToolkitBox<LayerValue> else {
                throw ScriptCallError("Sequential takes an array of layers, e.g. [Linear(in: 2, out: 8), ReLU()]")
            }
            return box.value.layer
        }
    }

    static func modelType(_ tracker: ProgressTracker) -> ToolkitType<Sequential> {
        let t = ToolkitType<Sequential>(doc: """
            Layers applied in order: a network to train, convert to analog tiles, program and drift.

                let model = Sequential([Conv2d(in: 1, out: 8, kernel: 3, padding: 1), ReLU(), MaxPool2d(2),
                                        Flatten(), Linear(in: 512, out: 10)])
                let history = model.fit(train, epochs: 5, batchSize: 32, lr: 0.05, momentum: 0.9, test: test)
                let analog = convertToAnalog(model, config: .standardHWA)
                analog.calibrateInputRanges(train)
                analog.driftStudy(test, times: [1, 3600, 86_400, 31_536_000], repeats: 5).plot()
            """)
        t.initializer(Signature("_ layers")) { a in try Sequential(try layers(a)) }
        t.property("layers", doc: "The layers, in order.") { m in m.layers.map(LayerValue.init) }
        t.property("tiles", \.tiles, doc: "Every analog tile of the model.")
        t.method("summary", Signature("input: = nil"), doc: """
            A table per layer: kind, settings, output shape, tiles (and how they split the layer), tile utilization, \
            analog and digital parameters. `input:` is one sample's shape (the last dataset's by default).
            """) { model, a in
            if let shape: [Int] = try a("input") { return try model.summary(inputShape: shape) }
            return try model.summary()
        }
        t.method("fit", Signature("_ training data", "epochs: = 5", "batchSize: = 32", "lr: = 0.05", "momentum: = 0.0", "weightDecay: = 0.0",
                                  "schedule: = .constant", "loss: = .crossEntropy", "test: = nil", "seed: = 0", "progress: = true"), doc: """
            Trains on a Dataset with seeded, shuffled mini-batches and SGD (momentum, weight decay, a schedule). Digital \
            layers and floating-point tiles update exactly, device tiles by pulses; hardware-aware training is the \
            tile config's noise, clipping and remapping. Shows a live progress bar; interrupting stops at the end \
            of a batch with the weights as they are. Returns the history: epoch, loss, train and test accuracy, seconds.
            """) { model, a in
            let train: Dataset = try a("training data")
            var options = FitOptions()
            options.epochs = try a.int("epochs")
            options.batchSize = try a.int("batchSize")
            options.lr = try a.float("lr")
            options.momentum = try a.float("momentum")
            options.weightDecay = try a.float("weightDecay")
            options.schedule = try a("schedule")
            options.loss = try a("loss")
            options.seed = try a.seed()
            let test: Dataset? = try a("test")
            guard (1...1_000_000).contains(options.epochs), options.batchSize >= 1 else {
                throw ScriptCallError("fit needs 1…1000000 epochs and batchSize ≥ 1")
            }
            let batchSize = Swift.min(options.batchSize, train.count)
            let batches = (train.count + batchSize - 1) / batchSize
            let bar = try a.bool("progress") ? tracker.bar(total: options.epochs * batches, label: "training", runtime: a.runtime) : nil
            // Each finished epoch is kept, so that an interrupted `let h = model.fit(…)` binds the history so far.
            var records: [EpochRecord] = []
            let history = try model.fit(train, test: test, options: options) { _ in
                bar?.progress.advance(by: 1)
                try a.poll()
            } checkpoint: {
                try a.poll()
            } onEpoch: { record in
                records.append(record)
                a.keepPartialResult(try Sequential.historyTable(records).cellValue)
            }
            bar?.progress.finish()
            return try Sequential.historyTable(history)
        }
        t.method("evaluate", Signature("_ data"), doc: "The fraction of a Dataset's samples the model classifies correctly (0…1).") { model, a in
            try model.evaluate(a("data")) { try a.poll() }.accuracy
        }
        t.method("predict", Signature("_ data"), doc: "The model's outputs for each sample of a Dataset ([[Double]]).") { model, a in
            let data: Dataset = try a("data")
            return try model.predict(data.inputs, shape: data.shape) { try a.poll() }
        }
        t.action("program", Signature("compensateDrift: = nil"), doc: """
            Programs every analog tile with its config's inference noise (drift compensation as the config says, unless given).
            """) { model, a in try model.program(compensateDrift: a("compensateDrift")) }
        t.action("drift", Signature("to:"), doc: "Lets every programmed tile drift to `to` seconds after programming.") { model, a in
            try model.drift(to: a.double("to"))
        }
        t.method("calibrateInputRanges", Signature("_ data", "batches: = 10"), doc: """
            Post-training input-range calibration: sets each analog layer's input range (for configs that have one, such as \
            .standardHWA) from the inputs it sees on a few batches of the Dataset. Returns the ranges.
            """) { model, a in
            try model.calibrateInputRanges(a("data"), batches: a.int("batches")) { _ in try a.poll() }.map(\.range)
        }
        t.method("driftStudy", Signature("_ data", "times:", "repeats: = 5", "compensateDrift: = nil", "progress: = true"), doc: """
            Accuracy over time after programming: for each of `repeats` programmings, drift to each time (seconds) and \
            evaluate. A Table of time, mean accuracy and std (in %); `.plot()` draws it on a log time axis.
            """) { model, a in
            let repeats = try a.int("repeats")
            let bar = try a.bool("progress") ? tracker.bar(total: repeats, label: "drift study", runtime: a.runtime) : nil
            let table = try model.driftStudyTable(a("data"), times: a.doubles("times"), repeats: repeats,
                                                  compensateDrift: a("compensateDrift")) { _ in
                bar?.progress.advance(by: 1)
                try a.poll()
            } checkpoint: {
                try a.poll()
            }
            bar?.progress.finish()
            return table
        }
        return t
    }
}
