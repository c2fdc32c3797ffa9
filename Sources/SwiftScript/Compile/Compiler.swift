import SwiftSyntax
@_spi(Compiler) import SwiftParser
import SwiftOperators
import SwiftParserDiagnostics

/// A local variable in a function frame.
struct LocalBinding {
    let slot: Int
    let isLet: Bool
    let annotation: TypeAnnotation?
}

/// What a struct's methods see of `self` without writing it.
final class StructInfo {
    let name: String
    var stored: [String: Bool] = [:]   // name → isLet
    var computed: Set<String> = []
    var methods: Set<String> = []
    init(name: String) { self.name = name }
}

/// Names of one function body (or of the cell), resolved to frame slots at compile time.
final class FunctionScope {
    let parent: FunctionScope?
    var blocks: [[String: LocalBinding]] = [[:]]
    var nextSlot = 0
    let isCell: Bool
    let selfStruct: StructInfo?
    let selfMutable: Bool
    let isFunction: Bool
    var loopLabels: [String?] = []
    var switchDepth = 0
    var isInitializer = false

    init(parent: FunctionScope?, isCell: Bool, isFunction: Bool, selfStruct: StructInfo? = nil, selfMutable: Bool = false) {
        self.parent = parent
        self.isCell = isCell
        self.isFunction = isFunction
        self.selfStruct = selfStruct
        self.selfMutable = selfMutable
    }

    /// Whether this scope declares at the cell's top level, where names become globals.
    var atTopLevel: Bool { isCell && blocks.count == 1 }
}

/// Lowers a cell's syntax tree into evaluation nodes, resolving names as it goes.
final class Compiler {
    let rt: Runtime
    let cell: Int
    let converter: SourceLocationConverter
    var scope: FunctionScope
    /// Boxes for the names this cell declares at its top level, with their `let`-ness.
    var cellGlobals: [String: (box: GlobalVariable, isLet: Bool)] = [:]
    var prologue: [Stmt] = []
    /// Signatures of the functions this cell declares at its top level, for checking labels early.
    var cellFunctionSignatures: [String: [Signature]] = [:]
    /// Typed signatures of this cell's top-level functions, for the typed tier's calls.
    var cellFunctionTypes: [String: TypedSignature] = [:]
    /// Closures whose first parameter is `inout`, as Swift infers from where they are passed
    /// (`reduce(into:_:)`'s accumulator); their first parameter may be mutated.
    var inoutFirstClosures: Set<SyntaxIdentifier> = []

    init(rt: Runtime, cell: Int, converter: SourceLocationConverter) {
        self.rt = rt
        self.cell = cell
        self.converter = converter
        self.scope = FunctionScope(parent: nil, isCell: true, isFunction: false)
    }

    func loc(_ node: some SyntaxProtocol) -> CellLocation {
        let l = node.startLocation(converter: converter)
        return CellLocation(cell: cell, line: l.line, column: l.column)
    }

    func fail(_ message: String, _ node: some SyntaxProtocol) -> ScriptFailure {
        ScriptFailure(.compile, message, at: loc(node))
    }

    func unsupported(_ what: String, _ node: some SyntaxProtocol) -> ScriptFailure {
        fail("'\(what)' is not supported in Crossbar cells", node)
    }

    // MARK: Cell

    /// Compiles the whole cell; the returned statements run in a fresh cell frame.
    func compileCell(_ file: SourceFileSyntax) throws -> (body: [Stmt], frameSize: Int) {
        let items = Array(file.statements)
        try declareTopLevel(items)
        var body: [Stmt] = []
        for (i, item) in items.enumerated() {
            let isLast = i == items.count - 1
            if isLast, case .expr(let e) = item.item, item.semicolon == nil, !isStatementLike(e) {
                body.append(ResultStmt(try compileExpr(e)))
                continue
            }
            if let s = try compileItem(item.item) { body.append(s) }
        }
        return (prologue + body, scope.nextSlot)
    }

    private func isStatementLike(_ e: ExprSyntax) -> Bool {
        if let infix = e.as(InfixOperatorExprSyntax.self), infix.operator.is(AssignmentExprSyntax.self) { return true }
        if let infix = e.as(InfixOperatorExprSyntax.self), let op = infix.operator.as(BinaryOperatorExprSyntax.self),
           op.operator.text.hasSuffix("="), !["==", "!=", "<=", ">=", "===", "!=="].contains(op.operator.text) {
            return true
        }
        return e.is(IfExprSyntax.self) || e.is(SwitchExprSyntax.self)
    }

