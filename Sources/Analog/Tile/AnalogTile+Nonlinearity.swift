extension AnalogTile {
    /// AIHWKit's output non-linearity y ← f²·y/(1 + |nᵢ·y|): each output's nᵢ =
    /// |outNonlinearity/outBound·(1 + std·ξ)| is drawn once per tile and direction (from the tile's
    /// seed) and kept while the parameters stay; f = 1 + mean|nᵢ|·slopeCalibration·outBound
    /// calibrates the slope when slopeCalibration > 0. Returns nil when the IO has none.
    func outputNonlinearity(_ io: IOParameters, outputs: Int, backward: Bool) throws -> ([Float]?, Float) {
        guard io.outNonlinearity > 0 else { return (nil, 1) }
        let key = NonlinearityKey(strength: io.outNonlinearity, std: io.outNonlinearityStd, bound: io.outBound, outputs: outputs)
        var drawn = backward ? backwardNonlinearity : forwardNonlinearity
        if drawn?.key != key {
            var rng = Philox(seed: seed, stream: backward ? 18 : 17)
            let bound = io.outBound > 0 && io.outBound.isFinite ? io.outBound : 1
            let n = (0..<outputs).map { _ in abs(io.outNonlinearity / bound * (1 + Swift.max(0, io.outNonlinearityStd) * rng.normal())) }
            drawn = (key, n)
            if backward { backwardNonlinearity = drawn } else { forwardNonlinearity = drawn }
        }
        guard let n = drawn?.values else { return (nil, 1) }
        var slope: Float = 1
        if io.slopeCalibration > 0 {
            let f = 1 + n.reduce(0, +) / Float(n.count) * io.slopeCalibration * io.outBound
            slope = f * f
        }
        return (n, slope)
    }
}

/// The parameters a tile's drawn output non-linearities were drawn for.
struct NonlinearityKey: Equatable {
    var strength: Float, std: Float, bound: Float, outputs: Int
}
