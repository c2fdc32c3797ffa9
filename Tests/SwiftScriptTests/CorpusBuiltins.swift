/// Builtins: print forms, type(of:), String(format:), is/as, accepted imports and try, display.
extension CellCorpus {
    static let builtins: [CellCase] = [
        // print
        .output("builtins: print several values with spaces", #"print("a", 1, 2.5, true)"#, "a 1 2.5 true\n"),
        .output("builtins: print with no arguments", "print()", "\n"),
        .output("builtins: print with a separator", #"print(1, 2, 3, separator: ", ")"#, "1, 2, 3\n"),
        .output("builtins: print with an empty terminator", #"""
            print("x", terminator: "")
            print("y")
            """#, "xy\n"),
        .output("builtins: print with separator and terminator", #"print("a", "b", separator: "-", terminator: "!\n")"#, "a-b!\n"),
        .output("builtins: print a string unquoted", #"print("plain")"#, "plain\n"),
        .output("builtins: print a whole double", "print(3.0)", "3.0\n"),
        .output("builtins: print an empty array and dictionary", "print([Int](), [String: Int]())", "[] [:]\n"),
        .output("builtins: print a range", "print(0..<3, 1...2)", "0..<3 1...2\n"),
        .output("builtins: print to standardError leaves stdout alone", #"""
            print("oops", to: &standardError)
            print("out")
            """#, "out\n"),

        // type(of:)
        .value("builtins: type of an Int", "type(of: 1)", "Int"),
        .value("builtins: type of a Double", "type(of: 2.5)", "Double"),
        .value("builtins: type of a String", #"type(of: "s")"#, "String"),
        .value("builtins: type of a Bool", "type(of: true)", "Bool"),
        .value("builtins: type of an Int array", "type(of: [1])", "Array<Int>"),
        .value("builtins: type of a String array", #"type(of: ["a"])"#, "Array<String>"),
        .value("builtins: type of a struct value", "struct Point {\n    var x: Int\n}\ntype(of: Point(x: 1))", "Point"),
        .output("builtins: print a type", "print(type(of: 2.5))", "Double\n"),

        // String(format:)
        .value("builtins: format %.3f", #"String(format: "%.3f", 3.14159)"#, #""3.142""#),
        .value("builtins: format %d", #"String(format: "%d items", 5)"#, #""5 items""#),
        .value("builtins: format %i", #"String(format: "%i", -12)"#, #""-12""#),
        .value("builtins: format width for %d", #"String(format: "[%5d]", 42)"#, #""[   42]""#),
        .value("builtins: format width and precision for %f", #"String(format: "[%10.3f]", Double.pi)"#, #""[     3.142]""#),
        .value("builtins: format %e", #"String(format: "%e", 12345.678)"#, #""1.234568e+04""#),
        .value("builtins: format %.2e", #"String(format: "%.2e", 0.000123)"#, #""1.23e-04""#),
        .value("builtins: format %g small", #"String(format: "%g", 0.0001)"#, #""0.0001""#),
        .value("builtins: format %g large", #"String(format: "%g", 1234567.0)"#, #""1.23457e+06""#),
        .value("builtins: format %s", #"String(format: "%s is %d", "age", 3)"#, #""age is 3""#),
        .value("builtins: format %x", #"String(format: "%x", 255)"#, #""ff""#),
        .value("builtins: format %%", #"String(format: "%d%%", 50)"#, #""50%""#),

        // is / as
        .value("builtins: is", "let v = 3\nv is Int", "true"),
        .value("builtins: is false for another type", "let v = 3\nv is String", "false"),
        .value("builtins: as? to the wrong type is nil", "let v = 3\nv as? String", "nil"),
        .value("builtins: as? to the right type", "let v = 3\nv as? Int", "3"),
        .value("builtins: as! to the right type", "let v = 3\n(v as! Int) + 1", "4"),

        // Accepted statements
        .value("builtins: import Foundation is accepted", "import Foundation\n1 + 1", "2"),
        .value("builtins: import Crossbar is accepted", "import Crossbar\n2 + 2", "4"),
        .value("builtins: try is accepted", "let v = try max(1, 2)\nv", "2"),
        .output("builtins: display writes nothing to stdout", #"""
            display(HTML("<b>x</b>"))
            display(Markdown("*y*"))
            print("after")
            """#, "after\n"),
        .output("builtins: sleep returns", #"""
            sleep(0.01)
            print("woke")
            """#, "woke\n"),
        .output("builtins: debugPrint writes debug forms", #"debugPrint("a\tb", 3, [1.5], separator: "|")"#, "\"a\\tb\"|3|[1.5]\n"),
        .value("builtins: String(repeating:count: 0) is empty", #"String(repeating: "ab", count: 0)"#, #""""#),
    ]
}