    /// Collects the names the cell declares at its top level, so functions can refer to each other
    /// and to globals declared further down.
    private func declareTopLevel(_ items: [CodeBlockItemSyntax]) throws {
        func declare(_ name: String, isLet: Bool, _ node: some SyntaxProtocol) throws {
            if cellGlobals[name] != nil { throw fail("invalid redeclaration of '\(name)'", node) }
            let box = rt.globals[name] ?? GlobalVariable(name: name, isLet: isLet)
            cellGlobals[name] = (box, isLet)
        }
        for item in items {
            guard case .decl(let d) = item.item else { continue }
            if let v = d.as(VariableDeclSyntax.self) {
                let isLet = v.bindingSpecifier.tokenKind == .keyword(.let)
                for b in v.bindings {
                    for (name, node) in patternNames(b.pattern) { try declare(name, isLet: isLet, node) }
                }
            } else if let f = d.as(FunctionDeclSyntax.self) {
                try declare(f.name.text, isLet: true, f.name)
                cellFunctionSignatures[f.name.text] = [Compiler.signature(of: f.signature)]
                if f.genericParameterClause == nil, let t = typedSignature(of: f.signature) { cellFunctionTypes[f.name.text] = t }
            } else if let s = d.as(StructDeclSyntax.self) {
                try declare(s.name.text, isLet: true, s.name)
            }
        }
    }

    private func patternNames(_ p: PatternSyntax) -> [(String, Syntax)] {
        if let id = p.as(IdentifierPatternSyntax.self) { return [(id.identifier.text, Syntax(id))] }
        if let t = p.as(TuplePatternSyntax.self) { return t.elements.flatMap { patternNames($0.pattern) } }
        if let vb = p.as(ValueBindingPatternSyntax.self) { return patternNames(vb.pattern) }
        return []
    }

    // MARK: Scopes

    enum Resolved {
        case local(depth: Int, binding: LocalBinding)
        case global(GlobalVariable, isLet: Bool)
        case builtin(Value)
        case selfMember(depth: Int, isLet: Bool)
    }

    func resolve(_ name: String) -> Resolved? {
        var depth = 0
        var s: FunctionScope? = scope
        while let current = s {
            for block in current.blocks.reversed() {
                if let b = block[name] { return .local(depth: depth, binding: b) }
            }
            if let info = current.selfStruct {
                if let isLet = info.stored[name] { return .selfMember(depth: depth, isLet: isLet) }
                if info.computed.contains(name) || info.methods.contains(name) { return .selfMember(depth: depth, isLet: true) }
            }
            // Function scopes are nested in frames; a struct method's parent is the cell.
            s = current.parent
            depth += 1
        }
        if let g = cellGlobals[name] { return .global(g.box, isLet: g.isLet) }
        if let box = rt.globals[name] { return .global(box, isLet: box.isLet) }
        if let v = rt.registry.lookup(name) { return .builtin(v) }
        if let v = Builtins.table[name] { return .builtin(v) }
        return nil
    }

    /// Declares a name in the innermost block; at the cell's top level it is a global.
    func declareLocal(_ name: String, isLet: Bool, annotation: TypeAnnotation?, _ node: some SyntaxProtocol) throws -> BindTarget {
        if scope.atTopLevel, let g = cellGlobals[name] { return .global(g.box) }
        if scope.blocks[scope.blocks.count - 1][name] != nil {
            throw fail("invalid redeclaration of '\(name)'", node)
        }
        let slot = scope.nextSlot
        scope.nextSlot += 1
        scope.blocks[scope.blocks.count - 1][name] = LocalBinding(slot: slot, isLet: isLet, annotation: annotation)
        return .local(slot)
    }

    func withBlock<T>(_ body: () throws -> T) rethrows -> T {
        scope.blocks.append([:])
        defer { scope.blocks.removeLast() }
        return try body()
    }

