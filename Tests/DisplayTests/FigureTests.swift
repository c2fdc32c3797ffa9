import Foundation
import XCTest
@testable import Display
#if canImport(FoundationXML)
import FoundationXML
#endif

final class FigureTests: XCTestCase {
    /// Parses the SVG as XML (failing the test if it is not well formed).
    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLDocument {
        do { return try XMLDocument(xmlString: svg, options: []) } catch {
            XCTFail("not well-formed XML: \(error)", file: file, line: line)
            throw error
        }
    }

    func count(_ doc: XMLDocument, _ xpath: String) throws -> Int { try doc.nodes(forXPath: xpath).count }

    func classed(_ cls: String) -> String { "//*[contains(concat(' ', normalize-space(@class), ' '), ' \(cls) ')]" }

    func testLineWithLegendTicksAndLabels() throws {
        var f = try Figure(title: "Drift")
        try f.axes[0].line(x: [1, 2, 3], y: [1, 4, 9], label: "ideal")
        try f.axes[0].line(x: [1, 2, 3], y: [1, 3, 8], label: "PCM", dashed: true)
        f.axes[0].xLabel = "time (s)"
        f.axes[0].yLabel = "accuracy"
        let doc = try parse(try f.svg())
        XCTAssertEqual(try count(doc, classed("series-line")), 2)
        XCTAssertEqual(try count(doc, classed("legend-label")), 2)
        XCTAssertEqual(try count(doc, classed("axis-label")), 2)
        XCTAssertGreaterThanOrEqual(try count(doc, "//*[@class='x-ticks']/*[@class='tick-label']"), 3)
        XCTAssertGreaterThanOrEqual(try count(doc, "//*[@class='y-ticks']/*[@class='tick-label']"), 3)
        XCTAssertEqual(try count(doc, classed("figure-title")), 1)
    }

    /// The legend's box (x, y) from the rendered SVG.
    func legendOrigin(_ f: Figure) throws -> (Double, Double) {
        let svg = try f.svg()
        guard let start = svg.range(of: "<g class=\"legend\">\n<rect x=\"") else {
            XCTFail("no legend box")
            return (0, 0)
        }
        let rest = svg[start.upperBound...]
        let fields = rest.split(separator: "\"", maxSplits: 3)
        guard fields.count >= 3, let x = Double(fields[0]), let y = Double(fields[2]) else {
            XCTFail("unreadable legend box")
            return (0, 0)
        }
        return (x, y)
    }

    func testLongCategoryLabelsSlantAndPushTheAxisLabelDown() throws {
        var short = try Figure()
        try short.axes[0].bar(categories: ["a", "b", "c"], values: [1, 2, 3])
        short.axes[0].xLabel = "kind"
        var long = try Figure()
        try long.axes[0].bar(categories: ["mixed precision, ReRAM ES", "Tiki-Taka, ReRAM SB", "floating point", "ReRAM ES", "idealized",
                                          "capacitor"], values: [1, 2, 3, 4, 5, 6])
        long.axes[0].xLabel = "kind"
        XCTAssertFalse(try short.svg().contains("rotate(-35"))
        XCTAssertTrue(try long.svg().contains("rotate(-35"), "labels wider than their slot are slanted")
        func axisLabelY(_ f: Figure) throws -> Double {
            let svg = try f.svg()
            guard let r = svg.range(of: "<text class=\"axis-label\" x=\"") else { return 0 }
            let fields = svg[r.upperBound...].split(separator: "\"", maxSplits: 3)
            return Double(fields[2]) ?? 0
        }
        XCTAssertEqual(try axisLabelY(long), try axisLabelY(short), accuracy: 0.5, "the axis label stays at the bottom of the panel")
        let doc = try parse(try long.svg())
        XCTAssertEqual(try count(doc, classed("tick-label")) >= 3, true)
    }

