import Analog
import Display
import SwiftScript

/// Cell names for datasets: `Dataset.digits`, `.blobs`, `.spirals`, `.keywords`, `.idx`, `.csv`.
enum DataBindings {
    static func register(in registry: ScriptRegistry) {
        registry.register(datasetType())
    }

    static func datasetType() -> ToolkitType<Dataset> {
        let t = ToolkitType<Dataset>(doc: """
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
        t.staticFunction("digits", Signature("samples: = 5000", "seed: = 0"), doc: """
            Synthetic handwritten digits: 16×16 images in [0, 1], ten balanced classes, each drawn with its own slant, size, shift, wobble and pen.
            """) { a in try Dataset.digits(samples: a.int("samples"), seed: a.seed()) { try a.poll() } }
        t.staticFunction("blobs", Signature("samples: = 600", "classes: = 3", "features: = 2", "spread: = 1.0", "seed: = 0"),
                         doc: "Gaussian clusters around centres on a circle of radius 4.") { a in
            try Dataset.blobs(samples: a.int("samples"), classes: a.int("classes"), features: a.int("features"),
                              spread: a.float("spread"), seed: a.seed())
        }
        t.staticFunction("spirals", Signature("samples: = 600", "turns: = 1.5", "noise: = 0.05", "seed: = 0"),
                         doc: "Two interleaved spirals (two classes).") { a in
            try Dataset.spirals(samples: a.int("samples"), turns: a.float("turns"), noise: a.float("noise"), seed: a.seed())
        }
        t.staticFunction("keywords", Signature("samples: = 2000", "classes: = 6", "seed: = 0"), doc: """
            Keyword-spotting-like spectrograms (16 bands × 24 frames): each class a sequence of gliding tones, varied in onset, speed, pitch and loudness.
            """) { a in try Dataset.keywords(samples: a.int("samples"), classes: a.int("classes"), seed: a.seed()) { try a.poll() } }
        t.staticFunction("idx", Signature("images:", "labels:"),
                         doc: "Images and labels from MNIST-format IDX files (bytes scaled to [0, 1]).") { a in
            try Dataset.idx(images: a.string("images"), labels: a.string("labels"))
        }
        t.staticFunction("csv", Signature("_ path", "labelColumn: = nil"), doc: """
            A CSV table with a header: numeric feature columns and a label column (the last by default; indices or names).
            """) { a in
            let label: String? = if case .string(let s) = a["labelColumn"] { s } else { nil }
            return try Dataset.csv(a.string("path"), labelColumn: label)
        }
        t.property("count", \.count, doc: "Number of samples.")
        t.property("name", \.name, doc: "The dataset's name.")
        t.property("shape", \.shape, doc: "One sample's shape: [features] or [channels, height, width].")
        t.property("classes", \.classNames, doc: "The class names.")
        t.property("labels", \.labels, doc: "Each sample's class index.")
        t.property("classCounts", \.classCounts, doc: "Samples per class.")
        t.method("split", Signature("_ fraction", "seed: = 0"), doc: """
            A seeded shuffle, then (train, test): the first fraction of the samples and the rest. `let (train, test) = data.split(0.8)`
            """) { data, a in
            let (train, test) = try data.split(a.double("fraction"), seed: a.seed())
            return Value.tuple(TupleValue([train.cellValue, test.cellValue]))
        }
        t.method("subset", Signature("_ indices"), doc: "The samples at the given indices.") { data, a in
            let indices = try a.array("indices").map { v -> Int in
                guard case .int(let i) = v else { throw ScriptCallError("subset takes sample indices (Int)") }
                return i
            }
            return try data.subset(indices)
        }
        t.method("preview", Signature("count: = 32"), doc: """
            A picture of the data: a mosaic of images with their labels, a scatter plot of two-feature sets, or a heatmap of features.
            """) { data, a in try data.preview(count: a.int("count")) }
        t.method("sample", Signature("_ index"), doc: "One sample's values ([Double]).") { data, a in
            let i = try a.int("index")
            guard (0..<data.count).contains(i) else { throw ScriptCallError("sample index \(i) is outside 0…\(data.count - 1)") }
            return Array(data.inputs.values[(i * data.inputs.cols)..<((i + 1) * data.inputs.cols)])
        }
        return t
    }
}
