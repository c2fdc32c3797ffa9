import Display
import Foundation

/// The stream object behind `print(…, to: &standardError)`.
final class StandardStream: ScriptObject, Sendable {
    let stream: OutputStreamName
    init(_ stream: OutputStreamName) { self.stream = stream }
    var scriptTypeName: String { stream == .stderr ? "StandardError" : "StandardOutput" }
    func mimeBundle() -> MIMEBundle { MIMEBundle(plainText: stream == .stderr ? "standardError" : "standardOutput") }
}

/// The functions and constants every cell has, before the toolkit adds its own.
enum Builtins {
    static let standardError = StandardStream(.stderr)
    static let standardOutput = StandardStream(.stdout)

    static func richValue(_ mime: String, _ name: String, doc: String) -> BuiltinFunction {
        BuiltinFunction(name, Signature("_"), doc: doc) { a in
            let text: String
            switch a[0] {
            case .string(let s): text = s
            default: throw a.fail("\(name)(_:) takes a String, not '\(a[0].typeName)'")
            }
            var bundle = MIMEBundle(plainText: name == "HTML" || name == "SVG" ? "<\(name) \(text.utf8.count) bytes>" : text)
            bundle.set(mime, .string(text))
            return .rich(bundle)
        }
    }

    static func math1(_ name: String, _ fn: @escaping (Double) -> Double, doc: String) -> BuiltinFunction {
        BuiltinFunction(name, Signature("_"), doc: doc) { a in .double(fn(try a.double(0, "the argument"))) }
    }

    /// Converts a cell value to JSON for `JSON(_:)`.
    static func json(_ v: Value, _ a: Arguments) throws -> JSONValue {
        switch v {
        case .null: return .null
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .array(let items): return .array(try items.map { try json($0, a) })
        case .tuple(let t): return .array(try t.items.map { try json($0, a) })
        case .dict(let d):
            var o = JSONObject()
            for (k, x) in zip(d.keys, d.values) {
                guard case .string(let key) = k else { throw a.fail("JSON objects need String keys, not '\(k.typeName)'") }
                o[key] = try json(x, a)
            }
            return .object(o)
        case .instance(let inst):
            var o = JSONObject()
            for (k, x) in zip(inst.type.storedNames, inst.fields) { o[k] = try json(x, a) }
            return .object(o)
        default: throw a.fail("a value of type '\(v.typeName)' cannot be converted to JSON")
        }
    }

