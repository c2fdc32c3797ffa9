/// Math functions and seeded randomness. Random cases only assert what holds for ANY seed.
extension CellCorpus {
    static let math: [CellCase] = [
        .value("math: sqrt", "sqrt(16.0)", "4.0"),
        .value("math: sqrt of two", "sqrt(2.0)", "1.4142135623730951"),
        .value("math: sqrt of an int literal is a Double", "sqrt(16)", "4.0"),
        .value("math: pow", "pow(2.0, 10.0)", "1024.0"),
        .value("math: exp of zero", "exp(0.0)", "1.0"),
        .value("math: exp of one", "exp(1.0)", "2.718281828459045"),
        .value("math: log of one", "log(1.0)", "0.0"),
        .value("math: log2", "log2(8.0)", "3.0"),
        .value("math: log10", "log10(1000.0)", "3.0"),
        .value("math: trig at zero", "[sin(0.0), cos(0.0), tan(0.0), tanh(0.0)]", "[0.0, 1.0, 0.0, 0.0]"),
        .value("math: asin of one", "asin(1.0)", "1.5707963267948966"),
        .value("math: acos of one", "acos(1.0)", "0.0"),
        .value("math: atan of one times four", "atan(1.0) * 4", "3.141592653589793"),
        .value("math: atan2", "atan2(0.0, -1.0)", "3.141592653589793"),
        .value("math: pi", "Double.pi", "3.141592653589793"),
        .value("math: abs of a double", "abs(-2.5)", "2.5"),
        .value("math: abs of an int", "abs(-3)", "3"),
        .value("math: floor", "floor(2.7)", "2.0"),
        .value("math: ceil", "ceil(2.1)", "3.0"),
        .value("math: round half away from zero", "[round(2.5), round(-2.5), round(2.4)]", "[3.0, -3.0, 2.0]"),
        .value("math: rounded method", "let x = 2.5\nx.rounded()", "3.0"),
        .value("math: squareRoot method", "let x = 16.0\nx.squareRoot()", "4.0"),
        .value("math: variadic max of ints", "max(3, 7, 5)", "7"),
        .value("math: variadic min of doubles", "min(2.5, 1.5, 3.0)", "1.5"),
        .value("math: two-argument min", "min(4, 2)", "2"),
        .value("math: infinity", "Double.infinity", "inf"),
        .value("math: negative infinity", "-Double.infinity", "-inf"),
        .value("math: infinity is larger than any double", "Double.infinity > 1e308", "true"),
        .value("math: nan isNaN", "Double.nan.isNaN", "true"),
        .value("math: zero over zero is nan", "let z = 0.0\n(z / z).isNaN", "true"),
        .value("math: nan is not equal to itself", "let n = Double.nan\nn == n", "false"),
        .value("math: isMultiple of true", "12.isMultiple(of: 4)", "true"),
        .value("math: isMultiple of false", "let n = 7\nn.isMultiple(of: 2)", "false"),

        // Random: only seed-independent facts
        .value("random: Int.random stays in a closed range", #"""
            (0..<200).allSatisfy { _ in
                let r = Int.random(in: 1...6)
                return r >= 1 && r <= 6
            }
            """#, "true"),
        .value("random: Int.random stays in a half-open range", "(0..<200).allSatisfy { _ in (0..<3).contains(Int.random(in: 0..<3)) }", "true"),
        .value("random: Int.random in a one-value range", "Int.random(in: 5...5)", "5"),
        .value("random: Double.random stays in [0, 1)", #"""
            (0..<200).allSatisfy { _ in
                let x = Double.random(in: 0..<1)
                return x >= 0 && x < 1
            }
            """#, "true"),
        .value("random: Double.random in a closed range", "let x = Double.random(in: 1.0...2.0)\nx >= 1.0 && x <= 2.0", "true"),
        .value("random: Bool.random is a Bool", "let b = Bool.random()\nb == true || b == false", "true"),
        .value("random: randomElement comes from the array", "let a = [3, 5, 7]\na.contains(a.randomElement()!)", "true"),
        .value("random: randomElement of an empty array is nil", "[Int]().randomElement()", "nil"),
        .value("random: shuffled is a permutation", "Array(1...10).shuffled().sorted()", "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]"),
        .value("random: same seed gives the same Int", #"""
            seed(7)
            let a = Int.random(in: 0...1000)
            seed(7)
            let b = Int.random(in: 0...1000)
            a == b
            """#, "true"),
        .value("random: same seed gives the same shuffle", #"""
            seed(5)
            let a = Array(1...20).shuffled()
            seed(5)
            let b = Array(1...20).shuffled()
            a == b
            """#, "true"),
        CellCase("random: same seed gives the same sequence across cells", cells: [
            "seed(3)\nlet a = (0..<5).map { _ in Int.random(in: 0...100) }",
            "seed(3)\nlet b = (0..<5).map { _ in Int.random(in: 0...100) }\na == b",
        ], expect: .result("true")),
        .value("random: generator starts seeded with 0", #"""
            let first = (0..<5).map { _ in Double.random(in: 0..<1) }
            seed(0)
            let again = (0..<5).map { _ in Double.random(in: 0..<1) }
            first == again
            """#, "true"),
    ]
}
