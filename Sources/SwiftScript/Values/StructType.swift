import Display

/// A `struct` declared in a cell.
public final class StructType {
    public let name: String
    /// Stored properties in declaration order (the memberwise initializer's order).
    let storedNames: [String]
    let storedIsLet: [Bool]
    let storedTypes: [TypeAnnotation?]
    /// Default values, evaluated when an instance is made.
    let storedDefaults: [Expr?]
    let fieldIndex: [String: Int]
    var methods: [String: [StructMethod]] = [:]
    var computed: [String: StructMethod] = [:]
    var statics: [String: Value] = [:]
    var initializers: [StructMethod] = []
    var conformances: Set<String> = []
    let declaringFrame: Frame?
    var doc: String?

    init(name: String, storedNames: [String], storedIsLet: [Bool], storedTypes: [TypeAnnotation?],
         storedDefaults: [Expr?], declaringFrame: Frame?) {
        self.name = name
        self.storedNames = storedNames
        self.storedIsLet = storedIsLet
        self.storedTypes = storedTypes
        self.storedDefaults = storedDefaults
        var index: [String: Int] = [:]
        for (i, n) in storedNames.enumerated() { index[n] = i }
        self.fieldIndex = index
        self.declaringFrame = declaringFrame
    }
}

extension Instance {
    /// The `description` of a struct that conforms to CustomStringConvertible, computed without a
    /// runtime at hand (descriptions only read properties).
    var customDescription: String? {
        guard type.conformances.contains("CustomStringConvertible"), let getter = type.computed["description"],
              let runtime = Runtime.current else { return nil }
        var selfValue = Value.instance(self)
        guard let v = try? getter.invoke(on: &selfValue, args: [], runtime: runtime, callSite: .unknown),
              case .string(let s) = v else { return nil }
        return s
    }
}
