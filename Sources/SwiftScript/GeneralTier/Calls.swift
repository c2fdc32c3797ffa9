import Display

/// Binds labelled arguments to a cell function's parameters; call sites cache the plan per callee.
struct CallPlan {
    var decl: FunctionDecl?
    var sources: [Signature.Source] = []
    /// Arguments map one-to-one onto parameters, in order.
    var direct = false

    mutating func bind(_ decl: FunctionDecl, _ signature: Signature, values: [Value], labels: [String?], trailing: [Bool],
                       defaultsFrame: Frame?, rt: Runtime, loc: CellLocation) throws -> [Value] {
        if decl !== self.decl {
            switch signature.bind(labels: labels, trailing: trailing) {
            case .success(let s): sources = s
            case .failure(let e): throw ScriptFailure.runtime(e.message, at: loc)
            }
            self.decl = decl
            direct = values.count == decl.parameterCount && decl.isPositional
                && sources.enumerated().allSatisfy { i, s in if case .argument(let j) = s { return i == j } else { return false } }
        }
        if sources.count == values.count, labels.isEmpty || sources.allSatisfy({ if case .argument = $0 { return true } else { return false } }) {
            var inOrder = true
            for (i, s) in sources.enumerated() { if case .argument(let j) = s, j != i { inOrder = false; break } }
            if inOrder { return values }
        }
        var bound: [Value] = []
        bound.reserveCapacity(sources.count)
        for (i, s) in sources.enumerated() {
            switch s {
            case .argument(let j): bound.append(values[j])
            case .variadic(let idx):
                var items = idx.map { values[$0] }
                if items.contains(where: { if case .double = $0 { return true } else { return false } }) {
                    items = items.map { if case .int(let n) = $0 { return .double(Double(n)) } else { return $0 } }
                }
                bound.append(.array(items))
            case .defaultValue:
                guard i < decl.defaults.count, let d = decl.defaults[i] else {
                    throw ScriptFailure.runtime("missing argument for parameter #\(i + 1) in call", at: loc)
                }
                bound.append(try d.eval(defaultsFrame ?? Frame.make(size: 0, parent: nil), rt))
            }
        }
        return bound
    }
}

final class CallExpr: Expr {
    let callee: Expr
    let args: [Expr]
    let labels: [String?]
    let trailing: [Bool]
    private var plan = CallPlan()

    init(_ callee: Expr, _ args: [Expr], _ labels: [String?], _ trailing: [Bool], _ loc: CellLocation) {
        self.callee = callee
        self.args = args
        self.labels = labels
        self.trailing = trailing
        super.init(loc)
    }

    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let target = try callee.eval(f, rt)
        // Fast path: a cell function whose labels were checked at this call site before and whose
        // arguments map one-to-one onto its parameters: evaluate straight into the new frame.
        if case .function(let fn) = target, let user = fn.cellFunction, user.decl === plan.decl, plan.direct {
            let decl = user.decl
            if let typed = decl.typed {
                var values: [Value] = []
                values.reserveCapacity(args.count)
                for a in args { values.append(try a.eval(f, rt)) }
                return try typed.call(values, rt, callSite: loc)
            }
            var frame = decl.makeFrame(parent: user.captured)
            for i in 0..<args.count {
                do {
                    frame[slot: i] = try FunctionValue.checked(try args[i].eval(f, rt), decl, i, loc)
                } catch {
                    decl.recycle(&frame)
                    throw error
                }
            }
            let result: Value
            do { result = try rt.run(decl, in: frame, callSite: loc) } catch {
                decl.recycle(&frame)
                throw error
            }
            decl.recycle(&frame)
            return result
        }
        var values: [Value] = []
        values.reserveCapacity(args.count)
        for a in args { values.append(try a.eval(f, rt)) }
        return try call(target, values, rt)
    }

    func call(_ target: Value, _ values: [Value], _ rt: Runtime) throws -> Value {
        switch target {
        case .function(let fn):
            if let user = fn.cellFunction {
                if let sig = user.decl.signature {
                    let bound = try plan.bind(user.decl, sig, values: values, labels: labels, trailing: trailing,
                                              defaultsFrame: user.captured, rt: rt, loc: loc)
                    return try user.invoke(bound, runtime: rt, callSite: loc)
                }
                if let l = labels.first(where: { $0 != nil }), let label = l {
                    throw ScriptFailure.runtime("extraneous argument label '\(label):' in call", at: loc)
                }
                return try user.invoke(values, runtime: rt, callSite: loc)
            }
            if let builtin = fn as? BuiltinFunction {
                return try builtin.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc)
            }
            if let bound = fn as? BoundStructMethod, let sig = bound.method.decl.signature {
                let args = try plan.bind(bound.method.decl, sig, values: values, labels: labels, trailing: trailing,
                                         defaultsFrame: bound.method.owner.declaringFrame, rt: rt, loc: loc)
                return try bound.invoke(args, runtime: rt, callSite: loc)
            }
            return try fn.invoke(values, runtime: rt, callSite: loc)
        case .type(let type):
            return try Constructors.construct(type, values, labels, trailing, rt, loc, plan: &plan)
        case .implicitMember(let name):
            if let builtin = rt.registry.implicitFunctions[name] {
                return try builtin.call(values: values, labels: labels, trailing: trailing, runtime: rt, callSite: loc)
            }
            throw ScriptFailure.runtime("cannot infer the type of '.\(name)(...)' here; name the type, as in 'Type.\(name)(...)'", at: loc)
        default:
            throw ScriptFailure.runtime("cannot call value of non-function type '\(target.typeName)'", at: loc)
        }
    }
}

