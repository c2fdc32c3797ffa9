import Display
import Foundation

// Writes one SVG per figure kind into the folder given as the first argument (default
// docs/gallery), plus gallery.md beside that folder and index.html inside it, so people can
// look at every kind and a headless browser can render them all in one page.

struct Example {
    let name: String
    let caption: String
    let build: () throws -> Figure
}

/// A deterministic pseudo-random sequence (LCG) so the gallery is identical on every run.
struct Sequence {
    var state: UInt64
    mutating func next() -> Double {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Double(state >> 11) / Double(1 << 53)
    }
    mutating func normal() -> Double {
        let u = max(next(), 1e-12), v = next()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }
}

let examples: [Example] = [
    Example(name: "line", caption: "Line plot with two series, legend and axis labels") {
        let t = (0...50).map { Double($0) / 5 }
        var f = try Figure(title: "Conductance relaxation")
        try f.axes[0].line(x: t, y: t.map { exp(-$0 / 3) }, label: "device A")
        try f.axes[0].line(x: t, y: t.map { exp(-$0 / 5) }, label: "device B", dashed: true)
        f.axes[0].xLabel = "time (s)"
        f.axes[0].yLabel = "normalised conductance"
        return f
    },
    Example(name: "scatter", caption: "Scatter plot of analog vs ideal outputs") {
        var r = Sequence(state: 7)
        let ideal = (0..<300).map { _ in r.normal() }
        let analog = ideal.map { $0 + 0.15 * r.normal() }
        var f = try Figure(title: "Analog MVM vs ideal")
        try f.axes[0].scatter(x: ideal, y: analog, label: "outputs", size: 2.5)
        try f.axes[0].line(x: [-3, 3], y: [-3, 3], label: "y = x", color: "#555555", dashed: true)
        f.axes[0].xLabel = "ideal output"
        f.axes[0].yLabel = "analog output"
        f.axes[0].legend = .topLeft
        return f
    },
    Example(name: "bar-grouped", caption: "Grouped bars: accuracy by device preset") {
        var f = try Figure(title: "Test accuracy by preset")
        let presets = ["Idealized", "PCM", "ReRAM ES", "ReRAM SB", "EcRAM"]
        try f.axes[0].bar(categories: presets, values: [98.1, 93.4, 95.2, 94.8, 96.9], label: "1 s")
        try f.axes[0].bar(categories: presets, values: [98.1, 88.7, 94.9, 94.0, 96.5], label: "1 day")
        f.axes[0].yLabel = "accuracy (%)"
        f.axes[0].yLimits = 80...100
        return f
    },
    Example(name: "bar-stacked", caption: "Stacked bars: parameters per layer, analog and digital") {
        var f = try Figure(title: "Parameter split")
        f.axes[0].barMode = .stacked
        let layers = ["conv1", "conv2", "fc1", "fc2"]
        try f.axes[0].bar(categories: layers, values: [0, 18_432, 401_408, 1_280], label: "analog")
        try f.axes[0].bar(categories: layers, values: [864, 64, 256, 10], label: "digital")
        f.axes[0].yLabel = "parameters"
        return f
    },
    Example(name: "histogram", caption: "Histogram of MVM errors") {
        var r = Sequence(state: 11)
        var f = try Figure(title: "MVM error distribution")
        try f.axes[0].histogram((0..<5000).map { _ in 0.02 * r.normal() }, bins: 40, label: "PCM, t = 1 h")
        f.axes[0].xLabel = "error"
        f.axes[0].yLabel = "count"
        return f
    },
    Example(name: "heatmap", caption: "Heatmap of a tile's conductances with colour bar") {
        var r = Sequence(state: 3)
        let m = (0..<32).map { i in (0..<32).map { j in 12.5 + 10 * sin(Double(i) / 5) * cos(Double(j) / 7) + r.normal() } }
        var f = try Figure(title: "Tile conductances")
        try f.axes[0].heatmap(m, colorBarLabel: "conductance (µS)")
        return f
    },
    Example(name: "errorbars-band", caption: "Error bars and a shaded band on a log time axis") {
        let times: [Double] = [1, 60, 3600, 86_400, 2_592_000, 31_536_000]
        let mean: [Double] = [97.8, 97.1, 96.2, 95.0, 93.1, 91.2]
        let std: [Double] = [0.2, 0.3, 0.4, 0.6, 0.8, 1.1]
        var f = try Figure(title: "Accuracy over time")
        try f.axes[0].band(x: times, lower: zip(mean, std).map { $0 - 2 * $1 }, upper: zip(mean, std).map { $0 + 2 * $1 }, label: "± 2σ")
        try f.axes[0].errorBars(x: times, y: mean, error: std, label: "mean ± σ")
        f.axes[0].xScale = .log
        f.axes[0].xLabel = "time after programming (s)"
        f.axes[0].yLabel = "accuracy (%)"
        f.axes[0].horizontalLine(at: 95, label: "target")
        f.axes[0].legend = .bottomLeft
        return f
    },
    Example(name: "step-log", caption: "Step plot with a log y axis and an annotation") {
        let x = (0..<12).map(Double.init)
        var f = try Figure(title: "Learning-rate schedule")
        try f.axes[0].step(x: x, y: x.map { 0.1 * pow(0.5, floor($0 / 3)) }, label: "lr")
        f.axes[0].yScale = .log
        f.axes[0].annotate("first decay", x: 3, y: 0.05)
        f.axes[0].xLabel = "epoch"
        f.axes[0].yLabel = "learning rate"
        return f
    },
    Example(name: "subplots", caption: "A 2 × 2 grid of panels") {
        var f = try Figure(rows: 2, columns: 2, title: "Device response")
        let pulses = (0..<200).map(Double.init)
        for (k, name) in ["Constant step", "Linear step", "Soft bounds", "Exp step"].enumerated() {
            let r = k / 2, c = k % 2
            let up = pulses.prefix(100).map { p in 1 - exp(-p / Double(30 + 20 * k)) }
            let down = (0..<100).map { p in (up.last ?? 1) * exp(-Double(p) / Double(30 + 20 * k)) }
            try f[r, c].line(x: pulses, y: up + down, label: name)
            f[r, c].title = name
            f[r, c].legend = .none
        }
        return f
    },
    Example(name: "long-line", caption: "A 100,000-point line, decimated to its envelope") {
        var r = Sequence(state: 5)
        let x = (0..<100_000).map(Double.init)
        var f = try Figure(title: "Read noise over 100k reads")
        try f.axes[0].line(x: x, y: x.map { sin($0 / 8000) + 0.1 * r.normal() }, label: "signal")
        f.axes[0].xLabel = "read"
        return f
    },
]

