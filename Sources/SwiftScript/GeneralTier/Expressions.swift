import Display

/// A compiled expression.
class Expr {
    let loc: CellLocation
    init(_ loc: CellLocation) { self.loc = loc }
    func eval(_ f: Frame, _ rt: Runtime) throws -> Value { .void }
    /// An integer literal, which Swift would type as Double next to a Double.
    var isIntLiteral: Bool { false }
    /// The Double an integer literal expression stands for when Swift types it as Double.
    var literalDouble: Double? { nil }
}

final class ConstExpr: Expr {
    let value: Value
    let intLiteral: Bool
    /// For integer literal expressions: the value Swift would compute if the literals were typed
    /// as Double (`2 / 3` is 0 as Int but 0.666… as Double).
    let asDouble: Double?
    init(_ value: Value, intLiteral: Bool = false, asDouble: Double? = nil, _ loc: CellLocation) {
        self.value = value
        self.intLiteral = intLiteral
        if intLiteral, case .int(let i) = value { self.asDouble = asDouble ?? Double(i) } else { self.asDouble = asDouble }
        super.init(loc)
    }
    override var isIntLiteral: Bool { intLiteral }
    override var literalDouble: Double? { intLiteral ? asDouble : nil }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value { value }
}

final class LocalGet: Expr {
    let slot: Int
    let name: String
    init(slot: Int, name: String, _ loc: CellLocation) {
        self.slot = slot
        self.name = name
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = f[slot: slot]
        if case .uninitialized = v { throw ScriptFailure.runtime("variable '\(name)' used before being initialized", at: loc) }
        if case .inAccess = v { throw ScriptFailure.simultaneousAccess(name, at: loc) }
        return v
    }
}

final class OuterGet: Expr {
    let depth: Int
    let slot: Int
    let name: String
    init(depth: Int, slot: Int, name: String, _ loc: CellLocation) {
        self.depth = depth
        self.slot = slot
        self.name = name
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = f.ancestor(depth)[slot: slot]
        if case .uninitialized = v { throw ScriptFailure.runtime("variable '\(name)' used before being initialized", at: loc) }
        if case .inAccess = v { throw ScriptFailure.simultaneousAccess(name, at: loc) }
        return v
    }
}

final class GlobalGet: Expr {
    let box: GlobalVariable
    init(_ box: GlobalVariable, _ loc: CellLocation) {
        self.box = box
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = box.value
        if case .uninitialized = v {
            if !box.isDeclared { throw ScriptFailure.runtime("use of '\(box.name)' before its declaration", at: loc) }
            throw ScriptFailure.runtime("variable '\(box.name)' used before being initialized", at: loc)
        }
        if case .inAccess = v { throw ScriptFailure.simultaneousAccess(box.name, at: loc) }
        return v
    }
}

/// `_` and `_N`: earlier cell results.
final class ResultGet: Expr {
    let index: Int?
    init(index: Int?, _ loc: CellLocation) {
        self.index = index
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        guard let index else { return rt.lastResult }
        guard let v = rt.results[index] else {
            throw ScriptFailure.runtime("cell \(index) has no result", at: loc)
        }
        return v
    }
}

final class InterpolationExpr: Expr {
    enum Part { case text(String), value(Expr) }
    let parts: [Part]
    init(_ parts: [Part], _ loc: CellLocation) {
        self.parts = parts
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .value(let e):
                let v = try e.eval(f, rt)
                switch v {
                case .int(let i): out += String(i)
                case .string(let s): out += s
                default: out += v.plainDescription
                }
            }
        }
        return .string(out)
    }
}

final class ArrayExpr: Expr {
    let items: [Expr]
    init(_ items: [Expr], _ loc: CellLocation) {
        self.items = items
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        var out: [Value] = []
        out.reserveCapacity(items.count)
        var sawDouble = false, sawInt = false, sawOther = false
        for e in items {
            let v = try e.eval(f, rt)
            switch v {
            case .double: sawDouble = true
            case .int: sawInt = true
            default: sawOther = true
            }
            out.append(v)
        }
        // `[1, 2.5]` is [Double] in Swift; a mixed `["a", 1, 2.5]` keeps each element as it is.
        if sawDouble && sawInt && !sawOther {
            out = out.map { if case .int(let i) = $0 { return .double(Double(i)) } else { return $0 } }
        }
        return .array(out)
    }
}

final class DictExpr: Expr {
    let entries: [(Expr, Expr)]
    init(_ entries: [(Expr, Expr)], _ loc: CellLocation) {
        self.entries = entries
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        var d = OrderedDict()
        for (k, v) in entries {
            let key = try k.eval(f, rt)
            if d[key] != nil {
                throw ScriptFailure.runtime("dictionary literal of type contains duplicate key \(key.debugText)", at: k.loc)
            }
            d.set(try v.eval(f, rt), for: key)
        }
        return .dict(d)
    }
}

