/// The natural picture of a table: y columns against an x column, optionally with error bars from
/// another column and a log x axis. Studies attach one to the tables they return
/// (`Table.defaultPlot`), so that `table.plot()` draws what the study is about.
public struct TablePlot: Sendable, Equatable {
    public var x: String
    public var y: [String]
    public var error: String?
    public var logX: Bool
    public var title: String?
    public var yLabel: String?

    public init(x: String, y: [String], error: String? = nil, logX: Bool = false, title: String? = nil, yLabel: String? = nil) {
        self.x = x
        self.y = y
        self.error = error
        self.logX = logX
        self.title = title
        self.yLabel = yLabel
    }

    public func figure(_ table: Table) throws -> Figure {
        var fig = try Figure(title: title ?? table.title)
        let xs = try table.column(x).values.map { $0.number ?? .nan }
        for name in y {
            let ys = try table.column(name).values.map { $0.number ?? .nan }
            try fig.axes[0].line(x: xs, y: ys, label: name)
            if let error {
                try fig.axes[0].errorBars(x: xs, y: ys, error: try table.column(error).values.map { $0.number ?? 0 })
            }
        }
        fig.axes[0].xLabel = x
        fig.axes[0].yLabel = yLabel ?? y.first
        if logX { fig.axes[0].xScale = .log }
        return fig
    }
}

extension Table {
    /// Columns `y` against column `x`, as lines or points; the x axis is labelled with the column's
    /// name unless `xLabel` is given.
    public func figure(x: String, y: [String], scatter: Bool = false, title: String? = nil, xLabel: String? = nil,
                       yLabel: String? = nil, xScale: AxisScale = .linear, yScale: AxisScale = .linear) throws -> Figure {
        let xs = try column(x).values.map { $0.number ?? .nan }
        var fig = try Figure(title: title)
        for name in y {
            let ys = try column(name).values.map { $0.number ?? .nan }
            if scatter { try fig.axes[0].scatter(x: xs, y: ys, label: name) } else { try fig.axes[0].line(x: xs, y: ys, label: name) }
        }
        fig.axes[0].xLabel = xLabel ?? x
        fig.axes[0].yLabel = yLabel
        fig.axes[0].xScale = xScale
        fig.axes[0].yScale = yScale
        return fig
    }
}
