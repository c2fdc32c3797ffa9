import Foundation

/// How an axis maps data to position.
public enum AxisScale: String, Sendable, Equatable {
    case linear
    case log
}

/// A resolved axis: data range, ticks and the mapping to pixels.
struct AxisMap {
    let scale: AxisScale
    let low: Double
    let high: Double
    let pixelLow: Double
    let pixelHigh: Double
    let ticks: [Double]

    func position(_ value: Double) -> Double {
        let (a, b, v): (Double, Double, Double)
        switch scale {
        case .linear: (a, b, v) = (low, high, value)
        case .log: (a, b, v) = (log10(low), log10(high), log10(value))
        }
        let t = b == a ? 0.5 : (v - a) / (b - a)
        return pixelLow + t * (pixelHigh - pixelLow)
    }
}

/// Tick placement: 1-2-5 steps on linear axes, powers of ten on log axes.
enum Ticks {
    /// A step of 1, 2 or 5 × 10^k that gives about `target` intervals over `span`.
    static func niceStep(span: Double, target: Int) -> Double {
        guard span > 0, span.isFinite else { return 1 }
        let raw = span / Double(max(1, target))
        let power = pow(10, floor(log10(raw)))
        let fraction = raw / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        return nice * power
    }

    /// Expands [low, high] outward to whole steps and lists the ticks.
    static func linear(low: Double, high: Double, target: Int = 6) -> (low: Double, high: Double, ticks: [Double]) {
        var (lo, hi) = (low, high)
        if lo == hi {
            let pad = lo == 0 ? 1 : abs(lo) * 0.1
            lo -= pad
            hi += pad
        }
        let step = niceStep(span: hi - lo, target: target)
        let start = floor(lo / step + 1e-9) * step
        let end = ceil(hi / step - 1e-9) * step
        var ticks: [Double] = []
        var k = 0
        while true {
            let t = start + Double(k) * step
            if t > end + step * 1e-9 || k > 1000 { break }
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            k += 1
        }
        return (start, end, ticks)
    }

    /// Whole decades covering [low, high] (both > 0); if the range is under a decade, 1-2-5 ticks.
    static func log(low: Double, high: Double) -> (low: Double, high: Double, ticks: [Double]) {
        var lo = floor(log10(low)), hi = ceil(log10(high))
        if lo == hi { lo -= 1; hi += 1 }
        let decades = Int(hi - lo)
        let every = max(1, Int(ceil(Double(decades) / 8)))
        var ticks: [Double] = []
        var e = Int(lo)
        while e <= Int(hi) {
            ticks.append(pow(10, Double(e)))
            e += every
        }
        return (pow(10, lo), pow(10, hi), ticks)
    }

    /// SI-style tick labels: 0.001 → 1m, 2500 → 2.5k; decades on log axes as 10ⁿ.
    static func label(_ v: Double, scale: AxisScale, step: Double) -> String {
        if v == 0 { return "0" }
        if scale == .log {
            let e = Int(log10(v).rounded())
            if (-2...3).contains(e) { return NumberFormat.significant(v, digits: 3) }
            return "10" + superscript(e)
        }
        let magnitude = max(abs(v), step)
        if magnitude >= 1e4 || magnitude < 1e-2 {
            let exponent = Int(floor(log10(magnitude) / 3)) * 3
            let clamped = min(15, max(-15, exponent))
            let symbol = NumberFormat.prefixes.first { $0.exponent == clamped }?.symbol ?? ""
            return NumberFormat.significant(v / pow(10, Double(clamped)), digits: 4) + symbol
        }
        return NumberFormat.significant(v, digits: 6)
    }

    static func superscript(_ n: Int) -> String {
        let map: [Character: Character] = ["0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
                                           "8": "⁸", "9": "⁹", "-": "⁻"]
        return String(String(n).map { map[$0] ?? $0 })
    }
}