final class TupleExpr: Expr {
    let items: [Expr]
    let labels: [String?]?
    init(_ items: [Expr], labels: [String?]?, _ loc: CellLocation) {
        self.items = items
        self.labels = labels
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        .tuple(TupleValue(try items.map { try $0.eval(f, rt) }, labels: labels))
    }
}

final class BinaryExpr: Expr {
    let op: BinaryOperator
    let lhs: Expr
    let rhs: Expr
    let lLit: Bool
    let rLit: Bool
    /// Integer literal operands as the Doubles Swift would make of them next to a Double.
    let lDouble: Value?
    let rDouble: Value?
    init(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ loc: CellLocation) {
        self.op = op
        self.lhs = lhs
        self.rhs = rhs
        self.lLit = lhs.isIntLiteral
        self.rLit = rhs.isIntLiteral
        self.lDouble = lhs.literalDouble.map { .double($0) }
        self.rDouble = rhs.literalDouble.map { .double($0) }
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let l = try lhs.eval(f, rt)
        let r = try rhs.eval(f, rt)
        if case .int(let a) = l, case .int(let b) = r {
            switch op {
            case .lt: return .bool(a < b)
            case .add:
                let (v, o) = a.addingReportingOverflow(b)
                if !o { return .int(v) }
            case .sub:
                let (v, o) = a.subtractingReportingOverflow(b)
                if !o { return .int(v) }
            default: break
            }
            return try Ops.intOp(op, a, b, loc)
        }
        if let lDouble, case .double = r, case .int = l { return try Ops.binary(op, lDouble, r, at: loc) }
        if let rDouble, case .double = l, case .int = r { return try Ops.binary(op, l, rDouble, at: loc) }
        return try Ops.binary(op, l, r, lLiteral: lLit, rLiteral: rLit, at: loc)
    }
}

final class AndExpr: Expr {
    let lhs: Expr, rhs: Expr
    let isOr: Bool
    init(_ lhs: Expr, _ rhs: Expr, isOr: Bool, _ loc: CellLocation) {
        self.lhs = lhs
        self.rhs = rhs
        self.isOr = isOr
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let l = try condition(lhs, f, rt)
        if isOr ? l : !l { return .bool(l) }
        return .bool(try condition(rhs, f, rt))
    }
}

/// Evaluates a Bool condition, with Swift's message when the value is not a Bool.
@inline(__always)
func condition(_ e: Expr, _ f: Frame, _ rt: Runtime) throws -> Bool {
    let v = try e.eval(f, rt)
    if case .bool(let b) = v { return b }
    throw ScriptFailure.runtime("type '\(v.typeName)' cannot be used as a boolean; test for '!= nil' instead", at: e.loc)
}

final class NilCoalesceExpr: Expr {
    let lhs: Expr, rhs: Expr
    init(_ lhs: Expr, _ rhs: Expr, _ loc: CellLocation) {
        self.lhs = lhs
        self.rhs = rhs
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let l = try lhs.eval(f, rt)
        if case .null = l { return try rhs.eval(f, rt) }
        return l
    }
}

final class TernaryExpr: Expr {
    let cond: Expr, then: Expr, otherwise: Expr
    init(_ cond: Expr, _ then: Expr, _ otherwise: Expr, _ loc: CellLocation) {
        self.cond = cond
        self.then = then
        self.otherwise = otherwise
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        try condition(cond, f, rt) ? then.eval(f, rt) : otherwise.eval(f, rt)
    }
}

final class UnaryExpr: Expr {
    enum Op { case minus, plus, not, bitNot }
    let op: Op
    let operand: Expr
    init(_ op: Op, _ operand: Expr, _ loc: CellLocation) {
        self.op = op
        self.operand = operand
        super.init(loc)
    }
    override var isIntLiteral: Bool { op != .not && operand.isIntLiteral }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = try operand.eval(f, rt)
        switch op {
        case .minus: return try Ops.unaryMinus(v, loc)
        case .plus:
            switch v {
            case .int, .double: return v
            default: throw ScriptFailure.runtime("unary operator '+' cannot be applied to an operand of type '\(v.typeName)'", at: loc)
            }
        case .not:
            if case .bool(let b) = v { return .bool(!b) }
            throw ScriptFailure.runtime("unary operator '!' cannot be applied to an operand of type '\(v.typeName)'", at: loc)
        case .bitNot:
            if case .int(let i) = v { return .int(~i) }
            throw ScriptFailure.runtime("unary operator '~' cannot be applied to an operand of type '\(v.typeName)'", at: loc)
        }
    }
}

final class RangeExpr: Expr {
    let lo: Expr, hi: Expr
    let closed: Bool
    init(_ lo: Expr, _ hi: Expr, closed: Bool, _ loc: CellLocation) {
        self.lo = lo
        self.hi = hi
        self.closed = closed
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        try Ops.makeRange(lo.eval(f, rt), hi.eval(f, rt), closed: closed, loc)
    }
}