    func compileBlock(_ items: CodeBlockItemListSyntax) throws -> [Stmt] {
        try withBlock {
            // Nested functions may call each other: declare them before the body.
            for item in items {
                if case .decl(let d) = item.item, let f = d.as(FunctionDeclSyntax.self) {
                    _ = try declareLocal(f.name.text, isLet: true, annotation: .function, f.name)
                }
            }
            return try items.compactMap { try compileItem($0.item) }
        }
    }

    // MARK: Statements

    func compileItem(_ item: CodeBlockItemSyntax.Item) throws -> Stmt? {
        switch item {
        case .decl(let d): return try compileDecl(d)
        case .stmt(let s): return try compileStmt(s)
        case .expr(let e): return try compileExprStatement(e)
        }
    }

    func compileExprStatement(_ e: ExprSyntax) throws -> Stmt {
        if let i = e.as(IfExprSyntax.self) { return try compileIf(i) }
        if let s = e.as(SwitchExprSyntax.self) { return try compileSwitch(s, label: nil) }
        if let infix = e.as(InfixOperatorExprSyntax.self), infix.operator.is(AssignmentExprSyntax.self),
           infix.leftOperand.is(DiscardAssignmentExprSyntax.self) {
            return ExprStmt(try compileExpr(infix.rightOperand))
        }
        return ExprStmt(try compileExpr(e))
    }

    func compileStmt(_ s: StmtSyntax) throws -> Stmt? {
        if let e = s.as(ExpressionStmtSyntax.self) { return try compileExprStatement(e.expression) }
        if let r = s.as(ReturnStmtSyntax.self) {
            return ReturnStmt(try r.expression.map { try compileExpr($0) }, loc(r))
        }
        if let g = s.as(GuardStmtSyntax.self) {
            let conditions = try compileConditions(g.conditions)
            let body = try compileBlock(g.body.statements)
            return GuardStmt(conditions, body: body, loc(g))
        }
        if let f = s.as(ForStmtSyntax.self) { return try compileFor(f, label: nil) }
        if let w = s.as(WhileStmtSyntax.self) { return try compileWhile(w, label: nil) }
        if let r = s.as(RepeatStmtSyntax.self) { return try compileRepeat(r, label: nil) }
        if let l = s.as(LabeledStmtSyntax.self) {
            let label = l.label.text
            if let f = l.statement.as(ForStmtSyntax.self) { return try compileFor(f, label: label) }
            if let w = l.statement.as(WhileStmtSyntax.self) { return try compileWhile(w, label: label) }
            if let r = l.statement.as(RepeatStmtSyntax.self) { return try compileRepeat(r, label: label) }
            if let e = l.statement.as(ExpressionStmtSyntax.self), let sw = e.expression.as(SwitchExprSyntax.self) {
                return try compileSwitch(sw, label: label)
            }
            throw fail("labels are supported on loops and switch statements only", l)
        }
        if let b = s.as(BreakStmtSyntax.self) {
            let label = b.label?.text
            if let label, !scope.loopLabels.contains(label) {
                throw fail("cannot find label '\(label)' in scope", b)
            }
            if label == nil, scope.loopLabels.isEmpty, scope.switchDepth == 0 {
                throw fail("'break' is only allowed inside a loop, if, do, or switch", b)
            }
            return JumpStmt(.breakLoop(label), loc(b))
        }
        if let c = s.as(ContinueStmtSyntax.self) {
            let label = c.label?.text
            if let label, !scope.loopLabels.contains(label) { throw fail("cannot find label '\(label)' in scope", c) }
            if scope.loopLabels.isEmpty { throw fail("'continue' is only allowed inside a loop", c) }
            return JumpStmt(.continueLoop(label), loc(c))
        }
        if let f = s.as(FallThroughStmtSyntax.self) {
            if scope.switchDepth == 0 { throw fail("'fallthrough' is only allowed inside a switch", f) }
            return JumpStmt(.fallthroughCase, loc(f))
        }
        if let d = s.as(DoStmtSyntax.self) {
            if !d.catchClauses.isEmpty { throw unsupported("do", d) }
            return BlockStmt(try compileBlock(d.body.statements), loc(d))
        }
        if s.is(DeferStmtSyntax.self) { throw unsupported("defer", s) }
        if s.is(ThrowStmtSyntax.self) { throw unsupported("throw", s) }
        if s.is(DiscardStmtSyntax.self) { throw unsupported("discard", s) }
        throw unsupported(s.trimmedDescription.split(separator: " ").first.map(String.init) ?? "statement", s)
    }