    static func all() -> [String: Value] {
        var table: [String: Value] = [:]
        func add(_ f: BuiltinFunction) { table[f.name] = .function(f) }

        add(BuiltinFunction("print", doc: """
            Writes the textual representations of the items to standard output, separated by `separator` and \
            followed by `terminator`. With `to: &standardError` the text goes to standard error instead.

                print("hello", 42)                     // hello 42
                print(1, 2, separator: ", ", terminator: "!\\n")
                print("oops", to: &standardError)
            """, overloads: [
                (Signature("_...", "separator:=", "terminator:="), [.string(" "), .string("\n")], { a in
                    let items = (try? a.array(0, "items")) ?? []
                    let text = items.map(\.plainDescription).joined(separator: try a.string(1, "separator")) + (try a.string(2, "terminator"))
                    a.runtime.write(text, to: .stdout)
                    return .void
                }),
                (Signature("_...", "separator:=", "terminator:=", "to:"), [.string(" "), .string("\n")], { a in
                    let items = (try? a.array(0, "items")) ?? []
                    let text = items.map(\.plainDescription).joined(separator: try a.string(1, "separator")) + (try a.string(2, "terminator"))
                    guard case .object(let o) = a[3], let stream = o as? StandardStream else {
                        throw a.fail("print(_:to:) writes to &standardError or &standardOutput")
                    }
                    a.runtime.write(text, to: stream.stream)
                    return .void
                }),
            ]))
        add(BuiltinFunction("debugPrint", doc: """
            Writes the items in their debug form (the form a cell's result shows: strings quoted and \
            escaped) to standard output, separated by `separator` and followed by `terminator`.

                debugPrint("tab\\t", [1, 2])              // "tab\\t" [1, 2]
            """, overloads: [
                (Signature("_...", "separator:=", "terminator:="), [.string(" "), .string("\n")], { a in
                    let items = (try? a.array(0, "items")) ?? []
                    let text = items.map(\.debugText).joined(separator: try a.string(1, "separator")) + (try a.string(2, "terminator"))
                    a.runtime.write(text, to: .stdout)
                    return .void
                }),
            ]))
        add(BuiltinFunction("display", Signature("_", "id:="), defaults: [.null], doc: """
            Shows a value as rich output below the cell: tables as HTML, figures as SVG, `HTML(…)`/`SVG(…)`/\
            `Markdown(…)` as themselves, anything else as text. Returns nothing.
            """) { a in
            var displayID: String?
            if case .string(let id) = a[1] { displayID = id }
            a.runtime.host?.display(a[0].mimeBundle, displayID: displayID)
            return .void
        })
        add(richValue("text/html", "HTML", doc: "Wraps HTML markup so that `display` (or a cell result) renders it."))
        add(richValue("image/svg+xml", "SVG", doc: "Wraps an SVG document so that `display` (or a cell result) renders it."))
        add(richValue("text/markdown", "Markdown", doc: "Wraps Markdown text so that `display` (or a cell result) renders it."))
        add(BuiltinFunction("JSON", Signature("_"), doc: "Shows a value (numbers, strings, arrays, dictionaries with String keys, structs) as application/json.") { a in
            let j = try json(a[0], a)
            var bundle = MIMEBundle(plainText: j.serialized())
            bundle.set("application/json", j)
            return .rich(bundle)
        })
        add(BuiltinFunction("clearOutput", Signature("wait:="), defaults: [.bool(false)], doc: """
            Clears the cell's output. With `wait: true` the front end clears it only when new output arrives, \
            which avoids flicker in animations.
            """) { a in
            a.runtime.host?.clearOutput(wait: try a.bool(0, "wait"))
            return .void
        })
        add(BuiltinFunction("help", Signature("_"), doc: "Shows the documentation of a function, type or value in the pager.") { a in
            let text = Documentation.describe(a[0], a.runtime)
            a.runtime.host?.page(MIMEBundle(plainText: text))
            return .void
        })
        add(BuiltinFunction("readLine", Signature("prompt:=", "password:="), defaults: [.string(""), .bool(false)], doc: """
            Asks the notebook user for a line of text and returns it (without the newline). With `password: true` \
            the front end hides what is typed.
            """) { a in
            guard let host = a.runtime.host else { return .null }
            do {
                return .string(try host.readLine(prompt: try a.string(0, "prompt"), password: try a.bool(1, "password")))
            } catch let e as InputUnavailable {
                throw a.fail(e.message)
            }
        })
        add(BuiltinFunction("sleep", Signature("_"), doc: "Pauses for the given number of seconds (an interrupt stops the wait).") { a in
            let seconds = try a.double(0, "seconds")
            guard seconds >= 0, seconds.isFinite else { throw a.fail("sleep needs a duration of 0 seconds or more") }
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                try a.runtime.tick(a.callSite)
                let left = end.timeIntervalSinceNow
                if left > 0 { Thread.sleep(forTimeInterval: min(left, 0.01)) }
            }
            return .void
        })
        add(BuiltinFunction("type", Signature("of:"), doc: "The type of a value: `type(of: 1)` is `Int`.") { a in
            switch a[0] {
            case .instance(let i): return .type(.structType(i.type))
            case .int: return .type(.builtin(.int))
            case .double: return .type(.builtin(.double))
            case .bool: return .type(.builtin(.bool))
            case .string: return .type(.builtin(.string))
            case .object(let o):
                if let t = a.runtime.registry.type(of: o) { return .type(.registered(t)) }
                return .rich(MIMEBundle(plainText: o.scriptTypeName))
            default: return .rich(MIMEBundle(plainText: a[0].typeName))
            }
        })
        add(BuiltinFunction("who", Signature(), doc: "A table of the variables defined so far: name, type and value.") { a in
            guard let table = Documentation.variableTable(a.runtime) else { throw a.fail("could not list the variables") }
            return .rich(table.mimeBundle)
        })
        add(BuiltinFunction("seed", Signature("_"), doc: """
            Seeds the random generator behind `Int.random(in:)`, `Double.random(in:)`, `shuffled()` and the \
            toolkit's noise. The kernel starts with seed 0, so a notebook gives the same numbers every run.
            """) { a in
            let n = try a.int(0, "seed")
            a.runtime.random = SeededRandom(seed: UInt64(bitPattern: Int64(n)))
            return .void
        })
        add(BuiltinFunction("assert", Signature("_", "_="), defaults: [.string("")], doc: "Stops the cell with an error when the condition is false.") { a in
            if try a.bool(0, "condition") { return .void }
            let message = try a.string(1, "message")
            throw a.fail(message.isEmpty ? "assertion failed" : "assertion failed: \(message)")
        })
        add(BuiltinFunction("fatalError", Signature("_="), defaults: [.string("fatal error")], doc: "Stops the cell with the given message.") { a in
            throw a.fail(try a.string(0, "message"))
        })
        add(BuiltinFunction("abs", Signature("_"), doc: "The absolute value of an Int or a Double.") { a in
            switch a[0] {
            case .int(let i):
                guard i != Int.min else { throw a.fail("arithmetic overflow") }
                return .int(abs(i))
            case .double(let d): return .double(abs(d))
            default: throw a.fail("abs(_:) takes a number, not '\(a[0].typeName)'")
            }
        })
        for (name, fn, doc) in [
            ("sqrt", sqrt as (Double) -> Double, "The square root."), ("exp", exp, "e raised to the power x."),
            ("log", log, "The natural logarithm."), ("log2", log2, "The base-2 logarithm."),
            ("log10", log10, "The base-10 logarithm."), ("sin", sin, "The sine (radians)."),
            ("cos", cos, "The cosine (radians)."), ("tan", tan, "The tangent (radians)."),
            ("asin", asin, "The arcsine."), ("acos", acos, "The arccosine."), ("atan", atan, "The arctangent."),
            ("sinh", sinh, "The hyperbolic sine."), ("cosh", cosh, "The hyperbolic cosine."),
            ("tanh", tanh, "The hyperbolic tangent."), ("floor", floor, "Rounds down."), ("ceil", ceil, "Rounds up."),
            ("round", Foundation.round, "Rounds to the nearest integer, halves away from zero."),
            ("exp2", exp2, "2 raised to the power x."), ("cbrt", cbrt, "The cube root."),
        ] as [(String, (Double) -> Double, String)] {
            add(math1(name, fn, doc: doc))
        }
        add(BuiltinFunction("pow", Signature("_", "_"), doc: "x raised to the power y.") { a in
            .double(pow(try a.double(0, "x"), try a.double(1, "y")))
        })
        add(BuiltinFunction("atan2", Signature("_", "_"), doc: "The angle of the point (x, y): atan2(y, x).") { a in
            .double(atan2(try a.double(0, "y"), try a.double(1, "x")))
        })
        for (name, isMax) in [("min", false), ("max", true)] {
            add(BuiltinFunction(name, Signature("_", "_", "_..."), doc: "The \(isMax ? "largest" : "smallest") of two or more values.") { a in
                var items = [a[0], a[1]]
                if case .array(let rest) = a[2] { items += rest }
                if items.contains(where: { if case .double = $0 { return true } else { return false } }) {
                    items = items.map { if case .int(let i) = $0 { return .double(Double(i)) } else { return $0 } }
                }
                var best = items[0]
                for x in items.dropFirst() {
                    guard let c = try Ops.compare(x, best, a.callSite) else {
                        throw a.fail("\(name) cannot compare values of types '\(x.typeName)' and '\(best.typeName)'")
                    }
                    if isMax ? c > 0 : c < 0 { best = x }
                }
                return best
            })
        }
        add(BuiltinFunction("zip", Signature("_", "_"), doc: "Pairs up the elements of two sequences into an array of tuples.") { a in
            let xs = try a.array(0, "first sequence"), ys = try a.array(1, "second sequence")
            return .array(zip(xs, ys).map { .tuple(TupleValue([$0, $1])) })
        })
        add(BuiltinFunction("stride", doc: """
            The numbers from `from` up to (`to:`, excluded) or through (`through:`, included) the end, in steps of `by`.

                Array(stride(from: 0, to: 10, by: 3))        // [0, 3, 6, 9]
                Array(stride(from: 1.0, through: 0.0, by: -0.5))
            """, overloads: [
                (Signature("from:", "to:", "by:"), [], { a in try strideValues(a, inclusive: false) }),
                (Signature("from:", "through:", "by:"), [], { a in try strideValues(a, inclusive: true) }),
            ]))
        add(BuiltinFunction("swap", Signature("_", "_"), doc: "Not available: use `(a, b) = (b, a)`.") { a in
            throw a.fail("'swap' takes inout arguments, which Crossbar cells do not support; write (a, b) = (b, a)")
        })
        add(BuiltinFunction("repeatElement", Signature("_", "count:"), doc: "An array of `count` copies of a value.") { a in
            let n = try a.int(1, "count")
            guard n >= 0, n <= Limits.maxElements else { throw a.fail("repeatElement needs a count between 0 and \(Limits.maxElements)") }
            try MemoryChecks.reserveValues(n, at: a.callSite)
            return .array(Array(repeating: a[0], count: n))
        })
        table["standardError"] = .object(standardError)
        table["standardOutput"] = .object(standardOutput)
        for t in BuiltinType.allCases { table[t.rawValue] = .type(.builtin(t)) }
        return table
    }

    private static func strideValues(_ a: Arguments, inclusive: Bool) throws -> Value {
        if case .int(let from) = a[0], case .int(let to) = a[1], case .int(let by) = a[2] {
            guard by != 0 else { throw a.fail("stride step must not be zero") }
            // Count the elements arithmetically before making any of them.
            let span = Double(to) - Double(from)
            if span / Double(by) > 50_000_000 { throw a.fail("stride would make too many elements") }
            return .array(inclusive ? stride(from: from, through: to, by: by).map { .int($0) }
                                    : stride(from: from, to: to, by: by).map { .int($0) })
        }
        let from = try a.double(0, "from"), to = try a.double(1, inclusive ? "through" : "to"), by = try a.double(2, "by")
        guard by != 0, by.isFinite else { throw a.fail("stride step must be a finite number other than zero") }
        guard abs((to - from) / by) < 50_000_000 else { throw a.fail("stride would make too many elements") }
        return .array(inclusive ? stride(from: from, through: to, by: by).map { .double($0) }
                                : stride(from: from, to: to, by: by).map { .double($0) })
    }

    /// Documentation of the builtins by name, for inspection and completion.
    nonisolated(unsafe) static let table: [String: Value] = all()
}
