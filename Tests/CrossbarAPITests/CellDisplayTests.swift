import XCTest
import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// The cell-level Display API (Table, plot, Figure, Progress) as cells use it.
final class CellDisplayTests: XCTestCase {
    var session: CellSession!
    var host: RecordingHost { session.host }

    override func setUp() { session = CellSession() }

    @discardableResult
    func run(_ code: String) -> ExecutionOutcome { session.run(code) }

    func bundle(_ code: String, file: StaticString = #filePath, line: UInt = #line) -> MIMEBundle? {
        switch run(code) {
        case .success(let b): return b
        case .failure(let e):
            XCTFail("cell failed: \(e.evalue)", file: file, line: line)
            return nil
        }
    }

    func error(_ code: String) -> String? {
        if case .failure(let e) = run(code) { return e.evalue }
        return nil
    }

    func testTableFromColumnsKeepsOrderAndUnits() throws {
        let b = try XCTUnwrap(bundle(#"Table(columns: ["device": ["PCM", "ReRAM"], "g": [25e-6, 1.2e-6]], units: ["g": "S"])"#))
        let text = try XCTUnwrap(b.plainText)
        XCTAssertTrue(text.contains("25 µS"), text)
        XCTAssertLessThan(try XCTUnwrap(text.range(of: "device")).lowerBound, try XCTUnwrap(text.range(of: "g (S)") ?? text.range(of: "g")).lowerBound)
        XCTAssertNotNil(b.data["text/html"])
    }

    func testTableOperationsReturnTables() throws {
        run(#"let t = Table(rows: [["PCM", 3, 0.9], ["ReRAM", 1, 0.95], ["ECRAM", 2, 0.99]], columns: ["device", "seed", "acc"])"#)
        XCTAssertEqual(bundle(#"t.sorted(by: "seed").column("device")"#)?.plainText, #"["ReRAM", "ECRAM", "PCM"]"#)
        XCTAssertEqual(bundle(#"t.filter { row in (row["acc"] as! Double) > 0.92 }.rowCount"#)?.plainText, "2")
        XCTAssertEqual(bundle(#"t.select("acc", "device").columnNames"#)?.plainText, #"["acc", "device"]"#)
        XCTAssertEqual(bundle(#"t.row(1)["device"]!"#)?.plainText, #""ReRAM""#)
        XCTAssertEqual(bundle(#"Table(csv: t.toCSV()).rowCount"#)?.plainText, "3")
        XCTAssertEqual(bundle(#"t.groupBy("device").count().rowCount"#)?.plainText, "3")
    }

    func testTableErrorsAreClear() {
        XCTAssertEqual(error(#"Table(columns: ["a": [1, 2], "b": [1]])"#), "column 'b' has 1 values but 'a' has 2")
        run(#"let t = Table(columns: ["a": [1]])"#)
        XCTAssertTrue(error(#"t.column("zz")"#)?.contains("zz") ?? false)
        XCTAssertTrue(error(#"Table(columns: ["a": [[1]]])"#)?.contains("a table cell must be") ?? false)
    }

    func testPlotsAreSVGFigures() throws {
        let b = try XCTUnwrap(bundle("plot(x: [1, 2, 3], y: [1, 4, 9])"))
        let svg = try XCTUnwrap(b.data["image/svg+xml"]?.stringValue)
        XCTAssertTrue(svg.contains("<svg"))
        XCTAssertTrue(svg.contains("polyline") || svg.contains("path"))
        run("let f = Figure(rows: 1, cols: 2, title: \"two\")\nf.hist([1, 2, 2, 3], bins: 3, col: 1)\nf.plot(x: [1, 10, 100], y: [1, 2, 3], col: 0)\nf.xscale(.log, col: 0)")
        XCTAssertNotNil(bundle("f")?.data["image/svg+xml"])
        XCTAssertEqual(error("f.plot(x: [1], y: [1], col: 5)"), "panel (0, 5) is outside this 1 × 2 figure")
        XCTAssertEqual(error("plot(x: [1, 2, 3], y: [1, 2])"), "plot: x has 3 values but y has 2")
        XCTAssertTrue(error("plot(x: [0, 1], y: [1, 2], xscale: .log).svg")?.contains("log") ?? false)
    }

    func testProgressShowsOnceThenUpdatesInPlace() {
        run("let p = Progress(total: 3, label: \"steps\")\np.advance()\np.advance()\np.finish()")
        XCTAssertEqual(host.displays.count, 1)
        let id = host.displays.first?.1
        XCTAssertNotNil(id)
        XCTAssertFalse(host.updates.isEmpty)
        XCTAssertTrue(host.updates.allSatisfy { $0.1 == id })
        XCTAssertTrue(host.updates.last?.0.plainText?.contains("100%") ?? false)
    }

    func testNotebookCodeCellsAreReadInOrder() throws {
        let nb = ##"{"cells": [{"cell_type": "markdown", "source": "# t"}, {"cell_type": "code", "source": ["let a = 1\n", "a + 1"]}, {"cell_type": "code", "source": "print(a)"}], "nbformat": 4}"##
        XCTAssertEqual(try ScriptRunner.codeCells(ofNotebook: nb), ["let a = 1\na + 1", "print(a)"])
        XCTAssertThrowsError(try ScriptRunner.codeCells(ofNotebook: "{}"))
        XCTAssertThrowsError(try ScriptRunner.codeCells(ofNotebook: "not json"))
    }
}
