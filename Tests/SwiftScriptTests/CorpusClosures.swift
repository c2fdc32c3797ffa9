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

        // Every iteration binds its own loop variable, as in Swift.
        .output("closures: each for-in iteration binds a fresh loop variable",
                "var fs: [(Int) -> Int] = []; for k in 0..<5 { fs.append({ x in x * k }) }; print(fs.map { $0(10) })",
                "[0, 10, 20, 30, 40]\n"),
        .value("closures: a variable declared in the loop body is fresh per iteration", #"""
            var getters: [() -> String] = []
            for name in ["a", "b", "c"] {
                let upper = name.uppercased()
                getters.append { upper + name }
            }
            getters.map { $0() }
            """#, #"["Aa", "Bb", "Cc"]"#),
        .value("closures: a variable outside the loop stays shared", #"""
            var total = 0
            var adders: [() -> Void] = []
            for k in 1...3 {
                adders.append { total += k }
            }
            for add in adders { add() }
            total
            """#, "6"),
        .value("closures: a closure mutating its iteration's var keeps its own copy", #"""
            var counters: [() -> Int] = []
            for start in [10, 20] {
                var n = start
                counters.append {
                    n += 1
                    return n
                }
            }
            [counters[0](), counters[0](), counters[1]()]
            """#, "[11, 12, 21]"),
        .value("closures: tuple pattern and where clause bind fresh per iteration", #"""
            var fs: [() -> Int] = []
            for (i, v) in [5, 6, 7, 8].enumerated() where i % 2 == 0 {
                fs.append { i * 100 + v }
            }
            fs.map { $0() }
            """#, "[5, 207]"),
        .value("closures: while loop bodies bind fresh variables", #"""
            var fs: [() -> Int] = []
            var i = 0
            while i < 3 {
                let j = i * i
                fs.append { j }
                i += 1
            }
            fs.map { $0() }
            """#, "[0, 1, 4]"),
        .value("closures: repeat loop bodies bind fresh variables", #"""
            var fs: [() -> Int] = []
            var i = 0
            repeat {
                let j = i + 1
                fs.append { j }
                i += 1
            } while i < 3
            fs.map { $0() }
            """#, "[1, 2, 3]"),
        .value("closures: loop in a function with break, continue and return", #"""
            func collect(_ limit: Int) -> [() -> Int] {
                var out: [() -> Int] = []
                outer: for a in 0..<10 {
                    if a == 1 { continue }
                    for b in 0..<10 {
                        if b > 1 { continue outer }
                        if a > limit { return out }
                        out.append { a * 10 + b }
                    }
                }
                return out
            }
            collect(3).map { $0() }
            """#, "[0, 1, 20, 21, 30, 31]"),
        .value("closures: nested function in a loop captures its iteration", #"""
            var fs: [() -> Int] = []
            for k in 1...3 {
                func triple() -> Int { k * 3 }
                fs.append(triple)
            }
            fs.map { $0() }
            """#, "[3, 6, 9]"),
        .value("closures: a loop in a mutating method still writes self", #"""
            struct Acc {
                var items: [Int] = []
                var hooks = 0
                mutating func fill(_ n: Int) {
                    for i in 0..<n {
                        items.append(i)
                        let show = { i }
                        hooks += show()
                    }
                }
            }
            var a = Acc()
            a.fill(4)
            [a.items.count, a.hooks]
            """#, "[4, 6]"),
        .value("closures: reduce(into:) counts with a dictionary accumulator", #"""
            let words = ["pcm", "reram", "pcm", "ecram", "pcm"]
            let counts = words.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            counts.keys.sorted().map { "\($0)=\(counts[$0]!)" }
            """#, #"["ecram=1", "pcm=3", "reram=1"]"#),
        .value("closures: reduce(into:) appends to an array accumulator", #"""
            (1...5).reduce(into: [Int]()) { acc, x in
                if x % 2 == 1 { acc.append(x * x) }
            }
            """#, "[1, 9, 25]"),
        .value("closures: reduce(into:) with a trailing closure and a named accumulator", #"""
            let total = [1.5, 2.5].reduce(into: 0.0) { (sum: inout Double, x: Double) in sum += x }
            total
            """#, "4.0"),
        .error("closures: a closure parameter elsewhere stays a let", "let f = { (x: Int) -> Int in\n    x += 1\n    return x\n}",
               "'x' is a 'let' constant"),
    ]
}