/// Signals that an optional chain met nil; caught by the chain's root.
struct NilChainSignal: Error {}

final class OptionalChainExpr: Expr {
    let inner: Expr
    init(_ inner: Expr, _ loc: CellLocation) {
        self.inner = inner
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = try inner.eval(f, rt)
        if case .null = v { throw NilChainSignal() }
        return v
    }
}

final class OptionalChainRoot: Expr {
    let inner: Expr
    init(_ inner: Expr, _ loc: CellLocation) {
        self.inner = inner
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        do { return try inner.eval(f, rt) } catch is NilChainSignal { return .null }
    }
}

final class ForceUnwrapExpr: Expr {
    let inner: Expr
    init(_ inner: Expr, _ loc: CellLocation) {
        self.inner = inner
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = try inner.eval(f, rt)
        if case .null = v { throw ScriptFailure.runtime("unexpectedly found nil while unwrapping an Optional value", at: loc) }
        return v
    }
}

final class ClosureExpr: Expr {
    let decl: FunctionDecl
    init(_ decl: FunctionDecl, _ loc: CellLocation) {
        self.decl = decl
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        .function(FunctionValue(decl: decl, captured: f))
    }
}

final class TypeCheckExpr: Expr {
    enum Mode { case isType, asType, asOptional, asForced }
    let inner: Expr
    let type: TypeAnnotation
    let mode: Mode
    init(_ inner: Expr, _ type: TypeAnnotation, _ mode: Mode, _ loc: CellLocation) {
        self.inner = inner
        self.type = type
        self.mode = mode
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = try inner.eval(f, rt)
        let converted: Value?
        switch (mode, v) {
        case (.asType, _): converted = type.coerce(v)
        case (_, .int) where type.description == "Double": converted = nil
        default: converted = type.coerce(v)
        }
        switch mode {
        case .isType: return .bool(converted != nil && !v.isNil)
        case .asOptional: return converted ?? .null
        case .asType, .asForced:
            if let c = converted { return c }
            throw ScriptFailure.runtime("cannot convert value of type '\(v.typeName)' to type '\(type)'", at: loc)
        }
    }
}

/// `a.b` when `a` is not a module-like name: properties of values, statics of types.
final class MemberGet: Expr {
    let base: Expr
    let name: String
    private var cachedType: StructType?
    private var cachedIndex = 0
    init(_ base: Expr, _ name: String, _ loc: CellLocation) {
        self.base = base
        self.name = name
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let b = try base.eval(f, rt)
        if case .instance(let inst) = b {
            if inst.type === cachedType { return inst.fields[cachedIndex] }
            if let i = inst.type.fieldIndex[name] {
                cachedType = inst.type
                cachedIndex = i
                return inst.fields[i]
            }
        }
        return try Members.property(of: b, name, rt, loc)
    }
}

final class TupleIndexGet: Expr {
    let base: Expr
    let index: Int
    init(_ base: Expr, _ index: Int, _ loc: CellLocation) {
        self.base = base
        self.index = index
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let b = try base.eval(f, rt)
        guard case .tuple(let t) = b, index < t.items.count else {
            throw ScriptFailure.runtime("value of type '\(b.typeName)' has no member '\(index)'", at: loc)
        }
        return t.items[index]
    }
}

final class SubscriptGet: Expr {
    let base: Expr
    let args: [Expr]
    let labels: [String?]
    init(_ base: Expr, _ args: [Expr], _ labels: [String?], _ loc: CellLocation) {
        self.base = base
        self.args = args
        self.labels = labels
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let b = try base.eval(f, rt)
        if args.count == 1, labels[0] == nil, case .array(let a) = b, case .int(let i) = try args[0].eval(f, rt) {
            guard i >= 0 && i < a.count else {
                throw ScriptFailure.runtime("index \(i) is out of range for array of count \(a.count)", at: loc)
            }
            return a[i]
        }
        let keys = try args.map { try $0.eval(f, rt) }
        return try Subscripts.get(b, keys, labels, loc)
    }
}

/// `a.first.count` and the like: members of a collection's optional `first`/`last` need `?` or `!`.
final class OptionalElementMemberGet: Expr {
    let collection: Expr
    let element: String
    let name: String
    init(_ collection: Expr, _ element: String, _ name: String, _ loc: CellLocation) {
        self.collection = collection
        self.element = element
        self.name = name
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let c = try collection.eval(f, rt)
        switch c {
        case .array, .string, .dict, .range:
            throw ScriptFailure.runtime("value of optional type must be unwrapped to refer to member '\(name)' (use '?.' or '!')", at: loc)
        default:
            return try Members.property(of: try Members.property(of: c, element, rt, loc), name, rt, loc)
        }
    }
}
