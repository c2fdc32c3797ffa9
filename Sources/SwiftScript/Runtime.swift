import Display

/// Where a node came from: the cell (its execution count) and a 1-based line and column.
public struct CellLocation: Sendable, Equatable {
    public var cell: Int
    public var line: Int
    public var column: Int
    public init(cell: Int, line: Int, column: Int) {
        self.cell = cell
        self.line = line
        self.column = column
    }
    static let unknown = CellLocation(cell: 0, line: 0, column: 0)
}

/// The kinds of failure a cell can end with; the raw value is the Jupyter `ename`.
public enum FailureKind: String, Sendable {
    case syntax = "SyntaxError"
    case compile = "CompileError"
    case runtime = "RuntimeError"
    case interrupted = "Interrupted"
}

/// An error raised while compiling or running a cell, carried up to the interpreter with the
/// call sites it passed through.
struct ScriptFailure: Error {
    var kind: FailureKind
    var message: String
    var location: CellLocation
    var callers: [CellLocation] = []
    /// Further diagnostics (other syntax errors of the same cell).
    var notes: [(message: String, location: CellLocation)] = []

    init(_ kind: FailureKind, _ message: String, at location: CellLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    static func runtime(_ message: String, at location: CellLocation) -> ScriptFailure {
        ScriptFailure(.runtime, message, at: location)
    }
}

/// Control flow out of a statement.
enum Flow {
    case normal
    case breakLoop(String?)
    case continueLoop(String?)
    case returnValue(Value)
    case fallthroughCase
}

/// The variables of one function call (or of a cell's nested blocks): slots resolved at compile
/// time, with the frame of the enclosing function for closures. Header and slots share one
/// allocation, since a frame is made for every call.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    static func make(size: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(parent: parent, size: size) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .uninitialized, count: size) }
        return frame
    }

    deinit {
        _ = withUnsafeMutablePointers { header, slots in slots.deinitialize(count: header.pointee.size) }
    }

    var parent: Frame? { header.parent }

    /// Empties the slots so a pooled frame holds no values.
    func clear() {
        withUnsafeMutablePointers { header, slots in
            for i in 0..<header.pointee.size { slots[i] = .uninitialized }
        }
    }

    func reparent(_ parent: Frame?) { header.parent = parent }

    /// One slot, read and written inside the accessor while the frame is guaranteed alive.
    /// (A pointer to the slots handed out of the frame would outlive it in optimised builds: the
    /// optimiser may release a frame right after its last use, before a read through the pointer.)
    @inline(__always)
    subscript(slot i: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[i] } }
        _modify {
            let elements = withUnsafeMutablePointerToElements { $0 }
            defer { _fixLifetime(self) }
            yield &elements[i]
        }
    }

    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        var d = depth
        while d > 0, let p = frame.parent {
            frame = p
            d -= 1
        }
        return frame
    }
}

struct FrameHeader {
    var parent: Frame?
    let size: Int
}

/// A name declared at a cell's top level. Its box outlives redeclaration, so functions compiled in
/// earlier cells see the newest binding.
final class GlobalVariable {
    let name: String
    var value: Value
    /// The typed tier's body of the `func` this variable holds. Set only where a `func` is bound
    /// (and cleared by any other declaration of the name); a `let` cannot be assigned otherwise,
    /// so it never goes stale. Not an observer on `value`: that would slow every global write.
    var typedBody: TypedBody? {
        didSet { typedBodyRef = typedBody.map { Unmanaged.passUnretained($0) } }
    }
    /// The same body without reference counting, for the typed tier's calls (`typedBody` keeps it alive).
    private(set) var typedBodyRef: Unmanaged<TypedBody>?
    var isLet: Bool
    /// The declared type, when the declaration had one (checked on assignment).
    var annotation: TypeAnnotation? {
        didSet { hasAnnotation = annotation != nil }
    }
    /// Whether `annotation` is set, readable without touching the annotation itself.
    private(set) var hasAnnotation = false
    /// Set once a declaration of this name has run.
    var isDeclared = false
    /// The documentation `help` and inspection show for functions and structs.
    var doc: String?

    init(name: String, isLet: Bool) {
        self.name = name
        self.value = .uninitialized
        self.isLet = isLet
    }
}

