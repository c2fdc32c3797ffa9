import Foundation

/// A synthetic handwritten-digit set: each sample is one of ten stroke templates drawn on a 16×16
/// grid with its own random slant, scale, shift, wobble and pen width, plus pixel noise. Nothing is
/// downloaded, and a seed gives the same set on every machine.
enum SyntheticDigits {
    typealias Point = (x: Float, y: Float)
    typealias Stroke = [Point]

    static let size = 16

    /// Points along an elliptical arc (degrees, 0 = right, 90 = down) in the unit square.
    static func arc(_ cx: Float, _ cy: Float, _ rx: Float, _ ry: Float, from a: Float, to b: Float, steps: Int = 12) -> Stroke {
        (0...steps).map { i in
            let t = (a + (b - a) * Float(i) / Float(steps)) * Float.pi / 180
            return (cx + rx * cosf(t), cy + ry * sinf(t))
        }
    }

    /// The ten digits as strokes in the unit square (x right, y down).
    static let templates: [[Stroke]] = [
        [arc(0.5, 0.5, 0.24, 0.34, from: 0, to: 360, steps: 20)],
        [[(0.36, 0.28), (0.52, 0.15), (0.52, 0.86)]],
        [arc(0.5, 0.34, 0.22, 0.19, from: 200, to: 380) + [(0.68, 0.45), (0.27, 0.85), (0.76, 0.85)]],
        [arc(0.48, 0.32, 0.21, 0.17, from: 210, to: 450), arc(0.48, 0.66, 0.24, 0.19, from: 270, to: 500)],
        [[(0.64, 0.86), (0.64, 0.14), (0.24, 0.62), (0.8, 0.62)]],
        [[(0.74, 0.15), (0.32, 0.15), (0.29, 0.47)] + arc(0.48, 0.63, 0.23, 0.21, from: 240, to: 490)],
        [[(0.68, 0.16), (0.42, 0.35)] + arc(0.5, 0.64, 0.21, 0.21, from: 200, to: 560)],
        [[(0.24, 0.16), (0.76, 0.16), (0.42, 0.86)]],
        [arc(0.5, 0.31, 0.18, 0.16, from: 0, to: 360, steps: 16), arc(0.5, 0.67, 0.22, 0.19, from: 0, to: 360, steps: 16)],
        [arc(0.5, 0.36, 0.2, 0.2, from: 0, to: 360, steps: 16) + [(0.7, 0.36), (0.6, 0.86)]],
    ]

    /// Distance from p to the segment ab.
    @inline(__always)
    static func distance(_ p: Point, _ a: Point, _ b: Point) -> Float {
        let dx = b.x - a.x, dy = b.y - a.y
        let length2 = dx * dx + dy * dy
        var t: Float = 0
        if length2 > 0 { t = Swift.min(1, Swift.max(0, ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2)) }
        let qx = a.x + t * dx - p.x, qy = a.y + t * dy - p.y
        return (qx * qx + qy * qy).squareRoot()
    }

    /// One rendered sample of `digit`, 256 values in [0, 1], row by row.
    static func render(_ digit: Int, rng: inout Philox) -> [Float] {
        let n = Float(size)
        // A random affine map from the unit square to pixels: rotation, shear, scale, shift.
        let angle = 0.2 * (rng.uniform() - 0.5) * 2          // ±0.2 rad ≈ ±11°
        let shear = 0.3 * (rng.uniform() - 0.5)
        let sx = 0.8 + 0.3 * rng.uniform(), sy = 0.8 + 0.3 * rng.uniform()
        let tx = 2.4 * (rng.uniform() - 0.5), ty = 2.4 * (rng.uniform() - 0.5)
        let pen = 0.9 + 0.9 * rng.uniform()                  // stroke width in pixels
        let c = cosf(angle), s = sinf(angle)
        func place(_ p: Point) -> Point {
            let u = (p.x - 0.5 + shear * (p.y - 0.5)) * sx, v = (p.y - 0.5) * sy
            return ((c * u - s * v) * (n - 2) + n / 2 + tx, (s * u + c * v) * (n - 2) + n / 2 + ty)
        }
        // Each stroke point wobbles a little, as a hand does.
        let strokes = templates[digit].map { stroke in
            stroke.map { p in place((p.x + 0.025 * rng.normal(), p.y + 0.025 * rng.normal())) }
        }
        var image = [Float](repeating: 0, count: size * size)
        for y in 0..<size {
            for x in 0..<size {
                let p: Point = (Float(x) + 0.5, Float(y) + 0.5)
                var d = Float.infinity
                for stroke in strokes {
                    for k in 1..<stroke.count { d = Swift.min(d, distance(p, stroke[k - 1], stroke[k])) }
                }
                // A soft-edged pen: full ink within half the width, fading over 0.8 px.
                let ink = Swift.min(1, Swift.max(0, 1 - (d - pen / 2) / 0.8))
                image[y * size + x] = Swift.min(1, Swift.max(0, ink + 0.06 * rng.normal()))
            }
        }
        return image
    }
}

extension Dataset {
    /// `samples` synthetic handwritten digits (16×16, values in [0, 1], ten balanced classes).
    /// `checkpoint` runs every 1000 samples (a cell's interruption).
    public static func digits(samples: Int = 5000, seed: UInt64 = 0, checkpoint: () throws -> Void = {}) throws -> Dataset {
        guard (1...200_000).contains(samples) else { throw AnalogError(.dataset, "digits makes 1…200000 samples, not \(samples)") }
        var values = [Float](repeating: 0, count: samples * 256)
        var labels = [Int](repeating: 0, count: samples)
        var rng = Philox(seed: seed, stream: 53)
        let order = Dataset.shuffled(samples, seed: seed)
        for i in 0..<samples {
            if i % 1000 == 999 { try checkpoint() }
            let digit = order[i] % 10
            labels[i] = digit
            let image = SyntheticDigits.render(digit, rng: &rng)
            for j in 0..<256 { values[i * 256 + j] = image[j] }
        }
        return try Dataset(name: "digits", inputs: Tensor(rows: samples, cols: 256, values: values), labels: labels,
                           shape: [1, 16, 16], classNames: (0...9).map(String.init))
    }
}
