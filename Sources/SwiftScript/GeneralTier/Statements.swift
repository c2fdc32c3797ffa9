/// A compiled statement.
class Stmt {
    let loc: CellLocation
    init(_ loc: CellLocation) { self.loc = loc }
    func exec(_ f: Frame, _ rt: Runtime) throws -> Flow { .normal }
}

final class ExprStmt: Stmt {
    let expr: Expr
    init(_ expr: Expr) {
        self.expr = expr
        super.init(expr.loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        _ = try expr.eval(f, rt)
        return .normal
    }
}

/// The last expression of a cell: its value becomes the cell's result.
final class ResultStmt: Stmt {
    let expr: Expr
    init(_ expr: Expr) {
        self.expr = expr
        super.init(expr.loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        rt.pendingResult = try expr.eval(f, rt)
        return .normal
    }
}

/// Where a binding goes: a frame slot or a global box.
enum BindTarget {
    case local(Int)
    case global(GlobalVariable)

    @inline(__always)
    func store(_ v: Value, _ f: Frame) {
        switch self {
        case .local(let slot): f[slot: slot] = v
        case .global(let box): box.value = v
        }
    }
}

/// Patterns of `let (a, b) =`, `for (i, x) in`, `case let x where`, `case (0, _)`.
indirect enum Pattern {
    case wildcard
    case bind(BindTarget)
    case value(Expr)
    case tuple([Pattern])
    /// `let x?` / `.some(x)`: matches non-nil.
    case some(Pattern)

    /// Matches and binds; returns false when the value does not fit.
    func match(_ v: Value, _ f: Frame, _ rt: Runtime, _ loc: CellLocation) throws -> Bool {
        switch self {
        case .wildcard: return true
        case .bind(let target):
            target.store(v, f)
            return true
        case .value(let e):
            return try Ops.patternMatches(try e.eval(f, rt), v, e.loc)
        case .tuple(let parts):
            guard case .tuple(let t) = v, t.items.count == parts.count else {
                if parts.count == 1 { return try parts[0].match(v, f, rt, loc) }
                return false
            }
            for (p, item) in zip(parts, t.items) where !(try p.match(item, f, rt, loc)) { return false }
            return true
        case .some(let inner):
            if case .null = v { return false }
            return try inner.match(v, f, rt, loc)
        }
    }

    /// For declarations: a tuple pattern must fit exactly.
    func destructure(_ v: Value, _ f: Frame, _ rt: Runtime, _ loc: CellLocation) throws {
        if case .tuple(let parts) = self {
            guard case .tuple(let t) = v, t.items.count == parts.count else {
                throw ScriptFailure.runtime("cannot destructure a value of type '\(v.typeName)' into a tuple of \(parts.count) elements", at: loc)
            }
            for (p, item) in zip(parts, t.items) { try p.destructure(item, f, rt, loc) }
            return
        }
        _ = try match(v, f, rt, loc)
    }
}

/// `let`/`var` with an initializer (or without, leaving the variable uninitialized).
final class DeclareStmt: Stmt {
    let pattern: Pattern
    let initializer: Expr?
    let annotation: TypeAnnotation?
    /// Global boxes this declaration (re)binds, marked declared when it runs.
    let globals: [(GlobalVariable, Bool)]
    init(pattern: Pattern, initializer: Expr?, annotation: TypeAnnotation?, globals: [(GlobalVariable, Bool)], _ loc: CellLocation) {
        self.pattern = pattern
        self.initializer = initializer
        self.annotation = annotation
        self.globals = globals
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        for (box, isLet) in globals {
            box.typedBody = nil
            box.isLet = isLet
            box.annotation = annotation
            box.isDeclared = true
            rt.globals[box.name] = box
        }
        guard let initializer else {
            if case .bind(let t) = pattern {
                t.store(annotation.map { if case .optional = $0 { return Value.null } else { return .uninitialized } } ?? .uninitialized, f)
            }
            return .normal
        }
        var v: Value
        do {
            v = try initializer.eval(f, rt)
        } catch let failure as ScriptFailure where failure.kind == .interrupted && rt.partialResult != nil {
            // An interrupted study binds what it made so far, then the cell ends interrupted.
            if let partial = rt.partialResult {
                rt.partialResult = nil
                try? pattern.destructure(partial, f, rt, loc)
            }
            throw failure
        }
        if rt.partialResult != nil { rt.partialResult = nil }
        if let annotation {
            // `let x: Double = 2 / 3` is 0.666…: the literals are Doubles there.
            if case .named(let n) = annotation, n == "Double" || n == "Float", let d = initializer.literalDouble {
                v = .double(d)
            }
            guard let c = annotation.coerce(v) else {
                throw ScriptFailure.runtime("cannot convert value of type '\(v.typeName)' to specified type '\(annotation)'", at: initializer.loc)
            }
            v = c
        }
        try pattern.destructure(v, f, rt, loc)
        return .normal
    }
}

/// A condition of `if`/`guard`/`while`: a Bool, `let x = optional`, or `case pattern = value`.
enum Condition {
    case bool(Expr)
    case optionalBinding(BindTarget, Expr, TypeAnnotation?)
    case casePattern(Pattern, Expr)

