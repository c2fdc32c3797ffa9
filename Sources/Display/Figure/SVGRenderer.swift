import Foundation

/// The result of rendering: the SVG document and how many non-finite points were left out.
public struct RenderedFigure: Sendable {
    public let svg: String
    public let skippedPoints: Int
}

extension Figure: MIMERepresentable {
    /// Standalone SVG 1.1; throws a `FigureError` for data the axes cannot show.
    public func svg() throws -> String { try render().svg }

    /// Renders and reports skipped points.
    public func render() throws -> RenderedFigure {
        var r = SVGRenderer(figure: self)
        return try r.run()
    }

    /// Throws the error rendering would (every value NaN, a log axis over non-positive data), so
    /// that a figure that cannot be drawn fails where it is made rather than showing as text.
    public func validate() throws { _ = try render() }

    /// Writes the SVG to a file.
    public func save(svg path: String) throws {
        let text = try svg()
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw FigureError("cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    public var mimeBundle: MIMEBundle {
        do {
            let rendered = try render()
            let seriesCount = axes.reduce(0) { $0 + $1.series.count }
            var text = "<Figure \(Int(width))×\(Int(height)) px, \(rows)×\(columns) panel(s), \(seriesCount) series"
            if let title { text += ": \(title)" }
            if rendered.skippedPoints > 0 { text += "; \(rendered.skippedPoints) non-finite point(s) skipped" }
            var bundle = MIMEBundle(plainText: text + ">")
            bundle.set("image/svg+xml", .string(rendered.svg))
            return bundle
        } catch {
            return MIMEBundle(plainText: "Figure cannot be drawn: \(error)")
        }
    }
}

/// Lays out panels and writes SVG elements. Coordinates carry two decimals so output is
/// deterministic and compact.
struct SVGRenderer {
    let figure: Figure
    var out = ""
    var skipped = 0
    /// Whether the panel being drawn slants its category labels (set per panel by drawPanel).
    var rotateCategoryLabels = false
    static let font = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"

    let contentHash: String

    init(figure: Figure) {
        self.figure = figure
        contentHash = SVGRenderer.hash(figure)
    }

    /// FNV-1a over the figure's size, panel layout and data: a stable, content-derived id.
    static func hash(_ figure: Figure) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        func mix(_ v: UInt64) { h = (h ^ v) &* 0x100000001b3 }
        mix(figure.width.bitPattern)
        mix(figure.height.bitPattern)
        for a in figure.axes {
            for s in a.series {
                mix(UInt64(s.x.count))
                for v in s.x { mix(v.bitPattern) }
                for v in s.y { mix(v.bitPattern) }
                for v in s.lower { mix(v.bitPattern) }
                for v in s.upper { mix(v.bitPattern) }
            }
            mix(a.yLimits.map { $0.lowerBound.bitPattern ^ $0.upperBound.bitPattern } ?? 1)
            mix(a.xLimits.map { $0.lowerBound.bitPattern ^ $0.upperBound.bitPattern } ?? 2)
        }
        return String(h, radix: 16)
    }

    mutating func run() throws -> RenderedFigure {
        let w = figure.width, h = figure.height
        out.reserveCapacity(16_384)
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(n(w))\" height=\"\(n(h))\" viewBox=\"0 0 \(n(w)) \(n(h))\" font-family=\"\(SVGRenderer.font)\" font-size=\"12\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        var top = 0.0
        if let title = figure.title {
            out += "<text class=\"figure-title\" x=\"\(n(w / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"16\" font-weight=\"bold\">\(esc(title))</text>\n"
            top = 30
        }
        let cellW = w / Double(figure.columns), cellH = (h - top) / Double(figure.rows)
        for r in 0..<figure.rows {
            for c in 0..<figure.columns {
                let axes = figure.axes[r * figure.columns + c]
                let cell = Rect(x: Double(c) * cellW, y: top + Double(r) * cellH, w: cellW, h: cellH)
                try drawPanel(axes, in: cell, panel: r * figure.columns + c)
            }
        }
        if skipped > 0 {
            out += "<text class=\"skipped-note\" x=\"\(n(w - 6))\" y=\"\(n(h - 6))\" text-anchor=\"end\" font-size=\"10\" fill=\"#888888\">\(skipped) non-finite point(s) skipped</text>\n"
        }
        out += "</svg>\n"
        return RenderedFigure(svg: out, skippedPoints: skipped)
    }

    struct Rect {
        var x, y, w, h: Double
        var maxX: Double { x + w }
        var maxY: Double { y + h }
    }

    // MARK: panel

