import Display
import SwiftScript

extension TableValue: CellConvertible {
    public static var cellTypeName: String { "TableValue" }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> TableValue {
        switch v {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .null: return .missing
        default: throw ScriptCallError("a table cell must be Int, Double, String, Bool or nil, not '\(v.typeName)'")
        }
    }
    public var cellValue: Value {
        switch self {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .missing: return .null
        }
    }
}

/// `.linear` or `.log` (nil is linear).
extension AxisScale: CellConvertible {
    public static var cellTypeName: String { "AxisScale" }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> AxisScale {
        switch v {
        case .null, .void: return .linear
        case .implicitMember(let m), .string(let m):
            guard let s = AxisScale(rawValue: m) else { throw ScriptCallError("axis scale must be .linear or .log, not .\(m)") }
            return s
        default: throw ScriptCallError("axis scale must be .linear or .log")
        }
    }
    public var cellValue: Value { .implicitMember(rawValue) }
}

extension LegendPosition: CellConvertible {
    public static var cellTypeName: String { "LegendPosition" }
    public static func fromCell(_ v: Value, _ context: CellContext) throws -> LegendPosition {
        guard case .implicitMember(let m) = v, let p = LegendPosition(rawValue: m) else {
            throw ScriptCallError("legend position must be .best, .topRight, .topLeft, .bottomRight, .bottomLeft or .none")
        }
        return p
    }
    public var cellValue: Value { .implicitMember(rawValue) }
}

extension GroupedTable: CellBoxable {
    public static var cellTypeName: String { "GroupedTable" }
    public static var cellExpectation: String { "a grouped table" }
    public var cellBundle: MIMEBundle { MIMEBundle(plainText: "Table grouped by '\(key)': call .mean(), .std() or .count()") }
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

    /// Column names: one String or an array of them.
    static func names(_ a: Arguments, _ name: String) throws -> [String] {
        if case .string(let s) = a[name] { return [s] }
        return try a.strings(name)
    }

    /// A String argument, or nil for anything else (labels and titles are optional).
    static func text(_ a: Arguments, _ name: String) -> String? { if case .string(let s) = a[name] { s } else { nil } }

    /// Rows of numbers (`[[Double]]`) for heatmaps.
    static func matrix(_ a: Arguments, _ name: String) throws -> [[Double]] {
        try a.array(name).map { try [Double].fromCell($0, a.context("each row")) }
    }

    // MARK: Table

