import Display

/// Anything a cell can call: its own functions and closures, builtins and toolkit functions.
public protocol Callable: AnyObject {
    var name: String { get }
    /// The labelled parameters; nil for closures, which take positional arguments.
    var signature: Signature? { get }
    /// Calls with arguments already bound to parameters in order (defaults filled in, variadic
    /// arguments gathered into an array).
    func invoke(_ args: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value
    /// The cell function behind this callable, if it is one (cheaper than a dynamic cast).
    var cellFunction: FunctionValue? { get }
}

extension Callable {
    public var cellFunction: FunctionValue? { nil }
}

/// One parameter as the call site sees it.
public struct Parameter: Sendable {
    /// The argument label; nil for `_`.
    public var label: String?
    /// The name used in messages when the parameter has no label.
    public var name: String
    public var hasDefault: Bool
    public var isVariadic: Bool
    /// Whether a trailing closure prefers this parameter.
    public var takesFunction: Bool
    /// The default written in the signature (`"seed: = 0"`); nil when the caller supplies the
    /// defaults separately or the parameter has none.
    public var defaultValue: DefaultValue?

    public init(label: String?, name: String? = nil, hasDefault: Bool = false, isVariadic: Bool = false,
                takesFunction: Bool = false, defaultValue: DefaultValue? = nil) {
        self.label = label
        self.name = name ?? label ?? "_"
        self.hasDefault = hasDefault || defaultValue != nil
        self.isVariadic = isVariadic
        self.takesFunction = takesFunction
        self.defaultValue = defaultValue
    }
}

/// A parameter's default as a signature writes it: a literal, kept Sendable so that signatures can
/// be shared, turned into a cell value when a call leaves the argument out.
public enum DefaultValue: Sendable, Equatable {
    case null, bool(Bool), int(Int), double(Double), string(String), implicitMember(String), emptyArray, emptyDictionary

    /// `nil`, `true`, `0`, `0.5`, `"text"`, `.pcm`, `[]` or `[:]`; nil for anything else.
    init?(literal text: String) {
        switch text {
        case "nil": self = .null
        case "true": self = .bool(true)
        case "false": self = .bool(false)
        case "[]": self = .emptyArray
        case "[:]": self = .emptyDictionary
        default:
            if let i = Int(text.replacingOccurrences(of: "_", with: "")) { self = .int(i) }
            else if let d = Double(text.replacingOccurrences(of: "_", with: "")) { self = .double(d) }
            else if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { self = .string(String(text.dropFirst().dropLast())) }
            else if text.hasPrefix("."), text.count > 1 { self = .implicitMember(String(text.dropFirst())) }
            else { return nil }
        }
    }

    var value: Value {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .implicitMember(let m): return .implicitMember(m)
        case .emptyArray: return .array([])
        case .emptyDictionary: return .dict(OrderedDict())
        }
    }
}

/// A function's parameter list, with Swift's rules for matching argument labels.
public struct Signature: Sendable {
    public var parameters: [Parameter]
    public init(_ parameters: [Parameter]) { self.parameters = parameters }

    /// `Signature("_ layers", "rows:", "seed: = 0", "io:=")`: a label per parameter; `_` for
    /// unlabelled (optionally followed by the name messages and `Arguments` use), `= literal` a
    /// default declared here, a bare trailing `=` a default the caller passes in `defaults:`, `...`
    /// a variadic and `->` a closure parameter.
    public init(_ spec: String...) {
        parameters = spec.map(Signature.parameter)
    }

    public init(specs spec: [String]) {
        parameters = spec.map(Signature.parameter)
    }

