/// Literals and arithmetic: Int, Double, overflow, division by zero, literal promotion, conversions.
extension CellCorpus {
    static let literals: [CellCase] = [
        // Int arithmetic
        .value("literals: int addition", "1 + 2", "3"),
        .value("literals: multiplication binds tighter than addition", "2 + 3 * 4", "14"),
        .value("literals: parentheses group", "(2 + 3) * 4", "20"),
        .value("literals: negative literal in expression", "-3 + 5", "2"),
        .value("literals: unary minus on a variable", "let a = 4\n-a", "-4"),
        .value("literals: integer division truncates", "7 / 2", "3"),
        .value("literals: integer division of a negative truncates toward zero", "-7 / 2", "-3"),
        .value("literals: left-to-right division then multiplication", "10 / 3 * 3", "9"),
        .value("literals: remainder", "7 % 3", "1"),
        .value("literals: remainder of a negative keeps the sign", "-7 % 3", "-1"),
        .value("literals: underscores and hex in integer literals", "1_000 + 0xFF", "1255"),
        .value("literals: Int.max", "Int.max", "9223372036854775807"),
        .value("literals: Int.min", "Int.min", "-9223372036854775808"),
        .value("literals: compound assignment chain", #"""
            var x = 10
            x += 5
            x -= 3
            x *= 2
            x /= 4
            x %= 4
            x
            """#, "2"),

        // Overflow and wrapping
        .error("literals: Int.max + 1 overflows", "Int.max + 1", "arithmetic overflow"),
        .error("literals: Int.min - 1 overflows", "let m = Int.min\nm - 1", "arithmetic overflow"),
        .error("literals: multiplication overflows", "let big = Int.max / 2\nbig * 3", "arithmetic overflow"),
        .value("literals: wrapping add", "Int.max &+ 1", "-9223372036854775808"),
        .value("literals: wrapping subtract", "Int.min &- 1", "9223372036854775807"),
        .value("literals: wrapping multiply", "Int.max &* 2", "-2"),

        // Division by zero
        .error("literals: integer division by a zero variable", "let z = 0\n10 / z", "division by zero"),
        .error("literals: remainder by a zero variable", "let z = 0\n10 % z", "division by zero"),
        .error("literals: integer division by literal zero", "10 / 0", "division by zero"),
        .value("literals: double division by zero is inf", "1.0 / 0.0", "inf"),
        .value("literals: negative double division by zero is -inf", "-1.0 / 0.0", "-inf"),

        // Doubles and their shortest form
        .value("literals: double multiplication", "2.5 * 2.0", "5.0"),
        .value("literals: double shortest form of 0.1 + 0.2", "0.1 + 0.2", "0.30000000000000004"),
        .value("literals: whole double shows .0", "3.0", "3.0"),
        .value("literals: small double uses exponent form", "0.00001", "1e-05"),
        .value("literals: large double uses exponent form", "1e16", "1e+16"),
        .value("literals: one third", "1.0 / 3.0", "0.3333333333333333"),
        .value("literals: double compound division with int literal", "var d = 1.0\nd /= 4\nd", "0.25"),

        // Literal promotion
        .value("literals: int literal plus double literal", "1 + 2.5", "3.5"),
        .value("literals: int literal divided by double literal", "10 / 4.0", "2.5"),
        .value("literals: annotated Double let from int literal", "let x: Double = 1\nx", "1.0"),
        .value("literals: mixed array literal becomes doubles", "[1, 2.5]", "[1.0, 2.5]"),
        .value("literals: int literal as Double", "3 as Double", "3.0"),
        .value("literals: double variable plus int literal", "let d = 2.5\nd + 1", "3.5"),
        .value("literals: int literal times double variable", "let d = 1.5\n2 * d", "3.0"),

        // Mixing an Int variable with a Double
        .error("literals: Int variable plus Double variable", "let i = 1\nlet d = 2.5\ni + d",
               "binary operator '+' cannot be applied to operands of type 'Int' and 'Double'"),
        .error("literals: Double variable plus Int variable", "let i = 1\nlet d = 2.5\nd + i",
               "binary operator '+' cannot be applied to operands of type 'Double' and 'Int'"),
        .error("literals: Int variable times Double literal", "let n = 3\nn * 1.5",
               "binary operator '*' cannot be applied to operands of type 'Int' and 'Double'"),

        // Conversions
        .value("literals: Double(int) makes the sum work", "let i = 1\nlet d = 2.5\nDouble(i) + d", "3.5"),
        .value("literals: Double(7) / 2", "Double(7) / 2", "3.5"),
        .value("literals: Int(double) truncates", "Int(3.9)", "3"),
        .value("literals: Int(negative double) truncates toward zero", "let d = -3.9\nInt(d)", "-3"),
        .value("literals: Int from a numeric string", #"Int("42")"#, "42"),
        .value("literals: Int from a non-numeric string is nil", #"Int("4x2")"#, "nil"),
        .value("literals: Int from string then force unwrapped", #"Int("42")! + 1"#, "43"),
        .value("literals: Double from a string", #"Double("2.5")"#, "2.5"),
        .value("literals: String(int) is a string", "String(42)", #""42""#),
        .value("literals: int description", "let n = 42\nn.description", #""42""#),
        .value("literals: double description", "let x = 2.5\nx.description", #""2.5""#),

        // Comparison and logic
        .value("literals: greater or equal", "3 >= 3", "true"),
        .value("literals: not equal", "1 != 2", "true"),
        .value("literals: boolean logic precedence", "true && !false || false", "true"),
        .value("literals: comparison chain with and", "1 < 2 && 2 < 1", "false"),
        // Literal arithmetic is typed as Swift types it: Double where a Double meets it.
        .value("literals: integer literal division next to a Double is Double division", "1 / 2 * 2.5", "1.25"),
        .value("literals: literal quotient times a Double variable", "let x = 3.0\n2 / 3 * x", "2.0"),
        .value("literals: Double annotation on a literal quotient", "let y: Double = 2 / 3\ny", "0.6666666666666666"),
        .value("literals: literal quotient alone stays Int", "7 / 2", "3"),
        .error("literals: Int variable quotient next to a Double", "let n = 3\nn / 2 * 2.5",
               "binary operator '*' cannot be applied to operands of type 'Int' and 'Double'"),
    ]
}