    func compileConditions(_ list: ConditionElementListSyntax) throws -> [Condition] {
        try list.map { element in
            switch element.condition {
            case .expression(let e): return .bool(try compileExpr(e))
            case .optionalBinding(let ob):
                guard let id = ob.pattern.as(IdentifierPatternSyntax.self) else {
                    throw fail("optional binding needs a simple name", ob.pattern)
                }
                let value: Expr
                if let initializer = ob.initializer {
                    value = try compileExpr(initializer.value)
                } else {
                    value = try compileName(id.identifier.text, id)
                }
                let annotation = try ob.typeAnnotation.map { try typeAnnotation($0.type) }
                let target = try declareLocalShadowing(id.identifier.text, isLet: ob.bindingSpecifier.tokenKind == .keyword(.let),
                                                       annotation: annotation, id)
                return .optionalBinding(target, value, annotation)
            case .matchingPattern(let mp):
                let value = try compileExpr(mp.initializer.value)
                return .casePattern(try compilePattern(mp.pattern, bindAsLet: nil), value)
            default:
                throw unsupported("#available", element)
            }
        }
    }

    /// `if let x` may shadow an outer `x` in the same block.
    private func declareLocalShadowing(_ name: String, isLet: Bool, annotation: TypeAnnotation?, _ node: some SyntaxProtocol) throws -> BindTarget {
        let slot = scope.nextSlot
        scope.nextSlot += 1
        scope.blocks[scope.blocks.count - 1][name] = LocalBinding(slot: slot, isLet: isLet, annotation: annotation)
        return .local(slot)
    }

    func compileIf(_ i: IfExprSyntax) throws -> Stmt {
        let saved = scope.blocks
        defer { scope.blocks = saved }
        scope.blocks.append([:])
        let conditions = try compileConditions(i.conditions)
        let then = try compileBlock(i.body.statements)
        scope.blocks = saved
        var otherwise: [Stmt]?
        switch i.elseBody {
        case .ifExpr(let nested): otherwise = [try compileIf(nested)]
        case .codeBlock(let block): otherwise = try compileBlock(block.statements)
        case nil: break
        }
        return IfStmt(conditions, then: then, otherwise: otherwise, loc(i))
    }

    func compileWhile(_ w: WhileStmtSyntax, label: String?) throws -> Stmt {
        if Compiler.mayCapture(Syntax(w.conditions)) || Compiler.mayCapture(Syntax(w.body)) {
            let ((conditions, body), size) = try withIterationScope(label: label) {
                let conditions = try compileConditions(w.conditions)
                return (conditions, try compileBlock(w.body.statements))
            }
            return WhileStmt(conditions, body: body, label: label, iterationFrameSize: size, loc(w))
        }
        let saved = scope.blocks
        defer { scope.blocks = saved }
        scope.blocks.append([:])
        let conditions = try compileConditions(w.conditions)
        scope.loopLabels.append(label)
        defer { scope.loopLabels.removeLast() }
        return WhileStmt(conditions, body: try compileBlock(w.body.statements), label: label, loc(w))
    }

    func compileRepeat(_ r: RepeatStmtSyntax, label: String?) throws -> Stmt {
        if Compiler.mayCapture(Syntax(r.body)) {
            let (body, size) = try withIterationScope(label: label) { try compileBlock(r.body.statements) }
            return RepeatStmt(try compileExpr(r.condition), body: body, label: label, iterationFrameSize: size, loc(r))
        }
        scope.loopLabels.append(label)
        let body = try compileBlock(r.body.statements)
        scope.loopLabels.removeLast()
        return RepeatStmt(try compileExpr(r.condition), body: body, label: label, loc(r))
    }

