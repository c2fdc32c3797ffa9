import CZeroMQ
import Display
import Dispatch
import Foundation
import Synchronization

/// Which socket an outgoing message leaves by; the first byte of an outbox message.
enum OutgoingChannel: UInt8 {
    case shell = 0, iopub = 1, stdin = 2, control = 3
}

/// The Jupyter protocol server. The calling thread becomes the socket thread: it owns shell,
/// control, stdin and iopub, verifies and routes every incoming message, answers control
/// requests at once (so interrupt and shutdown work while a cell runs), and forwards what the
/// execution thread publishes. Shell requests run one at a time on the execution thread.
/// The heartbeat echoes on a thread of its own.
public final class KernelServer: @unchecked Sendable {
    // @unchecked: socket fields are touched only by the socket thread (after init); shared
    // state goes through the queue, mailbox, buffer and atomics below, which are thread safe.
    static let outboxEndpoint = "inproc://crossbar-outbox"

    let connection: ConnectionInfo
    let interpreter: KernelInterpreter
    let codec: WireCodec
    let session = UUID().uuidString.lowercased()
    let zmq: ZMQContext

    private let shell: ZMQSocket
    private let control: ZMQSocket
    private let stdinSocket: ZMQSocket
    private let iopub: ZMQSocket
    private let heartbeat: ZMQSocket
    private let outbox: ZMQSocket

    let requests = RequestQueue()
    let inputMailbox = InputMailbox()
    let streams = StreamBuffer()
    /// Signatures of accepted messages on every channel (one history, as one Session has).
    private let digests = DigestHistory()
    private let running = Atomic<Bool>(true)
    private var signalSources: [DispatchSourceSignal] = []

    /// Binds every socket. Throws a `KernelStartupError` with a clear message if any bind fails.
    public init(connection: ConnectionInfo, interpreter: KernelInterpreter) throws {
        self.connection = connection
        self.interpreter = interpreter
        self.codec = WireCodec(signer: MessageSigner(key: connection.key))
        self.zmq = try ZMQContext()
        if connection.usesCurve && !ZMQContext.hasCurve {
            throw KernelStartupError("the connection file asks for CurveZMQ encryption, but this libzmq has no CURVE support")
        }
        do {
            shell = try ZMQSocket(context: zmq, kind: .router)
            control = try ZMQSocket(context: zmq, kind: .router)
            stdinSocket = try ZMQSocket(context: zmq, kind: .router)
            iopub = try ZMQSocket(context: zmq, kind: .xpub)
            heartbeat = try ZMQSocket(context: zmq, kind: .rep)
            outbox = try ZMQSocket(context: zmq, kind: .pull)
            for router in [shell, control, stdinSocket] { try router.setInt(ZMQ_ROUTER_HANDOVER, 1) }
            // Report every subscription, even repeated ones, so each new client gets its welcome.
            try iopub.setInt(ZMQ_XPUB_VERBOSE, 1)
            if let secret = connection.curveSecretKey {
                for socket in [shell, control, stdinSocket, iopub, heartbeat] {
                    try socket.makeCurveServer(secretKeyZ85: secret)
                }
            }
            try shell.bind(connection.endpoint(port: connection.shellPort))
            try control.bind(connection.endpoint(port: connection.controlPort))
            try stdinSocket.bind(connection.endpoint(port: connection.stdinPort))
            try iopub.bind(connection.endpoint(port: connection.iopubPort))
            try heartbeat.bind(connection.endpoint(port: connection.hbPort))
            try outbox.bind(KernelServer.outboxEndpoint)
        } catch let error as ZMQError {
            throw KernelStartupError("cannot set up sockets: \(error)")
        }
    }

