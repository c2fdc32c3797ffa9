import COpenBLAS

/// The only place that talks to OpenBLAS: single-precision matrix products on row-major storage.
enum BLAS {
    /// C = alpha · op(A) · op(B) + beta · C, with op transposing when asked.
    /// `a` is m×k (or k×m when transposed), `b` is k×n (or n×k), `c` is m×n; all row-major.
    static func gemm(_ a: [Float], _ b: [Float], _ c: inout [Float], m: Int, n: Int, k: Int,
                     transposeA: Bool = false, transposeB: Bool = false, alpha: Float = 1, beta: Float = 0) {
        guard m > 0, n > 0 else { return }
        if k == 0 {
            for i in c.indices { c[i] *= beta }
            return
        }
        let lda = transposeA ? m : k
        let ldb = transposeB ? k : n
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                                Int32(m), Int32(n), Int32(k), alpha, pa.baseAddress, Int32(lda),
                                pb.baseAddress, Int32(ldb), beta, pc.baseAddress, Int32(n))
                }
            }
        }
    }

    /// The Euclidean norm of a vector.
    static func norm(_ x: [Float]) -> Float {
        guard !x.isEmpty else { return 0 }
        return x.withUnsafeBufferPointer { p in cblas_snrm2(Int32(p.count), p.baseAddress, 1) }
    }
}
