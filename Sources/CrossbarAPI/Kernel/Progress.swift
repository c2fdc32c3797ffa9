import Display
import SwiftScript

/// A live progress bar shown below the running cell (`Progress(total:)`, or the bar a long study
/// shows while it runs).
final class LiveProgress: CellBoxable {
    let progress: Display.Progress
    let sink: HostProgressSink
    init(total: Int, label: String, runtime: Runtime) {
        sink = HostProgressSink(runtime: runtime)
        progress = Display.Progress(total: total, label: label, sink: sink)
    }
    static var cellTypeName: String { "Progress" }
    var cellBundle: MIMEBundle { progress.mimeBundle }
}

/// Sends progress displays to whichever cell is running when the bar moves.
final class HostProgressSink: ProgressSink {
    weak var runtime: Runtime?
    /// Used after a cell has ended (to mark its bars interrupted) when no cell is running.
    var fallbackHost: ScriptHost?
    init(runtime: Runtime) { self.runtime = runtime }
    private var host: ScriptHost? { runtime?.currentHost ?? fallbackHost }
    func showProgress(_ bundle: MIMEBundle, displayID: String) { host?.display(bundle, displayID: displayID) }
    func updateProgress(_ bundle: MIMEBundle, displayID: String) { host?.updateDisplay(bundle, displayID: displayID) }
}

/// The progress bars still running, so that a cell that fails or is interrupted leaves its bars
/// marked "interrupted" instead of frozen mid-way.
public final class ProgressTracker {
    private struct WeakBar { weak var bar: LiveProgress? }
    private var bars: [WeakBar] = []

    public init() {}

    /// A new bar, followed until it finishes.
    func bar(total: Int, label: String, runtime: Runtime) -> LiveProgress {
        let bar = LiveProgress(total: Swift.max(0, total), label: label, runtime: runtime)
        bars.removeAll { $0.bar == nil || $0.bar?.progress.state != .running }
        bars.append(WeakBar(bar: bar))
        return bar
    }

    /// Marks every running bar interrupted, through `host` (the ended cell's channel).
    func interruptRunning(host: ScriptHost) {
        for entry in bars {
            guard let bar = entry.bar, bar.progress.state == .running else { continue }
            bar.sink.fallbackHost = host
            bar.progress.interrupt()
            bar.sink.fallbackHost = nil
        }
        bars.removeAll()
    }
}
