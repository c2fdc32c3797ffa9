/// Strings: debug form, escapes, interpolation, multi-line and raw literals, members.
extension CellCorpus {
    static let strings: [CellCase] = [
        // Debug form of results
        .value("strings: result is quoted", #""hello""#, #""hello""#),
        .value("strings: empty string result", "\"\"", "\"\""),
        .value("strings: newline escaped in result", #""a\nb""#, #""a\nb""#),
        .value("strings: tab escaped in result", #""tab\there""#, #""tab\there""#),
        .value("strings: quotes escaped in result", #""say \"hi\"""#, #""say \"hi\"""#),
        .value("strings: backslash escaped in result", #""a\\b""#, #""a\\b""#),

        // Escapes through print (plain form)
        .output("strings: print tab escape", #"print("a\tb")"#, "a\tb\n"),
        .output("strings: print newline escape", #"print("one\ntwo")"#, "one\ntwo\n"),
        .output("strings: print backslash escape", #"print("back\\slash")"#, "back\\slash\n"),
        .output("strings: print quote escapes", #"print("quote \"q\" and it\'s")"#, "quote \"q\" and it's\n"),
        .value("strings: unicode scalar escapes", #""\u{41}\u{42}""#, #""AB""#),
        .value("strings: nul escape counts as one character", #""a\0b".count"#, "3"),

        // Interpolation
        .value("strings: interpolate a variable", #"""
            let name = "World"
            "Hello, \(name)!"
            """#, #""Hello, World!""#),
        .value("strings: interpolate expressions", #""\(1 + 2) and \(3 * 4)""#, #""3 and 12""#),
        .value("strings: interpolate a double", #"""
            let x = 2.0
            "x=\(x)"
            """#, #""x=2.0""#),
        .value("strings: interpolate a ternary with string literals", #"""
            let n = 5
            "n is \(n > 3 ? "big" : "small")"
            """#, #""n is big""#),
        .output("strings: interpolated array keeps element quotes", #"print("\(["a", "b"])")"#, "[\"a\", \"b\"]\n"),
        .output("strings: interpolated optional is flat", #"""
            let d = ["a": 1]
            print("v: \(d["a"])")
            """#, "v: 1\n"),
        .value("strings: interpolate a bool", #""flag: \(1 < 2)""#, #""flag: true""#),

        // Multi-line and raw literals
        .output("strings: multi-line literal strips indentation", #"""
            let s = """
                line one
                  indented
                line two
                """
            print(s)
            """#, "line one\n  indented\nline two\n"),
        .value("strings: multi-line literal with interpolation", #"""
            let n = 3
            let s = """
                n = \(n)
                done
                """
            s
            """#, #""n = 3\ndone""#),
        .output("strings: raw string keeps backslashes", ##"print(#"a\nb"#)"##, "a\\nb\n"),
        .value("strings: raw string interpolation", ##"#"sum \#(1 + 1)"#"##, #""sum 2""#),

        // Operators
        .value("strings: concatenation", #""a" + "b""#, #""ab""#),
        .value("strings: append with +=", #"""
            var s = "a"
            s += "b"
            s
            """#, #""ab""#),
        .value("strings: build in a loop", #"""
            var s = ""
            for i in 1...3 {
                s += String(i)
            }
            s
            """#, #""123""#),
        .value("strings: equality", #""abc" == "ab" + "c""#, "true"),
        .value("strings: ordering", #""apple" < "banana""#, "true"),

        // Members
        .value("strings: count", #""abc".count"#, "3"),
        .value("strings: isEmpty", "\"\".isEmpty", "true"),
        .value("strings: uppercased", #""Hello".uppercased()"#, #""HELLO""#),
        .value("strings: lowercased", #""Hello".lowercased()"#, #""hello""#),
        .value("strings: hasPrefix", #""Hello".hasPrefix("He")"#, "true"),
        .value("strings: hasSuffix", #""Hello".hasSuffix("lo")"#, "true"),
        .value("strings: contains substring", #""hello".contains("ell")"#, "true"),
        .value("strings: contains is false for a missing substring", #""hello".contains("xyz")"#, "false"),
        .value("strings: split drops empty pieces", #""a,b,,c".split(separator: ",")"#, #"["a", "b", "c"]"#),
        .value("strings: split on spaces counts words", #""the quick fox".split(separator: " ").count"#, "3"),
        .value("strings: components keeps empty pieces", #""a,b,,c".components(separatedBy: ",")"#,
               #"["a", "b", "", "c"]"#),
        .value("strings: replacingOccurrences", #""a-b-c".replacingOccurrences(of: "-", with: "+")"#, #""a+b+c""#),
        .value("strings: trimming whitespace", #""  padded  ".trimmingCharacters(in: .whitespaces)"#, #""padded""#),
        .value("strings: first character", #""abc".first"#, #""a""#),
        .value("strings: last character", #""abc".last"#, #""c""#),
        .value("strings: first of empty string is nil", "\"\".first", "nil"),
        .value("strings: first compared with a one-character string", #""Swift".first == "S""#, "true"),
        .value("strings: reversed is a string", #""abc".reversed()"#, #""cba""#),
        .value("strings: dropFirst", #""hello".dropFirst(2)"#, #""llo""#),
        .value("strings: dropLast", #""hello".dropLast(2)"#, #""hel""#),
        .value("strings: prefix", #""hello".prefix(3)"#, #""hel""#),
        .value("strings: prefix longer than the string", #""hello".prefix(10)"#, #""hello""#),
        .value("strings: suffix", #""hello".suffix(2)"#, #""lo""#),
        .value("strings: repeating", #"String(repeating: "ab", count: 3)"#, #""ababab""#),
        .value("strings: Array of a string", #"Array("abc")"#, #"["a", "b", "c"]"#),
        .output("strings: iterate characters", #"""
            for c in "abc" {
                print(c)
            }
            """#, "a\nb\nc\n"),
        .value("strings: characters are one-character strings", #"""
            var out = ""
            for c in "abc" {
                out = c + out
            }
            out
            """#, #""cba""#),
        .value("strings: a character's type is String", #"type(of: "abc".first!)"#, "String"),
        .value("strings: split pieces are strings", #""a b".split(separator: " ").map { $0 + "!" }"#, #"["a!", "b!"]"#),
        .error("strings: Int subscript is an error", "let s = \"abc\"\ns[0]", "cannot subscript String with an Int"),
    ]
}
