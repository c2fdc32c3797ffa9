import Display
import Foundation

/// The state every cell shares: global variables, the host, the random generator, limits.
public final class Runtime {
    nonisolated(unsafe) static var current: Runtime?

    var globals: [String: GlobalVariable] = [:]
    let registry: ScriptRegistry
    let cancellation: CancellationFlag
    var host: ScriptHost?
    /// The host of the cell running now (each cell may come with a new one).
    public var currentHost: ScriptHost? { host }
    var random = SeededRandom(seed: 0)

    /// A seed for a toolkit object the cell did not give one: drawn from the cells' generator, so
    /// objects differ from each other, and `seed(n)` makes the whole notebook repeat exactly.
    public func nextSeed() -> UInt64 { random.next() }
    var depth = 0
    public var maxDepth = 10_000
    /// Loop iterations and calls left before the cell stops (fuzzing); Int.max when unlimited.
    var stepsLeft = Int.max
    /// Loop iterations and calls left before the next look at the kernel's memory.
    var ticksToMemoryCheck = MemoryChecks.ticksBetweenChecks
    /// Results of earlier cells, for `_` and `_N`.
    var results: [Int: Value] = [:]
    var lastResult: Value = .null
    /// The value of the running cell's last expression.
    var pendingResult: Value?
    /// What a long toolkit call has made so far (a training history), bound by the declaration
    /// that called it when an interrupt stops the call: `let h = model.fit(…)` keeps the epochs done.
    var partialResult: Value?
    /// The typed tier's stack of slots: frames are pushed and popped, never allocated. Not
    /// initialized on purpose: slots are written before they are read, and pages are only made
    /// resident as deep calls reach them.
    let slotBase: UnsafeMutablePointer<UInt64> = .allocate(capacity: 1 << 20)
    let slotCapacity = 1 << 20
    var slotTop = 0
    /// The typed tier's return register.
    var typedResult: UInt64 = 0
    /// Source lines of every cell, for tracebacks.
    var cellSources: [Int: [Substring]] = [:]
    var nextDisplayID = 0

    init(registry: ScriptRegistry, cancellation: CancellationFlag) {
        self.registry = registry
        self.cancellation = cancellation
    }

    deinit { slotBase.deallocate() }

    /// Polled on every loop iteration and call.
    @inline(__always)
    func tick(_ location: CellLocation) throws {
        if cancellation.isRaised {
            throw ScriptFailure(.interrupted, "Interrupted", at: location)
        }
        ticksToMemoryCheck &-= 1
        if ticksToMemoryCheck <= 0 {
            ticksToMemoryCheck = MemoryChecks.ticksBetweenChecks
            try MemoryChecks.checkHeld(at: location)
        }
        if stepsLeft != Int.max {
            stepsLeft -= 1
            if stepsLeft <= 0 { throw ScriptFailure.runtime("step budget exhausted", at: location) }
        }
    }

    /// Runs a function body in its prepared frame.
    func run(_ decl: FunctionDecl, in frame: Frame, callSite: CellLocation) throws -> Value {
        try tick(callSite)
        depth += 1
        defer { depth -= 1 }
        if depth > maxDepth {
            throw ScriptFailure.runtime("recursion depth exceeded (limit \(maxDepth))", at: callSite)
        }
        do {
            for stmt in decl.body {
                switch try stmt.exec(frame, self) {
                case .normal: continue
                case .returnValue(let v): return try checkedReturn(v, decl)
                case .breakLoop, .continueLoop, .fallthroughCase: continue
                }
            }
        } catch var failure as ScriptFailure {
            if failure.kind == .runtime, failure.callers.count < 50 { failure.callers.append(callSite) }
            throw failure
        }
        if let rt = decl.returnType, !rt.isVoid {
            throw ScriptFailure.runtime("missing return in function expected to return '\(rt)'", at: decl.location)
        }
        return .void
    }

    private func checkedReturn(_ v: Value, _ decl: FunctionDecl) throws -> Value {
        guard let rt = decl.returnType else { return v }
        if let c = decl.returnCheck.apply(v) { return c }
        throw ScriptFailure.runtime("cannot convert return expression of type '\(v.typeName)' to return type '\(rt)'", at: decl.location)
    }

    /// Calls a function value with positional arguments (closures handed to builtins).
    public func callValue(_ callee: Value, _ args: [Value], at location: CellLocation) throws -> Value {
        switch callee {
        case .function(let f):
            if let builtin = f as? BuiltinFunction {
                return try builtin.call(values: args, labels: args.map { _ in nil }, trailing: args.map { _ in false },
                                        runtime: self, callSite: location)
            }
            if let fn = f as? FunctionValue, let sig = fn.decl.signature {
                // A named function passed as a value: its labels do not apply.
                let bound = try bindDefaults(sig, fn, args, location)
                return try fn.invoke(bound, runtime: self, callSite: location)
            }
            return try f.invoke(args, runtime: self, callSite: location)
        default:
            throw ScriptFailure.runtime("cannot call value of non-function type '\(callee.typeName)'", at: location)
        }
    }

    /// `reduce(into:_:)`: calls `callee` (a closure literal written for it) with `first` as its
    /// `inout` accumulator.
    public func callValue(_ callee: Value, inoutFirst first: inout Value, _ rest: [Value], at location: CellLocation) throws {
        guard case .function(let f) = callee, let fn = f.cellFunction, fn.decl.signature == nil else {
            throw ScriptFailure.runtime("reduce(into:_:) takes a closure literal, such as { acc, x in acc += x }", at: location)
        }
        _ = try fn.invoke(inoutFirst: &first, rest, runtime: self, callSite: location)
    }

    private func bindDefaults(_ sig: Signature, _ fn: FunctionValue, _ args: [Value], _ location: CellLocation) throws -> [Value] {
        var out = args
        if out.count < sig.parameters.count {
            for i in out.count..<sig.parameters.count {
                guard sig.parameters[i].hasDefault, i < fn.decl.defaults.count, let d = fn.decl.defaults[i] else {
                    throw ScriptFailure.runtime("missing argument for parameter #\(i + 1) in call", at: location)
                }
                out.append(try d.eval(fn.captured ?? Frame.make(size: 0, parent: nil), self))
            }
        }
        if out.count > sig.parameters.count {
            throw ScriptFailure.runtime("extra argument in call", at: location)
        }
        return out
    }

    /// The elements of anything a `for` loop or a higher-order function can walk over.
    public func sequence(_ value: Value, at location: CellLocation) throws -> [Value] {
        switch value {
        case .array(let a): return a
        case .range(let r):
            guard r.count <= Limits.maxElements else {
                throw ScriptFailure.runtime("the range \(value.debugText) has more than \(Limits.maxElements) elements to make into an array", at: location)
            }
            try MemoryChecks.reserveValues(r.count, at: location)
            return r.elements
        case .dict(let d): return d.pairs
        case .string(let s):
            try MemoryChecks.reserveValues(s.utf8.count, at: location)
            return s.map { .string(String($0)) }
        case .tuple(let t): return t.items
        default:
            throw ScriptFailure.runtime("value of type '\(value.typeName)' is not a sequence", at: location)
        }
    }

    func newDisplayID() -> String {
        nextDisplayID += 1
        return "crossbar-display-\(nextDisplayID)"
    }

    func write(_ text: String, to stream: OutputStreamName) {
        host?.write(text, to: stream)
    }
}
