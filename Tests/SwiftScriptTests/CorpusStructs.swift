/// Structs: memberwise init with defaults, methods, mutating, computed properties, custom init,
/// static members, value semantics, ==, CustomStringConvertible and their errors.
extension CellCorpus {
    static let structs: [CellCase] = [
        .value("structs: memberwise init and debug form", "struct Point {\n    var x: Int\n    var y: Int\n}\nPoint(x: 1, y: 2)",
               "Point(x: 1, y: 2)"),
        .value("structs: default property value may be omitted", "struct Point {\n    var x: Int\n    var y = 0.0\n}\nPoint(x: 1)",
               "Point(x: 1, y: 0.0)"),
        .value("structs: int literal for a Double property", "struct Point {\n    var x: Int\n    var y = 0.0\n}\nPoint(x: 1, y: 2)",
               "Point(x: 1, y: 2.0)"),
        .value("structs: omitted default in the middle", #"""
            struct S {
                var a: Int
                var b = 2
                var c: Int
            }
            S(a: 1, c: 3)
            """#, "S(a: 1, b: 2, c: 3)"),
        .value("structs: all defaults gives an empty init", #"""
            struct Settings {
                var volume = 5
                var muted = false
            }
            Settings()
            """#, "Settings(volume: 5, muted: false)"),
        .value("structs: string and let properties", #"""
            struct User {
                let name: String
                var age = 0
            }
            User(name: "Ann")
            """#, #"User(name: "Ann", age: 0)"#),
        .value("structs: nested struct debug form", #"""
            struct Point {
                var x: Int
                var y: Int
            }
            struct Line {
                var start: Point
                var end: Point
            }
            Line(start: Point(x: 0, y: 0), end: Point(x: 3, y: 4))
            """#, "Line(start: Point(x: 0, y: 0), end: Point(x: 3, y: 4))"),
        .value("structs: array of structs", "struct P {\n    var v: Int\n}\n[P(v: 1), P(v: 2)]", "[P(v: 1), P(v: 2)]"),
        .output("structs: print without description", "struct Point {\n    var x: Int\n    var y: Int\n}\nprint(Point(x: 1, y: 2))",
                "Point(x: 1, y: 2)\n"),

        // Properties and methods
        .value("structs: property read", "struct P {\n    var x: Int\n}\nlet p = P(x: 7)\np.x", "7"),
        .value("structs: property assignment on a var", "struct P {\n    var x: Int\n}\nvar p = P(x: 7)\np.x = 9\np", "P(x: 9)"),
        .value("structs: compound assignment to a property", "struct P {\n    var x: Int\n}\nvar p = P(x: 7)\np.x += 3\np.x", "10"),
        .value("structs: compound assignment through an array element", #"""
            struct Point {
                var x: Int
                var y: Int
            }
            var ps = [Point(x: 1, y: 1), Point(x: 2, y: 2)]
            ps[1].x += 10
            ps
            """#, "[Point(x: 1, y: 1), Point(x: 12, y: 2)]"),
        .value("structs: method using properties", #"""
            struct Point {
                var x: Int
                var y: Int
                func lengthSquared() -> Int { x * x + y * y }
            }
            Point(x: 3, y: 4).lengthSquared()
            """#, "25"),
        .value("structs: method with a label calling another method", #"""
            struct Point {
                var x: Int
                var y: Int
                func lengthSquared() -> Int { x * x + y * y }
                func distance(to other: Point) -> Double {
                    let d = Point(x: other.x - self.x, y: other.y - self.y)
                    return Double(d.lengthSquared()).squareRoot()
                }
            }
            Point(x: 1, y: 1).distance(to: Point(x: 4, y: 5))
            """#, "5.0"),
        .value("structs: mutating method", #"""
            struct Rect {
                var width: Double
                var height: Double
                mutating func grow(by d: Double) {
                    width += d
                    height += d
                }
            }
            var r = Rect(width: 2, height: 3)
            r.grow(by: 1)
            r
            """#, "Rect(width: 3.0, height: 4.0)"),
        .value("structs: computed property", #"""
            struct Rect {
                var width: Double
                var height: Double
                var area: Double { width * height }
            }
            Rect(width: 2, height: 3).area
            """#, "6.0"),
        .value("structs: computed property with return", #"""
            struct Rect {
                var width: Double
                var height: Double
                var isSquare: Bool {
                    return width == height
                }
            }
            [Rect(width: 2, height: 2).isSquare, Rect(width: 1, height: 2).isSquare]
            """#, "[true, false]"),
        .value("structs: method returning a new value", #"""
            struct Rect {
                var width: Double
                var height: Double
                var area: Double { width * height }
                func scaled(by k: Double) -> Rect { Rect(width: width * k, height: height * k) }
            }
            Rect(width: 2, height: 3).scaled(by: 2).area
            """#, "24.0"),
        .output("structs: mutating methods on an array property", #"""
            struct Stack {
                var items: [Int] = []
                mutating func push(_ x: Int) { items.append(x) }
                mutating func pop() -> Int? { items.popLast() }
                var top: Int? { items.last }
            }
            var s = Stack()
            s.push(1)
            s.push(2)
            let popped = s.pop()
            print(popped, s.top, s.items)
            """#, "2 1 [1]\n"),
        .value("structs: custom init", #"""
            struct Temperature {
                var celsius: Double
                init(fahrenheit: Double) {
                    self.celsius = (fahrenheit - 32) * 5 / 9
                }
            }
            Temperature(fahrenheit: 212).celsius
            """#, "100.0"),
        .value("structs: custom init with the property's own name", #"""
            struct Tag {
                var name: String
                init(name: String) {
                    self.name = name.uppercased()
                }
            }
            Tag(name: "swift").name
            """#, #""SWIFT""#),
        .value("structs: static let and static func", #"""
            struct Point {
                var x: Int
                var y: Int
                static let origin = Point(x: 0, y: 0)
                static func diagonal(_ v: Int) -> Point { Point(x: v, y: v) }
            }
            [Point.origin, Point.diagonal(2)]
            """#, "[Point(x: 0, y: 0), Point(x: 2, y: 2)]"),
        .value("structs: static constant used in a static func", #"""
            struct Config {
                static let version = 3
                static func describe() -> String { "v\(Config.version)" }
            }
            Config.describe()
            """#, #""v3""#),

        // Value semantics and equality
        .output("structs: copies on assignment", #"""
            struct Box {
                var v: Int
            }
            var a = Box(v: 1)
            var b = a
            b.v = 2
            print(a.v, b.v)
            """#, "1 2\n"),
        .value("structs: copy taken out of an array", #"""
            struct Box {
                var v: Int
            }
            var arr = [Box(v: 1)]
            var c = arr[0]
            c.v = 9
            arr[0].v
            """#, "1"),
        .value("structs: function parameter is a copy", #"""
            struct Box {
                var v: Int
            }
            func bumped(_ b: Box) -> Box {
                var copy = b
                copy.v += 1
                return copy
            }
            let original = Box(v: 1)
            let other = bumped(original)
            [original.v, other.v]
            """#, "[1, 2]"),
        .value("structs: equal values are ==", "struct P {\n    var x: Int\n    var y: Int\n}\nP(x: 1, y: 2) == P(x: 1, y: 2)", "true"),
        .value("structs: different values are not ==", "struct P {\n    var x: Int\n    var y: Int\n}\nP(x: 1, y: 2) == P(x: 1, y: 3)", "false"),
        .value("structs: sorting by a property", #"""
            struct Person {
                var name: String
                var age: Int
            }
            let people = [Person(name: "Ann", age: 40), Person(name: "Bo", age: 25), Person(name: "Cy", age: 33)]
            people.sorted { $0.age < $1.age }.map { $0.name }
            """#, #"["Bo", "Cy", "Ann"]"#),
        .value("structs: optional chaining into a struct", "struct P {\n    var x: Int\n}\nlet p: P? = P(x: 4)\np?.x", "4"),
        .value("structs: optional chaining on nil struct", "struct P {\n    var x: Int\n}\nlet p: P? = nil\np?.x", "nil"),

        // CustomStringConvertible
        .output("structs: description used by print", #"""
            struct Temp: CustomStringConvertible {
                var c: Double
                var description: String { "\(c) C" }
            }
            print(Temp(c: 21.5))
            """#, "21.5 C\n"),
        .value("structs: description used by interpolation", #"""
            struct Temp: CustomStringConvertible {
                var c: Double
                var description: String { "\(c) C" }
            }
            let t = Temp(c: 3)
            "now \(t)"
            """#, #""now 3.0 C""#),

        // Errors
        .error("structs: mutating method on a let", #"""
            struct Counter {
                var n = 0
                mutating func inc() { n += 1 }
            }
            let c = Counter()
            c.inc()
            """#, "cannot use mutating member on immutable value: 'c' is a 'let' constant"),
        .error("structs: assigning a property in a non-mutating method", #"""
            struct Counter {
                var n = 0
                func inc() { n = n + 1 }
            }
            var c = Counter()
            c.inc()
            """#, "cannot assign to property: 'self' is immutable"),
        .error("structs: compound-assigning a property in a non-mutating method", #"""
            struct Counter {
                var n = 0
                func inc() { n += 1 }
            }
            var c = Counter()
            c.inc()
            """#, "'self' is immutable"),
        .error("structs: assigning a property of a let", "struct P {\n    var x: Int\n}\nlet p = P(x: 1)\np.x = 5",
               "'p' is a 'let' constant"),
        .error("structs: missing memberwise argument", "struct P {\n    var x: Int\n    var y: Int\n}\nP(x: 1)",
               "missing argument for parameter 'y' in call"),
        .error("structs: unknown member", "struct P {\n    var x: Int\n}\nlet p = P(x: 1)\np.z",
               "value of type 'P' has no member 'z'"),

        // Mutating methods called many times (the release build once crashed here).
        .output("structs: a mutating method called in a loop", #"""
            struct Counter { var n = 0; mutating func inc(_ k: Int = 1) { n += k } }
            var c = Counter()
            for i in 0..<1000 { c.inc(i % 3) }
            print(c.n)
            """#, "999\n"),
        .output("structs: a mutating method of a two-field struct", #"""
            struct Point { var x: Double; var y: Double; mutating func shift(by d: Double) { x += d } }
            var p = Point(x: 1, y: 2)
            p.shift(by: 0.5)
            print(p.x, p.y)
            """#, "1.5 2.0\n"),
        .output("structs: mutating methods through arrays, locals and nested structs", #"""
            struct Cell { var v = 0; mutating func bump() { v += 1 } }
            struct Grid {
                var cells = [Cell(), Cell(), Cell()]
                mutating func bumpAll(times: Int) {
                    for _ in 0..<times {
                        for i in 0..<cells.count { cells[i].bump() }
                    }
                }
            }
            func run() -> Int {
                var g = Grid()
                g.bumpAll(times: 200)
                var local = Cell()
                for _ in 0..<300 { local.bump() }
                return g.cells.map { $0.v }.reduce(0, +) + local.v
            }
            var grids = [Grid(), Grid()]
            grids[1].bumpAll(times: 5)
            print(run(), grids[1].cells[2].v)
            """#, "900 5\n"),
        .output("structs: a mutating method calls another through implicit self", #"""
            struct C {
                var n = 0
                mutating func inc() { n += 1 }
                mutating func twice() { inc(); inc() }
                mutating func many(_ k: Int) { for _ in 0..<k { twice() } }
            }
            var c = C()
            c.twice()
            c.many(3)
            print(c.n)
            """#, "8\n"),
        .error("structs: a method that reads the variable it is modifying", #"""
            struct C { var n = 1; mutating func inc() { n += g.n } }
            var g = C()
            g.inc()
            """#, "simultaneous accesses to 'g', but modification requires exclusive access", at: (1, 50)),
        .error("structs: a function called by a mutating method reads the same variable", #"""
            struct S { var v: [Int] = []; mutating func add() { v.append(total()) } }
            var s = S()
            func total() -> Int { s.v.count }
            s.add()
            """#, "simultaneous accesses to 's'"),
    ]
}