    /// Serves until a shutdown_request (or SIGTERM) and returns the process exit status.
    public func run() -> Int32 {
        CrashReport.install()
        installSignalHandlers()
        startHeartbeat()
        let executor = ShellExecutor(server: self)
        let executorThread = Thread { executor.run() }
        executorThread.name = "crossbar-execution"
        executorThread.stackSize = 64 << 20
        executorThread.start()

        KernelLog.info("kernel started (transport \(connection.transport.rawValue), \(connection.usesCurve ? "CurveZMQ" : "no transport encryption"), signing \(codec.signer.isEnabled ? "on" : "off"))")
        publishDirect("status", ["execution_state": "starting"], parent: nil)

        var poller = ZMQPoller([shell, control, stdinSocket, iopub, outbox])
        while running.load(ordering: .relaxed) {
            let ready = poller.poll(timeoutMilliseconds: 20)
            if ready[4] { drainOutbox() }
            if ready[3] { handleSubscriptions() }
            if ready[1] { receiveAll(control, name: "control") { self.handleControl($0) } }
            if ready[0] { receiveAll(shell, name: "shell") { self.requests.put($0) } }
            if ready[2] { receiveAll(stdinSocket, name: "stdin") { self.handleStdin($0) } }
            flushStreams(minimumAge: 15_000_000)
        }
        shutDown(executorThread: executorThread)
        return 0
    }

    // MARK: incoming

    /// Reads every queued message on a socket, dropping (and logging) those that fail to decode.
    private func receiveAll(_ socket: ZMQSocket, name: String, handle: (Message) -> Void) {
        while true {
            let frames: [[UInt8]]
            do {
                guard let f = try socket.receive(dontWait: true) else { return }
                frames = f
            } catch {
                KernelLog.warning("receive on \(name) failed: \(error)")
                return
            }
            do {
                handle(try codec.decode(frames, history: digests, acceptedTypes: HeaderValidation.knownRequestTypes))
            } catch let error as WireError {
                KernelLog.warning("dropped message on \(name): \(error)")
            } catch {
                KernelLog.warning("dropped message on \(name): \(error)")
            }
        }
    }

    /// A new iopub subscriber: greet it with iopub_welcome (JEP 65).
    private func handleSubscriptions() {
        while let frames = try? iopub.receive(dontWait: true) {
            guard let first = frames.first, first.first == 1 else { continue }
            let topic = String(decoding: first.dropFirst(), as: UTF8.self)
            publishDirect("iopub_welcome", ["subscription": .string(topic)], parent: nil)
        }
    }

    private func handleStdin(_ message: Message) {
        guard message.messageType == "input_reply" else {
            KernelLog.warning("ignored \(message.messageType) on stdin")
            return
        }
        let value = message.content["value"]?.stringValue ?? ""
        if !inputMailbox.deliver(value) { KernelLog.warning("ignored input_reply: no cell is waiting for input") }
    }

    /// Control requests are answered here, never queued behind a running cell.
    private func handleControl(_ request: Message) {
        let type = request.messageType
        publishDirect("status", ["execution_state": "busy"], parent: request)
        defer { publishDirect("status", ["execution_state": "idle"], parent: request) }
        switch type {
        case "interrupt_request":
            interruptRunningCell()
            reply(request, on: control, type: "interrupt_reply", content: ["status": "ok"])
        case "shutdown_request":
            let restart = request.content["restart"]?.boolValue ?? false
            reply(request, on: control, type: "shutdown_reply", content: ["status": "ok", "restart": .bool(restart)])
            KernelLog.info("shutdown requested (restart: \(restart))")
            running.store(false, ordering: .relaxed)
        case "kernel_info_request":
            reply(request, on: control, type: "kernel_info_reply", content: kernelInfoContent())
        default:
            KernelLog.warning("unsupported request on control: \(type)")
            reply(request, on: control, type: type.replacingOccurrences(of: "_request", with: "_reply"),
                  content: ["status": "error", "ename": "UnsupportedRequest",
                            "evalue": .string("\(type) is not supported on the control channel"), "traceback": []])
        }
    }

    private func reply(_ request: Message, on socket: ZMQSocket, type: String, content: JSONObject) {
        let message = Message.make(type: type, content: content, parent: request, session: session)
        send(codec.encode(message), on: socket)
    }

    private func send(_ frames: [[UInt8]], on socket: ZMQSocket) {
        do { try socket.send(frames, dontWait: true) } catch {
            KernelLog.warning("send failed: \(error)")
        }
    }

