import Display
import SwiftParser
import SwiftParserDiagnostics
import SwiftSyntax

/// The answer to a completion request; offsets count Unicode code points.
public struct CompletionResult: Sendable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int
}

/// The answer to is_complete_request.
public enum CompletenessResult: Sendable, Equatable {
    case complete
    case incomplete(indent: String)
    case invalid
}

/// Documentation for `help`, inspection and the variable table of `who()`.
enum Documentation {
    static func describe(_ v: Value, _ rt: Runtime) -> String {
        switch v {
        case .function(let f):
            if let b = f as? BuiltinFunction {
                return b.selectors.joined(separator: "\n") + "\n\n" + b.doc
            }
            if let fn = f as? FunctionValue {
                let header = fn.decl.signature.map { $0.selector(fn.decl.name) } ?? "closure"
                return header + (fn.decl.returnType.map { " -> \($0)" } ?? "") + "\n\n" + (fn.decl.doc ?? "A function declared in a cell.")
            }
            return f.name
        case .type(let t):
            switch t {
            case .registered(let r): return r.documentation
            case .structType(let s):
                var lines = ["struct \(s.name)"]
                for (i, n) in s.storedNames.enumerated() {
                    lines.append("  \(s.storedIsLet[i] ? "let" : "var") \(n)" + (s.storedTypes[i].map { ": \($0)" } ?? ""))
                }
                for m in s.methods.keys.sorted() { lines.append("  func \(m)") }
                if let doc = s.doc { lines += ["", doc] }
                return lines.joined(separator: "\n")
            case .builtin(let b): return builtinTypeDocs[b] ?? b.rawValue
            }
        case .object(let o):
            return rt.registry.type(of: o)?.documentation ?? o.scriptTypeName
        default:
            return "\(v.typeName) = \(v.debugText)"
        }
    }

    static let builtinTypeDocs: [BuiltinType: String] = [
        .int: "Int: a 64-bit signed integer. Int(x) converts (truncating Doubles; Int(\"42\") gives nil on bad text). Int.max, Int.min, Int.random(in:).",
        .double: "Double: a 64-bit floating-point number. Double(x) converts. Double.pi, .infinity, .nan, Double.random(in:).",
        .string: "String: text. String(x) describes any value; String(repeating:count:), String(format:).",
        .bool: "Bool: true or false. Bool.random().",
        .array: "Array: an ordered collection. Array(seq), Array(repeating:count:), [Int]().",
        .dictionary: "Dictionary: keys to values, kept in insertion order in Crossbar. [String: Int]().",
        .character: "Character: in Crossbar cells, characters are one-character Strings.",
        .float: "Float: treated as Double in Crossbar cells.",
    ]

    static func variableTable(_ rt: Runtime) -> Table? {
        let rows: [[TableValue]] = rt.globals.keys.sorted().compactMap { name in
            guard let box = rt.globals[name], box.isDeclared else { return nil }
            switch box.value {
            case .function, .type: return nil
            default: break
            }
            var text = box.value.debugText
            if text.count > 60 { text = String(text.prefix(57)) + "…" }
            return [.string(name), .string(box.value.typeName), .string(box.isLet ? "let" : "var"), .string(text)]
        }
        return try? Table(columnNames: ["name", "type", "kind", "value"], rows: rows, title: "Variables")
    }
}

extension Interpreter {
    private static let keywords = [
        "let", "var", "func", "struct", "if", "else", "guard", "switch", "case", "default", "for", "in", "while",
        "repeat", "break", "continue", "return", "true", "false", "nil", "import", "where", "mutating", "static",
        "init", "self", "fallthrough", "do", "is", "as", "try",
    ]

