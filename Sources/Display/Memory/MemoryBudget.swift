import Foundation
import Synchronization

/// How much memory the whole kernel may hold. A cell that asks for more than the budget allows (a
/// hundred-million-element array, a tensor of many gigabytes) gets a `MemoryError` naming the size,
/// and the kernel, with every variable of earlier cells, survives — rather than the system's
/// out-of-memory killer ending the process and the session with it.
///
/// The budget is compared with what the process really holds (its resident set), so memory that
/// earlier cells keep counts without any bookkeeping, and memory they released stops counting.
/// Allocations are checked where they are made large: arrays and strings the cell language builds,
/// tensors the toolkit makes; the interpreter also looks at the resident set every so often, which
/// catches growth made of many small pieces (a dictionary filled in a loop).
public final class MemoryBudget: Sendable {
    /// The kernel's budget; the kernel sets it at start-up from `CROSSBAR_MEMORY_BUDGET`.
    public static let shared = MemoryBudget(limit: MemoryBudget.defaultLimit())

    /// Requests smaller than this are not checked one by one (the periodic check covers them): the
    /// check reads /proc, and a million small appends should not each pay for that.
    public static let checkedSize = 1 << 20

    private let limitBytes: Atomic<Int>

    public init(limit: Int) { limitBytes = Atomic(limit) }

    /// The budget in bytes.
    public var limit: Int { limitBytes.load(ordering: .relaxed) }

    /// Sets the budget; refuses one the kernel already exceeds (every later cell would fail).
    public func setLimit(_ bytes: Int) throws {
        let held = MemoryBudget.residentBytes()
        let floor = held + 64 << 20
        guard bytes >= floor else {
            throw MemoryBudgetError("a memory budget of \(MemoryBudget.format(bytes)) is below what the kernel already holds "
                                    + "(\(MemoryBudget.format(held))); give at least \(MemoryBudget.format(floor))")
        }
        limitBytes.store(bytes, ordering: .relaxed)
    }

    /// Fails when allocating `bytes` more would take the kernel past its budget. `what` names the
    /// allocation for the message ("an array of 100,000,000 values").
    public func reserve(bytes: Int, for what: @autoclosure () -> String) throws {
        guard bytes >= MemoryBudget.checkedSize else { return }
        let held = MemoryBudget.residentBytes()
        let limit = self.limit
        guard bytes > limit - held else { return }
        throw MemoryBudgetError("\(what()) needs \(MemoryBudget.format(bytes)), but the kernel holds \(MemoryBudget.format(held)) "
                                + "of its \(MemoryBudget.format(limit)) memory budget. Free large variables (x = [] or a new, "
                                + "smaller value) or raise the budget (kernel.memoryBudget, or CROSSBAR_MEMORY_BUDGET in the "
                                + "kernelspec's env)")
    }

    /// `count` elements of `stride` bytes each, saturating instead of overflowing.
    public func reserve(count: Int, stride: Int, for what: @autoclosure () -> String) throws {
        let (bytes, overflow) = max(count, 0).multipliedReportingOverflow(by: stride)
        try reserve(bytes: overflow ? Int.max : bytes, for: what())
    }

    /// Fails when the kernel already holds more than its budget (growth in many small steps).
    public func checkHeld() throws {
        let held = MemoryBudget.residentBytes()
        let limit = self.limit
        guard held > limit else { return }
        throw MemoryBudgetError("the kernel holds \(MemoryBudget.format(held)), over its \(MemoryBudget.format(limit)) memory "
                                + "budget, so the cell was stopped. Free large variables or raise the budget "
                                + "(kernel.memoryBudget, or CROSSBAR_MEMORY_BUDGET in the kernelspec's env)")
    }

    // MARK: What the machine and the process have

    /// The process's resident set in bytes (Linux: /proc/self/statm), or 0 where it cannot be read.
    public static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * pageSize
    }

    /// Physical memory, or the container's limit where a cgroup sets a smaller one.
    public static func availableBytes() -> Int {
        let physical = Int(sysconf(Int32(_SC_PHYS_PAGES))) * pageSize
        var best = physical > 0 ? physical : 8 << 30
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let bytes = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), bytes > 0 {
                best = min(best, bytes)
            }
        }
        return best
    }

    /// The default budget: three quarters of what the machine (or container) has, leaving room for
    /// the front end and the rest of the system; `CROSSBAR_MEMORY_BUDGET` overrides it.
    public static func defaultLimit(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["CROSSBAR_MEMORY_BUDGET"], let bytes = parse(text) { return bytes }
        return availableBytes() / 4 * 3
    }

    /// "8G", "8 GB", "512M", "75%" (of the machine), or a plain number of bytes; nil when unreadable.
    public static func parse(_ text: String) -> Int? {
        let t = text.trimmingCharacters(in: .whitespaces).uppercased()
        if t.hasSuffix("%") {
            guard let share = Double(t.dropLast().trimmingCharacters(in: .whitespaces)), share > 0, share <= 100 else { return nil }
            return Int(Double(availableBytes()) * share / 100)
        }
        let units: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3),
                                         ("T", 0x1p40), ("G", 0x1p30), ("M", 0x1p20), ("K", 0x1p10), ("B", 1)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let n = Double(t.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), n > 0, n * scale < 9e18 else { return nil }
            return Int(n * scale)
        }
        guard let n = Int(t), n > 0 else { return nil }
        return n
    }

    /// Bytes as a person reads them: "3.73 GB", "512 MB".
    public static func format(_ bytes: Int) -> String {
        let b = Double(bytes)
        if b >= 1e12 { return String(format: "%.2f TB", b / 1e12) }
        if b >= 1e9 { return String(format: "%.2f GB", b / 1e9) }
        if b >= 1e6 { return String(format: "%.0f MB", b / 1e6) }
        return String(format: "%.0f kB", b / 1e3)
    }

    private static let pageSize = max(Int(sysconf(Int32(_SC_PAGESIZE))), 4096)
}

/// An allocation the memory budget refused; a cell shows it as `MemoryError`.
public struct MemoryBudgetError: ToolkitError, Sendable {
    public let message: String
    public var kind: ToolkitErrorKind { .memory }
    public init(_ message: String) { self.message = message }
}

extension ToolkitErrorKind {
    /// An allocation that would take the kernel past its memory budget.
    public static let memory = ToolkitErrorKind("memory")
}