    func interruptRunningCell() {
        interpreter.interrupt()
        inputMailbox.interrupt()
    }

    // MARK: outgoing

    /// Publishes on iopub from the socket thread itself.
    private func publishDirect(_ type: String, _ content: JSONObject, parent: Message?) {
        let topic: [UInt8] = Array("kernel.\(session).\(type)".utf8)
        let message = Message.make(type: type, content: content, parent: parent, session: session, identities: [topic])
        send(codec.encode(message), on: iopub)
    }

    /// Forwards what the execution thread queued, in order.
    private func drainOutbox() {
        while let frames = try? outbox.receive(dontWait: true) {
            guard let tag = frames.first?.first, let channel = OutgoingChannel(rawValue: tag) else { continue }
            let wire = Array(frames.dropFirst())
            switch channel {
            case .shell: send(wire, on: shell)
            case .iopub: send(wire, on: iopub)
            case .stdin: send(wire, on: stdinSocket)
            case .control: send(wire, on: control)
            }
        }
    }

    /// Publishes stream text that has waited long enough. The outbox is drained first so that
    /// text never overtakes output the execution thread queued before it.
    private func flushStreams(minimumAge: UInt64) {
        drainOutbox()
        guard let (parent, chunks) = streams.take(minimumAge: minimumAge) else { return }
        for chunk in chunks {
            publishDirect("stream", ["name": .string(chunk.name), "text": .string(chunk.text)], parent: parent)
        }
    }

    // MARK: threads, signals, shutdown

    private func startHeartbeat() {
        let socket = heartbeat
        let thread = Thread { runHeartbeatEcho(socket); socket.close() }
        thread.name = "crossbar-heartbeat"
        thread.start()
    }

    private func installSignalHandlers() {
        // Dispatch turns the signals into ordinary callbacks, so the handlers may do real work.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let queue = DispatchQueue(label: "crossbar.signals")
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: queue)
        interrupt.setEventHandler { [weak self] in
            KernelLog.info("SIGINT: interrupting the running cell")
            self?.interruptRunningCell()
        }
        interrupt.resume()
        let terminate = DispatchSource.makeSignalSource(signal: SIGTERM, queue: queue)
        terminate.setEventHandler { [weak self] in
            KernelLog.info("SIGTERM: shutting down")
            self?.running.store(false, ordering: .relaxed)
        }
        terminate.resume()
        signalSources = [interrupt, terminate]
    }

    private func shutDown(executorThread: Thread) {
        interruptRunningCell()
        inputMailbox.shutDown()
        requests.close()
        flushStreams(minimumAge: 0)
        drainOutbox()
        for socket in [shell, control, stdinSocket, iopub, outbox] { socket.close() }
        // Wake the heartbeat and the execution thread out of blocking calls, then give libzmq a
        // moment to deliver the last replies (linger) before the process ends.
        zmq_ctx_shutdown(zmq.handle)
        let done = DispatchSemaphore(value: 0)
        let context = zmq
        Thread { context.terminate(); done.signal() }.start()
        _ = done.wait(timeout: .now() + 3)
        KernelLog.info("kernel stopped")
    }

    func kernelInfoContent() -> JSONObject {
        let info = interpreter.kernelInfo
        let language: JSONObject = [
            "name": .string(info.languageName),
            "version": .string(info.languageVersion),
            "mimetype": .string(info.mimetype),
            "file_extension": .string(info.fileExtension),
            "pygments_lexer": .string(info.pygmentsLexer),
            "codemirror_mode": .string(info.codemirrorMode),
            "nbconvert_exporter": "script",
        ]
        return [
            "status": "ok",
            "protocol_version": "5.4",
            "implementation": .string(info.implementation),
            "implementation_version": .string(info.implementationVersion),
            "language_info": .object(language),
            "banner": .string(info.banner),
            "help_links": .array(info.helpLinks.map { ["text": .string($0.text), "url": .string($0.url)] }),
            "debugger": false,
        ]
    }
}
