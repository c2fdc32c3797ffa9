import Foundation

/// Binary operators of the cell language.
enum BinaryOperator: String {
    case add = "+", sub = "-", mul = "*", div = "/", rem = "%"
    case wrapAdd = "&+", wrapSub = "&-", wrapMul = "&*"
    case bitAnd = "&", bitOr = "|", bitXor = "^", shl = "<<", shr = ">>"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
    case identical = "===", notIdentical = "!=="
    case matches = "~="
}

enum Ops {
    static func mismatch(_ op: String, _ l: Value, _ r: Value, _ loc: CellLocation) -> ScriptFailure {
        .runtime("binary operator '\(op)' cannot be applied to operands of type '\(l.typeName)' and '\(r.typeName)'", at: loc)
    }

    /// Applies `op`; `lLiteral`/`rLiteral` say an operand is an integer literal, which Swift would
    /// type as Double next to a Double.
    static func binary(_ op: BinaryOperator, _ l: Value, _ r: Value, lLiteral: Bool = false, rLiteral: Bool = false,
                       at loc: CellLocation) throws -> Value {
        switch (l, r) {
        case let (.int(a), .int(b)): return try intOp(op, a, b, loc)
        case let (.double(a), .double(b)): return try doubleOp(op, a, b, loc, l, r)
        case let (.int(a), .double(b)) where lLiteral: return try doubleOp(op, Double(a), b, loc, l, r)
        case let (.double(a), .int(b)) where rLiteral: return try doubleOp(op, a, Double(b), loc, l, r)
        default: break
        }
        switch op {
        case .eq: return try .bool(equal(l, r, op, loc))
        case .ne: return try .bool(!equal(l, r, op, loc))
        case .lt, .le, .gt, .ge:
            guard let c = try compare(l, r, loc, op: op.rawValue) else { throw mismatch(op.rawValue, l, r, loc) }
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .add:
            switch (l, r) {
            case let (.string(a), .string(b)):
                try MemoryChecks.reserveString(a.utf8.count + b.utf8.count, at: loc)
                return .string(a + b)
            case let (.array(a), .array(b)):
                try MemoryChecks.reserveValues(a.count + b.count, at: loc)
                return .array(a + b)
            default: throw mismatch("+", l, r, loc)
            }
        case .identical, .notIdentical:
            var same = false
            if case .object(let a) = l, case .object(let b) = r { same = a === b }
            if case .function(let a) = l, case .function(let b) = r { same = a === b }
            return .bool(op == .identical ? same : !same)
        case .matches:
            return .bool(try patternMatches(l, r, loc))
        default:
            throw mismatch(op.rawValue, l, r, loc)
        }
    }

    @inline(__always)
    static func intOp(_ op: BinaryOperator, _ a: Int, _ b: Int, _ loc: CellLocation) throws -> Value {
        switch op {
        case .add:
            let (v, o) = a.addingReportingOverflow(b)
            if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
            return .int(v)
        case .sub:
            let (v, o) = a.subtractingReportingOverflow(b)
            if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
            return .int(v)
        case .mul:
            let (v, o) = a.multipliedReportingOverflow(by: b)
            if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
            return .int(v)
        case .div:
            if b == 0 { throw ScriptFailure.runtime("division by zero", at: loc) }
            let (v, o) = a.dividedReportingOverflow(by: b)
            if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
            return .int(v)
        case .rem:
            if b == 0 { throw ScriptFailure.runtime("division by zero", at: loc) }
            let (v, o) = a.remainderReportingOverflow(dividingBy: b)
            if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
            return .int(v)
        case .wrapAdd: return .int(a &+ b)
        case .wrapSub: return .int(a &- b)
        case .wrapMul: return .int(a &* b)
        case .bitAnd: return .int(a & b)
        case .bitOr: return .int(a | b)
        case .bitXor: return .int(a ^ b)
        case .shl: return .int(a << b)
        case .shr: return .int(a >> b)
        case .eq: return .bool(a == b)
        case .ne: return .bool(a != b)
        case .lt: return .bool(a < b)
        case .le: return .bool(a <= b)
        case .gt: return .bool(a > b)
        case .ge: return .bool(a >= b)
        case .matches: return .bool(a == b)
        case .identical, .notIdentical: throw mismatch(op.rawValue, .int(a), .int(b), loc)
        }
    }

    static func doubleOp(_ op: BinaryOperator, _ a: Double, _ b: Double, _ loc: CellLocation, _ l: Value, _ r: Value) throws -> Value {
        switch op {
        case .add: return .double(a + b)
        case .sub: return .double(a - b)
        case .mul: return .double(a * b)
        case .div: return .double(a / b)
        case .rem:
            throw ScriptFailure.runtime("'%' is unavailable: For floating point numbers use truncatingRemainder instead", at: loc)
        case .eq, .matches: return .bool(a == b)
        case .ne: return .bool(a != b)
        case .lt: return .bool(a < b)
        case .le: return .bool(a <= b)
        case .gt: return .bool(a > b)
        case .ge: return .bool(a >= b)
        default: throw mismatch(op.rawValue, l, r, loc)
        }
    }

