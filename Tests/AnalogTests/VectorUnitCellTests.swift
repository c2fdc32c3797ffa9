import XCTest
@testable import Analog

/// Several devices per weight (AIHWKit's VectorUnitCell, as the <Device>2Preset and <Device>4Preset
/// configs use it).
final class VectorUnitCellTests: XCTestCase {
    func testSetWeightsWritesEveryDeviceAndTheWeightIsTheirAverage() throws {
        let tile = try AnalogTile(rows: 3, cols: 4, config: .multiDevice(.idealized, devices: 4), seed: 1)
        var rng = Philox(seed: 2)
        let w = try Tensor.uniform(rows: 3, cols: 4, lower: -0.1, upper: 0.1, rng: &rng)
        try tile.setWeights(w)
        let devices = try XCTUnwrap(tile.unitCellWeights)
        XCTAssertEqual(devices.count, 4)
        for device in devices { XCTAssertEqual(device.values, w.values, "identical values in every device (within bounds)") }
        XCTAssertEqual(tile.weights.values, w.values)
        // A weight beyond one device's bound is clipped in that device only; the cell reads the average.
        try tile.setWeights(try Tensor(rows: 3, cols: 4, repeating: 5))
        let bounds = (0..<4).map { k in try? XCTUnwrap(tile.unitCellWeights)[k].values[0] }
        let average = bounds.compactMap { $0 }.reduce(0, +) / 4
        XCTAssertEqual(tile.weights.values[0], average, accuracy: 1e-6)
    }

    /// Each mini-batch's pulses go to one device, drawn uniformly; in expectation the cell's weight
    /// moves by −lr·d·x/n (the average of n devices, one of which moved by −lr·d·x).
    func testOneRandomDevicePerMiniBatchAndTheAverageMovesByOneNth() throws {
        let tile = try AnalogTile(rows: 2, cols: 3, io: .perfect, seed: 3)
        try tile.useDeviceVector(quietDevice(dwMin: 0.001, bound: 10), VectorCellParameters(devices: 2))
        let x = try Tensor(vector: [1, -0.5, 0.25]), d = try Tensor(vector: [0.4, -0.8])
        var picks = [0, 0]
        let batches = 400
        for _ in 0..<batches {
            let before = try XCTUnwrap(tile.unitCellWeights).map(\.values)
            try tile.update(x: x, d: d, lr: 0.01)
            let after = try XCTUnwrap(tile.unitCellWeights).map(\.values)
            let changed = (0..<2).filter { before[$0] != after[$0] }
            XCTAssertEqual(changed.count, 1, "exactly one device takes a mini-batch")
            XCTAssertEqual(changed.first, tile.unitCellCurrentDevice)
            picks[changed[0]] += 1
        }
        // Binomial(400, 0.5): std 10.
        XCTAssertEqual(Double(picks[0]), 200, accuracy: 40)
        for i in 0..<2 {
            for j in 0..<3 {
                let expected = -0.01 * d.values[i] * x.values[j] * Float(batches) / 2
                // The device split is 200 ± 10 batches and the pulse counts are binomial: a few percent.
                XCTAssertEqual(tile.weights[i, j], expected, accuracy: 0.1 * abs(expected) + 0.02, "w[\(i),\(j)]")
            }
        }
    }

    func testSequentialAndFixedPolicies() throws {
        let p = quietDevice(dwMin: 0.001, bound: 10)
        var cell = VectorCellParameters(devices: 3, policy: .singleSequential)
        let tile = try AnalogTile(rows: 1, cols: 1, io: .perfect, seed: 4)
        try tile.useDeviceVector(p, cell)
        var order: [Int] = []
        for _ in 0..<6 {
            try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1]), lr: 0.01)
            order.append(try XCTUnwrap(tile.unitCellCurrentDevice))
        }
        XCTAssertEqual(order, [0, 1, 2, 0, 1, 2])
        cell.policy = .singleFixed
        cell.firstUpdateIndex = 2
        try tile.useDeviceVector(p, cell)
        try tile.setWeights(try Tensor(rows: 1, cols: 1))
        for _ in 0..<3 { try tile.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1]), lr: 0.01) }
        let devices = try XCTUnwrap(tile.unitCellWeights).map { $0.values[0] }
        XCTAssertEqual(devices[0], 0)
        XCTAssertEqual(devices[1], 0)
        XCTAssertLessThan(devices[2], -0.02, "three mini-batches of about ten down pulses")
    }

    /// Every device reads back with its own write noise, so the average has 1/√n of it.
    func testWriteNoiseOfTheAverageShrinksWithTheDeviceCount() throws {
        var stds: [Float] = []
        for n in [1, 4] {
            let tile = try AnalogTile(rows: 100, cols: 100, config: .multiDevice(.reRamES, devices: n), seed: 5)
            try tile.setWeights(try Tensor(rows: 100, cols: 100))
            let read = tile.effectiveWeights.values, held = tile.weights.values
            let noise = zip(read, held).map { $0 - $1 }
            stds.append((noise.reduce(0) { $0 + $1 * $1 } / Float(noise.count)).squareRoot())
        }
        let sigma = DevicePreset.reRamES.parameters.writeNoiseStd * DevicePreset.reRamES.parameters.dwMin
        XCTAssertEqual(stds[0], sigma, accuracy: 0.03 * sigma)
        XCTAssertEqual(stds[1], sigma / 2, accuracy: 0.03 * sigma)
    }

    func testNamesListingAndErrors() throws {
        XCTAssertEqual(TileConfig.multiDevice(.reRamES, devices: 2).name, "ReRamES2Preset")
        XCTAssertEqual(TileConfig.multiDevice(.ecRamMO, devices: 4).name, "EcRamMO4Preset")
        let names = Set(TileConfig.all.map(\.name))
        for stem in ["ReRamES", "ReRamSB", "Capacitor", "EcRam", "EcRamMO", "Idealized"] {
            XCTAssertTrue(names.contains("\(stem)2Preset") && names.contains("\(stem)4Preset"), stem)
        }
        XCTAssertFalse(names.contains("PCM2Preset"), "AIHWKit has no multi-device PCM preset")
        let tile = try AnalogTile(rows: 2, cols: 2, seed: 6)
        XCTAssertThrowsError(try tile.useDeviceVector(DevicePreset.idealized.parameters, VectorCellParameters(devices: 0)))
        XCTAssertThrowsError(try tile.useDeviceVector(DevicePreset.idealized.parameters, VectorCellParameters(devices: 40)))
        var cell = VectorCellParameters(devices: 2)
        cell.gammas = [1]
        XCTAssertThrowsError(try tile.useDeviceVector(DevicePreset.idealized.parameters, cell)) { error in
            XCTAssertTrue("\(error)".contains("gammas"), "\(error)")
        }
        // Another config afterwards leaves no cells behind.
        try tile.apply(.singleDevice(.idealized))
        XCTAssertNil(tile.unitCellWeights)
    }
}
