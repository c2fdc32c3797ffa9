/// Ranges, stride, zip and enumerated.
extension CellCorpus {
    static let ranges: [CellCase] = [
        .value("ranges: half-open range result", "0..<5", "0..<5"),
        .value("ranges: closed range result", "1...3", "1...3"),
        .value("ranges: half-open count", "(0..<5).count", "5"),
        .value("ranges: closed count", "(1...3).count", "3"),
        .value("ranges: contains inside", "(0..<5).contains(4)", "true"),
        .value("ranges: half-open excludes the upper bound", "(0..<5).contains(5)", "false"),
        .value("ranges: closed includes the upper bound", "(1...3).contains(3)", "true"),
        .value("ranges: bounds", "let r = 2..<7\nr.lowerBound + r.upperBound", "9"),
        .value("ranges: range in a variable", "let lo = 2\nlet hi = 4\nArray(lo...hi)", "[2, 3, 4]"),
        .value("ranges: map", "(1...4).map { $0 * 2 }", "[2, 4, 6, 8]"),
        .value("ranges: filter", "(1...10).filter { $0 % 3 == 0 }", "[3, 6, 9]"),
        .value("ranges: reduce", "(1...5).reduce(0, +)", "15"),
        .output("ranges: reversed", #"""
            for i in (1...3).reversed() {
                print(i)
            }
            """#, "3\n2\n1\n"),
        .output("ranges: empty range runs no iterations", #"""
            for i in 0..<0 {
                print(i)
            }
            print("done")
            """#, "done\n"),
        .output("ranges: stride to excludes the end", #"""
            for i in stride(from: 0, to: 10, by: 3) {
                print(i)
            }
            """#, "0\n3\n6\n9\n"),
        .output("ranges: stride through includes the end going down", #"""
            for i in stride(from: 10, through: 0, by: -5) {
                print(i)
            }
            """#, "10\n5\n0\n"),
        .output("ranges: stride over doubles", #"""
            for x in stride(from: 0.0, through: 1.0, by: 0.25) {
                print(x)
            }
            """#, "0.0\n0.25\n0.5\n0.75\n1.0\n"),
        .value("ranges: zip is an array of tuples", #"zip([1, 2, 3], ["a", "b"])"#, #"[(1, "a"), (2, "b")]"#),
        .output("ranges: for over zip", #"""
            for (n, s) in zip([1, 2], ["x", "y"]) {
                print(n, s)
            }
            """#, "1 x\n2 y\n"),
        .output("ranges: enumerated elements have offset and element", #"""
            for e in ["p", "q"].enumerated() {
                print(e.offset, e.element)
            }
            """#, "0 p\n1 q\n"),
    ]
}