    func compileFor(_ f: ForStmtSyntax, label: String?) throws -> Stmt {
        if f.awaitKeyword != nil { throw unsupported("for await", f) }
        let sequence = try compileExpr(f.sequence)
        if Compiler.mayCapture(Syntax(f.body)) || f.whereClause.map({ Compiler.mayCapture(Syntax($0)) }) == true {
            let ((pattern, filter, body), size) = try withIterationScope(label: label) {
                let pattern = try compilePattern(f.pattern, bindAsLet: true)
                let filter = try f.whereClause.map { try compileExpr($0.condition) }
                return (pattern, filter, try compileBlock(f.body.statements))
            }
            return ForInStmt(pattern, sequence, filter: filter, body: body, label: label, iterationFrameSize: size, loc(f))
        }
        return try withBlock {
            let pattern = try compilePattern(f.pattern, bindAsLet: true)
            let filter = try f.whereClause.map { try compileExpr($0.condition) }
            scope.loopLabels.append(label)
            defer { scope.loopLabels.removeLast() }
            let body = try compileBlock(f.body.statements)
            return ForInStmt(pattern, sequence, filter: filter, body: body, label: label, loc(f))
        }
    }

    /// Whether a loop's code holds a closure or a nested function, which could capture a name the
    /// loop binds. Swift binds those names afresh on every iteration (each closure made in the loop
    /// sees its own `k`), so such a loop gives each iteration a frame of its own.
    static func mayCapture(_ node: Syntax) -> Bool {
        if node.is(ClosureExprSyntax.self) || node.is(FunctionDeclSyntax.self) { return true }
        return node.children(viewMode: .sourceAccurate).contains { mayCapture($0) }
    }

    /// Compiles a loop's bindings and body in a scope of their own, run in a new frame per
    /// iteration whose parent is the enclosing frame; returns that frame's size.
    func withIterationScope<T>(label: String?, _ body: () throws -> T) throws -> (T, Int) {
        let outer = scope
        let inner = FunctionScope(parent: outer, isCell: false, isFunction: false)
        inner.loopLabels = outer.loopLabels + [label]
        inner.switchDepth = outer.switchDepth
        scope = inner
        defer { scope = outer }
        let result = try body()
        return (result, inner.nextSlot)
    }

    func compileSwitch(_ s: SwitchExprSyntax, label: String?) throws -> Stmt {
        let subject = try compileExpr(s.subject)
        scope.switchDepth += 1
        defer { scope.switchDepth -= 1 }
        if let label { scope.loopLabels.append(label) }
        defer { if label != nil { scope.loopLabels.removeLast() } }
        var cases: [SwitchStmt.Case] = []
        for element in s.cases {
            guard case .switchCase(let c) = element else { throw unsupported("#if", element) }
            let compiled: SwitchStmt.Case = try withBlock {
                switch c.label {
                case .default:
                    return SwitchStmt.Case(patterns: [], body: try compileBlock(c.statements), isDefault: true)
                case .case(let caseLabel):
                    var patterns: [(Pattern, Expr?)] = []
                    for item in caseLabel.caseItems {
                        let p = try compilePattern(item.pattern, bindAsLet: nil)
                        let w = try item.whereClause.map { try compileExpr($0.condition) }
                        patterns.append((p, w))
                    }
                    return SwitchStmt.Case(patterns: patterns, body: try compileBlock(c.statements), isDefault: false)
                }
            }
            cases.append(compiled)
        }
        return SwitchStmt(subject, cases: cases, label: label, loc(s))
    }

    /// Patterns; `bindAsLet` is non-nil where bare names bind (for-in, let/var patterns).
    func compilePattern(_ p: PatternSyntax, bindAsLet: Bool?) throws -> Pattern {
        if p.is(WildcardPatternSyntax.self) { return .wildcard }
        if let id = p.as(IdentifierPatternSyntax.self) {
            if let isLet = bindAsLet {
                return .bind(try declareLocalInPattern(id.identifier.text, isLet: isLet, id))
            }
            return .value(try compileName(id.identifier.text, id))
        }
        if let vb = p.as(ValueBindingPatternSyntax.self) {
            return try compilePattern(vb.pattern, bindAsLet: vb.bindingSpecifier.tokenKind == .keyword(.let))
        }
        if let t = p.as(TuplePatternSyntax.self) {
            return .tuple(try t.elements.map { try compilePattern($0.pattern, bindAsLet: bindAsLet) })
        }
        if let e = p.as(ExpressionPatternSyntax.self) {
            return try compileExpressionPattern(e.expression, bindAsLet: bindAsLet)
        }
        throw unsupported("pattern '\(p.trimmedDescription)'", p)
    }

