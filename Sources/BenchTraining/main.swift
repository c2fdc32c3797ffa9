import Analog
import Foundation

// `make bench-training`: training throughput (samples/s) of the notebook-02 CNN and of a
// 784-256-10 MLP, in floating point, with hardware-aware training (StandardHWATrainingPreset) and
// with in-situ training on pulsed devices, batch 32, one epoch each.

func cnn(_ config: TileConfig?) throws -> Sequential {
    guard let config else {
        return try Sequential([
            Conv2d(inChannels: 1, outChannels: 4, kernel: 3, padding: 1, seed: 1), Activation(.relu), Pool2d(.max, kernel: 2),
            Conv2d(inChannels: 4, outChannels: 8, kernel: 3, padding: 1, seed: 2), Activation(.relu), Pool2d(.max, kernel: 2),
            Flatten(), Linear(inputs: 128, outputs: 10, seed: 3),
        ])
    }
    return try Sequential([
        AnalogConv2d(inChannels: 1, outChannels: 4, kernel: 3, padding: 1, config: config, seed: 1), Activation(.relu), Pool2d(.max, kernel: 2),
        AnalogConv2d(inChannels: 4, outChannels: 8, kernel: 3, padding: 1, config: config, seed: 2), Activation(.relu), Pool2d(.max, kernel: 2),
        Flatten(), AnalogLinear(inputs: 128, outputs: 10, config: config, seed: 3),
    ])
}

func mlp(_ config: TileConfig?) throws -> Sequential {
    guard let config else {
        return try Sequential([Linear(inputs: 784, outputs: 256, seed: 1), Activation(.relu), Linear(inputs: 256, outputs: 10, seed: 2)])
    }
    return try Sequential([AnalogLinear(inputs: 784, outputs: 256, config: config, seed: 1), Activation(.relu),
                           AnalogLinear(inputs: 256, outputs: 10, config: config, seed: 2)])
}

/// Samples per second of one epoch of `fit` (median of `runs` epochs on fresh models).
func throughput(_ make: () throws -> Sequential, _ data: Dataset, runs: Int = 3) throws -> Double {
    var options = FitOptions()
    options.epochs = 1
    options.batchSize = 32
    options.lr = 0.01
    var rates: [Double] = []
    for _ in 0..<runs {
        let model = try make()
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try model.fit(data, options: options)
        rates.append(Double(data.count) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    }
    return rates.sorted()[rates.count / 2]
}

do {
    let digits = try Dataset.digits(samples: 2048, seed: 1)
    var rng = Philox(seed: 2)
    let wide = try Dataset(name: "784-feature inputs", inputs: Tensor.uniform(rows: 1024, cols: 784, rng: &rng),
                           labels: (0..<1024).map { $0 % 10 })
    let device = TileConfig.singleDevice(.gokmenVlasov)
    print("bench-training: one epoch, batch 32, median of 3 runs; samples/s (higher is better)")
    print("")
    print("| model | floating point | HWA (StandardHWATrainingPreset) | in-situ (GokmenVlasovPreset, pulsed) |")
    print("|---|---:|---:|---:|")
    for (name, build, data) in [("notebook-02 CNN (16×16 digits, 2048 samples)", cnn, digits),
                                ("MLP 784-256-10 (1024 samples)", mlp, wide)] as [(String, (TileConfig?) throws -> Sequential, Dataset)] {
        // MODE=fp, hwa or insitu times one column only (for profiling); the others print 0.
        let mode = ProcessInfo.processInfo.environment["MODE"]
        func timed(_ column: String, _ body: () throws -> Double) rethrows -> Double { mode == nil || mode == column ? try body() : 0 }
        let fp = try timed("fp") { try throughput({ try build(nil) }, data) }
        let hwa = try timed("hwa") { try throughput({ try build(.standardHWA) }, data) }
        let insitu = try timed("insitu") { try throughput({ try build(device) }, data, runs: 1) }
        print(String(format: "| %@ | %.0f | %.0f | %.0f |", name, fp, hwa, insitu))
    }
} catch {
    FileHandle.standardError.write(Data("bench-training: \(error)\n".utf8))
    exit(1)
}
print("")
print("AIHWKit's figures: scripts/bench_training_aihwkit.py runs the same models where aihwkit is installed.")
