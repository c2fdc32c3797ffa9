import Analog
import Foundation

// `make fidelity`: the relative MVM error ‖y − y_ideal‖ / ‖y_ideal‖ of Crossbar's tiles on the
// fixed problem of docs/fidelity.md — 512×512 weights N(0, 0.3²) clipped to ±1, 100 inputs N(0, 1)
// clipped to ±1 — after programming and drift, mean over 5 freshly programmed tiles.

let times: [(String, Double)] = [("t = 0", 0), ("1 h", 3600), ("1 day", 86_400), ("1 year", 31_536_000)]
let configs: [(String, IOParameters, Bool)] = [
    ("IOParameters() defaults, no PCM noise", IOParameters(), false),
    ("StandardHWATrainingPreset IO + PCM noise + drift compensation", .standardHWA, true),
    ("IOParameters() defaults + PCM noise + drift compensation", IOParameters(), true),
    ("perfect IO + PCM noise + drift compensation", .perfect, true),
]

do {
    var rng = Philox(seed: 2023)
    let weights = try Tensor.normal(rows: 512, cols: 512, std: 0.3, rng: &rng).clipped(to: 1)
    let x = try Tensor.normal(rows: 100, cols: 512, rng: &rng).clipped(to: 1)
    let ideal = try x.matmul(weights, transposeOther: true)
    print("| configuration | " + times.map(\.0).joined(separator: " | ") + " |")
    print("|---|" + times.map { _ in "---:" }.joined(separator: "|") + "|")
    for (name, io, pcm) in configs {
        var cells: [String] = []
        for (_, t) in times {
            var total: Float = 0
            for repeatIndex in 0..<5 {
                let tile = try AnalogTile(rows: 512, cols: 512, io: io, seed: UInt64(100 + repeatIndex))
                try tile.setWeights(weights)
                if pcm {
                    try tile.program()
                    try tile.drift(to: t)
                }
                total += try tile.forward(x).relativeError(to: ideal)
            }
            cells.append(String(format: "%.1f %%", 100 * total / 5))
        }
        print("| \(name) | " + cells.joined(separator: " | ") + " |")
    }
} catch {
    FileHandle.standardError.write(Data("fidelity: \(error)\n".utf8))
    exit(1)
}
