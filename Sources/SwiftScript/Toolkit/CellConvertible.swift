import Display

/// A Swift value that crosses between toolkit code and cells: read from a cell's argument (with a
/// message naming the parameter when it does not fit) and handed back as a cell value.
public protocol CellConvertible {
    /// The type as messages name it (`Int`, `[Double]`, `TileConfig`).
    static var cellTypeName: String { get }
    /// The value a cell passed for parameter `name`.
    static func fromCell(_ value: Value, _ context: CellContext) throws -> Self
    /// The value as a cell sees it.
    var cellValue: Value { get }
}

/// Where a conversion happens: the parameter's name for messages, the runtime for sequences.
public struct CellContext {
    public let name: String
    /// nil where no call is under way (a property assignment).
    public let runtime: Runtime?
    public let callSite: CellLocation?

    public init(name: String, runtime: Runtime?, callSite: CellLocation?) {
        self.name = name
        self.runtime = runtime
        self.callSite = callSite
    }

    /// swiftc's complaint for an argument of the wrong type.
    public func mismatch(_ value: Value, _ expected: String) -> ScriptCallError {
        var error = ScriptCallError("cannot convert value of type '\(value.typeName)' to expected argument type '\(expected)' (\(name))")
        error.isTypeMismatch = true
        return error
    }
}

extension Value: CellConvertible {
    public static var cellTypeName: String { "Any" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Value { value }
    public var cellValue: Value { self }
}

extension Int: CellConvertible {
    public static var cellTypeName: String { "Int" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Int {
        if case .int(let v) = value { return v }
        throw context.mismatch(value, "Int")
    }
    public var cellValue: Value { .int(self) }
}

extension Double: CellConvertible {
    public static var cellTypeName: String { "Double" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Double {
        switch value {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: throw context.mismatch(value, "Double")
        }
    }
    public var cellValue: Value { .double(self) }
}

extension Float: CellConvertible {
    public static var cellTypeName: String { "Double" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Float {
        Float(try Double.fromCell(value, context))
    }
    /// The Double with the same shortest decimal form (0.06, not 0.05999999865889549).
    public var cellValue: Value { .double(Double(String(describing: self)) ?? Double(self)) }
}

extension Bool: CellConvertible {
    public static var cellTypeName: String { "Bool" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Bool {
        if case .bool(let v) = value { return v }
        throw context.mismatch(value, "Bool")
    }
    public var cellValue: Value { .bool(self) }
}

extension String: CellConvertible {
    public static var cellTypeName: String { "String" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> String {
        if case .string(let v) = value { return v }
        throw context.mismatch(value, "String")
    }
    public var cellValue: Value { .string(self) }
}

/// Seeds: cells write any Int; the toolkit takes its bit pattern.
extension UInt64: CellConvertible {
    public static var cellTypeName: String { "Int" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> UInt64 {
        UInt64(bitPattern: Int64(try Int.fromCell(value, context)))
    }
    public var cellValue: Value { .int(Int(truncatingIfNeeded: self)) }
}

/// nil in a cell is nil in Swift; a missing argument too.
extension Optional: CellConvertible where Wrapped: CellConvertible {
    public static var cellTypeName: String { Wrapped.cellTypeName + "?" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Wrapped? {
        switch value {
        case .null, .void: return nil
        default: return try Wrapped.fromCell(value, context)
        }
    }
    public var cellValue: Value { map(\.cellValue) ?? .null }
}

/// Arrays and ranges in, arrays out. An element that does not fit names the parameter.
extension Array: CellConvertible where Element: CellConvertible {
    public static var cellTypeName: String { "[" + Element.cellTypeName + "]" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> [Element] {
        let items: [Value]
        if case .array(let given) = value {
            items = given
        } else if let runtime = context.runtime, let sequence = try? runtime.sequence(value, at: context.callSite ?? .unknown) {
            items = sequence
        } else {
            throw context.mismatch(value, "Array")
        }
        return try items.map { item in
            do { return try Element.fromCell(item, context) } catch let e as ScriptCallError where e.isTypeMismatch {
                let what = Element.self == Double.self || Element.self == Float.self ? "numbers" : Element.cellTypeName
                throw ScriptCallError("\(context.name) must hold \(what), not '\(item.typeName)'")
            }
        }
    }
    public var cellValue: Value { .array(map(\.cellValue)) }
}

/// An enum cells write as an implicit member (`.log`, `.crossEntropy`): its raw value is the
/// member's name.
public protocol CellEnum: CellConvertible, RawRepresentable, CaseIterable where RawValue == String {}

extension CellEnum {
    public static var cellTypeName: String { "\(Self.self)" }
    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Self {
        let choices = allCases.map { "." + $0.rawValue }
        let list = choices.dropLast().joined(separator: ", ") + (choices.count > 1 ? " or " : "") + (choices.last ?? "")
        guard case .implicitMember(let name) = value else { throw ScriptCallError("\(context.name): takes \(list)") }
        guard let member = Self(rawValue: name) else { throw ScriptCallError("unknown \(context.name) .\(name); use \(list)") }
        return member
    }
    public var cellValue: Value { .implicitMember(rawValue) }
}
