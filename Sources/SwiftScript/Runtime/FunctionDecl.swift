/// A compiled function or closure body.
final class FunctionDecl {
    let name: String
    /// nil for closures (positional arguments).
    let signature: Signature?
    let parameterCount: Int
    let parameterTypes: [TypeAnnotation?]
    var frameSize: Int = 0
    var body: [Stmt] = []
    let returnType: TypeAnnotation?
    let location: CellLocation
    var ignoresArguments = false
    /// Default argument expressions, evaluated in the declaring frame.
    var defaults: [Expr?] = []
    var doc: String?

    /// The typed tier's form of the body, when it has one.
    var typed: TypedBody?
    /// A closure whose first parameter is `inout` (`reduce(into:)`'s accumulator).
    var inoutFirstParameter = false

    /// Frames of finished calls, reused by the next call (recursion makes several).
    var framePool: [Frame] = []

    /// A frame for a call: a pooled one when available.
    @inline(__always)
    func makeFrame(parent: Frame?) -> Frame {
        if let f = framePool.popLast() {
            f.reparent(parent)
            return f
        }
        return Frame.make(size: frameSize, parent: parent)
    }

    /// Returns a frame to the pool when nothing (a closure, a nested function) kept it.
    @inline(__always)
    func recycle(_ frame: inout Frame) {
        guard framePool.count < 32, isKnownUniquelyReferenced(&frame) else { return }
        frame.clear()
        framePool.append(frame)
    }

    /// Quick checks for the common parameter and return types, so calls skip the general coercion.
    let parameterChecks: [TypeCheck]
    let returnCheck: TypeCheck

    init(name: String, signature: Signature?, parameterCount: Int, parameterTypes: [TypeAnnotation?],
         returnType: TypeAnnotation?, location: CellLocation) {
        self.name = name
        self.signature = signature
        self.parameterCount = parameterCount
        self.parameterTypes = parameterTypes
        self.returnType = returnType
        self.location = location
        self.parameterChecks = parameterTypes.map(TypeCheck.init)
        self.returnCheck = TypeCheck(returnType)
    }

    /// Whether the signature maps arguments one-to-one onto parameters (no defaults or variadics).
    var isPositional: Bool {
        signature?.parameters.allSatisfy { !$0.hasDefault && !$0.isVariadic } ?? false
    }
}

/// A precomputed check of a declared type.
enum TypeCheck {
    case none, int, double, string, bool, general(TypeAnnotation)

    init(_ t: TypeAnnotation?) {
        guard let t else { self = .none; return }
        switch t {
        case .named("Int"): self = .int
        case .named("Double"): self = .double
        case .named("String"): self = .string
        case .named("Bool"): self = .bool
        case .any: self = .none
        default: self = .general(t)
        }
    }

    /// The value converted to the type, or nil when it does not fit.
    @inline(__always)
    func apply(_ v: Value) -> Value? {
        switch self {
        case .none: return v
        case .int: if case .int = v { return v }
        case .double:
            if case .double = v { return v }
            if case .int(let i) = v { return .double(Double(i)) }
        case .string: if case .string = v { return v }
        case .bool: if case .bool = v { return v }
        case .general(let t): return t.coerce(v)
        }
        return nil
    }

    var annotation: TypeAnnotation? {
        switch self {
        case .none: return nil
        case .int: return .named("Int")
        case .double: return .named("Double")
        case .string: return .named("String")
        case .bool: return .named("Bool")
        case .general(let t): return t
        }
    }
}
