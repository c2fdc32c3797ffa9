import XCTest
@testable import Analog

/// The fast paths of reads and pulsed updates against their definitions: wyrand's normals, the
/// library-free round-half-to-even of the converters, and the bit-mask pulse trains.
final class FastPathTests: XCTestCase {
    func testWyrandStreamsAreReproducibleAndDistinct() {
        var a = Wyrand(seed: 7, stream: 3), b = Wyrand(seed: 7, stream: 3), c = Wyrand(seed: 7, stream: 4)
        let xs = (0..<64).map { _ in a.next() }
        XCTAssertEqual(xs, (0..<64).map { _ in b.next() })
        XCTAssertNotEqual(xs, (0..<64).map { _ in c.next() })
    }

    /// Kolmogorov–Smirnov against Φ (n = 200,000, 0.1 % critical value 0.0044), moments, and the
    /// tail beyond the ziggurat's r = 3.44, as for Philox's normals.
    func testWyrandNormalsAndUniforms() {
        var rng = Wyrand(seed: 11, stream: 0)
        let n = 200_000
        let z = (0..<n).map { _ in rng.normal() }
        let mean = z.reduce(0, +) / Float(n)
        let variance = z.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(n - 1)
        XCTAssertEqual(mean, 0, accuracy: 5 / Float(n).squareRoot())
        XCTAssertEqual(variance.squareRoot(), 1, accuracy: 0.008)
        assertStandardNormal(z)
        let u = (0..<n).map { _ in rng.uniform() }
        XCTAssertTrue(u.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(u.reduce(0, +) / Float(n), 0.5, accuracy: 5 * 0.2887 / Float(n).squareRoot())
    }

    func testConverterRoundingIsHalfToEvenEverywhere() {
        var values: [Float] = [0, -0, 0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999997, -0.49999997, 1e-30, -3.7, 4194303.5,
                               8388607.5, 8388608, 16777216, -8388607.5, 1e20, -1e20, .greatestFiniteMagnitude]
        var rng = Philox(seed: 3)
        values += (0..<10_000).map { _ in (rng.uniform() - 0.5) * 2000 }
        for v in values {
            XCTAssertEqual(Converter.roundHalfEven(v), v.rounded(.toNearestOrEven), "\(v)")
        }
    }

    /// The vector DAC loop gives exactly what the definition does: quantize, clip, negative gain.
    func testVectorDACMatchesTheDefinition() {
        let dac = Converter(step: 2 / 126, bound: 1, stochastic: false, noise: 0, negativeGain: 0.9)
        var rng = Philox(seed: 4), noise = Wyrand(seed: 1, stream: 0)
        var source = (0..<1000).map { _ in (rng.uniform() - 0.5) * 3 }
        var target = [Float](repeating: 0, count: source.count)
        source.withUnsafeMutableBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                dac.convert(s.baseAddress!, into: t.baseAddress!, count: s.count, scale: 0.8, rng: &noise)
            }
        }
        for (v, out) in zip(source, target) {
            let q = Swift.min(1, Swift.max(-1, ((v * 0.8) / (2 / 126)).rounded(.toNearestOrEven) * (2 / 126)))
            XCTAssertEqual(out, q < 0 ? q * 0.9 : q)
        }
    }

    /// Trains longer than one 64-bit mask word (desiredBL 100) still give E[Δw] = −lr·d·x.
    func testLongPulseTrainsSpanSeveralMaskWords() throws {
        let tile = try AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 5)
        var update = UpdateParameters()
        update.desiredBL = 100
        update.updateBLManagement = false
        try tile.useDevices(quietDevice(dwMin: 0.001, bound: 10), update: update)
        let x = try Tensor(vector: [1, -0.5]), d = try Tensor(vector: [0.5, -1])
        for _ in 0..<200 { try tile.update(x: x, d: d, lr: 0.01) }
        for i in 0..<2 {
            for j in 0..<2 {
                XCTAssertEqual(tile.weights[i, j], -0.01 * d.values[i] * x.values[j] * 200, accuracy: 0.06, "w[\(i),\(j)]")
            }
        }
        // Clipping at the gradient side caps one update at desiredBL pulses.
        let capped = try AnalogTile(rows: 1, cols: 1, io: .perfect, seed: 6)
        try capped.useDevices(quietDevice(dwMin: 0.001, bound: 10), update: update)
        try capped.update(x: try Tensor(vector: [1]), d: try Tensor(vector: [1000]), lr: 1)
        XCTAssertEqual(capped.weights[0, 0], -0.1, accuracy: 1e-5, "100 down pulses of 0.001")
    }

    /// With trains of up to 200 slots and train-length management on, a small update uses a short
    /// train inside the first mask word; lines that always fire (probability ≥ 1) fill only it.
    func testShortTrainsInLongMasks() throws {
        let tile = try AnalogTile(rows: 2, cols: 2, io: .perfect, seed: 7)
        var update = UpdateParameters()
        update.desiredBL = 200
        try tile.useDevices(quietDevice(dwMin: 0.001, bound: 10), update: update)
        // lr·|x|·|d|/dw_min = 0.01·1·0.3/0.001 = 3 pulses wanted: a train of 3 slots, all firing.
        try tile.update(x: try Tensor(vector: [1, 1]), d: try Tensor(vector: [0.3, -0.3]), lr: 0.01)
        XCTAssertEqual(tile.weights[0, 0], -0.003, accuracy: 1e-6)
        XCTAssertEqual(tile.weights[1, 1], 0.003, accuracy: 1e-6)
    }

    /// Large updates run in row blocks on several threads; the result depends on the seed only.
    func testBlockParallelUpdatesAreReproducible() throws {
        func run() throws -> [Float] {
            let tile = try AnalogTile(rows: 96, cols: 64, io: .perfect, seed: 9)
            try tile.useDevices(DevicePreset.reRamES.parameters)
            var rng = Philox(seed: 10)
            let x = try Tensor.uniform(rows: 16, cols: 64, lower: -1, upper: 1, rng: &rng)
            let d = try Tensor.normal(rows: 16, cols: 96, std: 0.5, rng: &rng)
            try tile.update(x: x, d: d, lr: 0.05)
            return tile.weights.values
        }
        let first = try run()
        XCTAssertEqual(first, try run())
        XCTAssertGreaterThan(first.filter { $0 != 0 }.count, 1000, "the update reached most devices")
    }
}
