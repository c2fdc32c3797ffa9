import Display
import XCTest
@testable import JupyterKernel

final class WireCodecTests: XCTestCase {
    let codec = WireCodec(signer: MessageSigner(key: "secret-key"))

    func sample() -> Message {
        Message.make(type: "execute_request", content: ["code": "1 + 2", "silent": false], parent: nil,
                     session: "s1", identities: [Array("client".utf8)])
    }

    func testRoundTripKeepsEveryPart() throws {
        var message = sample()
        message.buffers = [[1, 2, 3]]
        let decoded = try codec.decode(codec.encode(message))
        XCTAssertEqual(decoded.identities, [Array("client".utf8)])
        XCTAssertEqual(decoded.messageType, "execute_request")
        XCTAssertEqual(decoded.content["code"], "1 + 2")
        XCTAssertEqual(decoded.buffers, [[1, 2, 3]])
        XCTAssertEqual(decoded.header["version"], "5.4")
    }

    func testSignatureIsHexHMACSHA256() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let signer = MessageSigner(key: "Jefe")
        let sig = signer.signature(for: [Array("what do ya want ".utf8), Array("for nothing?".utf8)])
        XCTAssertEqual(String(decoding: sig, as: UTF8.self),
                       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    func testTamperedContentIsRejected() {
        var frames = codec.encode(sample())
        frames[frames.count - 1] = Array(#"{"code":"evil()"}"#.utf8)
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .invalidSignature) }
    }

