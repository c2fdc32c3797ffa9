import Display
import Synchronization

/// Which output stream a piece of text goes to.
public enum OutputStreamName: String, Sendable {
    case stdout
    case stderr
}

/// What a running cell can ask of the world around it. The kernel implements this over the
/// Jupyter channels (iopub streams, display data, stdin input requests, pager payloads);
/// `crossbar run` implements it over the terminal. The interpreter never talks to sockets itself.
public protocol ScriptHost: AnyObject {
    /// Text written by `print`; the host may buffer and flush it as stream messages.
    func write(_ text: String, to stream: OutputStreamName)
    /// A rich value shown by `display(_:)`; `displayID` is set when the value may be updated later.
    func display(_ bundle: MIMEBundle, displayID: String?)
    /// Replaces an earlier display with the same `displayID` in place (progress bars).
    func updateDisplay(_ bundle: MIMEBundle, displayID: String)
    /// `clearOutput(wait:)`.
    func clearOutput(wait: Bool)
    /// `readLine(prompt:)`: asks the front end for a line of input. Throws `InputUnavailable`
    /// when the front end cannot answer (for example `allow_stdin` is false).
    func readLine(prompt: String, password: Bool) throws -> String
    /// `help(_:)`: text for the front end's pager.
    func page(_ bundle: MIMEBundle)
}

/// Thrown by a host that cannot read input; its message becomes the cell's error text.
public struct InputUnavailable: Error, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// A flag the kernel raises (SIGINT, interrupt_request) and the evaluator polls on every loop
/// iteration and call. Raising it makes the running cell fail with an "Interrupted" error.
public final class CancellationFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    public init() {}

    /// Asks the running cell to stop.
    public func raise() { raised.store(true, ordering: .relaxed) }
    /// Clears the flag before a new cell starts.
    public func reset() { raised.store(false, ordering: .relaxed) }
    /// Whether a stop was asked for.
    public var isRaised: Bool { raised.load(ordering: .relaxed) }
}
