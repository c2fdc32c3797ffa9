import Display
import Foundation

/// Readers for data users bring: MNIST-format IDX files and CSV tables.
extension Dataset {
    /// The dimensions and values of an IDX file (the format of MNIST): two zero bytes, a type byte,
    /// a dimension count, big-endian 32-bit sizes, then big-endian values.
    static func readIDX(_ path: String) throws -> (dims: [Int], values: [Float], isBytes: Bool) {
        guard let data = FileManager.default.contents(atPath: path) else { throw AnalogError(.dataFile, "cannot read '\(path)'") }
        let bytes = [UInt8](data)
        guard bytes.count >= 4, bytes[0] == 0, bytes[1] == 0 else { throw AnalogError(.dataFile, "'\(path)' is not an IDX file (bad magic number)") }
        let type = bytes[2], rank = Int(bytes[3])
        guard rank >= 1, bytes.count >= 4 + 4 * rank else { throw AnalogError(.dataFile, "'\(path)': the IDX header is truncated") }
        var dims: [Int] = []
        for d in 0..<rank {
            let at = 4 + 4 * d
            dims.append(Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3]))
        }
        let (count, overflow) = dims.reduce((1, false)) { acc, d in
            let (p, o) = acc.0.multipliedReportingOverflow(by: d)
            return (p, acc.1 || o)
        }
        guard !overflow, count <= Tensor.maxElements else { throw AnalogError(.dataFile, "'\(path)': \(dims) values is too many") }
        let width: Int
        switch type {
        case 0x08, 0x09: width = 1
        case 0x0B: width = 2
        case 0x0C, 0x0D: width = 4
        case 0x0E: width = 8
        default: throw AnalogError(.dataFile, "'\(path)': unknown IDX value type 0x\(String(type, radix: 16))")
        }
        let start = 4 + 4 * rank
        guard bytes.count >= start + count * width else {
            throw AnalogError(.dataFile, "'\(path)' is truncated: \(dims) needs \(count * width) bytes of data, it has \(bytes.count - start)")
        }
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            let at = start + i * width
            var raw: UInt64 = 0
            for b in 0..<width { raw = raw << 8 | UInt64(bytes[at + b]) }
            switch type {
            case 0x08: values[i] = Float(raw)
            case 0x09: values[i] = Float(Int8(truncatingIfNeeded: raw))
            case 0x0B: values[i] = Float(Int16(truncatingIfNeeded: raw))
            case 0x0C: values[i] = Float(Int32(truncatingIfNeeded: raw))
            case 0x0D: values[i] = Float(bitPattern: UInt32(raw))
            default: values[i] = Float(Double(bitPattern: raw))
            }
        }
        return (dims, values, type == 0x08)
    }

    /// Images and labels from IDX files (e.g. MNIST's train-images-idx3-ubyte and
    /// train-labels-idx1-ubyte). Unsigned-byte images are scaled to [0, 1]; images of n×h×w become
    /// samples of [1, h, w].
    public static func idx(images: String, labels: String, name: String = "idx") throws -> Dataset {
        let image = try readIDX(images), label = try readIDX(labels)
        guard let n = image.dims.first, label.dims == [n] else {
            throw AnalogError(.dataFile, "the image file has \(image.dims.first ?? 0) samples but the label file's shape is \(label.dims)")
        }
        guard n > 0 else { throw AnalogError(.dataFile, "'\(images)' holds no samples") }
        let perSample = image.values.count / n
        let shape = image.dims.count == 3 ? [1, image.dims[1], image.dims[2]] : [perSample]
        let values = image.isBytes ? image.values.map { $0 / 255 } : image.values
        guard label.values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 < Float(Dataset.maxClasses) && $0 == $0.rounded() }) else {
            throw AnalogError(.dataFile, "IDX labels must be whole class indices 0…\(Dataset.maxClasses - 1)")
        }
        let labelValues = label.values.map { Int($0) }
        return try Dataset(name: name, inputs: Tensor(rows: n, cols: perSample, values: values), labels: labelValues, shape: shape)
    }

    /// A table with a header row: every column but `labelColumn` (the last, by default) is a numeric
    /// feature; labels may be class indices (0, 1, …) or names (classes in order of first appearance).
    public static func csv(_ path: String, labelColumn: String? = nil, name: String? = nil) throws -> Dataset {
        let table: Table
        do { table = try Table(csvFile: path) } catch { throw AnalogError(.dataFile, "\(error)") }
        guard let last = table.columnNames.last, table.columnNames.count >= 2 else {
            throw AnalogError(.dataFile, "'\(path)' needs at least one feature column and a label column")
        }
        let labelName = labelColumn ?? last
        guard table.columnNames.contains(labelName) else {
            throw AnalogError(.dataFile, "'\(path)' has no column '\(labelName)' (columns: \(table.columnNames.joined(separator: ", ")))")
        }
        let featureNames = table.columnNames.filter { $0 != labelName }
        let rows = table.rowCount
        guard rows > 0 else { throw AnalogError(.dataFile, "'\(path)' has no data rows") }
        var values = [Float](repeating: 0, count: rows * featureNames.count)
        for (j, f) in featureNames.enumerated() {
            let column = try table.column(f)
            for (i, v) in column.values.enumerated() {
                guard let x = v.number else {
                    let text: String
                    if case .string(let s) = v { text = s } else { text = v == .missing ? "" : "\(v)" }
                    throw AnalogError(.dataFile, "'\(path)' row \(i + 2), column '\(f)': '\(text)' is not a number")
                }
                values[i * featureNames.count + j] = Float(x)
            }
        }
        let raw = try table.column(labelName).values
        var labels: [Int] = []
        var classNames: [String]?
        if raw.allSatisfy({ if case .int = $0 { return true } else { return false } }) {
            labels = raw.map { if case .int(let i) = $0 { return i } else { return -1 } }
            if let bad = labels.first(where: { $0 < 0 }) { throw AnalogError(.dataFile, "'\(path)': label \(bad) is negative; labels are class indices 0, 1, …") }
        } else {
            var names: [String] = []
            for v in raw {
                let text: String
                switch v {
                case .string(let s): text = s
                case .int(let i): text = String(i)
                case .double(let d): text = String(d)
                case .bool(let b): text = String(b)
                case .missing: throw AnalogError(.dataFile, "'\(path)': a row has no label")
                }
                if let k = names.firstIndex(of: text) { labels.append(k) } else {
                    names.append(text)
                    labels.append(names.count - 1)
                }
            }
            classNames = names
        }
        return try Dataset(name: name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent,
                           inputs: Tensor(rows: rows, cols: featureNames.count, values: values), labels: labels, classNames: classNames)
    }
}