    func holds(_ f: Frame, _ rt: Runtime) throws -> Bool {
        switch self {
        case .bool(let e): return try condition(e, f, rt)
        case .optionalBinding(let target, let e, let annotation):
            var v = try e.eval(f, rt)
            if case .null = v { return false }
            if let annotation, let c = annotation.coerce(v) { v = c }
            target.store(v, f)
            return true
        case .casePattern(let p, let e):
            return try p.match(try e.eval(f, rt), f, rt, e.loc)
        }
    }
}

@inline(__always)
func allHold(_ conditions: [Condition], _ f: Frame, _ rt: Runtime) throws -> Bool {
    for c in conditions where !(try c.holds(f, rt)) { return false }
    return true
}

@inline(__always)
func execBlock(_ body: [Stmt], _ f: Frame, _ rt: Runtime) throws -> Flow {
    for s in body {
        let flow = try s.exec(f, rt)
        if case .normal = flow { continue }
        return flow
    }
    return .normal
}

final class IfStmt: Stmt {
    let conditions: [Condition]
    /// The condition when it is a single Bool expression (the common case), checked directly.
    let single: Expr?
    let then: [Stmt]
    let otherwise: [Stmt]?
    init(_ conditions: [Condition], then: [Stmt], otherwise: [Stmt]?, _ loc: CellLocation) {
        self.conditions = conditions
        if conditions.count == 1, case .bool(let e) = conditions[0] { single = e } else { single = nil }
        self.then = then
        self.otherwise = otherwise
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        let holds = try single.map { try condition($0, f, rt) } ?? allHold(conditions, f, rt)
        if holds { return try execBlock(then, f, rt) }
        if let otherwise { return try execBlock(otherwise, f, rt) }
        return .normal
    }
}

/// `if` used as a value (`let x = if c { 1 } else { 2 }`), Swift 5.9.
final class IfValueExpr: Expr {
    let conditions: [Condition]
    let then: Expr
    let otherwise: Expr
    init(_ conditions: [Condition], then: Expr, otherwise: Expr, _ loc: CellLocation) {
        self.conditions = conditions
        self.then = then
        self.otherwise = otherwise
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        try allHold(conditions, f, rt) ? then.eval(f, rt) : otherwise.eval(f, rt)
    }
}

final class GuardStmt: Stmt {
    let conditions: [Condition]
    let body: [Stmt]
    init(_ conditions: [Condition], body: [Stmt], _ loc: CellLocation) {
        self.conditions = conditions
        self.body = body
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        if try allHold(conditions, f, rt) { return .normal }
        let flow = try execBlock(body, f, rt)
        if case .normal = flow {
            throw ScriptFailure.runtime("'guard' body must not fall through, consider using a 'return' or 'break' to exit the scope", at: loc)
        }
        return flow
    }
}

/// A loop whose iterations each run in a new frame (`iterationFrameSize` slots, parent the
/// enclosing frame), so closures made in different iterations capture different variables.
@inline(__always)
func iterationFrame(_ size: Int?, _ f: Frame) -> Frame {
    guard let size else { return f }
    return Frame.make(size: size, parent: f)
}

final class WhileStmt: Stmt {
    let conditions: [Condition]
    let body: [Stmt]
    let label: String?
    let iterationFrameSize: Int?
    init(_ conditions: [Condition], body: [Stmt], label: String?, iterationFrameSize: Int? = nil, _ loc: CellLocation) {
        self.conditions = conditions
        self.body = body
        self.label = label
        self.iterationFrameSize = iterationFrameSize
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        while true {
            let frame = iterationFrame(iterationFrameSize, f)
            guard try allHold(conditions, frame, rt) else { break }
            try rt.tick(loc)
            switch try execBlock(body, frame, rt) {
            case .normal, .fallthroughCase: continue
            case .breakLoop(let l): if l == nil || l == label { return .normal } else { return .breakLoop(l) }
            case .continueLoop(let l): if l == nil || l == label { continue } else { return .continueLoop(l) }
            case .returnValue(let v): return .returnValue(v)
            }
        }
        return .normal
    }
}

final class RepeatStmt: Stmt {
    let cond: Expr
    let body: [Stmt]
    let label: String?
    let iterationFrameSize: Int?
    init(_ cond: Expr, body: [Stmt], label: String?, iterationFrameSize: Int? = nil, _ loc: CellLocation) {
        self.cond = cond
        self.body = body
        self.label = label
        self.iterationFrameSize = iterationFrameSize
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        repeat {
            try rt.tick(loc)
            switch try execBlock(body, iterationFrame(iterationFrameSize, f), rt) {
            case .normal, .fallthroughCase: break
            case .breakLoop(let l): if l == nil || l == label { return .normal } else { return .breakLoop(l) }
            case .continueLoop(let l): if l == nil || l == label { break } else { return .continueLoop(l) }
            case .returnValue(let v): return .returnValue(v)
            }
        } while try condition(cond, f, rt)
        return .normal
    }
}

final class ForInStmt: Stmt {
    let pattern: Pattern
    let sequence: Expr
    let filter: Expr?
    let body: [Stmt]
    let label: String?
    let iterationFrameSize: Int?
    init(_ pattern: Pattern, _ sequence: Expr, filter: Expr?, body: [Stmt], label: String?, iterationFrameSize: Int? = nil,
         _ loc: CellLocation) {
        self.pattern = pattern
        self.sequence = sequence
        self.filter = filter
        self.body = body
        self.label = label
        self.iterationFrameSize = iterationFrameSize
        super.init(loc)
    }

