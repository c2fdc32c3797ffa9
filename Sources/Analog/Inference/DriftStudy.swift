import Display

/// MVM error over time after programming, the two ways a study asks it.
extension AnalogTile {
    /// One tile's trajectory: program it, then for each time (seconds after programming) drift it
    /// and measure the MVM error on the fixed probe inputs. A Table of time, error (%) and the
    /// drift compensation factor; `onTime` runs after each time (for progress and interruption).
    public func driftStudy(times: [Double], samples: Int = 100, compensateDrift: Bool = true,
                           onTime: (Int) throws -> Void = { _ in }) throws -> Table {
        guard !times.isEmpty, (1...100_000).contains(samples) else {
            throw AnalogError(.configuration, "driftStudy needs times and 1…100000 samples")
        }
        var errors: [TableValue] = [], factors: [TableValue] = []
        try program(compensateDrift: compensateDrift)
        for (k, t) in times.enumerated() {
            try drift(to: t)
            errors.append(.double(Double(try mvmError(samples: samples)) * 100))
            factors.append(.double(Double(String(describing: driftCompensation)) ?? Double(driftCompensation)))
            try onTime(k + 1)
        }
        return try Table(columns: [Column("time", times.map { .double($0) }, unit: "s"), Column("error", errors, unit: "%"),
                                   Column("compensation", factors)],
                         title: "MVM error after drift\(compensateDrift ? " (global drift compensation)" : "")")
    }
}

extension AnalogLinear {
    /// Independent programmings, as docs/fidelity.md measures: for each time and each of `repeats`
    /// layers (seeds `seed`, `seed + 1`, …) holding `weights`, program afresh (when `programs`),
    /// drift to the time and take the relative error ‖y − W·x‖ / ‖W·x‖ of the layer's outputs for
    /// `inputs` (so configs with an input range divide by it, as AIHWKit's layer does). The mean
    /// per time; nil where the noise model has no measurement at that time (Wan 2022 between its
    /// measured times). Time 0 reads at the model's first read time.
    public static func driftErrorStudy(config: TileConfig, weights: Tensor, inputs: Tensor, times: [Double],
                                       repeats: Int = 5, seed: UInt64 = 100, programs: Bool = true) throws -> [Float?] {
        guard (1...1000).contains(repeats), !times.isEmpty else {
            throw AnalogError(.configuration, "driftErrorStudy needs times and 1…1000 repeats")
        }
        let ideal = try inputs.matmul(weights, transposeOther: true)
        return try times.map { t in
            var total: Float = 0
            for r in 0..<repeats {
                let layer = try AnalogLinear(inputs: weights.cols, outputs: weights.rows, bias: false, config: config,
                                             seed: seed &+ UInt64(r))
                try layer.setWeights(weights)
                guard let tile = layer.tiles.first else { continue }
                if programs {
                    try tile.program()
                    do {
                        try tile.drift(to: Swift.max(t, tile.driftTime))
                    } catch let e as AnalogError where e.kind == .inference {
                        return nil
                    }
                }
                total += try layer.forward(try Batch(inputs), training: false).values.relativeError(to: ideal)
            }
            return total / Float(repeats)
        }
    }
}
