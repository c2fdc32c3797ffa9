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
        if let p = t.properties[name] { return try p.get(o) }
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
        do { try set(o, value) } catch let e as ScriptCallError { throw ScriptFailure.runtime(e.message, at: loc) }
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
        return try wrapErrors(loc) {
            try function.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc)
        }
    }
}

/// An error a toolkit function throws for bad input; it becomes a RuntimeError at the call.
public struct ScriptCallError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

func wrapErrors<T>(_ loc: CellLocation, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as ScriptCallError { throw ScriptFailure.runtime(e.message, at: loc) }
}

/// A toolkit object type: initializers, properties, methods and static members.
public final class RegisteredType {
    public struct Property {
        public var get: (ScriptObject) throws -> Value
        public var set: ((ScriptObject, Value) throws -> Void)?
        public var doc: String
        public init(doc: String, get: @escaping (ScriptObject) throws -> Value, set: ((ScriptObject, Value) throws -> Void)? = nil) {
            self.get = get
            self.set = set
            self.doc = doc
        }
    }
    public struct MethodEntry {
        public var signature: Signature
        public var defaults: [Value]
        public var doc: String
        public var body: (ScriptObject, Arguments) throws -> Value
        public init(_ signature: Signature, defaults: [Value] = [], doc: String, _ body: @escaping (ScriptObject, Arguments) throws -> Value) {
            self.signature = signature
            self.defaults = defaults
            self.doc = doc
            self.body = body
        }
    }

    public let name: String
    public let doc: String
    public var initializers: [(signature: Signature, defaults: [Value], body: (Arguments) throws -> Value)] = []
    public var properties: [String: Property] = [:]
    public var methods: [String: [MethodEntry]] = [:]
    public var statics: [String: Value] = [:]
    public var staticFunctions: [String: BuiltinFunction] = [:]

    public init(name: String, doc: String) {
        self.name = name
        self.doc = doc
    }

    public func initializer(_ signature: Signature, defaults: [Value] = [], _ body: @escaping (Arguments) throws -> Value) {
        initializers.append((signature, defaults, body))
    }

    public func property(_ name: String, doc: String, get: @escaping (ScriptObject) throws -> Value,
                         set: ((ScriptObject, Value) throws -> Void)? = nil) {
        properties[name] = Property(doc: doc, get: get, set: set)
    }

    public func method(_ name: String, _ signature: Signature, defaults: [Value] = [], doc: String,
                       _ body: @escaping (ScriptObject, Arguments) throws -> Value) {
        methods[name, default: []].append(MethodEntry(signature, defaults: defaults, doc: doc, body))
    }

    var documentation: String {
        var lines = [name, "", doc]
        if !initializers.isEmpty {
            lines += ["", "Initializers:"] + initializers.map { "  " + $0.signature.selector(name) }
        }
        if !properties.isEmpty {
            lines += ["", "Properties:"] + properties.keys.sorted().map { "  \($0): \(properties[$0]?.doc ?? "")" }
        }
        if !methods.isEmpty {
            lines += ["", "Methods:"] + methods.keys.sorted().flatMap { n in
                (methods[n] ?? []).map { "  \($0.signature.selector(n)): \($0.doc)" }
            }
        }
        return lines.joined(separator: "\n")
    }

    func construct(_ values: [Value], _ labels: [String?], _ trailing: [Bool], _ rt: Runtime, _ loc: CellLocation) throws -> Value {
        guard !initializers.isEmpty else {
            throw ScriptFailure.runtime("'\(name)' cannot be constructed directly", at: loc)
        }
        let f = BuiltinFunction(name, doc: doc, overloads: initializers.map { ($0.signature, $0.defaults, $0.body) })
        return try wrapErrors(loc) { try f.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc) }
    }

    func staticMember(_ member: String, _ rt: Runtime, _ loc: CellLocation) throws -> Value? {
        if let v = statics[member] { return v }
        if let f = staticFunctions[member] { return .function(f) }
        return nil
    }

    func callStatic(_ member: String, _ values: [Value], _ labels: [String?], _ trailing: [Bool], _ rt: Runtime,
                    _ loc: CellLocation) throws -> Value {
        if member == "init" { return try construct(values, labels, trailing, rt, loc) }
        guard let f = staticFunctions[member] else {
            throw ScriptFailure.runtime("type '\(name)' has no member '\(member)'", at: loc)
        }
        return try wrapErrors(loc) { try f.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc) }
    }
}

extension ScriptRegistry {
    /// Every name the toolkit gives cells, as Markdown: types (initializers, properties, methods,
    /// statics), functions, constants and implicit members, each with its documentation, sorted by
    /// name. The same text `help(name)` shows, gathered into one reference page.
    public func referenceMarkdown(title: String) -> String {
        var out = ["# \(title)", "",
                   "Every name Crossbar's toolkit gives cells, generated from the documentation `help(name)` shows in a cell.", ""]
        out += ["## Types", ""]
        for name in types.keys.sorted() {
            guard let t = types[name] else { continue }
            out += ["### \(name)", "", t.doc, ""]
            if !t.initializers.isEmpty {
                out += ["Initializers:", ""] + t.initializers.map { "- `\($0.signature.selector(name))`" } + [""]
            }
            if !t.properties.isEmpty {
                out += ["Properties:", ""] + t.properties.keys.sorted().map { "- `\($0)`: \(t.properties[$0]?.doc ?? "")" } + [""]
            }
            if !t.methods.isEmpty {
                out += ["Methods:", ""] + t.methods.keys.sorted().flatMap { n in
                    (t.methods[n] ?? []).map { "- `\($0.signature.selector(n))`: \($0.doc.replacingOccurrences(of: "\n", with: " "))" }
                } + [""]
            }
            if !t.staticFunctions.isEmpty {
                out += ["Static functions:", ""] + t.staticFunctions.keys.sorted().flatMap { n in
                    (t.staticFunctions[n].map { f in f.selectors.map { "- `\(name).\($0)`: \(f.doc.replacingOccurrences(of: "\n", with: " "))" } }) ?? []
                } + [""]
            }
            let constants = t.statics.keys.sorted()
            if !constants.isEmpty {
                out += ["Static values: " + constants.map { "`\(name).\($0)`" }.joined(separator: ", "), ""]
            }
        }
        out += ["## Functions", ""]
        for name in functions.keys.sorted() {
            guard let f = functions[name] else { continue }
            out += f.selectors.map { "- `\($0)`" } + ["", f.doc, ""]
        }
        if !values.isEmpty {
            out += ["## Constants", ""] + values.keys.sorted().map { "- `\($0)`: \(values[$0]?.doc ?? "")" } + [""]
        }
        out += ["## Implicit members", "", "Values written with a leading dot, such as `config: .standardHWA` or `xscale: .log`.", ""]
        for name in implicitMembers.keys.sorted() {
            let call = implicitFunctions[name].map { $0.selectors.first ?? name } ?? name
            out.append("- `.\(call)`: \((implicitMembers[name] ?? "").replacingOccurrences(of: "\n", with: " "))")
        }
        return out.joined(separator: "\n") + "\n"
    }
}
