import XCTest
@testable import Display

final class TableTests: XCTestCase {
    func sample() throws -> Table {
        try Table(columnNames: ["device", "g", "accuracy", "ok"], rows: [
            ["PCM", 2.5e-5, 97.25, true],
            ["ReRAM", 1.2e-6, 95.5, false],
            ["ECRAM", nil, 91.0, true],
        ], units: ["g": "S", "accuracy": "%"], title: "Devices")
    }

    func testPlainTextAlignsAndFormatsUnits() throws {
        let text = try sample().plainText()
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "Devices")
        XCTAssertTrue(lines[1].hasPrefix("device"), lines[1])
        XCTAssertTrue(text.contains("25 µS"), text)
        XCTAssertTrue(text.contains("1.2 µS"), text)
        XCTAssertTrue(text.contains("97.25 %"), text)
        // Every data line has the same width as the header.
        let widths = Set(lines.dropFirst().map(\.count))
        XCTAssertEqual(widths.count, 1, text)
    }

    func testLongTablesAreElidedWithACount() throws {
        let t = try Table(columns: [Column("i", (0..<100).map { .int($0) })])
        let text = t.plainText()
        XCTAssertTrue(text.contains("[100 rows × 1 columns]"))
        XCTAssertTrue(text.contains("…"))
        XCTAssertFalse(text.contains("\n50\n"))
        XCTAssertTrue(t.html().contains("more rows"))
    }

    func testHTMLEscapesHostileStrings() throws {
        let t = try Table(columnNames: ["<b>name</b>"], rows: [["<script>alert('x')</script>"], ["a & \"b\""]],
                          title: "<img src=x onerror=alert(1)>")
        let html = t.html()
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("<b>name"))
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("a &amp; &quot;b&quot;"))
    }

    func testMarkdownEscapesPipesAndNewlines() throws {
        let t = try Table(columnNames: ["a", "n"], rows: [["x|y\nz", 1]])
        let md = t.markdown()
        XCTAssertTrue(md.contains("x\\|y⏎z"), md)
        XCTAssertTrue(md.contains("---:"))
    }

    func testCSVRoundTripWithQuotesCommasNewlinesAndUnicode() throws {
        let t = try Table(columnNames: ["text", "x", "n", "flag"], rows: [
            ["plain", 1.5, 1, true],
            ["comma, inside", -2.25e-7, 2, false],
            ["\"quoted\" word", 0.1, 3, nil],
            ["two\nlines\r\nhere", 3.0, 4, true],
            ["µS – ünïcødé 😀", 1e300, -5, false],
        ])
        let csv = t.toCSV()
        XCTAssertTrue(csv.contains("\"comma, inside\""))
        XCTAssertTrue(csv.contains("\"\"\"quoted\"\" word\""))
        let back = try Table(csv: csv)
        XCTAssertEqual(back.columnNames, t.columnNames)
        XCTAssertEqual(back.rowCount, 5)
        XCTAssertEqual(try back.column("text").values, try t.column("text").values)
        XCTAssertEqual(try back.column("x").values, try t.column("x").values)
        XCTAssertEqual(try back.column("n").values, try t.column("n").values)
        XCTAssertEqual(try back.column("flag").values, try t.column("flag").values)
    }

    func testCSVErrors() {
        XCTAssertThrowsError(try Table(csv: "")) { XCTAssertTrue("\($0)".contains("empty")) }
        XCTAssertThrowsError(try Table(csv: "a,b\n1\n")) { XCTAssertTrue("\($0)".contains("row 2")) }
        XCTAssertThrowsError(try Table(csv: "a\n\"open\n")) { XCTAssertTrue("\($0)".contains("unterminated")) }
    }

    func testTransformations() throws {
        let t = try sample()
        XCTAssertEqual(try t.sorted(by: "accuracy").column("device").values, ["ECRAM", "ReRAM", "PCM"])
        XCTAssertEqual(try t.sorted(by: "g", ascending: false).column("device").values, ["PCM", "ReRAM", "ECRAM"],
                       "missing cells sort last")
        XCTAssertEqual(t.head(2).rowCount, 2)
        XCTAssertEqual(try t.tail(1).column("device").values, ["ECRAM"])
        XCTAssertEqual(try t.select(["ok", "device"]).columnNames, ["ok", "device"])
        XCTAssertEqual(t.filter { $0["ok"] == .bool(true) }.rowCount, 2)
        let added = try t.addingColumn("rank", [1, 2, 3])
        XCTAssertEqual(added.columnNames.last, "rank")
        XCTAssertThrowsError(try t.addingColumn("bad", [1]))
        XCTAssertThrowsError(try t.column("nope")) { XCTAssertTrue("\($0)".contains("device, g")) }
        XCTAssertThrowsError(try Table(columns: [Column("a", [1]), Column("b", [1, 2])]))
        XCTAssertThrowsError(try Table(columns: [Column("a", [1]), Column("a", [2])]))
    }

    func testGroupByMeanStdCount() throws {
        let t = try Table(columnNames: ["preset", "acc"], rows: [["a", 1.0], ["b", 10.0], ["a", 3.0], ["b", 14.0]])
        let mean = try t.groupBy("preset").mean()
        XCTAssertEqual(try mean.column("acc").values, [.double(2), .double(12)])
        let std = try t.groupBy("preset").std()
        XCTAssertEqual(try std.column("acc").values.compactMap(\.number).map { ($0 * 1000).rounded() / 1000 }, [1.414, 2.828])
        XCTAssertEqual(try t.groupBy("preset").count().column("count").values, [2, 2])
    }

    func testNumberFormatting() {
        XCTAssertEqual(NumberFormat.significant(3.14159265), "3.142")
        XCTAssertEqual(NumberFormat.significant(1234567), "1.235e+06")
        XCTAssertEqual(NumberFormat.significant(0.00001234), "1.234e-05")
        XCTAssertEqual(NumberFormat.significant(100), "100")
        XCTAssertEqual(NumberFormat.withUnit(2.5e-12, unit: "s"), "2.5 ps")
        XCTAssertEqual(NumberFormat.withUnit(3.3e-6, unit: "W"), "3.3 µW")
        XCTAssertEqual(NumberFormat.withUnit(42, unit: "%"), "42 %")
        XCTAssertEqual(NumberFormat.significant(.nan), "NaN")
    }

    func testMIMEBundleHasTextHTMLAndMarkdown() throws {
        let b = try sample().mimeBundle
        XCTAssertNotNil(b.plainText)
        XCTAssertNotNil(b.data["text/html"])
        XCTAssertNotNil(b.data["text/markdown"])
    }
}
