// The table "Why Tiki-Taka wants asymmetric devices" of docs/analog-devices.md: an 8×8 tile learns a
// target matrix from 3000 random examples (lr 0.1, perfect IO, the problem of notebook 03) with
// plain pulsed SGD and with Tiki-Taka, on four device presets; the RMS distance to the target at
// the end. Run from the repository root: .build/release/crossbar run docs/figures/tiki_taka_devices.swift
seed(5)
let target = (0..<8).map { _ in (0..<8).map { _ in Double.random(in: -0.5...0.5) } }
func distance(_ tile: AnalogTile) -> Double {
    var s = 0.0
    for (r, row) in tile.exactWeights.enumerated() {
        for (c, w) in row.enumerated() { s += (w - target[r][c]) * (w - target[r][c]) }
    }
    return sqrt(s / 64)
}
/// The gradient of ½‖W·x − T·x‖² with respect to the outputs is d = W·x − T·x.
func train(_ tile: AnalogTile, steps: Int) -> Double {
    for _ in 0..<steps {
        let x = (0..<8).map { _ in Double.random(in: -1...1) }
        let y = tile.forward(x)
        let t = target.map { row in zip(row, x).map { $0 * $1 }.reduce(0, +) }
        tile.update(x: x, d: zip(y, t).map { $0 - $1 }, lr: 0.1)
    }
    return distance(tile)
}
var names: [String] = [], plain: [Double] = [], tiki: [Double] = []
for (name, preset) in [("idealized", Preset.idealized), ("gokmenVlasov", Preset.gokmenVlasov), ("ecRam", Preset.ecRam),
                       ("reRamSB", Preset.reRamSB)] {
    let sgd = AnalogTile(rows: 8, cols: 8, io: .perfect, seed: 1)
    sgd.useDevices(preset)
    let tt = AnalogTile(rows: 8, cols: 8, io: .perfect, seed: 1)
    tt.useTikiTaka(preset)
    names.append(name)
    plain.append(train(sgd, steps: 3000))
    tiki.append(train(tt, steps: 3000))
}
print(Table(columns: ["device": names, "pulsed SGD": plain, "Tiki-Taka": tiki]))
