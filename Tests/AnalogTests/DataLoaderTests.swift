import XCTest
@testable import Analog

/// IDX and CSV loaders on small files the tests write, and the keyword-spotting-like set.
final class DataLoaderTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("crossbar-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: directory) }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func header(type: UInt8, dims: [Int]) -> [UInt8] {
        [0, 0, type, UInt8(dims.count)] + dims.flatMap { d in [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
    }

    func testIDXImagesAndLabels() throws {
        // Three 2×2 images of unsigned bytes and their labels.
        let images = try write("images", header(type: 0x08, dims: [3, 2, 2]) + [0, 255, 51, 102, 255, 255, 0, 0, 1, 2, 3, 4])
        let labels = try write("labels", header(type: 0x08, dims: [3]) + [7, 0, 2])
        let data = try Dataset.idx(images: images, labels: labels)
        XCTAssertEqual(data.count, 3)
        XCTAssertEqual(data.shape, [1, 2, 2])
        XCTAssertEqual(data.labels, [7, 0, 2])
        XCTAssertEqual(data.classCount, 8)
        XCTAssertEqual(data.inputs.values[1], 1)
        XCTAssertEqual(data.inputs.values[2], 0.2, accuracy: 1e-6)
        // Big-endian floats are read as such.
        let floats = try write("floats", header(type: 0x0D, dims: [1, 2]) + [0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0])
        let one = try write("one", header(type: 0x08, dims: [1]) + [1])
        XCTAssertEqual(try Dataset.idx(images: floats, labels: one).inputs.values, [1, -2])
    }

    func testIDXErrorsAreClear() throws {
        let good = try write("good", header(type: 0x08, dims: [2, 1]) + [1, 2])
        let short = try write("short", header(type: 0x08, dims: [2, 2]) + [1])
        let labels = try write("labels", header(type: 0x08, dims: [3]) + [0, 1, 1])
        let text = try write("text", Array("not idx".utf8))
        XCTAssertThrowsError(try Dataset.idx(images: short, labels: labels)) { XCTAssertTrue("\($0)".contains("truncated"), "\($0)") }
        XCTAssertThrowsError(try Dataset.idx(images: good, labels: labels)) { XCTAssertTrue("\($0)".contains("2 samples"), "\($0)") }
        XCTAssertThrowsError(try Dataset.idx(images: text, labels: labels)) { XCTAssertTrue("\($0)".contains("not an IDX file"), "\($0)") }
        XCTAssertThrowsError(try Dataset.idx(images: "/nonexistent", labels: labels)) { XCTAssertTrue("\($0)".contains("cannot read"), "\($0)") }
    }

    func testCSVWithNamedAndIndexLabels() throws {
        let named = try write("iris.csv", Array("length,width,species\n1.5,0.2,setosa\n4.5,1.5,versicolor\n1.4,0.3,setosa\n".utf8))
        let data = try Dataset.csv(named)
        XCTAssertEqual(data.name, "iris")
        XCTAssertEqual(data.classNames, ["setosa", "versicolor"])
        XCTAssertEqual(data.labels, [0, 1, 0])
        XCTAssertEqual(data.inputs.values, [1.5, 0.2, 4.5, 1.5, 1.4, 0.3])
        let indexed = try write("indexed.csv", Array("label,a,b\n1,0.5,1\n0,2,3\n".utf8))
        let d2 = try Dataset.csv(indexed, labelColumn: "label")
        XCTAssertEqual(d2.labels, [1, 0])
        XCTAssertEqual(d2.inputs.values, [0.5, 1, 2, 3])
        let bad = try write("bad.csv", Array("a,label\nx,1\n".utf8))
        XCTAssertThrowsError(try Dataset.csv(bad)) { XCTAssertTrue("\($0)".contains("'x' is not a number"), "\($0)") }
        XCTAssertThrowsError(try Dataset.csv(indexed, labelColumn: "class")) { XCTAssertTrue("\($0)".contains("no column 'class'"), "\($0)") }
        let negative = try write("negative.csv", Array("a,label\n1,-1\n".utf8))
        XCTAssertThrowsError(try Dataset.csv(negative)) { XCTAssertTrue("\($0)".contains("negative"), "\($0)") }
        let empty = try write("empty.csv", Array("a,label\n".utf8))
        XCTAssertThrowsError(try Dataset.csv(empty))
    }

    func testKeywordsAreDeterministicBalancedAndLearnable() throws {
        let a = try Dataset.keywords(samples: 600, seed: 1)
        XCTAssertEqual(a.inputs, try Dataset.keywords(samples: 600, seed: 1).inputs)
        XCTAssertNotEqual(a.inputs, try Dataset.keywords(samples: 600, seed: 2).inputs)
        XCTAssertEqual(a.shape, [1, 16, 24])
        XCTAssertEqual(a.classCounts, Array(repeating: 100, count: 6))
        let (train, test) = try a.split(0.8, seed: 3)
        let model = try Sequential([Flatten(), Linear(inputs: 384, outputs: 64, seed: 1), Activation(.relu), Linear(inputs: 64, outputs: 6, seed: 2)])
        var options = FitOptions()
        options.epochs = 15
        options.lr = 0.05
        options.momentum = 0.9
        _ = try model.fit(train, test: test, options: options)
        XCTAssertGreaterThan(try model.evaluate(test).accuracy, 0.8)
        XCTAssertNoThrow(try a.preview(count: 12))
    }
}

extension DataLoaderTests {
    func testLabelsThatAreNotClassIndicesAreRefused() throws {
        let ids = try write("ids.csv", Array("a,label\n1,1000000000000\n2,0\n".utf8))
        XCTAssertThrowsError(try Dataset.csv(ids)) { XCTAssertTrue("\($0)".contains("not a class index"), "\($0)") }
        let floats = try write("floats", header(type: 0x0D, dims: [1]) + [0x7F, 0xC0, 0, 0])   // NaN
        let images = try write("images", header(type: 0x08, dims: [1, 1]) + [3])
        XCTAssertThrowsError(try Dataset.idx(images: images, labels: floats)) { XCTAssertTrue("\($0)".contains("whole class indices"), "\($0)") }
    }
}
