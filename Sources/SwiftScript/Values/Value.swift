import Display

/// A value of the cell language. Collections are Swift arrays, so they get Swift's copy-on-write
/// value semantics for free; optionals are flat (a present optional is just its value).
public enum Value {
    case void
    case null
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    case array([Value])
    case dict(OrderedDict)
    case tuple(TupleValue)
    case range(IntRange)
    case doubleRange(DoubleRange)
    case function(Callable)
    case instance(Instance)
    case type(ScriptType)
    case object(ScriptObject)
    case rich(MIMEBundle)
    /// `.pcm` before it meets the registry type that knows what it means.
    case implicitMember(String)
    /// A declared variable that has not been assigned yet (`var x: Int`).
    case uninitialized
    /// What a variable holds while its value is taken out to be modified in place (a mutating
    /// method, an append, an assignment through a path). Reaching the variable again meanwhile is
    /// Swift's "simultaneous accesses" error; seeing this value is how Crossbar notices.
    case inAccess
}

public struct TupleValue {
    public var items: [Value]
    /// One entry per item; nil entries are unlabelled. nil array: no labels at all.
    public var labels: [String?]?

    public init(_ items: [Value], labels: [String?]? = nil) {
        self.items = items
        self.labels = labels
    }

    func index(ofLabel name: String) -> Int? {
        guard let labels else { return nil }
        return labels.firstIndex(where: { $0 == name })
    }
}

public struct IntRange: Hashable, Sendable {
    public var lower: Int
    public var upper: Int
    public var closed: Bool
    /// The half-open end, or nil when a closed range ends at Int.max.
    var end: Int { closed ? upper &+ 1 : upper }
    /// The number of elements, saturating at Int.max (`Int.min...Int.max` must not trap).
    public var count: Int {
        let (span, overflow) = upper.subtractingReportingOverflow(lower)
        if overflow { return upper > lower ? Int.max : 0 }
        if span < 0 { return 0 }
        return closed ? (span == Int.max ? Int.max : span + 1) : span
    }
    public func contains(_ x: Int) -> Bool { closed ? (x >= lower && x <= upper) : (x >= lower && x < upper) }
    var elements: [Value] {
        guard count > 0 else { return [] }
        var out: [Value] = []
        out.reserveCapacity(count)
        var i = lower
        while closed ? i <= upper : i < upper {
            out.append(.int(i))
            if i == Int.max { break }
            i += 1
        }
        return out
    }
}

public struct DoubleRange: Hashable, Sendable {
    public var lower: Double
    public var upper: Double
    public var closed: Bool
    public func contains(_ x: Double) -> Bool { closed ? (x >= lower && x <= upper) : (x >= lower && x < upper) }
}

/// A dictionary that keeps insertion order, so printing and iteration are deterministic.
public struct OrderedDict {
    public private(set) var keys: [Value] = []
    public private(set) var values: [Value] = []
    private var index: [Value: Int] = [:]

    public init() {}

    public var count: Int { keys.count }

    public subscript(key: Value) -> Value? {
        guard let i = index[key] else { return nil }
        return values[i]
    }

    public mutating func set(_ value: Value, for key: Value) {
        if let i = index[key] {
            values[i] = value
        } else {
            index[key] = keys.count
            keys.append(key)
            values.append(value)
        }
    }

    @discardableResult
    public mutating func remove(_ key: Value) -> Value? {
        guard let i = index[key] else { return nil }
        let old = values[i]
        keys.remove(at: i)
        values.remove(at: i)
        index[key] = nil
        for j in i..<keys.count { index[keys[j]] = j }
        return old
    }

    public mutating func removeAll() {
        keys = []
        values = []
        index = [:]
    }

    /// Modifies the value stored under `key` in place (nil when absent; storing nil removes it).
    mutating func modify<T>(_ key: Value, default defaultValue: Value?, _ body: (inout Value) throws -> T) rethrows -> T {
        if let i = index[key] {
            var v = values[i]
            values[i] = .void
            let result: T
            do { result = try body(&v) } catch { values[i] = v; throw error }
            if case .null = v { _ = remove(key) } else { values[i] = v }
            return result
        }
        var v = defaultValue ?? .null
        let result = try body(&v)
        if case .null = v {} else { set(v, for: key) }
        return result
    }

    var pairs: [Value] {
        zip(keys, values).map { .tuple(TupleValue([$0, $1], labels: ["key", "value"])) }
    }
}

/// A value of a `struct` declared in a cell.
public struct Instance {
    public let type: StructType
    public var fields: [Value]
}

/// Objects the toolkit hands to cells (tiles, tables, figures): reference types whose members come
/// from the registry.
public protocol ScriptObject: AnyObject {
    /// The type name cells see (`type(of:)`, error messages).
    var scriptTypeName: String { get }
    /// How the object shows as a cell result or through `display`.
    func mimeBundle() -> MIMEBundle
}

/// The types a cell can name: builtin ones, structs declared in cells and toolkit types.
public enum ScriptType {
    case builtin(BuiltinType)
    case structType(StructType)
    case registered(RegisteredType)

    public var name: String {
        switch self {
        case .builtin(let b): return b.rawValue
        case .structType(let s): return s.name
        case .registered(let r): return r.name
        }
    }
}

public enum BuiltinType: String, CaseIterable, Sendable {
    case int = "Int", double = "Double", bool = "Bool", string = "String", array = "Array"
    case dictionary = "Dictionary", character = "Character", float = "Float"
}

