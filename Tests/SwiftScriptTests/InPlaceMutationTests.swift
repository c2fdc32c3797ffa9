import XCTest
@testable import SwiftScript

/// Assigning an element, a field or a dictionary entry changes the storage in place, as Swift does,
/// instead of copying the whole collection each time (which made `for i in 0..<n { xs[i] = i }`
/// quadratic: 460 s for 200,000 elements). Checked by the storage's address, not by timing: a copy
/// would have to live at a new address while the old one is still held.
final class InPlaceMutationTests: XCTestCase {
    let interpreter = Interpreter()
    var cell = 0

    func run(_ code: String) {
        cell += 1
        if case .failure(let e) = interpreter.execute(code, executionCount: cell, host: RecordingHost()) { XCTFail("\(code): \(e.evalue)") }
    }

    func value(_ name: String) -> Value? { interpreter.runtime.globals[name]?.value }

    /// Where the array's (or the dictionary's key list's) elements are stored.
    func address(_ v: Value?, path: (Value) -> [Value]? = { if case .array(let a) = $0 { return a } else { return nil } }) -> UInt? {
        guard let v, let items = path(v) else { return nil }
        return items.withUnsafeBufferPointer { $0.baseAddress.map { UInt(bitPattern: $0) } }
    }

    func testAnArrayElementIsAssignedInPlace() {
        run("var xs = Array(repeating: 0, count: 1000)")
        let before = address(value("xs"))
        run("for i in 0..<1000 { xs[i] = i }")
        XCTAssertNotNil(before)
        XCTAssertEqual(address(value("xs")), before)
    }

    func testADictionaryEntryIsAddedInPlace() {
        run("var d = [Int: Int]()\nfor i in 0..<10 { d[i] = i }")
        func keys(_ v: Value) -> [Value]? { if case .dict(let d) = v { return d.keys } else { return nil } }
        let before = address(value("d"), path: keys)
        run("d[10] = 10")
        XCTAssertEqual(address(value("d"), path: keys), before, "the key list grows in place while it has room")
    }

    func testAFieldOfAStructAndATupleIsAssignedInPlace() {
        run("struct Grid { var cells = Array(repeating: 0, count: 100) }\nvar g = Grid()\nvar t = (cells: Array(repeating: 0, count: 100), n: 0)")
        func cells(_ v: Value) -> [Value]? {
            switch v {
            case .instance(let inst): if case .array(let a) = inst.fields[0] { return a }
            case .tuple(let t): if case .array(let a) = t.items[0] { return a }
            default: break
            }
            return nil
        }
        let grid = address(value("g"), path: cells), tuple = address(value("t"), path: cells)
        run("for i in 0..<100 { g.cells[i] = i; t.cells[i] = i }")
        XCTAssertNotNil(grid)
        XCTAssertEqual(address(value("g"), path: cells), grid)
        XCTAssertEqual(address(value("t"), path: cells), tuple)
    }

    func testAMutatingMethodChangesSelfInPlace() {
        run("""
            struct Stack { var items: [Int] = []; mutating func set(_ i: Int, _ x: Int) { items[i] = x } }
            var s = Stack(items: Array(repeating: 0, count: 100))
            """)
        func items(_ v: Value) -> [Value]? {
            if case .instance(let inst) = v, case .array(let a) = inst.fields[0] { return a }
            return nil
        }
        let before = address(value("s"), path: items)
        run("for i in 0..<100 { s.set(i, i) }")
        XCTAssertNotNil(before)
        XCTAssertEqual(address(value("s"), path: items), before)
    }
}
