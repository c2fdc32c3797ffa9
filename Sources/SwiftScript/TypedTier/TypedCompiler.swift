import SwiftSyntax

/// Why a function stays on the general tier (never shown to users).
struct NotTypeable: Error {}

/// Locals of a typed body: names to slots and types, by block.
final class TypedScope {
    var blocks: [[String: (slot: Int, type: TType, isLet: Bool)]] = [[:]]
    var nextSlot = 0
    var loopDepth = 0

    func lookup(_ name: String) -> (slot: Int, type: TType, isLet: Bool)? {
        for b in blocks.reversed() { if let v = b[name] { return v } }
        return nil
    }

    func declare(_ name: String, _ type: TType, isLet: Bool) throws -> Int {
        guard blocks[blocks.count - 1][name] == nil else { throw NotTypeable() }
        let slot = nextSlot
        nextSlot += 1
        blocks[blocks.count - 1][name] = (slot, type, isLet)
        return slot
    }
}

/// The typed signature of a function a typed body may call.
struct TypedSignature {
    let params: [TType]
    let labels: [String?]
    let result: TType
}

extension Compiler {
    /// The typed signature of a `func` declaration, when all its types are Int, Double or Bool.
    func typedSignature(of s: FunctionSignatureSyntax) -> TypedSignature? {
        var params: [TType] = []
        var labels: [String?] = []
        for p in s.parameterClause.parameters {
            guard p.defaultValue == nil, p.ellipsis == nil, let a = try? typeAnnotation(p.type), let t = TType(a) else { return nil }
            params.append(t)
            labels.append(p.firstName.text == "_" ? nil : p.firstName.text)
        }
        guard let r = s.returnClause, let a = try? typeAnnotation(r.type), let result = TType(a) else { return nil }
        return TypedSignature(params: params, labels: labels, result: result)
    }

    /// Compiles the typed form of a function body, or returns nil when it needs the general tier.
    func compileTyped(signature: FunctionSignatureSyntax, body: CodeBlockSyntax, location: CellLocation) -> TypedBody? {
        guard let sig = typedSignature(of: signature) else { return nil }
        let typed = TypedBody(params: sig.params, result: sig.result, location: location)
        let scope = TypedScope()
        for (p, t) in zip(signature.parameterClause.parameters, sig.params) {
            let name = p.secondName?.text ?? p.firstName.text
            if name == "_" { scope.nextSlot += 1; continue }
            guard (try? scope.declare(name, t, isLet: true)) != nil else { return nil }
        }
        do {
            let items = body.statements
            if items.count == 1, let only = items.first, case .expr(let e) = only.item,
               !e.is(IfExprSyntax.self), !(e.as(InfixOperatorExprSyntax.self)?.operator.is(AssignmentExprSyntax.self) ?? false) {
                let value = try typedCoerce(try typedExpr(e, scope, expected: sig.result), to: sig.result)
                typed.body = TBlock([TReturn(value, loc(e))])
            } else {
                typed.body = TBlock(try typedBlock(items, scope, typed))
            }
        } catch {
            return nil
        }
        typed.frameSize = scope.nextSlot
        return typed
    }

    private func typedBlock(_ items: CodeBlockItemListSyntax, _ scope: TypedScope, _ fn: TypedBody) throws -> [TStmt] {
        scope.blocks.append([:])
        defer { scope.blocks.removeLast() }
        return try items.map { try typedStmt($0.item, scope, fn) }
    }

    private func typedCondition(_ list: ConditionElementListSyntax, _ scope: TypedScope) throws -> TExpr {
        guard list.count == 1, let only = list.first, case .expression(let e) = only.condition else { throw NotTypeable() }
        let c = try typedExpr(e, scope, expected: .bool)
        guard c.type == .bool else { throw NotTypeable() }
        return c
    }

