import Foundation

/// Formats numbers for people: a fixed number of significant digits, SI prefixes for
/// physical units, no noise digits.
public enum NumberFormat {
    /// Units that take SI prefixes (µS, ps, µW, …). A unit already carrying a prefix is
    /// treated as its own base (values are assumed to be in that unit).
    static let siUnits: Set<String> = ["s", "S", "W", "A", "V", "F", "Hz", "m", "Ω", "J", "g", "B", "b", "FLOP", "OPS", "Wh"]

    static let prefixes: [(exponent: Int, symbol: String)] = [
        (-15, "f"), (-12, "p"), (-9, "n"), (-6, "µ"), (-3, "m"), (0, ""), (3, "k"), (6, "M"), (9, "G"), (12, "T"), (15, "P"),
    ]

    /// `value` to `digits` significant digits, trailing zeros trimmed; scientific notation
    /// outside 1e-4…1e6 so columns stay narrow.
    public static func significant(_ value: Double, digits: Int = 4) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-4 {
            var s = String(format: "%.\(max(0, digits - 1))e", value)
            // "1.500e-07" → "1.5e-07"
            if let e = s.firstIndex(of: "e") {
                var mantissa = String(s[..<e])
                if mantissa.contains(".") {
                    while mantissa.hasSuffix("0") { mantissa.removeLast() }
                    if mantissa.hasSuffix(".") { mantissa.removeLast() }
                }
                s = mantissa + String(s[e...])
            }
            return s
        }
        let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
        var s = String(format: "%.\(decimals)f", value)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// A value with its unit; SI units get the prefix that keeps the mantissa in [1, 1000).
    public static func withUnit(_ value: Double, unit: String?, digits: Int = 4) -> String {
        guard let unit, !unit.isEmpty else { return significant(value, digits: digits) }
        if unit == "%" { return significant(value, digits: digits) + " %" }
        if unit == "s", let duration = duration(value, digits: digits) { return duration }
        guard siUnits.contains(unit), value.isFinite, value != 0 else { return significant(value, digits: digits) + " " + unit }
        let exponent = Int(floor(log10(abs(value)) / 3)) * 3
        let clamped = min(15, max(-15, exponent))
        let symbol = prefixes.first { $0.exponent == clamped }?.symbol ?? ""
        let scaled = value / pow(10, Double(clamped))
        return significant(scaled, digits: digits) + " " + symbol + unit
    }

    /// Calendar units for durations of a minute or more (drift studies run to a year): "1 h",
    /// "1 day", "30 days", "1 year"; nil below a minute, where SI prefixes read well (ms, µs).
    static func duration(_ seconds: Double, digits: Int) -> String? {
        guard seconds.isFinite, abs(seconds) >= 60 else { return nil }
        let units: [(size: Double, one: String, many: String)] = [
            (31_536_000, "year", "years"), (86_400, "day", "days"), (3600, "h", "h"), (60, "min", "min"),
        ]
        guard let unit = units.first(where: { abs(seconds) >= $0.size }) else { return nil }
        let count = significant(seconds / unit.size, digits: digits)
        return count + " " + (count == "1" ? unit.one : unit.many)
    }

    /// The text of one cell.
    public static func cell(_ value: TableValue, unit: String?, digits: Int = 4) -> String {
        switch value {
        case .int(let i): return unit.map { "\(i) \($0)" } ?? String(i)
        case .double(let d): return withUnit(d, unit: unit, digits: digits)
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .missing: return ""
        }
    }
}
