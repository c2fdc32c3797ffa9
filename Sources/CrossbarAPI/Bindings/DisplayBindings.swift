import Display
import Foundation
import SwiftScript

/// A table as cells see it: immutable operations return new tables.
final class TableObject: ScriptObject {
    let table: Table
    /// What `table.plot()` with no arguments draws, for tables toolkit operations return.
    let plotHint: PlotHint?
    init(_ table: Table, plotHint: PlotHint? = nil) {
        self.table = table
        self.plotHint = plotHint
    }
    var scriptTypeName: String { "Table" }
    func mimeBundle() -> MIMEBundle { table.mimeBundle }
}

/// The result of `groupBy`, waiting for an aggregate.
final class GroupedTableObject: ScriptObject {
    let grouped: GroupedTable
    let key: String
    init(_ grouped: GroupedTable, key: String) {
        self.grouped = grouped
        self.key = key
    }
    var scriptTypeName: String { "GroupedTable" }
    func mimeBundle() -> MIMEBundle { MIMEBundle(plainText: "Table grouped by '\(key)': call .mean(), .std() or .count()") }
}

/// A figure as cells see it; drawing methods add to it in place.
final class FigureObject: ScriptObject {
    var figure: Figure
    init(_ figure: Figure) { self.figure = figure }
    var scriptTypeName: String { "Figure" }
    func mimeBundle() -> MIMEBundle { figure.mimeBundle }
}

/// The natural picture of a table a toolkit operation returns: y columns against an x column,
/// optionally with error bars from another column and a log x axis.
struct PlotHint {
    var x: String
    var y: [String]
    var error: String?
    var logX = false
    var title: String?
    var yLabel: String?

