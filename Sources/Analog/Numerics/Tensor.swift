import Display
/// A matrix of Float32 values, row-major and contiguous; vectors are 1×n or n×1 matrices.
/// Products go through OpenBLAS.
public struct Tensor: Sendable, Equatable {
    public let rows: Int
    public let cols: Int
    /// The values, row after row.
    public internal(set) var values: [Float]

    /// The largest tensor a cell may make (elements), so a typo cannot exhaust memory: 1 GiB of Float32.
    public static let maxElements = 1 << 28

    static func checkShape(_ rows: Int, _ cols: Int) throws {
        guard rows >= 0, cols >= 0 else { throw AnalogError(.shape, "a tensor needs non-negative sizes, not \(rows)×\(cols)") }
        guard rows <= Int(Int32.max), cols <= Int(Int32.max) else { throw AnalogError(.shape, "\(rows)×\(cols) is too large a tensor") }
        let (count, overflow) = rows.multipliedReportingOverflow(by: cols)
        guard !overflow, count <= maxElements else {
            throw AnalogError(.shape, "a \(rows)×\(cols) tensor would exceed the \(maxElements)-element limit (1 GiB)")
        }
        try MemoryBudget.shared.reserve(count: count, stride: MemoryLayout<Float>.stride, for: "a \(rows)×\(cols) tensor")
    }

    public init(rows: Int, cols: Int, repeating value: Float = 0) throws {
        try Tensor.checkShape(rows, cols)
        self.rows = rows
        self.cols = cols
        values = Array(repeating: value, count: rows * cols)
    }

    public init(rows: Int, cols: Int, values: [Float]) throws {
        try Tensor.checkShape(rows, cols)
        guard values.count == rows * cols else {
            throw AnalogError(.shape, "a \(rows)×\(cols) tensor needs \(rows * cols) values, not \(values.count)")
        }
        self.rows = rows
        self.cols = cols
        self.values = values
    }

    /// From rows of values; every row must have the same length.
    public init(_ rowsOfValues: [[Float]]) throws {
        let cols = rowsOfValues.first?.count ?? 0
        if let bad = rowsOfValues.firstIndex(where: { $0.count != cols }) {
            throw AnalogError(.shape, "row \(bad) has \(rowsOfValues[bad].count) values but row 0 has \(cols)")
        }
        try self.init(rows: rowsOfValues.count, cols: cols, values: rowsOfValues.flatMap { $0 })
    }

    /// A row vector (1×n).
    public init(vector: [Float]) throws {
        try self.init(rows: 1, cols: vector.count, values: vector)
    }

    /// Normal values with the given mean and standard deviation, from `rng`.
    public static func normal(rows: Int, cols: Int, mean: Float = 0, std: Float = 1, rng: inout Philox) throws -> Tensor {
        var t = try Tensor(rows: rows, cols: cols)
        rng.fillNormal(&t.values, mean: mean, std: std)
        return t
    }

    /// Uniform values in [lower, upper), from `rng`.
    public static func uniform(rows: Int, cols: Int, lower: Float = 0, upper: Float = 1, rng: inout Philox) throws -> Tensor {
        var t = try Tensor(rows: rows, cols: cols)
        rng.fillUniform(&t.values, lower: lower, upper: upper)
        return t
    }

    public static func identity(_ n: Int) throws -> Tensor {
        var t = try Tensor(rows: n, cols: n)
        for i in 0..<n { t.values[i * n + i] = 1 }
        return t
    }

    public var count: Int { values.count }
    public var shape: (rows: Int, cols: Int) { (rows, cols) }

    /// The element at (row, col); traps outside the tensor, like an array. Use `element(_:_:)`
    /// for indices that come from users.
    public subscript(row: Int, col: Int) -> Float {
        get { values[row * cols + col] }
        set { values[row * cols + col] = newValue }
    }

    /// The element at (row, col), or an error that names the shape.
    public func element(_ row: Int, _ col: Int) throws -> Float {
        guard row >= 0, row < rows, col >= 0, col < cols else {
            throw AnalogError(.shape, "index (\(row), \(col)) is outside this \(rows)×\(cols) tensor")
        }
        return values[row * cols + col]
    }

    public func row(_ i: Int) throws -> [Float] {
        guard i >= 0, i < rows else { throw AnalogError(.shape, "row \(i) is outside this \(rows)×\(cols) tensor") }
        return Array(values[(i * cols)..<((i + 1) * cols)])
    }

    public var transposed: Tensor {
        var out = Tensor(uncheckedRows: cols, cols: rows)
        for r in 0..<rows {
            for c in 0..<cols { out.values[c * rows + r] = values[r * cols + c] }
        }
        return out
    }

