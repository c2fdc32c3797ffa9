/// Something a cell can assign to: a variable, with a path of members, tuple elements and
/// subscripts below it. Mutation happens in place so arrays inside variables stay uniquely owned.
final class LValue {
    enum Root {
        case local(depth: Int, slot: Int)
        case global(GlobalVariable)
    }
    enum Component {
        case member(String)
        case tupleIndex(Int)
        case subscriptKeys([Expr], [String?])
        case unwrap
    }
    /// A component with its subscript keys evaluated.
    enum ResolvedComponent {
        case unwrap
        case member(String)
        case tupleIndex(Int)
        case keys([Value], [String?])
    }

    let root: Root
    let path: [Component]
    let rootName: String
    /// The root is a `let` and this place is assigned through: allowed only into a toolkit object.
    var letRoot = false
    /// Why the root cannot be mutated (a `let`), or nil.
    let immutableReason: String?
    let loc: CellLocation

    init(root: Root, path: [Component], rootName: String, immutableReason: String?, _ loc: CellLocation) {
        self.root = root
        self.path = path
        self.rootName = rootName
        self.immutableReason = immutableReason
        self.loc = loc
    }

    func read(_ f: Frame, _ rt: Runtime) throws -> Value {
        try read(f, rt, try resolve(f, rt))
    }

    /// The path with its subscript keys evaluated, so that a caller that reads and then modifies
    /// the place (`xs[next()].append(1)`) evaluates them once.
    func resolve(_ f: Frame, _ rt: Runtime) throws -> [ResolvedComponent] {
        var resolved: [ResolvedComponent] = []
        resolved.reserveCapacity(path.count)
        for c in path {
            switch c {
            case .member(let n): resolved.append(.member(n))
            case .tupleIndex(let i): resolved.append(.tupleIndex(i))
            case .subscriptKeys(let exprs, let labels): resolved.append(.keys(try exprs.map { try $0.eval(f, rt) }, labels))
            case .unwrap: resolved.append(.unwrap)
            }
        }
        return resolved
    }

    func read(_ f: Frame, _ rt: Runtime, _ resolved: [ResolvedComponent]) throws -> Value {
        var v: Value
        switch root {
        case .local(let depth, let slot): v = f.ancestor(depth)[slot: slot]
        case .global(let box): v = box.value
        }
        if case .uninitialized = v {
            throw ScriptFailure.runtime("variable '\(rootName)' used before being initialized", at: loc)
        }
        if case .inAccess = v { throw ScriptFailure.simultaneousAccess(rootName, at: loc) }
        for c in resolved {
            switch c {
            case .member(let name): v = try Members.property(of: v, name, rt, loc)
            case .tupleIndex(let i):
                guard case .tuple(let t) = v, i < t.items.count else {
                    throw ScriptFailure.runtime("value of type '\(v.typeName)' has no member '\(i)'", at: loc)
                }
                v = t.items[i]
            case .keys(let keys, let labels):
                v = try Subscripts.get(v, keys, labels, loc)
            case .unwrap:
                if case .null = v { throw ScriptFailure.runtime("unexpectedly found nil while unwrapping an Optional value", at: loc) }
            }
        }
        return v
    }

    /// Runs `body` on the stored value in place. Subscript keys are evaluated first, while the
    /// variable still holds its value.
    /// A `let` holding a value (not a toolkit object) cannot have its properties or elements set.
    private func checkLetRoot(_ f: Frame) throws {
        guard letRoot else { return }
        let rootValue: Value
        switch root {
        case .local(let depth, let slot): rootValue = f.ancestor(depth)[slot: slot]
        case .global(let box): rootValue = box.value
        }
        if case .object = rootValue { return }
        throw ScriptFailure.runtime("cannot assign to property: '\(rootName)' is a 'let' constant", at: loc)
    }

    func modify<T>(_ f: Frame, _ rt: Runtime, _ body: (inout Value) throws -> T) throws -> T {
        try modify(f, rt, path.isEmpty ? [] : try resolve(f, rt), body)
    }

