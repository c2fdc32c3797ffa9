import XCTest
@testable import Display

/// Issue 13, point 7: the kernel's memory budget refuses what would cross it.
final class MemoryBudgetTests: XCTestCase {
    func testSizesAsPeopleWriteThem() {
        XCTAssertEqual(MemoryBudget.parse("8G"), 8 << 30)
        XCTAssertEqual(MemoryBudget.parse("8 GB"), 8_000_000_000)
        XCTAssertEqual(MemoryBudget.parse("512M"), 512 << 20)
        XCTAssertEqual(MemoryBudget.parse("1234"), 1234)
        XCTAssertEqual(MemoryBudget.parse("50%"), MemoryBudget.availableBytes() / 2)
        for bad in ["", "lots", "-1G", "0", "150%", "1e30G"] { XCTAssertNil(MemoryBudget.parse(bad), bad) }
    }

    func testTheDefaultIsAShareOfTheMachineOrTheEnvironmentsSetting() {
        XCTAssertEqual(MemoryBudget.defaultLimit(environment: [:]), MemoryBudget.availableBytes() / 4 * 3)
        XCTAssertEqual(MemoryBudget.defaultLimit(environment: ["CROSSBAR_MEMORY_BUDGET": "2G"]), 2 << 30)
        XCTAssertGreaterThan(MemoryBudget.residentBytes(), 1 << 20, "the resident set is read from /proc")
    }

    func testAnAllocationPastTheBudgetIsRefusedWithItsSize() throws {
        let budget = MemoryBudget(limit: MemoryBudget.residentBytes() + (100 << 20))
        XCTAssertNoThrow(try budget.reserve(bytes: 10 << 20, for: "ten megabytes"))
        XCTAssertThrowsError(try budget.reserve(bytes: 400 << 20, for: "an array of 100 values")) { error in
            let e = error as? MemoryBudgetError
            XCTAssertEqual(e?.kind.errorName, "MemoryError")
            XCTAssertTrue(e?.message.hasPrefix("an array of 100 values needs 419 MB") == true, e?.message ?? "")
        }
        XCTAssertThrowsError(try budget.reserve(count: Int.max, stride: 8, for: "everything"), "overflow saturates")
        XCTAssertNoThrow(try budget.checkHeld())
        XCTAssertThrowsError(try budget.setLimit(1 << 20), "a budget below what the process holds")
    }
}
