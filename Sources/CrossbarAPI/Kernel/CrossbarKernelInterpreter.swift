import Display
import JupyterKernel
import SwiftScript

/// The Crossbar kernel's language side: Swift cells run by SwiftScript, with the toolkit's names
/// registered. The kernel server calls it on its execution thread.
public final class CrossbarKernelInterpreter: KernelInterpreter {
    private let interpreter: Interpreter
    private let progressBars = ProgressTracker()

    public init() {
        interpreter = Interpreter(registry: CrossbarRegistry.make(tracker: progressBars))
    }

    public var kernelInfo: KernelInfo {
        KernelInfo(
            implementation: "crossbar",
            implementationVersion: CrossbarVersion.string,
            languageName: "swift",
            languageVersion: CrossbarVersion.languageVersion,
            mimetype: "text/x-swift",
            fileExtension: ".swift",
            pygmentsLexer: "swift",
            codemirrorMode: "swift",
            banner: "Crossbar \(CrossbarVersion.string): Swift cells for analog in-memory computing. help(name) documents any name (help(AnalogTile), help(print)).",
            // No help links: the guides ship in the source tree's docs/, not on a site a link could name.
            helpLinks: [])
    }

    public func execute(code: String, context: ExecutionContext) -> ExecuteResult {
        interpreter.cancellation.reset()
        let host = KernelHost(context)
        switch interpreter.execute(code, executionCount: context.executionCount, host: host) {
        case .success(let bundle): return .ok(bundle)
        case .failure(let e):
            progressBars.interruptRunning(host: host)
            return .error(ename: e.ename, evalue: e.evalue, traceback: e.traceback)
        }
    }

    public func complete(code: String, cursorPosition: Int) -> CompletionReply {
        let r = interpreter.complete(code, cursorPosition: cursorPosition)
        return CompletionReply(matches: r.matches, cursorStart: r.cursorStart, cursorEnd: r.cursorEnd)
    }

    public func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> MIMEBundle? {
        interpreter.inspect(code, cursorPosition: cursorPosition, detailLevel: detailLevel)
    }

    public func isComplete(code: String) -> Completeness {
        switch interpreter.isComplete(code) {
        case .complete: return .complete
        case .incomplete(let indent): return .incomplete(indent: indent)
        case .invalid: return .invalid
        }
    }

    public func interrupt() {
        interpreter.cancellation.raise()
    }
}

/// A cell's host over the Jupyter channels of one execute_request.
final class KernelHost: ScriptHost {
    private let context: ExecutionContext

    init(_ context: ExecutionContext) { self.context = context }

    func write(_ text: String, to stream: OutputStreamName) { context.stream(stream.rawValue, text) }
    func display(_ bundle: MIMEBundle, displayID: String?) { context.display(bundle, displayID: displayID) }
    func updateDisplay(_ bundle: MIMEBundle, displayID: String) { context.updateDisplay(bundle, displayID: displayID) }
    func clearOutput(wait: Bool) { context.clearOutput(wait: wait) }
    func page(_ bundle: MIMEBundle) { context.page(bundle) }

    func readLine(prompt: String, password: Bool) throws -> String {
        do {
            return try context.input(prompt: prompt, password: password)
        } catch let e as InputError {
            throw InputUnavailable(e.description)
        }
    }
}
