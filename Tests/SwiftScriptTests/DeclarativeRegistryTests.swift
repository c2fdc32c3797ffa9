import Foundation
import Display
import XCTest
@testable import SwiftScript

/// A toolkit type of the tests' own, to exercise the declarative registry without the toolkit.
private final class Counter: CellBoxable {
    var count: Int
    var step: Double = 1
    let name: String
    init(count: Int, name: String) {
        self.count = count
        self.name = name
    }
    static var cellTypeName: String { "Counter" }
    var cellBundle: MIMEBundle { MIMEBundle(plainText: "Counter(\(name): \(count))") }
}

/// A value-type toolkit value, changed in place through its box.
private struct Tally: CellBoxable {
    var marks: [Int] = []
    static var cellTypeName: String { "Tally" }
    static var cellExpectation: String { "a Tally, e.g. Tally()" }
    var cellBundle: MIMEBundle { MIMEBundle(plainText: "Tally(\(marks.count))") }
}

private enum Shade: String, CellEnum, CaseIterable { case light, dark }

private struct ToolkitProblem: ToolkitError {
    var kind: ToolkitErrorKind { ToolkitErrorKind("badCounter") }
    var message: String
}

final class DeclarativeRegistryTests: XCTestCase {
    private func interpreter() -> Interpreter {
        let registry = ScriptRegistry()
        let counter = ToolkitType<Counter>(doc: "Counts.")
        counter.initializer(Signature("start: = 0", "name: = \"c\"")) { a in Counter(count: try a.int("start"), name: try a.string("name")) }
        counter.property("count", \.count, doc: "The count.")
        counter.settable("step", \.step, doc: "The step.") { c in
            if c.step <= 0 { throw ScriptCallError("step must be positive") }
        }
        counter.action("bump", Signature("by: = 1"), doc: "Adds.") { c, a in c.count += try a.int("by") }
        counter.method("scaled", Signature("_ factor", "shade: = .light"), doc: "Count times factor.") { c, a -> String in
            let shade: Shade = try a("shade")
            return "\(Double(c.count) * (try a.double("factor"))) \(shade.rawValue)"
        }
        counter.method("fail", Signature(), doc: "Throws a toolkit error.") { _, _ -> Int in throw ToolkitProblem(message: "no counting today") }
        registry.register(counter)
        let tally = ToolkitType<Tally>(doc: "Marks.")
        tally.initializer(Signature()) { _ in Tally() }
        tally.mutating("mark", Signature("_ value"), doc: "Adds a mark.") { t, a in t.marks.append(try a.int("value")) }
        tally.property("marks", \.marks, doc: "The marks.")
        registry.register(tally)
        registry.function("total", Signature("_ tally", "plus: = nil"), doc: "Sum of the marks.", returning: { a -> Int in
            let t: Tally = try a("tally")
            let extra: Int? = try a("plus")
            return t.marks.reduce(0, +) + (extra ?? 0)
        })
        return Interpreter(registry: registry)
    }

    private func results(_ cells: [String]) -> [ExecutionOutcome] {
        let i = interpreter()
        let host = RecordingHost()
        return cells.enumerated().map { i.execute($1, executionCount: $0 + 1, host: host) }
    }

    private func text(_ outcome: ExecutionOutcome) -> String? {
        switch outcome {
        case .success(let b): return b?.plainText
        case .failure(let e): return "\(e.ename): \(e.evalue)"
        }
    }

    func testDefaultsWrittenInTheSignatureAreUsed() {
        let out = results(["let c = Counter()", "c", "Counter(start: 5, name: \"x\")", "c.bump(); c.bump(by: 3); c.count"])
        XCTAssertEqual(text(out[1]), "Counter(c: 0)")
        XCTAssertEqual(text(out[2]), "Counter(x: 5)")
        XCTAssertEqual(text(out[3]), "4")
    }

