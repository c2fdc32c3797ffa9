import Display
import Foundation

/// Runs shell requests one at a time on the execution thread, publishing through the server's
/// outbox (an inproc socket owned by this thread) so that the socket thread stays free.
final class ShellExecutor: @unchecked Sendable {
    // @unchecked: created on the socket thread, then used only on the execution thread.
    let server: KernelServer
    private var outbox: ZMQSocket?
    private var executionCount = 0
    private var history = History()

    init(server: KernelServer) { self.server = server }

    func run() {
        do {
            let socket = try ZMQSocket(context: server.zmq, kind: .push)
            try socket.connect(KernelServer.outboxEndpoint)
            outbox = socket
        } catch {
            KernelLog.warning("execution thread cannot reach the socket thread: \(error)")
            return
        }
        while let request = server.requests.take() {
            handle(request)
        }
        outbox?.close()
    }

    // MARK: sending

    func send(_ message: Message, on channel: OutgoingChannel) {
        var frames: [[UInt8]] = [[channel.rawValue]]
        frames.append(contentsOf: server.codec.encode(message))
        do { try outbox?.send(frames) } catch {
            KernelLog.warning("cannot queue \(message.messageType): \(error)")
        }
    }

    func publish(_ type: String, _ content: JSONObject, parent: Message) {
        let topic: [UInt8] = Array("kernel.\(server.session).\(type)".utf8)
        send(Message.make(type: type, content: content, parent: parent, session: server.session, identities: [topic]),
             on: .iopub)
    }

    func reply(_ request: Message, type: String, content: JSONObject) {
        send(Message.make(type: type, content: content, parent: request, session: server.session), on: .shell)
    }

    /// Publishes pending stream text through the outbox, keeping it in order with what follows.
    func flushStreams() {
        guard let (parent, chunks) = server.streams.take() else { return }
        for chunk in chunks {
            publish("stream", ["name": .string(chunk.name), "text": .string(chunk.text)], parent: parent)
        }
    }

    // MARK: dispatch

    private func handle(_ request: Message) {
        publish("status", ["execution_state": "busy"], parent: request)
        switch request.messageType {
        case "execute_request": execute(request)
        case "kernel_info_request": reply(request, type: "kernel_info_reply", content: server.kernelInfoContent())
        case "complete_request": complete(request)
        case "inspect_request": inspect(request)
        case "is_complete_request": isComplete(request)
        case "history_request": historyReply(request)
        case "comm_info_request": reply(request, type: "comm_info_reply", content: ["status": "ok", "comms": [:]])
        case "comm_open":
            // No comm targets are registered: close the comm at once, as the protocol asks.
            let id = request.content["comm_id"] ?? .string("")
            publish("comm_close", ["comm_id": id, "data": [:]], parent: request)
        case "comm_msg", "comm_close":
            break
        case "shutdown_request":
            KernelLog.warning("shutdown_request belongs on the control channel; ignored on shell")
            reply(request, type: "shutdown_reply", content: ["status": "error", "ename": "WrongChannel",
                                                             "evalue": "send shutdown_request on the control channel",
                                                             "traceback": []])
        default:
            KernelLog.warning("unsupported request on shell: \(request.messageType)")
        }
        publish("status", ["execution_state": "idle"], parent: request)
    }

    // MARK: execute

