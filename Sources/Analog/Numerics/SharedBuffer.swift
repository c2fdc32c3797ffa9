/// A buffer shared by the chunks of a parallel loop. Each chunk touches only its own indices, and
/// the loop ends before the buffer does, which is what makes the unchecked sendability sound.
struct SharedBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>?

    init(_ buffer: UnsafeMutableBufferPointer<Element>) { base = buffer.baseAddress }
    init(_ buffer: UnsafeBufferPointer<Element>) { base = UnsafeMutablePointer(mutating: buffer.baseAddress) }

    subscript(i: Int) -> Element {
        get { base.unsafelyUnwrapped[i] }
        nonmutating set { base.unsafelyUnwrapped[i] = newValue }
    }

    func pointer(_ offset: Int) -> UnsafeMutablePointer<Element> { base.unsafelyUnwrapped + offset }
}
