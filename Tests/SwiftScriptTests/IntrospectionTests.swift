import XCTest
import Display
@testable import SwiftScript

final class IntrospectionTests: XCTestCase {
    func interpreter(_ cells: String...) -> Interpreter {
        let i = Interpreter()
        for (n, c) in cells.enumerated() {
            if case .failure(let e) = i.execute(c, executionCount: n + 1, host: RecordingHost()) {
                XCTFail("setup cell failed: \(e.evalue)")
            }
        }
        return i
    }

    // MARK: Completion

    func testBuiltinPrefixCompletesToExactlyPrint() {
        let r = Interpreter().complete("pri", cursorPosition: 3)
        XCTAssertEqual(r.matches, ["print"])
        XCTAssertEqual(r.cursorStart, 0)
        XCTAssertEqual(r.cursorEnd, 3)
    }

    func testCompletesVariablesFromEarlierCells() {
        let i = interpreter("let conductance = 1.5\nvar count = 2")
        XCTAssertEqual(i.complete("con", cursorPosition: 3).matches, ["conductance", "continue"])
        XCTAssertTrue(i.complete("cou", cursorPosition: 3).matches.contains("count"))
    }

    func testCompletesNamesDeclaredInTheCellBeingTyped() {
        let code = "let weights = [1]\nwei"
        XCTAssertEqual(Interpreter().complete(code, cursorPosition: code.unicodeScalars.count).matches, ["weights"])
    }

    func testCompletesMembersOfAValueAfterADot() {
        let i = interpreter("let xs = [3, 1, 2]")
        let r = i.complete("xs.so", cursorPosition: 5)
        XCTAssertEqual(r.matches, ["sort", "sorted"])
        XCTAssertEqual(r.cursorStart, 3)
    }

    func testCompletesStructPropertiesAndMethods() {
        let i = interpreter("struct P { var x = 1; var y = 2; func norm() -> Int { x + y } }\nlet p = P()")
        XCTAssertEqual(i.complete("p.", cursorPosition: 2).matches, ["norm", "x", "y"])
    }

    func testCompletesStaticMembersOfTypes() {
        XCTAssertEqual(Interpreter().complete("Double.p", cursorPosition: 8).matches, ["pi"])
        XCTAssertTrue(Interpreter().complete("Int.", cursorPosition: 4).matches.contains("random"))
    }

    func testCompletesImplicitMembersFromTheRegistry() {
        let registry = ScriptRegistry()
        registry.implicitMember("pcm", doc: "phase-change memory")
        registry.implicitMember("reram", doc: "resistive RAM")
        let r = Interpreter(registry: registry).complete("preset(.p", cursorPosition: 9)
        XCTAssertEqual(r.matches, ["pcm"])
        XCTAssertEqual(r.cursorStart, 8)
    }

    func testCompletionCountsCodePointsNotBytes() {
        let code = "let é = \"ü\"; pri"
        let r = Interpreter().complete(code, cursorPosition: code.unicodeScalars.count)
        XCTAssertEqual(r.matches, ["print"])
        XCTAssertEqual(r.cursorStart, code.unicodeScalars.count - 3)
    }

    // MARK: Inspection

    func testInspectsBuiltinFunctions() throws {
        let bundle = try XCTUnwrap(Interpreter().inspect("print", cursorPosition: 2, detailLevel: 0))
        let text = try XCTUnwrap(bundle.plainText)
        XCTAssertTrue(text.contains("print(_:separator:terminator:)"), text)
        XCTAssertTrue(text.contains("standard output"), text)
    }

    func testInspectsVariablesWithTypeAndValue() throws {
        let i = interpreter("var g = [0.5, 0.25]")
        let text = try XCTUnwrap(i.inspect("g", cursorPosition: 1, detailLevel: 0)?.plainText)
        XCTAssertEqual(text, "var g: Array<Double> = [0.5, 0.25]")
    }

    func testInspectsUserFunctionsWithTheirDocComment() throws {
        let i = interpreter("/// Scales a conductance.\nfunc scale(_ g: Double, by k: Double = 2) -> Double { g * k }")
        let text = try XCTUnwrap(i.inspect("scale(", cursorPosition: 6, detailLevel: 0)?.plainText)
        XCTAssertTrue(text.hasPrefix("scale(_:by:) -> Double"), text)
        XCTAssertTrue(text.contains("Scales a conductance."), text)
    }

    func testInspectsStructs() throws {
        let i = interpreter("struct Device { let name: String; var g: Double }")
        let text = try XCTUnwrap(i.inspect("Device", cursorPosition: 3, detailLevel: 0)?.plainText)
        XCTAssertTrue(text.contains("struct Device"), text)
        XCTAssertTrue(text.contains("let name: String"), text)
        XCTAssertTrue(text.contains("var g: Double"), text)
    }

