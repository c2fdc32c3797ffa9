import Display

/// Why the Analog toolkit refused: one error type for the whole module, with a kind a cell shows as
/// the error's name (`ShapeError`, `DeviceError`, …) and a message that says what to change.
public struct AnalogError: ToolkitError, Sendable, Equatable {
    public let kind: ToolkitErrorKind
    public let message: String

    public init(_ kind: ToolkitErrorKind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

extension ToolkitErrorKind {
    /// Sizes that do not fit together: a product's inner sizes, a layer's inputs, a sample's shape.
    public static let shape = ToolkitErrorKind("shape")
    /// A setting out of its range: IO, update rules, noise models, layer and training options.
    public static let configuration = ToolkitErrorKind("configuration")
    /// A device model's parameters (bounds, step sizes, spreads) or a device preset's use.
    public static let device = ToolkitErrorKind("device")
    /// Something asked for before what it needs (drift before programming, backward before forward).
    public static let state = ToolkitErrorKind("state")
    /// A dataset's samples and labels, or options of a generated dataset.
    public static let dataset = ToolkitErrorKind("dataset")
    /// A file that cannot be read as the format says (IDX, CSV).
    public static let dataFile = ToolkitErrorKind("dataFile")
    /// Training that cannot go on (a loss that became NaN or infinite).
    public static let training = ToolkitErrorKind("training")
    /// An inference noise model asked for a time or setting it has no measurements for.
    public static let inference = ToolkitErrorKind("inference")
}
