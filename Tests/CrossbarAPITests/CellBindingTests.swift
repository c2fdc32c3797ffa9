import XCTest
import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// What the declarative bindings promise cells: toolkit errors named after their kind, one box for
/// every toolkit value, per-layer placement, and studies whose tables know their plot.
final class CellBindingTests: XCTestCase {
    let session = CellSession()

    func outcome(_ code: String) -> (ename: String?, text: String?) { session.outcome(code) }

    func testToolkitErrorsAreNamedAfterTheirKind() {
        _ = outcome("let tile = AnalogTile(rows: 2, cols: 3)")
        XCTAssertEqual(outcome("tile.forward([1, 2])").ename, "ShapeError")
        XCTAssertEqual(outcome("tile.forward([1, 2])").text, "this tile takes 3 inputs per sample, not 2")
        XCTAssertEqual(outcome("tile.drift(to: 5)").ename, "StateError")
        XCTAssertEqual(outcome("tile.outNoise = -1").ename, "ConfigurationError")
        XCTAssertEqual(outcome("Dataset.idx(images: \"/none\", labels: \"/none\")").ename, "DataFileError")
        XCTAssertEqual(outcome("Table(csv: \"a,b\\n1\")").ename, "TableError")
        // Errors of the bindings themselves stay RuntimeError, and the session goes on.
        XCTAssertEqual(outcome("AnalogTile(rows: 2, cols: 2, config: 3)").ename, "RuntimeError")
        XCTAssertEqual(outcome("tile.cols").text, "3")
    }

    func testEveryToolkitValueIsOneBoxWithItsTypeName() {
        for (code, name) in [("AnalogTile(rows: 2, cols: 2)", "AnalogTile"), ("Preset.pcm", "Preset"), ("TileConfig.standardHWA", "TileConfig"),
                             ("Dataset.blobs(samples: 10)", "Dataset"), ("ReLU()", "ReLU"), ("Linear(in: 2, out: 2)", "Linear"),
                             ("Sequential([ReLU()])", "Sequential"), ("Table(csv: \"a\\n1\")", "Table"), ("Figure()", "Figure")] {
            XCTAssertEqual(outcome("type(of: \(code))").text, name, code)
            guard case .success = session.run(code) else { return XCTFail(code) }
            XCTAssertTrue(isBox(session.interpreter.runtime.lastResult), code)
        }
    }

    private func isBox(_ v: Value) -> Bool {
        guard case .object(let o) = v else { return false }
        return String(describing: Swift.type(of: o)).hasPrefix("ToolkitBox<")
    }

