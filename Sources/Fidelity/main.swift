import Analog
import Foundation

// `make fidelity`: the relative MVM error ‖y − y_ideal‖ / ‖y_ideal‖ of Crossbar's tiles on the
// fixed problem of docs/fidelity.md — 512×512 weights N(0, 0.3²) clipped to ±1, 100 inputs N(0, 1)
// clipped to ±1 — after programming and drift, mean over 5 freshly made tiles.

let times: [(String, Double)] = [("t = 0", 0), ("1 h", 3600), ("1 day", 86_400), ("1 year", 31_536_000)]

/// A row of the table: how to make the tile, and whether it is programmed with an inference model.
struct Row {
    let name: String
    let config: TileConfig
    let programs: Bool
}

func inference(_ noise: InferenceNoise, io: IOParameters = IOParameters(), _ name: String) -> Row {
    var config = TileConfig.inference(noise: noise)
    config.forward = io
    return Row(name: name, config: config, programs: true)
}

var rows: [Row] = [
    Row(name: "FloatingPointPreset", config: .floatingPoint, programs: false),
    Row(name: "IOParameters() defaults alone (no device noise)", config: TileConfig(forward: IOParameters(), noise: .none), programs: false),
    inference(.pcm(PCMLikeNoise()), "InferenceRPUConfig (PCM-like noise, global drift compensation)"),
    Row(name: "StandardHWATrainingPreset (PCM, channel-wise remapping, input range 3)", config: .standardHWA, programs: true),
    inference(.pcm(PCMLikeNoise()), io: .perfect, "perfect IO + PCM-like noise + compensation"),
    inference(.reramCMO(ReRAMCMONoise()), "InferenceRPUConfig with ReRamCMONoiseModel"),
    inference(.reramWan2022(ReRAMWan2022Noise()), "InferenceRPUConfig with ReRamWan2022NoiseModel ¹"),
]
rows += DevicePreset.all.map { preset in
    var config = TileConfig.singleDevice(preset)
    config.name = preset.parameters.isOneSided ? "\(preset.name) devices (one-sided pairs), PresetIOParameters ² ³"
                                               : "\(preset.name) devices, PresetIOParameters ²"
    return Row(name: config.name, config: config, programs: false)
}
// Several devices per weight (AIHWKit's 2- and 4-device presets).
rows += DevicePreset.withVectorConfigs.flatMap { preset in
    [2, 4].map { n in
        var config = TileConfig.multiDevice(preset, devices: n)
        config.name = "\(preset.name), \(n) devices per weight (\(config.name)), PresetIOParameters ²"
        return Row(name: config.name, config: config, programs: false)
    }
}

do {
    var rng = Philox(seed: 2023)
    let weights = try Tensor.normal(rows: 512, cols: 512, std: 0.3, rng: &rng).clipped(to: 1)
    let x = try Tensor.normal(rows: 100, cols: 512, rng: &rng).clipped(to: 1)
    print("| configuration | " + times.map(\.0).joined(separator: " | ") + " |")
    print("|---|" + times.map { _ in "---:" }.joined(separator: "|") + "|")
    for row in rows {
        let errors = try AnalogLinear.driftErrorStudy(config: row.config, weights: weights, inputs: x, times: times.map(\.1),
                                                     repeats: 5, seed: 100, programs: row.programs)
        let cells = errors.map { e in e.map { String(format: "%.1f %%", 100 * $0) } ?? "—" }
        print("| \(row.name) | " + cells.joined(separator: " | ") + " |")
    }
} catch {
    FileHandle.standardError.write(Data("fidelity: \(error)\n".utf8))
    exit(1)
}
