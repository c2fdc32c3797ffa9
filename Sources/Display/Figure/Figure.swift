import Foundation

/// Errors from building or rendering a figure; the message says what to change.
public struct FigureError: ToolkitError, Sendable, Equatable {
    public let message: String
    public var kind: ToolkitErrorKind { .figure }
    public init(_ message: String) { self.message = message }
}

/// What one series draws.
public enum SeriesKind: String, Sendable, Equatable {
    case line, scatter, step, bar, histogram, errorBars, band, heatmap
}

/// How several bar series share a category.
public enum BarMode: String, Sendable, Equatable {
    case grouped, stacked
}

/// Where the legend goes inside the plot area; `best` (the default) takes the corner that covers
/// the fewest data points, top right first.
public enum LegendPosition: String, Sendable, Equatable {
    case best, topRight, topLeft, bottomRight, bottomLeft, none
}

/// One data series of an `Axes`.
public struct Series: Sendable, Equatable {
    public var kind: SeriesKind
    public var label: String?
    public var x: [Double]
    public var y: [Double]
    /// Lower and upper bounds: error-bar ends or band edges.
    public var lower: [Double] = []
    public var upper: [Double] = []
    /// Row-major values for heatmaps (`rows` × `columns`).
    public var matrix: [[Double]] = []
    /// Explicit colour (`#rrggbb`); nil takes the next palette colour.
    public var color: String?
    public var lineWidth: Double = 2
    public var dashed = false
    public var markerSize: Double = 3.5
}

/// A horizontal or vertical reference line with an optional label.
public struct ReferenceLine: Sendable, Equatable {
    public enum Orientation: String, Sendable { case horizontal, vertical }
    public var orientation: Orientation
    public var value: Double
    public var label: String?
}

/// Text placed at data coordinates.
public struct Annotation: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var text: String
}

/// One plot panel: series, scales, labels, legend.
public struct Axes: Sendable, Equatable {
    public var title: String?
    public var xLabel: String?
    public var yLabel: String?
    public var xScale: AxisScale = .linear
    public var yScale: AxisScale = .linear
    public var xLimits: ClosedRange<Double>?
    public var yLimits: ClosedRange<Double>?
    public var series: [Series] = []
    public var referenceLines: [ReferenceLine] = []
    public var annotations: [Annotation] = []
    public var legend: LegendPosition = .best
    /// Category names for bar charts (x positions 0, 1, 2, …).
    public var categories: [String] = []
    public var barMode: BarMode = .grouped
    /// Row and column names shown on heatmap axes.
    public var heatmapRowLabels: [String] = []
    public var heatmapColumnLabels: [String] = []
    public var colorBarLabel: String?

    public init() {}

    static func checkPair(_ x: [Double], _ y: [Double], _ what: String) throws {
        guard !x.isEmpty || !y.isEmpty else { throw FigureError("\(what) needs at least one point (x and y are empty)") }
        guard x.count == y.count else { throw FigureError("\(what): x has \(x.count) values but y has \(y.count)") }
    }

    /// A line through the points in order.
    public mutating func line(x: [Double], y: [Double], label: String? = nil, color: String? = nil, dashed: Bool = false) throws {
        try Axes.checkPair(x, y, "line")
        series.append(Series(kind: .line, label: label, x: x, y: y, color: color, dashed: dashed))
    }

    /// Markers at the points.
    public mutating func scatter(x: [Double], y: [Double], label: String? = nil, color: String? = nil, size: Double = 3.5) throws {
        try Axes.checkPair(x, y, "scatter")
        series.append(Series(kind: .scatter, label: label, x: x, y: y, color: color, markerSize: size))
    }

    /// A staircase: each y holds until the next x.
    public mutating func step(x: [Double], y: [Double], label: String? = nil, color: String? = nil) throws {
        try Axes.checkPair(x, y, "step")
        series.append(Series(kind: .step, label: label, x: x, y: y, color: color))
    }

    /// Bars over named categories; call again for more series (grouped or stacked by `barMode`).
    public mutating func bar(categories names: [String], values: [Double], label: String? = nil, color: String? = nil) throws {
        guard !values.isEmpty else { throw FigureError("bar needs at least one value") }
        guard names.count == values.count else {
            throw FigureError("bar: \(names.count) categories but \(values.count) values")
        }
        if categories.isEmpty { categories = names } else if categories != names {
            throw FigureError("bar: every bar series of one plot must use the same categories, in the same order")
        }
        series.append(Series(kind: .bar, label: label, x: names.indices.map(Double.init), y: values, color: color))
    }

    /// A histogram of `values` with `bins` equal-width bins (nil: Sturges' rule, at most 100).
    public mutating func histogram(_ values: [Double], bins: Int? = nil, label: String? = nil, color: String? = nil) throws {
        let finite = values.filter(\.isFinite)
        guard !finite.isEmpty else { throw FigureError("histogram needs at least one finite value") }
        if let bins, bins < 1 { throw FigureError("histogram: bins must be at least 1 (got \(bins))") }
        let n = bins ?? min(100, Int((log2(Double(finite.count))).rounded(.up)) + 1)
        let lo = finite.min() ?? 0, hi = finite.max() ?? 1
        let width = hi > lo ? (hi - lo) / Double(n) : 1
        var counts = [Double](repeating: 0, count: n)
        for v in finite {
            let i = min(n - 1, max(0, Int((v - lo) / width)))
            counts[i] += 1
        }
        let edges = (0...n).map { lo + Double($0) * width }
        var s = Series(kind: .histogram, label: label, x: edges, y: counts, color: color)
        s.lower = [Double(values.count - finite.count)]  // skipped non-finite values, reported by the renderer
        series.append(s)
    }

