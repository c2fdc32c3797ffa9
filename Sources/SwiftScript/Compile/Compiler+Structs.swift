import SwiftSyntax

extension Compiler {
    func compileStruct(_ s: StructDeclSyntax) throws -> Stmt? {
        let name = s.name.text
        guard scope.atTopLevel, let g = cellGlobals[name] else {
            throw fail("'struct' declarations are supported at the top level of a cell only", s.structKeyword)
        }
        if let generic = s.genericParameterClause { throw fail("generic structs are not supported in Crossbar cells", generic) }
        try checkModifiers(s.modifiers, s)
        let info = StructInfo(name: name)
        var storedNames: [String] = [], storedIsLet: [Bool] = [], storedTypes: [TypeAnnotation?] = [], storedDefaults: [Expr?] = []
        var computedDecls: [(String, CodeBlockItemListSyntax, TypeAnnotation?, Syntax)] = []
        var methodDecls: [(FunctionDeclSyntax, Bool)] = []
        var staticFuncs: [FunctionDeclSyntax] = []
        var staticLets: [(String, ExprSyntax)] = []
        var initDecls: [InitializerDeclSyntax] = []

        for member in s.memberBlock.members {
            let d = member.decl
            let modifiers = d.asProtocol(WithModifiersSyntax.self)?.modifiers.map(\.name.text) ?? []
            let isStatic = modifiers.contains("static")
            if let v = d.as(VariableDeclSyntax.self) {
                let isLet = v.bindingSpecifier.tokenKind == .keyword(.let)
                for b in v.bindings {
                    guard let id = b.pattern.as(IdentifierPatternSyntax.self) else {
                        throw fail("struct properties need a simple name", b.pattern)
                    }
                    let propertyName = id.identifier.text
                    var annotation = try b.typeAnnotation.map { try typeAnnotation($0.type) }
                    if annotation == nil, let value = b.initializer?.value {
                        // `var y = 0.0` fixes the property's type as Double, as Swift infers it.
                        if value.is(FloatLiteralExprSyntax.self) { annotation = .named("Double") }
                        else if value.is(IntegerLiteralExprSyntax.self) { annotation = .named("Int") }
                        else if value.is(StringLiteralExprSyntax.self) { annotation = .named("String") }
                        else if value.is(BooleanLiteralExprSyntax.self) { annotation = .named("Bool") }
                    }
                    if isStatic {
                        guard let initializer = b.initializer else { throw fail("'static' properties need an initial value", b) }
                        staticLets.append((propertyName, initializer.value))
                        continue
                    }
                    if let accessors = b.accessorBlock {
                        switch accessors.accessors {
                        case .getter(let body):
                            computedDecls.append((propertyName, body, annotation, Syntax(b)))
                        case .accessors(let list):
                            for accessor in list {
                                let kind = accessor.accessorSpecifier.text
                                guard kind == "get" else { throw unsupported(kind == "set" ? "setter" : kind, accessor) }
                                guard let body = accessor.body else { throw fail("getter needs a body", accessor) }
                                computedDecls.append((propertyName, body.statements, annotation, Syntax(b)))
                            }
                        }
                        info.computed.insert(propertyName)
                        continue
                    }
                    if b.typeAnnotation == nil, b.initializer == nil { throw fail("type annotation missing in pattern", b.pattern) }
                    if info.stored[propertyName] != nil { throw fail("invalid redeclaration of '\(propertyName)'", id) }
                    info.stored[propertyName] = isLet
                    storedNames.append(propertyName)
                    storedIsLet.append(isLet)
                    storedTypes.append(annotation)
                    storedDefaults.append(try b.initializer.map { try compileExpr($0.value) })
                }
            } else if let f = d.as(FunctionDeclSyntax.self) {
                if f.genericParameterClause != nil { throw fail("generic methods are not supported in Crossbar cells", f) }
                if isStatic { staticFuncs.append(f); continue }
                methodDecls.append((f, modifiers.contains("mutating")))
                info.methods.insert(f.name.text)
            } else if let i = d.as(InitializerDeclSyntax.self) {
                if i.optionalMark != nil { throw unsupported("failable initializer", i) }
                initDecls.append(i)
            } else if d.is(StructDeclSyntax.self) || d.is(ClassDeclSyntax.self) || d.is(EnumDeclSyntax.self) {
                throw fail("nested types are not supported in Crossbar cells", d)
            } else {
                throw unsupported(d.kind == .subscriptDecl ? "subscript" : "member '\(d.trimmedDescription.prefix(20))'", d)
            }
        }

        let type = StructType(name: name, storedNames: storedNames, storedIsLet: storedIsLet, storedTypes: storedTypes,
                              storedDefaults: storedDefaults, declaringFrame: nil)
        type.doc = documentation(of: s)
        for inherited in s.inheritanceClause?.inheritedTypes ?? [] {
            type.conformances.insert(inherited.type.trimmedDescription)
        }
        // Methods see `self` but not the cell's block-level locals, so their scope has no parent.
        let outer = scope
        scope = FunctionScope(parent: nil, isCell: false, isFunction: false)
        defer { scope = outer }
        for (f, isMutating) in methodDecls {
            let decl = try compileMethod(name: f.name.text, signature: f.signature, body: f.body, node: f, info: info,
                                         mutating: isMutating, isInit: false)
            type.methods[f.name.text, default: []].append(StructMethod(decl: decl, isMutating: isMutating, isInit: false, owner: type))
        }
        for (propertyName, body, annotation, node) in computedDecls {
            let decl = try compileGetter(name: propertyName, body: body, returnType: annotation, node: node, info: info)
            type.computed[propertyName] = StructMethod(decl: decl, isMutating: false, isInit: false, owner: type)
        }
        for i in initDecls {
            let decl = try compileMethod(name: "init", signature: i.signature, body: i.body, node: i, info: info,
                                         mutating: true, isInit: true)
            type.initializers.append(StructMethod(decl: decl, isMutating: true, isInit: true, owner: type))
        }
        for f in staticFuncs {
            let decl = try compileFunction(name: f.name.text, signature: f.signature, body: f.body, node: f)
            type.statics[f.name.text] = .function(FunctionValue(decl: decl, captured: nil))
        }
        scope = outer
        let statics = try staticLets.map { ($0.0, try compileExpr($0.1)) }
        prologue.append(HoistStructStmt(type, box: g.box, loc(s)))
        return statics.isEmpty ? nil : StructStaticsStmt(type, statics: statics, loc(s))
    }

