/// Colours for figures: the Okabe–Ito categorical palette (distinguishable with the common
/// colour-vision deficiencies) and viridis for continuous values.
public enum Palette {
    /// Okabe & Ito (2008), reordered so the first few colours print well in grey too.
    public static let categorical = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

    /// The categorical colour for series number `index` (cycles).
    public static func color(_ index: Int) -> String { categorical[((index % categorical.count) + categorical.count) % categorical.count] }

    /// Nine anchors of matplotlib's viridis, interpolated linearly in RGB.
    static let viridisAnchors: [(Double, Double, Double)] = [
        (0x44, 0x01, 0x54), (0x47, 0x2C, 0x7A), (0x3B, 0x51, 0x8B), (0x2C, 0x71, 0x8E), (0x21, 0x90, 0x8D),
        (0x27, 0xAD, 0x81), (0x5C, 0xC8, 0x63), (0xAA, 0xDC, 0x32), (0xFD, 0xE7, 0x25),
    ]

    /// Viridis at `t` in [0, 1] as `#rrggbb`; values outside are clamped, NaN is grey.
    public static func viridis(_ t: Double) -> String {
        guard t.isFinite else { return "#BBBBBB" }
        let x = min(1, max(0, t)) * Double(viridisAnchors.count - 1)
        let i = min(viridisAnchors.count - 2, Int(x))
        let f = x - Double(i)
        let a = viridisAnchors[i], b = viridisAnchors[i + 1]
        func mix(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return hex(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        var s = "#"
        for v in [r, g, b] {
            let c = min(255, max(0, v))
            s.append(digits[c / 16])
            s.append(digits[c % 16])
        }
        return s
    }
}
