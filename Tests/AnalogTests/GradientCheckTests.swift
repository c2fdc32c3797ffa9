import XCTest
@testable import Analog

/// Finite-difference checks of every layer's backward pass in floating point: the loss is
/// L = Σ r ∘ layer(x) for a fixed random r, so ∂L/∂y = r.
final class GradientCheckTests: XCTestCase {
    func random(_ rows: Int, _ cols: Int, seed: UInt64, std: Float = 1) throws -> Tensor {
        var rng = Philox(seed: seed)
        return try Tensor.normal(rows: rows, cols: cols, std: std, rng: &rng)
    }

    func loss(_ layer: Layer, _ x: Batch, _ r: Tensor) throws -> Double {
        let y = try layer.forward(x, training: true)
        return zip(y.values.values, r.values).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Compares backward's input gradient with central differences at a few coordinates.
    func checkInputGradient(_ layer: Layer, shape: [Int], batch: Int = 3, seed: UInt64 = 1, eps: Float = 1e-2,
                            tolerance: Double = 2e-2, file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try Batch(random(batch, shape.reduce(1, *), seed: seed), shape: shape)
        let outShape = try layer.outputShape(for: shape)
        let r = try random(batch, outShape.reduce(1, *), seed: seed + 100)
        _ = try layer.forward(x, training: true)
        let analytic = try layer.backward(try Batch(r, shape: outShape)).values
        var rng = Philox(seed: seed + 200)
        for _ in 0..<12 {
            let i = Int(rng.next() % UInt64(x.values.count))
            var plus = x.values, minus = x.values
            plus.values[i] += eps
            minus.values[i] -= eps
            let numeric = (try loss(layer, try Batch(plus, shape: shape), r) - loss(layer, try Batch(minus, shape: shape), r)) / Double(2 * eps)
            let a = Double(analytic.values[i])
            XCTAssertEqual(a, numeric, accuracy: tolerance * Swift.max(1, abs(numeric)), "\(layer.kind) ∂L/∂x[\(i)]", file: file, line: line)
        }
    }

    /// Compares a parameter's gradient with central differences, perturbing it through `set`.
    func checkParameterGradient(_ layer: Layer, shape: [Int], values: () -> Tensor, set: (Tensor) throws -> Void,
                                gradient: () -> Tensor, seed: UInt64 = 2, eps: Float = 1e-2, tolerance: Double = 2e-2,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let x = try Batch(random(3, shape.reduce(1, *), seed: seed), shape: shape)
        let outShape = try layer.outputShape(for: shape)
        let r = try random(3, outShape.reduce(1, *), seed: seed + 100)
        _ = try layer.forward(x, training: true)
        _ = try layer.backward(try Batch(r, shape: outShape))
        let analytic = gradient()
        let base = values()
        var rng = Philox(seed: seed + 300)
        for _ in 0..<8 {
            let i = Int(rng.next() % UInt64(base.count))
            var plus = base, minus = base
            plus.values[i] += eps
            minus.values[i] -= eps
            try set(plus)
            let lp = try loss(layer, x, r)
            try set(minus)
            let lm = try loss(layer, x, r)
            try set(base)
            let numeric = (lp - lm) / Double(2 * eps)
            XCTAssertEqual(Double(analytic.values[i]), numeric, accuracy: tolerance * Swift.max(1, abs(numeric)),
                           "\(layer.kind) ∂L/∂θ[\(i)]", file: file, line: line)
        }
    }

    func testLinearAndAnalogLinear() throws {
        let linear = try Linear(inputs: 6, outputs: 4, seed: 1)
        try checkInputGradient(linear, shape: [6])
        try checkParameterGradient(linear, shape: [6], values: { linear.weight.value }, set: { linear.weight.value = $0 },
                                   gradient: { linear.weight.gradient })
        try checkParameterGradient(linear, shape: [6], values: { linear.bias!.value }, set: { linear.bias!.value = $0 },
                                   gradient: { linear.bias!.gradient })
        // Floating-point tiles; maximum tile 4×4 so the 6→5 layer spans a 2×2 grid of tiles.
        var config = TileConfig.floatingPoint
        config.maxInputSize = 4
        config.maxOutputSize = 4
        let analog = try AnalogLinear(inputs: 6, outputs: 5, config: config, seed: 2)
        XCTAssertEqual(analog.tiles.count, 4)
        try checkInputGradient(analog, shape: [6])
        try checkParameterGradient(analog, shape: [6], values: { analog.bias!.value }, set: { analog.bias!.value = $0 },
                                   gradient: { analog.bias!.gradient })
    }

    func testActivationsSoftmaxFlatten() throws {
        for f in Activation.Function.allCases where f != .relu { try checkInputGradient(Activation(f), shape: [7]) }
        // ReLU is not differentiable at 0; random inputs stay clear of it at this step.
        try checkInputGradient(Activation(.relu), shape: [7], eps: 1e-3)
        try checkInputGradient(Softmax(), shape: [5])
        try checkInputGradient(Flatten(), shape: [2, 3, 3])
    }

    func testConvolutions() throws {
        let conv = try Conv2d(inChannels: 2, outChannels: 3, kernel: 3, stride: 2, padding: 1, seed: 3)
        XCTAssertEqual(try conv.outputShape(for: [2, 5, 5]), [3, 3, 3])
        try checkInputGradient(conv, shape: [2, 5, 5])
        try checkParameterGradient(conv, shape: [2, 5, 5], values: { conv.kernelMatrix.value }, set: { conv.kernelMatrix.value = $0 },
                                   gradient: { conv.kernelMatrix.gradient })
        let analog = try AnalogConv2d(inChannels: 2, outChannels: 3, kernel: 3, padding: 1, config: .floatingPoint, seed: 4)
        try checkInputGradient(analog, shape: [2, 4, 4])
        try checkParameterGradient(analog, shape: [2, 4, 4], values: { analog.bias!.value }, set: { analog.bias!.value = $0 },
                                   gradient: { analog.bias!.gradient })
    }

    func testPoolingAndBatchNorm() throws {
        try checkInputGradient(Pool2d(.max, kernel: 2), shape: [2, 4, 4], eps: 1e-3)
        try checkInputGradient(Pool2d(.average, kernel: 2), shape: [2, 4, 4])
        let bn = try BatchNorm(features: 3)
        try checkInputGradient(bn, shape: [3], batch: 5, tolerance: 5e-2)
        try checkInputGradient(try BatchNorm(features: 2), shape: [2, 3, 3], batch: 4, tolerance: 5e-2)
        try checkParameterGradient(bn, shape: [3], values: { bn.gamma.value }, set: { bn.gamma.value = $0 }, gradient: { bn.gamma.gradient })
    }

    func testDropoutMasksAndScales() throws {
        let d = try Dropout(0.25, seed: 5)
        let x = try Batch(try Tensor(rows: 100, cols: 100, repeating: 1))
        let y = try d.forward(x, training: true)
        let kept = y.values.values.filter { $0 != 0 }
        XCTAssertEqual(Double(kept.count) / 10_000, 0.75, accuracy: 0.02)
        XCTAssertTrue(kept.allSatisfy { abs($0 - 4.0 / 3.0) < 1e-6 }, "kept values are scaled by 1/(1 − p)")
        let g = try d.backward(try Batch(try Tensor(rows: 100, cols: 100, repeating: 1)))
        XCTAssertEqual(g.values.values, y.values.values, "the gradient passes exactly where the values did")
        XCTAssertEqual(try d.forward(x, training: false).values, x.values, "inference passes everything")
        XCTAssertThrowsError(try Dropout(1))
    }

    func testLossGradients() throws {
        let out = try random(4, 3, seed: 9)
        let labels = [0, 2, 1, 2]
        for loss in Loss.allCases {
            let (_, g) = try loss.evaluate(out, labels: labels, outputIsProbability: false)
            for i in [0, 5, 11] {
                var plus = out, minus = out
                plus.values[i] += 1e-2
                minus.values[i] -= 1e-2
                let numeric = (try loss.evaluate(plus, labels: labels, outputIsProbability: false).loss
                               - loss.evaluate(minus, labels: labels, outputIsProbability: false).loss) / 2e-2
                XCTAssertEqual(g.values[i], numeric, accuracy: 2e-3, "\(loss)")
            }
        }
        XCTAssertThrowsError(try Loss.crossEntropy.evaluate(out, labels: [0, 1, 2, 3], outputIsProbability: false)) { error in
            XCTAssertTrue("\(error)".contains("label 3 does not fit a model with 3 outputs"))
        }
    }
}

extension GradientCheckTests {
    func testBatchNormHandlesOffsetData() throws {
        // Features near 2000 ± 1: E[x²] − mean² in Float32 would lose the variance entirely.
        let bn = try BatchNorm(features: 1)
        let x = try Batch(try Tensor(rows: 4, cols: 1, values: [1999, 2000, 2001, 2000]))
        let y = try bn.forward(x, training: true).values.values
        let expected: [Float] = [-1.4142, 0, 1.4142, 0]
        for (a, b) in zip(y, expected) { XCTAssertEqual(a, b, accuracy: 1e-3) }
    }
}