    private func typedStmt(_ item: CodeBlockItemSyntax.Item, _ scope: TypedScope, _ fn: TypedBody) throws -> TStmt {
        switch item {
        case .decl(let d):
            guard let v = d.as(VariableDeclSyntax.self), v.bindings.count == 1, let b = v.bindings.first,
                  let id = b.pattern.as(IdentifierPatternSyntax.self), let initializer = b.initializer, b.accessorBlock == nil else {
                throw NotTypeable()
            }
            var wanted: TType?
            if let ann = b.typeAnnotation {
                guard let t = TType(try typeAnnotation(ann.type)) else { throw NotTypeable() }
                wanted = t
            }
            var value = try typedExpr(initializer.value, scope, expected: wanted)
            if let wanted { value = try typedCoerce(value, to: wanted) }
            let slot = try scope.declare(id.identifier.text, value.type, isLet: v.bindingSpecifier.tokenKind == .keyword(.let))
            return TStore(slot: slot, value)
        case .stmt(let s):
            if let e = s.as(ExpressionStmtSyntax.self) { return try typedStmt(.expr(e.expression), scope, fn) }
            if let r = s.as(ReturnStmtSyntax.self), let e = r.expression {
                return TReturn(try typedCoerce(try typedExpr(e, scope, expected: fn.result), to: fn.result), loc(r))
            }
            if let g = s.as(GuardStmtSyntax.self) {
                return TGuard(try typedCondition(g.conditions, scope), try typedBlock(g.body.statements, scope, fn), loc(g))
            }
            if let w = s.as(WhileStmtSyntax.self) {
                let c = try typedCondition(w.conditions, scope)
                scope.loopDepth += 1
                defer { scope.loopDepth -= 1 }
                return TWhile(c, try typedBlock(w.body.statements, scope, fn), loc(w))
            }
            if let f = s.as(ForStmtSyntax.self) {
                guard f.whereClause == nil, f.caseKeyword == nil, f.awaitKeyword == nil,
                      let range = f.sequence.as(InfixOperatorExprSyntax.self),
                      let op = range.operator.as(BinaryOperatorExprSyntax.self), ["..<", "..."].contains(op.operator.text) else {
                    throw NotTypeable()
                }
                let lo = try typedExpr(range.leftOperand, scope, expected: .int)
                let hi = try typedExpr(range.rightOperand, scope, expected: .int)
                guard lo.type == .int, hi.type == .int else { throw NotTypeable() }
                scope.blocks.append([:])
                defer { scope.blocks.removeLast() }
                var slot: Int?
                if let id = f.pattern.as(IdentifierPatternSyntax.self) {
                    slot = try scope.declare(id.identifier.text, .int, isLet: true)
                } else if !f.pattern.is(WildcardPatternSyntax.self) {
                    throw NotTypeable()
                }
                scope.loopDepth += 1
                defer { scope.loopDepth -= 1 }
                let body = try typedBlock(f.body.statements, scope, fn)
                return TForRange(slot: slot, lo, hi, closed: op.operator.text == "...", body, loc(f))
            }
            if let b = s.as(BreakStmtSyntax.self), b.label == nil, scope.loopDepth > 0 { return TJump(.broke, loc(b)) }
            if let c = s.as(ContinueStmtSyntax.self), c.label == nil, scope.loopDepth > 0 { return TJump(.continued, loc(c)) }
            throw NotTypeable()
        case .expr(let e):
            if let i = e.as(IfExprSyntax.self) { return try typedIf(i, scope, fn) }
            if let infix = e.as(InfixOperatorExprSyntax.self) {
                if infix.operator.is(AssignmentExprSyntax.self) {
                    let (slot, type) = try typedPlace(infix.leftOperand, scope)
                    return TStore(slot: slot, try typedCoerce(try typedExpr(infix.rightOperand, scope, expected: type), to: type))
                }
                if let op = infix.operator.as(BinaryOperatorExprSyntax.self), ["+=", "-=", "*=", "/=", "%="].contains(op.operator.text),
                   let bin = BinaryOperator(rawValue: String(op.operator.text.dropLast())) {
                    let (slot, type) = try typedPlace(infix.leftOperand, scope)
                    let current = TLocal(type, slot: slot, loc(infix.leftOperand))
                    let rhs = try typedCoerce(try typedExpr(infix.rightOperand, scope, expected: type), to: type)
                    return TStore(slot: slot, try typedArith(bin, current, rhs, loc(op)))
                }
            }
            if e.is(FunctionCallExprSyntax.self) { return TEval(try typedExpr(e, scope, expected: nil)) }
            throw NotTypeable()
        }
    }

