import Foundation
import Display

/// A builtin method: its labels, whether it mutates the receiver, and what it does.
final class Method {
    let signature: Signature
    let defaults: [Value]
    let mutating: Bool
    let doc: String
    let body: (inout Value, Arguments) throws -> Value

    init(_ signature: Signature, defaults: [Value] = [], mutating: Bool = false, doc: String = "",
         _ body: @escaping (inout Value, Arguments) throws -> Value) {
        self.signature = signature
        self.defaults = defaults
        self.mutating = mutating
        self.doc = doc
        self.body = body
    }

    /// Whether the call's labels fit this method one-to-one (no defaults or variadics to fill in).
    func matchesExactly(_ labels: [String?], _ trailing: [Bool]) -> Bool {
        let params = signature.parameters
        guard params.count == labels.count else { return false }
        for (k, p) in params.enumerated() {
            if p.isVariadic || p.label != labels[k] || (trailing[k] && !p.takesFunction) { return false }
        }
        return true
    }

    /// Binds arguments; nil when the labels do not fit (the message goes to `error`).
    func bind(_ values: [Value], _ labels: [String?], _ trailing: [Bool], error: inout String?) -> [Value]? {
        let params = signature.parameters
        if params.count == values.count, !params.contains(where: \.isVariadic) {
            var exact = true
            for (k, p) in params.enumerated() where p.label != labels[k] || (trailing[k] && !p.takesFunction) {
                exact = false
                break
            }
            if exact { return values }
        }
        switch signature.bind(labels: labels, trailing: trailing) {
        case .success(let sources):
            return signature.assemble(sources, values: values, defaults: defaults)
        case .failure(let e):
            if error == nil { error = e.message }
            return nil
        }
    }
}

enum Members {
    /// Receiver kinds whose builtin methods a call site may cache.
    enum Kind: Equatable {
        case none, array, dict, string, int, double, intType, doubleType, boolType
    }

    @inline(__always)
    static func kind(of v: Value) -> Kind {
        switch v {
        case .array: return .array
        case .dict: return .dict
        case .string: return .string
        case .int: return .int
        case .double: return .double
        case .type(.builtin(.int)): return .intType
        case .type(.builtin(.double)): return .doubleType
        case .type(.builtin(.bool)): return .boolType
        default: return .none
        }
    }

    static func methods(_ kind: Kind, receiver: Value, _ name: String) -> [Method]? {
        switch kind {
        case .none: return nil
        case .array: return arrayMethods[name]
        case .dict: return dictMethods[name]
        case .string: return stringMethods[name]
        case .int: return intMethods[name]
        case .double: return doubleMethods[name]
        case .intType: return staticMethods["Int." + name]
        case .doubleType: return staticMethods["Double." + name]
        case .boolType: return staticMethods["Bool." + name]
        }
    }

    // MARK: Properties

    static func property(of v: Value, _ name: String, _ rt: Runtime, _ loc: CellLocation) throws -> Value {
        if let p = try builtinProperty(v, name, rt, loc) { return p }
        throw noMember(v, name, loc)
    }

    static func noMember(_ v: Value, _ name: String, _ loc: CellLocation) -> ScriptFailure {
        if case .null = v {
            return .runtime("value of optional type must be unwrapped to refer to member '\(name)' (use '?.' or '!')", at: loc)
        }
        if case .type(let t) = v {
            return .runtime("type '\(t.name)' has no member '\(name)'", at: loc)
        }
        return .runtime("value of type '\(v.typeName)' has no member '\(name)'", at: loc)
    }