    mutating func drawPanel(_ axes: Axes, in cell: Rect, panel: Int) throws {
        let isHeatmap = axes.series.contains { $0.kind == .heatmap }
        var plot = Rect(x: cell.x + 62, y: cell.y + 12, w: cell.w - 62 - 16, h: cell.h - 12 - 40)
        if axes.yLabel != nil { plot.x += 18; plot.w -= 18 }
        if axes.xLabel != nil { plot.h -= 18 }
        if axes.title != nil { plot.y += 22; plot.h -= 22 }
        if isHeatmap { plot.w -= 72 }
        // Category labels too long to sit side by side are slanted; the panel makes room below
        // (and to the left, for the first label) so they neither overlap the axis label nor leave the figure.
        let categories = isHeatmap ? [] : axes.categories
        let longest = Double(categories.map { $0.count }.max() ?? 0) * 6.8
        rotateCategoryLabels = !categories.isEmpty && (categories.count > 8 || longest + 6 > plot.w / Double(categories.count))
        var labelDrop = 0.0
        if rotateCategoryLabels {
            labelDrop = Swift.max(0, Swift.min(160, 0.57 * longest - 12))
            plot.h -= labelDrop
            let overhang = Swift.max(0, Swift.min(160, 0.82 * longest - plot.w / Double(2 * categories.count) - 40))
            plot.x += overhang
            plot.w -= overhang
        }
        guard plot.w > 20, plot.h > 20 else { throw FigureError("the figure is too small for its panels; make it larger") }

        out += "<g class=\"panel\" data-panel=\"\(panel)\">\n"
        if let title = axes.title {
            out += "<text class=\"axes-title\" x=\"\(n(plot.x + plot.w / 2))\" y=\"\(n(plot.y - 8))\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">\(esc(title))</text>\n"
        }
        if axes.series.isEmpty && axes.referenceLines.isEmpty {
            out += "<rect x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\" fill=\"none\" stroke=\"#cccccc\"/>\n"
            out += "<text x=\"\(n(plot.x + plot.w / 2))\" y=\"\(n(plot.y + plot.h / 2))\" text-anchor=\"middle\" fill=\"#999999\">(empty)</text>\n</g>\n"
            return
        }
        if isHeatmap {
            try drawHeatmap(axes, plot: plot)
        } else {
            let (xMap, yMap) = try resolveAxes(axes, plot: plot)
            drawGridAndTicks(axes, xMap: xMap, yMap: yMap, plot: plot)
            // Data outside explicit limits is clipped to the plot area. The id is derived from the
            // figure's content so output stays deterministic, and two figures on one page that
            // share an id are identical and so share the same clip rectangle.
            let clip = "crossbar-clip-\(contentHash)-\(panel)"
            out += "<clipPath id=\"\(clip)\"><rect x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\"/></clipPath>\n"
            out += "<g class=\"plot-area\" clip-path=\"url(#\(clip))\">\n"
            var colorIndex = 0
            let bars = axes.series.filter { $0.kind == .bar }
            var stackBase = [Double](repeating: 0, count: axes.categories.count)
            var barIndex = 0
            for s in axes.series {
                let color = s.color ?? Palette.color(colorIndex)
                colorIndex += 1
                switch s.kind {
                case .line, .step: drawLine(s, color: color, xMap: xMap, yMap: yMap, plot: plot)
                case .scatter: drawScatter(s, color: color, xMap: xMap, yMap: yMap)
                case .bar:
                    drawBars(s, color: color, index: barIndex, of: bars.count, mode: axes.barMode, base: &stackBase,
                             xMap: xMap, yMap: yMap)
                    barIndex += 1
                case .histogram: drawHistogram(s, color: color, xMap: xMap, yMap: yMap)
                case .errorBars: drawErrorBars(s, color: color, xMap: xMap, yMap: yMap)
                case .band: drawBand(s, color: color, xMap: xMap, yMap: yMap)
                case .heatmap: break
                }
            }
            drawReferences(axes, xMap: xMap, yMap: yMap, plot: plot)
            out += "</g>\n"
            drawLegend(axes, plot: plot, xMap: xMap, yMap: yMap)
        }
        if let xl = axes.xLabel {
            out += "<text class=\"axis-label\" x=\"\(n(plot.x + plot.w / 2))\" y=\"\(n(plot.y + plot.h + 38 + labelDrop))\" text-anchor=\"middle\" font-size=\"13\">\(esc(xl))</text>\n"
        }
        if let yl = axes.yLabel {
            let x = plot.x - 58, y = plot.y + plot.h / 2
            out += "<text class=\"axis-label\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\" font-size=\"13\" transform=\"rotate(-90 \(n(x)) \(n(y)))\">\(esc(yl))</text>\n"
        }
        out += "</g>\n"
    }