    private func typedPlace(_ e: ExprSyntax, _ scope: TypedScope) throws -> (Int, TType) {
        guard let d = e.as(DeclReferenceExprSyntax.self), let local = scope.lookup(d.baseName.text), !local.isLet else {
            throw NotTypeable()
        }
        return (local.slot, local.type)
    }

    private func typedIf(_ i: IfExprSyntax, _ scope: TypedScope, _ fn: TypedBody) throws -> TStmt {
        let c = try typedCondition(i.conditions, scope)
        let then = try typedBlock(i.body.statements, scope, fn)
        var otherwise: [TStmt] = []
        switch i.elseBody {
        case .ifExpr(let nested): otherwise = [try typedIf(nested, scope, fn)]
        case .codeBlock(let block): otherwise = try typedBlock(block.statements, scope, fn)
        case nil: break
        }
        return TIf(c, then, otherwise, loc(i))
    }

    /// Converts integer literals to Double where a Double is wanted; anything else must match.
    private func typedCoerce(_ e: TExpr, to type: TType) throws -> TExpr {
        if e.type == type { return e }
        if type == .double, e.type == .int, let d = e.literalDouble { return TConst(.double, d.bitPattern, e.loc) }
        throw NotTypeable()
    }

    private func typedArith(_ op: BinaryOperator, _ l: TExpr, _ r: TExpr, _ loc: CellLocation) throws -> TExpr {
        var l = l, r = r
        if l.type != r.type {
            if l.type == .int, r.type == .double { l = try typedCoerce(l, to: .double) } else if l.type == .double, r.type == .int { r = try typedCoerce(r, to: .double) }
        }
        guard l.type == r.type else { throw NotTypeable() }
        switch l.type {
        case .int:
            guard [.add, .sub, .mul, .div, .rem].contains(op) else { throw NotTypeable() }
            if let a = l as? TConst, let b = r as? TConst, let x = a.literalDouble, let y = b.literalDouble,
               case .int(let v)? = try? Ops.intOp(op, asInt(a.value), asInt(b.value), loc) {
                // Literal arithmetic, folded with its Double reading kept (as in the general tier).
                let d: Double
                switch op {
                case .add: d = x + y
                case .sub: d = x - y
                case .mul: d = x * y
                case .div: d = x / y
                default: d = Double(v)
                }
                return TConst(.int, bits(v), literalDouble: op == .rem ? nil : d, loc)
            }
            return TIntArith(op, l, r, loc)
        case .double:
            guard [.add, .sub, .mul, .div].contains(op) else { throw NotTypeable() }
            return TDoubleArith(op, l, r, loc)
        case .bool:
            throw NotTypeable()
        }
    }

