import Display
import Foundation
import SwiftSyntax
import SwiftParser
import SwiftOperators
import SwiftParserDiagnostics
import SwiftDiagnostics

/// How a cell ended.
public enum ExecutionOutcome {
    /// The cell ran; `result` is the bundle of its last expression's value, if it had one.
    case success(result: MIMEBundle?)
    case failure(ScriptError)
}

/// A cell's error as Jupyter shows it.
public struct ScriptError: Error, Sendable {
    public var ename: String
    public var evalue: String
    public var traceback: [String]
    /// Where the error points in its cell (1-based), for tests and tools.
    public var line: Int
    public var column: Int
}

/// The cell language: parses with swift-syntax, compiles to evaluation nodes, runs them on a
/// thread with a large stack, and keeps every binding between cells.
public final class Interpreter {
    public let registry: ScriptRegistry
    public let cancellation: CancellationFlag
    let runtime: Runtime
    private let worker: BigStackWorker

    public init(registry: ScriptRegistry = ScriptRegistry(), stackSize: Int = 1 << 30) {
        self.registry = registry
        self.cancellation = CancellationFlag()
        self.runtime = Runtime(registry: registry, cancellation: cancellation)
        self.worker = BigStackWorker(stackSize: stackSize)
    }

    deinit { worker.stop() }

    /// The deepest recursion a cell may reach before it stops with an error.
    public var maxRecursionDepth: Int {
        get { runtime.maxDepth }
        set { runtime.maxDepth = newValue }
    }

    /// Loop iterations and calls one cell may make (nil: unlimited); used by the fuzz tests.
    public var stepLimit: Int?

    /// Names of the variables, functions and types the cells have declared.
    public var variableNames: [String] { runtime.globals.keys.sorted() }

    /// Runs one cell. Errors never escape: they come back as `.failure`.
    public func execute(_ code: String, executionCount: Int, host: ScriptHost) -> ExecutionOutcome {
        let box = UncheckedBox(host)
        let code = Interpreter.helpRequest(code).map { "help(\($0))" } ?? code
        return worker.run { [self] in
            self.executeHere(code, executionCount: executionCount, host: box.value)
        }
    }

