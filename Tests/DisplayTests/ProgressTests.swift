import XCTest
@testable import Display

final class RecordingSink: ProgressSink {
    var events: [(kind: String, id: String, text: String)] = []
    func showProgress(_ bundle: MIMEBundle, displayID: String) { events.append(("show", displayID, bundle.plainText ?? "")) }
    func updateProgress(_ bundle: MIMEBundle, displayID: String) { events.append(("update", displayID, bundle.plainText ?? "")) }
}

final class ProgressTests: XCTestCase {
    func testThrottlesUpdatesAndEndsAtHundredPercent() {
        var now: UInt64 = 0
        let sink = RecordingSink()
        let p = Progress(total: 1000, label: "epochs", sink: sink, maxUpdatesPerSecond: 10, clock: { now })
        for _ in 0..<1000 {
            now += 1_000_000  // 1 ms a step: 1 s in all, so about 10 updates
            p.advance()
        }
        p.finish()
        XCTAssertEqual(sink.events.first?.kind, "show")
        XCTAssertEqual(Set(sink.events.map(\.id)).count, 1, "one display id throughout")
        let updates = sink.events.filter { $0.kind == "update" }.count
        XCTAssertGreaterThanOrEqual(updates, 9)
        XCTAssertLessThanOrEqual(updates, 12)
        XCTAssertTrue(sink.events.last?.text.contains("100%") ?? false, sink.events.last?.text ?? "")
        XCTAssertTrue(sink.events.last?.text.contains("1000/1000") ?? false)
    }

    func testInterruptStopsWhereItWas() {
        var now: UInt64 = 0
        let sink = RecordingSink()
        let p = Progress(total: 10, label: "train", sink: sink, clock: { now })
        for _ in 0..<4 { now += 200_000_000; p.advance() }
        p.interrupt()
        p.advance()
        p.finish()
        XCTAssertEqual(p.state, .interrupted)
        XCTAssertEqual(p.completed, 4)
        XCTAssertTrue(sink.events.last?.text.contains("40%") ?? false)
        XCTAssertTrue(sink.events.last?.text.contains("interrupted") ?? false)
    }

    func testRateAndETAText() {
        var now: UInt64 = 0
        let p = Progress(total: 10, sink: nil, clock: { now })
        now = 2_000_000_000
        p.advance(by: 4)
        XCTAssertTrue(p.plainText.contains("2 it/s"), p.plainText)
        XCTAssertTrue(p.plainText.contains("ETA 0:03"), p.plainText)
        XCTAssertTrue(p.mimeBundle.data["text/html"]?.stringValue?.contains("width:40%") ?? false)
    }

    func testLabelIsEscapedInHTML() {
        let p = Progress(total: 1, label: "<script>x</script>", sink: nil)
        XCTAssertFalse(p.mimeBundle.data["text/html"]?.stringValue?.contains("<script>") ?? true)
    }
}