// MARK: - Equality and hashing (dictionary keys, ==, switch patterns)

extension Value: Hashable {
    public static func == (lhs: Value, rhs: Value) -> Bool {
        switch (lhs, rhs) {
        case (.void, .void), (.null, .null), (.uninitialized, .uninitialized), (.inAccess, .inAccess): return true
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)): return Double(a) == b
        case let (.double(a), .int(b)): return a == Double(b)
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.dict(a), .dict(b)):
            guard a.count == b.count else { return false }
            for (k, v) in zip(a.keys, a.values) where b[k] != v { return false }
            return true
        case let (.tuple(a), .tuple(b)): return a.items == b.items
        case let (.range(a), .range(b)): return a == b
        case let (.doubleRange(a), .doubleRange(b)): return a == b
        case let (.function(a), .function(b)): return a === b
        case let (.instance(a), .instance(b)): return a.type === b.type && a.fields == b.fields
        case let (.type(a), .type(b)): return a.name == b.name
        case let (.object(a), .object(b)): return a === b
        case let (.implicitMember(a), .implicitMember(b)): return a == b
        case let (.rich(a), .rich(b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .int(let i): hasher.combine(Double(i))
        case .double(let d): hasher.combine(d)
        case .bool(let b): hasher.combine(b)
        case .string(let s): hasher.combine(s)
        case .array(let a): hasher.combine(a)
        case .tuple(let t): hasher.combine(t.items)
        case .range(let r): hasher.combine(r)
        case .instance(let i): hasher.combine(i.type.name); hasher.combine(i.fields)
        case .implicitMember(let m): hasher.combine(m)
        case .type(let t): hasher.combine(t.name)
        case .object(let o): hasher.combine(ObjectIdentifier(o))
        case .function(let f): hasher.combine(ObjectIdentifier(f))
        default: hasher.combine(0)
        }
    }
}

// MARK: - Type names and descriptions

extension Value {
    /// The Swift-like type name used in messages and by `type(of:)`.
    public var typeName: String {
        switch self {
        case .void: return "()"
        case .null: return "Optional"
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        case .string: return "String"
        case .array(let a): return "Array<\(Value.commonTypeName(a))>"
        case .dict(let d): return "Dictionary<\(Value.commonTypeName(d.keys)), \(Value.commonTypeName(d.values))>"
        case .tuple(let t): return "(" + t.items.map(\.typeName).joined(separator: ", ") + ")"
        case .range(let r): return r.closed ? "ClosedRange<Int>" : "Range<Int>"
        case .doubleRange(let r): return r.closed ? "ClosedRange<Double>" : "Range<Double>"
        case .function: return "Function"
        case .instance(let i): return i.type.name
        case .type(let t): return "\(t.name).Type"
        case .object(let o): return o.scriptTypeName
        case .rich: return "RichOutput"
        case .implicitMember: return "ImplicitMember"
        case .uninitialized: return "Uninitialized"
        case .inAccess: return "InAccess"
        }
    }

    static func commonTypeName(_ items: [Value]) -> String {
        guard let first = items.first else { return "Any" }
        let name = first.typeName
        return items.allSatisfy({ $0.typeName == name }) ? name : "Any"
    }

    /// What `print` shows: strings bare at the top level.
    public var plainDescription: String {
        switch self {
        case .string(let s): return s
        case .instance(let i):
            if let custom = i.customDescription { return custom }
            return debugText
        default: return debugText
        }
    }

    /// What a result's text/plain shows, and how values print inside collections.
    public var debugText: String {
        switch self {
        case .void: return "()"
        case .null: return "nil"
        case .int(let i): return String(i)
        case .double(let d): return d.description
        case .bool(let b): return b ? "true" : "false"
        case .string(let s): return Value.quoted(s)
        case .array(let a): return "[" + a.map(\.debugText).joined(separator: ", ") + "]"
        case .dict(let d):
            if d.count == 0 { return "[:]" }
            return "[" + zip(d.keys, d.values).map { "\($0.debugText): \($1.debugText)" }.joined(separator: ", ") + "]"
        case .tuple(let t):
            let parts = t.items.enumerated().map { i, v -> String in
                if let labels = t.labels, i < labels.count, let l = labels[i] { return "\(l): \(v.debugText)" }
                return v.debugText
            }
            return "(" + parts.joined(separator: ", ") + ")"
        case .range(let r): return "\(r.lower)\(r.closed ? "..." : "..<")\(r.upper)"
        case .doubleRange(let r): return "\(r.lower)\(r.closed ? "..." : "..<")\(r.upper)"
        case .function: return "(Function)"
        case .instance(let i):
            if let custom = i.customDescription { return custom }
            let parts = zip(i.type.storedNames, i.fields).map { "\($0): \($1.debugText)" }
            return "\(i.type.name)(" + parts.joined(separator: ", ") + ")"
        case .type(let t): return t.name
        case .object(let o): return o.mimeBundle().plainText ?? o.scriptTypeName
        case .rich(let b): return b.plainText ?? "<rich output>"
        case .implicitMember(let m): return "." + m
        case .uninitialized: return "<uninitialized>"
        case .inAccess: return "<in access>"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// The MIME bundle of a cell result or a `display` argument.
    public var mimeBundle: MIMEBundle {
        switch self {
        case .rich(let b): return b
        case .object(let o): return o.mimeBundle()
        default: return MIMEBundle(plainText: debugText)
        }
    }

    var isNil: Bool { if case .null = self { return true } else { return false } }
}
