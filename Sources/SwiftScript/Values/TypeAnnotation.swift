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
