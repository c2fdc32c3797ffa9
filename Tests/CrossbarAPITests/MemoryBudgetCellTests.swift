import XCTest
import Display
@testable import CrossbarAPI

/// Issue 13, point 7, in cells: an allocation past the kernel's budget is a MemoryError naming the
/// size, and the session's earlier variables survive it.
final class MemoryBudgetCellTests: XCTestCase {
    let session = CellSession()
    var saved = 0

    override func setUp() {
        saved = MemoryBudget.shared.limit
        let tight = MemoryBudget.residentBytes() + (150 << 20)
        XCTAssertEqual(session.outcome("kernel.memoryBudget = \(tight)").ename, nil)
    }

    override func tearDown() {
        try? MemoryBudget.shared.setLimit(saved)
    }

    func testTheReportedCellFailsAndTheSessionGoesOn() {
        XCTAssertNil(session.outcome("let kept = Array(0..<1_000_000)").ename)
        let r = session.outcome("(0..<100_000_000).map { $0 * 2 }")
        XCTAssertEqual(r.ename, "MemoryError")
        XCTAssertTrue(r.text?.hasPrefix("an array of 100,000,000 values needs") == true, r.text ?? "")
        XCTAssertEqual(session.result("kept.count"), "1000000")
    }

    func testArraysStringsTensorsAndTablesAreAccounted() {
        for (code, named) in [
            ("Array(repeating: 1.5, count: 100_000_000)", "an array of 100,000,000 values"),
            ("String(repeating: \"ab\", count: 90_000_000)", "a string of 180,000,000 bytes"),
            ("let words = String(repeating: \"ab\", count: 50_000_000)\nwords + words", "a string of 200,000,000 bytes"),
            ("AnalogTile(rows: 12_000, cols: 12_000)", "a 12000×12000 tensor"),
            // Last: the array it grows stays bound at the size it had reached.
            ("var xs = [0]\nfor _ in 0..<26 { xs = xs + xs }\nxs.count", "an array of"),
        ] {
            let r = session.outcome(code)
            XCTAssertEqual(r.ename, "MemoryError", code)
            XCTAssertTrue(r.text?.contains(named) == true, "\(code): \(r.text ?? "")")
        }
        XCTAssertEqual(session.result("1 + 1"), "2")
    }

    func testATableIsAccountedForItsCells() {
        XCTAssertNil(session.outcome("kernel.memoryBudget = kernel.memoryHeld + 400_000_000").ename)
        XCTAssertNil(session.outcome("let column = Array(repeating: 1, count: 4_000_000)").ename)
        XCTAssertNil(session.outcome("kernel.memoryBudget = kernel.memoryHeld + 70_000_000").ename)
        let r = session.outcome("Table(columns: [\"x\": column])")
        XCTAssertEqual(r.ename, "MemoryError")
        XCTAssertTrue(r.text?.hasPrefix("table column 'x' of 4000000 values needs") == true, r.text ?? "")
    }

    func testTheBudgetIsReadAndSetFromACell() {
        XCTAssertEqual(session.outcome("kernel.memoryHeld > 1_000_000").text, "true")
        XCTAssertEqual(session.outcome("kernel.memoryBudget = 1_000_000").text?.hasPrefix("a memory budget of 1 MB is below"), true)
        XCTAssertEqual(session.outcome("kernel.setMemoryBudget(\"lots\")").text?.hasPrefix("setMemoryBudget takes a size"), true)
        XCTAssertNil(session.outcome("kernel.setMemoryBudget(\"64G\")").ename)
        XCTAssertEqual(session.result("kernel.memoryBudget"), String(64 << 30))
    }
}