    /// Completion for the identifier before the cursor: members after a dot, names otherwise.
    public func complete(_ code: String, cursorPosition: Int) -> CompletionResult {
        let scalars = Array(code.unicodeScalars)
        let cursor = max(0, min(cursorPosition, scalars.count))
        func isIdent(_ c: Unicode.Scalar) -> Bool { c == "_" || c == "$" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
        var start = cursor
        while start > 0, isIdent(scalars[start - 1]) { start -= 1 }
        let prefix = String(String.UnicodeScalarView(scalars[start..<cursor]))
        var candidates: [String] = []
        if start > 0, scalars[start - 1] == "." {
            var rStart = start - 1
            while rStart > 0, isIdent(scalars[rStart - 1]) { rStart -= 1 }
            let receiver = String(String.UnicodeScalarView(scalars[rStart..<(start - 1)]))
            candidates = memberNames(of: receiver)
        } else {
            candidates = Interpreter.keywords + runtime.globals.keys.filter { runtime.globals[$0]?.isDeclared == true }
                + Array(Builtins.table.keys) + registry.globalNames + declaredNames(in: code)
        }
        let matches = Array(Set(candidates.filter { $0.hasPrefix(prefix) && !$0.isEmpty && $0 != "standardOutput" || ($0.hasPrefix(prefix) && prefix.hasPrefix("standardO")) })).sorted()
        return CompletionResult(matches: matches, cursorStart: start, cursorEnd: cursor)
    }

    private func memberNames(of receiver: String) -> [String] {
        if receiver.isEmpty { return Array(registry.implicitMembers.keys) }
        let value: Value? = runtime.globals[receiver].flatMap { $0.isDeclared ? $0.value : nil }
            ?? registry.lookup(receiver) ?? Builtins.table[receiver]
        guard let value else { return [] }
        switch value {
        case .type(let t):
            switch t {
            case .builtin(.int): return ["max", "min", "random", "init"]
            case .builtin(.double): return ["pi", "infinity", "nan", "greatestFiniteMagnitude", "leastNonzeroMagnitude", "ulpOfOne", "random", "init"]
            case .builtin(.bool): return ["random", "init"]
            case .builtin: return ["init"]
            case .structType(let s): return Array(s.statics.keys) + ["init"]
            // `init` only where the type has initializers (Dataset is made by its static functions).
            case .registered(let r): return Array(r.statics.keys) + Array(r.staticFunctions.keys) + (r.initializers.isEmpty ? [] : ["init"])
            }
        case .object(let o):
            guard let t = registry.type(of: o) else { return [] }
            return Array(t.properties.keys) + Array(t.methods.keys)
        default:
            return Members.propertyNames(of: value) + Members.methodNames(of: value)
        }
    }

    /// Names the cell being typed declares (they are not bound yet).
    private func declaredNames(in code: String) -> [String] {
        var names: [String] = []
        let words = code.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") })
        for (i, w) in words.enumerated() where ["let", "var", "func", "struct"].contains(w) && i + 1 < words.count {
            names.append(String(words[i + 1]))
        }
        return names
    }

    /// The documentation of the name under the cursor.
    public func inspect(_ code: String, cursorPosition: Int, detailLevel: Int) -> MIMEBundle? {
        let scalars = Array(code.unicodeScalars)
        let cursor = max(0, min(cursorPosition, scalars.count))
        func isIdent(_ c: Unicode.Scalar) -> Bool { c == "_" || c == "$" || c.properties.isAlphabetic || ("0"..."9").contains(c) }
        var start = cursor, end = cursor
        while start > 0, isIdent(scalars[start - 1]) { start -= 1 }
        while end < scalars.count, isIdent(scalars[end]) { end += 1 }
        if start == end, start > 0 {
            // Cursor just after `name(`: inspect the callee.
            var e = start - 1
            while e >= 0, scalars[e] == "(" || scalars[e] == " " { e -= 1 }
            end = e + 1
            start = end
            while start > 0, isIdent(scalars[start - 1]) { start -= 1 }
        }
        guard start < end else { return nil }
        let name = String(String.UnicodeScalarView(scalars[start..<end]))
        var text: String?
        if start > 0, scalars[start - 1] == "." {
            var rStart = start - 1
            while rStart > 0, isIdent(scalars[rStart - 1]) { rStart -= 1 }
            let receiver = String(String.UnicodeScalarView(scalars[rStart..<(start - 1)]))
            text = memberDoc(receiver, name)
        } else if let box = runtime.globals[name], box.isDeclared {
            switch box.value {
            case .function, .type: text = Documentation.describe(box.value, runtime)
            default:
                text = "\(box.isLet ? "let" : "var") \(name): \(box.value.typeName) = \(box.value.debugText)"
                if let doc = box.doc { text? += "\n\n" + doc }
            }
        } else if let doc = registry.doc(for: name) {
            text = doc
        } else if let v = Builtins.table[name] {
            text = Documentation.describe(v, runtime)
        }
        guard let text else { return nil }
        var bundle = MIMEBundle(plainText: text)
        bundle.set("text/markdown", .string("```\n" + text + "\n```"))
        return bundle
    }

    private func memberDoc(_ receiver: String, _ name: String) -> String? {
        if let box = runtime.globals[receiver], case .object(let o) = box.value, let t = registry.type(of: o) {
            if let p = t.properties[name] { return "\(t.name).\(name)\n\n\(p.doc)" }
            if let ms = t.methods[name] { return ms.map { "\($0.signature.selector(t.name + "." + name))\n\n\($0.doc)" }.joined(separator: "\n\n") }
        }
        if let t = registry.types[receiver], let f = t.staticFunctions[name] { return Documentation.describe(.function(f), runtime) }
        if let box = runtime.globals[receiver], let ms = Members.table(for: box.value)?[name] {
            return ms.map { $0.signature.selector(box.value.typeName + "." + name) + ($0.doc.isEmpty ? "" : "\n\n" + $0.doc) }
                .joined(separator: "\n")
        }
        return nil
    }

    /// Whether the code is a finished cell (for consoles deciding between Enter and a new line).
    public func isComplete(_ code: String) -> CompletenessResult {
        let open = Interpreter.openConstructs(code)
        if open.unterminated || open.depth > 0 {
            return .incomplete(indent: String(repeating: "    ", count: max(0, open.depth)))
        }
        if open.depth < 0 { return .invalid }
        let tree = Parser.parse(source: code)
        let errors = SyntaxDiagnostics.errors(in: tree)
        return errors.isEmpty ? .complete : .invalid
    }

    /// Bracket depth and whether a string or comment is still open at the end of `code`.
    static func openConstructs(_ code: String) -> (depth: Int, unterminated: Bool) {
        let chars = Array(code.unicodeScalars)
        var i = 0
        var depth = 0
        var interpolationStack: [Int] = []   // depth at which each open interpolation started
        enum Mode { case code, string, multiline, lineComment, blockComment(Int) }
        var modes: [Mode] = [.code]
        func at(_ k: Int) -> Unicode.Scalar? { k < chars.count ? chars[k] : nil }
        while i < chars.count {
            let c = chars[i]
            switch modes.last ?? .code {
            case .code:
                if c == "/", at(i + 1) == "/" { modes.append(.lineComment); i += 2; continue }
                if c == "/", at(i + 1) == "*" { modes.append(.blockComment(1)); i += 2; continue }
                if c == "\"" {
                    if at(i + 1) == "\"", at(i + 2) == "\"" { modes.append(.multiline); i += 3; continue }
                    modes.append(.string); i += 1; continue
                }
                if "({[".unicodeScalars.contains(c) { depth += 1 }
                if ")}]".unicodeScalars.contains(c) {
                    if let top = interpolationStack.last, c == ")", depth == top {
                        interpolationStack.removeLast()
                        modes.removeLast()
                        i += 1
                        continue
                    }
                    depth -= 1
                }
            case .string, .multiline:
                let isMulti: Bool = { if case .multiline = modes.last ?? .code { return true } else { return false } }()
                if c == "\\" {
                    if at(i + 1) == "(" {
                        interpolationStack.append(depth)
                        modes.append(.code)
                        i += 2
                        continue
                    }
                    i += 2
                    continue
                }
                if !isMulti, c == "\n" { return (depth, true) }
                if c == "\"" {
                    if isMulti {
                        if at(i + 1) == "\"", at(i + 2) == "\"" { modes.removeLast(); i += 3; continue }
                    } else {
                        modes.removeLast()
                    }
                }
            case .lineComment:
                if c == "\n" { modes.removeLast() }
            case .blockComment(let n):
                if c == "*", at(i + 1) == "/" {
                    modes.removeLast()
                    if n > 1 { modes.append(.blockComment(n - 1)) }
                    i += 2
                    continue
                }
                if c == "/", at(i + 1) == "*" { modes.removeLast(); modes.append(.blockComment(n + 1)); i += 2; continue }
            }
            i += 1
        }
        var unterminated = false
        for m in modes.dropFirst() {
            switch m {
            case .string, .multiline, .blockComment: unterminated = true
            default: break
            }
        }
        return (depth, unterminated)
    }
}

extension Members {
    static func table(for v: Value) -> [String: [Method]]? {
        switch v {
        case .array, .range: return arrayMethods
        case .dict: return dictMethods
        case .string: return stringMethods
        case .int: return intMethods
        case .double: return doubleMethods
        default: return nil
        }
    }
}