    func testConvertToAnalogTakesPlacementsByLayer() {
        _ = outcome("let model = Sequential([Linear(in: 4, out: 8, seed: 1), ReLU(), Linear(in: 8, out: 2, seed: 2)])")
        XCTAssertEqual(outcome("convertToAnalog(model, layers: [2: .digital]).layers.map { $0.kind }").text,
                       #"["AnalogLinear", "ReLU", "Linear"]"#)
        XCTAssertEqual(outcome("convertToAnalog(model, layers: [0: .floatingPoint]).layers[0].tiles[0].config.name").text,
                       #""FloatingPointPreset""#)
        XCTAssertEqual(outcome("convertToAnalog(model, layers: [7: .digital])").ename, "ConfigurationError")
        XCTAssertEqual(outcome("convertToAnalog(model, layers: [0: 3])").ename, "RuntimeError")
    }

    func testStudyTablesPlotThemselvesAndDerivedTablesDoNot() {
        _ = outcome("""
            let data = Dataset.blobs(samples: 60, classes: 3, seed: 2)
            let model = Sequential([Linear(in: 2, out: 3, seed: 1)])
            let history = model.fit(data, epochs: 2, progress: false)
            """)
        XCTAssertEqual(outcome("history.plot().title").text, #""Training history""#)
        XCTAssertEqual(outcome("history.head(1).plot()").text, #"plot() needs x: and y: for this table, e.g. t.plot(x: "step", y: "loss")"#)
        XCTAssertEqual(outcome("model.summary().rowCount").text, "2", "summary() knows the samples fit saw")
    }
}

/// Issue 13, point 8: a figure that cannot be drawn is an error where it is made, so papermill and
/// nbclient see the cell fail, and the figure it would have changed stays drawable.
final class UndrawableFigureTests: XCTestCase {
    let session = CellSession()

    func outcome(_ code: String) -> (ename: String?, text: String?) { session.outcome(code) }

    func testAllNaNDataAndLogAxesOverZeroFail() {
        XCTAssertEqual(outcome("plot(x: [1, 2, 3], y: [Double.nan, Double.nan, Double.nan])").text,
                       "nothing to draw: every value is NaN or infinite")
        XCTAssertEqual(outcome("plot(x: [0, 1, 2], y: [1, 2, 3], xscale: .log)").ename, "FigureError")
        XCTAssertEqual(outcome("hist([Double.infinity])").ename, "FigureError")
        _ = outcome("let f = Figure()\nf.plot(x: [0, 1, 2], y: [1, 2, 3])")
        XCTAssertEqual(outcome("f.xscale(.log)").text?.hasPrefix("log x axis cannot show 0"), true)
        XCTAssertTrue(outcome("f").text?.hasPrefix("<Figure") ?? false, "the refused change left the figure as it was")
        _ = outcome(#"let t = Table(columns: ["x": [0, 1], "y": [1, 2]])"#)
        XCTAssertEqual(outcome(#"t.plot(x: "x", y: "y", xscale: .log)"#).ename, "FigureError")
    }
}

/// Issue 13, point 3: layers whose weights and bias can be read and set, and the tile names the docs use.
final class OpenLayerTests: XCTestCase {
    let session = CellSession()
    func result(_ code: String) -> String? { session.result(code) }

    func testWeightsAndBiasOfEveryLayerWithWeights() {
        XCTAssertEqual(result("let l = Linear(in: 2, out: 3, seed: 1)\nl.weights = [[1, 2], [3, 4], [5, 6]]\nl.weights"),
                       "[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]")
        XCTAssertEqual(result("l.bias = [0.1, 0.2, 0.3]\nl.bias"), "[0.1, 0.2, 0.3]")
        XCTAssertEqual(result("l.weights = [[1, 2]]"), "error: this layer holds 3×2 weights, not 1×2")
        XCTAssertEqual(result("l.bias = [1]"), "error: the bias needs 3 values (and the layer a bias)")
        XCTAssertEqual(result("Linear(in: 2, out: 3, bias: false).bias"), "nil")
        XCTAssertEqual(result("let a = AnalogLinear(in: 2, out: 2, config: .floatingPoint)\na.weights = [[0.5, -0.25], [0, 1]]\na.weights"),
                       "[[0.5, -0.25], [0.0, 1.0]]")
        XCTAssertEqual(result("let c = Conv2d(in: 1, out: 2, kernel: 2)\nc.weights.count"), "2")
        XCTAssertEqual(result("c.weights = [[1, 2, 3]]"), "error: this layer holds 2×4 weights (out × in·2·2), not 1×3")
        XCTAssertEqual(result("c.bias = [1, 2]\nc.bias"), "[1.0, 2.0]")
        XCTAssertEqual(result("ReLU().weights"), "nil")
        XCTAssertEqual(result("let r = ReLU()\nr.weights = [[1]]"), "error: ReLU has no weights")
    }

    func testTileNamesTheDocsMention() {
        XCTAssertEqual(result("AnalogTile(rows: 2, cols: 2).outputScales"), "nil")
        XCTAssertEqual(result("let h = AnalogTile(rows: 2, cols: 2, config: .standardHWA)\nh.weights = [[0.5, 0.25], [1, -2]]\nh.outputScales"),
                       "[0.5, 2.0]")
        XCTAssertEqual(result("let t = AnalogTile(rows: 2, cols: 2)\nt.weights = [[0.5, 0.25], [1, -2]]\nt.forward([[1, 1], [0.5, -1]]).count"), "2")
        XCTAssertEqual(result("t.readsPerSample >= 1"), "true")
        XCTAssertEqual(result("let p = AnalogTile(rows: 2, cols: 2)\np.useOneSidedPairs(Preset.pcm)\np.update(x: [1, 0], d: [0.1, 0], lr: 0.1)\np.cols"), "2")
    }
}