    private static func builtinProperty(_ v: Value, _ name: String, _ rt: Runtime, _ loc: CellLocation) throws -> Value? {
        if name == "description" {
            if case .instance(let inst) = v, inst.type.computed["description"] == nil { return .string(v.plainDescription) }
            if case .instance = v {} else { return .string(v.plainDescription) }
        }
        switch v {
        case .instance(let inst):
            if let i = inst.type.fieldIndex[name] { return inst.fields[i] }
            if let getter = inst.type.computed[name] {
                var copy = v
                return try getter.invoke(on: &copy, args: [], runtime: rt, callSite: loc)
            }
            if let m = inst.type.methods[name]?.first { return .function(BoundStructMethod(method: m, receiver: v)) }
            return nil
        case .int(let i):
            switch name {
            case "magnitude": return .int(i.magnitude > UInt(Int.max) ? Int.max : Int(i.magnitude))
            case "isZero": return .bool(i == 0)
            default: return nil
            }
        case .double(let d):
            switch name {
            case "isNaN": return .bool(d.isNaN)
            case "isInfinite": return .bool(d.isInfinite)
            case "isFinite": return .bool(d.isFinite)
            case "isZero": return .bool(d == 0)
            case "magnitude": return .double(d.magnitude)
            default: return nil
            }
        case .string(let s):
            switch name {
            case "count": return .int(s.count)
            case "isEmpty": return .bool(s.isEmpty)
            case "first": return s.first.map { .string(String($0)) } ?? .null
            case "last": return s.last.map { .string(String($0)) } ?? .null
            default: return nil
            }
        case .array(let a):
            switch name {
            case "count": return .int(a.count)
            case "isEmpty": return .bool(a.isEmpty)
            case "first": return a.first ?? .null
            case "last": return a.last ?? .null
            case "indices": return .range(IntRange(lower: 0, upper: a.count, closed: false))
            case "startIndex": return .int(0)
            case "endIndex": return .int(a.count)
            default: return nil
            }
        case .dict(let d):
            switch name {
            case "count": return .int(d.count)
            case "isEmpty": return .bool(d.count == 0)
            case "keys": return .array(d.keys)
            case "values": return .array(d.values)
            case "first": return d.pairs.first ?? .null
            default: return nil
            }
        case .tuple(let t):
            if let i = t.index(ofLabel: name) { return t.items[i] }
            return nil
        case .range(let r):
            switch name {
            case "lowerBound": return .int(r.lower)
            case "upperBound": return .int(r.upper)
            case "count": return .int(r.count)
            case "isEmpty": return .bool(r.count == 0)
            case "first": return r.count > 0 ? .int(r.lower) : .null
            case "last": return r.count > 0 ? .int(r.closed ? r.upper : r.upper - 1) : .null
            default: return nil
            }
        case .doubleRange(let r):
            switch name {
            case "lowerBound": return .double(r.lower)
            case "upperBound": return .double(r.upper)
            default: return nil
            }
        case .type(let t):
            return try staticProperty(t, name, rt, loc)
        case .object(let o):
            return try rt.registry.property(o, name, rt, loc)
        default:
            return nil
        }
    }

    private static func staticProperty(_ t: ScriptType, _ name: String, _ rt: Runtime, _ loc: CellLocation) throws -> Value? {
        switch t {
        case .structType(let s): return s.statics[name]
        case .registered(let r): return try r.staticMember(name, rt, loc)
        case .builtin(let b):
            switch (b, name) {
            case (.int, "max"): return .int(Int.max)
            case (.int, "min"): return .int(Int.min)
            case (.double, "pi"), (.float, "pi"): return .double(Double.pi)
            case (.double, "infinity"), (.float, "infinity"): return .double(Double.infinity)
            case (.double, "nan"), (.float, "nan"): return .double(Double.nan)
            case (.double, "greatestFiniteMagnitude"): return .double(Double.greatestFiniteMagnitude)
            case (.double, "leastNonzeroMagnitude"): return .double(Double.leastNonzeroMagnitude)
            case (.double, "ulpOfOne"): return .double(Double.ulpOfOne)
            default: return nil
            }
        }
    }

    // MARK: Methods

    static func isMutating(_ v: Value, _ name: String) -> Bool {
        switch v {
        case .array: return arrayMethods[name]?.contains(where: \.mutating) ?? false
        case .dict: return dictMethods[name]?.contains(where: \.mutating) ?? false
        case .string: return stringMethods[name]?.contains(where: \.mutating) ?? false
        case .bool: return name == "toggle"
        case .instance(let inst): return inst.type.methods[name]?.contains(where: \.isMutating) ?? false
        default: return false
        }
    }

    /// The builtin methods of a value's kind, for completion.
    static func methodNames(of v: Value) -> [String] {
        switch v {
        case .array, .range: return Array(arrayMethods.keys)
        case .dict: return Array(dictMethods.keys)
        case .string: return Array(stringMethods.keys)
        case .int: return Array(intMethods.keys)
        case .double: return Array(doubleMethods.keys)
        default: return []
        }
    }

    static func propertyNames(of v: Value) -> [String] {
        switch v {
        case .array: return ["count", "isEmpty", "first", "last", "indices", "startIndex", "endIndex", "description"]
        case .dict: return ["count", "isEmpty", "keys", "values", "description"]
        case .string: return ["count", "isEmpty", "first", "last", "description"]
        case .int: return ["magnitude", "isZero", "description"]
        case .double: return ["isNaN", "isInfinite", "isFinite", "isZero", "magnitude", "description"]
        case .range: return ["lowerBound", "upperBound", "count", "isEmpty", "first", "last"]
        case .tuple(let t): return (t.labels ?? []).compactMap { $0 }
        case .instance(let inst): return inst.type.storedNames + inst.type.computed.keys.sorted() + inst.type.methods.keys.sorted()
        default: return []
        }
    }