    private func execute(_ request: Message) {
        let content = request.content
        guard let code = content["code"]?.stringValue else {
            reply(request, type: "execute_reply", content: errorReply(
                ename: "BadRequest", evalue: "execute_request has no 'code' string", traceback: []))
            return
        }
        let silent = content["silent"]?.boolValue ?? false
        let storeHistory = silent ? false : (content["store_history"]?.boolValue ?? true)
        let allowStdin = content["allow_stdin"]?.boolValue ?? true
        let stopOnError = content["stop_on_error"]?.boolValue ?? true

        if storeHistory {
            executionCount += 1
            history.record(line: executionCount, input: code)
        }
        let count = executionCount
        if !silent {
            publish("execute_input", ["code": .string(code), "execution_count": .int(count)], parent: request)
        }

        let context = KernelExecutionContext(executor: self, request: request, executionCount: count,
                                             silent: silent, allowStdin: allowStdin)
        CrashReport.setRunningCell(count)
        let result = server.interpreter.execute(code: code, context: context)
        CrashReport.clearRunningCell()
        flushStreams()

        var replyContent: JSONObject = ["execution_count": .int(count)]
        switch result {
        case .ok(let bundle):
            if let bundle, !silent {
                publish("execute_result", ["execution_count": .int(count), "data": .object(bundle.data),
                                           "metadata": .object(bundle.metadata)], parent: request)
                if storeHistory, let text = bundle.plainText { history.recordOutput(line: count, output: text) }
            }
            replyContent["status"] = "ok"
            replyContent["payload"] = .array(context.payloads)
            replyContent["user_expressions"] = .object(evaluateUserExpressions(content["user_expressions"], request: request))
            reply(request, type: "execute_reply", content: replyContent)
        case .error(let ename, let evalue, let traceback):
            let tracebackJSON = JSONValue.array(traceback.map(JSONValue.string))
            if !silent {
                publish("error", ["ename": .string(ename), "evalue": .string(evalue), "traceback": tracebackJSON],
                        parent: request)
            }
            replyContent["status"] = "error"
            replyContent["ename"] = .string(ename)
            replyContent["evalue"] = .string(evalue)
            replyContent["traceback"] = tracebackJSON
            replyContent["payload"] = .array(context.payloads)
            replyContent["user_expressions"] = [:]
            // Only what was queued while the cell ran is aborted: the queue is taken before the
            // reply goes out, so a request the client sends after seeing the error (the next cell,
            // typed after an interrupt) runs. Taking it after the reply aborted such a request
            // whenever it arrived before the executor got here, which happened under load.
            let queuedBehind = stopOnError ? server.requests.drain() : []
            reply(request, type: "execute_reply", content: replyContent)
            if stopOnError { abortQueuedExecutes(queuedBehind) }
        }
    }

    /// After a failed cell with stop_on_error, executes already queued behind it are answered
    /// `aborted` rather than run against state the failure may have left half-made.
    private func abortQueuedExecutes(_ queuedBehind: [Message]) {
        for queued in queuedBehind {
            if queued.messageType == "execute_request" {
                publish("status", ["execution_state": "busy"], parent: queued)
                reply(queued, type: "execute_reply", content: ["status": "aborted", "execution_count": .int(executionCount)])
                publish("status", ["execution_state": "idle"], parent: queued)
            } else {
                handle(queued)
            }
        }
    }

    /// user_expressions are evaluated silently after the cell; each gets its own result or error.
    private func evaluateUserExpressions(_ value: JSONValue?, request: Message) -> JSONObject {
        var results = JSONObject()
        guard let expressions = value?.objectValue else { return results }
        for (name, expression) in expressions {
            guard let code = expression.stringValue else {
                results[name] = ["status": "error", "ename": "TypeError", "evalue": "expression must be a string", "traceback": []]
                continue
            }
            let context = KernelExecutionContext(executor: self, request: request, executionCount: executionCount,
                                                 silent: true, allowStdin: false)
            switch server.interpreter.execute(code: code, context: context) {
            case .ok(let bundle):
                let b = bundle ?? MIMEBundle(plainText: "")
                results[name] = ["status": "ok", "data": .object(b.data), "metadata": .object(b.metadata)]
            case .error(let ename, let evalue, let traceback):
                results[name] = ["status": "error", "ename": .string(ename), "evalue": .string(evalue),
                                 "traceback": .array(traceback.map(JSONValue.string))]
            }
        }
        return results
    }

    private func errorReply(ename: String, evalue: String, traceback: [String]) -> JSONObject {
        ["status": "error", "execution_count": .int(executionCount), "ename": .string(ename), "evalue": .string(evalue),
         "traceback": .array(traceback.map(JSONValue.string)), "payload": [], "user_expressions": [:]]
    }

    // MARK: other requests

    private func complete(_ request: Message) {
        let code = request.content["code"]?.stringValue ?? ""
        let cursor = request.content["cursor_pos"]?.intValue ?? code.unicodeScalars.count
        let result = server.interpreter.complete(code: code, cursorPosition: clampCursor(cursor, code))
        reply(request, type: "complete_reply", content: [
            "status": "ok", "matches": .array(result.matches.map(JSONValue.string)),
            "cursor_start": .int(result.cursorStart), "cursor_end": .int(result.cursorEnd), "metadata": [:],
        ])
    }

