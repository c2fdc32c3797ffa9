import Display

/// The cell language's side of the kernel's memory budget (`Display.MemoryBudget`): the places
/// where a cell makes something large ask before allocating, and a refusal ends the cell with a
/// `MemoryError` while the kernel and its variables stay as they were.
enum MemoryChecks {
    /// How many loop iterations and calls pass between looks at the whole process's size, which
    /// catch growth in small pieces; a look costs a read of /proc, a few microseconds.
    static let ticksBetweenChecks = 1 << 18

    /// Before making an array of `count` values.
    static func reserveValues(_ count: Int, at loc: CellLocation) throws {
        guard count >= MemoryBudget.checkedSize / MemoryLayout<Value>.stride else { return }
        try wrapErrors(loc) {
            try MemoryBudget.shared.reserve(count: count, stride: MemoryLayout<Value>.stride,
                                            for: "an array of \(count.groupedDigits) values")
        }
    }

    /// Before making a string of `bytes` bytes.
    static func reserveString(_ bytes: Int, at loc: CellLocation) throws {
        guard bytes >= MemoryBudget.checkedSize else { return }
        try wrapErrors(loc) { try MemoryBudget.shared.reserve(bytes: bytes, for: "a string of \(bytes.groupedDigits) bytes") }
    }

    /// An array that grows by appends doubles its storage when its count reaches a power of two.
    @inline(__always)
    static func beforeAppend(toCount count: Int, at loc: CellLocation) throws {
        guard count >= 1 << 16, count & (count - 1) == 0 else { return }
        try reserveValues(count, at: loc)
    }

    /// The periodic look at the process as a whole.
    static func checkHeld(at loc: CellLocation) throws {
        try wrapErrors(loc) { try MemoryBudget.shared.checkHeld() }
    }
}

extension Int {
    /// 100000000 → "100,000,000", for messages.
    var groupedDigits: String {
        let digits = String(magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}