/// A parsed type annotation, kept to convert literals and to check values where Swift would.
indirect enum TypeAnnotation: CustomStringConvertible {
    case named(String)
    case array(TypeAnnotation)
    case dictionary(TypeAnnotation, TypeAnnotation)
    case optional(TypeAnnotation)
    /// Element types, with the element labels of `(lo: Int, hi: Int)` (nil: no labels at all).
    case tuple([TypeAnnotation], labels: [String?]?)
    case function
    case any

    var description: String {
        switch self {
        case .named(let n): return n
        case .array(let e): return "[\(e)]"
        case .dictionary(let k, let v): return "[\(k): \(v)]"
        case .optional(let w): return "\(w)?"
        case .tuple(let items, let labels):
            return "(" + items.enumerated().map { i, t in
                if let labels, i < labels.count, let l = labels[i] { return "\(l): \(t)" }
                return t.description
            }.joined(separator: ", ") + ")"
        case .function: return "function"
        case .any: return "Any"
        }
    }

    var isVoid: Bool {
        if case .named(let n) = self { return n == "Void" || n == "()" }
        if case .tuple(let items, _) = self { return items.isEmpty }
        return false
    }

    var isFunction: Bool { if case .function = self { return true } else { return false } }

    /// Converts `value` to this type where Swift's literal rules or widening allow, or returns nil
    /// when the value does not fit.
    func coerce(_ value: Value) -> Value? {
        switch (self, value) {
        case (.any, _), (.function, .function): return value
        case (.optional, .null): return value
        case (.optional(let wrapped), _): return wrapped.coerce(value)
        case (.named(let n), _):
            switch (n, value) {
            case ("Int", .int), ("Double", .double), ("Float", .double), ("Bool", .bool), ("String", .string),
                 ("Character", .string), ("Any", _), ("Void", .void):
                return value
            case ("Double", .int(let i)), ("Float", .int(let i)): return .double(Double(i))
            case (_, .instance(let inst)) where inst.type.name == n: return value
            case (_, .object(let o)) where o.scriptTypeName == n: return value
            case (_, .implicitMember), (_, .rich): return value
            default:
                if ["Int", "Double", "Float", "Bool", "String", "Character", "Void"].contains(n) { return nil }
                return value
            }
        case (.array(let element), .array(let items)):
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard let c = element.coerce(item) else { return nil }
                out.append(c)
            }
            return .array(out)
        case (.dictionary(let kt, let vt), .dict(let d)):
            var out = OrderedDict()
            for (k, v) in zip(d.keys, d.values) {
                guard let ck = kt.coerce(k), let cv = vt.coerce(v) else { return nil }
                out.set(cv, for: ck)
            }
            return .dict(out)
        case (.tuple(let types, let labels), .tuple(let t)) where types.count == t.items.count:
            var items: [Value] = []
            for (ty, v) in zip(types, t.items) {
                guard let c = ty.coerce(v) else { return nil }
                items.append(c)
            }
            // An unlabelled tuple takes the labels of the type it is converted to, as in Swift.
            return .tuple(TupleValue(items, labels: labels ?? t.labels))
        case (.tuple(let types, _), .void) where types.isEmpty: return value
        default: return nil
        }
    }
}

/// A `struct` declared in a cell.
public final class StructType {
    public let name: String
    /// Stored properties in declaration order (the memberwise initializer's order).
    let storedNames: [String]
    let storedIsLet: [Bool]
    let storedTypes: [TypeAnnotation?]
    /// Default values, evaluated when an instance is made.
    let storedDefaults: [Expr?]
    let fieldIndex: [String: Int]
    var methods: [String: [StructMethod]] = [:]
    var computed: [String: StructMethod] = [:]
    var statics: [String: Value] = [:]
    var initializers: [StructMethod] = []
    var conformances: Set<String> = []
    let declaringFrame: Frame?
    var doc: String?

    init(name: String, storedNames: [String], storedIsLet: [Bool], storedTypes: [TypeAnnotation?],
         storedDefaults: [Expr?], declaringFrame: Frame?) {
        self.name = name
        self.storedNames = storedNames
        self.storedIsLet = storedIsLet
        self.storedTypes = storedTypes
        self.storedDefaults = storedDefaults
        var index: [String: Int] = [:]
        for (i, n) in storedNames.enumerated() { index[n] = i }
        self.fieldIndex = index
        self.declaringFrame = declaringFrame
    }
}

extension Instance {
    /// The `description` of a struct that conforms to CustomStringConvertible, computed without a
    /// runtime at hand (descriptions only read properties).
    var customDescription: String? {
        guard type.conformances.contains("CustomStringConvertible"), let getter = type.computed["description"],
              let runtime = Runtime.current else { return nil }
        var selfValue = Value.instance(self)
        guard let v = try? getter.invoke(on: &selfValue, args: [], runtime: runtime, callSite: .unknown),
              case .string(let s) = v else { return nil }
        return s
    }
}
