/// Text, HTML and Markdown renderings of a table.
extension Table: MIMERepresentable {
    /// Rows shown before a long table is cut (the middle is elided, with a row count).
    public static let displayRowLimit = 30

    public var mimeBundle: MIMEBundle {
        var bundle = MIMEBundle(plainText: plainText())
        bundle.set("text/html", .string(html()))
        bundle.set("text/markdown", .string(markdown()))
        return bundle
    }

    func header(_ c: Column) -> String {
        guard let unit = c.unit, !unit.isEmpty else { return c.name }
        // SI-prefixed cells carry their own unit; the header names the base unit.
        return "\(c.name) (\(unit))"
    }

    /// Row indices to show, with nil standing for the elided middle.
    func shownRows(limit: Int = Table.displayRowLimit) -> [Int?] {
        guard rowCount > limit else { return Array(0..<rowCount) }
        let top = limit / 2, bottom = limit - top
        return Array(0..<top).map(Optional.some) + [nil] + Array((rowCount - bottom)..<rowCount).map(Optional.some)
    }

    func cellText(_ c: Column, _ row: Int) -> String {
        NumberFormat.cell(c.values[row], unit: c.unit.flatMap { NumberFormat.siUnits.contains($0) || $0 == "%" ? $0 : nil },
                          digits: digits)
    }

    func isNumeric(_ c: Column) -> Bool { c.type == .int || c.type == .double }

    /// Aligned columns (numbers right, text left); long tables elided in the middle.
    public func plainText() -> String {
        if columns.isEmpty { return "(empty table)" }
        let rows = shownRows()
        var widths = columns.map { header($0).count }
        var cells: [[String]] = []
        for r in rows {
            guard let r else { cells.append(columns.map { _ in "…" }); continue }
            let line = columns.map { cellText($0, r).replacingNewlines() }
            for (j, t) in line.enumerated() { widths[j] = max(widths[j], t.count) }
            cells.append(line)
        }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        var out: [String] = []
        if let title { out.append(title) }
        out.append(columns.enumerated().map { pad(header($1), widths[$0], right: isNumeric($1)) }.joined(separator: "  "))
        out.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        for line in cells {
            out.append(line.enumerated().map { pad($1, widths[$0], right: isNumeric(columns[$0])) }.joined(separator: "  "))
        }
        if rowCount > Table.displayRowLimit || rowCount == 0 { out.append("[\(rowCount) rows × \(columns.count) columns]") }
        return out.joined(separator: "\n")
    }

    /// A styled HTML table; every string is escaped.
    public func html() -> String {
        var out = "<div class=\"crossbar-table\">"
        out += "<style>.crossbar-table table{border-collapse:collapse;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px}"
        out += ".crossbar-table th,.crossbar-table td{padding:4px 10px;border-bottom:1px solid #ddd}"
        out += ".crossbar-table th{background:#f3f5f8;text-align:left}.crossbar-table td.num{text-align:right;font-variant-numeric:tabular-nums}"
        // Text left-aligned even where the front end right-aligns every cell (JupyterLab's rendered HTML).
        out += ".crossbar-table td.text{text-align:left}"
        out += ".crossbar-table caption{font-weight:600;text-align:left;padding:4px 0}</style><table>"
        if let title { out += "<caption>\(htmlEscape(title))</caption>" }
        out += "<thead><tr>" + columns.map { "<th>\(htmlEscape(header($0)))</th>" }.joined() + "</tr></thead><tbody>"
        for r in shownRows() {
            guard let r else {
                out += "<tr><td colspan=\"\(columns.count)\" style=\"text-align:center\">⋯ \(rowCount - Table.displayRowLimit) more rows ⋯</td></tr>"
                continue
            }
            out += "<tr>" + columns.map { c in
                "<td class=\"\(isNumeric(c) ? "num" : "text")\">\(htmlEscape(cellText(c, r)))</td>"
            }.joined() + "</tr>"
        }
        out += "</tbody></table>"
        out += "<small>\(rowCount) rows × \(columns.count) columns</small></div>"
        return out
    }

    /// GitHub-flavoured Markdown; pipes and newlines inside cells are escaped.
    public func markdown() -> String {
        func esc(_ s: String) -> String { s.replacingNewlines().replacingPipes() }
        var out: [String] = []
        if let title { out.append("**\(esc(title))**\n") }
        out.append("| " + columns.map { esc(header($0)) }.joined(separator: " | ") + " |")
        out.append("|" + columns.map { isNumeric($0) ? " ---: " : " :--- " }.joined(separator: "|") + "|")
        for r in shownRows() {
            guard let r else { out.append("| " + columns.map { _ in "…" }.joined(separator: " | ") + " |"); continue }
            out.append("| " + columns.map { esc(cellText($0, r)) }.joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n")
    }
}

extension String {
    func replacingNewlines() -> String {
        var s = ""
        for ch in self { s += (ch == "\n" || ch == "\r\n" || ch == "\r") ? "⏎" : String(ch) }
        return s
    }

    func replacingPipes() -> String {
        var s = ""
        for ch in self { s += ch == "|" ? "\\|" : String(ch) }
        return s
    }
}
