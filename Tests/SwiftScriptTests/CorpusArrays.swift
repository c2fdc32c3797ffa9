/// Arrays: literals, initialisers, subscripts, members, operators, value semantics and errors.
extension CellCorpus {
    static let arrays: [CellCase] = [
        // Literals and initialisers
        .value("arrays: int literal", "[1, 2, 3]", "[1, 2, 3]"),
        .value("arrays: string literal keeps quotes", #"["a", "b"]"#, #"["a", "b"]"#),
        .value("arrays: empty typed initialiser", "[Int]()", "[]"),
        .value("arrays: empty annotated literal count", "let e: [String] = []\ne.count", "0"),
        .value("arrays: nested literal", "[[1, 2], [3]]", "[[1, 2], [3]]"),
        .value("arrays: double elements", "[1.5, 2.0]", "[1.5, 2.0]"),
        .value("arrays: repeating initialiser", "Array(repeating: 0, count: 3)", "[0, 0, 0]"),
        .value("arrays: repeating strings", #"Array(repeating: "x", count: 2)"#, #"["x", "x"]"#),
        .value("arrays: from a half-open range", "Array(0..<5)", "[0, 1, 2, 3, 4]"),
        .value("arrays: from a closed range", "Array(1...3)", "[1, 2, 3]"),

        // Subscripts
        .value("arrays: int subscript", "let a = [10, 20, 30]\na[1]", "20"),
        .value("arrays: half-open range subscript gives an array", "let a = [10, 20, 30, 40]\na[1..<3]", "[20, 30]"),
        .value("arrays: closed range subscript", "let a = [10, 20, 30, 40]\na[1...2]", "[20, 30]"),
        .value("arrays: a range subscript is a new array indexed from 0", "let s = [10, 20, 30, 40][1..<3]\ns[0]", "20"),
        .value("arrays: subscript assignment", "var a = [1, 2, 3]\na[0] = 9\na", "[9, 2, 3]"),
        .value("arrays: compound assignment into an element", "var a = [1, 2, 3]\na[1] *= 10\na", "[1, 20, 3]"),
        .value("arrays: nested subscript assignment copies rows", #"""
            var grid = Array(repeating: Array(repeating: 0, count: 2), count: 2)
            grid[1][0] = 5
            grid
            """#, "[[0, 0], [5, 0]]"),
        .error("arrays: read past the end", "let a = [1, 2, 3]\na[5]", "index 5 is out of range for array of count 3"),
        .error("arrays: write past the end", "var a = [1, 2, 3]\na[3] = 0", "index 3 is out of range for array of count 3"),

        // Properties
        .value("arrays: count", "[4, 5, 6].count", "3"),
        .value("arrays: isEmpty on empty", "[Int]().isEmpty", "true"),
        .value("arrays: first", "[4, 5, 6].first", "4"),
        .value("arrays: last", "[4, 5, 6].last", "6"),
        .value("arrays: first of empty is nil", "let e: [Int] = []\ne.first", "nil"),

        // Mutation
        .value("arrays: append", "var a = [1]\na.append(2)\na", "[1, 2]"),
        .value("arrays: append contentsOf", "var a = [1]\na.append(contentsOf: [2, 3])\na", "[1, 2, 3]"),
        .value("arrays: insert at", "var a = [1, 3]\na.insert(2, at: 1)\na", "[1, 2, 3]"),
        .value("arrays: remove at returns the element", "var a = [1, 2, 3]\na.remove(at: 1)", "2"),
        .output("arrays: remove at shifts the rest", "var a = [1, 2, 3]\na.remove(at: 0)\nprint(a)", "[2, 3]\n"),
        .output("arrays: removeFirst and removeLast", #"""
            var a = [1, 2, 3, 4]
            let f = a.removeFirst()
            let l = a.removeLast()
            print(f, l, a)
            """#, "1 4 [2, 3]\n"),
        .value("arrays: removeAll empties", "var a = [1, 2]\na.removeAll()\na.isEmpty", "true"),
        .value("arrays: popLast returns the last element", "var a = [1, 2]\na.popLast()", "2"),
        .value("arrays: popLast on empty is nil", "var e = [Int]()\ne.popLast()", "nil"),
        .error("arrays: removeLast on empty", "var e = [Int]()\ne.removeLast()",
               "can't remove last element from an empty collection"),
        .value("arrays: swapAt", "var a = [1, 2, 3]\na.swapAt(0, 2)\na", "[3, 2, 1]"),
        .value("arrays: reverse in place", "var a = [1, 2, 3]\na.reverse()\na", "[3, 2, 1]"),
        .value("arrays: sort in place", "var a = [3, 1, 2]\na.sort()\na", "[1, 2, 3]"),
        .value("arrays: sort by in place", "var a = [3, 1, 2]\na.sort(by: >)\na", "[3, 2, 1]"),

        // Queries
        .value("arrays: contains", "[1, 2, 3].contains(2)", "true"),
        .value("arrays: contains where", "[1, 2, 3].contains(where: { $0 > 2 })", "true"),
        .value("arrays: firstIndex of", #"["a", "b", "c"].firstIndex(of: "b")"#, "1"),
        .value("arrays: firstIndex of a missing element is nil", #"["a", "b"].firstIndex(of: "z")"#, "nil"),
        .value("arrays: firstIndex where", "[5, 8, 11].firstIndex(where: { $0 > 6 })", "1"),
        .value("arrays: first where", "[1, 4, 6].first(where: { $0 > 3 })", "4"),
        .value("arrays: last where", "[1, 2, 3, 4].last(where: { $0 % 2 == 1 })", "3"),
        .value("arrays: min", "[3, 1, 2].min()", "1"),
        .value("arrays: max", "[3, 1, 2].max()", "3"),
        .value("arrays: max of empty is nil", "[Int]().max()", "nil"),
        .value("arrays: allSatisfy", "[2, 4, 6].allSatisfy { $0 % 2 == 0 }", "true"),
        .value("arrays: count where", "[1, 2, 3, 4].count(where: { $0 > 2 })", "2"),

        // Transformations
        .value("arrays: sorted", "[3, 1, 2].sorted()", "[1, 2, 3]"),
        .value("arrays: sorted strings", #"["b", "c", "a"].sorted()"#, #"["a", "b", "c"]"#),
        .value("arrays: reversed", "[1, 2, 3].reversed()", "[3, 2, 1]"),
        .value("arrays: prefix", "[1, 2, 3, 4].prefix(2)", "[1, 2]"),
        .value("arrays: suffix", "[1, 2, 3, 4].suffix(2)", "[3, 4]"),
        .value("arrays: dropFirst", "[1, 2, 3, 4].dropFirst()", "[2, 3, 4]"),
        .value("arrays: dropLast", "[1, 2, 3, 4].dropLast()", "[1, 2, 3]"),
        .value("arrays: joined", #"["a", "b", "c"].joined(separator: "-")"#, #""a-b-c""#),
        .value("arrays: compactMap drops nils", #"["1", "x", "3"].compactMap { Int($0) }"#, "[1, 3]"),
        .value("arrays: flatMap flattens", "[[1, 2], [3]].flatMap { $0 }", "[1, 2, 3]"),
        .value("arrays: map to doubles", "[1, 2, 3].map { Double($0) / 2 }", "[0.5, 1.0, 1.5]"),
        .output("arrays: forEach", "[1, 2].forEach { print($0) }", "1\n2\n"),
        .output("arrays: indices", #"""
            let a = ["x", "y", "z"]
            for i in a.indices {
                print(i, a[i])
            }
            """#, "0 x\n1 y\n2 z\n"),
        .output("arrays: enumerated", #"""
            for (i, x) in ["a", "b"].enumerated() {
                print(i, x)
            }
            """#, "0 a\n1 b\n"),

        // Operators and value semantics
        .value("arrays: plus concatenates", "[1, 2] + [3]", "[1, 2, 3]"),
        .value("arrays: plus-equals appends", "var a = [1]\na += [2, 3]\na", "[1, 2, 3]"),
        .value("arrays: equality", "[1, 2] == [1, 2]", "true"),
        .value("arrays: inequality by order", "[1, 2] == [2, 1]", "false"),
        .value("arrays: value semantics on assignment", "var a = [1]\nvar b = a\nb.append(2)\na", "[1]"),
        .value("arrays: counts of a copy and the original", "let a = [1, 2, 3, 4]\nvar b = a\nb.append(9)\n(a.count, b.count)", "(4, 5)"),
        .output("arrays: printed array keeps string quotes", #"print(["a", "b"])"#, "[\"a\", \"b\"]\n"),
            // Receivers and their subscript keys are evaluated once per call.
        CellCase("arrays: a subscript key of a mutated receiver runs once",
                 cells: ["var n = 0\nfunc next() -> Int { n += 1; return 0 }\nvar xs = [[1], [2]]\nxs[next()].append(5)\nprint(n, xs)"],
                 stdout: "1 [[1, 5], [2]]\n", expect: .succeeds),
        CellCase("arrays: a call as receiver runs once",
                 cells: ["func arr() -> [Int] { print(\"made\"); return [3, 1, 2] }\nprint(arr().sorted())"],
                 stdout: "made\n[1, 2, 3]\n", expect: .succeeds),
    ]
}
