import CZeroMQ
import Display
import Foundation
import XCTest
@testable import JupyterKernel

/// CurveZMQ transport encryption: with curve keys in the connection file every socket is a
/// CURVE server; clients holding the server's public key get through, others do not.
final class CurveTests: XCTestCase {
    func keypair() throws -> (public: String, secret: String) {
        var pub = [CChar](repeating: 0, count: 41), sec = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&pub, &sec) == 0 else { throw XCTSkip("libzmq without CURVE") }
        func text(_ chars: [CChar]) -> String { String(decoding: chars.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return (text(pub), text(sec))
    }

    func testEncryptedSocketsServeKeyHoldersOnly() throws {
        try XCTSkipUnless(ZMQContext.hasCurve, "libzmq without CURVE")
        let server = try keypair(), client = try keypair()
        let dir = NSTemporaryDirectory() + "crossbar-curve-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let json = #"{"transport":"ipc","ip":"\#(dir)/k","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256","curve_publickey":"\#(server.public)","curve_secretkey":"\#(server.secret)"}"#
        let info = try ConnectionInfo(json: Array(json.utf8))
        XCTAssertTrue(info.usesCurve)
        let kernel = try KernelServer(connection: info, interpreter: FakeInterpreter())
        let done = Flag()
        Thread { _ = kernel.run(); done.set() }.start()
        let codec = WireCodec(signer: MessageSigner(key: "k"))
        let ctx = try ZMQContext()

        func clientSocket(_ kind: ZMQSocketKind, port: Int, withKeys: Bool) throws -> ZMQSocket {
            let s = try ZMQSocket(context: ctx, kind: kind)
            if withKeys {
                try s.setBytes(ZMQ_CURVE_SERVERKEY, Array(server.public.utf8))
                try s.setBytes(ZMQ_CURVE_PUBLICKEY, Array(client.public.utf8))
                try s.setBytes(ZMQ_CURVE_SECRETKEY, Array(client.secret.utf8))
            }
            try s.setInt(ZMQ_RCVTIMEO, withKeys ? 5000 : 700)
            try s.connect(info.endpoint(port: port))
            return s
        }

        let shell = try clientSocket(.dealer, port: 1, withKeys: true)
        let request = Message.make(type: "execute_request", content: ["code": "x"], parent: nil, session: "c")
        try shell.send(codec.encode(request))
        let reply = try shell.receive().map { try codec.decode($0) }
        XCTAssertEqual(reply?.content["status"], "ok")

        let hb = try clientSocket(.req, port: 5, withKeys: true)
        try hb.send([Array("ping".utf8)])
        XCTAssertEqual(try hb.receive(), [Array("ping".utf8)])

        // Without the server key the handshake never completes: nothing is executed or answered.
        let intruder = try clientSocket(.dealer, port: 1, withKeys: false)
        try intruder.send(codec.encode(Message.make(type: "kernel_info_request", content: [:], parent: nil, session: "i")), dontWait: true)
        XCTAssertNil(try? intruder.receive() ?? nil)
        let plainHB = try clientSocket(.req, port: 5, withKeys: false)
        try? plainHB.send([Array("ping".utf8)], dontWait: true)
        XCTAssertNil(try? plainHB.receive() ?? nil)

        let control = try clientSocket(.dealer, port: 4, withKeys: true)
        try control.send(codec.encode(Message.make(type: "shutdown_request", content: ["restart": false], parent: nil, session: "c")))
        XCTAssertEqual(try control.receive().map { try codec.decode($0).messageType }, "shutdown_reply")
        for s in [shell, hb, intruder, plainHB, control] { s.close() }
        ctx.terminate()
        for _ in 0..<300 where !done.isSet { usleep(10_000) }
        XCTAssertTrue(done.isSet)
    }
}
