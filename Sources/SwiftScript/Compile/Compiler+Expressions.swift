import SwiftSyntax
@_spi(Compiler) import SwiftParser

extension Compiler {
    func compileExpr(_ e: ExprSyntax) throws -> Expr {
        let compiled = try compileExprInner(e)
        if isChain(e), containsOptionalChain(e) { return OptionalChainRoot(compiled, compiled.loc) }
        return compiled
    }

    private func isChain(_ e: ExprSyntax) -> Bool {
        e.is(MemberAccessExprSyntax.self) || e.is(FunctionCallExprSyntax.self) || e.is(SubscriptCallExprSyntax.self)
            || e.is(ForceUnwrapExprSyntax.self)
    }

    /// Whether the postfix chain ending at `e` has a `?` in it.
    private func containsOptionalChain(_ e: ExprSyntax) -> Bool {
        var current: ExprSyntax? = e
        while let c = current {
            if c.is(OptionalChainingExprSyntax.self) { return true }
            if let m = c.as(MemberAccessExprSyntax.self) { current = m.base; continue }
            if let f = c.as(FunctionCallExprSyntax.self) { current = f.calledExpression; continue }
            if let s = c.as(SubscriptCallExprSyntax.self) { current = s.calledExpression; continue }
            if let u = c.as(ForceUnwrapExprSyntax.self) { current = u.expression; continue }
            return false
        }
        return false
    }

    /// Compiles the base of a postfix chain without closing the chain.
    private func compileChainBase(_ e: ExprSyntax) throws -> Expr {
        if let o = e.as(OptionalChainingExprSyntax.self) {
            return OptionalChainExpr(try compileChainBase(o.expression), loc(o))
        }
        return try compileExprInner(e)
    }