    func modify<T>(_ f: Frame, _ rt: Runtime, _ resolved: [ResolvedComponent], _ body: (inout Value) throws -> T) throws -> T {
        try checkLetRoot(f)
        if path.isEmpty {
            // The variable itself: take its value out so it is uniquely owned while it changes.
            switch root {
            case .local(let depth, let slot):
                let frame = depth == 0 ? f : f.ancestor(depth)
                var v = frame[slot: slot]
                if case .inAccess = v { throw ScriptFailure.simultaneousAccess(rootName, at: loc) }
                frame[slot: slot] = .inAccess
                defer { frame[slot: slot] = v }
                return try body(&v)
            case .global(let box):
                var v = box.value
                if case .inAccess = v { throw ScriptFailure.simultaneousAccess(rootName, at: loc) }
                box.value = .inAccess
                defer { box.value = v }
                return try body(&v)
            }
        }
        switch root {
        case .local(let depth, let slot):
            let frame = f.ancestor(depth)
            var v = frame[slot: slot]
            if case .uninitialized = v, !path.isEmpty {
                throw ScriptFailure.runtime("variable '\(rootName)' used before being initialized", at: loc)
            }
            if case .inAccess = v { throw ScriptFailure.simultaneousAccess(rootName, at: loc) }
            frame[slot: slot] = .inAccess
            defer { frame[slot: slot] = v }
            return try LValue.modifyPath(&v, resolved[...], rt, loc, body)
        case .global(let box):
            var v = box.value
            if case .uninitialized = v, !path.isEmpty {
                throw ScriptFailure.runtime("variable '\(rootName)' used before being initialized", at: loc)
            }
            if case .inAccess = v { throw ScriptFailure.simultaneousAccess(rootName, at: loc) }
            box.value = .inAccess
            defer { box.value = v }
            return try LValue.modifyPath(&v, resolved[...], rt, loc, body)
        }
    }

    static func modifyPath<T>(_ v: inout Value, _ path: ArraySlice<ResolvedComponent>, _ rt: Runtime, _ loc: CellLocation,
                              _ body: (inout Value) throws -> T) throws -> T {
        guard let first = path.first else { return try body(&v) }
        let rest = path.dropFirst()
        switch first {
        case .unwrap:
            if case .null = v { throw ScriptFailure.runtime("unexpectedly found nil while unwrapping an Optional value", at: loc) }
            return try modifyPath(&v, rest, rt, loc, body)
        case .member(let name):
            // Each case checks, then moves the payload out of `v` (`take…`) before changing it: a
            // payload bound by a `switch` over `v` shares its storage with the switch's copy until
            // the switch ends, so changing it in place there would copy the whole array, dictionary
            // or struct on every assignment.
            switch v {
            case .instance(let inst):
                guard let i = inst.type.fieldIndex[name] else {
                    if inst.type.computed[name] != nil {
                        throw ScriptFailure.runtime("cannot assign to property: '\(name)' is a get-only property", at: loc)
                    }
                    throw ScriptFailure.runtime("value of type '\(inst.type.name)' has no member '\(name)'", at: loc)
                }
                if inst.type.storedIsLet[i] {
                    throw ScriptFailure.runtime("cannot assign to property: '\(name)' is a 'let' constant", at: loc)
                }
            case .tuple(let t):
                guard t.index(ofLabel: name) != nil else {
                    throw ScriptFailure.runtime("value of type '\(v.typeName)' has no member '\(name)'", at: loc)
                }
            case .object: break
            default:
                throw ScriptFailure.runtime("cannot assign to property '\(name)' of a value of type '\(v.typeName)'", at: loc)
            }
            if var inst = take(instance: &v), let i = inst.type.fieldIndex[name] {
                defer { v = .instance(inst) }
                return try modifyPath(&inst.fields[i], rest, rt, loc, body)
            }
            if var t = take(tuple: &v), let i = t.index(ofLabel: name) {
                defer { v = .tuple(t) }
                return try modifyPath(&t.items[i], rest, rt, loc, body)
            }
            switch v {
            case .object(let o):
                var current = try Members.property(of: v, name, rt, loc)
                let result = try modifyPath(&current, rest, rt, loc, body)
                try rt.registry.setProperty(o, name, current, rt, loc)
                return result
            default:
                throw ScriptFailure.runtime("cannot assign to property '\(name)' of a value of type '\(v.typeName)'", at: loc)
            }
        case .tupleIndex(let i):
            guard case .tuple(let t) = v, i < t.items.count, var t = take(tuple: &v) else {
                throw ScriptFailure.runtime("value of type '\(v.typeName)' has no member '\(i)'", at: loc)
            }
            defer { v = .tuple(t) }
            return try modifyPath(&t.items[i], rest, rt, loc, body)
        case .keys(let keys, let labels):
            if case .array(let a) = v {
                guard keys.count == 1, labels[0] == nil, case .int(let i) = keys[0] else {
                    throw ScriptFailure.runtime("cannot assign through this subscript of an array", at: loc)
                }
                guard i >= 0 && i < a.count else {
                    throw ScriptFailure.runtime("index \(i) is out of range for array of count \(a.count)", at: loc)
                }
            } else if case .dict(let d) = v {
                if keys.count == 2, labels.count == 2, labels[1] == "default" {
                    // d[k, default: x]
                } else if keys.count != 1 || labels[0] != nil {
                    throw ScriptFailure.runtime("no subscript of a dictionary takes these arguments", at: loc)
                }
                if !rest.isEmpty, d[keys[0]] == nil, keys.count == 1 {
                    throw ScriptFailure.runtime("unexpectedly found nil while unwrapping an Optional value", at: loc)
                }
            } else {
                throw ScriptFailure.runtime("value of type '\(v.typeName)' has no subscripts", at: loc)
            }
            if var a = take(array: &v), case .int(let i) = keys[0] {
                defer { v = .array(a) }
                return try modifyPath(&a[i], rest, rt, loc, body)
            }
            guard var d = take(dict: &v) else {
                throw ScriptFailure.runtime("value of type '\(v.typeName)' has no subscripts", at: loc)
            }
            defer { v = .dict(d) }
            let defaultValue: Value? = keys.count == 2 ? keys[1] : nil
            return try d.modify(keys[0], default: defaultValue) { inner in try modifyPath(&inner, rest, rt, loc, body) }
        }
    }
}