    static func tableType() -> ToolkitType<Table> {
        let t = ToolkitType<Table>(doc: """
            A table of named, typed columns (Int, Double, String, Bool, nil for missing cells), shown as HTML in notebooks.

                let t = Table(columns: ["device": ["PCM", "ReRAM"], "error": [0.031, 0.024]], units: ["error": "%"])
                t.sorted(by: "error").head(1)
                Table(rows: [["PCM", 0.031]], columns: ["device", "error"])
                Table(csv: "a,b\\n1,2")
            """)
        t.initializer(Signature("columns:", "units: = [:]", "title: = nil")) { a in
            guard case .dict(let d) = a["columns"] else { throw ScriptCallError("columns: takes a dictionary of column name to values") }
            var units: [String: String] = [:]
            if case .dict(let u) = a["units"] {
                for (k, v) in zip(u.keys, u.values) { if case .string(let ks) = k, case .string(let vs) = v { units[ks] = vs } }
            }
            let columns = try zip(d.keys, d.values).map { k, v -> Column in
                guard case .string(let name) = k else { throw ScriptCallError("column names must be Strings") }
                guard case .array(let items) = v else { throw ScriptCallError("column '\(name)' must be an array") }
                try MemoryBudget.shared.reserve(count: items.count, stride: MemoryLayout<TableValue>.stride,
                                                for: "table column '\(name)' of \(items.count) values")
                return Column(name, try items.map { try TableValue.fromCell($0, a.context(name)) }, unit: units[name])
            }
            return try Table(columns: columns, title: text(a, "title"))
        }
        t.initializer(Signature("rows:", "columns:", "title: = nil")) { a in
            guard case .array(let rows) = a["rows"] else { throw ScriptCallError("rows: takes an array of rows") }
            let cells = try rows.map { row -> [TableValue] in
                guard case .array(let items) = row else { throw ScriptCallError("each row must be an array") }
                return try items.map { try TableValue.fromCell($0, a.context("rows")) }
            }
            return try Table(columnNames: names(a, "columns"), rows: cells, title: text(a, "title"))
        }
        t.initializer(Signature("records:", "title: = nil")) { a in
            guard case .array(let records) = a["records"] else { throw ScriptCallError("records: takes an array of dictionaries") }
            var order: [String] = []
            let rows = try records.map { r -> [String: TableValue] in
                guard case .dict(let d) = r else { throw ScriptCallError("each record must be a dictionary") }
                var out: [String: TableValue] = [:]
                for (k, v) in zip(d.keys, d.values) {
                    guard case .string(let name) = k else { throw ScriptCallError("record keys must be Strings") }
                    if !order.contains(name) { order.append(name) }
                    out[name] = try TableValue.fromCell(v, a.context(name))
                }
                return out
            }
            return try Table(records: rows, order: order, title: text(a, "title"))
        }
        t.initializer(Signature("csv:")) { a in try Table(csv: a.string("csv")) }
        t.initializer(Signature("csvFile:")) { a in try Table(csvFile: a.string("csvFile")) }

        t.property("rowCount", \.rowCount, doc: "The number of rows.")
        t.property("columnNames", \.columnNames, doc: "The column names in order.")
        t.method("head", Signature("_ n = 5"), doc: "The first n rows (5 by default).") { table, a in table.head(try a.int("n")) }
        t.method("tail", Signature("_ n = 5"), doc: "The last n rows (5 by default).") { table, a in table.tail(try a.int("n")) }
        t.method("sorted", Signature("by:", "ascending: = true"), doc: "Rows sorted by a column.") { table, a in
            try table.sorted(by: a.string("by"), ascending: a.bool("ascending"))
        }
        t.method("select", Signature("_ column names..."), doc: "Only the named columns, in the order given.") { table, a in
            var names: [String] = []
            for v in try a.array("column names") {
                if case .string(let s) = v { names.append(s) } else { names += try [String].fromCell(v, a.context("column names")) }
            }
            return try table.select(names)
        }
        t.method("filter", Signature("_ isIncluded->"), doc: "The rows for which the closure, given a row as [String: value], returns true.") { table, a in
            try table.filter { row in
                var d = OrderedDict()
                for (k, v) in row.sorted(by: { $0.key < $1.key }) { d.set(v.cellValue, for: .string(k)) }
                guard case .bool(let keep) = try a.call("isIncluded", [.dict(d)]) else {
                    throw ScriptCallError("the filter closure must return Bool")
                }
                return keep
            }
        }
        t.method("column", Signature("_ name"), doc: "One column's values as an array.") { table, a in
            try table.column(a.string("name")).values
        }
        t.method("row", Signature("_ index"), doc: "One row as a dictionary of column name to value.") { table, a in
            let i = try a.int("index")
            guard i >= 0, i < table.rowCount else { throw ScriptCallError("row \(i) is out of range for a table of \(table.rowCount) rows") }
            var d = OrderedDict()
            let record = table.record(i)
            for name in table.columnNames { d.set((record[name] ?? .missing).cellValue, for: .string(name)) }
            return Value.dict(d)
        }
        t.method("addColumn", Signature("_ name", "_ values", "unit: = nil"), doc: "A new table with one more column.") { table, a in
            let values = try a.array("values").map { try TableValue.fromCell($0, a.context("values")) }
            return try table.addingColumn(a.string("name"), values, unit: text(a, "unit"))
        }
        t.method("groupBy", Signature("_ column"), doc: "Groups rows by a column; follow with .mean(), .std() or .count().") { table, a in
            try table.groupBy(a.string("column"))
        }
        t.method("toCSV", Signature(), doc: "The table as RFC 4180 CSV text.") { table, _ in table.toCSV() }
        t.action("save", Signature("csv:"), doc: "Writes the table as CSV to a file.") { table, a in try table.save(csv: a.string("csv")) }
        t.method("plot", Signature(), doc: "The plot a toolkit table is made for (a drift study's accuracy over time, a training history's curves).") { table, _ in
            guard let plot = table.defaultPlot else {
                throw ScriptCallError("plot() needs x: and y: for this table, e.g. t.plot(x: \"step\", y: \"loss\")")
            }
            let fig = try plot.figure(table)
            try fig.validate()
            return fig
        }
        t.method("plot", Signature("x:", "y:", "title: = nil", "xlabel: = nil", "ylabel: = nil", "xscale: = nil", "yscale: = nil", "kind: = \"line\""),
                 doc: "Plots columns against a column: t.plot(x: \"step\", y: [\"loss\", \"accuracy\"], yscale: .log).") { table, a in
            let kind: String
            switch a["kind"] {
            case .string(let s), .implicitMember(let s): kind = s
            default: kind = "line"
            }
            return try columnsFigure(table, a, scatter: kind == "scatter")
        }
        return t
    }

