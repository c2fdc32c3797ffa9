import Display
import Foundation
import SwiftScript

/// `crossbar run FILE.swift`: runs a Swift file as one cell in the terminal.
public enum ScriptRunner {
    /// Runs the file and returns the process exit status (0 success, 1 a cell error, 2 an unreadable file).
    /// With `repeat` above 1 the file runs that many times, as consecutive cells of one session
    /// (benchmarks use it to time the work without the process start).
    public static func run(path: String, repeat count: Int = 1) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path), let code = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write(Data("crossbar: cannot read \(path)\n".utf8))
            return 2
        }
        let interpreter = Interpreter(registry: CrossbarRegistry.make())
        let host = ConsoleHost()
        if path.hasSuffix(".ipynb") {
            return runNotebook(code, path: path, interpreter: interpreter, host: host)
        }
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { interpreter.cancellation.raise() }
        source.resume()
        var outcome = ExecutionOutcome.success(result: nil)
        for n in 1...max(1, count) {
            outcome = interpreter.execute(code, executionCount: n, host: host)
            if case .failure = outcome { break }
        }
        host.flush()
        switch outcome {
        case .success:
            return 0
        case .failure(let e):
            let colour = isatty(STDERR_FILENO) != 0
            let lines = e.traceback.map { colour ? $0 : ConsoleHost.stripANSI($0) }
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            return 1
        }
    }
}

extension ScriptRunner {
    /// The code cells of a notebook (nbformat 4), in order.
    static func codeCells(ofNotebook text: String) throws -> [String] {
        let json = try JSONValue.parse(text)
        guard let cells = json["cells"]?.arrayValue else {
            throw ScriptCallError("not a Jupyter notebook: no \"cells\" list")
        }
        return cells.compactMap { cell in
            guard cell["cell_type"]?.stringValue == "code" else { return nil }
            if let s = cell["source"]?.stringValue { return s }
            return cell["source"]?.arrayValue?.compactMap(\.stringValue).joined()
        }
    }

    /// Runs a notebook's code cells in order, showing each result as `Out[n]:` text; stops at the
    /// first error.
    static func runNotebook(_ text: String, path: String, interpreter: Interpreter, host: ConsoleHost) -> Int32 {
        let cells: [String]
        do {
            cells = try codeCells(ofNotebook: text)
        } catch {
            FileHandle.standardError.write(Data("crossbar: cannot read \(path): \(error)\n".utf8))
            return 2
        }
        for (i, code) in cells.enumerated() {
            switch interpreter.execute(code, executionCount: i + 1, host: host) {
            case .success(let bundle):
                if let text = bundle?.plainText { host.write("Out[\(i + 1)]: \(text)\n", to: .stdout) }
            case .failure(let e):
                host.flush()
                let colour = isatty(STDERR_FILENO) != 0
                let lines = e.traceback.map { colour ? $0 : ConsoleHost.stripANSI($0) }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                return 1
            }
        }
        host.flush()
        return 0
    }
}

/// The terminal as a cell host: streams to stdout/stderr, rich values as their text, input from stdin.
final class ConsoleHost: ScriptHost {
    private var buffered = ""

    func write(_ text: String, to stream: OutputStreamName) {
        if stream == .stdout {
            buffered += text
            if buffered.utf8.count > 1 << 16 { flush() }
        } else {
            flush()
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    func flush() {
        guard !buffered.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffered.utf8))
        buffered = ""
    }

    func display(_ bundle: MIMEBundle, displayID: String?) { write((bundle.plainText ?? "") + "\n", to: .stdout) }
    func updateDisplay(_ bundle: MIMEBundle, displayID: String) { write((bundle.plainText ?? "") + "\n", to: .stdout) }
    func clearOutput(wait: Bool) {}
    func page(_ bundle: MIMEBundle) { write((bundle.plainText ?? "") + "\n", to: .stdout) }

    func readLine(prompt: String, password: Bool) throws -> String {
        write(prompt, to: .stdout)
        flush()
        guard let line = Swift.readLine() else { throw InputUnavailable("end of input") }
        return line
    }

    static func stripANSI(_ s: String) -> String {
        var out = ""
        var inEscape = false
        for c in s.unicodeScalars {
            if inEscape {
                if c == "m" { inEscape = false }
                continue
            }
            if c == "\u{1B}" { inEscape = true; continue }
            out.unicodeScalars.append(c)
        }
        return out
    }
}
