#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The kernel's last words. When the process dies of a fatal signal anyway (a memory error, a
/// trap in a dependency), Jupyter only sees the kernel vanish and restarts it, and the user's
/// variables are gone. This writes one line to standard error (Jupyter keeps the kernel's stderr in
/// its log) naming the signal and the cell that was running, then lets the signal end the process as
/// it would have.
///
/// The handler runs on its own stack (so a stack overflow can still report) and only formats into
/// a buffer made beforehand and calls `write(2)`: nothing in it allocates or takes a lock.
public enum CrashReport {
    /// The execution count of the cell running now; -1 between cells.
    static let runningCell = Atomic<Int>(-1)

    /// Marks the cell that is about to run.
    public static func setRunningCell(_ count: Int) { runningCell.store(count, ordering: .relaxed) }
    /// Marks that no cell is running.
    public static func clearRunningCell() { runningCell.store(-1, ordering: .relaxed) }

    static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Installs the handler for the fatal signals. Call once, early.
    public static func install() {
        let stackSize = 64 * 1024
        if let stack = malloc(stackSize) {
            var alt = stack_t()
            alt.ss_sp = stack
            alt.ss_size = stackSize
            alt.ss_flags = 0
            sigaltstack(&alt, nil)
        }
        for sig in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashHandler
            action.sa_flags = Int32(truncatingIfNeeded: SA_ONSTACK) | Int32(truncatingIfNeeded: SA_RESETHAND)
            sigemptyset(&action.sa_mask)
            sigaction(sig, &action, nil)
        }
    }

    /// The line the handler writes, for the tests (the handler builds the same bytes in place).
    static func message(signal sig: Int32, cell: Int) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = buffer.withUnsafeMutableBufferPointer { format(into: $0, signal: sig, cell: cell) }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    /// Writes the report into `out`; returns its length. Appends only: no allocation.
    static func format(into out: UnsafeMutableBufferPointer<UInt8>, signal sig: Int32, cell: Int) -> Int {
        var n = 0
        func put(_ s: StaticString) {
            s.withUTF8Buffer { bytes in
                for b in bytes where n < out.count { out[n] = b; n += 1 }
            }
        }
        func putNumber(_ value: Int) {
            var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                         UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            var v = value.magnitude
            var count = 0
            withUnsafeMutableBytes(of: &digits) { d in
                repeat {
                    d[count] = UInt8(48 + v % 10)
                    v /= 10
                    count += 1
                } while v > 0 && count < d.count
                if value < 0, n < out.count { out[n] = 45; n += 1 }
                while count > 0, n < out.count { count -= 1; out[n] = d[count]; n += 1 }
            }
        }
        put("[crossbar] error: the kernel died of signal ")
        putNumber(Int(sig))
        put(" (")
        switch sig {
        case SIGSEGV: put("SIGSEGV, a memory error")
        case SIGBUS: put("SIGBUS, a memory error")
        case SIGILL: put("SIGILL, a failed check")
        case SIGTRAP: put("SIGTRAP, a failed check")
        case SIGABRT: put("SIGABRT, an abort")
        case SIGFPE: put("SIGFPE, an arithmetic fault")
        default: put("fatal")
        }
        put(")")
        if cell >= 0 {
            put(" while running cell [")
            putNumber(cell)
            put("]")
        } else {
            put(" between cells")
        }
        put("; its variables are lost. Please report this cell at the Crossbar issue tracker.\n")
        return n
    }
}

/// Reports, then re-raises with the default action (SA_RESETHAND restored it) so the exit status
/// and any core dump are what they would have been.
private func crashHandler(_ sig: Int32) {
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
        let n = CrashReport.format(into: buffer, signal: sig, cell: CrashReport.runningCell.load(ordering: .relaxed))
        _ = write(STDERR_FILENO, buffer.baseAddress, n)
    }
    raise(sig)
}