    private func compileExprInner(_ e: ExprSyntax) throws -> Expr {
        let l = loc(e)
        if let i = e.as(IntegerLiteralExprSyntax.self) {
            guard let v = i.representedLiteralValue else { throw fail("integer literal '\(i.literal.text)' overflows when stored into 'Int'", i) }
            return ConstExpr(.int(v), intLiteral: true, l)
        }
        if let f = e.as(FloatLiteralExprSyntax.self) {
            guard let v = f.representedLiteralValue else { throw fail("invalid floating-point literal", f) }
            return ConstExpr(.double(v), l)
        }
        if let b = e.as(BooleanLiteralExprSyntax.self) { return ConstExpr(.bool(b.literal.tokenKind == .keyword(.true)), l) }
        if e.is(NilLiteralExprSyntax.self) { return ConstExpr(.null, l) }
        if let s = e.as(StringLiteralExprSyntax.self) { return try compileString(s) }
        if let d = e.as(DeclReferenceExprSyntax.self) { return try compileName(d.baseName.text, d) }
        if let a = e.as(ArrayExprSyntax.self) { return ArrayExpr(try a.elements.map { try compileExpr($0.expression) }, l) }
        if let d = e.as(DictionaryExprSyntax.self) {
            switch d.content {
            case .colon: return DictExpr([], l)
            case .elements(let elements):
                return DictExpr(try elements.map { (try compileExpr($0.key), try compileExpr($0.value)) }, l)
            }
        }
        if let t = e.as(TupleExprSyntax.self) {
            if t.elements.count == 1, let only = t.elements.first, only.label == nil { return try compileExpr(only.expression) }
            if t.elements.isEmpty { return ConstExpr(.void, l) }
            let labels = t.elements.map { $0.label?.text }
            return TupleExpr(try t.elements.map { try compileExpr($0.expression) }, labels: labels.contains { $0 != nil } ? labels : nil, l)
        }
        if let infix = e.as(InfixOperatorExprSyntax.self) { return try compileInfix(infix) }
        if let t = e.as(TernaryExprSyntax.self) {
            return TernaryExpr(try compileExpr(t.condition), try compileExpr(t.thenExpression), try compileExpr(t.elseExpression), l)
        }
        if let p = e.as(PrefixOperatorExprSyntax.self) {
            let operand = try compileExpr(p.expression)
            switch p.operator.text {
            case "-":
                if let c = operand as? ConstExpr, c.intLiteral, case .int(let i) = c.value, i != Int.min {
                    return ConstExpr(.int(-i), intLiteral: true, asDouble: c.literalDouble.map { -$0 }, l)
                }
                if let c = operand as? ConstExpr, case .double(let d) = c.value { return ConstExpr(.double(-d), l) }
                return UnaryExpr(.minus, operand, l)
            case "+": return UnaryExpr(.plus, operand, l)
            case "!": return UnaryExpr(.not, operand, l)
            case "~": return UnaryExpr(.bitNot, operand, l)
            case "..<", "...": throw unsupported("one-sided range", p)
            default: throw fail("unknown prefix operator '\(p.operator.text)'", p)
            }
        }
        if let p = e.as(PostfixOperatorExprSyntax.self) {
            if p.operator.text == "..." { throw unsupported("one-sided range", p) }
            throw fail("unknown postfix operator '\(p.operator.text)'", p)
        }
        if let call = e.as(FunctionCallExprSyntax.self) { return try compileCall(call) }
        if let m = e.as(MemberAccessExprSyntax.self) { return try compileMember(m) }
        if let s = e.as(SubscriptCallExprSyntax.self) {
            if s.trailingClosure != nil { throw unsupported("trailing closure in a subscript", s) }
            let base = try compileChainBase(s.calledExpression)
            let args = try s.arguments.map { try compileExpr($0.expression) }
            return SubscriptGet(base, args, s.arguments.map { $0.label?.text }, l)
        }
        if let o = e.as(OptionalChainingExprSyntax.self) {
            return OptionalChainExpr(try compileChainBase(o.expression), l)
        }
        if let u = e.as(ForceUnwrapExprSyntax.self) { return ForceUnwrapExpr(try compileChainBase(u.expression), l) }
        if let c = e.as(ClosureExprSyntax.self) { return try compileClosure(c) }
        if let t = e.as(TryExprSyntax.self) { return try compileExpr(t.expression) }
        if e.is(AwaitExprSyntax.self) { throw unsupported("await", e) }
        if let i = e.as(IsExprSyntax.self) {
            return TypeCheckExpr(try compileExpr(i.expression), try typeAnnotation(i.type), .isType, l)
        }
        if let a = e.as(AsExprSyntax.self) {
            let mode: TypeCheckExpr.Mode
            switch a.questionOrExclamationMark?.tokenKind {
            case .postfixQuestionMark?: mode = .asOptional
            case .exclamationMark?: mode = .asForced
            default: mode = .asType
            }
            return TypeCheckExpr(try compileExpr(a.expression), try typeAnnotation(a.type), mode, l)
        }
        if let i = e.as(InOutExprSyntax.self) {
            if let d = i.expression.as(DeclReferenceExprSyntax.self),
               ["standardError", "standardOutput"].contains(d.baseName.text) {
                return try compileName(d.baseName.text, d)
            }
            throw unsupported("inout", i)
        }
        if let i = e.as(IfExprSyntax.self) { return try compileIfValue(i) }
        if e.is(SwitchExprSyntax.self) { throw unsupported("switch expression", e) }
        if e.is(DiscardAssignmentExprSyntax.self) { return ResultGet(index: nil, l) }
        if e.is(MacroExpansionExprSyntax.self) { throw unsupported("macro", e) }
        if e.is(KeyPathExprSyntax.self) { throw unsupported("key path", e) }
        if e.is(SuperExprSyntax.self) { throw unsupported("super", e) }
        if let t = e.as(TypeExprSyntax.self) { return ConstExpr(try typeValue(t.type), l) }
        if e.is(RegexLiteralExprSyntax.self) { throw unsupported("regex literal", e) }
        if e.is(ClosureExprSyntax.self) { throw unsupported("closure", e) }
        throw unsupported(e.trimmedDescription.prefix(20).description, e)
    }

