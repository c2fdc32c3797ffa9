import Display

/// What the kernel says about itself and its language in kernel_info_reply.
public struct KernelInfo: Sendable {
    public var implementation: String
    public var implementationVersion: String
    public var languageName: String
    public var languageVersion: String
    public var mimetype: String
    public var fileExtension: String
    public var pygmentsLexer: String
    public var codemirrorMode: String
    public var banner: String
    public var helpLinks: [(text: String, url: String)]

    public init(implementation: String, implementationVersion: String, languageName: String, languageVersion: String,
                mimetype: String, fileExtension: String, pygmentsLexer: String, codemirrorMode: String,
                banner: String, helpLinks: [(text: String, url: String)]) {
        self.implementation = implementation
        self.implementationVersion = implementationVersion
        self.languageName = languageName
        self.languageVersion = languageVersion
        self.mimetype = mimetype
        self.fileExtension = fileExtension
        self.pygmentsLexer = pygmentsLexer
        self.codemirrorMode = codemirrorMode
        self.banner = banner
        self.helpLinks = helpLinks
    }
}

/// How one execution ended.
public enum ExecuteResult: Sendable {
    /// Success, with the bundle of the cell's value (nil when the cell has none to show).
    case ok(MIMEBundle?)
    /// Failure: the exception name, its message and the traceback lines.
    case error(ename: String, evalue: String, traceback: [String])
}

/// The answer to complete_request. Cursor positions are Unicode code-point offsets.
public struct CompletionReply: Sendable {
    public var matches: [String]
    public var cursorStart: Int
    public var cursorEnd: Int
    public init(matches: [String], cursorStart: Int, cursorEnd: Int) {
        self.matches = matches
        self.cursorStart = cursorStart
        self.cursorEnd = cursorEnd
    }
}

/// The answer to is_complete_request.
public enum Completeness: Sendable, Equatable {
    case complete
    case incomplete(indent: String)
    case invalid
    case unknown
}

/// The language side of the kernel, in the spirit of xeus's `xinterpreter`: the server turns
/// requests into these calls and publishes what they produce. Everything except `interrupt`
/// is called on the kernel's single execution thread, one request at a time.
public protocol KernelInterpreter: AnyObject {
    var kernelInfo: KernelInfo { get }
    /// Runs one cell, publishing output through `context` as it goes.
    func execute(code: String, context: ExecutionContext) -> ExecuteResult
    func complete(code: String, cursorPosition: Int) -> CompletionReply
    /// The inspection bundle for the name at the cursor, or nil when nothing is found.
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> MIMEBundle?
    func isComplete(code: String) -> Completeness
    /// Asks a running cell to stop. Called from the signal handler's queue or the control thread.
    func interrupt()
}

/// The channel from a running cell back to the front end: streams, rich output, display updates,
/// clear_output, stdin input and pager payloads. Created by the server for each execute_request.
public protocol ExecutionContext: AnyObject {
    /// The execution count this cell runs under (In[n]).
    var executionCount: Int { get }
    /// Text for stdout or stderr (`name` is "stdout" or "stderr").
    func stream(_ name: String, _ text: String)
    /// display_data; pass a display id to allow later updates.
    func display(_ bundle: MIMEBundle, displayID: String?)
    /// update_display_data for an earlier display with this id.
    func updateDisplay(_ bundle: MIMEBundle, displayID: String)
    /// clear_output.
    func clearOutput(wait: Bool)
    /// Asks the front end for input over stdin; throws when the request did not allow stdin,
    /// or when the wait was interrupted.
    func input(prompt: String, password: Bool) throws -> String
    /// A pager payload for the execute_reply (what `help(x)` shows).
    func page(_ bundle: MIMEBundle)
}

/// Why `ExecutionContext.input` could not return a line.
public enum InputError: Error, CustomStringConvertible, Sendable {
    case stdinNotAllowed
    case interrupted
    case shuttingDown

    public var description: String {
        switch self {
        case .stdinNotAllowed: return "readLine is not available: this front end does not allow input (allow_stdin is false)"
        case .interrupted: return "input request interrupted"
        case .shuttingDown: return "the kernel is shutting down"
        }
    }
}