    func figure(_ table: Table) throws -> Figure {
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

/// A live progress bar shown below the running cell.
final class ProgressObject: ScriptObject {
    let progress: Display.Progress
    let sink: HostProgressSink
    init(total: Int, label: String, runtime: Runtime) {
        sink = HostProgressSink(runtime: runtime)
        progress = Display.Progress(total: total, label: label, sink: sink)
    }
    var scriptTypeName: String { "Progress" }
    func mimeBundle() -> MIMEBundle { progress.mimeBundle }
}

/// Sends progress displays to whichever cell is running when the bar moves.
final class HostProgressSink: ProgressSink {
    weak var runtime: Runtime?
    /// Used after a cell has ended (to mark its bars interrupted) when no cell is running.
    var fallbackHost: ScriptHost?
    init(runtime: Runtime) { self.runtime = runtime }
    private var host: ScriptHost? { runtime?.currentHost ?? fallbackHost }
    func showProgress(_ bundle: MIMEBundle, displayID: String) { host?.display(bundle, displayID: displayID) }
    func updateProgress(_ bundle: MIMEBundle, displayID: String) { host?.updateDisplay(bundle, displayID: displayID) }
}

/// The progress bars still running, so that a cell that fails or is interrupted leaves its bars
/// marked "interrupted" instead of frozen mid-way.
public final class ProgressTracker {
    private struct WeakBar { weak var bar: ProgressObject? }
    private var bars: [WeakBar] = []

    public init() {}

    func add(_ bar: ProgressObject) {
        bars.removeAll { $0.bar == nil || $0.bar?.progress.state != .running }
        bars.append(WeakBar(bar: bar))
    }

    /// Marks every running bar interrupted, through `host` (the ended cell's channel).
    func interruptRunning(host: ScriptHost) {
        for entry in bars {
            guard let bar = entry.bar, bar.progress.state == .running else { continue }
            bar.sink.fallbackHost = host
            bar.progress.interrupt()
            bar.sink.fallbackHost = nil
        }
        bars.removeAll()
    }
}

/// Cell-level names for Display: `Table`, `plot`, `scatter`, `bar`, `hist`, `heatmap`, `Figure`, `Progress`.
enum DisplayBindings {
    static func register(in registry: ScriptRegistry, tracker: ProgressTracker) {
        registry.register(tableType())
        registry.register(groupedType())
        registry.register(figureType())
        registry.register(progressType(tracker))
        registerPlotFunctions(registry)
        registry.implicitMember("linear", doc: "Linear axis scale (xscale:/yscale:).")
        registry.implicitMember("log", doc: "Logarithmic axis scale (xscale:/yscale:), ticks at powers of ten.")
    }

    // MARK: Conversions

    static func tableValue(_ v: Value) throws -> TableValue {
        switch v {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .null: return .missing
        default: throw ScriptCallError("a table cell must be Int, Double, String, Bool or nil, not '\(v.typeName)'")
        }
    }

    static func value(_ t: TableValue) -> Value {
        switch t {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .missing: return .null
        }
    }

    static func numbers(_ v: Value, _ what: String) throws -> [Double] {
        guard case .array(let items) = v else {
            if case .range(let r) = v, r.count <= 10_000_000 { return (0..<r.count).map { Double(r.lower + $0) } }
            throw ScriptCallError("\(what) must be an array of numbers, not '\(v.typeName)'")
        }
        return try items.map {
            switch $0 {
            case .int(let i): return Double(i)
            case .double(let d): return d
            default: throw ScriptCallError("\(what) must hold numbers, not '\($0.typeName)'")
            }
        }
    }

    static func strings(_ v: Value, _ what: String) throws -> [String] {
        if case .string(let s) = v { return [s] }
        guard case .array(let items) = v else { throw ScriptCallError("\(what) must be an array of String, not '\(v.typeName)'") }
        return try items.map {
            guard case .string(let s) = $0 else { throw ScriptCallError("\(what) must hold Strings, not '\($0.typeName)'") }
            return s
        }
    }

    static func optionalString(_ v: Value) -> String? { if case .string(let s) = v { return s } else { return nil } }

    static func scale(_ v: Value) throws -> AxisScale {
        switch v {
        case .null: return .linear
        case .implicitMember(let m), .string(let m):
            guard let s = AxisScale(rawValue: m) else { throw ScriptCallError("axis scale must be .linear or .log, not .\(m)") }
            return s
        default: throw ScriptCallError("axis scale must be .linear or .log")
        }
    }

    static func table(_ o: ScriptObject) throws -> Table {
        guard let t = o as? TableObject else { throw ScriptCallError("expected a Table") }
        return t.table
    }

    static func figure(_ o: ScriptObject) throws -> FigureObject {
        guard let f = o as? FigureObject else { throw ScriptCallError("expected a Figure") }
        return f
    }

    static func wrap(_ body: () throws -> Value) throws -> Value {
        do { return try body() } catch let e as TableError {
            throw ScriptCallError(e.description)
        } catch let e as FigureError {
            throw ScriptCallError(e.description)
        }
    }

    // MARK: Table

    static func tableType() -> RegisteredType {
        let t = RegisteredType(name: "Table", doc: """
            A table of named, typed columns (Int, Double, String, Bool, nil for missing cells), shown as HTML in notebooks.

                let t = Table(columns: ["device": ["PCM", "ReRAM"], "error": [0.031, 0.024]], units: ["error": "%"])
                t.sorted(by: "error").head(1)
                Table(rows: [["PCM", 0.031]], columns: ["device", "error"])
                Table(csv: "a,b\\n1,2")
            """)
        t.initializer(Signature("columns:", "units:=", "title:="), defaults: [.dict(OrderedDict()), .null]) { a in
            try wrap {
                guard case .dict(let d) = a[0] else { throw ScriptCallError("columns: takes a dictionary of column name to values") }
                var units: [String: String] = [:]
                if case .dict(let u) = a[1] {
                    for (k, v) in zip(u.keys, u.values) { if case .string(let ks) = k, case .string(let vs) = v { units[ks] = vs } }
                }
                let columns = try zip(d.keys, d.values).map { k, v -> Column in
                    guard case .string(let name) = k else { throw ScriptCallError("column names must be Strings") }
                    guard case .array(let items) = v else { throw ScriptCallError("column '\(name)' must be an array") }
                    return Column(name, try items.map(tableValue), unit: units[name])
                }
                return .object(TableObject(try Table(columns: columns, title: optionalString(a[2]))))
            }
        }
        t.initializer(Signature("rows:", "columns:", "title:="), defaults: [.null]) { a in
            try wrap {
                guard case .array(let rows) = a[0] else { throw ScriptCallError("rows: takes an array of rows") }
                let names = try strings(a[1], "columns")
                let cells = try rows.map { row -> [TableValue] in
                    guard case .array(let items) = row else { throw ScriptCallError("each row must be an array") }
                    return try items.map(tableValue)
                }
                return .object(TableObject(try Table(columnNames: names, rows: cells, title: optionalString(a[2]))))
            }
        }
        t.initializer(Signature("records:", "title:="), defaults: [.null]) { a in
            try wrap {
                guard case .array(let records) = a[0] else { throw ScriptCallError("records: takes an array of dictionaries") }
                var order: [String] = []
                let rows = try records.map { r -> [String: TableValue] in
                    guard case .dict(let d) = r else { throw ScriptCallError("each record must be a dictionary") }
                    var out: [String: TableValue] = [:]
                    for (k, v) in zip(d.keys, d.values) {
                        guard case .string(let name) = k else { throw ScriptCallError("record keys must be Strings") }
                        if !order.contains(name) { order.append(name) }
                        out[name] = try tableValue(v)
                    }
                    return out
                }
                return .object(TableObject(try Table(records: rows, order: order, title: optionalString(a[1]))))
            }
        }
        t.initializer(Signature("csv:")) { a in try wrap { .object(TableObject(try Table(csv: try a.string(0, "csv")))) } }
        t.initializer(Signature("csvFile:")) { a in try wrap { .object(TableObject(try Table(csvFile: try a.string(0, "csvFile")))) } }

        t.property("rowCount", doc: "The number of rows.") { o in .int(try table(o).rowCount) }
        t.property("columnNames", doc: "The column names in order.") { o in .array(try table(o).columnNames.map { .string($0) }) }
        t.method("head", Signature("_="), defaults: [.int(5)], doc: "The first n rows (5 by default).") { o, a in
            .object(TableObject(try table(o).head(try a.int(0, "n"))))
        }
        t.method("tail", Signature("_="), defaults: [.int(5)], doc: "The last n rows (5 by default).") { o, a in
            .object(TableObject(try table(o).tail(try a.int(0, "n"))))
        }
        t.method("sorted", Signature("by:", "ascending:="), defaults: [.bool(true)], doc: "Rows sorted by a column.") { o, a in
            try wrap { .object(TableObject(try table(o).sorted(by: try a.string(0, "by"), ascending: try a.bool(1, "ascending")))) }
        }
        t.method("select", Signature("_..."), doc: "Only the named columns, in the order given.") { o, a in
            try wrap {
                var names: [String] = []
                for v in try a.array(0, "column names") { names += try strings(v, "column names") }
                return .object(TableObject(try table(o).select(names)))
            }
        }
        t.method("filter", Signature("_->"), doc: "The rows for which the closure, given a row as [String: value], returns true.") { o, a in
            try wrap {
                .object(TableObject(try table(o).filter { row in
                    var d = OrderedDict()
                    for (k, v) in row.sorted(by: { $0.key < $1.key }) { d.set(value(v), for: .string(k)) }
                    guard case .bool(let keep) = try a.call(0, [.dict(d)]) else {
                        throw ScriptCallError("the filter closure must return Bool")
                    }
                    return keep
                }))
            }
        }
        t.method("column", Signature("_"), doc: "One column's values as an array.") { o, a in
            try wrap { .array(try table(o).column(try a.string(0, "name")).values.map(value)) }
        }
        t.method("row", Signature("_"), doc: "One row as a dictionary of column name to value.") { o, a in
            let tbl = try table(o)
            let i = try a.int(0, "index")
            guard i >= 0, i < tbl.rowCount else { throw ScriptCallError("row \(i) is out of range for a table of \(tbl.rowCount) rows") }
            var d = OrderedDict()
            let record = tbl.record(i)
            for name in tbl.columnNames { d.set(value(record[name] ?? .missing), for: .string(name)) }
            return .dict(d)
        }
        t.method("addColumn", Signature("_", "_", "unit:="), defaults: [.null], doc: "A new table with one more column.") { o, a in
            try wrap {
                let values = try a.array(1, "values").map(tableValue)
                return .object(TableObject(try table(o).addingColumn(try a.string(0, "name"), values, unit: optionalString(a[2]))))
            }
        }
        t.method("groupBy", Signature("_"), doc: "Groups rows by a column; follow with .mean(), .std() or .count().") { o, a in
            try wrap {
                let key = try a.string(0, "column")
                return .object(GroupedTableObject(try table(o).groupBy(key), key: key))
            }
        }
        t.method("toCSV", Signature(), doc: "The table as RFC 4180 CSV text.") { o, _ in .string(try table(o).toCSV()) }
        t.method("save", Signature("csv:"), doc: "Writes the table as CSV to a file.") { o, a in
            try wrap {
                try table(o).save(csv: try a.string(0, "csv"))
                return .void
            }
        }
        t.method("plot", Signature(), doc: "The plot a toolkit table is made for (a drift study's accuracy over time, a training history's curves).") { o, _ in
            guard let t = o as? TableObject, let hint = t.plotHint else {
                throw ScriptCallError("plot() needs x: and y: for this table, e.g. t.plot(x: \"step\", y: \"loss\")")
            }
            return try wrap { .object(FigureObject(try hint.figure(t.table))) }
        }
        t.method("plot", Signature("x:", "y:", "title:=", "xlabel:=", "ylabel:=", "xscale:=", "yscale:=", "kind:="),
                 defaults: [.null, .null, .null, .null, .null, .string("line")],
                 doc: "Plots columns against a column: t.plot(x: \"step\", y: [\"loss\", \"accuracy\"], yscale: .log).") { o, a in
            let kind: String
            switch a[7] {
            case .string(let s), .implicitMember(let s): kind = s
            default: kind = "line"
            }
            return try plotColumns(try table(o), a, first: 0, scatter: kind == "scatter")
        }
        return t
    }

    static func groupedType() -> RegisteredType {
        let t = RegisteredType(name: "GroupedTable", doc: "Rows grouped by a column: .mean(), .std() or .count() give a Table.")
        func grouped(_ o: ScriptObject) throws -> GroupedTable {
            guard let g = o as? GroupedTableObject else { throw ScriptCallError("expected a grouped table") }
            return g.grouped
        }
        t.method("mean", Signature(), doc: "The mean of every numeric column per group.") { o, _ in .object(TableObject(try grouped(o).mean())) }
        t.method("std", Signature(), doc: "The sample standard deviation of every numeric column per group.") { o, _ in
            .object(TableObject(try grouped(o).std()))
        }
        t.method("count", Signature(), doc: "The number of rows per group.") { o, _ in .object(TableObject(try grouped(o).count())) }
        return t
    }

    // MARK: Figures

    /// Runs `body` on panel (row, col) of a figure object.
    static func panel(_ o: ScriptObject, _ a: Arguments, row: Int, col: Int, _ body: (inout Axes) throws -> Void) throws -> Value {
        try wrap {
            let f = try figure(o)
            let r = try a.int(row, "row"), c = try a.int(col, "col")
            try f.figure.checkPanel(row: r, column: c)
            try body(&f.figure[r, c])
            return .void
        }
    }

    static func figureType() -> RegisteredType {
        let t = RegisteredType(name: "Figure", doc: """
            An SVG figure of one or more panels. Make one with plot/scatter/bar/hist/heatmap or Figure(rows:cols:), \
            then add to it; panels are chosen with row:/col: (from 0).

                let fig = Figure(rows: 1, cols: 2, title: "Drift")
                fig.plot(x: t, y: g, label: "PCM", col: 0)
                fig.hist(errors, bins: 30, col: 1)
                fig.xscale(.log, col: 0)
                fig
            """)
        t.initializer(Signature("rows:=", "cols:=", "width:=", "height:=", "title:="), defaults: [.int(1), .int(1), .null, .null, .null]) { a in
            try wrap {
                var width: Double?, height: Double?
                if a[2] != .null { width = try a.double(2, "width") }
                if a[3] != .null { height = try a.double(3, "height") }
                return .object(FigureObject(try Figure(rows: try a.int(0, "rows"), columns: try a.int(1, "cols"), width: width,
                                                       height: height, title: optionalString(a[4]))))
            }
        }
        let at: [Value] = [.int(0), .int(0)]
        t.method("plot", Signature("x:", "y:", "label:=", "dashed:=", "row:=", "col:="), defaults: [.null, .bool(false)] + at,
                 doc: "Adds a line.") { o, a in
            try panel(o, a, row: 4, col: 5) { try $0.line(x: try numbers(a[0], "x"), y: try numbers(a[1], "y"), label: optionalString(a[2]), dashed: try a.bool(3, "dashed")) }
        }
        t.method("scatter", Signature("x:", "y:", "label:=", "row:=", "col:="), defaults: [.null] + at, doc: "Adds points.") { o, a in
            try panel(o, a, row: 3, col: 4) { try $0.scatter(x: try numbers(a[0], "x"), y: try numbers(a[1], "y"), label: optionalString(a[2])) }
        }
        t.method("step", Signature("x:", "y:", "label:=", "row:=", "col:="), defaults: [.null] + at, doc: "Adds a step line.") { o, a in
            try panel(o, a, row: 3, col: 4) { try $0.step(x: try numbers(a[0], "x"), y: try numbers(a[1], "y"), label: optionalString(a[2])) }
        }
        t.method("bar", Signature("categories:", "values:", "label:=", "stacked:=", "row:=", "col:="),
                 defaults: [.null, .bool(false)] + at, doc: "Adds a bar series (several series group, or stack with stacked: true).") { o, a in
            try panel(o, a, row: 4, col: 5) {
                try $0.bar(categories: try strings(a[0], "categories"), values: try numbers(a[1], "values"), label: optionalString(a[2]))
                if try a.bool(3, "stacked") { $0.barMode = .stacked }
            }
        }
        t.method("hist", Signature("_", "bins:=", "label:=", "row:=", "col:="), defaults: [.null, .null] + at, doc: "Adds a histogram.") { o, a in
            try panel(o, a, row: 3, col: 4) {
                try $0.histogram(try numbers(a[0], "values"), bins: a[1] == .null ? nil : try a.int(1, "bins"), label: optionalString(a[2]))
            }
        }
        t.method("errorBars", Signature("x:", "y:", "error:", "label:=", "row:=", "col:="), defaults: [.null] + at, doc: "Adds points with ± error bars.") { o, a in
            try panel(o, a, row: 4, col: 5) {
                try $0.errorBars(x: try numbers(a[0], "x"), y: try numbers(a[1], "y"), error: try numbers(a[2], "error"), label: optionalString(a[3]))
            }
        }
        t.method("band", Signature("x:", "lower:", "upper:", "label:=", "row:=", "col:="), defaults: [.null] + at, doc: "Adds a shaded band.") { o, a in
            try panel(o, a, row: 4, col: 5) {
                try $0.band(x: try numbers(a[0], "x"), lower: try numbers(a[1], "lower"), upper: try numbers(a[2], "upper"), label: optionalString(a[3]))
            }
        }
        t.method("heatmap", Signature("_", "rowLabels:=", "columnLabels:=", "colorBarLabel:=", "row:=", "col:="),
                 defaults: [.array([]), .array([]), .null] + at, doc: "Adds a heatmap with a viridis colour bar.") { o, a in
            try panel(o, a, row: 4, col: 5) {
                let matrix = try a.array(0, "matrix").map { try numbers($0, "each row") }
                try $0.heatmap(matrix, rowLabels: try strings(a[1], "rowLabels"), columnLabels: try strings(a[2], "columnLabels"),
                               colorBarLabel: optionalString(a[3]))
            }
        }
        t.method("hline", Signature("_", "label:=", "row:=", "col:="), defaults: [.null] + at, doc: "A horizontal reference line.") { o, a in
            try panel(o, a, row: 2, col: 3) { $0.horizontalLine(at: try a.double(0, "y"), label: optionalString(a[1])) }
        }
        t.method("vline", Signature("_", "label:=", "row:=", "col:="), defaults: [.null] + at, doc: "A vertical reference line.") { o, a in
            try panel(o, a, row: 2, col: 3) { $0.verticalLine(at: try a.double(0, "x"), label: optionalString(a[1])) }
        }
        t.method("annotate", Signature("_", "x:", "y:", "row:=", "col:="), defaults: at, doc: "Text at a data position.") { o, a in
            try panel(o, a, row: 3, col: 4) { $0.annotate(try a.string(0, "text"), x: try a.double(1, "x"), y: try a.double(2, "y")) }
        }
        t.method("xlabel", Signature("_", "row:=", "col:="), defaults: at, doc: "The x-axis label.") { o, a in
            try panel(o, a, row: 1, col: 2) { $0.xLabel = try a.string(0, "label") }
        }
        t.method("ylabel", Signature("_", "row:=", "col:="), defaults: at, doc: "The y-axis label.") { o, a in
            try panel(o, a, row: 1, col: 2) { $0.yLabel = try a.string(0, "label") }
        }
        t.method("panelTitle", Signature("_", "row:=", "col:="), defaults: at, doc: "The title of one panel.") { o, a in
            try panel(o, a, row: 1, col: 2) { $0.title = try a.string(0, "title") }
        }
        t.method("xscale", Signature("_", "row:=", "col:="), defaults: at, doc: "The x-axis scale: .linear or .log.") { o, a in
            try panel(o, a, row: 1, col: 2) { $0.xScale = try scale(a[0]) }
        }
        t.method("yscale", Signature("_", "row:=", "col:="), defaults: at, doc: "The y-axis scale: .linear or .log.") { o, a in
            try panel(o, a, row: 1, col: 2) { $0.yScale = try scale(a[0]) }
        }
        t.method("xlim", Signature("_", "_", "row:=", "col:="), defaults: at, doc: "Fixes the x-axis range.") { o, a in
            try panel(o, a, row: 2, col: 3) {
                let lo = try a.double(0, "lower"), hi = try a.double(1, "upper")
                guard lo < hi else { throw ScriptCallError("xlim needs lower < upper") }
                $0.xLimits = lo...hi
            }
        }
        t.method("ylim", Signature("_", "_", "row:=", "col:="), defaults: at, doc: "Fixes the y-axis range.") { o, a in
            try panel(o, a, row: 2, col: 3) {
                let lo = try a.double(0, "lower"), hi = try a.double(1, "upper")
                guard lo < hi else { throw ScriptCallError("ylim needs lower < upper") }
                $0.yLimits = lo...hi
            }
        }
        t.method("legend", Signature("_", "row:=", "col:="), defaults: at, doc: "Legend position: .best (the default: the corner covering the fewest points), .topRight, .topLeft, .bottomRight, .bottomLeft or .none.") { o, a in
            try panel(o, a, row: 1, col: 2) {
                guard case .implicitMember(let m) = a[0], let p = LegendPosition(rawValue: m) else {
                    throw ScriptCallError("legend position must be .best, .topRight, .topLeft, .bottomRight, .bottomLeft or .none")
                }
                $0.legend = p
            }
        }
        t.method("save", Signature("svg:"), doc: "Writes the figure as a standalone SVG file.") { o, a in
            try wrap {
                try figure(o).figure.save(svg: try a.string(0, "svg"))
                return .void
            }
        }
        t.property("svg", doc: "The figure as SVG text.") { o in
            do { return .string(try figure(o).figure.svg()) } catch let e as FigureError { throw ScriptCallError(e.description) }
        }
        t.property("title", doc: "The figure title.", get: { o in try figure(o).figure.title.map { .string($0) } ?? .null },
                   set: { o, v in try figure(o).figure.title = optionalString(v) })
        return t
    }

    static func registerPlotFunctions(_ registry: ScriptRegistry) {
        let labels: [Value] = [.null, .null, .null, .null, .null, .null]
        registry.function("plot", Signature("x:", "y:", "label:=", "title:=", "xlabel:=", "ylabel:=", "xscale:=", "yscale:="),
                          defaults: labels, doc: "A line plot: plot(x: xs, y: ys, label: \"PCM\", xscale: .log).") { a in
            try wrap {
                var fig = try Figure(title: optionalString(a[3]))
                do {
                    try fig.axes[0].line(x: try numbers(a[0], "x"), y: try numbers(a[1], "y"), label: optionalString(a[2]))
                } catch let e as FigureError where e.description.hasPrefix("line:") {
                    // Name the call the user wrote.
                    throw ScriptCallError("plot:" + e.description.dropFirst("line:".count))
                }
                try decorate(&fig, a, xlabel: 4, ylabel: 5, xscale: 6, yscale: 7)
                return .object(FigureObject(fig))
            }
        }
        registry.function("plot", Signature("_", "x:", "y:", "title:=", "xlabel:=", "ylabel:=", "xscale:=", "yscale:="),
                          defaults: [.null, .null, .null, .null, .null], doc: "Plots table columns: plot(table, x: \"step\", y: [\"a\", \"b\"]).") { a in
            guard case .object(let o) = a[0], let tbl = o as? TableObject else {
                throw ScriptCallError("plot(_:x:y:) takes a Table first")
            }
            return try plotColumns(tbl.table, a, first: 1, scatter: false)
        }
        registry.function("scatter", Signature("x:", "y:", "label:=", "title:=", "xlabel:=", "ylabel:=", "xscale:=", "yscale:="),
                          defaults: labels, doc: "A scatter plot.") { a in
            try wrap {
                var fig = try Figure(title: optionalString(a[3]))
                try fig.axes[0].scatter(x: try numbers(a[0], "x"), y: try numbers(a[1], "y"), label: optionalString(a[2]))
                try decorate(&fig, a, xlabel: 4, ylabel: 5, xscale: 6, yscale: 7)
                return .object(FigureObject(fig))
            }
        }
        registry.function("bar", Signature("categories:", "values:", "label:=", "title:=", "xlabel:=", "ylabel:="),
                          defaults: [.null, .null, .null, .null], doc: "A bar chart.") { a in
            try wrap {
                var fig = try Figure(title: optionalString(a[3]))
                try fig.axes[0].bar(categories: try strings(a[0], "categories"), values: try numbers(a[1], "values"), label: optionalString(a[2]))
                fig.axes[0].xLabel = optionalString(a[4])
                fig.axes[0].yLabel = optionalString(a[5])
                return .object(FigureObject(fig))
            }
        }
        registry.function("hist", Signature("_", "bins:=", "label:=", "title:=", "xlabel:=", "ylabel:="),
                          defaults: [.null, .null, .null, .null, .null], doc: "A histogram (bins chosen by the Freedman–Diaconis rule unless given).") { a in
            try wrap {
                var fig = try Figure(title: optionalString(a[3]))
                try fig.axes[0].histogram(try numbers(a[0], "values"), bins: a[1] == .null ? nil : try a.int(1, "bins"), label: optionalString(a[2]))
                fig.axes[0].xLabel = optionalString(a[4])
                fig.axes[0].yLabel = optionalString(a[5]) ?? "count"
                return .object(FigureObject(fig))
            }
        }
        registry.function("heatmap", Signature("_", "rowLabels:=", "columnLabels:=", "title:=", "colorBarLabel:="),
                          defaults: [.array([]), .array([]), .null, .null], doc: "A heatmap of a matrix (an array of rows) with a viridis colour bar.") { a in
            try wrap {
                var fig = try Figure(title: optionalString(a[3]))
                let matrix = try a.array(0, "matrix").map { try numbers($0, "each row") }
                try fig.axes[0].heatmap(matrix, rowLabels: try strings(a[1], "rowLabels"), columnLabels: try strings(a[2], "columnLabels"),
                                        colorBarLabel: optionalString(a[4]))
                return .object(FigureObject(fig))
            }
        }
    }

    /// Columns of a table against one of them; `a` holds x, y, title, xlabel, ylabel, xscale and
    /// yscale from index `first` on (shared by `table.plot(…)` and `plot(table, …)`).
    static func plotColumns(_ tbl: Table, _ a: Arguments, first: Int, scatter: Bool) throws -> Value {
        try wrap {
            let xName = try a.string(first, "x")
            let xs = try tbl.column(xName).values.map { $0.number ?? .nan }
            var fig = try Figure(title: optionalString(a[first + 2]))
            for name in try strings(a[first + 1], "y") {
                let ys = try tbl.column(name).values.map { $0.number ?? .nan }
                if scatter { try fig.axes[0].scatter(x: xs, y: ys, label: name) } else { try fig.axes[0].line(x: xs, y: ys, label: name) }
            }
            try decorate(&fig, a, xlabel: first + 3, ylabel: first + 4, xscale: first + 5, yscale: first + 6)
            if fig.axes[0].xLabel == nil { fig.axes[0].xLabel = xName }
            return .object(FigureObject(fig))
        }
    }

    private static func decorate(_ fig: inout Figure, _ a: Arguments, xlabel: Int, ylabel: Int, xscale: Int, yscale: Int) throws {
        fig.axes[0].xLabel = optionalString(a[xlabel])
        fig.axes[0].yLabel = optionalString(a[ylabel])
        fig.axes[0].xScale = try scale(a[xscale])
        fig.axes[0].yScale = try scale(a[yscale])
    }

    // MARK: Progress

    static func progressType(_ tracker: ProgressTracker) -> RegisteredType {
        let t = RegisteredType(name: "Progress", doc: """
            A live progress bar below the cell, updated in place at most ten times a second.

                let p = Progress(total: 100, label: "training")
                for _ in 0..<100 { p.advance() }
                p.finish()
            """)
        t.initializer(Signature("total:", "label:="), defaults: [.string("")]) { a in
            let total = try a.int(0, "total")
            guard total >= 0 else { throw ScriptCallError("Progress needs a total of 0 or more") }
            let bar = ProgressObject(total: total, label: try a.string(1, "label"), runtime: a.runtime)
            tracker.add(bar)
            return .object(bar)
        }
        func progress(_ o: ScriptObject) throws -> Display.Progress {
            guard let p = o as? ProgressObject else { throw ScriptCallError("expected a Progress") }
            return p.progress
        }
        t.method("advance", Signature("by:="), defaults: [.int(1)], doc: "Marks steps as done.") { o, a in
            let n = try a.int(0, "by")
            guard n >= 0 else { throw ScriptCallError("advance(by:) needs a count of 0 or more") }
            try progress(o).advance(by: n)
            return .void
        }
        t.method("finish", Signature(), doc: "Shows the bar as complete.") { o, _ in
            try progress(o).finish()
            return .void
        }
        t.property("completed", doc: "Steps done so far.") { o in .int(try progress(o).completed) }
        t.property("fraction", doc: "Fraction done, 0…1.") { o in .double(try progress(o).fraction) }
        return t
    }
}
