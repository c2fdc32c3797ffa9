import Display
import SwiftScript

/// Every toolkit name a cell can use, registered into the interpreter's registry.
public enum CrossbarRegistry {
    public static func make() -> ScriptRegistry {
        let registry = ScriptRegistry()
        DisplayBindings.register(in: registry)
        return registry
    }
}
