/// Errors: name errors and unsupported constructs with pinned positions, syntax errors, and one
/// case for every runtime/compile message of the spec (several are also covered in their topic).
extension CellCorpus {
    static let errors: [CellCase] = [
        // cannot find 'x' in scope, with the caret on the identifier
        .error("errors: unknown name on its own line", "let a = 1\nfoo", "cannot find 'foo' in scope", at: (2, 1)),
        .error("errors: unknown name inside an expression", "let a = 1 + bar", "cannot find 'bar' in scope", at: (1, 13)),
        .error("errors: unknown name as an argument", "print(undefinedName)", "cannot find 'undefinedName' in scope", at: (1, 7)),
        .error("errors: unknown function", "undefinedFn(3)", "cannot find 'undefinedFn' in scope", at: (1, 1)),
        .error("errors: unknown type name in a call", "let p = Pointt(x: 1)", "cannot find 'Pointt' in scope", at: (1, 9)),
        .error("errors: misspelled variable in a loop body", #"""
            var total = 0
            for i in 0..<3 {
                totl += i
            }
            """#, "cannot find 'totl' in scope", at: (3, 5)),
        .error("errors: unknown name in a function body", #"""
            func f() -> Int {
                return missing
            }
            f()
            """#, "cannot find 'missing' in scope", at: (2, 12)),
        .error("errors: unknown name in a closure body", "let f = { (x: Int) in x + offset }", "cannot find 'offset' in scope",
               at: (1, 27)),
        .error("errors: unknown name in a trailing closure", "let xs = [1, 2]\nxs.map { $0 * scale }",
               "cannot find 'scale' in scope", at: (2, 15)),
        .error("errors: unknown name inside interpolation", "let n = 1\n" + #"print("value \(nn)")"#,
               "cannot find 'nn' in scope", at: (2, 16)),

        // Unsupported constructs, with the caret on the keyword
        .error("errors: class is not supported", "class Foo {}", "'class' is not supported in Crossbar cells", at: (1, 1)),
        .error("errors: class on a later line", "let a = 1\nclass C {\n    var x = 0\n}",
               "'class' is not supported in Crossbar cells", at: (2, 1)),
        .error("errors: protocol is not supported", "protocol Shape {}", "'protocol' is not supported in Crossbar cells", at: (1, 1)),
        .error("errors: enum is not supported", "enum Color {\n    case red, green\n}", "'enum' is not supported in Crossbar cells",
               at: (1, 1)),
        .error("errors: extension is not supported", "extension Int {\n    var doubled: Int { self * 2 }\n}",
               "'extension' is not supported in Crossbar cells", at: (1, 1)),
        .error("errors: actor is not supported", "actor Bank {}", "'actor' is not supported in Crossbar cells", at: (1, 1)),
        .error("errors: generic function is not supported", "func identity<T>(_ x: T) -> T { x }",
               "is not supported in Crossbar cells"),
        .error("errors: inout is not supported", "func bump(_ x: inout Int) {\n    x += 1\n}",
               "'inout' is not supported in Crossbar cells", at: (1, 16)),
        .error("errors: do-catch is not supported", "do {\n    print(1)\n} catch {\n    print(2)\n}",
               "'do' is not supported in Crossbar cells", at: (1, 1)),
        .error("errors: throw is not supported", "let x = 1\nif x > 0 {\n    throw x\n}",
               "'throw' is not supported in Crossbar cells", at: (3, 5)),
        .error("errors: defer is not supported", #"""
            func f() {
                defer { print("bye") }
                print("hi")
            }
            f()
            """#, "'defer' is not supported in Crossbar cells", at: (2, 5)),
        .error("errors: macros are not supported", "let s = #stringify(1 + 2)", "is not supported in Crossbar cells"),
        .error("errors: import UIKit is not supported", "import UIKit", "'import UIKit' is not supported in Crossbar cells",
               at: (1, 1)),
        .error("errors: other import after Foundation", "import Foundation\nimport SwiftUI",
               "'import SwiftUI' is not supported in Crossbar cells", at: (2, 1)),
        CellCase("errors: unsupported construct stops the cell before it runs",
                 cells: [#"print("first")"# + "\nclass C {}"], stdout: "",
                 expect: .error("'class' is not supported in Crossbar cells"), at: (2, 1)),

        // Syntax errors (swift-syntax's diagnostics)
        .error("errors: missing operand", "1 +", "expected expression"),
        .error("errors: missing initializer", "let x =", "expected expression"),
        .error("errors: unclosed brace", "if true {\n    print(1)", "expected '}'"),
        CellCase("errors: syntax error runs nothing", cells: [#"print("first")"# + "\nlet y = (1 +"], stdout: "",
                 expect: .error("expected")),

        // Members and calls
        .error("errors: no member on Int", "let x = 5\nx.foo", "value of type 'Int' has no member 'foo'"),
        .error("errors: no member on String", #""abc".size"#, "value of type 'String' has no member 'size'"),
        .error("errors: no method on an array", "[1, 2].sum()", "has no member 'sum'"),
        .error("errors: calling an Int", "let x = 5\nx()", "cannot call value of non-function type 'Int'"),
        .error("errors: calling a String", #"let s = "a""# + "\ns(1)", "cannot call value of non-function type 'String'"),
        .error("errors: method called without its label", #"""
            struct P {
                var x: Int
                func moved(by d: Int) -> P { P(x: x + d) }
            }
            P(x: 1).moved(2)
            """#, "missing argument label 'by:' in call"),
        .error("errors: String variable passed for an Int parameter", #"""
            func twice(_ n: Int) -> Int { n * 2 }
            let word = "x"
            twice(word)
            """#, "cannot convert value of type 'String' to expected argument type 'Int'"),

        // Runtime messages (one more case each, several also in their topics)
        .error("errors: force unwrap of nil inside a function", #"""
            func get(_ d: [String: Int], _ k: String) -> Int {
                d[k]!
            }
            get(["a": 1], "b")
            """#, "unexpectedly found nil while unwrapping an Optional value"),
        .error("errors: mutual recursion without end", #"""
            func ping(_ n: Int) -> Int { pong(n + 1) }
            func pong(_ n: Int) -> Int { ping(n + 1) }
            ping(0)
            """#, "recursion depth exceeded (limit 10000)"),
        .error("errors: overflow inside a loop", "var x = 1\nfor _ in 0..<100 {\n    x *= 10\n}", "arithmetic overflow"),
        .error("errors: index out of range in a loop", #"""
            let a = [1, 2, 3]
            var s = 0
            for i in 0...3 {
                s += a[i]
            }
            """#, "index 3 is out of range for array of count 3"),
        .error("errors: guard body that falls through", #"""
            func f(_ x: Int) -> Int {
                guard x > 0 else {
                    print("negative")
                }
                return x
            }
            f(-1)
            """#, "'guard' body must not fall through"),
        .error("errors: Double variable minus Int variable", "let d = 1.5\nlet i = 2\nd - i",
               "binary operator '-' cannot be applied to operands of type 'Double' and 'Int'"),
        .error("errors: switch message names the unmatched value", "let n = 7\nswitch n {\ncase 0:\n    print(0)\n}",
               "switch must be exhaustive"),

        // Further messages documented in docs/language.md ("Other messages")
        .error("errors: String literal for an Int annotation", #"let x: Int = "1""#,
               "cannot convert value of type 'String' to specified type 'Int'"),
        .error("errors: returning a String from an Int function", "func f() -> Int {\n    return \"a\"\n}\nf()",
               "cannot convert return expression of type 'String' to return type 'Int'"),
        .error("errors: remainder on a Double", "let r = 7.5\nr % 2",
               "'%' is unavailable: For floating point numbers use truncatingRemainder instead"),
        .error("errors: assigning a struct's let property", "struct U {\n    let id: Int\n}\nvar u = U(id: 1)\nu.id = 2",
               "cannot assign to property: 'id' is a 'let' constant"),
        .error("errors: assigning a computed property", #"""
            struct V {
                var x: Double
                var norm: Double { x * 2 }
            }
            var v = V(x: 1)
            v.norm = 3
            """#, "cannot assign to property: 'norm' is a get-only property"),
        .error("errors: member of an optional without unwrapping", #"let names = ["a"]"# + "\nnames.first.count",
               "must be unwrapped to refer to member 'count'"),
        .error("errors: Int used as a condition", "let n = 1\nif n {\n    print(n)\n}", "type 'Int' cannot be used as a boolean"),
        .error("errors: range with bounds the wrong way round", "let lo = 5\nlet r = lo..<1",
               "range requires lowerBound <= upperBound"),
        .error("errors: let and var with the same name in one cell", "let total = 1\nvar total = 2", "invalid redeclaration of 'total'"),
            .error("errors: a full-width range is too large to make an array of", "Array(Int.min...Int.max)", "more than"),
        .error("errors: a closed range subscript ending at Int.max", "let a = [1, 2]\na[0...Int.max]", "out of bounds"),
        .error("errors: a stride with billions of elements", "stride(from: 0, through: Int.max, by: 1)", "too many elements"),
    ]
}
