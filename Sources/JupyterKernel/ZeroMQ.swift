import CZeroMQ

#if canImport(Glibc)
import Glibc
#endif

/// A libzmq failure, with the library's own text.
public struct ZMQError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let operation: String
    public var description: String {
        let text = zmq_strerror(code).map { String(cString: $0) } ?? "unknown error"
        return "\(operation): \(text) (errno \(code))"
    }
    static func last(_ operation: String) -> ZMQError { ZMQError(code: zmq_errno(), operation: operation) }
    var isInterruptedOrAgain: Bool { code == EINTR || code == EAGAIN }
}

/// Owns a libzmq context. All unsafe pointer work with libzmq lives in this file.
final class ZMQContext: @unchecked Sendable {
    // A zmq context is thread safe by libzmq's contract; sockets are not and never leave their thread.
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let h = zmq_ctx_new() else { throw ZMQError.last("zmq_ctx_new") }
        handle = h
    }

    /// Terminates the context; blocks until every socket is closed.
    func terminate() { _ = zmq_ctx_term(handle) }

    /// Whether libzmq was built with CurveZMQ support.
    static var hasCurve: Bool { zmq_has("curve") != 0 }
}

/// The socket kinds the kernel uses.
enum ZMQSocketKind {
    case router, xpub, rep, push, pull, pair
    // Client-side kinds, used by tests that drive the server like a front end.
    case dealer, sub, req
    var raw: Int32 {
        switch self {
        case .dealer: return ZMQ_DEALER
        case .sub: return ZMQ_SUB
        case .req: return ZMQ_REQ
        case .router: return ZMQ_ROUTER
        case .xpub: return ZMQ_XPUB
        case .rep: return ZMQ_REP
        case .push: return ZMQ_PUSH
        case .pull: return ZMQ_PULL
        case .pair: return ZMQ_PAIR
        }
    }
}

/// One libzmq socket. Not thread safe: each socket is used by exactly one thread.
final class ZMQSocket: @unchecked Sendable {
    // @unchecked: a socket is created on one thread and handed once to the thread that uses it.
    private(set) var handle: UnsafeMutableRawPointer?

    init(context: ZMQContext, kind: ZMQSocketKind) throws {
        guard let h = zmq_socket(context.handle, kind.raw) else { throw ZMQError.last("zmq_socket") }
        handle = h
        try setInt(ZMQ_LINGER, 500)
    }

    deinit { close() }

    func close() {
        if let h = handle {
            _ = zmq_close(h)
            handle = nil
        }
    }

    func setInt(_ option: Int32, _ value: Int32) throws {
        var v = value
        let rc = zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size)
        if rc != 0 { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    func setInt64(_ option: Int32, _ value: Int64) throws {
        var v = value
        let rc = zmq_setsockopt(handle, option, &v, MemoryLayout<Int64>.size)
        if rc != 0 { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    func setBytes(_ option: Int32, _ bytes: [UInt8]) throws {
        let rc = bytes.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        if rc != 0 { throw ZMQError.last("zmq_setsockopt(\(option))") }
    }

    /// Makes this socket a CurveZMQ server with the given Z85-encoded secret key (40 characters).
    func makeCurveServer(secretKeyZ85: String) throws {
        try setInt(ZMQ_CURVE_SERVER, 1)
        try setBytes(ZMQ_CURVE_SECRETKEY, Array(secretKeyZ85.utf8))
    }

    /// Binds to an endpoint such as `tcp://127.0.0.1:5555` or `ipc:///tmp/kernel-1`.
    func bind(_ endpoint: String) throws {
        if zmq_bind(handle, endpoint) != 0 { throw ZMQError.last("zmq_bind(\(endpoint))") }
    }

    func connect(_ endpoint: String) throws {
        if zmq_connect(handle, endpoint) != 0 { throw ZMQError.last("zmq_connect(\(endpoint))") }
    }

    /// The endpoint actually bound (resolves port 0 / wildcard binds).
    func lastEndpoint() -> String? {
        var buffer = [CChar](repeating: 0, count: 512)
        var size = buffer.count
        let rc = buffer.withUnsafeMutableBytes { zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, $0.baseAddress, &size) }
        guard rc == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends all frames as one multipart message. Retries on EINTR.
    func send(_ frames: [[UInt8]], dontWait: Bool = false) throws {
        for (i, frame) in frames.enumerated() {
            var flags: Int32 = i < frames.count - 1 ? ZMQ_SNDMORE : 0
            if dontWait { flags |= ZMQ_DONTWAIT }
            while true {
                let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
                if rc >= 0 { break }
                let err = ZMQError.last("zmq_send")
                if err.code == EINTR { continue }
                throw err
            }
        }
    }

    /// Receives one whole multipart message; `nil` when `dontWait` and nothing is queued.
    func receive(dontWait: Bool = false) throws -> [[UInt8]]? {
        var frames: [[UInt8]] = []
        while true {
            var msg = zmq_msg_t()
            zmq_msg_init(&msg)
            defer { zmq_msg_close(&msg) }
            let rc = zmq_msg_recv(&msg, handle, dontWait && frames.isEmpty ? ZMQ_DONTWAIT : 0)
            if rc < 0 {
                let err = ZMQError.last("zmq_msg_recv")
                if err.code == EAGAIN && frames.isEmpty { return nil }
                if err.code == EINTR { continue }
                throw err
            }
            let size = zmq_msg_size(&msg)
            if size > 0, let data = zmq_msg_data(&msg) {
                frames.append(Array(UnsafeRawBufferPointer(start: data, count: size)))
            } else {
                frames.append([])
            }
            if zmq_msg_more(&msg) == 0 { return frames }
        }
    }
}

/// Waits on several sockets at once.
struct ZMQPoller {
    private var items: [zmq_pollitem_t]

    init(_ sockets: [ZMQSocket]) {
        items = sockets.map { zmq_pollitem_t(socket: $0.handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0) }
    }

    /// Polls with a timeout in milliseconds (-1 waits forever) and returns which sockets are readable.
    mutating func poll(timeoutMilliseconds: Int) -> [Bool] {
        let rc = items.withUnsafeMutableBufferPointer { zmq_poll($0.baseAddress, Int32($0.count), timeoutMilliseconds) }
        if rc <= 0 { return Array(repeating: false, count: items.count) }
        return items.map { ($0.revents & Int16(ZMQ_POLLIN)) != 0 }
    }
}

/// Runs libzmq's built-in echo for the heartbeat: every frame received is sent straight back.
/// Blocks until the context is terminated.
func runHeartbeatEcho(_ socket: ZMQSocket) {
    while true {
        do {
            guard let frames = try socket.receive() else { continue }
            try socket.send(frames)
        } catch let error as ZMQError {
            if error.code == EINTR { continue }
            return  // ETERM: the kernel is shutting down.
        } catch {
            return
        }
    }
}
