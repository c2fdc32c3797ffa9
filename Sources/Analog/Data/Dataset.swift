import Foundation

/// Labelled samples for classification: one row of `inputs` per sample (in `shape`), a class
/// index per sample, and the class names.
public struct Dataset: Sendable {
    public let name: String
    public let inputs: Tensor
    public let labels: [Int]
    public let shape: [Int]
    public let classNames: [String]

    public init(name: String, inputs: Tensor, labels: [Int], shape: [Int]? = nil, classNames: [String]? = nil) throws {
        guard inputs.rows > 0 else { throw AnalogError(.dataset, "a dataset needs at least one sample") }
        guard labels.count == inputs.rows else {
            throw AnalogError(.dataset, "\(inputs.rows) samples need \(inputs.rows) labels, not \(labels.count)")
        }
        let shape = shape ?? [inputs.cols]
        guard shape.allSatisfy({ $0 > 0 }), shape.reduce(1, *) == inputs.cols else {
            throw AnalogError(.dataset, "samples of shape \(shape) have \(shape.reduce(1, *)) values, not \(inputs.cols)")
        }
        guard inputs.isFinite else { throw AnalogError(.dataset, "dataset inputs must be finite numbers") }
        if let bad = labels.first(where: { $0 < 0 || $0 >= Dataset.maxClasses }) {
            throw AnalogError(.dataset, "label \(bad) is not a class index: labels are 0, 1, … up to \(Dataset.maxClasses - 1)")
        }
        let classes = classNames?.count ?? ((labels.max() ?? 0) + 1)
        if let bad = labels.first(where: { $0 >= classes }) {
            throw AnalogError(.dataset, "label \(bad) is outside the classes 0…\(classes - 1)")
        }
        self.name = name
        self.inputs = inputs
        self.labels = labels
        self.shape = shape
        self.classNames = classNames ?? (0..<classes).map(String.init)
    }

    /// The most classes a dataset may have (a label column of IDs or timestamps is refused).
    public static let maxClasses = 100_000

    public var count: Int { inputs.rows }
    public var classCount: Int { classNames.count }

    /// The samples at `indices`, in that order.
    public func subset(_ indices: [Int], name: String? = nil) throws -> Dataset {
        guard !indices.isEmpty else { throw AnalogError(.dataset, "a subset needs at least one sample") }
        guard indices.allSatisfy({ (0..<count).contains($0) }) else { throw AnalogError(.dataset, "subset indices must be within 0…\(count - 1)") }
        let f = inputs.cols
        var values = [Float](repeating: 0, count: indices.count * f)
        for (k, i) in indices.enumerated() {
            for j in 0..<f { values[k * f + j] = inputs.values[i * f + j] }
        }
        return try Dataset(name: name ?? self.name, inputs: Tensor(rows: indices.count, cols: f, values: values),
                           labels: indices.map { labels[$0] }, shape: shape, classNames: classNames)
    }

    /// A seeded shuffle, then the first `fraction` of the samples and the rest (train, test).
    public func split(_ fraction: Double, seed: UInt64 = 0) throws -> (Dataset, Dataset) {
        guard fraction > 0, fraction < 1 else { throw AnalogError(.dataset, "split takes a fraction strictly between 0 and 1, not \(fraction)") }
        let order = Dataset.shuffled(count, seed: seed)
        let cut = Int((Double(count) * fraction).rounded())
        guard cut > 0, cut < count else { throw AnalogError(.dataset, "splitting \(count) samples at \(fraction) leaves one side empty") }
        return (try subset(Array(order[..<cut]), name: "\(name) (train)"), try subset(Array(order[cut...]), name: "\(name) (test)"))
    }

    /// 0..<n in a seeded random order (Fisher–Yates with Philox).
    static func shuffled(_ n: Int, seed: UInt64) -> [Int] {
        var rng = Philox(seed: seed, stream: 41)
        var order = Array(0..<n)
        if n > 1 {
            for i in stride(from: n - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                order.swapAt(i, j)
            }
        }
        return order
    }

    /// How many samples each class has.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for l in labels { counts[l] += 1 }
        return counts
    }
}

// MARK: - Generated datasets

extension Dataset {
    /// Gaussian blobs: `classes` clusters of std `spread` around centres spaced evenly on a circle of
    /// radius 4 (in the first two features; further features are noise around 0).
    public static func blobs(samples: Int = 600, classes: Int = 3, features: Int = 2, spread: Float = 1,
                             seed: UInt64 = 0) throws -> Dataset {
        guard (1...10_000_000).contains(samples), (2...100).contains(classes), (2...10_000).contains(features), spread >= 0,
              spread.isFinite else {
            throw AnalogError(.dataset, "blobs needs samples > 0, 2…100 classes, 2…10000 features and spread ≥ 0")
        }
        var rng = Philox(seed: seed, stream: 43)
        var values = [Float](repeating: 0, count: samples * features)
        var labels = [Int](repeating: 0, count: samples)
        for i in 0..<samples {
            let c = i % classes
            labels[i] = c
            let angle = 2 * Float.pi * Float(c) / Float(classes)
            for j in 0..<features {
                let centre: Float = j == 0 ? 4 * cosf(angle) : (j == 1 ? 4 * sinf(angle) : 0)
                values[i * features + j] = centre + spread * rng.normal()
            }
        }
        return try Dataset(name: "blobs", inputs: Tensor(rows: samples, cols: features, values: values), labels: labels)
    }

    /// Two interleaved spirals (two classes), `turns` turns each, with Gaussian noise.
    public static func spirals(samples: Int = 600, turns: Float = 1.5, noise: Float = 0.05, seed: UInt64 = 0) throws -> Dataset {
        guard (2...10_000_000).contains(samples), turns > 0, turns.isFinite, noise >= 0, noise.isFinite else {
            throw AnalogError(.dataset, "spirals needs 2…10000000 samples, turns > 0 and noise ≥ 0")
        }
        var rng = Philox(seed: seed, stream: 47)
        var values = [Float](repeating: 0, count: samples * 2)
        var labels = [Int](repeating: 0, count: samples)
        let perClass = (samples + 1) / 2
        for i in 0..<samples {
            let c = i % 2
            let t = Float(i / 2) / Float(Swift.max(1, perClass - 1))
            let radius = 0.1 + 0.9 * t
            let angle = 2 * Float.pi * turns * t + Float(c) * Float.pi
            values[2 * i] = radius * cosf(angle) + noise * rng.normal()
            values[2 * i + 1] = radius * sinf(angle) + noise * rng.normal()
            labels[i] = c
        }
        return try Dataset(name: "spirals", inputs: Tensor(rows: samples, cols: 2, values: values), labels: labels)
    }
}
