import Analog
import Display
import XCTest

/// A layer built outside the Analog module, through its public API only (this target imports it
/// without @testable), as the MoE and pipeline modules will: an analog expert on a TileArray that
/// takes part in training, programming, drift and input-range calibration like Analog's own layers.
final class ScaledAnalogExpert: TiledLayer {
    let array: TileArray
    let gain: Float
    init(inputs: Int, outputs: Int, gain: Float, config: TileConfig, seed: UInt64) throws {
        array = try TileArray(outputs: outputs, inputs: inputs, config: config, seed: seed)
        self.gain = gain
    }
    var kind: String { "ScaledAnalogExpert" }
    var details: String { "\(array.inputs)→\(array.outputs), gain \(gain)" }
    var tiles: [AnalogTile] { array.tiles }
    var parameterCounts: ParameterCounts { ParameterCounts(analog: array.inputs * array.outputs) }
    func outputShape(for input: [Int]) throws -> [Int] { [array.outputs] }
    func arrayInputs(_ x: Batch) throws -> Tensor { x.values }
    func forward(_ x: Batch, training: Bool) throws -> Batch {
        try Batch(try array.forward(x.values, training: training).scaled(by: gain))
    }
    func backward(_ dy: Batch) throws -> Batch {
        try Batch(try array.backward(dy.values.scaled(by: gain)))
    }
    func step(_ settings: StepSettings) throws { try array.step(settings) }
}

final class OutsideLayerTests: XCTestCase {
    func testALayerFromAnotherModuleTrainsProgramsAndCalibrates() throws {
        let expert = try ScaledAnalogExpert(inputs: 2, outputs: 3, gain: 2, config: .standardHWA, seed: 4)
        let model = try Sequential([expert])
        let data = try Dataset.blobs(samples: 90, classes: 3, seed: 3)
        var options = FitOptions()
        options.epochs = 3
        options.lr = 0.05
        let history = try model.fit(data, options: options)
        XCTAssertEqual(history.count, 3)
        XCTAssertLessThan(history[2].loss, history[0].loss, "the expert learns through its tiles")
        XCTAssertEqual(model.tiles.count, 1)
        let ranges = try model.calibrateInputRanges(data, batches: 2)
        XCTAssertEqual(ranges.map(\.layer), [0], "calibration reaches the expert through TiledLayer")
        try model.program()
        try model.drift(to: 86_400)
        XCTAssertGreaterThan(try model.evaluate(data).accuracy, 0.5)
        XCTAssertEqual(try model.summary().rowCount, 2)
    }
}
