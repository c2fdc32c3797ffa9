/// Arguments by parameter name: bindings read `a.int("rows")` or `let config: TileConfig = try
/// a("config")`, with defaults declared once in the signature, instead of reaching values by position.
extension Arguments {
    /// The position of parameter `name` (its label, or the name after `_ ` in the signature).
    func position(_ name: String) throws -> Int {
        if let i = parameters.firstIndex(where: { $0.name == name }) { return i }
        throw ScriptCallError("this function has no parameter '\(name)'")
    }

    /// The value bound to parameter `name` (the default when the call left it out).
    public subscript(_ name: String) -> Value {
        guard let i = parameters.firstIndex(where: { $0.name == name }) else { return .void }
        return self[i]
    }

    /// Whether parameter `name` holds a value (a given argument, or a default other than nil).
    public func given(_ name: String) -> Bool {
        switch self[name] {
        case .null, .void: return false
        default: return true
        }
    }

    public func context(_ name: String) -> CellContext { CellContext(name: name, runtime: runtime, callSite: callSite) }

    /// The argument of parameter `name` as a Swift value of the type the caller asks for.
    public func callAsFunction<T: CellConvertible>(_ name: String, as type: T.Type = T.self) throws -> T {
        try T.fromCell(self[try position(name)], context(name))
    }

    public func int(_ name: String) throws -> Int { try self(name) }
    public func double(_ name: String) throws -> Double { try self(name) }
    public func float(_ name: String) throws -> Float { try self(name) }
    public func string(_ name: String) throws -> String { try self(name) }
    public func bool(_ name: String) throws -> Bool { try self(name) }
    public func seed(_ name: String = "seed") throws -> UInt64 { try self(name) }
    public func doubles(_ name: String) throws -> [Double] { try self(name) }
    public func strings(_ name: String) throws -> [String] { try self(name) }

    /// The elements of a sequence argument (an array or a range).
    public func array(_ name: String) throws -> [Value] { try array(try position(name), name) }

    /// Keeps what a long call has made so far (a history, a partial table): if an interrupt stops
    /// the call, the declaration that called it (`let h = model.fit(…)`) binds this value before
    /// the cell ends interrupted.
    public func keepPartialResult(_ value: Value) { runtime.partialResult = value }

    /// Calls the function argument of parameter `name`.
    public func call(_ name: String, _ args: [Value]) throws -> Value {
        try runtime.callValue(self[try position(name)], args, at: callSite)
    }
}

extension Arguments {
    /// The argument of parameter `name` for `function`: messages name the call (".tikiTaka takes a
    /// device Preset, …") rather than the parameter.
    public func callAsFunction<T: CellConvertible>(_ name: String, for function: String) throws -> T {
        try T.fromCell(self[try position(name)], CellContext(name: function, runtime: runtime, callSite: callSite))
    }
}
