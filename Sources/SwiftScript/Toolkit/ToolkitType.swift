import Display

/// Declares a toolkit type for cells: initializers, properties (by key path where a property is
/// a plain field), methods and static members, each with its documentation. Bodies take and return
/// Swift values; the box, the conversions and the errors are handled here, once.
///
///     let t = ToolkitType<DevicePreset>(doc: "…")
///     t.property("name", \.name, doc: "The preset's name.")
///     t.method("response", Signature("pulses: = 1000", "seed: = 0"), doc: "…") { preset, a in
///         try preset.response(up: a.int("pulses"), …)
///     }
public final class ToolkitType<T: CellBoxable> {
    public let registered: RegisteredType

    public init(name: String = T.cellTypeName, doc: String) {
        registered = RegisteredType(name: name, doc: doc)
    }

    // MARK: Initializers and statics

    public func initializer(_ signature: Signature, _ body: @escaping (Arguments) throws -> T) {
        registered.initializer(signature) { a in try body(a).cellValue }
    }

    /// `Type.name`: a constant.
    public func constant(_ name: String, _ value: some CellConvertible) {
        registered.statics[name] = value.cellValue
    }

    /// `Type.name(…)`: a static function.
    public func staticFunction<R: CellConvertible>(_ name: String, _ signature: Signature, doc: String,
                                                   _ body: @escaping (Arguments) throws -> R) {
        registered.staticFunctions[name] = BuiltinFunction(name, signature, doc: doc) { a in try body(a).cellValue }
    }

    // MARK: Properties

    /// A read-only property that is a plain field (or computed property) of the value.
    public func property<V: CellConvertible>(_ name: String, _ path: KeyPath<T, V>, doc: String) {
        registered.property(name, doc: doc) { o in try T.unbox(o)[keyPath: path].cellValue }
    }

    /// A read-only property computed by the binding.
    public func property<V: CellConvertible>(_ name: String, doc: String, get: @escaping (T) throws -> V) {
        registered.property(name, doc: doc) { o in try get(try T.unbox(o)).cellValue }
    }

    /// A property cells can assign, through the box (value types change in place). `validate`
    /// runs on the changed value; when it throws, the value stays as it was.
    public func settable<V: CellConvertible>(_ name: String, _ path: WritableKeyPath<T, V>, doc: String,
                                             validate: ((T) throws -> Void)? = nil) {
        registered.property(name, doc: doc, get: { o in try T.unbox(o)[keyPath: path].cellValue }, set: { o, v in
            let box = try Self.box(o)
            let new = try V.fromCell(v, CellContext(name: name, runtime: nil, callSite: nil))
            let old = box.value[keyPath: path]
            box.value[keyPath: path] = new
            // Reference types share the value, so a refused one is put back rather than discarded.
            do { try validate?(box.value) } catch {
                box.value[keyPath: path] = old
                throw error
            }
        })
    }

    /// A property cells can assign, with the binding's own getter and setter (which must leave the
    /// value unchanged when it throws).
    public func settable<V: CellConvertible>(_ name: String, doc: String, get: @escaping (T) throws -> V,
                                             set: @escaping (inout T, V) throws -> Void) {
        registered.property(name, doc: doc, get: { o in try get(try T.unbox(o)).cellValue }, set: { o, v in
            let box = try Self.box(o)
            var changed = box.value
            try set(&changed, try V.fromCell(v, CellContext(name: name, runtime: nil, callSite: nil)))
            box.value = changed
        })
    }

    // MARK: Methods

    /// A method returning a value.
    public func method<R: CellConvertible>(_ name: String, _ signature: Signature, doc: String,
                                           _ body: @escaping (T, Arguments) throws -> R) {
        registered.method(name, signature, doc: doc) { o, a in try body(try T.unbox(o), a).cellValue }
    }

    /// A method called for its effect; it returns nothing to the cell.
    public func action(_ name: String, _ signature: Signature, doc: String, _ body: @escaping (T, Arguments) throws -> Void) {
        registered.method(name, signature, doc: doc) { o, a in
            try body(try T.unbox(o), a)
            return .void
        }
    }

    /// A method that changes a value-type value in place (a figure gaining a series).
    public func mutating(_ name: String, _ signature: Signature, doc: String, _ body: @escaping (inout T, Arguments) throws -> Void) {
        registered.method(name, signature, doc: doc) { o, a in
            let box = try Self.box(o)
            try body(&box.value, a)
            return .void
        }
    }

    static func box(_ o: ScriptObject) throws -> ToolkitBox<T> {
        guard let box = o as? ToolkitBox<T> else { throw ScriptCallError("expected \(T.cellExpectation)") }
        return box
    }
}

extension ScriptRegistry {
    /// Adds a toolkit type declared with `ToolkitType`.
    public func register<T>(_ type: ToolkitType<T>) { register(type.registered) }

    /// Adds a global function whose body returns a Swift value.
    public func function<R: CellConvertible>(_ name: String, _ signature: Signature, doc: String,
                                             returning body: @escaping (Arguments) throws -> R) {
        register(BuiltinFunction(name, signature, doc: doc) { a in try body(a).cellValue })
    }

    /// Adds an implicit member call whose body returns a Swift value.
    public func implicitFunction<R: CellConvertible>(_ name: String, _ signature: Signature, doc: String,
                                                     returning body: @escaping (Arguments) throws -> R) {
        implicitFunction(name, signature, doc: doc) { a in try body(a).cellValue }
    }
}
