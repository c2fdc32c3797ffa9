/// The signatures of the messages the kernel has accepted, so that a signed message sent a second
/// time (a replay by anyone who saw the traffic) is refused, as jupyter_client's Session refuses a
/// "Duplicate Signature". HMAC-SHA256 over the header makes every genuine message's signature
/// unique: a client never sends the same one twice.
///
/// Bounded like ipykernel's history (2^16 signatures); past the bound the oldest tenth is
/// forgotten (oldest first rather than at random, so the behaviour is reproducible). Used from the
/// socket thread only, where every message is decoded.
public final class DigestHistory {
    public let capacity: Int
    private var seen: Set<[UInt8]> = []
    /// Arrival order, for forgetting the oldest; `head` is the index of the oldest still kept.
    private var order: [[UInt8]] = []
    private var head = 0

    public init(capacity: Int = 1 << 16) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { seen.count }

    /// Records the signature; false when it was seen before (the message is a replay).
    public func admit(_ signature: [UInt8]) -> Bool {
        guard seen.insert(signature).inserted else { return false }
        order.append(signature)
        if seen.count > capacity { forgetOldest(max(1, capacity / 10)) }
        return true
    }

    private func forgetOldest(_ n: Int) {
        let end = min(order.count, head + n)
        for i in head..<end { seen.remove(order[i]) }
        head = end
        // Compact once the forgotten prefix is as long as what is kept.
        if head > order.count / 2 {
            order.removeFirst(head)
            head = 0
        }
    }
}