    func testBestLegendAvoidsTheData() throws {
        // Data along the top edge: the legend moves to a bottom corner.
        var top = try Figure()
        try top.axes[0].line(x: [0, 1, 2, 3, 4], y: [9, 10, 10, 10, 9], label: "top")
        try top.axes[0].line(x: [0, 4], y: [0, 0.5], label: "floor")
        let (_, y) = try legendOrigin(top)
        XCTAssertGreaterThan(y, top.height / 2, "legend at the bottom")
        // Nothing in the way: the top right, as before.
        var rising = try Figure()
        try rising.axes[0].line(x: [0, 1, 2, 3, 4], y: [0, 1, 4, 9, 16], label: "rising")
        let (x, y2) = try legendOrigin(rising)
        XCTAssertGreaterThan(x, rising.width / 2)
        XCTAssertLessThan(y2, rising.height / 2)
        // An explicit position is kept.
        top.axes[0].legend = .topLeft
        XCTAssertLessThan(try legendOrigin(top).1, top.height / 2)
    }

    func testEveryKindRendersWellFormedWithExpectedMarks() throws {
        var f = try Figure(rows: 2, columns: 4)
        try f[0, 0].scatter(x: [1, 2, 3, 4], y: [4, 3, 2, 1], label: "pts")
        try f[0, 1].bar(categories: ["a", "b", "c"], values: [1, 2, 3], label: "s1")
        try f[0, 1].bar(categories: ["a", "b", "c"], values: [2, 1, 0.5], label: "s2")
        f[0, 2].barMode = .stacked
        try f[0, 2].bar(categories: ["x", "y"], values: [1, 2], label: "lower")
        try f[0, 2].bar(categories: ["x", "y"], values: [3, 1], label: "upper")
        try f[0, 3].histogram([1, 2, 2, 3, 3, 3, 4, 4, 5], bins: 5)
        try f[1, 0].heatmap([[1, 2, 3], [4, 5, 6]], colorBarLabel: "µS")
        try f[1, 1].errorBars(x: [1, 2, 3], y: [2, 3, 4], error: [0.5, 0.2, 0.1], label: "mean ± std")
        try f[1, 2].band(x: [1, 2, 3], lower: [0, 1, 2], upper: [2, 3, 4], label: "band")
        try f[1, 2].line(x: [1, 2, 3], y: [1, 2, 3])
        try f[1, 3].step(x: [0, 1, 2, 3], y: [0, 1, 1, 2], label: "steps")
        f[1, 3].horizontalLine(at: 1.5, label: "threshold")
        f[1, 3].annotate("peak", x: 3, y: 2)
        let doc = try parse(try f.svg())
        XCTAssertEqual(try count(doc, classed("panel")), 8)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-scatter')]/*[@class='mark']"), 4)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-bar')]/*[@class='mark']"), 10)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-histogram')]/*[@class='mark']"), 5)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-heatmap')]/*[@class='mark']"), 6)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-errorBars')]/*[@class='mark']"), 3)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-band')]/*[@class='mark']"), 1)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-step')]/*[@class='mark']"), 1)
        XCTAssertEqual(try count(doc, classed("reference")), 1)
        XCTAssertEqual(try count(doc, classed("annotation")), 1)
        XCTAssertEqual(try count(doc, classed("colorbar")), 1)
        // Category names are the bar chart's x tick labels.
        let labels = try doc.nodes(forXPath: "//*[@data-panel='1']//*[@class='x-ticks']/*[@class='tick-label']").compactMap(\.stringValue)
        XCTAssertEqual(labels, ["a", "b", "c"])
    }

    func testLogAxesUsePowersOfTenAndRejectNonPositiveData() throws {
        var f = try Figure()
        try f.axes[0].line(x: [1, 3600, 86400, 31_536_000], y: [0.9, 0.85, 0.8, 0.7])
        f.axes[0].xScale = .log
        let doc = try parse(try f.svg())
        let ticks = try doc.nodes(forXPath: "//*[@class='x-ticks']/*[@class='tick-label']").compactMap(\.stringValue)
        XCTAssertTrue(ticks.contains("10⁴") || ticks.contains("10⁵"), "\(ticks)")
        XCTAssertTrue(ticks.contains("1"), "\(ticks)")

        var bad = try Figure()
        try bad.axes[0].line(x: [0, 1, 2], y: [1, 2, 3], label: "t")
        bad.axes[0].xScale = .log
        XCTAssertThrowsError(try bad.svg()) {
            XCTAssertTrue("\($0)".contains("log x axis cannot show 0"), "\($0)")
            XCTAssertTrue("\($0)".contains("'t'"), "\($0)")
        }
        XCTAssertTrue(bad.mimeBundle.plainText?.contains("cannot be drawn") ?? false)
    }

    func testNonFiniteValuesAreSkippedAndCounted() throws {
        var f = try Figure()
        try f.axes[0].line(x: [1, 2, 3, 4, 5], y: [1, .nan, 3, .infinity, 5])
        try f.axes[0].scatter(x: [1, .nan], y: [1, 2])
        let r = try f.render()
        XCTAssertEqual(r.skippedPoints, 3)
        let doc = try parse(r.svg)
        XCTAssertEqual(try count(doc, "//*[contains(@class,'series-line')]/*[@class='mark']"), 3, "NaN splits the line")
        XCTAssertEqual(try count(doc, classed("skipped-note")), 1)
        XCTAssertTrue(f.mimeBundle.plainText?.contains("3 non-finite") ?? false)

        var allNaN = try Figure()
        try allNaN.axes[0].line(x: [1, 2], y: [.nan, .nan])
        XCTAssertThrowsError(try allNaN.svg()) { XCTAssertTrue("\($0)".contains("NaN")) }
    }

    func testEmptyAndMismatchedDataGiveClearErrors() throws {
        var f = try Figure()
        XCTAssertThrowsError(try f.axes[0].line(x: [], y: [])) { XCTAssertTrue("\($0)".contains("at least one point")) }
        XCTAssertThrowsError(try f.axes[0].scatter(x: [1, 2], y: [1])) { XCTAssertTrue("\($0)".contains("x has 2 values but y has 1")) }
        XCTAssertThrowsError(try f.axes[0].bar(categories: ["a"], values: [])) { XCTAssertTrue("\($0)".contains("at least one")) }
        XCTAssertThrowsError(try f.axes[0].heatmap([])) { XCTAssertTrue("\($0)".contains("non-empty")) }
        XCTAssertThrowsError(try f.axes[0].heatmap([[1, 2], [3]])) { XCTAssertTrue("\($0)".contains("every row")) }
        XCTAssertThrowsError(try f.axes[0].histogram([.nan])) { XCTAssertTrue("\($0)".contains("finite")) }
        XCTAssertThrowsError(try Figure(rows: 0, columns: 1))
        XCTAssertThrowsError(try f.checkPanel(row: 1, column: 0))
    }

    func testLongSeriesAreDecimatedAndOutputIsDeterministic() throws {
        let n = 100_000
        let xs = (0..<n).map(Double.init)
        let ys = xs.map { sin($0 / 500) + (Double(Int($0) % 7) - 3) * 0.01 }
        var f = try Figure()
        try f.axes[0].line(x: xs, y: ys)
        let svg = try f.svg()
        XCTAssertLessThan(svg.utf8.count, 200_000, "100k points must not become 100k vertices")
        XCTAssertEqual(svg, try f.svg(), "same input, same bytes")
        var cloud = try Figure()
        try cloud.axes[0].scatter(x: xs, y: ys)
        XCTAssertLessThan(try cloud.svg().utf8.count, 2_000_000)
    }

    func testNiceTicks() {
        XCTAssertEqual(Ticks.linear(low: 0, high: 9.3, target: 5).ticks, [0, 2, 4, 6, 8, 10])
        XCTAssertEqual(Ticks.linear(low: 0.013, high: 0.048, target: 4).ticks.count, 5)
        XCTAssertEqual(Ticks.log(low: 1, high: 31_536_000).ticks.first, 1)
        XCTAssertEqual(Ticks.label(0.002, scale: .linear, step: 0.001), "2m")
        XCTAssertEqual(Ticks.label(25000, scale: .linear, step: 5000), "25k")
        XCTAssertEqual(Ticks.label(1e6, scale: .log, step: 1), "10⁶")
    }

    func testPaletteAndViridis() {
        XCTAssertEqual(Palette.color(0), "#0072B2")
        XCTAssertEqual(Palette.color(8), Palette.color(0))
        XCTAssertEqual(Palette.viridis(0), "#440154")
        XCTAssertEqual(Palette.viridis(1), "#FDE725")
        XCTAssertEqual(Palette.viridis(.nan), "#BBBBBB")
    }
}
