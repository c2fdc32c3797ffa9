import CZeroMQ
import Display
import Foundation
import Synchronization
import XCTest
@testable import JupyterKernel

/// A stand-in language: enough behaviour to drive every path of the server.
final class FakeInterpreter: KernelInterpreter, @unchecked Sendable {
    let stop = Atomic<Bool>(false)
    var executed: [String] = []

    var kernelInfo: KernelInfo {
        KernelInfo(implementation: "fake", implementationVersion: "1", languageName: "fake", languageVersion: "1",
                   mimetype: "text/plain", fileExtension: ".txt", pygmentsLexer: "text", codemirrorMode: "text",
                   banner: "fake", helpLinks: [])
    }

    func execute(code: String, context: ExecutionContext) -> ExecuteResult {
        executed.append(code)
        stop.store(false, ordering: .relaxed)
        switch code {
        case "spin":
            while !stop.load(ordering: .relaxed) { usleep(1000) }
            return .error(ename: "Interrupted", evalue: "interrupted", traceback: ["interrupted"])
        case "ask":
            do { return .ok(MIMEBundle(plainText: try context.input(prompt: "name? ", password: false))) } catch {
                return .error(ename: "InputError", evalue: "\(error)", traceback: [])
            }
        case "fail":
            return .error(ename: "Boom", evalue: "error: boom", traceback: ["line 1", "^"])
        case "page":
            context.page(MIMEBundle(plainText: "doc"))
            return .ok(nil)
        default:
            context.stream("stdout", "out:" + code + "\n")
            context.display(MIMEBundle(plainText: "shown"), displayID: "d1")
            return .ok(MIMEBundle(plainText: "result:" + code))
        }
    }

    func complete(code: String, cursorPosition: Int) -> CompletionReply {
        CompletionReply(matches: ["print"], cursorStart: 0, cursorEnd: cursorPosition)
    }
    func inspect(code: String, cursorPosition: Int, detailLevel: Int) -> MIMEBundle? { MIMEBundle(plainText: "about " + code) }
    func isComplete(code: String) -> Completeness { code.hasSuffix("{") ? .incomplete(indent: "    ") : .complete }
    func interrupt() { stop.store(true, ordering: .relaxed) }
}

/// Drives a KernelServer over ipc sockets exactly as a front end would.
final class KernelServerTests: XCTestCase {
    var server: KernelServer!
    var serverThread: Thread!
    var interpreter: FakeInterpreter!
    var context: ZMQContext!
    var shell: ZMQSocket!
    var control: ZMQSocket!
    var stdin: ZMQSocket!
    var iopub: ZMQSocket!
    var hb: ZMQSocket!
    let codec = WireCodec(signer: MessageSigner(key: "test-key"))
    let exited = Flag()