    static func parameter(_ item: String) -> Parameter {
        var text = Substring(item)
        var hasDefault = false, variadic = false, function = false
        var defaultValue: DefaultValue?
        if let equals = text.firstIndex(of: "=") {
            hasDefault = true
            defaultValue = DefaultValue(literal: text[text.index(after: equals)...].trimmingSpaces)
            text = text[..<equals].trimmingSpaces[...]
        }
        if text.hasSuffix("...") { variadic = true; text = text.dropLast(3) }
        if text.hasSuffix("->") { function = true; text = text.dropLast(2) }
        if text.hasSuffix(":") { text = text.dropLast() }
        var name: String?
        if text.hasPrefix("_ ") {
            name = text.dropFirst(2).trimmingSpaces
            text = "_"
        }
        let label = text == "_" ? nil : String(text)
        return Parameter(label: label, name: name, hasDefault: hasDefault, isVariadic: variadic, takesFunction: function,
                         defaultValue: defaultValue)
    }

    /// The defaults written in the signature, one per parameter with a default.
    var declaredDefaults: [Value] { parameters.filter(\.hasDefault).map { $0.defaultValue?.value ?? .null } }

    /// Where each parameter's value comes from.
    enum Source {
        case argument(Int)
        case defaultValue
        case variadic([Int])
    }

