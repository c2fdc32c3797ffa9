import Display
@testable import CrossbarAPI
@testable import SwiftScript

/// A host that records what cells write, show and update.
final class RecordingHost: ScriptHost {
    var stdout = ""
    var displays: [(MIMEBundle, String?)] = []
    var updates: [(MIMEBundle, String)] = []
    func write(_ text: String, to stream: OutputStreamName) { stdout += text }
    func display(_ bundle: MIMEBundle, displayID: String?) { displays.append((bundle, displayID)) }
    func updateDisplay(_ bundle: MIMEBundle, displayID: String) { updates.append((bundle, displayID)) }
    func clearOutput(wait: Bool) {}
    func readLine(prompt: String, password: Bool) throws -> String { throw InputUnavailable("no input") }
    var pages: [MIMEBundle] = []
    func page(_ bundle: MIMEBundle) { pages.append(bundle) }
}

/// Cells run one after another in one interpreter with the toolkit's registry, as in the kernel.
final class CellSession {
    let interpreter = Interpreter(registry: CrossbarRegistry.make())
    let host = RecordingHost()
    private var count = 0

    @discardableResult
    func run(_ code: String) -> ExecutionOutcome {
        count += 1
        return interpreter.execute(code, executionCount: count, host: host)
    }

    /// The error's name (nil on success) and the result's text or the error's message.
    func outcome(_ code: String) -> (ename: String?, text: String?) {
        switch run(code) {
        case .success(let b): return (nil, b?.plainText)
        case .failure(let e): return (e.ename, e.evalue)
        }
    }

    /// The result's text, or "error: " and the message.
    func result(_ code: String) -> String? {
        switch run(code) {
        case .success(let b): return b?.plainText
        case .failure(let e): return "error: " + e.evalue
        }
    }
}