// MARK: Moving a payload out of a value

/// The payload of `v` when it holds that case, with `v` left `.void`, so that the caller owns the
/// only reference and changes it in place. Only `guard case` binds here: unlike a `switch`, it keeps
/// no copy of `v` alive past the binding.
@inline(__always) func take(array v: inout Value) -> [Value]? {
    guard case .array(let a) = v else { return nil }
    v = .void
    return a
}

@inline(__always) func take(dict v: inout Value) -> OrderedDict? {
    guard case .dict(let d) = v else { return nil }
    v = .void
    return d
}

@inline(__always) func take(instance v: inout Value) -> Instance? {
    guard case .instance(let inst) = v else { return nil }
    v = .void
    return inst
}

@inline(__always) func take(tuple v: inout Value) -> TupleValue? {
    guard case .tuple(let t) = v else { return nil }
    v = .void
    return t
}

final class AssignExpr: Expr {
    let place: LValue
    let value: Expr
    let annotation: TypeAnnotation?
    /// The variable itself when the place has no path (resolved once, not per assignment).
    private let globalBox: GlobalVariable?
    private let localDepth: Int
    private let localSlot: Int
    init(_ place: LValue, _ value: Expr, annotation: TypeAnnotation?, _ loc: CellLocation) {
        self.place = place
        self.value = value
        self.annotation = annotation
        switch place.root {
        case .global(let box):
            globalBox = place.path.isEmpty ? box : nil
            localDepth = -1
            localSlot = -1
        case .local(let depth, let slot):
            globalBox = nil
            localDepth = place.path.isEmpty && annotation == nil ? depth : -1
            localSlot = slot
        }
        super.init(loc)
    }

    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        var v = try value.eval(f, rt)
        // Fast paths: a plain variable without a declared type.
        if let box = globalBox, !box.hasAnnotation {
            try AssignExpr.checkKind(box.value, &v, value.isIntLiteral, value.loc)
            box.value = v
            return .void
        }
        if localDepth >= 0 {
            let frame = localDepth == 0 ? f : f.ancestor(localDepth)
            try AssignExpr.checkKind(frame[slot: localSlot], &v, value.isIntLiteral, value.loc)
            frame[slot: localSlot] = v
            return .void
        }
        if place.path.isEmpty {
            var annotation = self.annotation
            if case .global(let box) = place.root { annotation = box.annotation }
            if let annotation {
                guard let c = annotation.coerce(v) else {
                    throw ScriptFailure.runtime("cannot assign value of type '\(v.typeName)' to type '\(annotation)'", at: value.loc)
                }
                v = c
            }
            switch place.root {
            case .local(let depth, let slot):
                let frame = f.ancestor(depth)
                try AssignExpr.checkKind(frame[slot: slot], &v, value.isIntLiteral, value.loc)
                frame[slot: slot] = v
            case .global(let box):
                try AssignExpr.checkKind(box.value, &v, value.isIntLiteral, value.loc)
                box.value = v
            }
            return .void
        }
        try place.modify(f, rt) { target in
            try AssignExpr.checkKind(target, &v, value.isIntLiteral, value.loc)
            target = v
        }
        return .void
    }

    /// Swift's variables keep the type of their first value: Int stays Int, String stays String.
    @inline(__always)
    static func checkKind(_ old: Value, _ new: inout Value, _ literal: Bool, _ loc: CellLocation) throws {
        // Tag checks only: matching on a tuple `(old, new)` would copy both values.
        switch old {
        case .inAccess:
            throw ScriptFailure.runtime("simultaneous accesses to a variable, but modification requires exclusive access: "
                                        + "it is being modified by a call that has not returned", at: loc)
        case .int:
            if case .int = new { return }
        case .double:
            if case .double = new { return }
            if literal, case .int(let i) = new { new = .double(Double(i)); return }
        case .bool:
            if case .bool = new { return }
        case .string:
            if case .string = new { return }
        default:
            return
        }
        if case .null = new { return }
        throw ScriptFailure.runtime("cannot assign value of type '\(new.typeName)' to type '\(old.typeName)'", at: loc)
    }
}

