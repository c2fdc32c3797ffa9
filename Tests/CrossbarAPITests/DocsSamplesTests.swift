import Foundation
import XCTest
import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// Issue 13, point 3: every code sample in docs/*.md written as cells runs in a cell, so the docs
/// cannot promise a name cells lack. A page's ```swift blocks run in order in one session, as a
/// notebook's cells would. An HTML comment right before a block says what it is, when it is not a
/// cell that runs as written:
///   <!-- setup: let tile = AnalogTile(rows: 8, cols: 8) -->   cells run first (a fragment's context)
///   <!-- library -->                                          plain Swift for the libraries, not a cell
///   <!-- fails: message fragment -->                          a cell that shows an error on purpose
///   <!-- input -->                                            a cell that waits for readLine
final class DocsSamplesTests: XCTestCase {
    struct Sample {
        let page: String
        let index: Int
        let code: String
        let marker: String?
    }

    static var docsFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs")
    }

    static func samples(in page: String, text: String) -> [Sample] {
        var out: [Sample] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        var marker: String?
        while i < lines.count {
            let line = lines[i].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("<!--"), line.hasSuffix("-->") {
                marker = String(line.dropFirst(4).dropLast(3)).trimmingCharacters(in: .whitespaces)
            } else if line == "```swift" {
                var code: [String] = []
                i += 1
                while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces) != "```" {
                    code.append(lines[i])
                    i += 1
                }
                out.append(Sample(page: page, index: out.count, code: code.joined(separator: "\n"), marker: marker))
                marker = nil
            } else if !line.isEmpty {
                marker = nil
            }
            i += 1
        }
        return out
    }

    func testEveryCellSampleInTheDocsRuns() throws {
        let pages = try FileManager.default.contentsOfDirectory(atPath: Self.docsFolder.path).filter { $0.hasSuffix(".md") }.sorted()
        XCTAssertGreaterThan(pages.count, 10)
        // Samples that save files write them into a scratch folder, not the checkout.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-docs-samples-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: scratch)
        }
        var failures: [String] = []
        var ran = 0
        for page in pages {
            let text = try String(contentsOf: Self.docsFolder.appendingPathComponent(page), encoding: .utf8)
            let session = CellSession()
            // A page may set the kernel's memory budget (docs/using.md); the next starts afresh.
            let budget = MemoryBudget.shared.limit
            defer { try? MemoryBudget.shared.setLimit(budget) }
            for sample in Self.samples(in: page, text: text) {
                let marker = sample.marker ?? ""
                if marker == "library" || marker == "input" { continue }
                if marker.hasPrefix("setup:") {
                    if case .failure(let e) = session.run(String(marker.dropFirst("setup:".count))) {
                        failures.append("\(page) block \(sample.index) setup: \(e.evalue)")
                    }
                }
                ran += 1
                switch session.run(sample.code) {
                case .success:
                    if marker.hasPrefix("fails:") { failures.append("\(page) block \(sample.index) was to fail but ran") }
                case .failure(let e):
                    let expected = marker.hasPrefix("fails:") ? marker.dropFirst("fails:".count).trimmingCharacters(in: .whitespaces) : nil
                    if let expected, e.evalue.contains(expected) { continue }
                    failures.append("\(page) block \(sample.index): \(e.ename): \(e.evalue)\n\(sample.code.prefix(160))")
                }
            }
        }
        XCTAssertGreaterThan(ran, 30)
        XCTAssertTrue(failures.isEmpty, "\(failures.count) docs samples fail in a cell:\n" + failures.joined(separator: "\n\n"))
    }
}
