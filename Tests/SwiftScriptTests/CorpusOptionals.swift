/// Optionals: flat display, if let / guard let, ??, ?., !, == nil.
extension CellCorpus {
    static let optionals: [CellCase] = [
        .value("optionals: non-nil optional shows flat", "let x: Int? = 3\nx", "3"),
        .value("optionals: nil optional shows nil", "let x: Int? = nil\nx", "nil"),
        .value("optionals: optional string shows quoted", #"let s: String? = "hi""# + "\ns", #""hi""#),
        .value("optionals: var set back to nil", "var x: Int? = 1\nx = nil\nx", "nil"),
        .output("optionals: print is flat", #"""
            let some: Int? = 4
            let none: Int? = nil
            print(some, none)
            """#, "4 nil\n"),
        .value("optionals: array of optionals is flat", "let a: [Int?] = [1, nil, 3]\na", "[1, nil, 3]"),
        .value("optionals: compactMap on optionals", "let a: [Int?] = [1, nil, 3]\na.compactMap { $0 }", "[1, 3]"),
        .output("optionals: if let binds", #"""
            let d = ["a": 1]
            if let v = d["a"] {
                print("got", v)
            } else {
                print("none")
            }
            """#, "got 1\n"),
        .output("optionals: if let takes else on nil", #"""
            let d = ["a": 1]
            if let v = d["b"] {
                print("got", v)
            } else {
                print("none")
            }
            """#, "none\n"),
        .output("optionals: if let shorthand", #"""
            let name: String? = "Ann"
            if let name {
                print("hello", name)
            }
            """#, "hello Ann\n"),
        .output("optionals: if let with several bindings", #"""
            if let a = Int("1"), let b = Int("2") {
                print(a + b)
            }
            """#, "3\n"),
        .output("optionals: if let with a boolean condition", #"""
            if let a = Int("1"), a > 5 {
                print("big")
            } else {
                print("not big")
            }
            """#, "not big\n"),
        .value("optionals: guard let in a function", #"""
            func parse(_ s: String) -> Int {
                guard let n = Int(s) else { return -1 }
                return n * 2
            }
            [parse("21"), parse("x")]
            """#, "[42, -1]"),
        .value("optionals: nil coalescing on nil", "let x: Int? = nil\nx ?? 5", "5"),
        .value("optionals: nil coalescing on a value", "let x: Int? = 2\nx ?? 5", "2"),
        .value("optionals: nil coalescing after failed conversion", #"Int("x") ?? -1"#, "-1"),
        .value("optionals: optional chaining on a value", #"let s: String? = "abc""# + "\ns?.count", "3"),
        .value("optionals: optional chaining on nil", "let s: String? = nil\ns?.count", "nil"),
        .value("optionals: force unwrap", "let x: Int? = 4\nx! + 1", "5"),
        .error("optionals: force unwrap of nil", #"let d = ["a": 1]"# + "\n" + #"d["b"]!"#,
               "unexpectedly found nil while unwrapping an Optional value"),
        .error("optionals: force unwrap of a failed conversion", #"Int("x")!"#,
               "unexpectedly found nil while unwrapping an Optional value"),
        .value("optionals: equals nil", #"let d = ["a": 1]"# + "\n" + #"d["z"] == nil"#, "true"),
        .value("optionals: not equals nil", #"let d = ["a": 1]"# + "\n" + #"d["a"] != nil"#, "true"),
        .value("optionals: optional compared with a value", #"let d = ["a": 1]"# + "\n" + #"d["a"] == 1"#, "true"),
        .value("optionals: function returning nil", #"""
            func find(_ x: Int, in xs: [Int]) -> Int? {
                for (i, v) in xs.enumerated() where v == x {
                    return i
                }
                return nil
            }
            [find(3, in: [1, 3]), find(9, in: [1, 3])]
            """#, "[1, nil]"),
    ]
}