    private func typedExpr(_ e: ExprSyntax, _ scope: TypedScope, expected: TType?) throws -> TExpr {
        let l = loc(e)
        if let i = e.as(IntegerLiteralExprSyntax.self) {
            guard let v = i.representedLiteralValue else { throw NotTypeable() }
            if expected == .double { return TConst(.double, Double(v).bitPattern, l) }
            return TConst(.int, bits(v), literalDouble: Double(v), l)
        }
        if let f = e.as(FloatLiteralExprSyntax.self) {
            guard let v = f.representedLiteralValue else { throw NotTypeable() }
            return TConst(.double, v.bitPattern, l)
        }
        if let b = e.as(BooleanLiteralExprSyntax.self) { return TConst(.bool, b.literal.tokenKind == .keyword(.true) ? 1 : 0, l) }
        if let d = e.as(DeclReferenceExprSyntax.self) {
            guard let local = scope.lookup(d.baseName.text) else { throw NotTypeable() }
            return TLocal(local.type, slot: local.slot, l)
        }
        if let t = e.as(TupleExprSyntax.self), t.elements.count == 1, let only = t.elements.first, only.label == nil {
            return try typedExpr(only.expression, scope, expected: expected)
        }
        if let p = e.as(PrefixOperatorExprSyntax.self) {
            let inner = try typedExpr(p.expression, scope, expected: expected)
            switch p.operator.text {
            case "-":
                guard inner.type != .bool else { throw NotTypeable() }
                if let c = inner as? TConst {
                    if c.type == .int, asInt(c.value) != Int.min {
                        return TConst(.int, bits(-asInt(c.value)), literalDouble: c.literalDouble.map { -$0 }, l)
                    }
                    if c.type == .double { return TConst(.double, (-asDouble(c.value)).bitPattern, l) }
                }
                return TNegate(inner, l)
            case "!":
                guard inner.type == .bool else { throw NotTypeable() }
                return TNot(inner, l)
            default: throw NotTypeable()
            }
        }
        if let t = e.as(TernaryExprSyntax.self) {
            let c = try typedExpr(t.condition, scope, expected: .bool)
            var a = try typedExpr(t.thenExpression, scope, expected: expected)
            var b = try typedExpr(t.elseExpression, scope, expected: expected)
            guard c.type == .bool else { throw NotTypeable() }
            if a.type != b.type {
                if a.type == .int { a = try typedCoerce(a, to: b.type) } else { b = try typedCoerce(b, to: a.type) }
            }
            return TTernary(c, a, b, l)
        }
        if let infix = e.as(InfixOperatorExprSyntax.self), let opNode = infix.operator.as(BinaryOperatorExprSyntax.self) {
            let op = opNode.operator.text
            let ol = loc(opNode)
            if op == "&&" || op == "||" {
                let a = try typedExpr(infix.leftOperand, scope, expected: .bool), b = try typedExpr(infix.rightOperand, scope, expected: .bool)
                guard a.type == .bool, b.type == .bool else { throw NotTypeable() }
                return TLogic(a, b, isOr: op == "||", ol)
            }
            guard let bin = BinaryOperator(rawValue: op) else { throw NotTypeable() }
            let operandExpected = [.lt, .le, .gt, .ge, .eq, .ne].contains(bin) ? nil : expected
            var a = try typedExpr(infix.leftOperand, scope, expected: operandExpected)
            var b = try typedExpr(infix.rightOperand, scope, expected: operandExpected)
            switch bin {
            case .add, .sub, .mul, .div, .rem:
                return try typedArith(bin, a, b, ol)
            case .lt, .le, .gt, .ge, .eq, .ne:
                if a.type != b.type {
                    if a.type == .int { a = try typedCoerce(a, to: b.type) } else { b = try typedCoerce(b, to: a.type) }
                }
                if a.type == .bool, ![.eq, .ne].contains(bin) { throw NotTypeable() }
                return TCompare(bin, a, b, ol)
            default:
                throw NotTypeable()
            }
        }
        if let call = e.as(FunctionCallExprSyntax.self) { return try typedCall(call, scope) }
        throw NotTypeable()
    }

    private func typedCall(_ call: FunctionCallExprSyntax, _ scope: TypedScope) throws -> TExpr {
        guard call.trailingClosure == nil, call.additionalTrailingClosures.isEmpty,
              let ref = call.calledExpression.as(DeclReferenceExprSyntax.self) else { throw NotTypeable() }
        let name = ref.baseName.text
        let l = loc(call)
        let labels = call.arguments.map { $0.label?.text }
        let argSyntax = call.arguments.map(\.expression)
        guard let r = resolve(name) else { throw NotTypeable() }
        switch r {
        case .builtin(let v):
            return try typedBuiltin(v, labels, argSyntax, scope, l)
        case .global(let box, _):
            let sig: TypedSignature
            if let s = cellFunctionTypes[name] {
                sig = s
            } else if cellGlobals[name] == nil, case .function(let f) = box.value, let fv = f.cellFunction, let t = fv.decl.typed,
                      let s = fv.decl.signature {
                sig = TypedSignature(params: t.params, labels: s.parameters.map(\.label), result: t.result)
            } else {
                throw NotTypeable()
            }
            guard sig.labels == labels else { throw NotTypeable() }
            var args: [TExpr] = []
            for (syntax, t) in zip(argSyntax, sig.params) {
                args.append(try typedCoerce(try typedExpr(syntax, scope, expected: t), to: t))
            }
            let general = CallExpr(ConstExpr(.void, l), [], labels, labels.map { _ in false }, l)
            return TCall(sig.result, box: box, args: args, code: typeCode(sig.params, sig.result), general: general, l)
        default:
            throw NotTypeable()
        }
    }

