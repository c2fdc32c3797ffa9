// `make figures`: the figures of the Analog pages, written to docs/figures/*.svg by Crossbar itself.
// Run from the repository root: .build/release/crossbar run docs/figures/make_figures.swift

// 1. The tile: relative MVM error against the number of inputs, default IO.
seed(11)
func randomWeights(_ rows: Int, _ cols: Int) -> [[Double]] {
    (0..<rows).map { _ in (0..<cols).map { _ in
        let u1 = Double.random(in: 0.000001...1), u2 = Double.random(in: 0..<1)
        return max(-1, min(1, 0.3 * sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)))
    } }
}
let sizes = [16, 32, 64, 128, 256, 512]
var sizeErrors: [Double] = []
for n in sizes {
    let t = AnalogTile(rows: 64, cols: n, seed: 1)
    t.weights = randomWeights(64, n)
    sizeErrors.append(t.mvmError(samples: 100) * 100)
}
let tileFigure = plot(x: sizes.map { Double($0) }, y: sizeErrors, label: "default IO (7-bit DAC, 9-bit ADC, out noise 0.06)",
                      title: "MVM error against the number of inputs", xlabel: "inputs per output", ylabel: "relative error (%)",
                      xscale: .log)
tileFigure.save(svg: "docs/figures/analog-tile-size.svg")

// 2. The IO model: error against ADC bits, with and without output noise.
let tile = AnalogTile(rows: 128, cols: 128, seed: 7)
tile.weights = randomWeights(128, 128)
let bits = Array(4...12)
var noisy: [Double] = [], clean: [Double] = []
for b in bits {
    tile.outBits = b
    tile.outNoise = 0.06
    noisy.append(tile.mvmError(samples: 100) * 100)
    tile.outNoise = 0
    clean.append(tile.mvmError(samples: 100) * 100)
}
let ioFigure = plot(x: bits.map { Double($0) }, y: noisy, label: "output noise 0.06", title: "MVM error against ADC bits",
                    xlabel: "ADC bits", ylabel: "relative error (%)", yscale: .log)
ioFigure.plot(x: bits.map { Double($0) }, y: clean, label: "no output noise", dashed: true)
ioFigure.save(svg: "docs/figures/analog-io-adc-bits.svg")

// 3. Inference noise and drift: error over a year, with and without global drift compensation.
tile.outBits = 9
tile.outNoise = 0.06
let times: [Double] = [20, 60, 3600, 86_400, 2_592_000, 31_536_000]
let on = tile.driftStudy(times: times, samples: 100)
let off = tile.driftStudy(times: times, samples: 100, compensateDrift: false)
let driftFigure = plot(x: times, y: on.column("error") as! [Double], label: "global drift compensation",
                       title: "PCM tile: MVM error after programming", xlabel: "time after programming (s)",
                       ylabel: "relative error (%)", xscale: .log)
driftFigure.plot(x: times, y: off.column("error") as! [Double], label: "no compensation", dashed: true)
driftFigure.save(svg: "docs/figures/analog-drift.svg")

// 4. Devices: responses of three presets.
Preset.reRamES.plotResponse(pulses: 1000, devices: 4, seed: 1).save(svg: "docs/figures/analog-device-reramES.svg")
Preset.capacitor.plotResponse(pulses: 300, devices: 4, seed: 1).save(svg: "docs/figures/analog-device-capacitor.svg")
print("wrote docs/figures/analog-*.svg")

// 5. Tile configs: MVM error over time after programming, for three inference configs.
let configTimes: [Double] = [1, 60, 3600, 86_400, 2_592_000, 31_536_000]
let configWeights = randomWeights(128, 128)
func errorsOverTime(_ t: AnalogTile) -> [Double] {
    t.weights = configWeights
    return t.driftStudy(times: configTimes, samples: 100).column("error") as! [Double]
}
let configFigure = plot(x: configTimes, y: errorsOverTime(AnalogTile(rows: 128, cols: 128, config: .inference(noise: .pcm), seed: 5)),
                        label: "InferenceRPUConfig, PCM-like", title: "Inference configs: MVM error after programming",
                        xlabel: "time after programming (s)", ylabel: "relative error (%)", xscale: .log)
configFigure.plot(x: configTimes, y: errorsOverTime(AnalogTile(rows: 128, cols: 128, config: .inference(noise: .reramCMO), seed: 5)),
                  label: "InferenceRPUConfig, ReRAM CMO")
configFigure.plot(x: configTimes, y: errorsOverTime(AnalogTile(rows: 128, cols: 128, config: .standardHWA, seed: 5)),
                  label: "StandardHWATrainingPreset", dashed: true)
configFigure.save(svg: "docs/figures/analog-configs.svg")
print("wrote docs/figures/analog-configs.svg")