    /// Columns of a table against one of them (`table.plot(x:y:…)` and `plot(table, x:y:…)`).
    static func columnsFigure(_ table: Table, _ a: Arguments, scatter: Bool) throws -> Figure {
        let fig = try table.figure(x: a.string("x"), y: names(a, "y"), scatter: scatter, title: text(a, "title"), xLabel: text(a, "xlabel"),
                                   yLabel: text(a, "ylabel"), xScale: a("xscale"), yScale: a("yscale"))
        try fig.validate()
        return fig
    }

    static func groupedType() -> ToolkitType<GroupedTable> {
        let t = ToolkitType<GroupedTable>(doc: "Rows grouped by a column: .mean(), .std() or .count() give a Table.")
        t.method("mean", Signature(), doc: "The mean of every numeric column per group.") { g, _ in g.mean() }
        t.method("std", Signature(), doc: "The sample standard deviation of every numeric column per group.") { g, _ in g.std() }
        t.method("count", Signature(), doc: "The number of rows per group.") { g, _ in g.count() }
        return t
    }

    // MARK: Figures

    /// Runs `body` on the panel the call's `row:` and `col:` name.
    static func panel(_ fig: inout Figure, _ a: Arguments, _ body: (inout Axes) throws -> Void) throws {
        let r = try a.int("row"), c = try a.int("col")
        try fig.checkPanel(row: r, column: c)
        try body(&fig[r, c])
    }

