import Display

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
        return try listingLabels(f) { try wrapErrors(loc) { try f.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc) } }
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
        return try listingLabels(f) { try wrapErrors(loc) { try f.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc) } }
    }
}

/// A toolkit call whose labels match none of its forms says which forms exist, so that a user who
/// guessed a label (`clip:` where the config says `clipSigma:`) sees the real ones.
func listingLabels<T>(_ function: BuiltinFunction, _ body: () throws -> T) throws -> T {
    do { return try body() } catch var failure as ScriptFailure where failure.kind == .runtime && isLabelMismatch(failure.message) {
        failure.message += "; \(function.name) takes " + function.selectors.joined(separator: " or ")
        throw failure
    }
}

func isLabelMismatch(_ message: String) -> Bool {
    ["incorrect argument label", "extraneous argument label", "extra argument", "missing argument"].contains { message.hasPrefix($0) }
}