    /// `let x = if c { a } else { b }`.
    private func compileIfValue(_ i: IfExprSyntax) throws -> Expr {
        func single(_ block: CodeBlockSyntax) throws -> Expr {
            guard block.statements.count == 1, let only = block.statements.first, case .expr(let e) = only.item else {
                throw fail("each branch of an 'if' expression must be a single expression", block)
            }
            return try compileExpr(e)
        }
        let saved = scope.blocks
        defer { scope.blocks = saved }
        scope.blocks.append([:])
        let conditions = try compileConditions(i.conditions)
        let then = try single(i.body)
        scope.blocks = saved
        let otherwise: Expr
        switch i.elseBody {
        case .ifExpr(let nested): otherwise = try compileIfValue(nested)
        case .codeBlock(let block): otherwise = try single(block)
        case nil: throw fail("'if' must have an unconditional 'else' to be used as expression", i)
        }
        return IfValueExpr(conditions, then: then, otherwise: otherwise, loc(i))
    }

    func compileName(_ name: String, _ node: some SyntaxProtocol) throws -> Expr {
        let l = loc(node)
        if name == "_" { return ResultGet(index: nil, l) }
        if name.hasPrefix("_"), let n = Int(name.dropFirst()), resolve(name) == nil { return ResultGet(index: n, l) }
        if name.hasPrefix("$"), Int(name.dropFirst()) != nil {
            if let r = resolve(name) { return try expr(for: r, name, l) }
            throw fail("anonymous closure argument not contained in a closure", node)
        }
        if let op = Ops.operatorFunction(name) { return ConstExpr(.function(op), l) }
        if name == "self" {
            if let r = resolve("self") { return try expr(for: r, name, l) }
            throw fail("cannot find 'self' in scope; 'self' is available inside struct methods", node)
        }
        guard let r = resolve(name) else { throw fail("cannot find '\(name)' in scope", node) }
        return try expr(for: r, name, l)
    }

    private func expr(for r: Resolved, _ name: String, _ l: CellLocation) throws -> Expr {
        switch r {
        case .local(let depth, let b): return depth == 0 ? LocalGet(slot: b.slot, name: name, l) : OuterGet(depth: depth, slot: b.slot, name: name, l)
        case .global(let box, _): return GlobalGet(box, l)
        case .builtin(let v): return ConstExpr(v, l)
        case .selfMember(let depth, _):
            let selfExpr: Expr = depth == 0 ? LocalGet(slot: 0, name: "self", l) : OuterGet(depth: depth, slot: 0, name: "self", l)
            return MemberGet(selfExpr, name, l)
        }
    }

    // MARK: Strings

    private func compileString(_ s: StringLiteralExprSyntax) throws -> Expr {
        let l = loc(s)
        if let plain = s.representedLiteralValue { return ConstExpr(.string(plain), l) }
        guard let kind = s.stringLiteralKind else { throw fail("malformed string literal", s) }
        var parts: [InterpolationExpr.Part] = []
        for segment in s.segments {
            switch segment {
            case .stringSegment(let seg):
                var text = ""
                seg.appendUnescapedLiteralValue(stringLiteralKind: kind, delimiterLength: s.delimiterLength, to: &text)
                if !text.isEmpty { parts.append(.text(text)) }
            case .expressionSegment(let expr):
                guard expr.expressions.count == 1, let only = expr.expressions.first, only.label == nil else {
                    throw unsupported("interpolation with labels", expr)
                }
                parts.append(.value(try compileExpr(only.expression)))
            }
        }
        return InterpolationExpr(parts, l)
    }

    // MARK: Operators and assignment