    override func setUpWithError() throws {
        let dir = NSTemporaryDirectory() + "crossbar-test-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let json = #"{"transport":"ipc","ip":"\#(dir)/k","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"test-key","signature_scheme":"hmac-sha256"}"#
        let info = try ConnectionInfo(json: Array(json.utf8))
        interpreter = FakeInterpreter()
        server = try KernelServer(connection: info, interpreter: interpreter)
        let s = server!
        let flag = exited
        serverThread = Thread { _ = s.run(); flag.set() }
        serverThread.start()

        context = try ZMQContext()
        shell = try ZMQSocket(context: context, kind: .dealer)
        control = try ZMQSocket(context: context, kind: .dealer)
        stdin = try ZMQSocket(context: context, kind: .dealer)
        iopub = try ZMQSocket(context: context, kind: .sub)
        hb = try ZMQSocket(context: context, kind: .req)
        let identity = Array("client-1".utf8)
        try shell.setBytes(ZMQ_ROUTING_ID, identity)
        try stdin.setBytes(ZMQ_ROUTING_ID, identity)
        try iopub.setBytes(ZMQ_SUBSCRIBE, [])
        for socket in [shell, control, stdin, iopub, hb] { try socket!.setInt(ZMQ_RCVTIMEO, 5000) }
        try shell.connect(info.endpoint(port: 1))
        try iopub.connect(info.endpoint(port: 2))
        try stdin.connect(info.endpoint(port: 3))
        try control.connect(info.endpoint(port: 4))
        try hb.connect(info.endpoint(port: 5))
        // The welcome tells us the subscription is live, so no iopub message is lost.
        // (A "starting" status may come first if the subscription beat the server's start.)
        var welcome = try nextIOPub()
        if welcome.messageType == "status" { welcome = try nextIOPub() }
        XCTAssertEqual(welcome.messageType, "iopub_welcome")
        XCTAssertEqual(welcome.content["subscription"], "")
    }

    override func tearDown() {
        if !exited.isSet {
            try? control.send(codec.encode(request("shutdown_request", ["restart": false])))
            _ = try? control.receive()
        }
        for socket in [shell, control, stdin, iopub, hb] { socket?.close() }
        context?.terminate()
        for _ in 0..<300 where !exited.isSet { usleep(10_000) }
    }

    func request(_ type: String, _ content: JSONObject) -> Message {
        Message.make(type: type, content: content, parent: nil, session: "client-session", identities: [])
    }

    func nextIOPub() throws -> Message {
        guard let frames = try iopub.receive() else { throw ZMQError(code: EAGAIN, operation: "iopub timeout") }
        return try codec.decode(frames)
    }

    func receive(_ socket: ZMQSocket) throws -> Message {
        guard let frames = try socket.receive() else { throw ZMQError(code: EAGAIN, operation: "timeout") }
        return try codec.decode(frames)
    }

    /// iopub messages caused by `parent`, up to and including its idle status.
    func iopubUntilIdle(_ parent: Message) throws -> [Message] {
        var out: [Message] = []
        while true {
            let m = try nextIOPub()
            guard m.parentHeader["msg_id"]?.stringValue == parent.messageID else { continue }
            out.append(m)
            if m.messageType == "status", m.content["execution_state"] == "idle" { return out }
        }
    }

    func testKernelInfoOnShellAndControl() throws {
        let r1 = request("kernel_info_request", [:])
        try shell.send(codec.encode(r1))
        let reply = try receive(shell)
        XCTAssertEqual(reply.messageType, "kernel_info_reply")
        XCTAssertEqual(reply.content["protocol_version"], "5.4")
        XCTAssertEqual(reply.parentHeader["msg_id"]?.stringValue, r1.messageID)
        try control.send(codec.encode(request("kernel_info_request", [:])))
        XCTAssertEqual(try receive(control).content["implementation"], "fake")
    }

    func testExecuteOrderAndCounts() throws {
        let r = request("execute_request", ["code": "a", "silent": false, "store_history": true, "allow_stdin": false])
        try shell.send(codec.encode(r))
        let reply = try receive(shell)
        XCTAssertEqual(reply.content["status"], "ok")
        XCTAssertEqual(reply.content["execution_count"], 1)
        let types = try iopubUntilIdle(r).map(\.messageType)
        XCTAssertEqual(types, ["status", "execute_input", "stream", "display_data", "execute_result", "status"])

        // store_history false does not advance the count; silent publishes only status.
        let quiet = request("execute_request", ["code": "b", "silent": true, "store_history": true])
        try shell.send(codec.encode(quiet))
        XCTAssertEqual(try receive(shell).content["execution_count"], 1)
        XCTAssertEqual(try iopubUntilIdle(quiet).map(\.messageType), ["status", "status"])
    }

    func testBadSignatureIsDroppedAndNeverExecuted() throws {
        let forged = WireCodec(signer: MessageSigner(key: "wrong"))
        try shell.send(forged.encode(request("execute_request", ["code": "forged"])))
        try shell.send([Array("garbage".utf8)])
        try shell.send([WireCodec.delimiter, [], Array("{".utf8)])
        let good = request("execute_request", ["code": "good"])
        try shell.send(codec.encode(good))
        XCTAssertEqual(try receive(shell).parentHeader["msg_id"]?.stringValue, good.messageID)
        XCTAssertEqual(interpreter.executed, ["good"])
    }

    func testInterruptOverControlStopsARunningCell() throws {
        let spin = request("execute_request", ["code": "spin"])
        try shell.send(codec.encode(spin))
        usleep(100_000)
        let start = Date()
        try control.send(codec.encode(request("interrupt_request", [:])))
        XCTAssertEqual(try receive(control).messageType, "interrupt_reply")
        let reply = try receive(shell)
        XCTAssertEqual(reply.content["status"], "error")
        XCTAssertLessThan(Date().timeIntervalSince(start), 2.0)
    }

    func testStopOnErrorAbortsQueuedExecutes() throws {
        let spin = request("execute_request", ["code": "spin"])
        let queued = request("execute_request", ["code": "never"])
        try shell.send(codec.encode(spin))
        try shell.send(codec.encode(queued))
        usleep(100_000)
        try control.send(codec.encode(request("interrupt_request", [:])))
        _ = try receive(control)
        XCTAssertEqual(try receive(shell).content["status"], "error")
        let second = try receive(shell)
        XCTAssertEqual(second.parentHeader["msg_id"]?.stringValue, queued.messageID)
        XCTAssertEqual(second.content["status"], "aborted")
        XCTAssertFalse(interpreter.executed.contains("never"))
    }

    func testInputRoundTripAndRefusal() throws {
        let ask = request("execute_request", ["code": "ask", "allow_stdin": true])
        try shell.send(codec.encode(ask))
        let prompt = try receive(stdin)
        XCTAssertEqual(prompt.messageType, "input_request")
        XCTAssertEqual(prompt.content["prompt"], "name? ")
        try stdin.send(codec.encode(Message.make(type: "input_reply", content: ["value": "Ada"], parent: prompt, session: "c")))
        let reply = try receive(shell)
        XCTAssertEqual(reply.content["status"], "ok")
        let results = try iopubUntilIdle(ask).filter { $0.messageType == "execute_result" }
        XCTAssertEqual(results.first?.content["data"]?["text/plain"], "Ada")

        try shell.send(codec.encode(request("execute_request", ["code": "ask", "allow_stdin": false])))
        let refused = try receive(shell)
        XCTAssertEqual(refused.content["status"], "error")
        XCTAssertTrue(refused.content["evalue"]?.stringValue?.contains("allow_stdin") ?? false)
    }

    func testOtherRequests() throws {
        try shell.send(codec.encode(request("complete_request", ["code": "pri", "cursor_pos": 3])))
        XCTAssertEqual(try receive(shell).content["matches"], ["print"])
        try shell.send(codec.encode(request("inspect_request", ["code": "x", "cursor_pos": 1, "detail_level": 0])))
        XCTAssertEqual(try receive(shell).content["found"], true)
        try shell.send(codec.encode(request("is_complete_request", ["code": "f() {"])))
        let ic = try receive(shell)
        XCTAssertEqual(ic.content["status"], "incomplete")
        XCTAssertEqual(ic.content["indent"], "    ")
        try shell.send(codec.encode(request("comm_info_request", [:])))
        XCTAssertEqual(try receive(shell).content["comms"], [:])
        let page = request("execute_request", ["code": "page"])
        try shell.send(codec.encode(page))
        let pageReply = try receive(shell)
        XCTAssertEqual(pageReply.content["payload"]?.arrayValue?.first?["source"], "page")
        try shell.send(codec.encode(request("history_request", ["hist_access_type": "tail", "n": 5, "output": false, "raw": true])))
        XCTAssertEqual(try receive(shell).content["history"]?.arrayValue?.count, 1)
    }

    func testHeartbeatEchoesWhileACellRuns() throws {
        try shell.send(codec.encode(request("execute_request", ["code": "spin"])))
        usleep(50_000)
        try hb.send([Array("ping".utf8)])
        XCTAssertEqual(try hb.receive(), [Array("ping".utf8)])
        try control.send(codec.encode(request("interrupt_request", [:])))
        _ = try receive(control)
    }

    func testShutdownRepliesAndStops() throws {
        try control.send(codec.encode(request("shutdown_request", ["restart": false])))
        let reply = try receive(control)
        XCTAssertEqual(reply.messageType, "shutdown_reply")
        XCTAssertEqual(reply.content["restart"], false)
        for _ in 0..<300 where !exited.isSet { usleep(10_000) }
        XCTAssertTrue(exited.isSet)
    }
}

/// A one-way flag shared with the server thread.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