final class CompoundAssignExpr: Expr {
    @inline(__always)
    static func appendText(_ t: String, to stored: inout Value) {
        guard case .string(var s) = stored else { return }
        stored = .void
        s += t
        stored = .string(s)
    }

    let place: LValue
    let op: BinaryOperator
    let value: Expr
    let literal: Bool
    init(_ place: LValue, _ op: BinaryOperator, _ value: Expr, _ loc: CellLocation) {
        self.place = place
        self.op = op
        self.value = value
        self.literal = value.isIntLiteral
        super.init(loc)
    }

    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let r = try value.eval(f, rt)
        if place.path.isEmpty, case .int(let b) = r {
            switch place.root {
            case .local(let depth, let slot):
                let frame = depth == 0 ? f : f.ancestor(depth)
                if case .int(let a) = frame[slot: slot] {
                    frame[slot: slot] = try Ops.intOp(op, a, b, loc)
                    return .void
                }
            case .global(let box):
                if case .int(let a) = box.value {
                    box.value = try Ops.intOp(op, a, b, loc)
                    return .void
                }
            }
        }
        // `s += "text"` on a String variable: append in place (the commonest way to build text).
        if op == .add, place.path.isEmpty, case .string(let t) = r {
            switch place.root {
            case .global(let box):
                if case .string = box.value { CompoundAssignExpr.appendText(t, to: &box.value); return .void }
            case .local(let depth, let slot):
                let frame = depth == 0 ? f : f.ancestor(depth)
                if case .string = frame[slot: slot] { CompoundAssignExpr.appendText(t, to: &frame[slot: slot]); return .void }
            }
        }
        try place.modify(f, rt) { v in
            if case .uninitialized = v {
                throw ScriptFailure.runtime("variable '\(place.rootName)' used before being initialized", at: loc)
            }
            if op == .add {
                switch (v, r) {
                case (.string(var s), .string(let t)):
                    v = .void
                    s += t
                    v = .string(s)
                    return
                case (.array(var a), .array(let b)):
                    v = .void
                    a += b
                    v = .array(a)
                    return
                default: break
                }
            }
            let result = try Ops.binary(op, v, r, rLiteral: literal, at: loc)
            v = result
        }
        return .void
    }
}