    private func compileInfix(_ infix: InfixOperatorExprSyntax) throws -> Expr {
        let l = loc(infix.operator)
        if infix.operator.is(AssignmentExprSyntax.self) {
            if infix.leftOperand.is(DiscardAssignmentExprSyntax.self) { return try compileExpr(infix.rightOperand) }
            if let tuple = infix.leftOperand.as(TupleExprSyntax.self), tuple.elements.count > 1 {
                return try compileTupleAssignment(tuple, infix.rightOperand, l)
            }
            let (place, annotation) = try compilePlace(infix.leftOperand, forMutation: true)
            return AssignExpr(place, try compileExpr(infix.rightOperand), annotation: annotation, l)
        }
        guard let opNode = infix.operator.as(BinaryOperatorExprSyntax.self) else {
            throw unsupported(infix.operator.trimmedDescription, infix.operator)
        }
        let op = opNode.operator.text
        switch op {
        case "&&", "||":
            return AndExpr(try compileExpr(infix.leftOperand), try compileExpr(infix.rightOperand), isOr: op == "||", l)
        case "??": return NilCoalesceExpr(try compileExpr(infix.leftOperand), try compileExpr(infix.rightOperand), l)
        case "..<", "...":
            return RangeExpr(try compileExpr(infix.leftOperand), try compileExpr(infix.rightOperand), closed: op == "...", l)
        case "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&+=", "&-=", "&*=":
            guard let bin = BinaryOperator(rawValue: String(op.dropLast())) else { throw fail("unknown operator '\(op)'", opNode) }
            let (place, _) = try compilePlace(infix.leftOperand, forMutation: true)
            return CompoundAssignExpr(place, bin, try compileExpr(infix.rightOperand), l)
        default:
            guard let bin = BinaryOperator(rawValue: op) else { throw fail("unknown operator '\(op)'", opNode) }
            let lhs = try compileExpr(infix.leftOperand), rhs = try compileExpr(infix.rightOperand)
            if let folded = foldLiterals(bin, lhs, rhs, l) { return folded }
            return BinaryExpr(bin, lhs, rhs, l)
        }
    }

    /// Arithmetic on literals is done now, keeping both readings of integer literals: Swift types
    /// `2 / 3 * x` as Double when x is a Double, so `2 / 3` must be able to stand for 0.666….
    private func foldLiterals(_ op: BinaryOperator, _ lhs: Expr, _ rhs: Expr, _ l: CellLocation) -> Expr? {
        guard [.add, .sub, .mul, .div].contains(op), let a = lhs as? ConstExpr, let b = rhs as? ConstExpr else { return nil }
        func double(_ c: ConstExpr) -> Double? {
            if let d = c.literalDouble { return d }
            if case .double(let d) = c.value { return d }
            return nil
        }
        guard let x = double(a), let y = double(b) else { return nil }
        let d: Double
        switch op {
        case .add: d = x + y
        case .sub: d = x - y
        case .mul: d = x * y
        default: d = x / y
        }
        if a.intLiteral, b.intLiteral, case .int(let i) = a.value, case .int(let j) = b.value {
            // Leave overflow and division by zero to run time, where they are reported.
            guard let v = try? Ops.intOp(op, i, j, l) else { return nil }
            return ConstExpr(v, intLiteral: true, asDouble: d, l)
        }
        return ConstExpr(.double(d), l)
    }

    /// `(a, b) = (b, a)`: evaluates the right side, then assigns element by element.
    private func compileTupleAssignment(_ tuple: TupleExprSyntax, _ rhs: ExprSyntax, _ l: CellLocation) throws -> Expr {
        var places: [LValue?] = []
        for element in tuple.elements {
            if element.expression.is(DiscardAssignmentExprSyntax.self) { places.append(nil); continue }
            places.append(try compilePlace(element.expression, forMutation: true).0)
        }
        return TupleAssignExpr(places, try compileExpr(rhs), l)
    }

