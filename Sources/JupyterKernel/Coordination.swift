import Foundation

/// A blocking FIFO of shell requests, handed from the socket thread to the execution thread.
/// `nil` (sent by `close`) tells the execution thread to stop.
final class RequestQueue: @unchecked Sendable {
    // @unchecked: every access to `items`/`closed` happens under `condition`.
    private let condition = NSCondition()
    private var items: [Message] = []
    private var closed = false

    func put(_ message: Message) {
        condition.lock()
        items.append(message)
        condition.signal()
        condition.unlock()
    }

    /// Waits for the next request; nil once closed.
    func take() -> Message? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if closed { return nil }
        return items.removeFirst()
    }

    /// Everything queued right now, without waiting (used to abort queued executes after an error).
    func drain() -> [Message] {
        condition.lock()
        defer { condition.unlock() }
        let all = items
        items.removeAll()
        return all
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Where an input_reply arriving on stdin meets the cell waiting in `readLine`.
final class InputMailbox: @unchecked Sendable {
    // @unchecked: all state is guarded by `condition`.
    enum Outcome { case value(String), interrupted, shuttingDown }

    private let condition = NSCondition()
    private var waiting = false
    private var outcome: Outcome?
    private var shuttingDown = false

    /// Called by the execution thread after sending input_request; blocks until an answer.
    func wait() -> Outcome {
        condition.lock()
        defer { condition.unlock() }
        if shuttingDown { return .shuttingDown }
        waiting = true
        outcome = nil
        while outcome == nil { condition.wait() }
        waiting = false
        let result = outcome ?? .interrupted
        outcome = nil
        return result
    }

    /// An input_reply arrived. Replies nobody waits for are dropped (and reported to the caller).
    @discardableResult
    func deliver(_ value: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard waiting else { return false }
        outcome = .value(value)
        condition.broadcast()
        return true
    }

    /// An interrupt arrived while (possibly) waiting for input.
    func interrupt() {
        condition.lock()
        if waiting { outcome = .interrupted }
        condition.broadcast()
        condition.unlock()
    }

    func shutDown() {
        condition.lock()
        shuttingDown = true
        if waiting { outcome = .shuttingDown }
        condition.broadcast()
        condition.unlock()
    }
}

/// Stream text waiting to be published. The execution thread appends; whichever of the execution
/// thread (before any other output, and at the end of a cell) or the socket thread (when text
/// has waited a little) comes first takes it and publishes it. Coalescing keeps a tight `print`
/// loop from flooding the front end with one message per line.
final class StreamBuffer: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    struct Chunk {
        var name: String
        var text: String
    }

    private let lock = NSLock()
    private var chunks: [Chunk] = []
    private var parent: Message?
    private var firstWrite: UInt64 = 0
    private var bytes = 0

    /// Appends text; returns true when so much is waiting that the caller should flush now.
    func append(name: String, text: String, parent: Message) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if chunks.isEmpty { firstWrite = DispatchTime.now().uptimeNanoseconds }
        self.parent = parent
        if let last = chunks.indices.last, chunks[last].name == name {
            chunks[last].text += text
        } else {
            chunks.append(Chunk(name: name, text: text))
        }
        bytes += text.utf8.count
        return bytes > 256 * 1024
    }

    /// Takes everything waiting (if it has waited at least `minimumAge` nanoseconds).
    func take(minimumAge: UInt64 = 0) -> (parent: Message, chunks: [Chunk])? {
        lock.lock()
        defer { lock.unlock() }
        guard !chunks.isEmpty, let parent else { return nil }
        if minimumAge > 0 && DispatchTime.now().uptimeNanoseconds - firstWrite < minimumAge { return nil }
        let taken = chunks
        chunks.removeAll()
        bytes = 0
        return (parent, taken)
    }
}