    // MARK: scales

    /// Data ranges over every finite value; log axes refuse non-positive data.
    func resolveAxes(_ axes: Axes, plot: Rect) throws -> (AxisMap, AxisMap) {
        var xs: [Double] = [], ys: [Double] = []
        for (i, s) in axes.series.enumerated() {
            let name = s.label.map { "'\($0)'" } ?? "#\(i + 1)"
            func checkLog(_ values: [Double], _ scale: AxisScale, _ axis: String) throws {
                guard scale == .log else { return }
                if let j = values.firstIndex(where: { $0.isFinite && $0 <= 0 }) {
                    throw FigureError("log \(axis) axis cannot show \(NumberFormat.significant(values[j])) (series \(name), point \(j)); use a linear axis or drop non-positive values")
                }
            }
            switch s.kind {
            case .bar:
                ys.append(contentsOf: s.y)
                try checkLog(s.y, axes.yScale, "y")
            case .histogram:
                xs.append(contentsOf: s.x)
                ys.append(contentsOf: s.y.filter { axes.yScale == .linear || $0 > 0 })
                try checkLog(s.x, axes.xScale, "x")
            default:
                try checkLog(s.x, axes.xScale, "x")
                try checkLog(s.y + s.lower + s.upper, axes.yScale, "y")
                xs.append(contentsOf: s.x)
                ys.append(contentsOf: s.y + s.lower + s.upper)
            }
        }
        let hasBars = axes.series.contains { $0.kind == .bar || $0.kind == .histogram }
        if hasBars && axes.yScale == .linear { ys.append(0) }
        if axes.barMode == .stacked && axes.series.contains(where: { $0.kind == .bar }) {
            var totals = [Double](repeating: 0, count: axes.categories.count)
            var negatives = totals
            for s in axes.series where s.kind == .bar {
                for (k, v) in s.y.enumerated() where k < totals.count && v.isFinite {
                    if v >= 0 { totals[k] += v } else { negatives[k] += v }
                }
            }
            ys.append(contentsOf: totals + negatives)
        }
        for r in axes.referenceLines {
            if r.orientation == .horizontal { ys.append(r.value) } else { xs.append(r.value) }
        }
        xs = xs.filter(\.isFinite)
        ys = ys.filter(\.isFinite)
        guard !ys.isEmpty else { throw FigureError("nothing to draw: every value is NaN or infinite") }

        let categorical = !axes.categories.isEmpty
        let xMap: AxisMap
        if categorical {
            let count = Double(axes.categories.count)
            xMap = AxisMap(scale: .linear, low: -0.5, high: count - 0.5, pixelLow: plot.x, pixelHigh: plot.x + plot.w,
                           ticks: axes.categories.indices.map(Double.init))
        } else {
            guard !xs.isEmpty else { throw FigureError("nothing to draw: every x value is NaN or infinite") }
            xMap = map(values: xs, scale: axes.xScale, limits: axes.xLimits, from: plot.x, to: plot.x + plot.w, target: max(3, Int(plot.w / 90)))
        }
        let yMap = map(values: ys, scale: axes.yScale, limits: axes.yLimits, from: plot.y + plot.h, to: plot.y, target: max(3, Int(plot.h / 60)))
        return (xMap, yMap)
    }

    func map(values: [Double], scale: AxisScale, limits: ClosedRange<Double>?, from: Double, to: Double, target: Int) -> AxisMap {
        let lo = limits?.lowerBound ?? (values.min() ?? 0)
        let hi = limits?.upperBound ?? (values.max() ?? 1)
        switch scale {
        case .linear:
            let t = Ticks.linear(low: lo, high: hi, target: target)
            let (l, h) = limits.map { ($0.lowerBound, $0.upperBound) } ?? (t.low, t.high)
            return AxisMap(scale: .linear, low: l, high: h == l ? l + 1 : h, pixelLow: from, pixelHigh: to,
                           ticks: t.ticks.filter { $0 >= l - 1e-12 && $0 <= h + 1e-12 })
        case .log:
            let safeLo = max(lo, Double.leastNormalMagnitude), safeHi = max(hi, safeLo)
            let t = Ticks.log(low: safeLo, high: safeHi)
            // The axis ends near the data (data up to 1024 ends near 1024, not at 10⁴), padded by a few
            // hundredths of its decades, unless fewer than two decade ticks would then remain.
            let pad = pow(10, max(0.02, 0.04 * log10(safeHi / safeLo)))
            let near = (safeLo / pad, safeHi * pad)
            let nearTicks = t.ticks.filter { $0 >= near.0 * 0.999 && $0 <= near.1 * 1.001 }.count
            let (l, h) = limits.map { (max($0.lowerBound, Double.leastNormalMagnitude), $0.upperBound) }
                ?? (nearTicks >= 2 ? near : (t.low, t.high))
            return AxisMap(scale: .log, low: l, high: h, pixelLow: from, pixelHigh: to, ticks: t.ticks.filter { $0 >= l * 0.999 && $0 <= h * 1.001 })
        }
    }

