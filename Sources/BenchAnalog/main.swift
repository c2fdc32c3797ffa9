import Analog
import Foundation

// `make bench-analog`: analog tile forward throughput next to a plain SGEMM of the same size (the
// floor on this CPU), inference IO with noise on, batch 100.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

let batch = 100
// PART=forward, update or rng runs one part, SIZES=256,512 some sizes, CONFIG=1…3 one config (for profiling).
let part = ProcessInfo.processInfo.environment["PART"] ?? "all"
let repeats = Int(ProcessInfo.processInfo.environment["REPEATS"] ?? "") ?? 21
print("bench-analog: batch \(batch), median of \(repeats) runs; weights N(0, 0.3²) and inputs N(0, 1), both clipped to ±1")
let runsForward = part == "all" || part == "forward", runsUpdate = part == "all" || part == "update"
if runsForward {
    print("")
    print("Forward reads, next to a plain SGEMM of the same size. Configs: InferenceRPUConfig (default IO: 7-bit DAC,")
    print("9-bit ADC ±12, out noise 0.06, abs-max NM, iterative BM); the same IO with BM none (one read per sample);")
    print("StandardHWATrainingPreset's IO (8-bit, PCM read noise, IR drop, constant NM, no BM).")
    print("")
    print("| tile | config | SGEMM ms | forward ms | forward / SGEMM | reads/sample | forward samples/s |")
    print("|-----:|---|---------:|-----------:|----------------:|---:|------------------:|")
}
do {
    var singleRead = IOParameters()
    singleRead.boundManagement = .none
    let configs: [(String, IOParameters)] = [("InferenceRPUConfig", IOParameters()), ("default IO, BM none", singleRead),
                                             ("StandardHWA IO", .standardHWA)]
    let sizes = (ProcessInfo.processInfo.environment["SIZES"] ?? "256,512,1024").split(separator: ",").compactMap { Int($0) }
    for n in sizes where runsForward {
        var rng = Philox(seed: 1)
        let w = try Tensor.normal(rows: n, cols: n, std: 0.3, rng: &rng).clipped(to: 1)
        let x = try Tensor.normal(rows: batch, cols: n, rng: &rng).clipped(to: 1)
        // CONFIG=1, 2 or 3 runs one config (for profiling).
        let only = Int(ProcessInfo.processInfo.environment["CONFIG"] ?? "")
        for (index, (name, io)) in configs.enumerated() where only == nil || only == index + 1 {
            var config = TileConfig.inference()
            config.forward = io
            let tile = try AnalogTile(rows: n, cols: n, config: config, seed: 2)
            try tile.setWeights(w)
            _ = try x.matmul(w, transposeOther: true)
            _ = try tile.forward(x)
            var gemm: [Double] = [], forward: [Double] = []
            for _ in 0..<repeats {
                gemm.append(try seconds { _ = try x.matmul(w, transposeOther: true) })
                forward.append(try seconds { _ = try tile.forward(x) })
            }
            let g = median(gemm), f = median(forward)
            print(String(format: "| %4d² | %@ | %8.3f | %10.3f | %15.2f | %.2f | %17.0f |", n, name, g * 1000, f * 1000, f / g,
                         tile.readsPerSample, Double(batch) / f))
        }
    }
} catch {
    FileHandle.standardError.write(Data("bench-analog: \(error)\n".utf8))
    exit(1)
}
if runsUpdate {
    print("")
    print("Pulsed update, 512², batch 100, lr 0.01, x uniform in ±1, d N(0, 0.1²), next to the digital")
    print("rank-100 update W −= lr·dᵀx as one SGEMM:")
    print("")
    print("| device | SGEMM ms | pulsed update ms | update / SGEMM | samples/s |")
    print("|---|---:|---:|---:|---:|")
}
do {
    for preset in [DevicePreset.idealized, DevicePreset.gokmenVlasov, DevicePreset.reRamES] where runsUpdate {
        var rng = Philox(seed: 3)
        let x = try Tensor.uniform(rows: batch, cols: 512, lower: -1, upper: 1, rng: &rng)
        let d = try Tensor.normal(rows: batch, cols: 512, std: 0.1, rng: &rng)
        let tile = try AnalogTile(rows: 512, cols: 512, seed: 4)
        try tile.useDevices(preset.parameters)
        var gemm: [Double] = [], update: [Double] = []
        for _ in 0..<Swift.max(3, repeats / 4) {
            gemm.append(try seconds { _ = try d.matmul(x, transposeSelf: true) })
            update.append(try seconds { try tile.update(x: x, d: d, lr: 0.01) })
        }
        let g = median(gemm), u = median(update)
        print(String(format: "| %@ (%@) | %.3f | %.2f | %.0f | %.0f |", preset.name, preset.parameters.model.name, g * 1000, u * 1000, u / g,
                     Double(batch) / u))
    }
} catch {
    FileHandle.standardError.write(Data("bench-analog: \(error)\n".utf8))
    exit(1)
}

// The random numbers behind reads and pulses: ns per draw, one million draws into a buffer, median
// of 5 (PART=rng runs only this table).
func randomNumberTable() {
    print("")
    print("Random numbers: ns per draw (10⁶ draws into a buffer, median of 5):")
    print("")
    print("| generator | draw | ns |")
    print("|---|---|---:|")
    let count = 1_000_000
    var buffer = [Float](repeating: 0, count: count)
    var philox = Philox(seed: 5)
    var wyrand = Wyrand(seed: 5, stream: 0)
    var vector = VectorNormals(seed: 5, stream: 0)
    enum Draw: CaseIterable { case philoxUniform, philoxNormal, wyrandUniform, wyrandNormal, vectorUniform, vectorNormal }
    for draw in Draw.allCases {
        // The fills run inside the library, where the draws are inlined as in reads and updates.
        let times = (0..<5).map { _ in
            seconds {
                switch draw {
                case .philoxUniform: philox.fillUniform(&buffer)
                case .philoxNormal: philox.fillNormal(&buffer)
                case .wyrandUniform: wyrand.fillUniform(&buffer)
                case .wyrandNormal: wyrand.fillNormal(&buffer)
                case .vectorUniform: vector.fillUniform(&buffer)
                case .vectorNormal: vector.fillNormal(&buffer)
                }
            }
        }
        let name: (String, String) = switch draw {
        case .philoxUniform: ("Philox4x32-10", "uniform")
        case .philoxNormal: ("Philox4x32-10", "normal (ziggurat, two 32-bit words)")
        case .wyrandUniform: ("wyrand", "uniform")
        case .wyrandNormal: ("wyrand", "normal (ziggurat, one 64-bit word)")
        case .vectorUniform: ("16 × xoshiro128++ (VectorNormals)", "uniform")
        case .vectorNormal: ("16 × xoshiro128++ (VectorNormals)", "normal (Box–Muller on vectors)")
        }
        print(String(format: "| %@ | %@ | %.2f |", name.0, name.1, median(times) / Double(count) * 1e9))
    }
    // Keeps the draws observable, so the loops are not optimised away.
    if buffer.reduce(0, +).isNaN { print("NaN in the draws") }
}
if part == "all" || part == "rng" { randomNumberTable() }