    func testInspectsArrayMethodsAfterADot() throws {
        let i = interpreter("let xs = [1]")
        let text = try XCTUnwrap(i.inspect("xs.append", cursorPosition: 5, detailLevel: 0)?.plainText)
        XCTAssertTrue(text.contains("append(_:)"), text)
    }

    func testInspectingNothingKnownGivesNil() {
        XCTAssertNil(Interpreter().inspect("noSuchThing", cursorPosition: 3, detailLevel: 0))
        XCTAssertNil(Interpreter().inspect("   ", cursorPosition: 1, detailLevel: 0))
    }

    func testHelpPagesTheDocumentation() throws {
        let host = RecordingHost()
        _ = Interpreter().execute("help(print)", executionCount: 1, host: host)
        let page = try XCTUnwrap(host.pages.first?.plainText)
        XCTAssertTrue(page.contains("print(_:separator:terminator:)"))
    }

    // MARK: is_complete

    func testIsComplete() {
        let i = Interpreter()
        XCTAssertEqual(i.isComplete("let x = 1"), .complete)
        XCTAssertEqual(i.isComplete("func f() {"), .incomplete(indent: "    "))
        XCTAssertEqual(i.isComplete("for i in 0..<3 {\n    if i > 1 {"), .incomplete(indent: "        "))
        XCTAssertEqual(i.isComplete("let s = \"abc"), .incomplete(indent: ""))
        XCTAssertEqual(i.isComplete("let s = \"\"\"\nabc"), .incomplete(indent: ""))
        XCTAssertEqual(i.isComplete("/* open comment"), .incomplete(indent: ""))
        XCTAssertEqual(i.isComplete("let s = \"a \\(f(1)) b\""), .complete)
        XCTAssertEqual(i.isComplete("let = 1"), .invalid)
        XCTAssertEqual(i.isComplete("let x = (1))"), .invalid)
        XCTAssertEqual(i.isComplete("// a comment with { brace"), .complete)
    }

    // MARK: Interrupts, recursion, display

    func testInterruptStopsAnInfiniteLoopAndKeepsState() {
        let i = Interpreter()
        let host = RecordingHost()
        _ = i.execute("var kept = 41", executionCount: 1, host: host)
        let flag = i.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.raise() }
        guard case .failure(let e) = i.execute("while true {}", executionCount: 2, host: host) else {
            return XCTFail("the loop was not interrupted")
        }
        XCTAssertEqual(e.ename, "Interrupted")
        XCTAssertTrue(e.traceback.joined().contains("while true {}"))
        i.cancellation.reset()
        guard case .success(let r) = i.execute("kept + 1", executionCount: 3, host: host) else { return XCTFail() }
        XCTAssertEqual(r?.plainText, "42")
    }

    func testDeepRecursionIsAnErrorNotACrash() {
        let i = Interpreter()
        guard case .failure(let e) = i.execute("func down(_ n: Int) -> Int { down(n + 1) }\ndown(0)", executionCount: 1, host: RecordingHost()) else {
            return XCTFail()
        }
        XCTAssertEqual(e.evalue, "recursion depth exceeded (limit 10000)")
        XCTAssertTrue(e.traceback.contains { $0.contains("called from") })
    }

    func testDisplayAndRichValuesReachTheHost() {
        let host = RecordingHost()
        let i = Interpreter()
        _ = i.execute("display(HTML(\"<b>x</b>\"))\nclearOutput(wait: true)", executionCount: 1, host: host)
        XCTAssertEqual(host.displays.first?.0.data["text/html"]?.stringValue, "<b>x</b>")
        XCTAssertEqual(host.clears, [true])
        guard case .success(let r) = i.execute("SVG(\"<svg/>\")", executionCount: 2, host: host) else { return XCTFail() }
        XCTAssertEqual(r?.data["image/svg+xml"]?.stringValue, "<svg/>")
    }

    func testReadLineAsksTheHost() {
        let host = RecordingHost()
        host.inputs = ["Ada"]
        guard case .success(let r) = Interpreter().execute("let name = readLine(prompt: \"name? \")\nname!", executionCount: 1, host: host) else {
            return XCTFail()
        }
        XCTAssertEqual(host.prompts, ["name? "])
        XCTAssertEqual(r?.plainText, "\"Ada\"")
    }

    func testTracebackShowsTheLineAndACaret() {
        guard case .failure(let e) = Interpreter().execute("let a = 1\nlet b = a + missing", executionCount: 7, host: RecordingHost()) else {
            return XCTFail()
        }
        XCTAssertEqual(e.ename, "CompileError")
        let plain = e.traceback.map { $0.replacingOccurrences(of: "\u{1B}[", with: "ESC").replacingOccurrences(
            of: "ESC[0-9;]*m", with: "", options: .regularExpression) }
        XCTAssertEqual(plain, [
            "error: cannot find 'missing' in scope",
            "In[7]:2:13",
            "2 | let b = a + missing",
            "  |             ^",
        ])
    }
}