    func testArgumentsAreReachedByNameWithTheirConversions() {
        let out = results(["let c = Counter(start: 2)", "c.scaled(1.5)", "c.scaled(2, shade: .dark)", "c.scaled(2, shade: .grey)", "c.scaled(\"two\")"])
        XCTAssertEqual(text(out[1]), "\"3.0 light\"")
        XCTAssertEqual(text(out[2]), "\"4.0 dark\"")
        XCTAssertEqual(text(out[3]), "RuntimeError: unknown shade .grey; use .light or .dark")
        XCTAssertEqual(text(out[4]), "RuntimeError: cannot convert value of type 'String' to expected argument type 'Double' (factor)")
    }

    func testKeyPathPropertiesReadAndSettablesValidate() {
        let out = results(["let c = Counter()", "c.step = 2.5", "c.step", "c.step = -1", "c.step", "c.count = 3"])
        XCTAssertEqual(text(out[2]), "2.5")
        XCTAssertEqual(text(out[3]), "RuntimeError: step must be positive")
        XCTAssertEqual(text(out[4]), "2.5", "a refused value leaves the property as it was")
        XCTAssertEqual(text(out[5]), "RuntimeError: cannot assign to property: 'count' is a get-only property")
    }

    func testValueTypesChangeInPlaceThroughTheirBox() {
        let out = results(["let t = Tally()", "t.mark(3); t.mark(4); t.marks", "total(t)", "total(t, plus: 10)", "total(5)", "type(of: t)"])
        XCTAssertEqual(text(out[1]), "[3, 4]")
        XCTAssertEqual(text(out[2]), "7")
        XCTAssertEqual(text(out[3]), "17")
        XCTAssertEqual(text(out[4]), "RuntimeError: tally takes a Tally, e.g. Tally()")
        XCTAssertEqual(text(out[5]), "Tally")
    }

    func testToolkitErrorsBecomeCellErrorsNamedAfterTheirKind() {
        let out = results(["let c = Counter()", "c.fail()", "c.count"])
        XCTAssertEqual(text(out[1]), "BadCounterError: no counting today")
        XCTAssertEqual(text(out[2]), "0", "the session survives the error")
    }

    func testSignatureLiterals() {
        let sig = Signature("_ layers", "seed: = 0", "lr: = 0.05", "noise: = .pcm", "title: = nil", "on: = true", "label: = \"a = b\"",
                            "names: = []", "units: = [:]", "io:=")
        XCTAssertEqual(sig.parameters.map(\.name), ["layers", "seed", "lr", "noise", "title", "on", "label", "names", "units", "io"])
        XCTAssertEqual(sig.parameters.map(\.label), [nil, "seed", "lr", "noise", "title", "on", "label", "names", "units", "io"])
        XCTAssertEqual(sig.parameters.map(\.defaultValue), [nil, .int(0), .double(0.05), .implicitMember("pcm"), .null, .bool(true),
                                                            .string("a = b"), .emptyArray, .emptyDictionary, nil])
        XCTAssertEqual(sig.parameters.map(\.hasDefault), [false] + Array(repeating: true, count: 9))
        XCTAssertEqual(sig.selector("f"), "f(_:seed:lr:noise:title:on:label:names:units:io:)")
    }
}

/// An interrupt that arrives during a toolkit call that never polls still ends the cell interrupted.
final class UnpolledInterruptTests: XCTestCase {
    func testTheCellEndsInterruptedAfterTheCall() {
        let registry = ScriptRegistry()
        registry.function("busy", Signature("_ seconds"), doc: "Works without polling.", returning: { a -> Int in
            Thread.sleep(forTimeInterval: try a.double("seconds"))
            return 1
        })
        let interpreter = Interpreter(registry: registry)
        let host = RecordingHost()
        let flag = interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { flag.raise() }
        guard case .failure(let e) = interpreter.execute("let kept = 5\nbusy(0.4)", executionCount: 1, host: host) else {
            return XCTFail("the cell reported success although it was interrupted")
        }
        XCTAssertEqual(e.ename, "Interrupted")
        flag.reset()
        guard case .success(let b) = interpreter.execute("kept", executionCount: 2, host: host) else { return XCTFail("state lost") }
        XCTAssertEqual(b?.plainText, "5")
    }
}
