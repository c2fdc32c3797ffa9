/// What kind of problem a toolkit error reports. Each module names its own kinds (Analog's
/// `.shape`, `.configuration`, `.device`, …; Display's `.table` and `.figure`); a cell error shows
/// the kind as its name (`ShapeError`), the way Python's exceptions name theirs.
public struct ToolkitErrorKind: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    /// The error's name as a cell reports it: `shape` → `ShapeError`, `dataFile` → `DataFileError`.
    public var errorName: String { (rawValue.first.map { String($0).uppercased() } ?? "") + rawValue.dropFirst() + "Error" }
    public var description: String { rawValue }
}

/// An error a toolkit library throws because of what it was given (a shape that does not fit, a
/// setting out of range, a file it cannot read): the cell language turns any of them into a cell
/// error in one place, with the kind as the error's name and the message as its text.
public protocol ToolkitError: Error, CustomStringConvertible {
    var kind: ToolkitErrorKind { get }
    /// What went wrong and what to change, for the person at the notebook.
    var message: String { get }
}

extension ToolkitError {
    public var description: String { message }
}

extension ToolkitErrorKind {
    /// A table that cannot be built or transformed as asked.
    public static let table = ToolkitErrorKind("table")
    /// A figure that cannot be drawn as asked.
    public static let figure = ToolkitErrorKind("figure")
}
