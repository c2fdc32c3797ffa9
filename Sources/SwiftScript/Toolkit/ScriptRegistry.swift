import Display

/// What the toolkit makes visible to cells: global functions, constants and object types, with the
/// documentation completion, inspection and `help` read. SwiftScript itself knows nothing of AIMC.
public final class ScriptRegistry {
    private(set) var functions: [String: BuiltinFunction] = [:]
    private(set) var values: [String: (value: Value, doc: String)] = [:]
    private(set) var types: [String: RegisteredType] = [:]
    /// Implicit members (`.pcm`) with their documentation, offered by completion after a dot.
    public private(set) var implicitMembers: [String: String] = [:]
    /// Implicit member calls (`.inference(noise: .pcm)`): without static types to resolve them,
    /// the toolkit declares them by name, and they evaluate the same wherever they appear.
    private(set) var implicitFunctions: [String: BuiltinFunction] = [:]

    public init() {}

    /// Adds a global function (several registrations of one name become overloads).
    public func register(_ function: BuiltinFunction) {
        if let existing = functions[function.name] {
            functions[function.name] = BuiltinFunction(function.name, doc: existing.doc,
                overloads: existing.overloads.map { ($0.signature, $0.defaults, $0.body) }
                    + function.overloads.map { ($0.signature, $0.defaults, $0.body) })
        } else {
            functions[function.name] = function
        }
    }

    /// Adds a global function.
    public func function(_ name: String, _ signature: Signature, defaults: [Value] = [], doc: String,
                         _ body: @escaping (Arguments) throws -> Value) {
        register(BuiltinFunction(name, signature, defaults: defaults, doc: doc, body))
    }

    /// Adds a global constant.
    public func value(_ name: String, _ value: Value, doc: String) {
        values[name] = (value, doc)
    }

    /// Adds an object type.
    public func register(_ type: RegisteredType) {
        types[type.name] = type
    }

    public func implicitMember(_ name: String, doc: String) {
        implicitMembers[name] = doc
    }

    /// Adds an implicit member call, `.name(args)`, offered by completion after a dot.
    public func implicitFunction(_ name: String, _ signature: Signature, defaults: [Value] = [], doc: String,
                                 _ body: @escaping (Arguments) throws -> Value) {
        implicitFunctions[name] = BuiltinFunction(name, signature, defaults: defaults, doc: doc, body)
        implicitMembers[name] = doc
    }

    /// Every global name, for completion.
    var globalNames: [String] { Array(functions.keys) + Array(values.keys) + Array(types.keys) }

    func lookup(_ name: String) -> Value? {
        if let f = functions[name] { return .function(f) }
        if let v = values[name] { return v.value }
        if let t = types[name] { return .type(.registered(t)) }
        return nil
    }

    func doc(for name: String) -> String? {
        if let f = functions[name] { return f.selectors.joined(separator: "\n") + "\n\n" + f.doc }
        if let v = values[name] { return v.doc }
        if let t = types[name] { return t.documentation }
        return nil
    }

    func type(of object: ScriptObject) -> RegisteredType? { types[object.scriptTypeName] }

    func property(_ o: ScriptObject, _ name: String, _ rt: Runtime, _ loc: CellLocation) throws -> Value? {
        guard let t = type(of: o) else { return nil }
        if let p = t.properties[name] { return try wrapErrors(loc) { try p.get(o) } }
        if t.methods[name] != nil {
            return .function(BuiltinFunction(name, doc: t.methods[name]?.first?.doc ?? "", overloads: (t.methods[name] ?? []).map { m in
                (m.signature, m.defaults, { args in try m.body(o, args) })
            }))
        }
        return nil
    }

    func setProperty(_ o: ScriptObject, _ name: String, _ value: Value, _ rt: Runtime, _ loc: CellLocation) throws {
        guard let t = type(of: o), let p = t.properties[name] else {
            throw ScriptFailure.runtime("value of type '\(o.scriptTypeName)' has no member '\(name)'", at: loc)
        }
        guard let set = p.set else {
            throw ScriptFailure.runtime("cannot assign to property: '\(name)' is a get-only property", at: loc)
        }
        try wrapErrors(loc) { try set(o, value) }
    }

    func callMethod(_ o: ScriptObject, _ name: String, _ values: [Value], _ labels: [String?], _ trailing: [Bool],
                    _ rt: Runtime, _ loc: CellLocation) throws -> Value {
        guard let t = type(of: o), let overloads = t.methods[name] else {
            if let p = try property(o, name, rt, loc), case .function(let f) = p {
                return try rt.callValue(.function(f), values, at: loc)
            }
            throw ScriptFailure.runtime("value of type '\(o.scriptTypeName)' has no member '\(name)'", at: loc)
        }
        let function = BuiltinFunction(name, doc: "", overloads: overloads.map { m in
            (m.signature, m.defaults, { args in try m.body(o, args) })
        })
        return try listingLabels(function) {
            try wrapErrors(loc) { try function.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc) }
        }
    }
}

/// An error a toolkit function throws for bad input; it becomes a RuntimeError at the call.
public struct ScriptCallError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// Whether the error is swiftc's "cannot convert value of type…" (collections then say which
    /// parameter's elements did not fit instead).
    public var isTypeMismatch = false
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// The one place toolkit errors become cell errors: a binding's `ScriptCallError` and any library
/// error conforming to `ToolkitError` (its kind names the cell error, its message is the text).
func wrapErrors<T>(_ loc: CellLocation, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ScriptCallError {
        throw ScriptFailure.runtime(e.message, at: loc)
    } catch let e as ToolkitError {
        var failure = ScriptFailure.runtime(e.message, at: loc)
        failure.errorName = e.kind.errorName
        throw failure
    }
}