    static func figureType() -> ToolkitType<Figure> {
        let t = ToolkitType<Figure>(doc: """
            An SVG figure of one or more panels. Make one with plot/scatter/bar/hist/heatmap or Figure(rows:cols:), \
            then add to it; panels are chosen with row:/col: (from 0).

                let fig = Figure(rows: 1, cols: 2, title: "Drift")
                fig.plot(x: t, y: g, label: "PCM", col: 0)
                fig.hist(errors, bins: 30, col: 1)
                fig.xscale(.log, col: 0)
                fig
            """)
        t.initializer(Signature("rows: = 1", "cols: = 1", "width: = nil", "height: = nil", "title: = nil")) { a in
            try Figure(rows: a.int("rows"), columns: a.int("cols"), width: a("width"), height: a("height"), title: text(a, "title"))
        }
        /// A drawing method on one panel.
        func draw(_ name: String, _ parameters: [String], doc: String, _ body: @escaping (inout Axes, Arguments) throws -> Void) {
            let signature = Signature(specs: parameters + ["row: = 0", "col: = 0"])
            t.mutating(name, signature, doc: doc) { fig, a in
                // A change that leaves the figure undrawable is refused, and the figure stays as it was.
                var changed = fig
                try panel(&changed, a) { try body(&$0, a) }
                try changed.validate()
                fig = changed
            }
        }
        draw("plot", ["x:", "y:", "label: = nil", "dashed: = false"], doc: "Adds a line.") { axes, a in
            try axes.line(x: a.doubles("x"), y: a.doubles("y"), label: text(a, "label"), dashed: a.bool("dashed"))
        }
        draw("scatter", ["x:", "y:", "label: = nil"], doc: "Adds points.") { axes, a in
            try axes.scatter(x: a.doubles("x"), y: a.doubles("y"), label: text(a, "label"))
        }
        draw("step", ["x:", "y:", "label: = nil"], doc: "Adds a step line.") { axes, a in
            try axes.step(x: a.doubles("x"), y: a.doubles("y"), label: text(a, "label"))
        }
        draw("bar", ["categories:", "values:", "label: = nil", "stacked: = false"],
             doc: "Adds a bar series (several series group, or stack with stacked: true).") { axes, a in
            try axes.bar(categories: names(a, "categories"), values: a.doubles("values"), label: text(a, "label"))
            if try a.bool("stacked") { axes.barMode = .stacked }
        }
        draw("hist", ["_ values", "bins: = nil", "label: = nil"], doc: "Adds a histogram.") { axes, a in
            try axes.histogram(a.doubles("values"), bins: a("bins"), label: text(a, "label"))
        }
        draw("errorBars", ["x:", "y:", "error:", "label: = nil"], doc: "Adds points with ± error bars.") { axes, a in
            try axes.errorBars(x: a.doubles("x"), y: a.doubles("y"), error: a.doubles("error"), label: text(a, "label"))
        }
        draw("band", ["x:", "lower:", "upper:", "label: = nil"], doc: "Adds a shaded band.") { axes, a in
            try axes.band(x: a.doubles("x"), lower: a.doubles("lower"), upper: a.doubles("upper"), label: text(a, "label"))
        }
        draw("heatmap", ["_ matrix", "rowLabels: = []", "columnLabels: = []", "colorBarLabel: = nil"],
             doc: "Adds a heatmap with a viridis colour bar.") { axes, a in
            try axes.heatmap(matrix(a, "matrix"), rowLabels: names(a, "rowLabels"), columnLabels: names(a, "columnLabels"),
                             colorBarLabel: text(a, "colorBarLabel"))
        }
        draw("hline", ["_ y", "label: = nil"], doc: "A horizontal reference line.") { axes, a in
            axes.horizontalLine(at: try a.double("y"), label: text(a, "label"))
        }
        draw("vline", ["_ x", "label: = nil"], doc: "A vertical reference line.") { axes, a in
            axes.verticalLine(at: try a.double("x"), label: text(a, "label"))
        }
        draw("annotate", ["_ text", "x:", "y:"], doc: "Text at a data position.") { axes, a in
            axes.annotate(try a.string("text"), x: try a.double("x"), y: try a.double("y"))
        }
        draw("xlabel", ["_ label"], doc: "The x-axis label.") { axes, a in axes.xLabel = try a.string("label") }
        draw("ylabel", ["_ label"], doc: "The y-axis label.") { axes, a in axes.yLabel = try a.string("label") }
        draw("panelTitle", ["_ title"], doc: "The title of one panel.") { axes, a in axes.title = try a.string("title") }
        draw("xscale", ["_ scale"], doc: "The x-axis scale: .linear or .log.") { axes, a in axes.xScale = try a("scale") }
        draw("yscale", ["_ scale"], doc: "The y-axis scale: .linear or .log.") { axes, a in axes.yScale = try a("scale") }
        draw("xlim", ["_ lower", "_ upper"], doc: "Fixes the x-axis range.") { axes, a in
            let lo = try a.double("lower"), hi = try a.double("upper")
            guard lo < hi else { throw ScriptCallError("xlim needs lower < upper") }
            axes.xLimits = lo...hi
        }
        draw("ylim", ["_ lower", "_ upper"], doc: "Fixes the y-axis range.") { axes, a in
            let lo = try a.double("lower"), hi = try a.double("upper")
            guard lo < hi else { throw ScriptCallError("ylim needs lower < upper") }
            axes.yLimits = lo...hi
        }
        draw("legend", ["_ position"], doc: "Legend position: .best (the default: the corner covering the fewest points), .topRight, .topLeft, .bottomRight, .bottomLeft or .none.") { axes, a in
            axes.legend = try a("position")
        }
        t.action("save", Signature("svg:"), doc: "Writes the figure as a standalone SVG file.") { fig, a in try fig.save(svg: a.string("svg")) }
        t.property("svg", doc: "The figure as SVG text.") { try $0.svg() }
        t.settable("title", doc: "The figure title.", get: { $0.title }, set: { fig, title in fig.title = title })
        return t
    }

