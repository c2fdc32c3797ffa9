/// Tuples: literals, element access, labels, destructuring.
extension CellCorpus {
    static let tuples: [CellCase] = [
        .value("tuples: literal", #"(1, "a")"#, #"(1, "a")"#),
        .value("tuples: labelled literal", "(x: 1, y: 2)", "(x: 1, y: 2)"),
        .value("tuples: positional access", #"let t = (1, "a")"# + "\nt.0", "1"),
        .value("tuples: second positional element", #"let t = (1, "a")"# + "\nt.1", #""a""#),
        .value("tuples: labelled access", "let p = (x: 3, y: 4)\np.x * p.y", "12"),
        .value("tuples: labelled tuple still has positions", "let p = (x: 3, y: 4)\np.1", "4"),
        .value("tuples: destructuring let", "let (a, b) = (1, 2)\na + b", "3"),
        .value("tuples: destructuring with a wildcard", "let (first, _) = (5, 6)\nfirst", "5"),
        .value("tuples: returned from a function", #"""
            func minMax(_ xs: [Int]) -> (min: Int, max: Int) {
                return (min: xs.min()!, max: xs.max()!)
            }
            let r = minMax([3, 9, 1])
            r.max - r.min
            """#, "8"),
        .output("tuples: print keeps string quotes inside", #"print((1, "a"))"#, "(1, \"a\")\n"),
        .output("tuples: for over an array of tuples", #"""
            for (name, age) in [("ann", 31), ("bob", 42)] {
                print(name, age)
            }
            """#, "ann 31\nbob 42\n"),
        .value("tuples: array of tuples", #"[(1, "a"), (2, "b")]"#, #"[(1, "a"), (2, "b")]"#),
        .output("tuples: labels come from a function's return type", #"""
            func bounds() -> (lo: Int, hi: Int) { return (1, 2) }
            print(bounds())
            print(bounds().hi)
            """#, "(lo: 1, hi: 2)\n2\n"),
        .value("tuples: labels come from a type annotation", "let t: (x: Int, y: Double) = (1, 2)\n[t.y, Double(t.x)]", "[2.0, 1.0]"),
        .value("tuples: an annotation shows its labels in errors", "let t: (x: Int, y: Int) = (1, 2)\nt", "(x: 1, y: 2)"),
    ]
}
