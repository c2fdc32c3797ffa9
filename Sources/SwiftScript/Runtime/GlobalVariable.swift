/// A name declared at a cell's top level. Its box outlives redeclaration, so functions compiled in
/// earlier cells see the newest binding.
final class GlobalVariable {
    let name: String
    var value: Value
    /// The typed tier's body of the `func` this variable holds. Set only where a `func` is bound
    /// (and cleared by any other declaration of the name); a `let` cannot be assigned otherwise,
    /// so it never goes stale. Not an observer on `value`: that would slow every global write.
    var typedBody: TypedBody? {
        didSet { typedBodyRef = typedBody.map { Unmanaged.passUnretained($0) } }
    }
    /// The same body without reference counting, for the typed tier's calls (`typedBody` keeps it alive).
    private(set) var typedBodyRef: Unmanaged<TypedBody>?
    var isLet: Bool
    /// The declared type, when the declaration had one (checked on assignment).
    var annotation: TypeAnnotation? {
        didSet { hasAnnotation = annotation != nil }
    }
    /// Whether `annotation` is set, readable without touching the annotation itself.
    private(set) var hasAnnotation = false
    /// Set once a declaration of this name has run.
    var isDeclared = false
    /// The documentation `help` and inspection show for functions and structs.
    var doc: String?

    init(name: String, isLet: Bool) {
        self.name = name
        self.value = .uninitialized
        self.isLet = isLet
    }
}