    private func checkModifiers(_ modifiers: DeclModifierListSyntax, _ node: some SyntaxProtocol) throws {
        for m in modifiers where !["private", "fileprivate", "public", "internal", "final"].contains(m.name.text) {
            throw unsupported(m.name.text, m)
        }
    }

    /// A method or initializer: `self` in slot 0, no outer frame (compileFunction gives struct
    /// methods a scope without a parent).
    private func compileMethod(name: String, signature: FunctionSignatureSyntax, body: CodeBlockSyntax?, node: some SyntaxProtocol,
                               info: StructInfo, mutating: Bool, isInit: Bool) throws -> FunctionDecl {
        try compileFunction(name: name, signature: signature, body: body, node: node, selfStruct: info,
                            selfMutable: mutating, isInitializer: isInit)
    }

    private func compileGetter(name: String, body: CodeBlockItemListSyntax, returnType: TypeAnnotation?, node: Syntax,
                               info: StructInfo) throws -> FunctionDecl {
        let decl = FunctionDecl(name: name, signature: Signature([]), parameterCount: 0, parameterTypes: [],
                                returnType: returnType, location: loc(node))
        let outer = scope
        scope = FunctionScope(parent: nil, isCell: false, isFunction: true, selfStruct: info, selfMutable: false)
        defer { scope = outer }
        scope.nextSlot = 1
        scope.blocks[0]["self"] = LocalBinding(slot: 0, isLet: true, annotation: nil)
        decl.body = try compileFunctionBody(body, returnType: returnType)
        decl.frameSize = scope.nextSlot
        return decl
    }
}

/// Binds a struct type before the cell's statements run.
final class HoistStructStmt: Stmt {
    let type: StructType
    let box: GlobalVariable
    init(_ type: StructType, box: GlobalVariable, _ loc: CellLocation) {
        self.type = type
        self.box = box
        super.init(loc)
    }
    override func exec(_ f: Frame, _ rt: Runtime) throws -> Flow {
        box.value = .type(.structType(type))
        box.typedBody = nil
        box.isLet = true
        box.isDeclared = true
        box.annotation = nil
        box.doc = type.doc
        rt.globals[box.name] = box
        return .normal
    }
}
