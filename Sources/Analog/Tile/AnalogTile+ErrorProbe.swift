import Display

/// How far a tile's reads are from the exact product, measured on fixed random inputs: the MVM
/// error of docs/analog.md, the read-error histogram and the tile drift study all use it.
extension AnalogTile {
    /// The inputs every probe uses: `samples` rows uniform in ±1 from a fixed seed, so that two
    /// measurements of one tile differ only by the tile's own noise.
    public static let probeSeed: UInt64 = 12_345

    /// Reads of `samples` probe inputs and their exact products W·x.
    public func probe(samples: Int) throws -> (reads: Tensor, exact: Tensor) {
        guard (1...100_000).contains(samples) else { throw AnalogError(.configuration, "samples must be 1…100000") }
        var rng = Philox(seed: AnalogTile.probeSeed)
        let x = try Tensor.uniform(rows: samples, cols: cols, lower: -1, upper: 1, rng: &rng)
        return (try forward(x), try x.matmul(logicalWeights, transposeOther: true))
    }

    /// The mean relative error ‖y − W·x‖ / ‖W·x‖ of reads over `samples` probe inputs.
    public func mvmError(samples: Int = 100) throws -> Float {
        let (y, ideal) = try probe(samples: samples)
        var total: Float = 0
        var counted = 0
        for r in 0..<samples {
            let yi = try Tensor(vector: try y.row(r)), ii = try Tensor(vector: try ideal.row(r))
            if ii.norm > 0 { total += try yi.relativeError(to: ii); counted += 1 }
        }
        guard counted > 0 else { throw AnalogError(.state, "the tile's weights are all zero: the relative error is undefined") }
        return total / Float(counted)
    }

    /// The read errors y − W·x of every output over `samples` probe inputs.
    public func readErrors(samples: Int = 200) throws -> [Double] {
        let (y, ideal) = try probe(samples: samples)
        return try y.subtracting(ideal).values.map(Double.init)
    }
}