    /// IPython's `name?`, `?name` (and `??`): a cell that is only a name with question marks asks
    /// for its documentation. Neither form is valid Swift on its own, so no cell changes meaning.
    static func helpRequest(_ code: String) -> String? {
        guard code.utf8.count < 256, code.contains("?") else { return nil }
        var text = Substring(code.trimmingCharacters(in: .whitespacesAndNewlines))
        let leading = text.prefix(while: { $0 == "?" }).count
        text = text.dropFirst(leading)
        let trailing = text.reversed().prefix(while: { $0 == "?" }).count
        text = text.dropLast(trailing)
        guard (1...2).contains(leading + trailing), leading == 0 || trailing == 0, let first = text.first,
              first.isLetter || first == "_",
              text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }), !text.hasSuffix(".") else { return nil }
        return String(text)
    }

    private func executeHere(_ code: String, executionCount: Int, host: ScriptHost) -> ExecutionOutcome {
        let rt = runtime
        rt.host = host
        Runtime.current = rt
        rt.stepsLeft = stepLimit ?? Int.max
        rt.depth = 0
        rt.pendingResult = nil
        rt.partialResult = nil
        defer {
            rt.host = nil
            rt.depth = 0
        }
        rt.cellSources[executionCount] = code.split(separator: "\n", omittingEmptySubsequences: false)
        do {
            let (body, frameSize) = try compile(code, cell: executionCount)
            let frame = Frame.make(size: frameSize, parent: nil)
            run: for stmt in body {
                switch try stmt.exec(frame, rt) {
                case .returnValue: break run
                default: continue
                }
            }
            // An interrupt that arrived during a call that does not poll (one large read) still
            // ends the cell as interrupted, rather than as a success the user did not wait for.
            if rt.cancellation.isRaised {
                throw ScriptFailure(.interrupted, "Interrupted", at: body.last?.loc ?? .unknown)
            }
            guard let value = rt.pendingResult else { return .success(result: nil) }
            if case .void = value { return .success(result: nil) }
            rt.results[executionCount] = value
            rt.lastResult = value
            return .success(result: value.mimeBundle)
        } catch let failure as ScriptFailure {
            return .failure(format(failure))
        } catch is NilChainSignal {
            return .failure(format(ScriptFailure.runtime("optional chain ended in nil", at: .unknown)))
        } catch {
            return .failure(format(ScriptFailure.runtime("\(error)", at: .unknown)))
        }
    }

    /// Parses, checks and lowers a cell.
    func compile(_ code: String, cell: Int) throws -> (body: [Stmt], frameSize: Int) {
        let tree = Parser.parse(source: code)
        let converter = SourceLocationConverter(fileName: "In[\(cell)]", tree: tree)
        let diagnostics = SyntaxDiagnostics.errors(in: tree)
        if let first = diagnostics.first {
            let l = first.location(converter: converter)
            var failure = ScriptFailure(.syntax, first.message, at: CellLocation(cell: cell, line: l.line, column: l.column))
            for d in diagnostics.dropFirst().prefix(4) {
                let dl = d.location(converter: converter)
                failure.notes.append((d.message, CellLocation(cell: cell, line: dl.line, column: dl.column)))
            }
            throw failure
        }
        var foldErrors: [OperatorError] = []
        let folded = OperatorTable.standardOperators.foldAll(tree) { foldErrors.append($0) }
        if let e = foldErrors.first {
            let d = e.asDiagnostic
            let l = d.location(converter: converter)
            throw ScriptFailure(.syntax, d.message, at: CellLocation(cell: cell, line: l.line, column: l.column))
        }
        guard let file = folded.as(SourceFileSyntax.self) else {
            throw ScriptFailure(.syntax, "could not read the cell", at: CellLocation(cell: cell, line: 1, column: 1))
        }
        let compiler = Compiler(rt: runtime, cell: cell, converter: SourceLocationConverter(fileName: "In[\(cell)]", tree: file))
        return try compiler.compileCell(file)
    }

    // MARK: Tracebacks

    private static let red = "\u{1B}[0;31m", boldRed = "\u{1B}[1;31m", reset = "\u{1B}[0m", cyan = "\u{1B}[0;36m"

    func format(_ failure: ScriptFailure) -> ScriptError {
        var lines: [String] = []
        lines.append("\(Interpreter.boldRed)error:\(Interpreter.reset) \(failure.message)")
        lines += sourceExcerpt(failure.location)
        for note in failure.notes {
            lines.append("\(Interpreter.boldRed)error:\(Interpreter.reset) \(note.message)")
            lines += sourceExcerpt(note.location)
        }
        for caller in failure.callers {
            lines.append("called from \(Interpreter.cyan)\(position(caller))\(Interpreter.reset)")
            lines += sourceExcerpt(caller).dropFirst()
        }
        return ScriptError(ename: failure.errorName ?? failure.kind.rawValue, evalue: failure.message, traceback: lines,
                           line: failure.location.line, column: failure.location.column)
    }

    private func position(_ l: CellLocation) -> String { "In[\(l.cell)]:\(l.line):\(l.column)" }

    private func sourceExcerpt(_ l: CellLocation) -> [String] {
        guard l.line > 0, let source = runtime.cellSources[l.cell], l.line <= source.count else { return [] }
        let text = String(source[l.line - 1])
        let number = String(l.line)
        let gutter = String(repeating: " ", count: number.count)
        let prefixBytes = max(0, l.column - 1)
        let prefix = String(decoding: text.utf8.prefix(prefixBytes), as: UTF8.self)
        let caretPad = String(prefix.map { $0 == "\t" ? "\t" : " " })
        return [
            "\(Interpreter.cyan)\(position(l))\(Interpreter.reset)",
            "\(number) | \(text)",
            "\(gutter) | \(caretPad)\(Interpreter.red)^\(Interpreter.reset)",
        ]
    }
}

/// Lets a non-Sendable value cross to the worker thread; the caller waits for the worker, so the
/// value is never used from two threads at once.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// One long-lived thread with a large stack: deep recursion in cells ends in a clear error
/// instead of overflowing the kernel's stack.
final class BigStackWorker: @unchecked Sendable {
    private let condition = NSCondition()
    private var job: (() -> Void)?
    private var stopping = false
    private var thread: Thread?

    init(stackSize: Int) {
        let t = Thread { [weak self] in self?.loop() }
        t.stackSize = stackSize
        t.name = "crossbar-cell"
        thread = t
        t.start()
    }

    private func loop() {
        while true {
            condition.lock()
            while job == nil && !stopping { condition.wait() }
            if stopping && job == nil {
                condition.unlock()
                return
            }
            let work = job
            job = nil
            condition.unlock()
            work?()
        }
    }

    func run<T>(_ body: @escaping () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        var result: T?
        let work = {
            result = body()
            done.signal()
        }
        condition.lock()
        job = work
        condition.signal()
        condition.unlock()
        done.wait()
        guard let result else { return body() }
        return result
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }
}
