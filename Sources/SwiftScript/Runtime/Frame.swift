/// The variables of one function call (or of a cell's nested blocks): slots resolved at compile
/// time, with the frame of the enclosing function for closures. Header and slots share one
/// allocation, since a frame is made for every call.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    static func make(size: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(parent: parent, size: size) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .uninitialized, count: size) }
        return frame
    }

    deinit {
        _ = withUnsafeMutablePointers { header, slots in slots.deinitialize(count: header.pointee.size) }
    }

    var parent: Frame? { header.parent }

    /// Empties the slots so a pooled frame holds no values.
    func clear() {
        withUnsafeMutablePointers { header, slots in
            for i in 0..<header.pointee.size { slots[i] = .uninitialized }
        }
    }

    func reparent(_ parent: Frame?) { header.parent = parent }

    /// One slot, read and written inside the accessor while the frame is guaranteed alive.
    /// (A pointer to the slots handed out of the frame would outlive it in optimised builds: the
    /// optimiser may release a frame right after its last use, before a read through the pointer.)
    @inline(__always)
    subscript(slot i: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[i] } }
        _modify {
            let elements = withUnsafeMutablePointerToElements { $0 }
            defer { _fixLifetime(self) }
            yield &elements[i]
        }
    }

    @inline(__always)
    func ancestor(_ depth: Int) -> Frame {
        var frame = self
        var d = depth
        while d > 0, let p = frame.parent {
            frame = p
            d -= 1
        }
        return frame
    }
}

struct FrameHeader {
    var parent: Frame?
    let size: Int
}
