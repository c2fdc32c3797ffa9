/// Functions: labels, defaults, variadics, recursion, nested functions, implicit return,
/// functions as values, and the call errors with swiftc's wording.
extension CellCorpus {
    static let functions: [CellCase] = [
        .value("functions: unlabelled parameters", "func add(_ a: Int, _ b: Int) -> Int {\n    return a + b\n}\nadd(2, 3)", "5"),
        .value("functions: labelled parameter", #"""
            func greet(name: String) -> String {
                return "Hi \(name)"
            }
            greet(name: "Ann")
            """#, #""Hi Ann""#),
        .value("functions: external and internal names", "func move(by d: Int) -> Int { d * 2 }\nmove(by: 4)", "8"),
        .value("functions: default parameter omitted", #"""
            func greet(_ name: String, greeting: String = "Hello") -> String {
                "\(greeting), \(name)!"
            }
            greet("Ann")
            """#, #""Hello, Ann!""#),
        .value("functions: default parameter given", #"""
            func greet(_ name: String, greeting: String = "Hello") -> String {
                "\(greeting), \(name)!"
            }
            greet("Bo", greeting: "Hi")
            """#, #""Hi, Bo!""#),
        .value("functions: variadic parameter", "func sum(_ xs: Int...) -> Int { xs.reduce(0, +) }\nsum(1, 2, 3)", "6"),
        .value("functions: variadic with no arguments", "func sum(_ xs: Int...) -> Int { xs.reduce(0, +) }\nsum()", "0"),
        .value("functions: positional, labelled default and variadic together", #"""
            func f(_ a: Int, label b: Int = 2, _ rest: Int...) -> Int {
                a + b + rest.reduce(0, +)
            }
            [f(1), f(1, label: 3), f(1, label: 3, 4, 5)]
            """#, "[3, 4, 13]"),
        .value("functions: int literal argument for a Double parameter", "func half(_ x: Double) -> Double { x / 2 }\nhalf(3)", "1.5"),
        .value("functions: implicit return of a single expression", "func triple(_ x: Int) -> Int { x * 3 }\ntriple(5)", "15"),
        .value("functions: recursion", #"""
            func fib(_ n: Int) -> Int {
                n < 2 ? n : fib(n - 1) + fib(n - 2)
            }
            fib(20)
            """#, "6765"),
        .value("functions: recursive factorial fits in Int", #"""
            func fact(_ n: Int) -> Int {
                if n <= 1 { return 1 }
                return n * fact(n - 1)
            }
            fact(20)
            """#, "2432902008176640000"),
        .error("functions: recursive factorial overflows", #"""
            func fact(_ n: Int) -> Int {
                if n <= 1 { return 1 }
                return n * fact(n - 1)
            }
            fact(21)
            """#, "arithmetic overflow"),
        .value("functions: deep but allowed recursion", #"""
            func down(_ n: Int) -> Int {
                n == 0 ? 0 : down(n - 1)
            }
            down(1000)
            """#, "0"),
        .value("functions: mutual recursion", #"""
            func isEven(_ n: Int) -> Bool { n == 0 ? true : isOdd(n - 1) }
            func isOdd(_ n: Int) -> Bool { n == 0 ? false : isEven(n - 1) }
            [isEven(10), isOdd(7), isEven(3)]
            """#, "[true, true, false]"),
        .value("functions: nested function", #"""
            func outer(_ x: Int) -> Int {
                func square(_ y: Int) -> Int { y * y }
                return square(x) + 1
            }
            outer(4)
            """#, "17"),
        .value("functions: nested function captures a parameter", #"""
            func scaleAll(_ xs: [Int], by k: Int) -> [Int] {
                func scale(_ x: Int) -> Int { x * k }
                return xs.map(scale)
            }
            scaleAll([1, 2, 3], by: 3)
            """#, "[3, 6, 9]"),
        .output("functions: early return from a loop", #"""
            func firstNegative(_ xs: [Int]) -> Int? {
                for x in xs {
                    if x < 0 { return x }
                }
                return nil
            }
            print(firstNegative([3, -2, -5]), firstNegative([1]))
            """#, "-2 nil\n"),
        CellCase("functions: Void function prints and has no result", cells: [#"""
            func hello(_ who: String) {
                print("hi", who)
            }
            hello("there")
            """#], stdout: "hi there\n", expect: .result(nil)),
        .value("functions: function stored in a constant", "func add(_ a: Int, _ b: Int) -> Int { a + b }\nlet g = add\ng(1, 2)", "3"),
        .value("functions: function value shows as (Function)", "func add(_ a: Int, _ b: Int) -> Int { a + b }\nadd", "(Function)"),
        .value("functions: function passed as an argument", #"""
            func apply(_ f: (Int) -> Int, to x: Int) -> Int { f(x) }
            func double(_ x: Int) -> Int { x * 2 }
            apply(double, to: 21)
            """#, "42"),
        .value("functions: function returning a closure", #"""
            func makeAdder(_ n: Int) -> (Int) -> Int {
                return { x in x + n }
            }
            let add5 = makeAdder(5)
            add5(10)
            """#, "15"),
        .value("functions: function with several statements", #"""
            func stats(_ xs: [Double]) -> String {
                let total = xs.reduce(0.0, +)
                let mean = total / Double(xs.count)
                return "total \(total), mean \(mean)"
            }
            stats([1.0, 2.0, 3.0, 4.0])
            """#, #""total 10.0, mean 2.5""#),

        // Call errors
        .error("functions: missing argument label", "func f(x: Int) -> Int { x }\nf(1)", "missing argument label 'x:' in call"),
        .error("functions: extraneous argument label", "func f(_ x: Int) -> Int { x }\nf(x: 1)",
               "extraneous argument label 'x:' in call"),
        .error("functions: incorrect argument label", "func f(b: Int) -> Int { b }\nf(a: 1)",
               "incorrect argument label in call (have 'a:', expected 'b:')"),
        .error("functions: missing argument", "func f(x: Int, y: Int) -> Int { x + y }\nf(x: 1)",
               "missing argument for parameter 'y' in call"),
        .error("functions: extra argument", "func f(_ x: Int) -> Int { x }\nf(1, 2)", "extra argument in call"),
        .error("functions: wrong argument type", #"func f(_ x: Int) -> Int { x }"# + "\n" + #"f("a")"#,
               "cannot convert value of type 'String' to expected argument type 'Int'"),
        .error("functions: missing return", #"""
            func f(_ x: Int) -> Int {
                if x > 0 {
                    return 1
                }
            }
            f(-1)
            """#, "missing return in function expected to return 'Int'"),
        .error("functions: unbounded recursion", "func r(_ n: Int) -> Int { r(n + 1) }\nr(0)",
               "recursion depth exceeded (limit 10000)"),
    ]
}
