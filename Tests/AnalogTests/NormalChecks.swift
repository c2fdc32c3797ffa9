import XCTest

/// Kolmogorov–Smirnov against Φ (the 0.1 % critical value is 1.95/√n), and the share beyond the
/// ziggurat's tail start (|z| > 3.5: 4.65e-4 expected, about ±1.5e-4 at n = 200,000).
func assertStandardNormal(_ draws: [Float], file: StaticString = #filePath, line: UInt = #line) {
    let z = draws.sorted(), n = Double(z.count)
    var d: Double = 0
    for (i, v) in z.enumerated() {
        let phi = 0.5 * (1 + erf(Double(v) / 2.squareRoot()))
        d = max(d, abs(Double(i + 1) / n - phi), abs(Double(i) / n - phi))
    }
    XCTAssertLessThan(d, 1.95 / n.squareRoot(), "Kolmogorov–Smirnov distance", file: file, line: line)
    XCTAssertEqual(Double(z.filter { abs($0) > 3.5 }.count) / n, 4.65e-4, accuracy: 1.5e-4, "tail share", file: file, line: line)
}
