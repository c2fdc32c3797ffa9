import Foundation
import XCTest
@testable import CrossbarAPI
@testable import SwiftScript

/// Issue 13, point 6: an interrupt lands in every long toolkit call, and the cell ends interrupted.
final class InterruptTests: XCTestCase {
    let session = CellSession()

    /// Runs `code` with an interrupt raised after `delay` seconds; the failure's ename and how long it took.
    func interrupted(_ code: String, after delay: Double = 0.3) -> (ename: String?, seconds: Double) {
        let flag = session.interpreter.cancellation
        DispatchQueue.global().asyncAfter(deadline: .now() + delay) { flag.raise() }
        let start = Date()
        let outcome = session.run(code)
        let seconds = Date().timeIntervalSince(start)
        flag.reset()
        if case .failure(let e) = outcome { return (e.ename, seconds) }
        return (nil, seconds)
    }

    func testLongDatasetGenerationStops() {
        let r = interrupted("let huge = Dataset.digits(samples: 200000)")
        XCTAssertEqual(r.ename, "Interrupted")
        XCTAssertLessThan(r.seconds, 5, "stopped within a chunk of samples")
        XCTAssertEqual(session.result("1 + 1"), "2", "the kernel goes on")
    }

    func testDriftStudyStopsBetweenTimePoints() {
        _ = session.run("""
            let data = Dataset.digits(samples: 4000, seed: 1)
            let m = convertToAnalog(Sequential([Flatten(), Linear(in: 256, out: 10, seed: 1)]), config: .inference())
            """)
        let r = interrupted("m.driftStudy(data, times: [1, 10, 100, 1000, 10000, 100000], repeats: 1000, progress: false)")
        XCTAssertEqual(r.ename, "Interrupted")
        XCTAssertLessThan(r.seconds, 5)
    }

    func testAnInterruptedFitBindsTheHistorySoFar() {
        _ = session.run("""
            let blobs = Dataset.blobs(samples: 400, classes: 3, seed: 2)
            let net = Sequential([Linear(in: 2, out: 16, seed: 1), ReLU(), Linear(in: 16, out: 3, seed: 2)])
            """)
        let r = interrupted("let history = net.fit(blobs, epochs: 100000, batchSize: 4, progress: false)", after: 0.5)
        XCTAssertEqual(r.ename, "Interrupted")
        let epochs = Int(session.result("history.rowCount") ?? "") ?? 0
        XCTAssertGreaterThan(epochs, 0, "the finished epochs are bound")
        XCTAssertEqual(session.result("history.columnNames[0]"), #""epoch""#)
    }
}
