import Foundation

/// Calling a type: conversions of builtin types, memberwise and custom initializers of cell
/// structs, initializers of toolkit types.
enum Constructors {
    static func construct(_ type: ScriptType, _ values: [Value], _ labels: [String?], _ trailing: [Bool],
                          _ rt: Runtime, _ loc: CellLocation, plan: inout CallPlan) throws -> Value {
        switch type {
        case .builtin(let b): return try builtin(b, values, labels, rt, loc)
        case .registered(let r): return try r.construct(values, labels, trailing, rt, loc)
        case .structType(let s): return try instance(s, values, labels, trailing, rt, loc, plan: &plan)
        }
    }

    private static func instance(_ s: StructType, _ values: [Value], _ labels: [String?], _ trailing: [Bool],
                                 _ rt: Runtime, _ loc: CellLocation, plan: inout CallPlan) throws -> Value {
        if !s.initializers.isEmpty {
            var firstError: String?
            for initializer in s.initializers {
                guard let sig = initializer.decl.signature else { continue }
                if case .failure(let e) = sig.bind(labels: labels, trailing: trailing) {
                    if firstError == nil { firstError = e.message }
                    continue
                }
                let args = try plan.bind(initializer.decl, sig, values: values, labels: labels, trailing: trailing,
                                         defaultsFrame: s.declaringFrame, rt: rt, loc: loc)
                var selfValue = Value.instance(Instance(type: s, fields: try defaultFields(s, rt)))
                _ = try initializer.invoke(on: &selfValue, args: args, runtime: rt, callSite: loc)
                if case .instance(let inst) = selfValue, let missing = inst.fields.firstIndex(where: {
                    if case .uninitialized = $0 { return true } else { return false }
                }) {
                    throw ScriptFailure.runtime(
                        "return from initializer without initializing all stored properties ('\(s.storedNames[missing])' is not set)",
                        at: initializer.decl.location)
                }
                return selfValue
            }
            throw ScriptFailure.runtime(firstError ?? "no initializer of '\(s.name)' takes these arguments", at: loc)
        }
        // Memberwise: every stored property in order; those with a default (and `var`) may be left out.
        var params: [Parameter] = []
        var memberIndices: [Int] = []
        for (i, name) in s.storedNames.enumerated() {
            if s.storedIsLet[i], s.storedDefaults[i] != nil { continue }
            params.append(Parameter(label: name, hasDefault: s.storedDefaults[i] != nil))
            memberIndices.append(i)
        }
        let sources: [Signature.Source]
        switch Signature(params).bind(labels: labels, trailing: trailing) {
        case .success(let s): sources = s
        case .failure(let e): throw ScriptFailure.runtime(e.message, at: loc)
        }
        var fields = try defaultFields(s, rt)
        for (k, source) in sources.enumerated() {
            let field = memberIndices[k]
            if case .argument(let i) = source {
                var v = values[i]
                if let t = s.storedTypes[field] {
                    guard let c = t.coerce(v) else {
                        throw ScriptFailure.runtime("cannot convert value of type '\(v.typeName)' to expected argument type '\(t)'", at: loc)
                    }
                    v = c
                }
                fields[field] = v
            }
        }
        return .instance(Instance(type: s, fields: fields))
    }

    private static func defaultFields(_ s: StructType, _ rt: Runtime) throws -> [Value] {
        var fields: [Value] = []
        fields.reserveCapacity(s.storedNames.count)
        let frame = s.declaringFrame ?? Frame.make(size: 0, parent: nil)
        for (i, d) in s.storedDefaults.enumerated() {
            if let d {
                var v = try d.eval(frame, rt)
                if let t = s.storedTypes[i], let c = t.coerce(v) { v = c }
                fields.append(v)
            } else if case .optional = s.storedTypes[i] {
                fields.append(.null)
            } else {
                fields.append(.uninitialized)
            }
        }
        return fields
    }