    /// Matches argument labels to parameters, or explains in swiftc's words why they do not match.
    func bind(labels: [String?], trailing: [Bool]) -> Result<[Source], BindError> {
        var sources: [Source] = []
        sources.reserveCapacity(parameters.count)
        var i = 0
        for (pIndex, p) in parameters.enumerated() {
            if i < labels.count {
                let isTrailing = trailing[i]
                if isTrailing {
                    // A trailing closure goes to the next parameter that takes a function.
                    if p.takesFunction { sources.append(.argument(i)); i += 1; continue }
                    if p.hasDefault || p.isVariadic { sources.append(p.isVariadic ? .variadic([]) : .defaultValue); continue }
                    if !parameters.contains(where: \.takesFunction) {
                        // The parameter's type is not known to take a function (`append(_:)` on an
                        // array of closures): an unlabelled parameter may still take it.
                        if p.label == nil { sources.append(.argument(i)); i += 1; continue }
                        return .failure(.init(message: "extra trailing closure passed in call"))
                    }
                    return .failure(.init(message: "missing argument for parameter \(p.label.map { "'\($0)'" } ?? "#\(pIndex + 1)") in call"))
                }
                if labels[i] == p.label {
                    if p.isVariadic {
                        var gathered = [i]
                        i += 1
                        while i < labels.count, labels[i] == nil, !trailing[i] { gathered.append(i); i += 1 }
                        sources.append(.variadic(gathered))
                    } else {
                        sources.append(.argument(i)); i += 1
                    }
                    continue
                }
                // A later parameter may take this label when this one can be left out.
                if p.hasDefault || p.isVariadic {
                    let laterMatch = parameters[(pIndex + 1)...].contains { $0.label == labels[i] }
                    if laterMatch || labels[i] != nil || p.label != nil {
                        if laterMatch {
                            sources.append(p.isVariadic ? .variadic([]) : .defaultValue)
                            continue
                        }
                    }
                }
                if let have = labels[i] {
                    if p.label == nil {
                        return .failure(.init(message: "extraneous argument label '\(have):' in call"))
                    }
                    if let expected = p.label {
                        if !parameters.contains(where: { $0.label == have }) || p.hasDefault == false {
                            return .failure(.init(message: "incorrect argument label in call (have '\(have):', expected '\(expected):')"))
                        }
                    }
                    return .failure(.init(message: "incorrect argument label in call (have '\(have):', expected '\(p.label ?? "_"):')"))
                } else if let expected = p.label {
                    return .failure(.init(message: "missing argument label '\(expected):' in call"))
                }
                return .failure(.init(message: "extra argument in call"))
            }
            if p.hasDefault { sources.append(.defaultValue); continue }
            if p.isVariadic { sources.append(.variadic([])); continue }
            if let label = p.label {
                return .failure(.init(message: "missing argument for parameter '\(label)' in call"))
            }
            return .failure(.init(message: "missing argument for parameter #\(pIndex + 1) in call"))
        }
        if i < labels.count {
            if let l = labels[i] { return .failure(.init(message: "extra argument '\(l)' in call")) }
            return .failure(.init(message: "extra argument in call"))
        }
        return .success(sources)
    }

    struct BindError: Error { let message: String }

    /// The arguments in parameter order: given values, gathered variadics, and for the others
    /// the default of their parameter (`defaults` holds one value per parameter marked `=`).
    func assemble(_ sources: [Source], values: [Value], defaults: [Value]) -> [Value] {
        var bound: [Value] = []
        bound.reserveCapacity(sources.count)
        var defaultIndex = 0
        for (p, source) in zip(parameters, sources) {
            switch source {
            case .argument(let i): bound.append(values[i])
            case .variadic(let idx): bound.append(.array(idx.map { values[$0] }))
            case .defaultValue:
                if let declared = p.defaultValue { bound.append(declared.value) }
                else { bound.append(defaultIndex < defaults.count ? defaults[defaultIndex] : .null) }
            }
            if p.hasDefault { defaultIndex += 1 }
        }
        return bound
    }

    /// The call-site form used in documentation: `f(_:rows:)`.
    func selector(_ name: String) -> String {
        name + "(" + parameters.map { ($0.label ?? "_") + ":" }.joined() + ")"
    }
}

/// The arguments a builtin receives, in parameter order; a toolkit binding reaches them by
/// parameter name (`a.int("rows")`, `let config: TileConfig = try a("config")`).
public struct Arguments {
    public let values: [Value]
    public let callSite: CellLocation
    public let runtime: Runtime
    /// The parameters the values were bound to (empty for builtins called by position).
    let parameters: [Parameter]

    init(values: [Value], callSite: CellLocation, runtime: Runtime, parameters: [Parameter] = []) {
        self.values = values
        self.callSite = callSite
        self.runtime = runtime
        self.parameters = parameters
    }

    public subscript(_ i: Int) -> Value { i < values.count ? values[i] : .void }
    public var count: Int { values.count }

    func fail(_ message: String) -> ScriptFailure { .runtime(message, at: callSite) }

    /// For long-running builtins: throws the cell's interruption (as a loop iteration would) when
    /// the user has interrupted the kernel.
    public func poll() throws { try runtime.tick(callSite) }

    public func int(_ i: Int, _ what: String) throws -> Int {
        if case .int(let v) = self[i] { return v }
        throw fail("cannot convert value of type '\(self[i].typeName)' to expected argument type 'Int' (\(what))")
    }

    public func double(_ i: Int, _ what: String) throws -> Double {
        switch self[i] {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: throw fail("cannot convert value of type '\(self[i].typeName)' to expected argument type 'Double' (\(what))")
        }
    }

    public func string(_ i: Int, _ what: String) throws -> String {
        if case .string(let v) = self[i] { return v }
        throw fail("cannot convert value of type '\(self[i].typeName)' to expected argument type 'String' (\(what))")
    }

    public func bool(_ i: Int, _ what: String) throws -> Bool {
        if case .bool(let v) = self[i] { return v }
        throw fail("cannot convert value of type '\(self[i].typeName)' to expected argument type 'Bool' (\(what))")
    }

    public func array(_ i: Int, _ what: String) throws -> [Value] {
        if let items = try? runtime.sequence(self[i], at: callSite) { return items }
        throw fail("cannot convert value of type '\(self[i].typeName)' to expected argument type 'Array' (\(what))")
    }

    public func doubles(_ i: Int, _ what: String) throws -> [Double] {
        try array(i, what).map { v in
            switch v {
            case .double(let d): return d
            case .int(let n): return Double(n)
            default: throw fail("\(what) must hold numbers, not '\(v.typeName)'")
            }
        }
    }

    /// Calls a function argument.
    public func call(_ i: Int, _ args: [Value]) throws -> Value {
        try runtime.callValue(self[i], args, at: callSite)
    }
}

/// A function implemented in Swift: builtins and the toolkit's functions. Several overloads may
/// share a name; the first whose labels match is called.
public final class BuiltinFunction: Callable {
    public let name: String
    public let doc: String
    let overloads: [(signature: Signature, defaults: [Value], body: (Arguments) throws -> Value)]

    public var signature: Signature? { overloads.count == 1 ? overloads[0].signature : nil }

    /// `defaults` holds the default values of the parameters marked with `=`, in order.
    public init(_ name: String, _ signature: Signature, defaults: [Value] = [], doc: String,
                _ body: @escaping (Arguments) throws -> Value) {
        self.name = name
        self.doc = doc
        self.overloads = [(signature, defaults.isEmpty ? signature.declaredDefaults : defaults, body)]
    }

    init(_ name: String, doc: String, overloads: [(Signature, [Value], (Arguments) throws -> Value)]) {
        self.name = name
        self.doc = doc
        self.overloads = overloads.map { (signature: $0.0, defaults: $0.1, body: $0.2) }
    }

    public func invoke(_ args: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value {
        guard let first = overloads.first else { return .void }
        return try wrapErrors(callSite) {
            try first.body(Arguments(values: args, callSite: callSite, runtime: runtime, parameters: first.signature.parameters))
        }
    }

    /// Binds labelled arguments to the first overload they fit and calls it.
    func call(values: [Value], labels: [String?], trailing: [Bool], runtime: Runtime, callSite: CellLocation) throws -> Value {
        var firstError: String?
        for overload in overloads {
            switch overload.signature.bind(labels: labels, trailing: trailing) {
            case .success(let sources):
                let bound = overload.signature.assemble(sources, values: values, defaults: overload.defaults)
                return try wrapErrors(callSite) {
                    try overload.body(Arguments(values: bound, callSite: callSite, runtime: runtime, parameters: overload.signature.parameters))
                }
            case .failure(let e):
                if firstError == nil { firstError = e.message }
            }
        }
        throw ScriptFailure.runtime(firstError ?? "cannot call '\(name)'", at: callSite)
    }

    /// Documentation header lines: one per overload.
    var selectors: [String] { overloads.map { $0.signature.selector(name) } }
}

/// A function declared with `func` or a closure literal, with the frame it captured.
public final class FunctionValue: Callable {
    let decl: FunctionDecl
    let captured: Frame?
    public var cellFunction: FunctionValue? { self }

    init(decl: FunctionDecl, captured: Frame?) {
        self.decl = decl
        self.captured = captured
    }

    public var name: String { decl.name }
    public var signature: Signature? { decl.signature }

    public func invoke(_ args: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value {
        if let typed = decl.typed, args.count == typed.params.count { return try typed.call(args, runtime, callSite: callSite) }
        let frame = Frame.make(size: decl.frameSize, parent: captured)
        var args = args
        if decl.signature == nil {
            // Closures: a single tuple argument spreads over several parameters.
            if args.count == 1, decl.parameterCount > 1, case .tuple(let t) = args[0], t.items.count == decl.parameterCount {
                args = t.items
            }
            if args.count != decl.parameterCount && !(decl.parameterCount == 0 && decl.ignoresArguments) {
                throw ScriptFailure.runtime(
                    "closure expects \(decl.parameterCount) argument\(decl.parameterCount == 1 ? "" : "s"), but \(args.count) \(args.count == 1 ? "was" : "were") given",
                    at: callSite)
            }
        }
        for i in 0..<min(args.count, decl.parameterCount) {
            frame[slot: i] = try FunctionValue.checked(args[i], decl, i, callSite)
        }
        return try runtime.run(decl, in: frame, callSite: callSite)
    }
}

extension FunctionValue {
    /// Calls a closure whose first parameter is `inout`: `first` moves into the closure's frame
    /// (so an array accumulator stays uniquely owned while it grows) and comes back changed; after
    /// an error it comes back as the closure left it, as with Swift's `inout`.
    func invoke(inoutFirst first: inout Value, _ rest: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value {
        guard decl.inoutFirstParameter, decl.parameterCount == rest.count + 1 else {
            throw ScriptFailure.runtime("reduce(into:_:) needs a closure that takes the accumulator and an element", at: callSite)
        }
        let frame = Frame.make(size: decl.frameSize, parent: captured)
        frame[slot: 0] = try FunctionValue.checked(first, decl, 0, callSite)
        first = .void
        defer { first = frame[slot: 0] }
        for (i, v) in rest.enumerated() {
            frame[slot: i + 1] = try FunctionValue.checked(v, decl, i + 1, callSite)
        }
        return try runtime.run(decl, in: frame, callSite: callSite)
    }

    /// An argument converted to its parameter's declared type, or swiftc's complaint.
    @inline(__always)
    static func checked(_ v: Value, _ decl: FunctionDecl, _ i: Int, _ callSite: CellLocation) throws -> Value {
        if let c = decl.parameterChecks[i].apply(v) { return c }
        throw ScriptFailure.runtime(
            "cannot convert value of type '\(v.typeName)' to expected argument type '\(decl.parameterChecks[i].annotation.map { "\($0)" } ?? "Any")'",
            at: callSite)
    }
}

/// A method, computed property or initializer of a cell `struct`; `self` lives in slot 0.
final class StructMethod {
    let decl: FunctionDecl
    let isMutating: Bool
    let isInit: Bool
    let owner: StructType

    init(decl: FunctionDecl, isMutating: Bool, isInit: Bool, owner: StructType) {
        self.decl = decl
        self.isMutating = isMutating
        self.isInit = isInit
        self.owner = owner
    }

    /// Runs with `self` in slot 0; mutating methods and initializers write it back.
    func invoke(on selfValue: inout Value, args: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value {
        let frame = Frame.make(size: decl.frameSize, parent: owner.declaringFrame)
        frame[slot: 0] = selfValue
        for i in 0..<min(args.count, decl.parameterCount) {
            var v = args[i]
            if let t = decl.parameterTypes[i] {
                guard let c = t.coerce(v) else {
                    throw ScriptFailure.runtime("cannot convert value of type '\(v.typeName)' to expected argument type '\(t)'", at: callSite)
                }
                v = c
            }
            frame[slot: i + 1] = v
        }
        let changesSelf = isMutating || isInit
        // The frame holds the only reference to `self` while a mutating body runs, so changes to
        // its arrays and fields happen in place instead of copying them each time.
        if changesSelf { selfValue = .void }
        let result: Value
        do {
            result = try runtime.run(decl, in: frame, callSite: callSite)
        } catch {
            // As Swift's inout: what the body changed before it threw is kept.
            if changesSelf { selfValue = frame[slot: 0] }
            throw error
        }
        if changesSelf { selfValue = frame[slot: 0] }
        return result
    }
}

/// A struct method taken as a value (`p.describe` without a call), bound to a copy of `self`.
final class BoundStructMethod: Callable {
    let method: StructMethod
    let receiver: Value
    init(method: StructMethod, receiver: Value) {
        self.method = method
        self.receiver = receiver
    }
    var name: String { method.decl.name }
    var signature: Signature? { method.decl.signature }
    func invoke(_ args: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value {
        var copy = receiver
        return try method.invoke(on: &copy, args: args, runtime: runtime, callSite: callSite)
    }
}

/// An operator used as a function value: `reduce(0, +)`, `sorted(by: >)`.
final class OperatorFunction: Callable {
    let name: String
    let apply: (Value, Value, CellLocation) throws -> Value
    init(name: String, apply: @escaping (Value, Value, CellLocation) throws -> Value) {
        self.name = name
        self.apply = apply
    }
    var signature: Signature? { nil }
    func invoke(_ args: [Value], runtime: Runtime, callSite: CellLocation) throws -> Value {
        guard args.count == 2 else {
            throw ScriptFailure.runtime("operator '\(name)' takes 2 arguments, but \(args.count) were given", at: callSite)
        }
        return try apply(args[0], args[1], callSite)
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