    mutating func drawGridAndTicks(_ axes: Axes, xMap: AxisMap, yMap: AxisMap, plot: Rect) {
        out += "<rect class=\"plot-background\" x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\" fill=\"#fbfbfd\" stroke=\"none\"/>\n"
        let xStep = xMap.ticks.count > 1 ? abs(xMap.ticks[1] - xMap.ticks[0]) : 1
        let yStep = yMap.ticks.count > 1 ? abs(yMap.ticks[1] - yMap.ticks[0]) : 1
        out += "<g class=\"x-ticks\">\n"
        let categorical = !axes.categories.isEmpty
        let rotate = categorical && rotateCategoryLabels
        for t in xMap.ticks {
            let x = xMap.position(t)
            if !categorical {
                out += "<line x1=\"\(n(x))\" y1=\"\(n(plot.y))\" x2=\"\(n(x))\" y2=\"\(n(plot.y + plot.h))\" stroke=\"#e4e6eb\" stroke-width=\"1\"/>\n"
            }
            out += "<line x1=\"\(n(x))\" y1=\"\(n(plot.y + plot.h))\" x2=\"\(n(x))\" y2=\"\(n(plot.y + plot.h + 5))\" stroke=\"#333333\"/>\n"
            let text: String
            if categorical {
                let i = Int(t)
                text = i >= 0 && i < axes.categories.count ? axes.categories[i] : ""
            } else {
                text = Ticks.label(t, scale: xMap.scale, step: xStep)
            }
            let y = plot.y + plot.h + 18
            if rotate {
                out += "<text class=\"tick-label\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"end\" transform=\"rotate(-35 \(n(x)) \(n(y)))\">\(esc(text))</text>\n"
            } else {
                out += "<text class=\"tick-label\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\">\(esc(text))</text>\n"
            }
        }
        out += "</g>\n<g class=\"y-ticks\">\n"
        for t in yMap.ticks {
            let y = yMap.position(t)
            out += "<line x1=\"\(n(plot.x))\" y1=\"\(n(y))\" x2=\"\(n(plot.x + plot.w))\" y2=\"\(n(y))\" stroke=\"#e4e6eb\" stroke-width=\"1\"/>\n"
            out += "<line x1=\"\(n(plot.x - 5))\" y1=\"\(n(y))\" x2=\"\(n(plot.x))\" y2=\"\(n(y))\" stroke=\"#333333\"/>\n"
            out += "<text class=\"tick-label\" x=\"\(n(plot.x - 8))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(esc(Ticks.label(t, scale: yMap.scale, step: yStep)))</text>\n"
        }
        out += "</g>\n"
        out += "<rect class=\"frame\" x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\" fill=\"none\" stroke=\"#333333\"/>\n"
    }

    // MARK: series

