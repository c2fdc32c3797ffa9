/// One cell of a `Table`. `missing` is an empty (optional) cell.
public enum TableValue: Sendable, Equatable, Hashable {
    case int(Int)
    case double(Double)
    case string(String)
    case bool(Bool)
    case missing

    /// The numeric value, for sorting and statistics; nil for text, booleans and missing cells.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    public var isMissing: Bool { self == .missing }
}

extension TableValue: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByStringLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral
{
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .missing }
}

/// The type of a column, inferred from its values (ints widen to double when mixed).
public enum ColumnType: String, Sendable, Equatable {
    case int, double, string, bool, empty

    static func infer(_ values: [TableValue]) -> ColumnType {
        var type = ColumnType.empty
        for v in values {
            let t: ColumnType
            switch v {
            case .int: t = .int
            case .double: t = .double
            case .string: t = .string
            case .bool: t = .bool
            case .missing: continue
            }
            if type == .empty { type = t } else if type != t {
                if (type == .int && t == .double) || (type == .double && t == .int) { type = .double } else { return .string }
            }
        }
        return type
    }
}

/// A named, typed column; `unit` (s, µS, %, ps, µW, …) is shown in the header and used to pick
/// SI prefixes when numbers are formatted.
public struct Column: Sendable, Equatable {
    public var name: String
    public var values: [TableValue]
    public var unit: String?

    public init(_ name: String, _ values: [TableValue], unit: String? = nil) {
        self.name = name
        self.values = values
        self.unit = unit
    }

    public var type: ColumnType { ColumnType.infer(values) }

    /// Numeric values with missing and non-numeric cells left out.
    public var numbers: [Double] { values.compactMap(\.number) }
}

/// Errors from building or transforming a table.
public struct TableError: ToolkitError, Sendable, Equatable {
    public let message: String
    public var kind: ToolkitErrorKind { .table }
    public init(_ message: String) { self.message = message }
}
