import Foundation
import SwiftParser
import SwiftSyntax
import XCTest

/// Exports the cell corpus for the differential test against real Swift (Tests/differential).
///
/// With `CROSSBAR_EXPORT_CORPUS=/path/corpus.json`, `testExportCorpus` writes every case of
/// `CellCorpus.all` there as JSON:
///
///     [{"name": ..., "cells": [...], "kind": "result" | "error" | "succeeds",
///       "expected_result": ... | null, "expected_error": ... | null, "stdout": ... | null,
///       "program": ...}]
///
/// `program` is the cells joined with "\n". For a `.result` case with a result, the last
/// statement of the last cell (an expression: it gives the cell's result) is wrapped as
/// `debugPrint(<expr>)`, so a compiled program prints the text the cell's result shows.
/// Without the variable the tests only check, cheaply, what the export relies on.
final class CorpusExportTests: XCTestCase {
    static let environmentKey = "CROSSBAR_EXPORT_CORPUS"

    /// The cells as one program; for a case with a result, its last expression printed with debugPrint.
    static func program(for c: CellCase) -> String {
        var cells = c.cells
        if case .result(let expected?) = c.expectation, !expected.isEmpty, let last = cells.last,
           let wrapped = wrappingLastExpression(last) {
            cells[cells.count - 1] = wrapped
        }
        return cells.joined(separator: "\n")
    }

    /// `code` with its last top-level statement, when that is a plain expression, as
    /// `debugPrint(<expr>)`; nil when the last statement is not one (a declaration, a statement,
    /// an `if`/`switch` expression, an assignment) or the code does not parse.
    static func wrappingLastExpression(_ code: String) -> String? {
        let file = Parser.parse(source: code)
        guard !file.hasError, let last = file.statements.last, case .expr(let expr) = last.item else { return nil }
        if expr.is(IfExprSyntax.self) || expr.is(SwitchExprSyntax.self) || expr.is(ClosureExprSyntax.self) {
            return nil
        }
        if let sequence = expr.as(SequenceExprSyntax.self),
           sequence.elements.contains(where: { $0.is(AssignmentExprSyntax.self) }) {
            return nil
        }
        let bytes = Array(code.utf8)
        let start = expr.positionAfterSkippingLeadingTrivia.utf8Offset
        let end = expr.endPositionBeforeTrailingTrivia.utf8Offset
        guard 0 <= start, start <= end, end <= bytes.count else { return nil }
        let before = String(decoding: bytes[..<start], as: UTF8.self)
        let inner = String(decoding: bytes[start..<end], as: UTF8.self)
        let after = String(decoding: bytes[end...], as: UTF8.self)
        return before + "debugPrint(" + inner + ")" + after
    }

    /// One case as the JSON object the differential runner reads.
    static func record(for c: CellCase) -> [String: Any] {
        var kind = "succeeds"
        var expectedResult: Any = NSNull()
        var expectedError: Any = NSNull()
        switch c.expectation {
        case .result(let text):
            kind = "result"
            if let text { expectedResult = text }
        case .error(let message):
            kind = "error"
            expectedError = message
        case .succeeds:
            break
        }
        return [
            "name": c.name,
            "cells": c.cells,
            "kind": kind,
            "expected_result": expectedResult,
            "expected_error": expectedError,
            "stdout": c.stdout.map { $0 as Any } ?? NSNull(),
            "program": program(for: c),
        ]
    }

    /// Always builds and encodes the export (cheap); writes it only when the variable names a file.
    func testExportCorpus() throws {
        let records = CellCorpus.all.map(Self.record(for:))
        XCTAssertTrue(JSONSerialization.isValidJSONObject(records))
        let data = try JSONSerialization.data(withJSONObject: records,
                                              options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let wrapped = CellCorpus.all.filter { Self.program(for: $0).contains("debugPrint(") }.count
        XCTAssertGreaterThan(wrapped, 0, "no .result case had its last expression wrapped")
        guard let path = ProcessInfo.processInfo.environment[Self.environmentKey], !path.isEmpty else { return }
        try data.write(to: URL(fileURLWithPath: path))
        let back = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]]
        XCTAssertEqual(back?.count, CellCorpus.all.count)
    }

    /// Runs without the variable: the runner keys deliberate differences by name.
    func testCaseNamesAreUniqueAndNonEmpty() {
        let names = CellCorpus.all.map(\.name)
        XCTAssertFalse(names.isEmpty)
        XCTAssertEqual(names.filter { $0.trimmingCharacters(in: .whitespaces).isEmpty }, [])
        var seen: Set<String> = []
        let duplicates = names.filter { !seen.insert($0).inserted }
        XCTAssertEqual(duplicates, [], "case names must be unique")
    }

    func testLastExpressionIsWrapped() {
        XCTAssertEqual(Self.wrappingLastExpression("let a = 1; a + 1 // two"), "let a = 1; debugPrint(a + 1) // two")
        XCTAssertEqual(Self.wrappingLastExpression("let x = 5\n  x\n"), "let x = 5\n  debugPrint(x)\n")
        XCTAssertEqual(Self.wrappingLastExpression("\"é\"\n[1, 2].map { $0 * 2 }"), "\"é\"\ndebugPrint([1, 2].map { $0 * 2 })")
        XCTAssertNil(Self.wrappingLastExpression("let x = 5"))
        XCTAssertNil(Self.wrappingLastExpression("var x = 1\nx = 2"))
        XCTAssertNil(Self.wrappingLastExpression("if true {\n    print(1)\n}"))
        XCTAssertNil(Self.wrappingLastExpression("let = "))
    }

    func testProgramJoinsCellsAndWrapsOnlyResults() {
        let result = CellCase("r", cells: ["var n = 1", "n += 1\nn"], expect: .result("2"))
        XCTAssertEqual(Self.program(for: result), "var n = 1\nn += 1\ndebugPrint(n)")
        let none = CellCase("n", cells: ["1 + 1;"], expect: .result(nil))
        XCTAssertEqual(Self.program(for: none), "1 + 1;")
        let output = CellCase.output("o", "print(1)", "1\n")
        XCTAssertEqual(Self.program(for: output), "print(1)")
        let error = CellCase.error("e", "[1][3]", "index")
        XCTAssertEqual(Self.program(for: error), "[1][3]")
        XCTAssertEqual(Self.record(for: result)["kind"] as? String, "result")
        XCTAssertEqual(Self.record(for: error)["expected_error"] as? String, "index")
    }
}
