import Display
import Foundation
import SwiftScript

/// A live progress bar shown below the running cell (`Progress(total:)`, or the bar a long study
/// shows while it runs).
final class LiveProgress: CellBoxable {
    let progress: Display.Progress
    let sink: HostProgressSink
    init(total: Int, label: String, runtime: Runtime) {
        sink = HostProgressSink(runtime: runtime)
        progress = Display.Progress(total: total, label: label, sink: sink)
        sink.progress = progress
    }
    static var cellTypeName: String { "Progress" }
    var cellBundle: MIMEBundle { progress.mimeBundle }
}

/// How progress bars appear. Notebook front ends redraw a displayed bar in place; `jupyter console`
/// ignores display updates and would show only a bar's first state, so there a bar is better a text
/// line on stderr, rewritten with "\r" and ended with a newline. No message tells a kernel which
/// front end it serves, so the choice is the user's: CROSSBAR_PROGRESS=text in the environment the
/// kernel starts from (`CROSSBAR_PROGRESS=text jupyter console --kernel crossbar`), or
/// `kernel.textProgress = true` in a cell.
enum ProgressStyle {
    nonisolated(unsafe) static var asText = ProcessInfo.processInfo.environment["CROSSBAR_PROGRESS"]?.lowercased() == "text"
}

/// Sends progress displays to whichever cell is running when the bar moves.
final class HostProgressSink: ProgressSink {
    weak var runtime: Runtime?
    weak var progress: Display.Progress?
    /// Used after a cell has ended (to mark its bars interrupted) when no cell is running.
    var fallbackHost: ScriptHost?
    /// The longest line written so far in text mode, so a shorter one blanks what is left of it.
    private var widest = 0
    init(runtime: Runtime) { self.runtime = runtime }
    private var host: ScriptHost? { runtime?.currentHost ?? fallbackHost }
    func showProgress(_ bundle: MIMEBundle, displayID: String) {
        if ProgressStyle.asText { writeLine(bundle) } else { host?.display(bundle, displayID: displayID) }
    }
    func updateProgress(_ bundle: MIMEBundle, displayID: String) {
        if ProgressStyle.asText { writeLine(bundle) } else { host?.updateDisplay(bundle, displayID: displayID) }
    }

    private func writeLine(_ bundle: MIMEBundle) {
        let text = bundle.plainText ?? ""
        let padding = String(repeating: " ", count: Swift.max(0, widest - text.count))
        widest = Swift.max(widest, text.count)
        let ended = progress.map { $0.state != .running } ?? false
        host?.write("\r" + text + padding + (ended ? "\n" : ""), to: .stderr)
    }
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
