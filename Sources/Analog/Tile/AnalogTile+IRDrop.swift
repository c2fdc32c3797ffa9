extension AnalogTile {
    /// AIHWKit's first-order IR drop: each output loses c_i·irDrop·Σ_j w_ij·x̃_j·(1 − (1 − j/n)²),
    /// with a_i = n·Σ_j |w_ij||x̃_j| / gRatio and c_i = a_i(a_i(0.05a_i − 0.2) + 0.5). Inputs far
    /// along the line (large j) see the full drop, the first none.
    func applyIRDrop(_ y: inout Tensor, _ xq: Tensor, _ w: Tensor, _ absW: Tensor, _ io: IOParameters) throws {
        let cols = w.cols
        let n = Float(cols)
        let currents = try xq.map { abs($0) }.matmul(absW, transposeOther: true)
        var position = [Float](repeating: 0, count: cols)
        for j in 0..<cols {
            let d = 1 - Float(j) / n
            position[j] = 1 - d * d
        }
        var weighted = xq
        for k in 0..<xq.rows {
            for j in 0..<cols { weighted.values[k * cols + j] *= position[j] }
        }
        let far = try weighted.matmul(w, transposeOther: true)
        for i in 0..<y.count {
            let a = n * currents.values[i] / io.irDropGRatio
            let c = a * (a * (0.05 * a - 0.2) + 0.5)
            y.values[i] -= c * io.irDrop * far.values[i]
        }
    }
}
