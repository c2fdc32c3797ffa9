import Analog
import Display
import SwiftScript

/// A dataset as cells see it.
final class DatasetObject: ScriptObject {
    let dataset: Dataset
    init(_ dataset: Dataset) { self.dataset = dataset }
    var scriptTypeName: String { "Dataset" }
    func mimeBundle() -> MIMEBundle {
        let d = dataset
        return MIMEBundle(plainText: "Dataset \"\(d.name)\": \(d.count) samples of shape \(d.shape.map(String.init).joined(separator: "×")), \(d.classCount) classes")
    }
}

/// Cell names for datasets: `Dataset.digits`, `.blobs`, `.spirals`, `.keywords`, `.idx`, `.csv`.
enum DataBindings {
    static func register(in registry: ScriptRegistry) {
        registry.register(datasetType())
    }

    static func dataset(_ v: Value, _ what: String = "a Dataset") throws -> Dataset {
        guard case .object(let o) = v, let d = o as? DatasetObject else {
            throw ScriptCallError("expected \(what), e.g. Dataset.digits(samples: 2000)")
        }
        return d.dataset
    }

    static func dataset(_ o: ScriptObject) throws -> Dataset {
        guard let d = o as? DatasetObject else { throw ScriptCallError("expected a Dataset") }
        return d.dataset
    }

    static func seed(_ a: Arguments, _ i: Int) throws -> UInt64 { UInt64(bitPattern: Int64(try a.int(i, "seed"))) }

    static func datasetType() -> RegisteredType {
        let t = RegisteredType(name: "Dataset", doc: """
            Labelled samples for classification, generated from a seed (nothing to download) or loaded from \
            files: digits (16×16 synthetic handwriting), blobs, spirals, keywords (spectrogram-like \
            patterns), MNIST-format IDX files and CSV tables.

                let data = Dataset.digits(samples: 6000, seed: 1)
                let (train, test) = data.split(0.8)
                data.preview()
                Dataset.blobs(samples: 600, classes: 3)
                Dataset.idx(images: "train-images-idx3-ubyte", labels: "train-labels-idx1-ubyte")
                Dataset.csv("iris.csv", labelColumn: "species")
            """)
        func make(_ name: String, _ signature: Signature, _ defaults: [Value], _ doc: String, _ body: @escaping (Arguments) throws -> Dataset) {
            t.staticFunctions[name] = BuiltinFunction(name, signature, defaults: defaults, doc: doc) { a in
                .object(DatasetObject(try AnalogBindings.wrap { try body(a) }))
            }
        }
        make("digits", Signature("samples:=", "seed:="), [.int(5000), .int(0)],
             "Synthetic handwritten digits: 16×16 images in [0, 1], ten balanced classes, each drawn with its own slant, size, shift, wobble and pen.") { a in
            try Dataset.digits(samples: try a.int(0, "samples"), seed: try seed(a, 1))
        }
        make("blobs", Signature("samples:=", "classes:=", "features:=", "spread:=", "seed:="),
             [.int(600), .int(3), .int(2), .double(1), .int(0)],
             "Gaussian clusters around centres on a circle of radius 4.") { a in
            try Dataset.blobs(samples: try a.int(0, "samples"), classes: try a.int(1, "classes"), features: try a.int(2, "features"),
                              spread: Float(try a.double(3, "spread")), seed: try seed(a, 4))
        }
        make("spirals", Signature("samples:=", "turns:=", "noise:=", "seed:="), [.int(600), .double(1.5), .double(0.05), .int(0)],
             "Two interleaved spirals (two classes).") { a in
            try Dataset.spirals(samples: try a.int(0, "samples"), turns: Float(try a.double(1, "turns")),
                                noise: Float(try a.double(2, "noise")), seed: try seed(a, 3))
        }
        make("keywords", Signature("samples:=", "classes:=", "seed:="), [.int(2000), .int(6), .int(0)],
             "Keyword-spotting-like spectrograms (16 bands × 24 frames): each class a sequence of gliding tones, varied in onset, speed, pitch and loudness.") { a in
            try Dataset.keywords(samples: try a.int(0, "samples"), classes: try a.int(1, "classes"), seed: try seed(a, 2))
        }
        make("idx", Signature("images:", "labels:"), [], "Images and labels from MNIST-format IDX files (bytes scaled to [0, 1]).") { a in
            try Dataset.idx(images: try a.string(0, "images"), labels: try a.string(1, "labels"))
        }
        make("csv", Signature("_", "labelColumn:="), [.null],
             "A CSV table with a header: numeric feature columns and a label column (the last by default; indices or names).") { a in
            let label: String? = if case .string(let s) = a[1] { s } else { nil }
            return try Dataset.csv(try a.string(0, "path"), labelColumn: label)
        }
        t.property("count", doc: "Number of samples.") { o in .int(try dataset(o).count) }
        t.property("name", doc: "The dataset's name.") { o in .string(try dataset(o).name) }
        t.property("shape", doc: "One sample's shape: [features] or [channels, height, width].") { o in
            .array(try dataset(o).shape.map { .int($0) })
        }
        t.property("classes", doc: "The class names.") { o in .array(try dataset(o).classNames.map { .string($0) }) }
        t.property("labels", doc: "Each sample's class index.") { o in .array(try dataset(o).labels.map { .int($0) }) }
        t.property("classCounts", doc: "Samples per class.") { o in .array(try dataset(o).classCounts.map { .int($0) }) }
        t.method("split", Signature("_", "seed:="), defaults: [.int(0)], doc: """
            A seeded shuffle, then (train, test): the first fraction of the samples and the rest. `let (train, test) = data.split(0.8)`
            """) { o, a in
            let (train, test) = try AnalogBindings.wrap { try dataset(o).split(try a.double(0, "fraction"), seed: try seed(a, 1)) }
            return .tuple(TupleValue([.object(DatasetObject(train)), .object(DatasetObject(test))]))
        }
        t.method("subset", Signature("_"), doc: "The samples at the given indices.") { o, a in
            let indices = try a.array(0, "indices").map { v -> Int in
                guard case .int(let i) = v else { throw ScriptCallError("subset takes sample indices (Int)") }
                return i
            }
            return .object(DatasetObject(try AnalogBindings.wrap { try dataset(o).subset(indices) }))
        }
        t.method("preview", Signature("count:="), defaults: [.int(32)], doc: """
            A picture of the data: a mosaic of images with their labels, a scatter plot of two-feature sets, or a heatmap of features.
            """) { o, a in
            let count = try a.int(0, "count")
            return .object(FigureObject(try AnalogBindings.wrap { try dataset(o).preview(count: count) }))
        }
        t.method("sample", Signature("_"), doc: "One sample's values ([Double]).") { o, a in
            let d = try dataset(o)
            let i = try a.int(0, "index")
            guard (0..<d.count).contains(i) else { throw ScriptCallError("sample index \(i) is outside 0…\(d.count - 1)") }
            return .array(d.inputs.values[(i * d.inputs.cols)..<((i + 1) * d.inputs.cols)].map { .double(Double($0)) })
        }
        return t
    }
}
