import XCTest
@testable import Analog

/// The pulsed update against its expectation: E[Δw] = −lr·d·x for a linear device.
final class PulsedUpdateTests: XCTestCase {
    func linearDevice(dwMin: Float = 0.001) -> PulsedDeviceParameters { quietDevice(dwMin: dwMin, bound: 10) }

    func testExpectedUpdateIsMinusLRTimesDTimesX() throws {
        let tile = try AnalogTile(rows: 2, cols: 3, io: .perfect, seed: 1)
        try tile.useDevices(linearDevice())
        let x = try Tensor(vector: [1, -0.5, 0.25]), d = try Tensor(vector: [0.4, -0.8])
        let lr: Float = 0.01
        // Mean over 400 updates, each of which changes w by about lr·|d x| ≤ 0.008 (8 pulses).
        let repeats = 400
        for _ in 0..<repeats { try tile.update(x: x, d: d, lr: lr) }
        for i in 0..<2 {
            for j in 0..<3 {
                let expected = -lr * d.values[i] * x.values[j] * Float(repeats)
                // Binomial pulse counts: std per update ≤ sqrt(BL·p(1 − p))·dw_min; over 400 updates about 0.06 at most.
                XCTAssertEqual(tile.weights[i, j], expected, accuracy: 0.08, "w[\(i),\(j)]")
            }
        }
        // Signs: d > 0 and x > 0 lower w; d < 0 and x > 0 raise it.
        XCTAssertLessThan(tile.weights[0, 0], -1)
        XCTAssertGreaterThan(tile.weights[1, 0], 1)
    }

    func testNegativeLearningRateReversesTheUpdate() throws {
        let tile = try AnalogTile(rows: 1, cols: 1, io: .perfect, seed: 2)
        try tile.useDevices(linearDevice())
        for _ in 0..<50 { try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1]), lr: -0.01) }
        XCTAssertGreaterThan(tile.weights[0, 0], 0.3)
    }

    func testUpdateManagementClipsTheGradientSide() throws {
        // lr·x·d/g = 0.1·1·100/0.001 = 10,000 pulses wanted, but a train has at most 31.
        let tile = try AnalogTile(rows: 1, cols: 1, io: .perfect, seed: 3)
        try tile.useDevices(linearDevice())
        try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [100]), lr: 0.1)
        XCTAssertEqual(tile.weights[0, 0], -0.031, accuracy: 1e-5, "31 down pulses of 0.001")
    }

    func testPresetDevicesStayWithinTheirBounds() throws {
        let tile = try AnalogTile(rows: 8, cols: 8, io: .perfect, seed: 4)
        try tile.useDevices(DevicePreset.reRamES.parameters)
        var rng = Philox(seed: 5)
        for _ in 0..<50 {
            try tile.update(x: try Tensor.uniform(rows: 4, cols: 8, lower: -1, upper: 1, rng: &rng),
                            d: try Tensor.normal(rows: 4, cols: 8, rng: &rng), lr: 0.1)
        }
        for (i, w) in tile.weights.values.enumerated() {
            XCTAssertLessThanOrEqual(w, tile.devices[i].bMax)
            XCTAssertGreaterThanOrEqual(w, tile.devices[i].bMin)
        }
    }

    func testGranularityMatchesAIHWKit() {
        XCTAssertEqual(DevicePreset.pcm.parameters.granularity, 0.03235, accuracy: 1e-6)
        XCTAssertEqual(DevicePreset.reRamES.parameters.granularity, 0.0019914, accuracy: 1e-6)
        XCTAssertEqual(DevicePreset.capacitor.parameters.granularity, 0.005)
    }

    func testClearErrors() throws {
        let tile = try AnalogTile(rows: 2, cols: 2)
        // Without devices, updates are exact SGD (inference tiles train in floating point).
        try tile.update(x: try Tensor(vector: [1, 0]), d: try Tensor(vector: [1, 1]), lr: 0.1)
        XCTAssertEqual(tile.weights.values, [-0.1, 0, -0.1, 0])
        XCTAssertThrowsError(try tile.update(x: try Tensor(vector: [1, .nan]), d: try Tensor(vector: [1, 1]), lr: 0.1))
        try tile.useDevices(DevicePreset.idealized.parameters)
        XCTAssertThrowsError(try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1, 1]), lr: 0.1))
    }
}

/// Tiki-Taka: gradients go to the fast array A, whose columns are transferred into C, the visible weight.
final class TikiTakaTests: XCTestCase {
    func linear() -> PulsedDeviceParameters { quietDevice() }

    func testGradientsReachTheVisibleWeightsThroughTheFastArray() throws {
        let tile = try AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 1)
        var quietTransfer = IOParameters.preset
        quietTransfer.outNoise = 0
        try tile.useTikiTaka(linear(), transferIO: quietTransfer)
        let x = try Tensor(vector: [1, 0.5]), d = try Tensor(vector: [0.5, -0.5])
        // Before any transfer only A moves.
        try tile.update(x: x, d: d, lr: 0.05)
        let fast = try XCTUnwrap(tile.fastWeights)
        XCTAssertLessThan(fast[0, 0], 0, "A follows −lr·d·x")
        for _ in 0..<300 { try tile.update(x: x, d: d, lr: 0.05) }
        // C (visible) has moved in the gradient's direction for every weight.
        XCTAssertLessThan(tile.weights[0, 0], -0.05)
        XCTAssertLessThan(tile.weights[0, 1], -0.02)
        XCTAssertGreaterThan(tile.weights[1, 0], 0.05)
        XCTAssertGreaterThan(tile.weights[1, 1], 0.02)
    }

    func testPlainDevicesAfterTikiTakaAndErrors() throws {
        let tile = try AnalogTile(rows: 2, cols: 2, io: .perfect)
        try tile.useTikiTaka(linear())
        XCTAssertNotNil(tile.fastWeights)
        try tile.useDevices(linear())
        XCTAssertNil(tile.fastWeights)
        XCTAssertThrowsError(try tile.useTikiTaka(linear(), transferEvery: 0))
        XCTAssertThrowsError(try tile.useTikiTaka(linear(), readsPerTransfer: 3))
    }
}