    static func callMethod(_ recv: inout Value, _ name: String, _ values: [Value], _ labels: [String?], _ trailing: [Bool],
                           _ rt: Runtime, _ loc: CellLocation, plan: inout CallPlan) throws -> Value {
        let table: [String: [Method]]?
        // A struct's method runs after the switch: the switch's copy of `recv` would otherwise share
        // the instance's storage while a mutating method changes it, copying it on every change.
        var chosen: (method: StructMethod, args: [Value])?
        switch recv {
        case .instance(let inst):
            if let methods = inst.type.methods[name] {
                var firstError: String?
                for m in methods {
                    guard let sig = m.decl.signature else { continue }
                    switch sig.bind(labels: labels, trailing: trailing) {
                    case .success:
                        let args = try plan.bind(m.decl, sig, values: values, labels: labels, trailing: trailing,
                                                 defaultsFrame: inst.type.declaringFrame, rt: rt, loc: loc)
                        chosen = (m, args)
                    case .failure(let e):
                        if firstError == nil { firstError = e.message }
                    }
                    if chosen != nil { break }
                }
                guard chosen != nil else { throw ScriptFailure.runtime(firstError ?? "cannot call '\(name)'", at: loc) }
                table = nil
                break
            }
            if inst.type.fieldIndex[name] != nil || inst.type.computed[name] != nil {
                let f = try property(of: recv, name, rt, loc)
                return try CallExpr(ConstExpr(f, loc), [], labels, trailing, loc).call(f, values, rt)
            }
            table = nil
        case .type(let t):
            return try callStatic(t, name, values, labels, trailing, rt, loc, plan: &plan)
        case .object(let o):
            return try rt.registry.callMethod(o, name, values, labels, trailing, rt, loc)
        case .array: table = arrayMethods
        case .range:
            if name == "contains", values.count == 1, labels == [nil], case .range(let r) = recv {
                switch values[0] {
                case .int(let i): return .bool(r.contains(i))
                case .double(let d): return .bool(Double(r.lower) <= d && (r.closed ? d <= Double(r.upper) : d < Double(r.upper)))
                default: break
                }
            }
            if arrayMethods[name] != nil, !isMutatingArray(name) {
                var asArray = Value.array(try rt.sequence(recv, at: loc))
                return try callMethod(&asArray, name, values, labels, trailing, rt, loc, plan: &plan)
            }
            table = nil
        case .doubleRange(let r):
            if name == "contains", values.count == 1 {
                switch values[0] {
                case .double(let d): return .bool(r.contains(d))
                case .int(let i): return .bool(r.contains(Double(i)))
                default: break
                }
            }
            table = nil
        case .dict: table = dictMethods
        case .string: table = stringMethods
        case .int: table = intMethods
        case .double: table = doubleMethods
        case .bool:
            if name == "toggle", values.isEmpty, case .bool(let b) = recv { recv = .bool(!b); return .void }
            table = nil
        case .function(let fn) where name == "callAsFunction":
            return try CallExpr(ConstExpr(.function(fn), loc), [], labels, trailing, loc).call(.function(fn), values, rt)
        default: table = nil
        }
        if let chosen { return try chosen.method.invoke(on: &recv, args: chosen.args, runtime: rt, callSite: loc) }
        if case .null = recv {
            throw ScriptFailure.runtime("value of optional type must be unwrapped to refer to member '\(name)' (use '?.' or '!')", at: loc)
        }
        guard let overloads = table?[name] else {
            // A property holding a function: `t.transform(3)`.
            if let p = try? property(of: recv, name, rt, loc), case .function = p {
                return try CallExpr(ConstExpr(p, loc), [], labels, trailing, loc).call(p, values, rt)
            }
            throw noMember(recv, name, loc)
        }
        var error: String?
        for m in overloads {
            if let args = m.bind(values, labels, trailing, error: &error) {
                return try m.body(&recv, Arguments(values: args, callSite: loc, runtime: rt))
            }
        }
        throw ScriptFailure.runtime(error ?? "no method '\(name)' takes these arguments", at: loc)
    }

    private static func isMutatingArray(_ name: String) -> Bool {
        arrayMethods[name]?.contains(where: \.mutating) ?? false
    }

    static func callStatic(_ t: ScriptType, _ name: String, _ values: [Value], _ labels: [String?], _ trailing: [Bool],
                           _ rt: Runtime, _ loc: CellLocation, plan: inout CallPlan) throws -> Value {
        switch t {
        case .structType(let s):
            if name == "init" { return try Constructors.construct(t, values, labels, trailing, rt, loc, plan: &plan) }
            guard let f = s.statics[name] else { throw noMember(.type(t), name, loc) }
            return try CallExpr(ConstExpr(f, loc), [], labels, trailing, loc).call(f, values, rt)
        case .registered(let r):
            return try r.callStatic(name, values, labels, trailing, rt, loc)
        case .builtin(let b):
            if name == "init" { return try Constructors.construct(t, values, labels, trailing, rt, loc, plan: &plan) }
            var recv = Value.type(t)
            guard let overloads = staticMethods[b.rawValue + "." + name] else {
                throw noMember(.type(t), name, loc)
            }
            var error: String?
            for m in overloads {
                if let args = m.bind(values, labels, trailing, error: &error) {
                    return try m.body(&recv, Arguments(values: args, callSite: loc, runtime: rt))
                }
            }
            throw ScriptFailure.runtime(error ?? "no method '\(name)' takes these arguments", at: loc)
        }
    }
}
