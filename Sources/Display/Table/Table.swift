/// A table of named, typed columns: what toolkit operations return and what notebooks show as
/// text, HTML and Markdown. Value semantics: every transformation returns a new table.
public struct Table: Sendable, Equatable {
    public private(set) var columns: [Column]
    /// Shown above the table in rich output.
    public var title: String?
    /// Significant digits used for floating-point cells.
    public var digits: Int = 4
    /// The picture a study's table is made for (`table.plot()` with no arguments); tables derived
    /// from it (rows or columns taken, sorted, extended) drop it, since they may lack its columns.
    public var defaultPlot: TablePlot?

    /// From columns; all must have the same length.
    public init(columns: [Column], title: String? = nil) throws {
        if let first = columns.first, let bad = columns.first(where: { $0.values.count != first.values.count }) {
            throw TableError("column '\(bad.name)' has \(bad.values.count) values but '\(first.name)' has \(first.values.count)")
        }
        var seen = Set<String>()
        for c in columns {
            guard seen.insert(c.name).inserted else { throw TableError("duplicate column name '\(c.name)'") }
        }
        self.columns = columns
        self.title = title
    }

    /// From rows of cells under the given column names.
    public init(columnNames: [String], rows: [[TableValue]], units: [String: String] = [:], title: String? = nil) throws {
        for (i, row) in rows.enumerated() where row.count != columnNames.count {
            throw TableError("row \(i) has \(row.count) cells but there are \(columnNames.count) columns")
        }
        try MemoryBudget.shared.reserve(count: rows.count * columnNames.count, stride: MemoryLayout<TableValue>.stride,
                                        for: "a table of \(rows.count) rows and \(columnNames.count) columns")
        let cols = columnNames.enumerated().map { (j, name) in Column(name, rows.map { $0[j] }, unit: units[name]) }
        try self.init(columns: cols, title: title)
    }

    /// From records (one dictionary per row); columns appear in `order`, then any others sorted by name.
    public init(records: [[String: TableValue]], order: [String] = [], title: String? = nil) throws {
        var names = order
        let extra = Set(records.flatMap(\.keys)).subtracting(order).sorted()
        names.append(contentsOf: extra)
        try MemoryBudget.shared.reserve(count: records.count * names.count, stride: MemoryLayout<TableValue>.stride,
                                        for: "a table of \(records.count) rows and \(names.count) columns")
        let cols = names.map { name in Column(name, records.map { $0[name] ?? .missing }) }
        try self.init(columns: cols, title: title)
    }

    public var rowCount: Int { columns.first?.values.count ?? 0 }
    public var columnNames: [String] { columns.map(\.name) }

    /// One row as cells in column order; nil when out of range.
    public func row(_ index: Int) -> [TableValue]? {
        guard index >= 0 && index < rowCount else { return nil }
        return columns.map { $0.values[index] }
    }

    /// The column with this name.
    public func column(_ name: String) throws -> Column {
        guard let c = columns.first(where: { $0.name == name }) else {
            throw TableError("no column named '\(name)'; columns are \(columnNames.joined(separator: ", "))")
        }
        return c
    }

    /// The first `n` rows.
    public func head(_ n: Int = 5) -> Table { selectingRows(Array(0..<min(max(0, n), rowCount))) }

    /// The last `n` rows.
    public func tail(_ n: Int = 5) -> Table { selectingRows(Array(max(0, rowCount - max(0, n))..<rowCount)) }

    /// Only the named columns, in that order.
    public func select(_ names: [String]) throws -> Table {
        var copy = self
        copy.defaultPlot = nil
        copy.columns = try names.map { try column($0) }
        return copy
    }

    /// Rows for which `keep` returns true; the closure sees the row as a name → cell dictionary.
    public func filter(_ keep: ([String: TableValue]) throws -> Bool) rethrows -> Table {
        var indices: [Int] = []
        for i in 0..<rowCount where try keep(record(i)) { indices.append(i) }
        return selectingRows(indices)
    }

