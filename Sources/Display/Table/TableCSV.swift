import Foundation

/// RFC 4180 CSV: fields with commas, quotes or line breaks are quoted, quotes doubled.
extension Table {
    /// The table as CSV text (header row first, CRLF line ends as RFC 4180 says). Numbers are
    /// written in full precision so a round trip loses nothing.
    public func toCSV() -> String {
        func field(_ s: String) -> String {
            if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        func raw(_ v: TableValue) -> String {
            switch v {
            case .int(let i): return String(i)
            case .double(let d): return "\(d)"
            case .string(let s): return s
            case .bool(let b): return b ? "true" : "false"
            case .missing: return ""
            }
        }
        var lines = [columns.map { field($0.name) }.joined(separator: ",")]
        for r in 0..<rowCount {
            lines.append(columns.map { field(raw($0.values[r])) }.joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Writes CSV to a file.
    public func save(csv path: String) throws {
        do { try toCSV().write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw TableError("cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    /// Parses CSV text with a header row. Cells become Int, Double, Bool or String by content;
    /// empty cells are missing.
    public init(csv text: String, title: String? = nil) throws {
        let records = try Table.parseCSV(text)
        guard let header = records.first else { throw TableError("CSV text is empty") }
        let body = records.dropFirst()
        for (i, r) in body.enumerated() where r.count != header.count {
            throw TableError("CSV row \(i + 2) has \(r.count) fields but the header has \(header.count)")
        }
        let cols = header.enumerated().map { (j, name) in Column(name, body.map { Table.inferCell($0[j]) }) }
        try self.init(columns: cols, title: title)
    }

    /// Reads a CSV file.
    public init(csvFile path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else { throw TableError("cannot read '\(path)'") }
        try self.init(csv: String(decoding: data, as: UTF8.self))
    }

    static func inferCell(_ s: String) -> TableValue {
        if s.isEmpty { return .missing }
        if let i = Int(s) { return .int(i) }
        if let d = Double(s), s.first.map({ $0.isNumber || $0 == "-" || $0 == "+" || $0 == "." }) ?? false { return .double(d) }
        if s == "true" { return .bool(true) }
        if s == "false" { return .bool(false) }
        return .string(s)
    }

    /// A small state machine over Unicode scalars so CRLF, quoted line breaks and "" all work.
    static func parseCSV(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var fieldWasQuoted = false
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func endField() { record.append(field); field = ""; fieldWasQuoted = false }
        func endRecord() {
            endField()
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 1 } else { inQuotes = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else {
                switch c {
                case "\"":
                    guard field.isEmpty && !fieldWasQuoted else { throw TableError("CSV: stray quote in field on record \(records.count + 1)") }
                    inQuotes = true
                    fieldWasQuoted = true
                case ",": endField()
                case "\r":
                    if i + 1 < scalars.count && scalars[i + 1] == "\n" { i += 1 }
                    endRecord()
                case "\n": endRecord()
                default: field.unicodeScalars.append(c)
                }
            }
            i += 1
        }
        if inQuotes { throw TableError("CSV: unterminated quoted field") }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        return records
    }
}