    /// Turns an assignable expression into a place; rejects `let` constants as swiftc does.
    func compilePlace(_ e: ExprSyntax, forMutation: Bool) throws -> (LValue, TypeAnnotation?) {
        var path: [LValue.Component] = []
        var current = e
        while true {
            if let m = current.as(MemberAccessExprSyntax.self), let base = m.base {
                let name = m.declName.baseName.text
                if let i = Int(name) { path.insert(.tupleIndex(i), at: 0) } else { path.insert(.member(name), at: 0) }
                current = base
                continue
            }
            if let s = current.as(SubscriptCallExprSyntax.self) {
                path.insert(.subscriptKeys(try s.arguments.map { try compileExpr($0.expression) }, s.arguments.map { $0.label?.text }), at: 0)
                current = s.calledExpression
                continue
            }
            if let t = current.as(TupleExprSyntax.self), t.elements.count == 1, let only = t.elements.first, only.label == nil {
                current = only.expression
                continue
            }
            if let u = current.as(ForceUnwrapExprSyntax.self) {
                path.insert(.unwrap, at: 0)
                current = u.expression
                continue
            }
            break
        }
        guard let ref = current.as(DeclReferenceExprSyntax.self) else {
            throw fail("cannot assign to this expression; only variables, their properties and subscripts can be assigned", current)
        }
        let name = ref.baseName.text
        guard let r = resolve(name) else { throw fail("cannot find '\(name)' in scope", ref) }
        let l = loc(e)
        switch r {
        case .local(let depth, let b):
            if b.isLet, forMutation {
                if name == "self" {
                    throw fail(path.isEmpty ? "cannot assign to value: 'self' is immutable"
                                            : "cannot assign to property: 'self' is immutable", ref)
                }
                if path.isEmpty { throw fail("cannot assign to value: '\(name)' is a 'let' constant", ref) }
            }
            let local = LValue(root: .local(depth: depth, slot: b.slot), path: path, rootName: name,
                               immutableReason: b.isLet ? "'\(name)' is a 'let' constant" : nil, l)
            // Properties of a `let` may still be set when it holds a toolkit object (a reference);
            // whether it does is known when the assignment runs.
            local.letRoot = b.isLet && forMutation
            return (local, b.annotation)
        case .global(let box, let isLet):
            if isLet, forMutation, path.isEmpty {
                throw fail("cannot assign to value: '\(name)' is a 'let' constant", ref)
            }
            let global = LValue(root: .global(box), path: path, rootName: name,
                                immutableReason: isLet ? "'\(name)' is a 'let' constant" : nil, l)
            global.letRoot = isLet && forMutation
            return (global, nil)
        case .selfMember(let depth, let isLet):
            guard let info = scopeStruct(depth) else { throw fail("cannot assign to '\(name)'", ref) }
            if forMutation {
                if !selfIsMutable(depth) {
                    throw fail("cannot assign to property: 'self' is immutable", ref)
                }
                if isLet, !isInitializerScope(depth) { throw fail("cannot assign to property: '\(name)' is a 'let' constant", ref) }
                if info.computed.contains(name) { throw fail("cannot assign to property: '\(name)' is a get-only property", ref) }
            }
            return (LValue(root: .local(depth: depth, slot: 0), path: [.member(name)] + path, rootName: "self",
                           immutableReason: selfIsMutable(depth) ? nil : "'self' is immutable", l), nil)
        case .builtin(let value):
            // A toolkit object the registry provides (`kernel`) is a reference: its settable
            // properties may be assigned, as a `let` holding a class instance allows in Swift.
            if case .object = value, !path.isEmpty {
                let holder = GlobalVariable(name: name, isLet: true)
                holder.value = value
                let lvalue = LValue(root: .global(holder), path: path, rootName: name,
                                    immutableReason: "'\(name)' is a builtin", l)
                lvalue.letRoot = forMutation
                return (lvalue, nil)
            }
            throw fail("cannot assign to value: '\(name)' is a builtin", ref)
        }
    }

    private func scopeAt(_ depth: Int) -> FunctionScope? {
        var s: FunctionScope? = scope
        for _ in 0..<depth { s = s?.parent }
        return s
    }
    private func scopeStruct(_ depth: Int) -> StructInfo? { scopeAt(depth)?.selfStruct }
    private func selfIsMutable(_ depth: Int) -> Bool { scopeAt(depth)?.selfMutable ?? false }
    private func isInitializerScope(_ depth: Int) -> Bool { scopeAt(depth)?.isInitializer ?? false }

    // MARK: Calls and members

    private func compileArguments(_ call: FunctionCallExprSyntax) throws -> ([Expr], [String?], [Bool]) {
        var args: [Expr] = []
        var labels: [String?] = []
        var trailing: [Bool] = []
        for a in call.arguments {
            args.append(try compileExpr(a.expression))
            labels.append(a.label?.text)
            trailing.append(false)
        }
        if let c = call.trailingClosure {
            args.append(try compileClosure(c))
            labels.append(nil)
            trailing.append(true)
        }
        for extra in call.additionalTrailingClosures {
            args.append(try compileClosure(extra.closure))
            labels.append(extra.label.text)
            trailing.append(false)
        }
        return (args, labels, trailing)
    }