    private func declareLocalInPattern(_ name: String, isLet: Bool, _ node: some SyntaxProtocol) throws -> BindTarget {
        if scope.atTopLevel, cellGlobals[name] != nil { return try declareLocal(name, isLet: isLet, annotation: nil, node) }
        let slot = scope.nextSlot
        scope.nextSlot += 1
        scope.blocks[scope.blocks.count - 1][name] = LocalBinding(slot: slot, isLet: isLet, annotation: nil)
        return .local(slot)
    }

    /// Expression patterns may nest bindings: `case (0, let y)`, `case let x?`, `.some(let x)`.
    private func compileExpressionPattern(_ e: ExprSyntax, bindAsLet: Bool?) throws -> Pattern {
        if let pe = e.as(PatternExprSyntax.self) { return try compilePattern(pe.pattern, bindAsLet: bindAsLet) }
        if e.is(DiscardAssignmentExprSyntax.self) { return .wildcard }
        if let t = e.as(TupleExprSyntax.self), t.elements.count != 1 || t.elements.first?.label != nil {
            return .tuple(try t.elements.map { try compileExpressionPattern($0.expression, bindAsLet: bindAsLet) })
        }
        if let t = e.as(TupleExprSyntax.self), let only = t.elements.first {
            return try compileExpressionPattern(only.expression, bindAsLet: bindAsLet)
        }
        if let o = e.as(OptionalChainingExprSyntax.self) {
            return .some(try compileExpressionPattern(o.expression, bindAsLet: bindAsLet))
        }
        if let call = e.as(FunctionCallExprSyntax.self), let m = call.calledExpression.as(MemberAccessExprSyntax.self),
           m.base == nil, m.declName.baseName.text == "some", call.arguments.count == 1, let arg = call.arguments.first {
            return .some(try compileExpressionPattern(arg.expression, bindAsLet: bindAsLet))
        }
        if let id = e.as(DeclReferenceExprSyntax.self), let isLet = bindAsLet {
            return .bind(try declareLocalInPattern(id.baseName.text, isLet: isLet, id))
        }
        if let m = e.as(MemberAccessExprSyntax.self), m.base == nil, m.declName.baseName.text == "none" {
            return .value(ConstExpr(.null, loc(m)))
        }
        return .value(try compileExpr(e))
    }

    // MARK: Declarations

    func compileDecl(_ d: DeclSyntax) throws -> Stmt? {
        if let v = d.as(VariableDeclSyntax.self) { return try compileVariable(v) }
        if let f = d.as(FunctionDeclSyntax.self) { return try compileFunctionDecl(f) }
        if let s = d.as(StructDeclSyntax.self) { return try compileStruct(s) }
        if let i = d.as(ImportDeclSyntax.self) {
            let module = i.path.map(\.name.text).joined(separator: ".")
            if ["Foundation", "Crossbar", "Swift", "Glibc", "Darwin"].contains(module) { return nil }
            throw fail("'import \(module)' is not supported in Crossbar cells", i)
        }
        if d.is(ClassDeclSyntax.self) { throw unsupported("class", d) }
        if d.is(ProtocolDeclSyntax.self) { throw unsupported("protocol", d) }
        if d.is(EnumDeclSyntax.self) { throw unsupported("enum", d) }
        if d.is(ExtensionDeclSyntax.self) { throw unsupported("extension", d) }
        if d.is(ActorDeclSyntax.self) { throw unsupported("actor", d) }
        if d.is(TypeAliasDeclSyntax.self) { throw unsupported("typealias", d) }
        if d.is(MacroExpansionDeclSyntax.self) || d.is(MacroDeclSyntax.self) { throw unsupported("macro", d) }
        if d.is(OperatorDeclSyntax.self) || d.is(PrecedenceGroupDeclSyntax.self) { throw unsupported("operator", d) }
        if d.is(InitializerDeclSyntax.self) { throw fail("initializers can only be declared inside a struct", d) }
        if d.is(SubscriptDeclSyntax.self) { throw unsupported("subscript", d) }
        throw unsupported("declaration", d)
    }

