import XCTest
@testable import SwiftScript

/// Numeric functions also get a typed form; it must behave exactly like the general tier.
final class TypedTierTests: XCTestCase {
    func run(_ cells: String...) -> (Interpreter, ExecutionOutcome, RecordingHost) {
        let i = Interpreter()
        let host = RecordingHost()
        var last = ExecutionOutcome.success(result: nil)
        for (n, c) in cells.enumerated() { last = i.execute(c, executionCount: n + 1, host: host) }
        return (i, last, host)
    }

    func result(_ outcome: ExecutionOutcome) -> String? {
        if case .success(let b) = outcome { return b?.plainText }
        return nil
    }

    func error(_ outcome: ExecutionOutcome) -> ScriptError? {
        if case .failure(let e) = outcome { return e }
        return nil
    }

    func testNumericFunctionsGetATypedForm() {
        let (i, out, _) = run("func fib(_ n: Int) -> Int { n < 2 ? n : fib(n - 1) + fib(n - 2) }\nfib(20)")
        XCTAssertEqual(result(out), "6765")
        XCTAssertNotNil(i.runtime.globals["fib"]?.typedBody)
        let (j, _, _) = run("func greet(_ s: String) -> String { s }")
        XCTAssertNil(j.runtime.globals["greet"]?.typedBody, "String functions stay on the general tier")
    }

    func testLoopsLocalsAndMath() {
        let (_, out, _) = run("""
            func integrate(steps: Int) -> Double {
                var total = 0.0
                let h = 1.0 / Double(steps)
                for k in 0..<steps {
                    let x = (Double(k) + 0.5) * h
                    total += 4 / (1 + x * x) * h
                }
                return total
            }
            abs(integrate(steps: 1000) - Double.pi) < 1e-6
            """)
        XCTAssertEqual(result(out), "true")
    }

    func testLiteralTypingMatchesTheGeneralTier() {
        let (_, out, _) = run("func f(_ x: Double) -> Double { 2 / 3 * x }\nf(3)")
        XCTAssertEqual(result(out), "2.0")
        let (_, out2, _) = run("func g(_ n: Int) -> Double { let y: Double = 1 / 4\nreturn y * Double(n) }\ng(2)")
        XCTAssertEqual(result(out2), "0.5")
    }

    func testOverflowAndDivisionByZeroAreErrors() {
        let (_, o1, _) = run("func twice(_ n: Int) -> Int { n * 2 }\ntwice(Int.max)")
        XCTAssertEqual(error(o1)?.evalue, "arithmetic overflow")
        let (_, o2, _) = run("func half(_ n: Int, _ d: Int) -> Int { n / d }\nhalf(4, 0)")
        XCTAssertEqual(error(o2)?.evalue, "division by zero")
        XCTAssertEqual(error(o2)?.line, 1)
        XCTAssertTrue(error(o2)?.traceback.contains { $0.contains("called from") } ?? false)
    }

    func testRecursionDepthAndMissingReturn() {
        let (_, o1, _) = run("func down(_ n: Int) -> Int { down(n + 1) }\ndown(0)")
        XCTAssertEqual(error(o1)?.evalue, "recursion depth exceeded (limit 10000)")
        let (_, o2, _) = run("func f(_ n: Int) -> Int {\n    if n > 0 { return 1 }\n}\nf(0)")
        XCTAssertEqual(error(o2)?.evalue, "missing return in function expected to return 'Int'")
    }

    func testInterruptStopsATypedLoop() {
        let i = Interpreter()
        let host = RecordingHost()
        _ = i.execute("func spin() -> Int {\n    var n = 0\n    while true { n += 1 }\n    return n\n}", executionCount: 1, host: host)
        let flag = i.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.2) { flag.raise() }
        XCTAssertEqual(error(i.execute("spin()", executionCount: 2, host: host))?.ename, "Interrupted")
    }

    func testRedefiningACalleeWithOtherTypesFallsBackToTheGeneralTier() {
        let (_, out, _) = run(
            "func inner(_ x: Int) -> Int { x + 1 }\nfunc outer(_ x: Int) -> Int { inner(x) * 2 }",
            "outer(1)",
            "func inner(_ x: Int) -> Double { Double(x) + 0.5 }",
            "outer(1)")
        // outer was compiled against inner -> Int; the new inner returns Double, which Int can't hold.
        XCTAssertEqual(error(out)?.evalue, "cannot convert value of type 'Double' to expected type 'Int'")
        let (_, out2, _) = run(
            "func inner(_ x: Int) -> Int { x + 1 }\nfunc outer(_ x: Int) -> Int { inner(x) * 2 }",
            "func inner(_ x: Int) -> Int { x + 10 }",
            "outer(1)")
        XCTAssertEqual(result(out2), "22")
    }

    func testTypedFunctionsCalledWithWrongTypesGiveSwiftsMessage() {
        let (_, out, _) = run("func sq(_ x: Int) -> Int { x * x }\nlet s = \"3\"\nsq(s)")
        XCTAssertEqual(error(out)?.evalue, "cannot convert value of type 'String' to expected argument type 'Int'")
    }
}