    private func compileCall(_ call: FunctionCallExprSyntax) throws -> Expr {
        let l = loc(call)
        markInoutAccumulator(call)
        let (args, labels, trailing) = try compileArguments(call)
        let callee = call.calledExpression
        // `[Int]()`, `[String: Double]()`.
        if let a = callee.as(ArrayExprSyntax.self), a.elements.count == 1 {
            return CallExpr(ConstExpr(.type(.builtin(.array)), l), args, labels, trailing, l)
        }
        if let d = callee.as(DictionaryExprSyntax.self), case .elements(let els) = d.content, els.count == 1 {
            return CallExpr(ConstExpr(.type(.builtin(.dictionary)), l), args, labels, trailing, l)
        }
        if let g = callee.as(GenericSpecializationExprSyntax.self) {
            return CallExpr(try compileExpr(g.expression), args, labels, trailing, l)
        }
        if let m = callee.as(MemberAccessExprSyntax.self) {
            let name = m.declName.baseName.text
            guard let baseSyntax = m.base else {
                // `.init(…)` or an implicit member function: not resolvable without a type.
                return CallExpr(ConstExpr(.implicitMember(name), l), args, labels, trailing, l)
            }
            let receiver = try compileChainBase(baseSyntax)
            var place: LValue?
            if !containsOptionalChain(baseSyntax), isPlaceSyntax(baseSyntax) {
                place = try? compilePlace(baseSyntax, forMutation: false).0
            }
            let general = MethodCallExpr(receiver, place: place, name, args, labels, trailing, loc(m.declName))
            // `xs.append(x)` on a variable: the commonest mutation in loops gets its own node.
            if name == "append", args.count == 1, labels == [nil], trailing == [false], let place, place.path.isEmpty,
               place.immutableReason == nil {
                return AppendExpr(place, args[0], general: general, loc(m.declName))
            }
            return general
        }
        // `inc()` inside a struct method is `self.inc()`: a mutating method called this way must
        // write `self`, so the call goes through `self` as a place, like the explicit form.
        if let ref = callee.as(DeclReferenceExprSyntax.self), case .selfMember(let depth, _)? = resolve(ref.baseName.text),
           let info = scopeStruct(depth), info.methods.contains(ref.baseName.text) {
            let selfExpr: Expr = depth == 0 ? LocalGet(slot: 0, name: "self", l) : OuterGet(depth: depth, slot: 0, name: "self", l)
            let selfPlace = LValue(root: .local(depth: depth, slot: 0), path: [], rootName: "self",
                                   immutableReason: selfIsMutable(depth) ? nil : "'self' is immutable", l)
            return MethodCallExpr(selfExpr, place: selfPlace, ref.baseName.text, args, labels, trailing, loc(ref))
        }
        if let ref = callee.as(DeclReferenceExprSyntax.self), let signatures = knownSignatures(of: ref.baseName.text) {
            // Label mistakes in calls to known functions are found before anything runs.
            var firstError: String?
            var fits = false
            for s in signatures {
                switch s.bind(labels: labels, trailing: trailing) {
                case .success: fits = true
                case .failure(let e): if firstError == nil { firstError = e.message }
                }
                if fits { break }
            }
            if !fits, let message = firstError { throw fail(message, call.arguments.first.map { Syntax($0) } ?? Syntax(callee)) }
        }
        return CallExpr(try compileChainBase(callee), args, labels, trailing, l)
    }

    /// `xs.reduce(into: start) { acc, x in … }`: the closure's first parameter is `inout`.
    private func markInoutAccumulator(_ call: FunctionCallExprSyntax) {
        guard let m = call.calledExpression.as(MemberAccessExprSyntax.self), m.base != nil,
              m.declName.baseName.text == "reduce", call.arguments.first?.label?.text == "into" else { return }
        let closure: ClosureExprSyntax?
        if call.arguments.count == 2, let last = call.arguments.last, last.label == nil {
            closure = last.expression.as(ClosureExprSyntax.self)
        } else if call.arguments.count == 1 {
            closure = call.trailingClosure
        } else {
            closure = nil
        }
        if let closure { inoutFirstClosures.insert(closure.id) }
    }

