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
let repeats = Int(ProcessInfo.processInfo.environment["REPEATS"] ?? "") ?? 21
print("bench-analog: batch \(batch), median of \(repeats) runs, default IOParameters (7-bit DAC, 9-bit ADC, out noise 0.06)")
print("")
print("| tile | SGEMM ms | forward ms | forward / SGEMM | forward samples/s |")
print("|-----:|---------:|-----------:|----------------:|------------------:|")
do {
    for n in [256, 512, 1024] {
        var rng = Philox(seed: 1)
        let w = try Tensor.normal(rows: n, cols: n, std: 0.3, rng: &rng).clipped(to: 1)
        let x = try Tensor.normal(rows: batch, cols: n, rng: &rng).clipped(to: 1)
        let tile = try AnalogTile(rows: n, cols: n, seed: 2)
        try tile.setWeights(w)
        _ = try x.matmul(w, transposeOther: true)
        _ = try tile.forward(x)
        var gemm: [Double] = [], forward: [Double] = []
        for _ in 0..<repeats {
            gemm.append(try seconds { _ = try x.matmul(w, transposeOther: true) })
            forward.append(try seconds { _ = try tile.forward(x) })
        }
        let g = median(gemm), f = median(forward)
        print(String(format: "| %4d² | %8.3f | %10.3f | %15.2f | %17.0f |", n, g * 1000, f * 1000, f / g, Double(batch) / f))
    }
} catch {
    FileHandle.standardError.write(Data("bench-analog: \(error)\n".utf8))
    exit(1)
}
print("")
print("Pulsed update throughput: not measured yet (the pulsed device models are not built yet).")