    func testUpperCaseSignatureIsRejected() {
        // jupyter_client compares hex digests byte for byte; so does the kernel.
        var frames = codec.encode(sample())
        let delimiter = frames.firstIndex(of: Array("<IDS|MSG>".utf8)) ?? 0
        frames[delimiter + 1] = Array(String(decoding: frames[delimiter + 1], as: UTF8.self).uppercased().utf8)
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .invalidSignature) }
    }

    func testWrongKeyAndMissingSignatureAreRejected() {
        let other = WireCodec(signer: MessageSigner(key: "other"))
        XCTAssertThrowsError(try codec.decode(other.encode(sample()))) { XCTAssertEqual($0 as? WireError, .invalidSignature) }
        var frames = codec.encode(sample())
        frames[2] = []
        XCTAssertThrowsError(try codec.decode(frames)) { XCTAssertEqual($0 as? WireError, .invalidSignature) }
    }

    func testEmptyKeyDisablesSigning() throws {
        let open = WireCodec(signer: MessageSigner(key: ""))
        let frames = open.encode(sample())
        XCTAssertEqual(frames[2], [], "signature frame is empty without a key")
        XCTAssertEqual(try open.decode(frames).messageType, "execute_request")
    }

    func testMalformedFramesGiveSpecificErrors() {
        XCTAssertThrowsError(try codec.decode([Array("a".utf8), Array("b".utf8)])) {
            XCTAssertEqual($0 as? WireError, .missingDelimiter)
        }
        XCTAssertThrowsError(try codec.decode([WireCodec.delimiter, [], [], []])) {
            XCTAssertEqual($0 as? WireError, .tooFewFrames(3))
        }
        let unsigned = WireCodec(signer: MessageSigner(key: ""))
        let bad = [WireCodec.delimiter, [], Array("{not json".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        XCTAssertThrowsError(try unsigned.decode(bad)) {
            guard case .badJSON(let frame, _)? = $0 as? WireError else { return XCTFail("\($0)") }
            XCTAssertEqual(frame, "header")
        }
        let noType = [WireCodec.delimiter, [], Array("{}".utf8), Array("{}".utf8), Array("{}".utf8), Array("{}".utf8)]
        XCTAssertThrowsError(try unsigned.decode(noType)) { XCTAssertEqual($0 as? WireError, .missingMessageType) }
        let arrayContent = [WireCodec.delimiter, [], Array(#"{"msg_type":"x"}"#.utf8), Array("{}".utf8), Array("{}".utf8), Array("[]".utf8)]
        XCTAssertThrowsError(try unsigned.decode(arrayContent)) { XCTAssertEqual($0 as? WireError, .notAnObject(frame: "content")) }
    }

    func testReplayedSignatureIsRejectedOnceAdmitted() throws {
        let history = DigestHistory()
        let frames = codec.encode(sample())
        XCTAssertEqual(try codec.decode(frames, history: history).messageType, "execute_request")
        XCTAssertThrowsError(try codec.decode(frames, history: history)) { XCTAssertEqual($0 as? WireError, .duplicateSignature) }
        // A new message (new msg_id and date) has a new signature.
        XCTAssertNoThrow(try codec.decode(codec.encode(sample()), history: history))
        XCTAssertEqual(history.count, 2)
        // A message with a bad signature is not remembered, so it cannot block the genuine one.
        var forged = codec.encode(sample())
        let good = forged
        forged[forged.count - 1] = Array(#"{"code":"evil"}"#.utf8)
        XCTAssertThrowsError(try codec.decode(forged, history: history)) { XCTAssertEqual($0 as? WireError, .invalidSignature) }
        XCTAssertNoThrow(try codec.decode(good, history: history))
    }

    func testDigestHistoryForgetsTheOldestPastItsBound() {
        let history = DigestHistory(capacity: 20)
        for i in 0..<21 { XCTAssertTrue(history.admit(Array("sig\(i)".utf8))) }
        // Past the bound the oldest tenth (2 of 20) is forgotten, the rest kept.
        XCTAssertEqual(history.count, 19)
        XCTAssertTrue(history.admit(Array("sig0".utf8)))
        XCTAssertFalse(history.admit(Array("sig5".utf8)))
        XCTAssertFalse(history.admit(Array("sig20".utf8)))
    }

    /// Headers jupyter_client's Session would fail to read are dropped before anything runs.
    func testHeadersJupyterClientCannotReadAreRejected() throws {
        func frames(_ header: String, parent: String = "{}") -> [[UInt8]] {
            let parts = [Array(header.utf8), Array(parent.utf8), Array("{}".utf8), Array(#"{"code":"1"}"#.utf8)]
            return [WireCodec.delimiter, codec.signer.signature(for: parts)] + parts
        }
        let good = #"{"msg_id":"a","msg_type":"execute_request","session":"s","username":"u","date":"2026-12-04T18:00:00.123456Z","version":"5.4"}"#
        XCTAssertNoThrow(try codec.decode(frames(good)))
        let bad: [(String, String)] = [
            (#"{"msg_id":"a","msg_type":"execute_request","date":"2025-13-01T00:00:00Z"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","date":"2025-02-30T00:00:00"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","date":"2025-01-01T25:00:00"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","date":"0000-01-01T00:00:00"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","date":"2025-01-01T00:00:00+24:00"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","date":"2025-01-01T00:00:00\n"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","other":"٢٠١٣-07-03T16:34:52"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request"}"#, #"{"date":"2025-00-10T00:00:00Z"}"#),
            (#"{"msg_id":"a","msg_type":"execute_request","date":17}"#, "{}"),
            (#"{"msg_id":7,"msg_type":"execute_request"}"#, "{}"),
            (#"{"msg_type":"execute_request"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"made_up_request"}"#, "{}"),
            (#"{"msg_id":"a","msg_type":"execute_request","version":"five"}"#, "{}"),
        ]
        for (header, parent) in bad {
            XCTAssertThrowsError(try codec.decode(frames(header, parent: parent), acceptedTypes: HeaderValidation.knownRequestTypes),
                                 header) { error in
                guard case .invalidHeader? = error as? WireError else { return XCTFail("\(header): \(error)") }
            }
        }
        // Strings that only look a little like dates are left alone, as jupyter_client leaves them.
        let notDates = #"{"msg_id":"2025-13-01","msg_type":"execute_request","session":"2025-13-01T00:00","username":"2025-13-01T00:00:00.1234567"}"#
        XCTAssertNoThrow(try codec.decode(frames(notDates)))
        XCTAssertTrue(HeaderValidation.isValidTimestamp("2024-02-29T23:59:59.5+05:30"))
        XCTAssertFalse(HeaderValidation.isValidTimestamp("2023-02-29T00:00:00"))
    }

    func testOversizedMessageIsRejectedBeforeParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: WireCodec.maxMessageBytes + 1)
        XCTAssertThrowsError(try codec.decode([WireCodec.delimiter, [], huge, [], [], []])) {
            XCTAssertEqual($0 as? WireError, .tooLarge(WireCodec.maxMessageBytes + 1 + WireCodec.delimiter.count))
        }
    }

    func testTimestampIsISO8601WithZone() {
        let stamp = isoTimestamp()
        XCTAssertEqual(stamp.count, 27, stamp)
        XCTAssertTrue(stamp.hasSuffix("Z"))
        XCTAssertEqual(Array(stamp)[10], "T")
    }
}

final class ConnectionInfoTests: XCTestCase {
    func testParsesTCPAndIPC() throws {
        let tcp = try ConnectionInfo(json: Array(#"{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256"}"#.utf8))
        XCTAssertEqual(tcp.endpoint(port: tcp.shellPort), "tcp://127.0.0.1:1")
        XCTAssertFalse(tcp.usesCurve)
        let ipc = try ConnectionInfo(json: Array(#"{"transport":"ipc","ip":"/tmp/k","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"key":""}"#.utf8))
        XCTAssertEqual(ipc.endpoint(port: ipc.hbPort), "ipc:///tmp/k-5")
    }

    func testClearErrorsForBadFiles() {
        XCTAssertThrowsError(try ConnectionInfo(json: Array("{".utf8))) { XCTAssertTrue("\($0)".contains("not valid JSON")) }
        XCTAssertThrowsError(try ConnectionInfo(json: Array(#"{"shell_port":1}"#.utf8))) {
            XCTAssertTrue("\($0)".contains("iopub_port"), "\($0)")
        }
        XCTAssertThrowsError(try ConnectionInfo(json: Array(#"{"transport":"udp","shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5}"#.utf8))) {
            XCTAssertTrue("\($0)".contains("udp"))
        }
        XCTAssertThrowsError(try ConnectionInfo(json: Array(#"{"shell_port":1,"iopub_port":2,"stdin_port":3,"control_port":4,"hb_port":5,"curve_secretkey":"short"}"#.utf8))) {
            XCTAssertTrue("\($0)".contains("40-character"))
        }
    }
}

final class HistoryTests: XCTestCase {
    func makeHistory() -> History {
        var h = History()
        for (i, code) in ["1 + 2", "let x = 1", "1 + 2", "1 + 3", "print(x)"].enumerated() { h.record(line: i + 1, input: code) }
        h.recordOutput(line: 1, output: "3")
        return h
    }

    func testTailRangeAndSearch() {
        let h = makeHistory()
        XCTAssertEqual(h.tail(2).map(\.input), ["1 + 3", "print(x)"])
        XCTAssertEqual(h.range(session: 0, start: 2, stop: 4).map(\.line), [2, 3])
        XCTAssertEqual(h.range(session: 7, start: 1, stop: nil).count, 0)
        XCTAssertEqual(h.search(pattern: "1 +*", unique: false, n: nil).map(\.line), [1, 3, 4])
        XCTAssertEqual(h.search(pattern: "1 +*", unique: true, n: nil).map(\.line), [3, 4])
        XCTAssertEqual(h.search(pattern: "1 +*", unique: false, n: 2).map(\.line), [3, 4])
    }

    func testRowsWithOutput() {
        let rows = History.rows(makeHistory().tail(5), includeOutput: true)
        XCTAssertEqual(rows.arrayValue?.first, [1, 1, ["1 + 2", "3"]])
    }
}

final class JSONTests: XCTestCase {
    func testParsesAndSerialisesUnicodeAndEscapes() throws {
        let text = #"{"a":[1,2.5,-3e2,true,null],"s":"line\nquote\" é \ud83d\ude00 \u0001"}"#
        let value = try JSONValue.parse(text)
        XCTAssertEqual(value["s"]?.stringValue, "line\nquote\" é 😀 \u{1}")
        XCTAssertEqual(value["a"]?.arrayValue?.count, 5)
        XCTAssertEqual(try JSONValue.parse(value.serialized()), value)
    }

    func testRejectsGarbageWithoutCrashing() {
        for bad in ["", "{", "[1,", "{\"a\" 1}", "tru", "\"\\x\"", "01x", String(repeating: "[", count: 100_000)] {
            XCTAssertThrowsError(try JSONValue.parse(bad), bad.prefix(20).description)
        }
    }
}
