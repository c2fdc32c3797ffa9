import SwiftSyntax

// A faster tier for numeric functions. A `func` whose parameters and result are Int, Double or Bool
// and whose body uses only such values (locals, arithmetic, comparisons, if/guard/while/for over
// ranges, return, math builtins and calls to other such functions) is also compiled to nodes that
// work on unboxed machine values in a slot stack, with no reference counting and no allocation
// per call. Everything else, and any call whose callee has since been redefined with other types,
// takes the general path; the errors (overflow, division by zero, recursion depth, interrupts) are
// the same on both.

/// The value types the typed tier handles.
enum TType: UInt64 {
    case int = 1, double = 2, bool = 3

    init?(_ annotation: TypeAnnotation?) {
        guard case .named(let n)? = annotation else { return nil }
        switch n {
        case "Int": self = .int
        case "Double": self = .double
        case "Bool": self = .bool
        default: return nil
        }
    }

    func box(_ bits: UInt64) -> Value {
        switch self {
        case .int: return .int(Int(bitPattern: UInt(bits)))
        case .double: return .double(Double(bitPattern: bits))
        case .bool: return .bool(bits != 0)
        }
    }

    /// The machine value of `v` as this type (Int widens to Double), or nil.
    func unbox(_ v: Value) -> UInt64? {
        switch (self, v) {
        case (.int, .int(let i)): return UInt64(bitPattern: Int64(i))
        case (.double, .double(let d)): return d.bitPattern
        case (.double, .int(let i)): return Double(i).bitPattern
        case (.bool, .bool(let b)): return b ? 1 : 0
        default: return nil
        }
    }

    var name: String {
        switch self {
        case .int: return "Int"
        case .double: return "Double"
        case .bool: return "Bool"
        }
    }
}

/// A function's types packed into one number, so a call site can check its callee cheaply.
func typeCode(_ params: [TType], _ result: TType) -> UInt64 {
    var code = result.rawValue
    for p in params { code = code << 2 | p.rawValue }
    return code | UInt64(params.count) << 56
}

typealias Slots = UnsafeMutablePointer<UInt64>

/// The typed form of a function body.
final class TypedBody {
    let params: [TType]
    let result: TType
    let code: UInt64
    var frameSize = 0
    var body = TBlock([])
    let location: CellLocation

    init(params: [TType], result: TType, location: CellLocation) {
        self.params = params
        self.result = result
        self.code = typeCode(params, result)
        self.location = location
    }

    /// Runs with arguments already in the frame's first slots; returns the result's bits.
    @inline(__always)
    func run(_ frame: Slots, _ rt: Runtime, callSite: CellLocation) throws -> UInt64 {
        try rt.tick(callSite)
        rt.depth += 1
        defer { rt.depth -= 1 }
        if rt.depth > rt.maxDepth {
            throw ScriptFailure.runtime("recursion depth exceeded (limit \(rt.maxDepth))", at: callSite)
        }
        do {
            if case .returned = try execTyped(body, frame, rt) { return rt.typedResult }
        } catch var failure as ScriptFailure {
            if failure.kind == .runtime, failure.callers.count < 50 { failure.callers.append(callSite) }
            throw failure
        }
        throw ScriptFailure.runtime("missing return in function expected to return '\(result.name)'", at: location)
    }

    /// A call from the general tier: unbox, run on the slot stack, box the result.
    func call(_ args: [Value], _ rt: Runtime, callSite: CellLocation) throws -> Value {
        guard rt.slotTop + frameSize <= rt.slotCapacity else {
            throw ScriptFailure.runtime("recursion depth exceeded (limit \(rt.maxDepth))", at: callSite)
        }
        let frame = rt.slotBase + rt.slotTop
        for (i, t) in params.enumerated() {
            guard i < args.count, let bits = t.unbox(args[i]) else {
                let v = i < args.count ? args[i] : .void
                throw ScriptFailure.runtime("cannot convert value of type '\(v.typeName)' to expected argument type '\(t.name)'", at: callSite)
            }
            frame[i] = bits
        }
        rt.slotTop += frameSize
        defer { rt.slotTop -= frameSize }
        return result.box(try run(frame, rt, callSite: callSite))
    }
}

// MARK: Expressions

class TExpr {
    let loc: CellLocation
    let type: TType
    init(_ type: TType, _ loc: CellLocation) {
        self.type = type
        self.loc = loc
    }
    /// The value's bits: Int as two's complement, Double as IEEE bits, Bool as 0/1.
    func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 { 0 }
    /// Literal-only expressions, which may be read as Double (`2 / 3` next to a Double).
    var literalDouble: Double? { nil }
}