    private func typedBuiltin(_ v: Value, _ labels: [String?], _ args: [ExprSyntax], _ scope: TypedScope,
                              _ l: CellLocation) throws -> TExpr {
        guard labels.allSatisfy({ $0 == nil }) else { throw NotTypeable() }
        func doubles() throws -> [TExpr] {
            try args.map { try typedCoerce(try typedExpr($0, scope, expected: .double), to: .double) }
        }
        if case .type(.builtin(let b)) = v, args.count == 1 {
            let inner = try typedExpr(args[0], scope, expected: nil)
            switch (b, inner.type) {
            case (.double, .double), (.int, .int): return inner
            case (.double, .int): return TToDouble(inner)
            case (.int, .double): return TToInt(inner, l)
            default: throw NotTypeable()
            }
        }
        guard case .function(let f) = v else { throw NotTypeable() }
        let unary: [String: (Double) -> Double] = [
            "sqrt": { $0.squareRoot() }, "exp": { Foundation_exp($0) }, "log": { Foundation_log($0) },
            "sin": { Foundation_sin($0) }, "cos": { Foundation_cos($0) }, "tan": { Foundation_tan($0) },
            "tanh": { Foundation_tanh($0) }, "atan": { Foundation_atan($0) }, "floor": { $0.rounded(.down) },
            "ceil": { $0.rounded(.up) }, "round": { $0.rounded(.toNearestOrAwayFromZero) },
            "log2": { Foundation_log2($0) }, "log10": { Foundation_log10($0) },
        ]
        if let g = unary[f.name], args.count == 1 {
            return TMath(.double, try doubles(), l) { g(asDouble($0[0])).bitPattern }
        }
        switch (f.name, args.count) {
        case ("pow", 2):
            return TMath(.double, try doubles(), l) { Foundation_pow(asDouble($0[0]), asDouble($0[1])).bitPattern }
        case ("atan2", 2):
            return TMath(.double, try doubles(), l) { Foundation_atan2(asDouble($0[0]), asDouble($0[1])).bitPattern }
        case ("abs", 1):
            let x = try typedExpr(args[0], scope, expected: nil)
            if x.type == .double { return TMath(.double, [x], l) { Swift.abs(asDouble($0[0])).bitPattern } }
            guard x.type == .int else { throw NotTypeable() }
            // abs(Int.min) overflows; leave that case to the general tier's error.
            if let c = x as? TConst, asInt(c.value) == Int.min { throw NotTypeable() }
            return TIntAbs(x, l)
        case ("min", 2), ("max", 2):
            var a = try typedExpr(args[0], scope, expected: nil), b = try typedExpr(args[1], scope, expected: nil)
            if a.type != b.type {
                if a.type == .int { a = try typedCoerce(a, to: b.type) } else { b = try typedCoerce(b, to: a.type) }
            }
            let isMax = f.name == "max"
            switch a.type {
            case .int: return TMath(.int, [a, b], l) { bits(isMax ? Swift.max(asInt($0[0]), asInt($0[1])) : Swift.min(asInt($0[0]), asInt($0[1]))) }
            case .double: return TMath(.double, [a, b], l) { (isMax ? Swift.max(asDouble($0[0]), asDouble($0[1])) : Swift.min(asDouble($0[0]), asDouble($0[1]))).bitPattern }
            case .bool: throw NotTypeable()
            }
        default:
            throw NotTypeable()
        }
    }
}

/// `abs` on Int, with Swift's overflow error for Int.min.
final class TIntAbs: TExpr {
    let inner: TExpr
    init(_ inner: TExpr, _ loc: CellLocation) {
        self.inner = inner
        super.init(.int, loc)
    }
    override func eval(_ f: Slots, _ rt: Runtime) throws -> UInt64 {
        let v = asInt(try inner.eval(f, rt))
        if v == Int.min { throw ScriptFailure.runtime("arithmetic overflow", at: loc) }
        return bits(Swift.abs(v))
    }
}
