import Foundation
import XCTest
@testable import SwiftScript

/// Issue 11: a memory error in the optimised build crashed some runs and not others. These run the
/// same programs many times in one process, each in a fresh interpreter, and require the same
/// output every time.
final class RepeatedRunTests: XCTestCase {
    static let issuePrograms: [(code: String, stdout: String)] = [
        ("struct Counter { var n = 0; mutating func inc(_ k: Int = 1) { n += k } }\nvar c = Counter()\nfor i in 0..<1000 { c.inc(i % 3) }\nprint(c.n)",
         "999\n"),
        ("struct Point { var x: Double; var y: Double; mutating func shift(by d: Double) { x += d } }\nvar p = Point(x: 1, y: 2)\np.shift(by: 0.5)\nprint(p)",
         "Point(x: 1.5, y: 2.0)\n"),
        ("var fs: [(Int) -> Int] = []; for k in 0..<5 { fs.append({ x in x * k }) }; print(fs.map { $0(10) })",
         "[0, 10, 20, 30, 40]\n"),
    ]

    func testIssueProgramsAThousandTimesInOneProcess() {
        for run in 1...1000 {
            for (code, expected) in Self.issuePrograms {
                let host = RecordingHost()
                let outcome = Interpreter().execute(code, executionCount: 1, host: host)
                if case .failure(let e) = outcome { return XCTFail("run \(run): \(e.ename): \(e.evalue)\n\(code)") }
                if host.stdout != expected { return XCTFail("run \(run) printed \(host.stdout.debugDescription)\n\(code)") }
            }
        }
    }

    /// The whole corpus `CROSSBAR_CORPUS_REPEAT` times in a row (3 by default; `make
    /// test-release-loop` asks for 1,000).
    func testWholeCorpusRepeatedInOneProcess() {
        let repeats = ProcessInfo.processInfo.environment["CROSSBAR_CORPUS_REPEAT"].flatMap(Int.init) ?? 3
        for run in 1...max(1, repeats) {
            var failures: [String] = []
            for c in CellCorpus.all {
                if let problem = CellCorpusTests.check(c) { failures.append("\(c.name): \(problem)") }
            }
            if !failures.isEmpty { return XCTFail("run \(run) of \(repeats):\n" + failures.joined(separator: "\n")) }
        }
    }
}
