import Display

/// Checks an incoming message's header and parent header the way jupyter_client's Session reads
/// them, so that the kernel never accepts (and then echoes, as the parent of its replies and iopub
/// messages) a header that every connected client would fail to parse.
///
/// jupyter_client turns every string in a header that looks like an ISO 8601 timestamp into a
/// `datetime` (`extract_dates`), reads `msg_id` and `msg_type`, and takes the protocol major
/// version from `version`; a header whose date says month 13 raises in every client's receive loop.
enum HeaderValidation {
    /// The message types a kernel is sent on shell, control and stdin.
    static let knownRequestTypes: Set<String> = [
        "execute_request", "inspect_request", "complete_request", "history_request",
        "is_complete_request", "comm_info_request", "kernel_info_request", "shutdown_request",
        "interrupt_request", "debug_request", "input_reply", "comm_open", "comm_msg", "comm_close",
    ]

    /// Why the header or parent header would not be read by jupyter_client, or nil when both would.
    /// `acceptedTypes`, when given, are the message types the receiver serves (the kernel: requests).
    static func problem(header: JSONObject, parentHeader: JSONObject, acceptedTypes: Set<String>?) -> String? {
        guard let type = header["msg_type"]?.stringValue else { return "header has no msg_type string" }
        guard header["msg_id"]?.stringValue != nil else { return "header has no msg_id string" }
        if let acceptedTypes, !acceptedTypes.contains(type) { return "unknown message type '\(type)'" }
        for field in ["session", "username", "date", "version"] {
            if let v = header[field], v.stringValue == nil { return "header field '\(field)' is not a string" }
        }
        if let version = header["version"]?.stringValue, !hasIntegerMajor(version) {
            return "header version '\(version)' has no integer major version"
        }
        if let bad = invalidTimestamp(in: .object(header)) { return "header holds an invalid timestamp '\(bad)'" }
        if let bad = invalidTimestamp(in: .object(parentHeader)) { return "parent_header holds an invalid timestamp '\(bad)'" }
        return nil
    }

    /// jupyter_client takes `int(version.split(".")[0])`; we accept ASCII digits only.
    static func hasIntegerMajor(_ version: String) -> Bool {
        let major = version.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return !major.isEmpty && major.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The first string, anywhere in the value, that jupyter_client would take for a timestamp
    /// but could not turn into a date.
    static func invalidTimestamp(in value: JSONValue) -> String? {
        switch value {
        case .string(let s):
            return looksLikeTimestamp(s) && !isValidTimestamp(s) ? s : nil
        case .array(let items):
            for item in items { if let bad = invalidTimestamp(in: item) { return bad } }
            return nil
        case .object(let o):
            for (_, v) in o { if let bad = invalidTimestamp(in: v) { return bad } }
            return nil
        default:
            return nil
        }
    }

    /// Python's `re` reads `\d` as any Unicode decimal digit and lets `$` match before a final
    /// newline: `ISO8601_PAT` matches more than ASCII timestamps, so this does too.
    private static func isDecimalDigit(_ c: Unicode.Scalar) -> Bool { c.properties.numericType == .decimal }

    /// Matches `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:?\d{2})?$` as Python does.
    static func looksLikeTimestamp(_ s: String) -> Bool { parse(s, asciiOnly: false) != nil }

    /// A timestamp dateutil's `isoparse` reads: ASCII digits, real calendar values, no trailing newline.
    static func isValidTimestamp(_ s: String) -> Bool {
        guard let t = parse(s, asciiOnly: true), !t.trailingNewline else { return false }
        guard t.year >= 1, (1...12).contains(t.month), t.hour <= 23, t.minute <= 59, t.second <= 59 else { return false }
        guard t.day >= 1, t.day <= daysIn(month: t.month, year: t.year) else { return false }
        if let (h, m) = t.offset, h > 23 || m > 59 { return false }
        return true
    }

    struct Timestamp {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var offset: (Int, Int)?
        var trailingNewline = false
    }

    private static func parse(_ s: String, asciiOnly: Bool) -> Timestamp? {
        var scalars = Array(s.unicodeScalars)
        var t = Timestamp()
        if scalars.last == "\n" { scalars.removeLast(); t.trailingNewline = true }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= scalars.count else { return nil }
            var v = 0
            for k in i..<(i + n) {
                let c = scalars[k]
                guard isDecimalDigit(c) else { return nil }
                if asciiOnly && !c.isASCII { return nil }
                v = v * 10 + Int(c.properties.numericValue ?? 0)
            }
            i += n
            return v
        }
        func literal(_ c: Unicode.Scalar) -> Bool {
            guard i < scalars.count, scalars[i] == c else { return false }
            i += 1
            return true
        }
        guard let y = digits(4), literal("-"), let mo = digits(2), literal("-"), let d = digits(2), literal("T"),
              let h = digits(2), literal(":"), let mi = digits(2), literal(":"), let se = digits(2) else { return nil }
        (t.year, t.month, t.day, t.hour, t.minute, t.second) = (y, mo, d, h, mi, se)
        if literal(".") {
            var count = 0
            while i < scalars.count, isDecimalDigit(scalars[i]), count < 6 {
                if asciiOnly && !scalars[i].isASCII { return nil }
                i += 1
                count += 1
            }
            if count == 0 { return nil }
        }
        if literal("Z") {
        } else if i < scalars.count, scalars[i] == "+" || scalars[i] == "-" {
            i += 1
            guard let oh = digits(2) else { return nil }
            _ = literal(":")
            guard let om = digits(2) else { return nil }
            t.offset = (oh, om)
        }
        return i == scalars.count ? t : nil
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