    private func isPlaceSyntax(_ e: ExprSyntax) -> Bool {
        var current = e
        while true {
            if let m = current.as(MemberAccessExprSyntax.self), let base = m.base { current = base; continue }
            if let s = current.as(SubscriptCallExprSyntax.self) { current = s.calledExpression; continue }
            break
        }
        guard let d = current.as(DeclReferenceExprSyntax.self) else { return false }
        switch resolve(d.baseName.text) {
        case .local?, .global?, .selfMember?: return true
        default: return false
        }
    }

    private func compileMember(_ m: MemberAccessExprSyntax) throws -> Expr {
        let name = m.declName.baseName.text
        let l = loc(m.declName)
        guard let baseSyntax = m.base else { return ConstExpr(.implicitMember(name), l) }
        let base = try compileChainBase(baseSyntax)
        if let i = Int(name) { return TupleIndexGet(base, i, l) }
        // `a.first.count`: Swift rejects members of an optional collection element without `?`/`!`.
        if let inner = baseSyntax.as(MemberAccessExprSyntax.self), let innerBase = inner.base,
           ["first", "last"].contains(inner.declName.baseName.text), let innerBaseExpr = try? compileChainBase(innerBase) {
            return OptionalElementMemberGet(innerBaseExpr, inner.declName.baseName.text, name, l)
        }
        return MemberGet(base, name, l)
    }

    // MARK: Closures

    func compileClosure(_ c: ClosureExprSyntax) throws -> Expr {
        var names: [String] = []
        var types: [TypeAnnotation?] = []
        var returnType: TypeAnnotation?
        if let sig = c.signature {
            if let captures = sig.capture, !captures.items.isEmpty { throw unsupported("capture list", captures) }
            switch sig.parameterClause {
            case .simpleInput(let list): names = list.map { $0.name.text }; types = names.map { _ in nil }
            case .parameterClause(let clause):
                for p in clause.parameters {
                    names.append(p.secondName?.text ?? p.firstName.text)
                    // `(acc: inout T, x: U)` where Swift expects an inout accumulator.
                    if names.count == 1, inoutFirstClosures.contains(c.id), let a = p.type?.as(AttributedTypeSyntax.self),
                       a.specifiers.contains(where: { $0.trimmedDescription == "inout" }) {
                        types.append(try typeAnnotation(a.baseType))
                        continue
                    }
                    types.append(try p.type.map { try typeAnnotation($0) })
                }
            case nil: break
            }
            returnType = try sig.returnClause.map { try typeAnnotation($0.type) }
        }
        let usesAnonymous = names.isEmpty && c.signature == nil
        var anonymousCount = 0
        if usesAnonymous {
            anonymousCount = maxAnonymousArgument(in: Syntax(c.statements))
            names = (0..<anonymousCount).map { "$\($0)" }
            types = names.map { _ in nil }
        }
        let decl = FunctionDecl(name: "closure", signature: nil, parameterCount: names.count, parameterTypes: types,
                                returnType: returnType, location: loc(c))
        decl.inoutFirstParameter = inoutFirstClosures.contains(c.id)
        let outer = scope
        scope = FunctionScope(parent: outer, isCell: false, isFunction: true)
        defer { scope = outer }
        for (i, n) in names.enumerated() {
            if n == "_" { scope.nextSlot += 1; continue }
            let slot = scope.nextSlot
            scope.nextSlot += 1
            scope.blocks[0][n] = LocalBinding(slot: slot, isLet: !(decl.inoutFirstParameter && i == 0), annotation: types[i])
        }
        decl.body = try compileFunctionBody(c.statements, returnType: returnType)
        decl.frameSize = scope.nextSlot
        return ClosureExpr(decl, loc(c))
    }

