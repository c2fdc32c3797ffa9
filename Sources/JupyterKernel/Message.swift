import Display
import Foundation

/// One Jupyter message as the kernel sees it, decoded from (or to be encoded into) the wire frames
/// `[identities…] <IDS|MSG> signature header parent_header metadata content [buffers…]`.
public struct Message: Sendable {
    /// ZeroMQ routing identities (ROUTER sockets) or the topic (iopub).
    public var identities: [[UInt8]]
    public var header: JSONObject
    public var parentHeader: JSONObject
    public var metadata: JSONObject
    public var content: JSONObject
    public var buffers: [[UInt8]]

    public init(identities: [[UInt8]] = [], header: JSONObject, parentHeader: JSONObject = JSONObject(),
                metadata: JSONObject = JSONObject(), content: JSONObject, buffers: [[UInt8]] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    /// The header's `msg_type`.
    public var messageType: String { header["msg_type"]?.stringValue ?? "" }
    /// The header's `msg_id`.
    public var messageID: String { header["msg_id"]?.stringValue ?? "" }

    /// A new message of the given type, in reply to (or caused by) `parent`.
    public static func make(type: String, content: JSONObject, parent: Message?, session: String,
                            identities: [[UInt8]]? = nil) -> Message {
        let header: JSONObject = [
            "msg_id": .string(UUID().uuidString.lowercased()),
            "session": .string(session),
            "username": "crossbar",
            "date": .string(isoTimestamp()),
            "msg_type": .string(type),
            "version": "5.4",
        ]
        return Message(identities: identities ?? parent?.identities ?? [], header: header,
                       parentHeader: parent?.header ?? JSONObject(), content: content)
    }
}

/// Why an incoming multipart message was dropped.
public enum WireError: Error, Equatable, CustomStringConvertible, Sendable {
    case missingDelimiter
    case tooFewFrames(Int)
    case invalidSignature
    case badJSON(frame: String, detail: String)
    case notAnObject(frame: String)
    case missingMessageType
    case tooLarge(Int)
    /// The signature of a message accepted before: a replay.
    case duplicateSignature
    /// A header jupyter_client would not read (see `HeaderValidation`).
    case invalidHeader(String)

    public var description: String {
        switch self {
        case .missingDelimiter: return "missing delimiter <IDS|MSG>"
        case .tooFewFrames(let n): return "too few frames after the delimiter (\(n), need 5)"
        case .invalidSignature: return "invalid signature"
        case .badJSON(let frame, let detail): return "bad JSON in \(frame): \(detail)"
        case .notAnObject(let frame): return "\(frame) is not a JSON object"
        case .missingMessageType: return "header has no msg_type"
        case .tooLarge(let n): return "message of \(n) bytes exceeds the \(WireCodec.maxMessageBytes)-byte limit"
        case .duplicateSignature: return "duplicate signature (a replayed message)"
        case .invalidHeader(let why): return "invalid header: \(why)"
        }
    }
}

/// Encodes and decodes the multipart wire format, signing and verifying with HMAC-SHA256.
public struct WireCodec: Sendable {
    public static let delimiter: [UInt8] = Array("<IDS|MSG>".utf8)
    /// Larger messages are dropped: no cell, reply or comm a kernel serves comes near this.
    public static let maxMessageBytes = 32 * 1024 * 1024

    public let signer: MessageSigner

    public init(signer: MessageSigner) { self.signer = signer }

    /// Checks the signature first (so unsigned garbage is never even parsed), then, with a
    /// history, that the signature is new (no replays), then the JSON and the header; with
    /// `acceptedTypes`, that the message is of one of those types.
    public func decode(_ frames: [[UInt8]], history: DigestHistory? = nil,
                       acceptedTypes: Set<String>? = nil) throws -> Message {
        let total = frames.reduce(0) { $0 + $1.count }
        guard total <= WireCodec.maxMessageBytes else { throw WireError.tooLarge(total) }
        guard let d = frames.firstIndex(of: WireCodec.delimiter) else { throw WireError.missingDelimiter }
        let rest = frames.count - d - 1
        guard rest >= 5 else { throw WireError.tooFewFrames(rest) }
        let signature = frames[d + 1]
        let signed = Array(frames[(d + 2)...(d + 5)])
        guard signer.verify(signature: signature, frames: signed) else { throw WireError.invalidSignature }
        // Without a key every signature is empty: there is nothing to tell messages apart by.
        if let history, signer.isEnabled, !history.admit(signature) { throw WireError.duplicateSignature }

        func object(_ bytes: [UInt8], _ name: String) throws -> JSONObject {
            let value: JSONValue
            do { value = try JSONValue.parse(bytes) } catch {
                throw WireError.badJSON(frame: name, detail: "\(error)")
            }
            guard let o = value.objectValue else { throw WireError.notAnObject(frame: name) }
            return o
        }
        let header = try object(signed[0], "header")
        guard header["msg_type"]?.stringValue != nil else { throw WireError.missingMessageType }
        let parentHeader = try object(signed[1], "parent_header")
        let metadata = try object(signed[2], "metadata")
        let content = try object(signed[3], "content")
        if let why = HeaderValidation.problem(header: header, parentHeader: parentHeader, acceptedTypes: acceptedTypes) {
            throw WireError.invalidHeader(why)
        }
        return Message(identities: Array(frames[..<d]), header: header, parentHeader: parentHeader,
                       metadata: metadata, content: content, buffers: Array(frames[(d + 6)...]))
    }

    /// The frames to send for a message, signature included.
    public func encode(_ message: Message) -> [[UInt8]] {
        let parts = [
            JSONValue.object(message.header).serializedBytes(),
            JSONValue.object(message.parentHeader).serializedBytes(),
            JSONValue.object(message.metadata).serializedBytes(),
            JSONValue.object(message.content).serializedBytes(),
        ]
        var frames = message.identities
        frames.append(WireCodec.delimiter)
        frames.append(signer.signature(for: parts))
        frames.append(contentsOf: parts)
        frames.append(contentsOf: message.buffers)
        return frames
    }
}

/// ISO 8601 with microseconds and a UTC offset, as jupyter_client writes dates.
func isoTimestamp() -> String {
    var tv = timeval()
    gettimeofday(&tv, nil)
    var seconds = tv.tv_sec
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func pad(_ v: Int32, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }
    return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
        + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(tv.tv_usec), 6))Z"
}
