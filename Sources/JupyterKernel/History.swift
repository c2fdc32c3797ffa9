import Display
#if canImport(Glibc)
import Glibc
#endif

/// In-memory input history of this kernel session, answering history_request the way IPython's
/// history manager does (tail, range, glob search with `unique` and `n`).
public struct History: Sendable {
    public struct Entry: Sendable, Equatable {
        public let session: Int
        public let line: Int
        public let input: String
        public var output: String?
    }

    /// This process's session number; history is not persisted, so it is always 1.
    public let session = 1
    public private(set) var entries: [Entry] = []

    public init() {}

    /// Records an input under its execution count.
    public mutating func record(line: Int, input: String) {
        entries.append(Entry(session: session, line: line, input: input, output: nil))
    }

    /// Attaches the plain-text result to the entry for `line`.
    public mutating func recordOutput(line: Int, output: String) {
        if let i = entries.lastIndex(where: { $0.line == line }) { entries[i].output = output }
    }

    /// The last `n` entries.
    public func tail(_ n: Int) -> [Entry] {
        Array(entries.suffix(max(0, n)))
    }

    /// Entries of `session` (0 or this session) with `start <= line < stop`; `stop` nil means to the end.
    public func range(session requested: Int, start: Int, stop: Int?) -> [Entry] {
        guard requested == 0 || requested == session else { return [] }
        return entries.filter { entry in entry.line >= start && (stop.map { entry.line < $0 } ?? true) }
    }

    /// Entries whose input matches a glob pattern; `unique` keeps the last of equal inputs;
    /// `n` keeps the last n matches. Results stay in chronological order.
    public func search(pattern: String, unique: Bool, n: Int?) -> [Entry] {
        var matches = entries.filter { History.glob(pattern, $0.input) }
        if unique {
            var seen = Set<String>()
            var kept: [Entry] = []
            for e in matches.reversed() where !seen.contains(e.input) {
                seen.insert(e.input)
                kept.append(e)
            }
            matches = kept.reversed()
        }
        if let n, n >= 0 { matches = Array(matches.suffix(n)) }
        return matches
    }

    static func glob(_ pattern: String, _ text: String) -> Bool {
        fnmatch(pattern, text, 0) == 0
    }

    /// The history_reply rows: `[session, line, input]` or `[session, line, [input, output]]`.
    public static func rows(_ entries: [Entry], includeOutput: Bool) -> JSONValue {
        .array(entries.map { e in
            let payload: JSONValue = includeOutput
                ? .array([.string(e.input), e.output.map(JSONValue.string) ?? .null]) : .string(e.input)
            return .array([.int(e.session), .int(e.line), payload])
        })
    }
}
