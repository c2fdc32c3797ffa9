/// Where a node came from: the cell (its execution count) and a 1-based line and column.
public struct CellLocation: Sendable, Equatable {
    public var cell: Int
    public var line: Int
    public var column: Int
    public init(cell: Int, line: Int, column: Int) {
        self.cell = cell
        self.line = line
        self.column = column
    }
    static let unknown = CellLocation(cell: 0, line: 0, column: 0)
}

/// The kinds of failure a cell can end with; the raw value is the Jupyter `ename`.
public enum FailureKind: String, Sendable {
    case syntax = "SyntaxError"
    case compile = "CompileError"
    case runtime = "RuntimeError"
    case interrupted = "Interrupted"
}

/// An error raised while compiling or running a cell, carried up to the interpreter with the
/// call sites it passed through.
struct ScriptFailure: Error {
    var kind: FailureKind
    var message: String
    /// The error's name when a toolkit error's kind names it (`ShapeError`); else the kind's.
    var errorName: String?
    var location: CellLocation
    var callers: [CellLocation] = []
    /// Further diagnostics (other syntax errors of the same cell).
    var notes: [(message: String, location: CellLocation)] = []

    init(_ kind: FailureKind, _ message: String, at location: CellLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    static func runtime(_ message: String, at location: CellLocation) -> ScriptFailure {
        ScriptFailure(.runtime, message, at: location)
    }
}

extension ScriptFailure {
    /// Swift stops a program that reads or writes a variable while a modification of it is under
    /// way (`g.inc()` whose body reads `g`); Crossbar ends the cell with the same complaint.
    static func simultaneousAccess(_ name: String, at location: CellLocation) -> ScriptFailure {
        .runtime("simultaneous accesses to '\(name)', but modification requires exclusive access: "
                 + "'\(name)' is being modified by a call that has not returned", at: location)
    }
}