    func compileVariable(_ v: VariableDeclSyntax) throws -> Stmt? {
        try checkModifiers(v.modifiers, allowed: [], v)
        let isLet = v.bindingSpecifier.tokenKind == .keyword(.let)
        var stmts: [Stmt] = []
        for b in v.bindings {
            if b.accessorBlock != nil { throw fail("computed properties are supported inside a struct only", b) }
            let annotation = try b.typeAnnotation.map { try typeAnnotation($0.type) }
            let initializer = try b.initializer.map { try compileExpr($0.value) }
            if initializer == nil, annotation == nil {
                throw fail("type annotation missing in pattern", b.pattern)
            }
            var globals: [(GlobalVariable, Bool)] = []
            let pattern: Pattern
            if scope.atTopLevel {
                for (name, _) in patternNames(b.pattern) {
                    if let g = cellGlobals[name] { globals.append((g.box, isLet)) }
                }
                pattern = try compilePattern(b.pattern, bindAsLet: isLet)
            } else if let id = b.pattern.as(IdentifierPatternSyntax.self) {
                pattern = .bind(try declareLocal(id.identifier.text, isLet: isLet, annotation: annotation, id))
            } else {
                pattern = try compilePattern(b.pattern, bindAsLet: isLet)
            }
            stmts.append(DeclareStmt(pattern: pattern, initializer: initializer, annotation: annotation, globals: globals, loc(b)))
        }
        return stmts.count == 1 ? stmts[0] : BlockStmt(stmts, loc(v))
    }

    private func checkModifiers(_ modifiers: DeclModifierListSyntax, allowed: Set<String>, _ node: some SyntaxProtocol) throws {
        for m in modifiers {
            let name = m.name.text
            if ["private", "fileprivate", "public", "internal", "open", "final", "nonisolated"].contains(name) { continue }
            if !allowed.contains(name) { throw unsupported(name, m) }
        }
    }

    /// Builds a function's declaration: parameters, defaults, body in a new frame.
    func compileFunction(name: String, signature: FunctionSignatureSyntax, body: CodeBlockSyntax?, node: some SyntaxProtocol,
                         selfStruct: StructInfo? = nil, selfMutable: Bool = false, isInitializer: Bool = false) throws -> FunctionDecl {
        if signature.effectSpecifiers?.asyncSpecifier != nil { throw unsupported("async", signature) }
        if signature.effectSpecifiers?.throwsClause != nil { throw unsupported("throws", signature) }
        var params: [Parameter] = []
        var types: [TypeAnnotation?] = []
        var defaults: [Expr?] = []
        var names: [(String, Syntax)] = []
        for p in signature.parameterClause.parameters {
            if let attributed = p.type.as(AttributedTypeSyntax.self),
               attributed.specifiers.contains(where: { $0.trimmedDescription == "inout" }) {
                throw unsupported("inout", attributed)
            }
            let label = p.firstName.text == "_" ? nil : p.firstName.text
            let inner = p.secondName?.text ?? p.firstName.text
            let annotation = try typeAnnotation(p.type)
            let variadic = p.ellipsis != nil
            let defaultExpr = try p.defaultValue.map { try compileExpr($0.value) }
            params.append(Parameter(label: label, name: inner, hasDefault: defaultExpr != nil, isVariadic: variadic,
                                    takesFunction: annotation.isFunction))
            types.append(variadic ? .array(annotation) : annotation)
            defaults.append(defaultExpr)
            names.append((inner, Syntax(p)))
        }
        let returnType = try signature.returnClause.map { try typeAnnotation($0.type) }
        let decl = FunctionDecl(name: name, signature: Signature(params), parameterCount: params.count,
                                parameterTypes: types, returnType: returnType, location: loc(node))
        decl.defaults = defaults
        decl.doc = documentation(of: node)
        let outer = scope
        scope = FunctionScope(parent: selfStruct == nil ? outer : nil, isCell: false, isFunction: true,
                              selfStruct: selfStruct, selfMutable: selfMutable)
        scope.isInitializer = isInitializer
        defer { scope = outer }
        if selfStruct != nil {
            scope.nextSlot = 1
            scope.blocks[0]["self"] = LocalBinding(slot: 0, isLet: !selfMutable, annotation: nil)
        }
        for (n, node) in names {
            if n == "_" { scope.nextSlot += 1; continue }
            _ = try declareLocal(n, isLet: true, annotation: nil, node)
        }
        guard let body else { throw fail("function '\(name)' needs a body", node) }
        decl.body = try compileFunctionBody(body.statements, returnType: returnType)
        decl.frameSize = scope.nextSlot
        if selfStruct == nil {
            decl.typed = compileTyped(signature: signature, body: body, location: decl.location)
        }
        return decl
    }

