/// let/var and state across cells: re-binding, persistence of values, functions and structs,
/// uninitialised variables, redeclaration, and what a failing cell leaves behind.
extension CellCorpus {
    static let state: [CellCase] = [
        CellCase("state: re-running let re-binds", cells: ["let x = 1", "let x = 2\nx"], expect: .result("2")),
        CellCase("state: re-binding let with another type", cells: ["let x = 1", #"let x = "one""#, "x"],
                 expect: .result(#""one""#)),
        CellCase("state: var mutated across cells", cells: ["var n = 0", "n += 1", "n += 1", "n"],
                 expect: .result("2")),
        CellCase("state: re-declaring var in a later cell resets it", cells: ["var c = 5\nc += 1", "var c = 0", "c"],
                 expect: .result("0")),
        CellCase("state: annotated Double persists", cells: ["let x: Double = 1", "x / 2"], expect: .result("0.5")),
        CellCase("state: array mutated across cells",
                 cells: ["var xs: [Int] = []", "xs.append(1)", "xs.append(contentsOf: [2, 3])\nxs"],
                 expect: .result("[1, 2, 3]")),
        CellCase("state: dictionary mutated across cells",
                 cells: [#"var d = ["a": 1]"#, #"d["b"] = 2"#, "d"],
                 expect: .result(#"["a": 1, "b": 2]"#)),
        CellCase("state: function defined in an earlier cell", cells: [
            "func square(_ x: Int) -> Int {\n    x * x\n}",
            "square(7)",
        ], expect: .result("49")),
        CellCase("state: redefining a function replaces it", cells: [
            "func f() -> Int { 1 }",
            "func f() -> Int { 2 }",
            "f()",
        ], expect: .result("2")),
        CellCase("state: function reads a global from an earlier cell", cells: [
            "let rate = 3",
            "func scaled(_ x: Int) -> Int { x * rate }\nscaled(4)",
        ], expect: .result("12")),
        CellCase("state: function sees a global changed later", cells: [
            "var factor = 2\nfunc f(_ x: Int) -> Int { x * factor }",
            "factor = 10",
            "f(3)",
        ], expect: .result("30")),
        CellCase("state: struct defined in an earlier cell", cells: [
            "struct Point {\n    var x: Int\n    var y: Int\n}",
            "let p = Point(x: 1, y: 2)\np.x + p.y",
        ], expect: .result("3")),
        CellCase("state: struct value mutated over several cells", cells: [
            #"""
            struct Counter {
                var count = 0
                mutating func tick() { count += 1 }
            }
            """#,
            "var c = Counter()",
            "c.tick()\nc.tick()",
            "c",
        ], expect: .result("Counter(count: 2)")),
        CellCase("state: redefining a struct replaces it", cells: [
            "struct S { var a: Int }",
            "struct S {\n    var a: Int\n    var b = 1\n}\nS(a: 0)",
        ], expect: .result("S(a: 0, b: 1)")),
        CellCase("state: closure captures a variable from an earlier cell", cells: [
            "var hits = 0\nlet hit = { hits += 1 }",
            "hit()\nhit()",
            "hits",
        ], expect: .result("2")),
        CellCase("state: stdout accumulates over cells", cells: [#"print("a")"#, #"print("b")"# + "\n1"],
                 stdout: "a\nb\n", expect: .result("1")),
        .value("state: declared var assigned later in the same cell", "var x: Int\nx = 5\nx", "5"),
        CellCase("state: declared var assigned in a later cell", cells: ["var x: Int", "x = 3", "x * 2"],
                 expect: .result("6")),
        .error("state: reading an unassigned var", "var x: Int\nprint(x)", "variable 'x' used before being initialized"),
        CellCase("state: reading an unassigned var from an earlier cell", cells: ["var total: Int", "total + 1"],
                 expect: .error("variable 'total' used before being initialized")),
        .error("state: let declared twice in one cell", "let x = 1\nlet x = 2", "invalid redeclaration of 'x'"),
        .error("state: var declared twice in one cell", "var y = 1\nvar y = 2", "invalid redeclaration of 'y'"),
        .error("state: assigning to a let", "let x = 1\nx = 2", "'x' is a 'let' constant"),
        CellCase("state: assigning to a let from an earlier cell", cells: ["let k = 1", "k = 2"],
                 expect: .error("'k' is a 'let' constant")),
        CellCase("state: shadowing in a nested scope is allowed", cells: [#"""
            let x = 1
            if true {
                let x = 2
                print(x)
            }
            x
            """#], stdout: "2\n", expect: .result("1")),
        CellCase("state: a block's bindings do not leak", cells: ["if true {\n    let inner = 1\n    print(inner)\n}\ninner"],
                 expect: .error("cannot find 'inner' in scope"), at: (5, 1)),
        CellCase("state: a function's locals do not leak", cells: [
            "func f() -> Int {\n    let local = 5\n    return local\n}",
            "f() + local",
        ], expect: .error("cannot find 'local' in scope"), at: (1, 7)),
        CellCase("state: a runtime error keeps the output printed before it", cells: [
            "var log: [String] = []",
            #"""
            log.append("a")
            print(log)
            let bad = [1, 2, 3][5]
            print("unreachable")
            """#,
        ], stdout: "[\"a\"]\n", expect: .error("index 5 is out of range for array of count 3")),
        CellCase("state: a runtime error in a function keeps earlier output", cells: [
            "func boom(_ n: Int) -> Int {\n    print(\"start\", n)\n    return n / (n - n)\n}",
            "print(\"before\")\nboom(3)",
        ], stdout: "before\nstart 3\n", expect: .error("division by zero")),
        CellCase("state: a compile error runs nothing", cells: ["print(\"before\")\nundefinedThing"],
                 stdout: "", expect: .error("cannot find 'undefinedThing' in scope"), at: (2, 1)),
    ]

    /// Cases whose middle cell fails on purpose; see `CellCorpus.acrossFailedCells`.
    static let afterFailedCell: [CellCase] = [
        CellCase("after failure: bindings from before the failing cell survive", cells: [
            "let a = 1",
            "let b = 2\nlet c = [1, 2, 3][5]",
            "a + b",
        ], expect: .result("3")),
        CellCase("after failure: bindings made before the error in the failing cell survive", cells: [
            "let before = 1\nlet z = 0\nlet boom = 1 / z\nlet after = 2",
            "before",
        ], expect: .result("1")),
        CellCase("after failure: bindings after the error are not made", cells: [
            "let before = 1\nlet z = 0\nlet boom = 1 / z\nlet after = 2",
            "after",
        ], expect: .error("cannot find 'after' in scope"), at: (1, 1)),
        CellCase("after failure: mutations before the error stay", cells: [
            "var n = 10",
            "n += 5\nlet z = 0\nn = n / z",
            "n",
        ], expect: .result("15")),
        CellCase("after failure: array mutations before the error stay", cells: [
            "var xs = [1]",
            "xs.append(2)\nxs.removeLast()\nxs.removeLast()\nxs.removeLast()",
            "xs",
        ], expect: .result("[]")),
        CellCase("after failure: a compile error changes nothing", cells: [
            "var n = 1",
            "n = 100\nundefinedName",
            "n",
        ], expect: .result("1")),
        CellCase("after failure: functions from earlier cells still work", cells: [
            "func f() -> Int { 7 }",
            "f() + undefinedName",
            "f()",
        ], expect: .result("7")),
    ]
}
