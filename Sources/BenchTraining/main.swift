import Analog
import Foundation

let channels = (Int(ProcessInfo.processInfo.environment["C1"] ?? "") ?? 8, Int(ProcessInfo.processInfo.environment["C2"] ?? "") ?? 16)
func cnn(_ config: TileConfig?) throws -> Sequential {
    let (c1, c2) = channels
    if ProcessInfo.processInfo.environment["SMALL"] != nil {
        let cfg = config ?? .floatingPoint
        return try Sequential([
            AnalogConv2d(inChannels: 1, outChannels: c1, kernel: 3, padding: 1, config: cfg, seed: 1), Activation(.relu), Pool2d(.max, kernel: 2),
            AnalogConv2d(inChannels: c1, outChannels: c2, kernel: 3, padding: 1, config: cfg, seed: 2), Activation(.relu), Pool2d(.max, kernel: 2),
            Flatten(), AnalogLinear(inputs: c2 * 16, outputs: 10, config: cfg, seed: 3),
        ])
    }
    if let config {
        return try Sequential([
            AnalogConv2d(inChannels: 1, outChannels: 8, kernel: 3, padding: 1, config: config, seed: 1), Activation(.relu), Pool2d(.max, kernel: 2),
            AnalogConv2d(inChannels: 8, outChannels: 16, kernel: 3, padding: 1, config: config, seed: 2), Activation(.relu), Pool2d(.max, kernel: 2),
            Flatten(), AnalogLinear(inputs: 256, outputs: 10, config: config, seed: 3),
        ])
    }
    return try Sequential([
        Conv2d(inChannels: 1, outChannels: 8, kernel: 3, padding: 1, seed: 1), Activation(.relu), Pool2d(.max, kernel: 2),
        Conv2d(inChannels: 8, outChannels: 16, kernel: 3, padding: 1, seed: 2), Activation(.relu), Pool2d(.max, kernel: 2),
        Flatten(), Linear(inputs: 256, outputs: 10, seed: 3),
    ])
}

do {
    let start = Date()
    let data = try Dataset.digits(samples: 6000, seed: 1)
    let (train, test) = try data.split(5.0 / 6.0, seed: 2)
    print("data", Date().timeIntervalSince(start))
    let fp = try cnn(nil)
    var o = FitOptions()
    o.epochs = 8; o.lr = 0.05; o.momentum = 0.9; o.batchSize = 32; o.schedule = .cosine
    let h = try fp.fit(train, test: test, options: o)
    print("fp", h.map { String(format: "%.3f %.1fs", $0.testAccuracy ?? 0, $0.seconds) })
    let times: [Double] = [1, 3600, 86_400, 31_536_000]
    func study(_ m: Sequential, _ label: String, compensate: Bool? = nil) throws {
        let s = try m.driftStudy(test, times: times, repeats: 3, compensateDrift: compensate)
        print(label, s.map { String(format: "%.3f±%.3f", $0.mean, $0.std) })
    }
    let env = ProcessInfo.processInfo.environment
    var hwa = env["CFG"] == "inference" ? TileConfig.inference() : TileConfig.standardHWA
    if env["NM"] == "absmax" { hwa.forward.noiseManagement = .absMax; hwa.forward.nmThreshold = 0 }
    if let m = env["MOD"], let std = Float(m) { hwa.modifier = WeightModifier(.addNormal, stdDev: std) }
    let direct = try convertToAnalog(fp, config: hwa)
    print("calibrated", try direct.calibrateInputRanges(train).map { $0.range })
    try study(direct, "direct")
    try study(direct, "direct nocomp", compensate: false)
    let tuned = try convertToAnalog(fp, config: hwa)
    try tuned.calibrateInputRanges(train)
    var o2 = FitOptions()
    o2.epochs = Int(env["EP"] ?? "") ?? 4; o2.lr = Float(env["LR"] ?? "") ?? 0.01; o2.momentum = 0.9; o2.batchSize = 32; o2.schedule = .cosine
    let t0 = Date()
    let h2 = try tuned.fit(train, test: test, options: o2)
    print("hwa fit", h2.map { String(format: "%.3f %.1fs", $0.testAccuracy ?? 0, $0.seconds) }, Date().timeIntervalSince(t0))
    try study(tuned, "hwa")
    try study(tuned, "hwa nocomp", compensate: false)
} catch {
    print("error", error)
}