    /// Points with vertical error bars of ± `error` (or asymmetric `lower`/`upper` ends).
    public mutating func errorBars(x: [Double], y: [Double], error: [Double], label: String? = nil, color: String? = nil) throws {
        try Axes.checkPair(x, y, "errorBars")
        guard error.count == y.count else { throw FigureError("errorBars: \(error.count) errors for \(y.count) points") }
        var s = Series(kind: .errorBars, label: label, x: x, y: y, color: color)
        s.lower = zip(y, error).map { $0 - abs($1) }
        s.upper = zip(y, error).map { $0 + abs($1) }
        series.append(s)
    }

    /// A shaded band between `lower` and `upper` (for example mean ± std).
    public mutating func band(x: [Double], lower: [Double], upper: [Double], label: String? = nil, color: String? = nil) throws {
        try Axes.checkPair(x, lower, "band")
        guard upper.count == x.count else { throw FigureError("band: upper has \(upper.count) values, x has \(x.count)") }
        var s = Series(kind: .band, label: label, x: x, y: zip(lower, upper).map { ($0 + $1) / 2 }, color: color)
        s.lower = lower
        s.upper = upper
        series.append(s)
    }

    /// A heatmap of a row-major matrix with a viridis colour bar.
    public mutating func heatmap(_ matrix: [[Double]], rowLabels: [String] = [], columnLabels: [String] = [],
                                 colorBarLabel: String? = nil) throws {
        guard let width = matrix.first?.count, width > 0 else { throw FigureError("heatmap needs a non-empty matrix") }
        guard matrix.allSatisfy({ $0.count == width }) else { throw FigureError("heatmap: every row must have \(width) values") }
        series.append(Series(kind: .heatmap, label: nil, x: [], y: [], matrix: matrix))
        heatmapRowLabels = rowLabels
        heatmapColumnLabels = columnLabels
        self.colorBarLabel = colorBarLabel
    }

    /// A dashed line across the plot at y = value.
    public mutating func horizontalLine(at value: Double, label: String? = nil) {
        referenceLines.append(ReferenceLine(orientation: .horizontal, value: value, label: label))
    }

    /// A dashed line across the plot at x = value.
    public mutating func verticalLine(at value: Double, label: String? = nil) {
        referenceLines.append(ReferenceLine(orientation: .vertical, value: value, label: label))
    }

    /// Text at a data position.
    public mutating func annotate(_ text: String, x: Double, y: Double) {
        annotations.append(Annotation(x: x, y: y, text: text))
    }
}

/// A figure: one or more `Axes` in a grid, rendered to standalone SVG.
public struct Figure: Sendable, Equatable {
    public var width: Double
    public var height: Double
    public var title: String?
    public let rows: Int
    public let columns: Int
    /// Panels in row-major order.
    public var axes: [Axes]

    /// A figure with a `rows` × `columns` grid of panels.
    public init(rows: Int = 1, columns: Int = 1, width: Double? = nil, height: Double? = nil, title: String? = nil) throws {
        guard (1...12).contains(rows), (1...12).contains(columns) else {
            throw FigureError("a figure grid needs 1…12 rows and columns (got \(rows) × \(columns))")
        }
        self.rows = rows
        self.columns = columns
        self.width = width ?? Double(min(1200, 640 + (columns - 1) * 400))
        self.height = height ?? Double(min(1200, 420 + (rows - 1) * 300))
        guard self.width >= 100, self.height >= 80, self.width <= 8000, self.height <= 8000 else {
            throw FigureError("figure size must be between 100×80 and 8000×8000 px")
        }
        self.title = title
        axes = Array(repeating: Axes(), count: rows * columns)
    }

    /// The panel at (row, column), both from 0.
    public subscript(row: Int, column: Int) -> Axes {
        get { axes[index(row, column)] }
        set { axes[index(row, column)] = newValue }
    }

    func index(_ row: Int, _ column: Int) -> Int {
        min(axes.count - 1, max(0, row * columns + column))
    }

    /// Checks a panel position, for callers that take it from users.
    public func checkPanel(row: Int, column: Int) throws {
        guard (0..<rows).contains(row), (0..<columns).contains(column) else {
            throw FigureError("panel (\(row), \(column)) is outside this \(rows) × \(columns) figure")
        }
    }

    /// A one-panel figure with a line, the common case.
    public static func line(x: [Double], y: [Double], label: String? = nil, title: String? = nil,
                            xLabel: String? = nil, yLabel: String? = nil) throws -> Figure {
        var f = try Figure(title: title)
        try f.axes[0].line(x: x, y: y, label: label)
        f.axes[0].xLabel = xLabel
        f.axes[0].yLabel = yLabel
        return f
    }
}
