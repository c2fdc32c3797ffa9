/// Raw HTML to show as-is (`display(HTML("<b>x</b>"))`). The author of the string owns its safety.
public struct HTML: MIMERepresentable, Sendable, Equatable {
    public let source: String
    public init(_ source: String) { self.source = source }
    public var mimeBundle: MIMEBundle {
        var b = MIMEBundle(plainText: "<HTML: \(source.count) characters>")
        b.set("text/html", .string(source))
        return b
    }
}

/// An SVG document to show as an image.
public struct SVG: MIMERepresentable, Sendable, Equatable {
    public let source: String
    public init(_ source: String) { self.source = source }
    public var mimeBundle: MIMEBundle {
        var b = MIMEBundle(plainText: "<SVG image: \(source.count) characters>")
        b.set("image/svg+xml", .string(source))
        return b
    }
}

/// Markdown text, rendered by the front end.
public struct Markdown: MIMERepresentable, Sendable, Equatable {
    public let source: String
    public init(_ source: String) { self.source = source }
    public var mimeBundle: MIMEBundle {
        var b = MIMEBundle(plainText: source)
        b.set("text/markdown", .string(source))
        return b
    }
}

/// A JSON document, shown by front ends as a collapsible tree.
public struct JSONDocument: MIMERepresentable, Sendable, Equatable {
    public let value: JSONValue
    public init(_ value: JSONValue) { self.value = value }
    public var mimeBundle: MIMEBundle {
        var b = MIMEBundle(plainText: value.serialized())
        b.set("application/json", value)
        return b
    }
}

/// Escapes text for safe inclusion in HTML element content and attribute values.
public func htmlEscape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text.unicodeScalars {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(c)
        }
    }
    return out
}