    static func registerPlotFunctions(_ registry: ScriptRegistry) {
        let decorations = ["title: = nil", "xlabel: = nil", "ylabel: = nil", "xscale: = nil", "yscale: = nil"]
        /// A one-panel figure with the call's title, axis labels and scales.
        func figure(_ a: Arguments, scales: Bool = true, _ draw: (inout Axes) throws -> Void) throws -> Figure {
            var fig = try Figure(title: text(a, "title"))
            try draw(&fig.axes[0])
            fig.axes[0].xLabel = text(a, "xlabel")
            fig.axes[0].yLabel = text(a, "ylabel")
            if scales {
                fig.axes[0].xScale = try a("xscale")
                fig.axes[0].yScale = try a("yscale")
            }
            try fig.validate()
            return fig
        }
        registry.function("plot", Signature(specs: ["x:", "y:", "label: = nil"] + decorations),
                          doc: "A line plot: plot(x: xs, y: ys, label: \"PCM\", xscale: .log).", returning: { a in
            try figure(a) { axes in
                do {
                    try axes.line(x: a.doubles("x"), y: a.doubles("y"), label: text(a, "label"))
                } catch let e as FigureError where e.message.hasPrefix("line:") {
                    // Name the call the user wrote.
                    throw ScriptCallError("plot:" + e.message.dropFirst("line:".count))
                }
            }
        })
        registry.function("plot", Signature(specs: ["_ table", "x:", "y:"] + decorations),
                          doc: "Plots table columns: plot(table, x: \"step\", y: [\"a\", \"b\"]).", returning: { a in
            guard case .object(let o) = a["table"], let box = o as? ToolkitBox<Table> else {
                throw ScriptCallError("plot(_:x:y:) takes a Table first")
            }
            return try columnsFigure(box.value, a, scatter: false)
        })
        registry.function("scatter", Signature(specs: ["x:", "y:", "label: = nil"] + decorations), doc: "A scatter plot.", returning: { a in
            try figure(a) { try $0.scatter(x: a.doubles("x"), y: a.doubles("y"), label: text(a, "label")) }
        })
        registry.function("bar", Signature("categories:", "values:", "label: = nil", "title: = nil", "xlabel: = nil", "ylabel: = nil"),
                          doc: "A bar chart.", returning: { a in
            try figure(a, scales: false) { try $0.bar(categories: names(a, "categories"), values: a.doubles("values"), label: text(a, "label")) }
        })
        registry.function("hist", Signature("_ values", "bins: = nil", "label: = nil", "title: = nil", "xlabel: = nil", "ylabel: = nil"),
                          doc: "A histogram (bins chosen by the Freedman–Diaconis rule unless given).", returning: { a in
            var fig = try figure(a, scales: false) { try $0.histogram(a.doubles("values"), bins: a("bins"), label: text(a, "label")) }
            fig.axes[0].yLabel = text(a, "ylabel") ?? "count"
            return fig
        })
        registry.function("heatmap", Signature("_ matrix", "rowLabels: = []", "columnLabels: = []", "title: = nil", "colorBarLabel: = nil"),
                          doc: "A heatmap of a matrix (an array of rows) with a viridis colour bar.", returning: { a in
            var fig = try Figure(title: text(a, "title"))
            try fig.axes[0].heatmap(matrix(a, "matrix"), rowLabels: names(a, "rowLabels"), columnLabels: names(a, "columnLabels"),
                                    colorBarLabel: text(a, "colorBarLabel"))
            try fig.validate()
            return fig
        })
    }

    // MARK: Progress

    static func progressType(_ tracker: ProgressTracker) -> ToolkitType<LiveProgress> {
        let t = ToolkitType<LiveProgress>(doc: """
            A live progress bar below the cell, updated in place at most ten times a second.

                let p = Progress(total: 100, label: "training")
                for _ in 0..<100 { p.advance() }
                p.finish()
            """)
        t.initializer(Signature("total:", "label: = \"\"")) { a in
            let total = try a.int("total")
            guard total >= 0 else { throw ScriptCallError("Progress needs a total of 0 or more") }
            return tracker.bar(total: total, label: try a.string("label"), runtime: a.runtime)
        }
        t.action("advance", Signature("by: = 1"), doc: "Marks steps as done.") { bar, a in
            let n = try a.int("by")
            guard n >= 0 else { throw ScriptCallError("advance(by:) needs a count of 0 or more") }
            bar.progress.advance(by: n)
        }
        t.action("finish", Signature(), doc: "Shows the bar as complete.") { bar, _ in bar.progress.finish() }
        t.property("completed", \.progress.completed, doc: "Steps done so far.")
        t.property("fraction", \.progress.fraction, doc: "Fraction done, 0…1.")
        return t
    }
}
