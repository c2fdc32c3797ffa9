import Display

/// A toolkit value a cell holds (a tile, a preset, a table): one box serves every type, so a
/// binding declares how a type shows and what it is called rather than writing a wrapper class.
public protocol CellBoxable: CellConvertible {
    /// How a value of the type shows as a cell result.
    var cellBundle: MIMEBundle { get }
    /// The type name a cell sees for this value (`type(of:)`, messages, which registered type's
    /// members apply); the type's own name unless its values name their kind (layers).
    var cellInstanceTypeName: String { get }
    /// What a parameter of this type takes, for messages: "a device Preset, e.g. Preset.reRamES".
    static var cellExpectation: String { get }
}

extension CellBoxable {
    public var cellInstanceTypeName: String { Self.cellTypeName }
    public static var cellExpectation: String { "a " + cellTypeName }
    public var cellValue: Value { .object(ToolkitBox(self)) }

    public static func fromCell(_ value: Value, _ context: CellContext) throws -> Self {
        if case .object(let o) = value, let box = o as? ToolkitBox<Self> { return box.value }
        throw ScriptCallError("\(context.name) takes \(cellExpectation)")
    }

    /// The value inside a cell object of this type (the receiver of a method or property).
    public static func unbox(_ object: ScriptObject) throws -> Self {
        guard let box = object as? ToolkitBox<Self> else { throw ScriptCallError("expected \(cellExpectation)") }
        return box.value
    }
}

/// The one box: a toolkit value with its type's name and rendering. Values of reference types are
/// shared as in Swift; values of value types are changed in place by mutating members.
public final class ToolkitBox<Wrapped: CellBoxable>: ScriptObject {
    public var value: Wrapped
    public init(_ value: Wrapped) { self.value = value }
    public var scriptTypeName: String { value.cellInstanceTypeName }
    public func mimeBundle() -> MIMEBundle { value.cellBundle }
}

extension Table: CellBoxable {
    public static var cellTypeName: String { "Table" }
    public var cellBundle: MIMEBundle { mimeBundle }
}

extension Figure: CellBoxable {
    public static var cellTypeName: String { "Figure" }
    public var cellBundle: MIMEBundle { mimeBundle }
}