@inline(__always) func asInt(_ b: UInt64) -> Int { Int(bitPattern: UInt(b)) }
@inline(__always) func bits(_ i: Int) -> UInt64 { UInt64(bitPattern: Int64(i)) }
@inline(__always) func asDouble(_ b: UInt64) -> Double { Double(bitPattern: b) }

final class TConst: TExpr {
    let value: UInt64
    let asDoubleValue: Double?
    init(_ type: TType, _ value: UInt64, literalDouble: Double? = nil, _ loc: CellLocation) {
        self.value = value
        self.asDoubleValue = literalDouble
        super.init(type, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 { value }
    override var literalDouble: Double? { asDoubleValue }
}

final class TLocal: TExpr {
    let slot: Int
    init(_ type: TType, slot: Int, _ loc: CellLocation) {
        self.slot = slot
        super.init(type, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 { f[slot] }
}

final class TToDouble: TExpr {
    let inner: TExpr
    init(_ inner: TExpr) {
        self.inner = inner
        super.init(.double, inner.loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 { Double(asInt(try inner.eval(f, rt))).bitPattern }
}

final class TToInt: TExpr {
    let inner: TExpr
    init(_ inner: TExpr, _ loc: CellLocation) {
        self.inner = inner
        super.init(.int, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let d = asDouble(try inner.eval(f, rt))
        guard d.isFinite, d > -9.3e18, d < 9.3e18 else {
            throw ScriptFailure.runtime("Double value cannot be converted to Int because it is either infinite, NaN or out of range", at: loc)
        }
        return bits(Int(d))
    }
}

final class TIntArith: TExpr {
    let op: BinaryOperator
    let l: TExpr, r: TExpr
    init(_ op: BinaryOperator, _ l: TExpr, _ r: TExpr, _ loc: CellLocation) {
        self.op = op
        self.l = l
        self.r = r
        super.init(.int, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let a = asInt(try l.eval(f, rt)), b = asInt(try r.eval(f, rt))
        switch op {
        case .add:
            let (v, o) = a.addingReportingOverflow(b)
            if !o { return bits(v) }
        case .sub:
            let (v, o) = a.subtractingReportingOverflow(b)
            if !o { return bits(v) }
        default: break
        }
        guard case .int(let v) = try Ops.intOp(op, a, b, loc) else { return 0 }
        return bits(v)
    }
}

final class TDoubleArith: TExpr {
    let op: BinaryOperator
    let l: TExpr, r: TExpr
    init(_ op: BinaryOperator, _ l: TExpr, _ r: TExpr, _ loc: CellLocation) {
        self.op = op
        self.l = l
        self.r = r
        super.init(.double, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let a = asDouble(try l.eval(f, rt)), b = asDouble(try r.eval(f, rt))
        switch op {
        case .add: return (a + b).bitPattern
        case .sub: return (a - b).bitPattern
        case .mul: return (a * b).bitPattern
        default: return (a / b).bitPattern
        }
    }
}

final class TCompare: TExpr {
    let op: BinaryOperator
    let l: TExpr, r: TExpr
    init(_ op: BinaryOperator, _ l: TExpr, _ r: TExpr, _ loc: CellLocation) {
        self.op = op
        self.l = l
        self.r = r
        super.init(.bool, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let x = try l.eval(f, rt), y = try r.eval(f, rt)
        let result: Bool
        switch l.type {
        case .int:
            let a = asInt(x), b = asInt(y)
            switch op {
            case .lt: result = a < b
            case .le: result = a <= b
            case .gt: result = a > b
            case .ge: result = a >= b
            case .eq: result = a == b
            default: result = a != b
            }
        case .double:
            let a = asDouble(x), b = asDouble(y)
            switch op {
            case .lt: result = a < b
            case .le: result = a <= b
            case .gt: result = a > b
            case .ge: result = a >= b
            case .eq: result = a == b
            default: result = a != b
            }
        case .bool:
            result = op == .eq ? x == y : x != y
        }
        return result ? 1 : 0
    }
}

final class TLogic: TExpr {
    let l: TExpr, r: TExpr
    let isOr: Bool
    init(_ l: TExpr, _ r: TExpr, isOr: Bool, _ loc: CellLocation) {
        self.l = l
        self.r = r
        self.isOr = isOr
        super.init(.bool, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let a = try l.eval(f, rt)
        if isOr ? a != 0 : a == 0 { return a }
        return try r.eval(f, rt)
    }
}

final class TNot: TExpr {
    let inner: TExpr
    init(_ inner: TExpr, _ loc: CellLocation) {
        self.inner = inner
        super.init(.bool, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 { try inner.eval(f, rt) == 0 ? 1 : 0 }
}

final class TNegate: TExpr {
    let inner: TExpr
    init(_ inner: TExpr, _ loc: CellLocation) {
        self.inner = inner
        super.init(inner.type, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let v = try inner.eval(f, rt)
        if type == .double { return (-asDouble(v)).bitPattern }
        let (r, o) = Int(0).subtractingReportingOverflow(asInt(v))
        if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
        return bits(r)
    }
}

final class TTernary: TExpr {
    let c: TExpr, a: TExpr, b: TExpr
    init(_ c: TExpr, _ a: TExpr, _ b: TExpr, _ loc: CellLocation) {
        self.c = c
        self.a = a
        self.b = b
        super.init(a.type, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        try c.eval(f, rt) != 0 ? a.eval(f, rt) : b.eval(f, rt)
    }
}

/// `sqrt(x)`, `abs(x)`, `min(a, b)`…: math builtins on machine values.
final class TMath: TExpr {
    let args: [TExpr]
    let fn: ([UInt64]) -> UInt64
    init(_ type: TType, _ args: [TExpr], _ loc: CellLocation, _ fn: @escaping ([UInt64]) -> UInt64) {
        self.args = args
        self.fn = fn
        super.init(type, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        if args.count == 1 { return fn([try args[0].eval(f, rt)]) }
        return fn(try args.map { try $0.eval(f, rt) })
    }
}

/// A call to a global function. When the function still has the types this call was compiled
/// against, it runs on the slot stack; otherwise it goes through the general call path.
final class TCall: TExpr {
    let box: GlobalVariable
    let args: [TExpr]
    /// The first two arguments, held directly: most calls have one or two.
    let arg0: TExpr?
    let arg1: TExpr?
    let argCount: Int
    let expectedCode: UInt64
    let general: CallExpr

    init(_ type: TType, box: GlobalVariable, args: [TExpr], code: UInt64, general: CallExpr, _ loc: CellLocation) {
        self.box = box
        self.args = args
        self.arg0 = args.count > 0 ? args[0] : nil
        self.arg1 = args.count > 1 ? args[1] : nil
        self.argCount = args.count
        self.expectedCode = code
        self.general = general
        super.init(type, loc)
    }

    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        // No reference counting here: a function declared with `func` (or any `let`) cannot be
        // rebound while code runs (only a cell's declarations rebind it), and the box holds a strong
        // reference. A `var` holding a function could be reassigned mid-call, so it is kept alive.
        if let ref = box.typedBodyRef {
            let result: UInt64? = try ref._withUnsafeGuaranteedRef { body in
                guard body.code == expectedCode else { return nil }
                return try callTyped(body, f, rt)
            }
            if let result { return result }
        }
        let values = try args.map { $0.type.box(try $0.eval(f, rt)) }
        let result = try general.call(box.value, values, rt)
        guard let b = type.unbox(result), !(type == .int && { if case .double = result { return true } else { return false } }()) else {
            throw ScriptFailure.runtime("cannot convert value of type '\(result.typeName)' to expected type '\(type.name)'", at: loc)
        }
        return b
    }

    @inline(__always)
    private func callTyped(_ body: TypedBody, _ f: Slots, _ rt: Runtime) throws -> UInt64 {
        // A function declared with `func` (or any `let`) cannot be rebound while code runs; a `var`
        // holding a function could be reassigned mid-call, so then the body is kept alive.
        let keepAlive = box.isLet ? nil : box.typedBody
        defer { withExtendedLifetime(keepAlive) {} }
        let size = body.frameSize
        // Arguments are evaluated before the new frame exists: they may call functions too.
        var a0: UInt64 = 0, a1: UInt64 = 0
        var rest: [UInt64] = []
        switch argCount {
        case 0: break
        case 1: a0 = try arg0.unsafelyUnwrapped.eval(f, rt)
        case 2:
            a0 = try arg0.unsafelyUnwrapped.eval(f, rt)
            a1 = try arg1.unsafelyUnwrapped.eval(f, rt)
        default: rest = try args.map { try $0.eval(f, rt) }
        }
        guard rt.slotTop + size <= rt.slotCapacity else {
            throw ScriptFailure.runtime("recursion depth exceeded (limit \(rt.maxDepth))", at: loc)
        }
        let frame = rt.slotBase + rt.slotTop
        switch argCount {
        case 0: break
        case 1: frame[0] = a0
        case 2:
            frame[0] = a0
            frame[1] = a1
        default: for (i, v) in rest.enumerated() { frame[i] = v }
        }
        rt.slotTop += size
        defer { rt.slotTop -= size }
        return try body.run(frame, rt, callSite: loc)
    }
}

// MARK: Statements

enum TFlow { case normal, broke, continued, returned }

class TStmt {
    let loc: CellLocation
    init(_ loc: CellLocation) { self.loc = loc }
    func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow { .normal }
}

/// A block of typed statements, walked without reference counting: the array owns the
/// statements, and a pointer to unretained references is what the hot loop reads.
final class TBlock {
    let statements: [TStmt]
    private let refs: UnsafeMutablePointer<Unmanaged<TStmt>>
    private let count: Int

    init(_ statements: [TStmt]) {
        self.statements = statements
        count = statements.count
        refs = .allocate(capacity: max(1, count))
        for (i, s) in statements.enumerated() { (refs + i).initialize(to: .passUnretained(s)) }
    }

    deinit { refs.deallocate() }

    @inline(__always)
    func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        var i = 0
        while i < count {
            let flow = try refs[i]._withUnsafeGuaranteedRef { try $0.exec(f, rt) }
            if case .normal = flow { i += 1; continue }
            return flow
        }
        return .normal
    }
}

@inline(__always)
func execTyped(_ body: TBlock, _ f: Slots, _ rt: Runtime) throws -> TFlow {
    try body.exec(f, rt)
}

final class TStore: TStmt {
    let slot: Int
    let value: TExpr
    init(slot: Int, _ value: TExpr) {
        self.slot = slot
        self.value = value
        super.init(value.loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        f[slot] = try value.eval(f, rt)
        return .normal
    }
}

final class TEval: TStmt {
    let value: TExpr
    init(_ value: TExpr) {
        self.value = value
        super.init(value.loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        _ = try value.eval(f, rt)
        return .normal
    }
}

final class TReturn: TStmt {
    let value: TExpr
    init(_ value: TExpr, _ loc: CellLocation) {
        self.value = value
        super.init(loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        rt.typedResult = try value.eval(f, rt)
        return .returned
    }
}

final class TIf: TStmt {
    let cond: TExpr
    let then: TBlock
    let otherwise: TBlock
    init(_ cond: TExpr, _ then: [TStmt], _ otherwise: [TStmt], _ loc: CellLocation) {
        self.cond = cond
        self.then = TBlock(then)
        self.otherwise = TBlock(otherwise)
        super.init(loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        try cond.eval(f, rt) != 0 ? execTyped(then, f, rt) : execTyped(otherwise, f, rt)
    }
}

final class TGuard: TStmt {
    let cond: TExpr
    let body: TBlock
    init(_ cond: TExpr, _ body: [TStmt], _ loc: CellLocation) {
        self.cond = cond
        self.body = TBlock(body)
        super.init(loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        if try cond.eval(f, rt) != 0 { return .normal }
        let flow = try execTyped(body, f, rt)
        if case .normal = flow {
            throw ScriptFailure.runtime("'guard' body must not fall through, consider using a 'return' or 'break' to exit the scope", at: loc)
        }
        return flow
    }
}

final class TWhile: TStmt {
    let cond: TExpr
    let body: TBlock
    init(_ cond: TExpr, _ body: [TStmt], _ loc: CellLocation) {
        self.cond = cond
        self.body = TBlock(body)
        super.init(loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        while try cond.eval(f, rt) != 0 {
            try rt.tick(loc)
            switch try execTyped(body, f, rt) {
            case .normal, .continued: continue
            case .broke: return .normal
            case .returned: return .returned
            }
        }
        return .normal
    }
}

final class TForRange: TStmt {
    let slot: Int?
    let lo: TExpr, hi: TExpr
    let closed: Bool
    let body: TBlock
    init(slot: Int?, _ lo: TExpr, _ hi: TExpr, closed: Bool, _ body: [TStmt], _ loc: CellLocation) {
        self.slot = slot
        self.lo = lo
        self.hi = hi
        self.closed = closed
        self.body = TBlock(body)
        super.init(loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow {
        let a = asInt(try lo.eval(f, rt)), b = asInt(try hi.eval(f, rt))
        guard a <= b else {
            throw ScriptFailure.runtime("range requires lowerBound <= upperBound (\(a)\(closed ? "..." : "..<")\(b))", at: loc)
        }
        guard closed || a < b else { return .normal }
        let last = closed ? b : b - 1
        var i = a
        while true {
            if let slot { f[slot] = bits(i) }
            try rt.tick(loc)
            switch try execTyped(body, f, rt) {
            case .normal, .continued: break
            case .broke: return .normal
            case .returned: return .returned
            }
            if i >= last { break }
            i += 1
        }
        return .normal
    }
}

final class TJump: TStmt {
    let flow: TFlow
    init(_ flow: TFlow, _ loc: CellLocation) {
        self.flow = flow
        super.init(loc)
    }
    override func exec(_ f: Slots, _ rt: Runtime) throws -> TFlow { flow }
}