    /// Sorted by a column; numbers before text, missing cells last. Stable.
    public func sorted(by name: String, ascending: Bool = true) throws -> Table {
        let c = try column(name)
        let order = c.values.indices.sorted { a, b in
            let (x, y) = (c.values[a], c.values[b])
            if x == y { return a < b }
            let less = Table.less(x, y)
            let greater = Table.less(y, x)
            if !less && !greater { return a < b }
            if x.isMissing { return false }
            if y.isMissing { return true }
            return ascending ? less : greater
        }
        return selectingRows(order)
    }

    /// A copy with one more column (or a replaced one of the same name).
    public func addingColumn(_ name: String, _ values: [TableValue], unit: String? = nil) throws -> Table {
        guard values.count == rowCount || columns.isEmpty else {
            throw TableError("new column '\(name)' has \(values.count) values but the table has \(rowCount) rows")
        }
        var copy = self
        copy.defaultPlot = nil
        let col = Column(name, values, unit: unit)
        if let i = copy.columns.firstIndex(where: { $0.name == name }) { copy.columns[i] = col } else { copy.columns.append(col) }
        return copy
    }

    /// Groups rows by the values of one column, for `mean()`/`std()`/`count()`.
    public func groupBy(_ name: String) throws -> GroupedTable {
        _ = try column(name)
        return GroupedTable(table: self, key: name)
    }

    /// The row as a name → cell dictionary.
    public func record(_ index: Int) -> [String: TableValue] {
        var r: [String: TableValue] = [:]
        for c in columns { r[c.name] = c.values[index] }
        return r
    }

    func selectingRows(_ indices: [Int]) -> Table {
        var copy = self
        copy.defaultPlot = nil
        copy.columns = columns.map { c in Column(c.name, indices.map { c.values[$0] }, unit: c.unit) }
        return copy
    }

    static func less(_ x: TableValue, _ y: TableValue) -> Bool {
        switch (x, y) {
        case (.string(let a), .string(let b)): return a < b
        case (.bool(let a), .bool(let b)): return !a && b
        default:
            if let a = x.number, let b = y.number { return a < b }
            if x.number != nil, case .string = y { return true }
            return false
        }
    }
}

/// Rows of a table grouped by one key column, reduced per group.
public struct GroupedTable: Sendable {
    let table: Table
    /// The column the rows are grouped by.
    public let key: String

    /// Mean of every numeric column per group.
    public func mean() -> Table { reduce(suffix: "mean") { xs in xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count) } }

    /// Sample standard deviation (n − 1) of every numeric column per group.
    public func std() -> Table {
        reduce(suffix: "std") { xs in
            guard xs.count > 1 else { return nil }
            let m = xs.reduce(0, +) / Double(xs.count)
            return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
        }
    }

    /// Number of rows per group.
    public func count() -> Table {
        let groups = groupIndices()
        let keyCol = Column(key, groups.map(\.key), unit: unitOf(key))
        return (try? Table(columns: [keyCol, Column("count", groups.map { .int($0.rows.count) })], title: table.title)) ?? table
    }

    private func unitOf(_ name: String) -> String? { table.columns.first { $0.name == name }?.unit }

    private func groupIndices() -> [(key: TableValue, rows: [Int])] {
        guard let keyColumn = table.columns.first(where: { $0.name == key }) else { return [] }
        var order: [TableValue] = []
        var rows: [TableValue: [Int]] = [:]
        for (i, v) in keyColumn.values.enumerated() {
            if rows[v] == nil { order.append(v) }
            rows[v, default: []].append(i)
        }
        return order.map { ($0, rows[$0] ?? []) }
    }

    private func reduce(suffix: String, _ f: ([Double]) -> Double?) -> Table {
        let groups = groupIndices()
        var cols = [Column(key, groups.map(\.key), unit: unitOf(key))]
        for c in table.columns where c.name != key && (c.type == .int || c.type == .double) {
            let values: [TableValue] = groups.map { g in
                f(g.rows.compactMap { c.values[$0].number }).map(TableValue.double) ?? .missing
            }
            cols.append(Column(c.name, values, unit: c.unit))
        }
        let title = table.title.map { "\($0) (\(suffix) by \(key))" } ?? "\(suffix) by \(key)"
        return (try? Table(columns: cols, title: title)) ?? table
    }
}