    /// Finite points in order; a non-finite point ends a segment (and is counted as skipped).
    mutating func segments(_ s: Series, xMap: AxisMap, yMap: AxisMap) -> [[(Double, Double)]] {
        var result: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for (x, y) in zip(s.x, s.y) {
            if x.isFinite && y.isFinite {
                current.append((xMap.position(x), yMap.position(y)))
            } else {
                skipped += 1
                if !current.isEmpty { result.append(current); current = [] }
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Min/max decimation per pixel column: long series keep their envelope, not every point.
    static func decimate(_ points: [(Double, Double)], columns: Int) -> [(Double, Double)] {
        guard points.count > columns * 4 else { return points }
        for i in 1..<points.count where points[i].0 < points[i - 1].0 { return points }  // only for increasing x
        var out: [(Double, Double)] = []
        var bucket: [(Double, Double)] = []
        var column = Int(points[0].0)
        func flush() {
            guard let first = bucket.first, let last = bucket.last else { return }
            var lo = first, hi = first
            for p in bucket { if p.1 < lo.1 { lo = p }; if p.1 > hi.1 { hi = p } }
            let chosen = [first, lo, hi, last].sorted { $0.0 < $1.0 }
            var prev: (Double, Double)? = nil
            for p in chosen where prev.map({ $0 != p }) ?? true { out.append(p); prev = p }
        }
        for p in points {
            if Int(p.0) != column { flush(); bucket = []; column = Int(p.0) }
            bucket.append(p)
        }
        flush()
        return out
    }

    mutating func drawLine(_ s: Series, color: String, xMap: AxisMap, yMap: AxisMap, plot: Rect) {
        out += "<g class=\"series series-\(s.kind.rawValue)\"\(labelAttr(s))>\n"
        for seg in segments(s, xMap: xMap, yMap: yMap) {
            var pts = seg
            if s.kind == .step {
                var stepped: [(Double, Double)] = []
                for (i, p) in seg.enumerated() {
                    if i > 0 { stepped.append((p.0, seg[i - 1].1)) }
                    stepped.append(p)
                }
                pts = stepped
            }
            pts = SVGRenderer.decimate(pts, columns: Int(plot.w))
            let dash = s.dashed ? " stroke-dasharray=\"6 4\"" : ""
            out += "<polyline class=\"mark\" points=\"\(pts.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(n(s.lineWidth))\" stroke-linejoin=\"round\"\(dash)/>\n"
        }
        out += "</g>\n"
    }

    mutating func drawScatter(_ s: Series, color: String, xMap: AxisMap, yMap: AxisMap) {
        out += "<g class=\"series series-scatter\"\(labelAttr(s)) fill=\"\(color)\" fill-opacity=\"0.8\">\n"
        let pts = segments(s, xMap: xMap, yMap: yMap).flatMap { $0 }
        // Dense clouds: one marker per marker-sized cell is indistinguishable and keeps files small.
        var seen = Set<Int64>()
        let cell = pts.count > 2000 ? max(1, s.markerSize) : 0
        for p in pts {
            if cell > 0 {
                let key = Int64((p.0 / cell).rounded()) << 32 | Int64((p.1 / cell).rounded())
                if !seen.insert(key).inserted { continue }
            }
            out += "<circle class=\"mark\" cx=\"\(n(p.0))\" cy=\"\(n(p.1))\" r=\"\(n(s.markerSize))\"/>\n"
        }
        out += "</g>\n"
    }

    mutating func drawBars(_ s: Series, color: String, index: Int, of count: Int, mode: BarMode, base: inout [Double],
                           xMap: AxisMap, yMap: AxisMap) {
        out += "<g class=\"series series-bar\"\(labelAttr(s)) fill=\"\(color)\">\n"
        let slot = abs(xMap.position(1) - xMap.position(0)) * 0.8
        for (k, v) in s.y.enumerated() {
            guard v.isFinite else { skipped += 1; continue }
            let center = xMap.position(Double(k))
            var x0 = center - slot / 2, width = slot
            var bottom = yMap.scale == .log ? yMap.low : 0.0, top = v
            if mode == .grouped {
                width = slot / Double(max(1, count))
                x0 = center - slot / 2 + Double(index) * width
            } else if k < base.count {
                bottom = base[k]
                top = base[k] + v
                base[k] = top
            }
            let y1 = yMap.position(top), y0 = yMap.position(bottom)
            out += "<rect class=\"mark\" x=\"\(n(x0))\" y=\"\(n(min(y0, y1)))\" width=\"\(n(max(0.5, width - 1)))\" height=\"\(n(abs(y0 - y1)))\"/>\n"
        }
        out += "</g>\n"
    }

    mutating func drawHistogram(_ s: Series, color: String, xMap: AxisMap, yMap: AxisMap) {
        skipped += Int(s.lower.first ?? 0)
        out += "<g class=\"series series-histogram\"\(labelAttr(s)) fill=\"\(color)\" fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"0.5\">\n"
        let baseline = yMap.scale == .log ? yMap.low : 0
        for (k, c) in s.y.enumerated() where k + 1 < s.x.count {
            if yMap.scale == .log && c <= 0 { continue }
            let x0 = xMap.position(s.x[k]), x1 = xMap.position(s.x[k + 1])
            let y1 = yMap.position(c), y0 = yMap.position(baseline)
            out += "<rect class=\"mark\" x=\"\(n(min(x0, x1)))\" y=\"\(n(min(y0, y1)))\" width=\"\(n(abs(x1 - x0)))\" height=\"\(n(abs(y0 - y1)))\"/>\n"
        }
        out += "</g>\n"
    }

    mutating func drawErrorBars(_ s: Series, color: String, xMap: AxisMap, yMap: AxisMap) {
        out += "<g class=\"series series-errorBars\"\(labelAttr(s)) stroke=\"\(color)\" fill=\"\(color)\">\n"
        for i in s.x.indices {
            let (x, y, lo, hi) = (s.x[i], s.y[i], s.lower[i], s.upper[i])
            guard x.isFinite, y.isFinite, lo.isFinite, hi.isFinite else { skipped += 1; continue }
            let px = xMap.position(x), py = yMap.position(y), plo = yMap.position(lo), phi = yMap.position(hi)
            out += "<path d=\"M\(n(px)) \(n(plo))V\(n(phi))M\(n(px - 4)) \(n(plo))H\(n(px + 4))M\(n(px - 4)) \(n(phi))H\(n(px + 4))\" stroke-width=\"1.5\" fill=\"none\"/>\n"
            out += "<circle class=\"mark\" cx=\"\(n(px))\" cy=\"\(n(py))\" r=\"3.5\" stroke=\"none\"/>\n"
        }
        out += "</g>\n"
    }

    mutating func drawBand(_ s: Series, color: String, xMap: AxisMap, yMap: AxisMap) {
        var upper: [(Double, Double)] = [], lower: [(Double, Double)] = []
        for i in s.x.indices {
            guard s.x[i].isFinite, s.lower[i].isFinite, s.upper[i].isFinite else { skipped += 1; continue }
            upper.append((xMap.position(s.x[i]), yMap.position(s.upper[i])))
            lower.append((xMap.position(s.x[i]), yMap.position(s.lower[i])))
        }
        let ring = upper + lower.reversed()
        out += "<g class=\"series series-band\"\(labelAttr(s))>\n"
        out += "<polygon class=\"mark\" points=\"\(ring.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.25\" stroke=\"none\"/>\n"
        out += "</g>\n"
    }

    mutating func drawReferences(_ axes: Axes, xMap: AxisMap, yMap: AxisMap, plot: Rect) {
        for r in axes.referenceLines where r.value.isFinite {
            if r.orientation == .horizontal {
                let y = yMap.position(r.value)
                out += "<line class=\"reference\" x1=\"\(n(plot.x))\" y1=\"\(n(y))\" x2=\"\(n(plot.x + plot.w))\" y2=\"\(n(y))\" stroke=\"#555555\" stroke-dasharray=\"5 4\"/>\n"
                if let l = r.label { out += "<text x=\"\(n(plot.x + 4))\" y=\"\(n(y - 4))\" font-size=\"11\" fill=\"#555555\">\(esc(l))</text>\n" }
            } else {
                let x = xMap.position(r.value)
                out += "<line class=\"reference\" x1=\"\(n(x))\" y1=\"\(n(plot.y))\" x2=\"\(n(x))\" y2=\"\(n(plot.y + plot.h))\" stroke=\"#555555\" stroke-dasharray=\"5 4\"/>\n"
                if let l = r.label { out += "<text x=\"\(n(x + 4))\" y=\"\(n(plot.y + 12))\" font-size=\"11\" fill=\"#555555\">\(esc(l))</text>\n" }
            }
        }
        for a in axes.annotations where a.x.isFinite && a.y.isFinite {
            if (xMap.scale == .log && a.x <= 0) || (yMap.scale == .log && a.y <= 0) { continue }
            let x = xMap.position(a.x), y = yMap.position(a.y)
            out += "<g class=\"annotation\"><circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"2.5\" fill=\"#333333\"/><text x=\"\(n(x + 6))\" y=\"\(n(y - 6))\" font-size=\"11\">\(esc(a.text))</text></g>\n"
        }
    }

    /// The legend's corner for `best`: the one whose box covers the fewest points of the line and
    /// scatter series (lines sampled along their segments), top right on ties.
    func bestLegendCorner(_ axes: Axes, plot: Rect, width: Double, height: Double, xMap: AxisMap, yMap: AxisMap) -> LegendPosition {
        var points: [(Double, Double)] = []
        for s in axes.series where s.kind == .line || s.kind == .step || s.kind == .scatter || s.kind == .errorBars {
            var previous: (Double, Double)?
            for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite {
                if (xMap.scale == .log && x <= 0) || (yMap.scale == .log && y <= 0) { continue }
                let p = (xMap.position(x), yMap.position(y))
                if s.kind != .scatter, let q = previous {
                    for k in 1..<8 {
                        let t = Double(k) / 8
                        points.append((q.0 + t * (p.0 - q.0), q.1 + t * (p.1 - q.1)))
                    }
                }
                points.append(p)
                previous = p
            }
        }
        var best = LegendPosition.topRight, fewest = Int.max
        for corner in [LegendPosition.topRight, .topLeft, .bottomRight, .bottomLeft] {
            // A little margin: a line that grazes the box's edge still reads as covered.
            let box = legendBox(corner, plot: plot, width: width, height: height)
            let r = Rect(x: box.x - 8, y: box.y - 8, w: box.w + 16, h: box.h + 16)
            let covered = points.filter { $0.0 >= r.x && $0.0 <= r.maxX && $0.1 >= r.y && $0.1 <= r.maxY }.count
            if covered < fewest {
                fewest = covered
                best = corner
            }
        }
        return best
    }

    func legendBox(_ corner: LegendPosition, plot: Rect, width: Double, height: Double) -> Rect {
        let x: Double = (corner == .topLeft || corner == .bottomLeft) ? plot.x + 8 : plot.x + plot.w - width - 8
        let y: Double = (corner == .bottomLeft || corner == .bottomRight) ? plot.y + plot.h - height - 8 : plot.y + 8
        return Rect(x: x, y: y, w: width, h: height)
    }

    mutating func drawLegend(_ axes: Axes, plot: Rect, xMap: AxisMap, yMap: AxisMap) {
        guard axes.legend != .none else { return }
        var entries: [(String, String, SeriesKind)] = []
        for (i, s) in axes.series.enumerated() {
            if let l = s.label { entries.append((l, s.color ?? Palette.color(i), s.kind)) }
        }
        guard !entries.isEmpty else { return }
        let width = Double(entries.map { $0.0.count }.max() ?? 0) * 7.3 + 36
        let height = Double(entries.count) * 18 + 8
        let corner = axes.legend == .best ? bestLegendCorner(axes, plot: plot, width: width, height: height, xMap: xMap, yMap: yMap) : axes.legend
        let box = legendBox(corner, plot: plot, width: width, height: height)
        let x = box.x, y = box.y
        out += "<g class=\"legend\">\n<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"#ffffff\" fill-opacity=\"0.9\" stroke=\"#cccccc\" rx=\"3\"/>\n"
        for (k, e) in entries.enumerated() {
            let cy = y + 13 + Double(k) * 18
            switch e.2 {
            case .line, .step:
                out += "<line x1=\"\(n(x + 6))\" y1=\"\(n(cy))\" x2=\"\(n(x + 24))\" y2=\"\(n(cy))\" stroke=\"\(e.1)\" stroke-width=\"2.5\"/>\n"
            case .scatter, .errorBars:
                out += "<circle cx=\"\(n(x + 15))\" cy=\"\(n(cy))\" r=\"4\" fill=\"\(e.1)\"/>\n"
            default:
                out += "<rect x=\"\(n(x + 8))\" y=\"\(n(cy - 6))\" width=\"14\" height=\"12\" fill=\"\(e.1)\"\(e.2 == .band ? " fill-opacity=\"0.35\"" : "")/>\n"
            }
            out += "<text class=\"legend-label\" x=\"\(n(x + 30))\" y=\"\(n(cy + 4))\">\(esc(e.0))</text>\n"
        }
        out += "</g>\n"
    }

    // MARK: heatmap

    mutating func drawHeatmap(_ axes: Axes, plot: Rect) throws {
        guard let s = axes.series.first(where: { $0.kind == .heatmap }), let cols = s.matrix.first?.count, cols > 0 else {
            throw FigureError("heatmap needs a non-empty matrix")
        }
        let rows = s.matrix.count
        let finite = s.matrix.flatMap { $0 }.filter(\.isFinite)
        skipped += rows * cols - finite.count
        guard let lo = finite.min(), let hi = finite.max() else { throw FigureError("heatmap: every value is NaN or infinite") }
        // Blocks of cells are averaged so that at most 128 × 128 rectangles are written.
        let rStep = max(1, Int((Double(rows) / 128).rounded(.up))), cStep = max(1, Int((Double(cols) / 128).rounded(.up)))
        let shownRows = (rows + rStep - 1) / rStep, shownCols = (cols + cStep - 1) / cStep
        let cw = plot.w / Double(shownCols), ch = plot.h / Double(shownRows)
        out += "<g class=\"series series-heatmap\" shape-rendering=\"crispEdges\">\n"
        for br in 0..<shownRows {
            for bc in 0..<shownCols {
                var sum = 0.0, count = 0
                for r in (br * rStep)..<min(rows, (br + 1) * rStep) {
                    for c in (bc * cStep)..<min(cols, (bc + 1) * cStep) where s.matrix[r][c].isFinite {
                        sum += s.matrix[r][c]
                        count += 1
                    }
                }
                let v = count > 0 ? sum / Double(count) : .nan
                let t = hi > lo ? (v - lo) / (hi - lo) : 0.5
                out += "<rect class=\"mark\" x=\"\(n(plot.x + Double(bc) * cw))\" y=\"\(n(plot.y + Double(br) * ch))\" width=\"\(n(cw + 0.3))\" height=\"\(n(ch + 0.3))\" fill=\"\(Palette.viridis(t))\"/>\n"
            }
        }
        out += "</g>\n"
        out += "<rect class=\"frame\" x=\"\(n(plot.x))\" y=\"\(n(plot.y))\" width=\"\(n(plot.w))\" height=\"\(n(plot.h))\" fill=\"none\" stroke=\"#333333\"/>\n"
        // Axis labels: names when given and few enough, otherwise index ticks.
        func labels(count: Int, names: [String]) -> [(Int, String)] {
            if !names.isEmpty && names.count == count && count <= 24 { return names.enumerated().map { ($0, $1) } }
            let t = Ticks.linear(low: 0, high: Double(max(0, count - 1)), target: 6).ticks.filter { $0 >= 0 && $0 < Double(count) }
            return t.map { (Int($0), String(Int($0))) }
        }
        out += "<g class=\"x-ticks\">\n"
        for (c, text) in labels(count: cols, names: axes.heatmapColumnLabels) {
            let x = plot.x + (Double(c) + 0.5) * plot.w / Double(cols)
            out += "<text class=\"tick-label\" x=\"\(n(x))\" y=\"\(n(plot.y + plot.h + 16))\" text-anchor=\"middle\">\(esc(text))</text>\n"
        }
        out += "</g>\n<g class=\"y-ticks\">\n"
        for (r, text) in labels(count: rows, names: axes.heatmapRowLabels) {
            let y = plot.y + (Double(r) + 0.5) * plot.h / Double(rows)
            out += "<text class=\"tick-label\" x=\"\(n(plot.x - 6))\" y=\"\(n(y + 4))\" text-anchor=\"end\">\(esc(text))</text>\n"
        }
        out += "</g>\n"
        // Colour bar: 48 stacked swatches (no gradients, so nothing needs an id).
        let barX = plot.x + plot.w + 14, barW = 14.0, steps = 48
        out += "<g class=\"colorbar\" shape-rendering=\"crispEdges\">\n"
        for k in 0..<steps {
            let t = Double(k) / Double(steps - 1)
            let y = plot.y + plot.h - Double(k + 1) * plot.h / Double(steps)
            out += "<rect x=\"\(n(barX))\" y=\"\(n(y))\" width=\"\(n(barW))\" height=\"\(n(plot.h / Double(steps) + 0.3))\" fill=\"\(Palette.viridis(t))\"/>\n"
        }
        out += "<rect x=\"\(n(barX))\" y=\"\(n(plot.y))\" width=\"\(n(barW))\" height=\"\(n(plot.h))\" fill=\"none\" stroke=\"#333333\"/>\n"
        let t = Ticks.linear(low: lo, high: hi == lo ? lo + 1 : hi, target: 5)
        let step = t.ticks.count > 1 ? t.ticks[1] - t.ticks[0] : 1
        for v in t.ticks where v >= lo - 1e-12 && v <= hi + 1e-12 {
            let y = hi > lo ? plot.y + plot.h - (v - lo) / (hi - lo) * plot.h : plot.y + plot.h / 2
            out += "<text class=\"colorbar-label\" x=\"\(n(barX + barW + 4))\" y=\"\(n(y + 4))\" font-size=\"11\">\(esc(Ticks.label(v, scale: .linear, step: step)))</text>\n"
        }
        if let label = axes.colorBarLabel {
            let x = barX + barW + 50, y = plot.y + plot.h / 2
            out += "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(90 \(n(x)) \(n(y)))\">\(esc(label))</text>\n"
        }
        out += "</g>\n"
    }

    // MARK: helpers

    func labelAttr(_ s: Series) -> String { s.label.map { " data-label=\"\(esc($0))\"" } ?? "" }

    func esc(_ s: String) -> String { htmlEscape(s) }

    /// Two decimals, trailing zeros dropped: deterministic and short.
    func n(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let scaled = (v * 100).rounded()
        if scaled == 0 { return "0" }
        let negative = scaled < 0
        let magnitude = Int(abs(scaled))
        var s = String(magnitude / 100)
        let frac = magnitude % 100
        if frac != 0 {
            s += frac % 10 == 0 ? ".\(frac / 10)" : (frac < 10 ? ".0\(frac)" : ".\(frac)")
        }
        return negative ? "-" + s : s
    }
}