    /// A tensor whose values are left as the allocator gives them, for buffers that are written in
    /// full before they are read (a DAC's output, a GEMM's result with β = 0); it saves the zeroing.
    init(unfilledRows rows: Int, cols: Int) throws {
        try Tensor.checkShape(rows, cols)
        self.rows = rows
        self.cols = cols
        let count = rows * cols
        values = [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
    }

    init(uncheckedRows rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
        values = Array(repeating: 0, count: rows * cols)
    }

    /// self · other (or with either side transposed), through OpenBLAS sgemm.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) throws -> Tensor {
        let (m, k) = transposeSelf ? (cols, rows) : (rows, cols)
        let (k2, n) = transposeOther ? (other.cols, other.rows) : (other.rows, other.cols)
        guard k == k2 else {
            throw AnalogError(.shape, "cannot multiply \(m)×\(k) by \(k2)×\(n): the inner sizes differ")
        }
        try Tensor.checkShape(m, n)
        var out = Tensor(uncheckedRows: m, cols: n)
        BLAS.gemm(values, other.values, &out.values, m: m, n: n, k: k, transposeA: transposeSelf, transposeB: transposeOther)
        return out
    }

    private func checkSameShape(_ other: Tensor, _ what: String) throws {
        guard rows == other.rows, cols == other.cols else {
            throw AnalogError(.shape, "\(what) needs tensors of the same shape, not \(rows)×\(cols) and \(other.rows)×\(other.cols)")
        }
    }

    public func adding(_ other: Tensor) throws -> Tensor {
        try checkSameShape(other, "adding")
        var out = self
        for i in out.values.indices { out.values[i] += other.values[i] }
        return out
    }

    public func subtracting(_ other: Tensor) throws -> Tensor {
        try checkSameShape(other, "subtracting")
        var out = self
        for i in out.values.indices { out.values[i] -= other.values[i] }
        return out
    }

    public func multiplyingElementwise(_ other: Tensor) throws -> Tensor {
        try checkSameShape(other, "elementwise multiplication")
        var out = self
        for i in out.values.indices { out.values[i] *= other.values[i] }
        return out
    }

    public func scaled(by factor: Float) -> Tensor {
        var out = self
        for i in out.values.indices { out.values[i] *= factor }
        return out
    }

    public func map(_ transform: (Float) throws -> Float) rethrows -> Tensor {
        var out = self
        for i in out.values.indices { out.values[i] = try transform(out.values[i]) }
        return out
    }

    /// Every value clipped to [-bound, bound].
    public func clipped(to bound: Float) -> Tensor {
        map { Swift.min(bound, Swift.max(-bound, $0)) }
    }

    /// The Frobenius norm (the Euclidean norm of all values).
    public var norm: Float { BLAS.norm(values) }

    /// The largest absolute value of each row (for noise and bound management).
    public var rowAbsMax: [Float] {
        (0..<rows).map { r in
            var m: Float = 0
            for c in 0..<cols { m = Swift.max(m, abs(values[r * cols + c])) }
            return m
        }
    }

    public var absMax: Float { values.reduce(0) { Swift.max($0, abs($1)) } }

    public var sum: Float { values.reduce(0, +) }

    /// Whether every value is finite (no NaN or infinity).
    public var isFinite: Bool {
        values.withUnsafeBufferPointer { Tensor.largestMagnitudeBits($0) < Tensor.nonFiniteBits }
    }

    /// The bit pattern of the largest |value| of each row. For finite floats the pattern of |v| grows
    /// with |v|, and infinities and NaNs sort above every finite value (from `nonFiniteBits` up), so
    /// this is one integer max-reduction per row, which the compiler vectorises.
    func rowMagnitudeBits() -> [UInt32] {
        values.withUnsafeBufferPointer { v in
            (0..<rows).map { r in Tensor.largestMagnitudeBits(UnsafeBufferPointer(rebasing: v[(r * cols)..<((r + 1) * cols)])) }
        }
    }

    static let nonFiniteBits: UInt32 = 0x7F80_0000

    @inline(__always)
    static func largestMagnitudeBits(_ v: UnsafeBufferPointer<Float>) -> UInt32 {
        var largest: UInt32 = 0
        for x in v { largest = Swift.max(largest, x.bitPattern & 0x7FFF_FFFF) }
        return largest
    }

    /// ‖self − reference‖ / ‖reference‖, the relative error measure of MVM studies.
    public func relativeError(to reference: Tensor) throws -> Float {
        let difference = try subtracting(reference)
        let scale = reference.norm
        guard scale > 0 else { throw AnalogError(.shape, "relative error to an all-zero reference is undefined") }
        return difference.norm / scale
    }
}