    /// A body of one expression returns it (SE-0255).
    func compileFunctionBody(_ items: CodeBlockItemListSyntax, returnType: TypeAnnotation?) throws -> [Stmt] {
        if items.count == 1, let only = items.first, case .expr(let e) = only.item, !isStatementLike(e) {
            let wantsValue = returnType.map { !$0.isVoid } ?? true
            if wantsValue {
                let value = try compileExpr(e)
                return [ReturnStmt(value, value.loc)]
            }
        }
        return try compileBlock(items)
    }

    func compileFunctionDecl(_ f: FunctionDeclSyntax) throws -> Stmt? {
        if let generic = f.genericParameterClause { throw fail("'func \(f.name.text)\(generic.trimmedDescription)' is not supported in Crossbar cells (generic functions)", generic) }
        try checkModifiers(f.modifiers, allowed: [], f)
        let name = f.name.text
        if scope.atTopLevel, let g = cellGlobals[name] {
            let decl = try compileFunction(name: name, signature: f.signature, body: f.body, node: f)
            prologue.append(HoistFunctionStmt(decl, box: g.box, loc(f)))
            g.box.doc = decl.doc
            return nil
        }
        guard case .local(_, let binding)? = resolve(name) else { throw fail("cannot declare '\(name)' here", f) }
        let decl = try compileFunction(name: name, signature: f.signature, body: f.body, node: f)
        return LocalFunctionStmt(decl, target: .local(binding.slot), loc(f))
    }

    /// The `///` comment lines right above a declaration.
    func documentation(of node: some SyntaxProtocol) -> String? {
        let lines = node.leadingTrivia.compactMap { piece -> String? in
            if case .docLineComment(let text) = piece { return String(text.dropFirst(3)).trimmingLeadingSpace() }
            return nil
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}

extension Compiler {
    /// The labels of a `func` as its call sites see them.
    static func signature(of s: FunctionSignatureSyntax) -> Signature {
        Signature(s.parameterClause.parameters.map { p in
            Parameter(label: p.firstName.text == "_" ? nil : p.firstName.text, name: p.secondName?.text ?? p.firstName.text,
                      hasDefault: p.defaultValue != nil, isVariadic: p.ellipsis != nil,
                      takesFunction: Compiler.isFunctionType(p.type))
        })
    }

    static func isFunctionType(_ t: TypeSyntax) -> Bool {
        if t.is(FunctionTypeSyntax.self) { return true }
        if let a = t.as(AttributedTypeSyntax.self) { return isFunctionType(a.baseType) }
        if let tu = t.as(TupleTypeSyntax.self), tu.elements.count == 1, let only = tu.elements.first { return isFunctionType(only.type) }
        return false
    }

    /// The signatures a call to `name` must fit, when they are known before the cell runs.
    func knownSignatures(of name: String) -> [Signature]? {
        guard let r = resolve(name) else { return nil }
        switch r {
        case .builtin(.function(let f)):
            guard let b = f as? BuiltinFunction else { return nil }
            return b.overloads.map(\.signature)
        case .global(let box, _):
            if let s = cellFunctionSignatures[name] { return s }
            if cellGlobals[name] != nil { return nil }
            if case .function(let f) = box.value, let fn = f as? FunctionValue, let s = fn.decl.signature { return [s] }
            return nil
        default:
            return nil
        }
    }
}

extension String {
    func trimmingLeadingSpace() -> String {
        String(drop(while: { $0 == " " }))
    }
}

/// Binds a top-level function before the cell's statements run (functions are visible throughout).
final class HoistFunctionStmt: Stmt {
    let decl: FunctionDecl
    let box: GlobalVariable
    init(_ decl: FunctionDecl, box: GlobalVariable, _ loc: CellLocation) {
        self.decl = decl
        self.box = box
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        box.value = .function(FunctionValue(decl: decl, captured: f))
        box.typedBody = decl.typed
        box.isLet = true
        box.isDeclared = true
        box.annotation = nil
        box.doc = decl.doc
        rt.globals[box.name] = box
        return .normal
    }
}