    /// Runs one iteration; returns nil to keep looping or the flow that leaves the loop.
    @inline(__always)
    private func iteration(_ f: Frame, _ rt: Runtime) throws -> Flow? {
        try rt.tick(loc)
        if let filter, !(try condition(filter, f, rt)) { return nil }
        switch try execBlock(body, f, rt) {
        case .normal, .fallthroughCase: return nil
        case .breakLoop(let l): return (l == nil || l == label) ? .normal : .breakLoop(l)
        case .continueLoop(let l): return (l == nil || l == label) ? nil : .continueLoop(l)
        case .returnValue(let v): return .returnValue(v)
        }
    }

    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        let seq = try sequence.eval(f, rt)
        if case .range(let r) = seq {
            guard r.count > 0 else { return .normal }
            var i = r.lower
            let last = r.closed ? r.upper : r.upper - 1
            while true {
                let frame = iterationFrame(iterationFrameSize, f)
                switch pattern {
                case .bind(.local(let slot)): frame[slot: slot] = .int(i)
                default: _ = try pattern.match(.int(i), frame, rt, loc)
                }
                if let flow = try iteration(frame, rt) { return flow }
                if i >= last { break }
                i += 1
            }
            return .normal
        }
        for item in try rt.sequence(seq, at: sequence.loc) {
            let frame = iterationFrame(iterationFrameSize, f)
            guard try pattern.match(item, frame, rt, loc) else { continue }
            if let flow = try iteration(frame, rt) { return flow }
        }
        return .normal
    }
}

final class SwitchStmt: Stmt {
    struct Case {
        var patterns: [(Pattern, Expr?)]
        var body: [Stmt]
        var isDefault: Bool
    }
    let subject: Expr
    let cases: [Case]
    let label: String?
    init(_ subject: Expr, cases: [Case], label: String?, _ loc: CellLocation) {
        self.subject = subject
        self.cases = cases
        self.label = label
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        let v = try subject.eval(f, rt)
        var index: Int?
        search: for (i, c) in cases.enumerated() {
            if c.isDefault { index = i; break }
            for (p, guardExpr) in c.patterns {
                if try p.match(v, f, rt, loc) {
                    if let guardExpr, !(try condition(guardExpr, f, rt)) { continue }
                    index = i
                    break search
                }
            }
        }
        guard var i = index else {
            throw ScriptFailure.runtime("switch must be exhaustive (no case matched \(v.debugText))", at: loc)
        }
        while true {
            let flow = try execBlock(cases[i].body, f, rt)
            switch flow {
            case .fallthroughCase:
                i += 1
                if i >= cases.count { return .normal }
            case .breakLoop(let l) where l == nil || l == label: return .normal
            default: return flow
            }
        }
    }
}

final class JumpStmt: Stmt {
    let flow: Flow
    init(_ flow: Flow, _ loc: CellLocation) {
        self.flow = flow
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow { flow }
}

final class ReturnStmt: Stmt {
    let value: Expr?
    init(_ value: Expr?, _ loc: CellLocation) {
        self.value = value
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        .returnValue(try value?.eval(f, rt) ?? .void)
    }
}

final class BlockStmt: Stmt {
    let body: [Stmt]
    init(_ body: [Stmt], _ loc: CellLocation) {
        self.body = body
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow { try execBlock(body, f, rt) }
}

/// A nested `func`: binds a closure over the current frame.
final class LocalFunctionStmt: Stmt {
    let decl: FunctionDecl
    let target: BindTarget
    init(_ decl: FunctionDecl, target: BindTarget, _ loc: CellLocation) {
        self.decl = decl
        self.target = target
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        target.store(.function(FunctionValue(decl: decl, captured: f)), f)
        return .normal
    }
}

/// Runs a struct's static stored-property initializers when the declaration is reached.
final class StructStaticsStmt: Stmt {
    let type: StructType
    let statics: [(String, Expr)]
    init(_ type: StructType, statics: [(String, Expr)], _ loc: CellLocation) {
        self.type = type
        self.statics = statics
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        for (name, e) in statics { type.statics[name] = try e.eval(f, rt) }
        return .normal
    }
}
