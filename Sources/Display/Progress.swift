import Foundation

/// Where a progress bar shows itself: the kernel (display_data then update_display_data with one
/// display id) or a terminal. Display knows nothing of either; the caller passes a sink.
public protocol ProgressSink: AnyObject {
    /// First appearance, under `displayID`.
    func showProgress(_ bundle: MIMEBundle, displayID: String)
    /// Replaces the earlier appearance in place.
    func updateProgress(_ bundle: MIMEBundle, displayID: String)
}

/// A live progress bar with rate and time left. Updates are throttled (at most `maxUpdatesPerSecond`)
/// so that a tight loop does not flood the front end; the first and the final state always show.
public final class Progress {
    public enum State: Equatable, Sendable {
        case running, finished, interrupted
    }

    public let total: Int
    public let label: String
    public private(set) var completed = 0
    public private(set) var state = State.running
    public let displayID: String
    /// How many times the sink was updated (for tests and diagnostics).
    public private(set) var updatesSent = 0

    private weak var sink: ProgressSink?
    private let start: UInt64
    private var lastUpdate: UInt64 = 0
    private let clock: () -> UInt64
    private let minInterval: UInt64
    nonisolated(unsafe) private static var counter = 0
    private static let counterLock = NSLock()

    /// - Parameters:
    ///   - clock: nanoseconds, monotonic; injectable for tests.
    public init(total: Int, label: String = "", sink: ProgressSink?, maxUpdatesPerSecond: Double = 10,
                clock: @escaping () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.total = max(0, total)
        self.label = label
        self.sink = sink
        self.clock = clock
        self.minInterval = UInt64(1e9 / max(0.1, maxUpdatesPerSecond))
        Progress.counterLock.lock()
        Progress.counter += 1
        displayID = "crossbar-progress-\(Progress.counter)"
        Progress.counterLock.unlock()
        start = clock()
        lastUpdate = start
        sink?.showProgress(mimeBundle, displayID: displayID)
        updatesSent = 1
    }

    /// One more step done.
    public func advance() { advance(by: 1) }

    /// `n` more steps done; the bar redraws if enough time has passed.
    public func advance(by n: Int) {
        guard state == .running else { return }
        completed = min(total, completed + max(0, n))
        let now = clock()
        if now - lastUpdate >= minInterval {
            lastUpdate = now
            push()
        }
    }

    /// Marks the work complete (the bar shows 100 %).
    public func finish() {
        guard state == .running else { return }
        completed = total
        state = .finished
        push()
    }

    /// Marks the work stopped by an interrupt (the bar stays where it was).
    public func interrupt() {
        guard state == .running else { return }
        state = .interrupted
        push()
    }

    private func push() {
        sink?.updateProgress(mimeBundle, displayID: displayID)
        updatesSent += 1
    }

    public var fraction: Double { total == 0 ? 1 : Double(completed) / Double(total) }

    /// Seconds since the start.
    public var elapsed: Double { Double(clock() - start) / 1e9 }

    var rateText: String {
        let e = elapsed
        guard e > 0, completed > 0 else { return "" }
        let rate = Double(completed) / e
        return rate >= 1 ? "\(NumberFormat.significant(rate, digits: 3)) it/s" : "\(NumberFormat.significant(1 / rate, digits: 3)) s/it"
    }

    var etaText: String {
        guard state == .running, completed > 0, completed < total else { return "" }
        let remaining = elapsed / Double(completed) * Double(total - completed)
        return "ETA " + Progress.clockText(remaining)
    }

    static func clockText(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    /// The bar as text, for consoles: `label [#####-----] 50% 5/10 12 it/s ETA 0:01`.
    public var plainText: String {
        let width = 30
        let filled = Int((fraction * Double(width)).rounded(.down))
        var parts = [label.isEmpty ? nil : label,
                     "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]",
                     "\(Int((fraction * 100).rounded(.down)))%", "\(completed)/\(total)", rateText,
                     state == .running ? etaText : "in " + Progress.clockText(elapsed)]
        if state == .interrupted { parts.append("(interrupted)") }
        return parts.compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    public var mimeBundle: MIMEBundle {
        let percent = Int((fraction * 100).rounded(.down))
        let color = state == .interrupted ? "#D55E00" : (state == .finished ? "#009E73" : "#0072B2")
        var html = "<div style=\"font-family:system-ui,sans-serif;font-size:13px;display:flex;align-items:center;gap:8px\">"
        if !label.isEmpty { html += "<span>\(htmlEscape(label))</span>" }
        html += "<div style=\"width:240px;height:12px;background:#e4e6eb;border-radius:6px;overflow:hidden\">"
        html += "<div style=\"width:\(percent)%;height:100%;background:\(color)\"></div></div>"
        var info = "\(percent)% · \(completed)/\(total)"
        if !rateText.isEmpty { info += " · " + rateText }
        if state == .running, !etaText.isEmpty { info += " · " + etaText }
        if state != .running { info += " · " + Progress.clockText(elapsed) }
        if state == .interrupted { info += " · interrupted" }
        html += "<span style=\"font-variant-numeric:tabular-nums\">\(htmlEscape(info))</span></div>"
        var b = MIMEBundle(plainText: plainText)
        b.set("text/html", .string(html))
        return b
    }
}