    private static func builtin(_ b: BuiltinType, _ values: [Value], _ labels: [String?], _ rt: Runtime,
                                _ loc: CellLocation) throws -> Value {
        func fail(_ m: String) -> ScriptFailure { .runtime(m, at: loc) }
        let one = values.count == 1 && labels == [nil] ? values[0] : nil
        switch b {
        case .int:
            guard let v = one else { break }
            switch v {
            case .int: return v
            case .double(let d):
                guard d.isFinite, d > -9.3e18, d < 9.3e18 else {
                    throw fail("Double value cannot be converted to Int because it is either infinite, NaN or out of range")
                }
                return .int(Int(d))
            case .string(let s): return Int(s).map { .int($0) } ?? .null
            case .bool(let x): return .int(x ? 1 : 0)
            default: throw fail("no exact matches in call to initializer of 'Int' with an argument of type '\(v.typeName)'")
            }
        case .double, .float:
            guard let v = one else { break }
            switch v {
            case .double: return v
            case .int(let i): return .double(Double(i))
            case .string(let s): return Double(s).map { .double($0) } ?? .null
            default: throw fail("no exact matches in call to initializer of 'Double' with an argument of type '\(v.typeName)'")
            }
        case .bool:
            guard let v = one else { break }
            switch v {
            case .bool: return v
            case .string(let s): return s == "true" ? .bool(true) : (s == "false" ? .bool(false) : .null)
            default: throw fail("no exact matches in call to initializer of 'Bool' with an argument of type '\(v.typeName)'")
            }
        case .string, .character:
            if let v = one {
                if case .array(let items) = v, items.allSatisfy({ if case .string = $0 { return true } else { return false } }) {
                    return .string(items.map(\.plainDescription).joined())
                }
                return .string(v.plainDescription)
            }
            if values.isEmpty { return .string("") }
            if labels.count == 2, labels[0] == "repeating", labels[1] == "count" {
                guard case .string(let s) = values[0], case .int(let n) = values[1] else {
                    throw fail("String(repeating:count:) takes a String and an Int")
                }
                guard n >= 0 else { throw fail("String(repeating:count:) needs a count of 0 or more, not \(n)") }
                let bytes = s.utf8.count.multipliedReportingOverflow(by: n)
                guard !bytes.overflow, bytes.partialValue <= Limits.maxElements else {
                    throw fail("String(repeating:count:) would make a string of more than \(Limits.maxElements) bytes")
                }
                try MemoryChecks.reserveString(bytes.partialValue, at: loc)
                return .string(String(repeating: s, count: n))
            }
            if labels.first == "format", case .string(let format) = values[0] {
                return .string(try Formatting.format(format, Array(values.dropFirst()), loc))
            }
            if labels.count == 2, labels[1] == "radix", case .int(let n) = values[0], case .int(let r) = values[1], (2...36).contains(r) {
                return .string(String(n, radix: r))
            }
        case .array:
            if values.isEmpty { return .array([]) }
            if let v = one { return .array(try rt.sequence(v, at: loc)) }
            if labels.count == 2, labels[0] == "repeating", labels[1] == "count", case .int(let n) = values[1] {
                guard n >= 0 else { throw fail("Array(repeating:count:) needs a count of 0 or more, not \(n)") }
                guard n <= Limits.maxElements else { throw fail("Array(repeating:count:) would make more than \(Limits.maxElements) elements") }
                try MemoryChecks.reserveValues(n, at: loc)
                return .array(Array(repeating: values[0], count: n))
            }
        case .dictionary:
            if values.isEmpty { return .dict(OrderedDict()) }
            if labels == ["uniqueKeysWithValues"], let v = one ?? values.first {
                var d = OrderedDict()
                for pair in try rt.sequence(v, at: loc) {
                    guard case .tuple(let t) = pair, t.items.count == 2 else { throw fail("uniqueKeysWithValues needs (key, value) pairs") }
                    if d[t.items[0]] != nil { throw fail("duplicate key \(t.items[0].debugText) in uniqueKeysWithValues") }
                    d.set(t.items[1], for: t.items[0])
                }
                return .dict(d)
            }
        }
        let shown = zip(labels, values).map { ($0.0.map { $0 + ": " } ?? "") + $0.1.typeName }.joined(separator: ", ")
        throw fail("no initializer of '\(b.rawValue)' takes (\(shown))")
    }
}

/// `String(format:)` with the printf conversions notebooks use.
enum Formatting {
    static func format(_ format: String, _ args: [Value], _ loc: CellLocation) throws -> String {
        var out = ""
        var argIndex = 0
        var chars = format.makeIterator()
        func next() throws -> Value {
            guard argIndex < args.count else {
                throw ScriptFailure.runtime("String(format:) has more conversions than arguments", at: loc)
            }
            defer { argIndex += 1 }
            return args[argIndex]
        }
        while let c = chars.next() {
            guard c == "%" else { out.append(c); continue }
            var spec = "%"
            var conversion: Character?
            while let d = chars.next() {
                if "-+ #0123456789.l".contains(d) { if d != "l" { spec.append(d) }; continue }
                conversion = d
                break
            }
            guard let conv = conversion else { throw ScriptFailure.runtime("String(format:) ends inside a conversion", at: loc) }
            switch conv {
            case "%": out += "%"
            case "d", "i", "x", "X", "o":
                let v = try next()
                let n: Int
                switch v {
                case .int(let i): n = i
                case .bool(let b): n = b ? 1 : 0
                default: throw ScriptFailure.runtime("%\(conv) needs an Int, not '\(v.typeName)'", at: loc)
                }
                out += String(format: spec + "l" + String(conv), n)
            case "f", "F", "e", "E", "g", "G":
                let v = try next()
                let d: Double
                switch v {
                case .double(let x): d = x
                case .int(let i): d = Double(i)
                default: throw ScriptFailure.runtime("%\(conv) needs a Double, not '\(v.typeName)'", at: loc)
                }
                out += String(format: spec + String(conv), d)
            case "s", "@":
                let text = try next().plainDescription
                let widthSpec = spec.dropFirst()
                let left = widthSpec.hasPrefix("-")
                let width = Int(widthSpec.filter(\.isNumber)) ?? 0
                let pad = String(repeating: " ", count: max(0, width - text.count))
                out += left ? text + pad : pad + text
            default:
                throw ScriptFailure.runtime("String(format:) does not support the conversion '%\(conv)'", at: loc)
            }
        }
        return out
    }
}

/// Sizes past which a cell gets an error instead of exhausting the kernel's memory.
enum Limits {
    static let maxElements = 200_000_000
}
