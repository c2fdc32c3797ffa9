/// Control flow: if / guard / switch with every pattern form / for-where / while / repeat /
/// break / continue / labelled loops / ternary.
extension CellCorpus {
    static let controlFlow: [CellCase] = [
        // if
        .value("control: if else-if else", #"""
            func sign(_ x: Int) -> String {
                if x > 0 {
                    return "positive"
                } else if x < 0 {
                    return "negative"
                } else {
                    return "zero"
                }
            }
            [sign(5), sign(-2), sign(0)]
            """#, #"["positive", "negative", "zero"]"#),
        .output("control: if with comma-joined conditions", #"""
            let a = 5
            if a > 0, a < 10 {
                print("digit")
            }
            if a > 0, a > 10 {
                print("wrong")
            }
            """#, "digit\n"),
        .value("control: ternary", #"let x = 7"# + "\n" + #"x % 2 == 0 ? "even" : "odd""#, #""odd""#),
        .value("control: nested ternary", #"let x = 0"# + "\n" + #"x > 0 ? 1 : x < 0 ? -1 : 0"#, "0"),

        // guard
        .output("control: guard returns early", #"""
            func half(_ x: Int) -> Int? {
                guard x % 2 == 0 else { return nil }
                return x / 2
            }
            print(half(10), half(3))
            """#, "5 nil\n"),
        .output("control: guard in a loop with continue", #"""
            for x in [1, -2, 3] {
                guard x > 0 else { continue }
                print(x)
            }
            """#, "1\n3\n"),

        // switch
        .value("control: switch on Int with single and multiple values", #"""
            func name(_ n: Int) -> String {
                switch n {
                case 1:
                    return "one"
                case 2, 3:
                    return "two or three"
                default:
                    return "many"
                }
            }
            [name(1), name(3), name(9)]
            """#, #"["one", "two or three", "many"]"#),
        .value("control: switch on ranges", #"""
            func grade(_ score: Int) -> String {
                switch score {
                case 90...100:
                    return "A"
                case 80..<90:
                    return "B"
                default:
                    return "C"
                }
            }
            [grade(95), grade(80), grade(89), grade(20)]
            """#, #"["A", "B", "B", "C"]"#),
        .output("control: switch with let and where", #"""
            for n in [7, 2] {
                switch n {
                case let x where x > 5:
                    print("big", x)
                default:
                    print("small", n)
                }
            }
            """#, "big 7\nsmall 2\n"),
        .output("control: switch on tuples with bindings and wildcards", #"""
            func classify(_ p: (Int, Int)) -> String {
                switch p {
                case (0, 0):
                    return "origin"
                case (0, let y):
                    return "y-axis \(y)"
                case (let x, 0):
                    return "x-axis \(x)"
                case (_, _):
                    return "other"
                }
            }
            print(classify((0, 0)), classify((0, 5)), classify((3, 0)), classify((1, 1)), separator: "; ")
            """#, "origin; y-axis 5; x-axis 3; other\n"),
        .value("control: switch on String", #"""
            func kind(_ c: String) -> String {
                switch c {
                case "a", "e", "i", "o", "u":
                    return "vowel"
                default:
                    return "consonant"
                }
            }
            Array("hello").map { kind($0) }
            """#, #"["consonant", "vowel", "consonant", "consonant", "vowel"]"#),
        .output("control: switch on Bool without default", #"""
            let flag = false
            switch flag {
            case true:
                print("on")
            case false:
                print("off")
            }
            """#, "off\n"),
        .output("control: switch on Double ranges", #"""
            let t = 0.3
            switch t {
            case 0.0..<0.5:
                print("low")
            default:
                print("high")
            }
            """#, "low\n"),
        .output("control: fallthrough", #"""
            let n = 1
            switch n {
            case 1:
                print("one")
                fallthrough
            case 2:
                print("two")
            case 3:
                print("three")
            default:
                print("other")
            }
            """#, "one\ntwo\n"),
        .output("control: switch cases do not fall through implicitly", #"""
            switch 2 {
            case 2:
                print("two")
            case 3:
                print("three")
            default:
                print("other")
            }
            """#, "two\n"),
        .output("control: break inside a switch case", #"""
            switch 5 {
            case 5:
                break
            default:
                print("other")
            }
            print("after")
            """#, "after\n"),
        .error("control: switch without a match or default", #"""
            let n = 5
            switch n {
            case 1:
                print("one")
            case 2:
                print("two")
            }
            """#, "switch must be exhaustive"),

        // for
        .output("control: for over an array", #"""
            for name in ["ann", "bob"] {
                print(name)
            }
            """#, "ann\nbob\n"),
        .output("control: for with where", #"""
            for i in 1...10 where i % 3 == 0 {
                print(i)
            }
            """#, "3\n6\n9\n"),
        .value("control: for with a wildcard", "var c = 0\nfor _ in 0..<3 {\n    c += 1\n}\nc", "3"),
        .value("control: continue skips even numbers", #"""
            var s = 0
            for i in 1...10 {
                if i % 2 == 0 { continue }
                s += i
            }
            s
            """#, "25"),
        .value("control: break leaves a for loop", #"""
            var last = 0
            for i in 1...100 {
                if i * i > 50 { break }
                last = i
            }
            last
            """#, "7"),

        // while and repeat
        .value("control: while loop", #"""
            var n = 27
            var steps = 0
            while n != 1 {
                n = n % 2 == 0 ? n / 2 : 3 * n + 1
                steps += 1
            }
            steps
            """#, "111"),
        .value("control: while true with break", "var i = 0\nwhile true {\n    i += 1\n    if i == 5 { break }\n}\ni", "5"),
        .value("control: repeat runs its body at least once", "var n = 10\nrepeat {\n    n += 1\n} while n < 5\nn", "11"),
        .value("control: repeat loops until the condition fails", "var k = 0\nrepeat {\n    k += 2\n} while k < 7\nk", "8"),

        // labelled loops
        .output("control: labelled continue and break", #"""
            outer: for i in 1...3 {
                for j in 1...3 {
                    if j == 2 { continue outer }
                    if i == 3 { break outer }
                    print(i, j)
                }
            }
            """#, "1 1\n2 1\n"),
        .value("control: labelled break out of nested while", #"""
            var found = (0, 0)
            search: for a in 1...9 {
                var b = 1
                while b <= 9 {
                    if a * b == 42 {
                        found = (a, b)
                        break search
                    }
                    b += 1
                }
            }
            found
            """#, "(6, 7)"),
    ]
}