    private func inspect(_ request: Message) {
        let code = request.content["code"]?.stringValue ?? ""
        let cursor = request.content["cursor_pos"]?.intValue ?? code.unicodeScalars.count
        let level = request.content["detail_level"]?.intValue ?? 0
        let bundle = server.interpreter.inspect(code: code, cursorPosition: clampCursor(cursor, code), detailLevel: level)
        reply(request, type: "inspect_reply", content: [
            "status": "ok", "found": .bool(bundle != nil),
            "data": .object(bundle?.data ?? [:]), "metadata": .object(bundle?.metadata ?? [:]),
        ])
    }

    private func isComplete(_ request: Message) {
        let code = request.content["code"]?.stringValue ?? ""
        var content: JSONObject = [:]
        switch server.interpreter.isComplete(code: code) {
        case .complete: content["status"] = "complete"
        case .incomplete(let indent):
            content["status"] = "incomplete"
            content["indent"] = .string(indent)
        case .invalid: content["status"] = "invalid"
        case .unknown: content["status"] = "unknown"
        }
        reply(request, type: "is_complete_reply", content: content)
    }

    private func historyReply(_ request: Message) {
        let c = request.content
        let output = c["output"]?.boolValue ?? false
        let entries: [History.Entry]
        switch c["hist_access_type"]?.stringValue ?? "tail" {
        case "range":
            entries = history.range(session: c["session"]?.intValue ?? 0, start: c["start"]?.intValue ?? 1,
                                    stop: c["stop"]?.intValue)
        case "search":
            entries = history.search(pattern: c["pattern"]?.stringValue ?? "*", unique: c["unique"]?.boolValue ?? false,
                                     n: c["n"]?.intValue)
        default:
            entries = history.tail(c["n"]?.intValue ?? 10)
        }
        reply(request, type: "history_reply", content: ["status": "ok", "history": History.rows(entries, includeOutput: output)])
    }

    private func clampCursor(_ cursor: Int, _ code: String) -> Int {
        min(max(0, cursor), code.unicodeScalars.count)
    }
}

/// The ExecutionContext of one execute_request.
final class KernelExecutionContext: ExecutionContext {
    private let executor: ShellExecutor
    private let request: Message
    private let silent: Bool
    private let allowStdin: Bool
    let executionCount: Int
    private(set) var payloads: [JSONValue] = []

    init(executor: ShellExecutor, request: Message, executionCount: Int, silent: Bool, allowStdin: Bool) {
        self.executor = executor
        self.request = request
        self.executionCount = executionCount
        self.silent = silent
        self.allowStdin = allowStdin
    }

    private var server: KernelServer { executor.server }

    func stream(_ name: String, _ text: String) {
        guard !silent, !text.isEmpty else { return }
        if server.streams.append(name: name, text: text, parent: request) { executor.flushStreams() }
    }

    func display(_ bundle: MIMEBundle, displayID: String?) {
        guard !silent else { return }
        executor.flushStreams()
        var content: JSONObject = ["data": .object(bundle.data), "metadata": .object(bundle.metadata)]
        content["transient"] = displayID.map { ["display_id": .string($0)] } ?? [:]
        executor.publish("display_data", content, parent: request)
    }

    func updateDisplay(_ bundle: MIMEBundle, displayID: String) {
        guard !silent else { return }
        executor.flushStreams()
        executor.publish("update_display_data", ["data": .object(bundle.data), "metadata": .object(bundle.metadata),
                                                 "transient": ["display_id": .string(displayID)]], parent: request)
    }

    func clearOutput(wait: Bool) {
        guard !silent else { return }
        executor.flushStreams()
        executor.publish("clear_output", ["wait": .bool(wait)], parent: request)
    }

    func input(prompt: String, password: Bool) throws -> String {
        guard allowStdin else { throw InputError.stdinNotAllowed }
        executor.flushStreams()
        let message = Message.make(type: "input_request", content: ["prompt": .string(prompt), "password": .bool(password)],
                                   parent: request, session: server.session)
        executor.send(message, on: .stdin)
        switch server.inputMailbox.wait() {
        case .value(let line): return line
        case .interrupted: throw InputError.interrupted
        case .shuttingDown: throw InputError.shuttingDown
        }
    }

    func page(_ bundle: MIMEBundle) {
        payloads.append(["source": "page", "data": .object(bundle.data), "start": 0])
    }
}