    /// `$0`, `$1`… used directly in this closure (not in nested closures).
    private func maxAnonymousArgument(in node: Syntax) -> Int {
        var highest = 0
        for child in node.children(viewMode: .sourceAccurate) {
            if child.is(ClosureExprSyntax.self) { continue }
            if let d = child.as(DeclReferenceExprSyntax.self), d.baseName.text.hasPrefix("$"), let n = Int(d.baseName.text.dropFirst()) {
                highest = max(highest, n + 1)
            }
            highest = max(highest, maxAnonymousArgument(in: child))
        }
        return highest
    }

    // MARK: Types

    func typeAnnotation(_ t: TypeSyntax) throws -> TypeAnnotation {
        if let id = t.as(IdentifierTypeSyntax.self) {
            let name = id.name.text
            if let generic = id.genericArgumentClause {
                let args = try generic.arguments.map { arg -> TypeAnnotation in
                    guard let ty = arg.argument.as(TypeSyntax.self) else { throw unsupported("generic argument", arg) }
                    return try typeAnnotation(ty)
                }
                switch (name, args.count) {
                case ("Array", 1): return .array(args[0])
                case ("Dictionary", 2): return .dictionary(args[0], args[1])
                case ("Optional", 1): return .optional(args[0])
                default: return .named(name)
                }
            }
            if name == "Any" || name == "AnyObject" { return .any }
            return .named(name)
        }
        if let a = t.as(ArrayTypeSyntax.self) { return .array(try typeAnnotation(a.element)) }
        if let d = t.as(DictionaryTypeSyntax.self) { return .dictionary(try typeAnnotation(d.key), try typeAnnotation(d.value)) }
        if let o = t.as(OptionalTypeSyntax.self) { return .optional(try typeAnnotation(o.wrappedType)) }
        if let o = t.as(ImplicitlyUnwrappedOptionalTypeSyntax.self) { return .optional(try typeAnnotation(o.wrappedType)) }
        if let tu = t.as(TupleTypeSyntax.self) {
            if tu.elements.count == 1, let only = tu.elements.first { return try typeAnnotation(only.type) }
            let labels = tu.elements.map { $0.secondName?.text ?? $0.firstName?.text }
            return .tuple(try tu.elements.map { try typeAnnotation($0.type) },
                          labels: labels.contains { $0 != nil } ? labels : nil)
        }
        if t.is(FunctionTypeSyntax.self) { return .function }
        if let a = t.as(AttributedTypeSyntax.self) {
            if a.specifiers.contains(where: { $0.trimmedDescription == "inout" }) { throw unsupported("inout", a) }
            return try typeAnnotation(a.baseType)
        }
        if t.is(SomeOrAnyTypeSyntax.self) { return .any }
        if let m = t.as(MemberTypeSyntax.self) { return .named(m.trimmedDescription) }
        throw unsupported("type '\(t.trimmedDescription)'", t)
    }

    private func typeValue(_ t: TypeSyntax) throws -> Value {
        if t.is(ArrayTypeSyntax.self) { return .type(.builtin(.array)) }
        if t.is(DictionaryTypeSyntax.self) { return .type(.builtin(.dictionary)) }
        throw unsupported("type expression '\(t.trimmedDescription)'", t)
    }
}

extension Value {
    var isFunctionOrType: Bool {
        switch self {
        case .function, .type: return true
        default: return false
        }
    }
}

/// `(a, b) = (x, y)`.
final class TupleAssignExpr: Expr {
    let places: [LValue?]
    let value: Expr
    init(_ places: [LValue?], _ value: Expr, _ loc: CellLocation) {
        self.places = places
        self.value = value
        super.init(loc)
    }
    override func eval(_ f: Frame, _ rt: Runtime) throws -> Value {
        let v = try value.eval(f, rt)
        guard case .tuple(let t) = v, t.items.count == places.count else {
            throw ScriptFailure.runtime("cannot assign a value of type '\(v.typeName)' to a tuple of \(places.count) elements", at: loc)
        }
        for (place, item) in zip(places, t.items) {
            guard let place else { continue }
            try place.modify(f, rt) { $0 = item }
        }
        return .void
    }
}