/// `receiver.name(args)`: methods of values, statics of types, toolkit members.
final class MethodCallExpr: Expr {
    let receiver: Expr
    /// Set when the receiver can be mutated in place (`a.append(1)`, `p.move()`).
    let receiverPlace: LValue?
    let name: String
    let args: [Expr]
    let labels: [String?]
    let trailing: [Bool]
    private var plan = CallPlan()

    init(_ receiver: Expr, place: LValue?, _ name: String, _ args: [Expr], _ labels: [String?], _ trailing: [Bool],
         _ loc: CellLocation) {
        self.receiver = receiver
        self.receiverPlace = place
        self.name = name
        self.args = args
        self.labels = labels
        self.trailing = trailing
        super.init(loc)
    }

    /// The builtin method this call site resolved to, for receivers of one kind.
    private var cachedKind = Members.Kind.none
    private var cachedMethod: Method?

    /// The builtin method for this receiver, when the labels match one exactly (cached per kind).
    @inline(__always)
    private func builtinMethod(_ v: Value) -> Method? {
        let kind = Members.kind(of: v)
        if kind == .none { return nil }
        if kind == cachedKind { return cachedMethod }
        guard let overloads = Members.methods(kind, receiver: v, name) else { return nil }
        for m in overloads where m.matchesExactly(labels, trailing) {
            cachedKind = kind
            cachedMethod = m
            return m
        }
        return nil
    }

    /// An argument array kept between calls, so a hot call site does not allocate one each time.
    /// Taken out while in use: a re-entrant call (recursion through a closure) gets a fresh one.
    private var scratch: [Value] = []

    @inline(__always)
    private func evaluateArguments(_ f: Frame, _ rt: Runtime) throws -> [Value] {
        var values = scratch
        scratch = []
        values.removeAll(keepingCapacity: true)
        for a in args { values.append(try a.eval(f, rt)) }
        return values
    }

    @inline(__always)
    private func recycle(_ values: consuming [Value]) {
        var kept = values
        kept.removeAll(keepingCapacity: true)
        scratch = kept
    }

    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        if let place = receiverPlace {
            // The receiver's subscript keys are evaluated once, then its value is looked at (and let
            // go of) before the call, so a mutating call finds the array uniquely owned.
            let resolved = try place.resolve(f, rt)
            let method = builtinMethod(try place.read(f, rt, resolved))
            let mutating = try method?.mutating ?? Members.isMutating(place.read(f, rt, resolved), name)
            let values = try evaluateArguments(f, rt)
            defer { recycle(values) }
            if mutating, let why = place.immutableReason {
                throw ScriptFailure.runtime("cannot use mutating member on immutable value: \(why)", at: loc)
            }
            if mutating {
                return try place.modify(f, rt, resolved) { v in try call(&v, method, values, rt) }
            }
            var recv = try place.read(f, rt, resolved)
            return try call(&recv, method, values, rt)
        }
        var recv = try receiver.eval(f, rt)
        let method = builtinMethod(recv)
        let values = try evaluateArguments(f, rt)
        defer { recycle(values) }
        if method == nil, Members.isMutating(recv, name), case .instance = recv {
            throw ScriptFailure.runtime("cannot use mutating member on immutable value: function call returns immutable value", at: loc)
        }
        return try call(&recv, method, values, rt)
    }

    /// Calls the cached builtin method when there is one, the general member dispatch otherwise.
    @inline(__always)
    private func call(_ recv: inout Value, _ method: Method?, _ values: [Value], _ rt: Runtime) throws -> Value {
        if let method {
            return try wrapErrors(loc) { try method.body(&recv, Arguments(values: values, callSite: loc, runtime: rt)) }
        }
        return try Members.callMethod(&recv, name, values, labels, trailing, rt, loc, plan: &plan)
    }
}

/// `xs.append(x)` where `xs` is a variable holding an array: appends in place without the general
/// method-call machinery. Anything else (a string, a struct's `append`) goes the general way.
final class AppendExpr: Expr {
    let place: LValue
    let argument: Expr
    let general: MethodCallExpr

    init(_ place: LValue, _ argument: Expr, general: MethodCallExpr, _ loc: CellLocation) {
        self.place = place
        self.argument = argument
        self.general = general
        super.init(loc)
    }

    @inline(__always)
    private static func append(_ v: Value, to stored: inout Value, at loc: CellLocation) throws {
        guard case .array(var items) = stored else { return }
        try MemoryChecks.beforeAppend(toCount: items.count, at: loc)
        stored = .void
        if case .int(let i) = v, case .double? = items.first { items.append(.double(Double(i))) } else { items.append(v) }
        stored = .array(items)
    }

    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        switch place.root {
        case .global(let box):
            guard case .array = box.value else { return try general.eval(f, rt) }
            // The argument first: it may read the array (`xs.append(xs.count)`).
            let v = try argument.eval(f, rt)
            guard case .array = box.value else { return try general.eval(f, rt) }
            try AppendExpr.append(v, to: &box.value, at: loc)
        case .local(let depth, let slot):
            let frame = depth == 0 ? f : f.ancestor(depth)
            guard case .array = frame[slot: slot] else { return try general.eval(f, rt) }
            let v = try argument.eval(f, rt)
            guard case .array = frame[slot: slot] else { return try general.eval(f, rt) }
            try AppendExpr.append(v, to: &frame[slot: slot], at: loc)
        }
        return .void
    }
}
