/// A Jupyter MIME bundle: one value in several representations, keyed by MIME type.
/// `text/plain` should always be present so that every client can show something.
public struct MIMEBundle: Sendable, Equatable {
    /// Representations keyed by MIME type. Text formats are `.string`; `application/json` may be any JSON.
    public var data: JSONObject
    /// Per-type metadata (for example image sizes).
    public var metadata: JSONObject

    public init(data: JSONObject = JSONObject(), metadata: JSONObject = JSONObject()) {
        self.data = data
        self.metadata = metadata
    }

    /// A bundle with only plain text.
    public init(plainText: String) {
        self.init()
        data["text/plain"] = .string(plainText)
    }

    /// The plain-text representation, if any.
    public var plainText: String? { data["text/plain"]?.stringValue }

    /// Adds or replaces one representation.
    public mutating func set(_ mimeType: String, _ value: JSONValue) {
        data[mimeType] = value
    }
}

/// Anything that knows how to show itself in a notebook.
public protocol MIMERepresentable {
    /// The value's representations; must include `text/plain`.
    var mimeBundle: MIMEBundle { get }
}
