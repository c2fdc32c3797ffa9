/// Closures: parameter forms, $0, trailing closures, captures, operators as functions, and the
/// higher-order collection functions.
extension CellCorpus {
    static let closures: [CellCase] = [
        .value("closures: typed parameters and return", "let add = { (a: Int, b: Int) -> Int in a + b }\nadd(2, 3)", "5"),
        .value("closures: parameter type from the annotation", "let f: (Int) -> Int = { x in x * 2 }\nf(4)", "8"),
        .value("closures: shorthand argument", "let sq: (Int) -> Int = { $0 * $0 }\nsq(9)", "81"),
        .value("closures: multi-statement body", #"""
            let f = { (x: Int) -> Int in
                let y = x * 2
                return y + 1
            }
            f(3)
            """#, "7"),
        .value("closures: no parameters, called immediately", "let v = { 40 + 2 }()\nv", "42"),
        .value("closures: closure value shows as (Function)", "let f = { (x: Int) in x }\nf", "(Function)"),
        .value("closures: ignoring the parameter", #"(0..<3).map { _ in "x" }"#, #"["x", "x", "x"]"#),
        .value("closures: closure passed by name", "let sq: (Int) -> Int = { $0 * $0 }\n[1, 2, 3].map(sq)", "[1, 4, 9]"),
        .value("closures: array of closures", #"""
            let fs = [{ (x: Int) in x + 1 }, { (x: Int) in x * 2 }]
            fs.map { $0(5) }
            """#, "[6, 10]"),
        .output("closures: trailing closure on own function", #"""
            func twice(_ f: () -> Void) {
                f()
                f()
            }
            twice {
                print("hi")
            }
            """#, "hi\nhi\n"),

        // Higher-order functions
        .value("closures: map with $0", "[1, 2, 3].map { $0 * 10 }", "[10, 20, 30]"),
        .value("closures: map to strings", #"["a", "b"].map { $0.uppercased() }"#, #"["A", "B"]"#),
        .value("closures: filter", "[1, 2, 3, 4, 5, 6].filter { $0 % 2 == 0 }", "[2, 4, 6]"),
        .value("closures: reduce with trailing closure", "[1, 2, 3].reduce(0) { $0 + $1 }", "6"),
        .value("closures: reduce with the + operator", "[1, 2, 3].reduce(0, +)", "6"),
        .value("closures: reduce with the * operator", "[1, 2, 3, 4].reduce(1, *)", "24"),
        .value("closures: reduce with named parameters", "[3, 4].reduce(0, { acc, x in acc + x * x })", "25"),
        .value("closures: sorted with a trailing closure", "[3, 1, 2].sorted { $0 > $1 }", "[3, 2, 1]"),
        .value("closures: sorted by the > operator", "[3, 1, 2].sorted(by: >)", "[3, 2, 1]"),
        .value("closures: sorted by the < operator on strings", #"["b", "c", "a"].sorted(by: <)"#, #"["a", "b", "c"]"#),
        .value("closures: sorted by a derived key", #"["ccc", "a", "bb"].sorted { $0.count < $1.count }"#,
               #"["a", "bb", "ccc"]"#),
        .value("closures: enumerated then mapped", #"["a", "b"].enumerated().map { "\($0.offset):\($0.element)" }"#,
               #"["0:a", "1:b"]"#),
        .value("closures: zip then mapped", "zip([1, 2, 3], [4, 5, 6]).map { $0.0 * $0.1 }", "[4, 10, 18]"),
        .value("closures: min and max of a list", "let xs = [4, 9, 2]\n[xs.min()!, xs.max()!]", "[2, 9]"),
        .value("closures: contains where with trailing closure", "[1, 5, 9].contains { $0 > 8 }", "true"),
        .value("closures: first where with trailing closure finds nothing", "[1, 5, 9].first { $0 > 10 }", "nil"),
        .value("closures: chained filter map reduce", "(1...10).filter { $0 % 2 == 0 }.map { $0 * $0 }.reduce(0, +)", "220"),

        // Captures
        .value("closures: capture sees later changes", "var x = 1\nlet getX = { x }\nx = 5\ngetX()", "5"),
        .value("closures: closure mutates a captured variable", "var count = 0\nlet inc = { count += 1 }\ninc()\ninc()\ncount", "2"),
        .value("closures: counter factory keeps its own state", #"""
            func makeCounter() -> () -> Int {
                var c = 0
                return {
                    c += 1
                    return c
                }
            }
            let a = makeCounter()
            let b = makeCounter()
            a()
            a()
            b()
            [a(), b()]
            """#, "[3, 2]"),
        .value("closures: closure made by a function call keeps its own value", #"""
            func constant(_ v: Int) -> () -> Int {
                return { v * 10 }
            }
            var fs: [() -> Int] = []
            for i in 1...3 {
                fs.append(constant(i))
            }
            fs.map { $0() }
            """#, "[10, 20, 30]"),
        .value("closures: function value passed with a closure literal", #"""
            func apply(_ f: (Int) -> Int, to x: Int) -> Int {
                f(x)
            }
            apply({ $0 + 1 }, to: 41)
            """#, "42"),
            .value("closures: reduce from 0 over Doubles sums as Double", "[0.5, 0.25].reduce(0, +)", "0.75"),
    ]
}
