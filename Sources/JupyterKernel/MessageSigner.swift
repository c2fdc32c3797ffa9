import COpenSSL

/// Signs and verifies Jupyter messages with HMAC-SHA256 (OpenSSL's libcrypto).
/// An empty key disables signing, as the protocol says: the signature frame is then empty
/// and any signature is accepted.
/// All unsafe pointer work with libcrypto lives in this file.
public struct MessageSigner: Sendable {
    private let key: [UInt8]

    public init(key: String) { self.key = Array(key.utf8) }

    /// Whether messages are signed at all.
    public var isEnabled: Bool { !key.isEmpty }

    /// Lowercase hex HMAC-SHA256 over the concatenated frames; empty when signing is off.
    public func signature(for frames: [[UInt8]]) -> [UInt8] {
        guard isEnabled else { return [] }
        guard let digest = hmac(frames) else { return [] }
        return MessageSigner.hex(digest)
    }

    /// Verifies a received signature in constant time.
    public func verify(signature: [UInt8], frames: [[UInt8]]) -> Bool {
        guard isEnabled else { return true }
        guard signature.count == 64, let digest = hmac(frames) else { return false }
        let expected = MessageSigner.hex(digest)
        // Constant time: look at every byte whatever the first mismatch, so timing reveals nothing.
        // Exact bytes, as jupyter_client compares them: an upper-case hex digest is not the signature.
        var difference: UInt8 = 0
        for i in 0..<64 { difference |= expected[i] ^ signature[i] }
        return difference == 0
    }

    private func hmac(_ frames: [[UInt8]]) -> [UInt8]? {
        // One-shot HMAC() is OpenSSL 3's non-deprecated entry point; the frames are small
        // (oversized messages are rejected before verification), so joining them is cheap.
        var joined = [UInt8]()
        joined.reserveCapacity(frames.reduce(0) { $0 + $1.count })
        for frame in frames { joined.append(contentsOf: frame) }
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { k in
            joined.withUnsafeBufferPointer { d in
                out.withUnsafeMutableBufferPointer { o in
                    HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), d.baseAddress, d.count, o.baseAddress, &length)
                }
            }
        }
        guard result != nil, length == 32 else { return nil }
        return out
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func hex(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 0x0F)])
        }
        return out
    }

}
