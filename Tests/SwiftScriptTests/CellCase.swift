/// One case of the cell-language corpus: a sequence of cells run in one interpreter, and what the
/// last cell must produce. Every cell before the last must succeed.
struct CellCase: Sendable {
    enum Expectation: Sendable {
        /// The last cell succeeds; its execute_result text/plain equals this (nil: the cell has no result).
        case result(String?)
        /// The last cell fails; its error message (evalue) contains this text.
        case error(String)
        /// The last cell succeeds; its result is not checked.
        case succeeds
    }

    let name: String
    let cells: [String]
    /// Everything `print` wrote to stdout over all the cells; nil means "not checked".
    let stdout: String?
    let expectation: Expectation
    /// For errors: the 1-based line and column the error points at in the last cell (nil: not checked).
    let position: (line: Int, column: Int)?

    init(_ name: String, cells: [String], stdout: String? = nil, expect: Expectation,
         at position: (line: Int, column: Int)? = nil) {
        self.name = name
        self.cells = cells
        self.stdout = stdout
        self.expectation = expect
        self.position = position
    }

    /// A single cell whose result's text/plain is `result`.
    static func value(_ name: String, _ code: String, _ result: String) -> CellCase {
        CellCase(name, cells: [code], expect: .result(result))
    }

    /// A single cell whose printed stdout is `stdout` (its result, if any, is not checked).
    static func output(_ name: String, _ code: String, _ stdout: String) -> CellCase {
        CellCase(name, cells: [code], stdout: stdout, expect: .succeeds)
    }

    /// A single cell that fails with an error message containing `message`.
    static func error(_ name: String, _ code: String, _ message: String,
                      at position: (line: Int, column: Int)? = nil) -> CellCase {
        CellCase(name, cells: [code], expect: .error(message), at: position)
    }
}
