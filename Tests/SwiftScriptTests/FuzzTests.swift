import XCTest
import SwiftParser
import SwiftSyntax
@testable import SwiftScript

/// Random and mutated cells (from the corpus, with tokens deleted, duplicated and swapped) must
/// end in a value or a Crossbar error — never a crash, a hang or an escaped Swift error.
final class FuzzTests: XCTestCase {
    struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
    }

    static func tokens(_ code: String) -> [String] {
        Parser.parse(source: code).tokens(viewMode: .sourceAccurate).map { $0.description }
    }

    static func mutate(_ tokens: [String], _ rng: inout SplitMix, pool: [String]) -> String {
        var t = tokens
        for _ in 0...rng.below(3) {
            guard !t.isEmpty else { break }
            let i = rng.below(t.count)
            switch rng.below(4) {
            case 0: t.remove(at: i)
            case 1: t.insert(t[i], at: i)
            case 2:
                let j = rng.below(t.count)
                t.swapAt(i, j)
            default: t.insert(pool[rng.below(pool.count)], at: i)
            }
        }
        return t.joined()
    }

    func testTenThousandMutatedCellsNeverCrash() {
        let corpus = CellCorpus.all.flatMap(\.cells)
        let tokenized = corpus.map(Self.tokens)
        let pool = Array(Set(tokenized.flatMap { $0 })).sorted()
        var rng = SplitMix(state: 20_251_125)
        var interpreter = Interpreter(stackSize: 256 << 20)
        interpreter.stepLimit = 20_000
        var outcomes = (values: 0, errors: 0)
        var kinds = Set<String>()
        for n in 0..<10_000 {
            if n % 200 == 0 {
                interpreter = Interpreter(stackSize: 256 << 20)
                interpreter.stepLimit = 20_000
            }
            let code: String
            switch rng.below(10) {
            case 0: code = (0..<rng.below(12)).map { _ in pool[rng.below(pool.count)] }.joined(separator: " ")
            default: code = Self.mutate(tokenized[rng.below(tokenized.count)], &rng, pool: pool)
            }
            switch interpreter.execute(code, executionCount: n + 1, host: RecordingHost()) {
            case .success: outcomes.values += 1
            case .failure(let e):
                outcomes.errors += 1
                kinds.insert(e.ename)
                XCTAssertFalse(e.evalue.isEmpty, "an error without a message for:\n\(code)")
                XCTAssert(["SyntaxError", "CompileError", "RuntimeError"].contains(e.ename), "unexpected \(e.ename) for:\n\(code)")
            }
        }
        XCTAssertEqual(outcomes.values + outcomes.errors, 10_000)
        // Mutations should exercise both paths and every kind of failure.
        XCTAssertGreaterThan(outcomes.values, 500)
        XCTAssertGreaterThan(outcomes.errors, 500)
        XCTAssertEqual(kinds, ["SyntaxError", "CompileError", "RuntimeError"])
    }

    /// swift-syntax's diagnostics trap on an `=` touched by a vertical tab, form feed or byte-order
    /// mark with spaces elsewhere around it; these cells must give a syntax error instead, through
    /// execution, completeness checks, completion and inspection alike.
    func testWhitespaceThatTrapsSwiftSyntaxGivesSyntaxErrors() {
        let cells = [
            "let x =\u{0B} 1", "let x =\u{0C} 1", "let x \u{0B}= 1", "x \u{0C}= 1", "let x =\u{FEFF} 1",
            "let x \u{FEFF}= 1", "let x \n\u{0B}= 1", "var a = 0\na =\u{0B} 2", "f(a:\u{0C} 1, b =\u{0B} 2)",
        ]
        let interpreter = Interpreter()
        for (n, code) in cells.enumerated() {
            switch interpreter.execute(code, executionCount: n + 1, host: RecordingHost()) {
            case .success(let result):
                XCTFail("\(code.debugDescription) succeeded with \(result?.plainText ?? "no result")")
            case .failure(let e):
                XCTAssertEqual(e.ename, "SyntaxError", code.debugDescription)
                XCTAssertTrue(e.evalue.contains("'=' must have consistent whitespace on both sides"), e.evalue)
            }
            XCTAssertEqual(interpreter.isComplete(code), .invalid, code.debugDescription)
            _ = interpreter.complete(code, cursorPosition: code.utf16.count)
            _ = interpreter.inspect(code, cursorPosition: 2, detailLevel: 0)
        }
        // An ordinary spacing mistake keeps swift-syntax's own diagnosis.
        guard case .failure(let e) = interpreter.execute("let y =1", executionCount: 99, host: RecordingHost()) else {
            return XCTFail("'let y =1' ran")
        }
        XCTAssertTrue(e.evalue.contains("'=' must have consistent whitespace on both sides"), e.evalue)
        // The state survives: an earlier definition is still there.
        _ = interpreter.execute("let kept = 5", executionCount: 100, host: RecordingHost())
        _ = interpreter.execute("let z =\u{0B} 1", executionCount: 101, host: RecordingHost())
        guard case .success(let kept) = interpreter.execute("kept", executionCount: 102, host: RecordingHost()) else {
            return XCTFail("kept was lost")
        }
        XCTAssertEqual(kept?.plainText, "5")
    }
}
