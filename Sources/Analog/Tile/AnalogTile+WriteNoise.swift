extension AnalogTile {
    /// Devices with write noise (AIHWKit's `write_noise_std`) hold their weight exactly but read
    /// back with noise of std writeNoiseStd·dwMin, redrawn whenever the weights are written (after
    /// setting them and after each update): reads see the apparent weights.
    func drawWriteNoise() {
        guard let p = deviceParameters, p.writeNoiseStd > 0, !devices.isEmpty else { return }
        // A vector unit cell's devices each read with their own noise.
        let sigma = p.writeNoiseStd * p.dwMin * (deviceVector?.noiseFactor ?? 1)
        readWeights = weights.map { $0 + sigma * rngNormal() }
    }

    /// Devices with a finite lifetime relax towards their reset value once per mini-batch:
    /// w ← (w − b)·s + b (AIHWKit's `decayWeights`, run in the post-update step).
    func decayDevices() throws {
        guard let p = deviceParameters, p.lifetime > 0, deviceStates.count == weights.count else { return }
        var w = weights.values
        PulsedArray.decay(&w, deviceStates)
        try setWeights(try Tensor(rows: rows, cols: cols, values: w))
    }
}
