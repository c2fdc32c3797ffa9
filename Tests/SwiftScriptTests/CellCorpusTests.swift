import XCTest
import Display
@testable import SwiftScript

/// Collects what a cell writes, shows and asks for.
final class RecordingHost: ScriptHost {
    var stdout = ""
    var stderr = ""
    var displays: [(MIMEBundle, String?)] = []
    var updates: [(MIMEBundle, String)] = []
    var pages: [MIMEBundle] = []
    var clears: [Bool] = []
    var inputs: [String] = []
    var prompts: [String] = []

    func write(_ text: String, to stream: OutputStreamName) {
        if stream == .stdout { stdout += text } else { stderr += text }
    }
    func display(_ bundle: MIMEBundle, displayID: String?) { displays.append((bundle, displayID)) }
    func updateDisplay(_ bundle: MIMEBundle, displayID: String) { updates.append((bundle, displayID)) }
    func clearOutput(wait: Bool) { clears.append(wait) }
    func readLine(prompt: String, password: Bool) throws -> String {
        prompts.append(prompt)
        guard !inputs.isEmpty else { throw InputUnavailable("no input available") }
        return inputs.removeFirst()
    }
    func page(_ bundle: MIMEBundle) { pages.append(bundle) }
}

/// Runs the cell corpus: every case in a fresh interpreter, all failures reported together.
final class CellCorpusTests: XCTestCase {
    /// Runs one case and returns what went wrong, or nil.
    static func check(_ c: CellCase, earlierCellsMayFail: Bool = false) -> String? {
        let interpreter = Interpreter()
        let host = RecordingHost()
        var last: ExecutionOutcome = .success(result: nil)
        for (i, code) in c.cells.enumerated() {
            last = interpreter.execute(code, executionCount: i + 1, host: host)
            if i < c.cells.count - 1, !earlierCellsMayFail, case .failure(let e) = last {
                return "cell \(i + 1) failed: \(e.evalue)"
            }
        }
        if let expected = c.stdout, host.stdout != expected {
            return "stdout \(host.stdout.debugDescription), expected \(expected.debugDescription)"
        }
        switch (c.expectation, last) {
        case (.succeeds, .success): return nil
        case (.result(let expected), .success(let bundle)):
            let got = bundle?.plainText
            return got == expected ? nil : "result \(got.debugDescription), expected \(expected.debugDescription)"
        case (.error(let message), .failure(let e)):
            guard e.evalue.contains(message) else { return "error \(e.evalue.debugDescription), expected to contain \(message.debugDescription)" }
            if let p = c.position, (p.line, p.column) != (e.line, e.column) {
                return "error at \(e.line):\(e.column), expected \(p.line):\(p.column)"
            }
            return nil
        case (.error(let message), .success(let bundle)):
            return "succeeded with \(bundle?.plainText.debugDescription ?? "no result"), expected error \(message.debugDescription)"
        case (_, .failure(let e)):
            return "failed: \(e.ename): \(e.evalue)"
        }
    }

    func testCorpusHasAtLeast200Cases() {
        XCTAssertGreaterThanOrEqual(CellCorpus.all.count, 200)
        XCTAssertEqual(Set(CellCorpus.all.map(\.name)).count, CellCorpus.all.count, "case names must be unique")
    }

    func testEveryCorpusCase() {
        var failures: [String] = []
        for c in CellCorpus.all {
            if let problem = Self.check(c) { failures.append("\(c.name): \(problem)") }
        }
        XCTAssert(failures.isEmpty, "\(failures.count) of \(CellCorpus.all.count) cases failed:\n" + failures.joined(separator: "\n"))
    }

    func testBindingsSurviveFailedCells() {
        var failures: [String] = []
        for c in CellCorpus.acrossFailedCells {
            if let problem = Self.check(c, earlierCellsMayFail: true) { failures.append("\(c.name): \(problem)") }
        }
        XCTAssert(failures.isEmpty, failures.joined(separator: "\n"))
    }
}