let arguments = CommandLine.arguments
let folder = arguments.count > 1 ? arguments[1] : "docs/gallery"
do {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var markdown = "# Figure gallery\n\nOne example of every figure kind Crossbar draws, written by `make gallery` "
    markdown += "(source: `Sources/Gallery/main.swift`). Every file is standalone SVG 1.1.\n\n"
    var html = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Crossbar figure gallery</title></head><body style=\"background:#fff\">\n"
    let base = (folder as NSString).lastPathComponent
    for e in examples {
        let svg = try e.build().svg()
        try svg.write(toFile: (folder as NSString).appendingPathComponent(e.name + ".svg"), atomically: true, encoding: .utf8)
        markdown += "## \(e.caption)\n\n![\(e.caption)](\(base)/\(e.name).svg)\n\n"
        html += "<figure><img src=\"\(e.name).svg\" alt=\"\(htmlEscape(e.caption))\"><figcaption>\(htmlEscape(e.caption))</figcaption></figure>\n"
        print("wrote \(folder)/\(e.name).svg (\(svg.utf8.count) bytes)")
    }
    html += "</body></html>\n"
    try html.write(toFile: (folder as NSString).appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
    let mdPath = ((folder as NSString).deletingLastPathComponent as NSString).appendingPathComponent("gallery.md")
    try markdown.write(toFile: mdPath, atomically: true, encoding: .utf8)
    print("wrote \(mdPath)")
} catch {
    FileHandle.standardError.write(Data("gallery: \(error)\n".utf8))
    exit(1)
}