    static func equal(_ l: Value, _ r: Value, _ op: BinaryOperator, _ loc: CellLocation) throws -> Bool {
        switch (l, r) {
        case (.null, _), (_, .null): return l.isNil && r.isNil
        case (.int, .double), (.double, .int): throw mismatch(op.rawValue, l, r, loc)
        case (.int, .int), (.double, .double), (.bool, .bool), (.string, .string), (.array, .array), (.dict, .dict),
             (.tuple, .tuple), (.range, .range), (.doubleRange, .doubleRange), (.instance, .instance),
             (.type, .type), (.implicitMember, .implicitMember), (.object, .object), (.void, .void):
            return l == r
        case (.implicitMember(let m), .object(let o)), (.object(let o), .implicitMember(let m)):
            return o.scriptTypeName.lowercased() == m.lowercased()
        default: throw mismatch(op.rawValue, l, r, loc)
        }
    }

    /// -1, 0 or 1; nil when the values are not comparable.
    static func compare(_ l: Value, _ r: Value, _ loc: CellLocation, op: String = "<") throws -> Int? {
        switch (l, r) {
        case let (.int(a), .int(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.double(a), .double(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.string(a), .string(b)): return a < b ? -1 : (a == b ? 0 : 1)
        case let (.bool(a), .bool(b)): return a == b ? 0 : (!a ? -1 : 1)
        case let (.tuple(a), .tuple(b)) where a.items.count == b.items.count:
            for (x, y) in zip(a.items, b.items) {
                guard let c = try compare(x, y, loc, op: op) else { return nil }
                if c != 0 { return c }
            }
            return 0
        case let (.array(a), .array(b)):
            for (x, y) in zip(a, b) {
                guard let c = try compare(x, y, loc, op: op) else { return nil }
                if c != 0 { return c }
            }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        default: return nil
        }
    }

    /// `case pattern:` against a value: ranges contain, everything else compares equal.
    static func patternMatches(_ pattern: Value, _ value: Value, _ loc: CellLocation) throws -> Bool {
        switch (pattern, value) {
        case let (.range(r), .int(v)): return r.contains(v)
        case let (.doubleRange(r), .double(v)): return r.contains(v)
        case let (.doubleRange(r), .int(v)): return r.contains(Double(v))
        case let (.range(r), .double(v)): return Double(r.lower) <= v && (r.closed ? v <= Double(r.upper) : v < Double(r.upper))
        case let (.int(a), .double(b)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        default:
            return try equal(pattern, value, .eq, loc)
        }
    }

    static func unaryMinus(_ v: Value, _ loc: CellLocation) throws -> Value {
        switch v {
        case .int(let i):
            let (r, o) = Int(0).subtractingReportingOverflow(i)
            if o { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
            return .int(r)
        case .double(let d): return .double(-d)
        default: throw ScriptFailure.runtime("unary operator '-' cannot be applied to an operand of type '\(v.typeName)'", at: loc)
        }
    }

    static func makeRange(_ lo: Value, _ hi: Value, closed: Bool, _ loc: CellLocation) throws -> Value {
        switch (lo, hi) {
        case let (.int(a), .int(b)):
            if closed ? a > b : a > b {
                throw ScriptFailure.runtime("range requires lowerBound <= upperBound (\(a)\(closed ? "..." : "..<")\(b))", at: loc)
            }
            return .range(IntRange(lower: a, upper: b, closed: closed))
        case let (.double(a), .double(b)): return try doubleRange(a, b, closed, loc)
        case let (.int(a), .double(b)): return try doubleRange(Double(a), b, closed, loc)
        case let (.double(a), .int(b)): return try doubleRange(a, Double(b), closed, loc)
        default:
            throw mismatch(closed ? "..." : "..<", lo, hi, loc)
        }
    }

    private static func doubleRange(_ a: Double, _ b: Double, _ closed: Bool, _ loc: CellLocation) throws -> Value {
        guard a <= b else { throw ScriptFailure.runtime("range requires lowerBound <= upperBound", at: loc) }
        return .doubleRange(DoubleRange(lower: a, upper: b, closed: closed))
    }

    /// Operators usable as function values.
    static func operatorFunction(_ symbol: String) -> OperatorFunction? {
        guard let op = BinaryOperator(rawValue: symbol) else { return nil }
        return OperatorFunction(name: symbol) { l, r, loc in try binary(op, l, r, at: loc) }
    }
}
