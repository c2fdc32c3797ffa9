import Display
import SwiftScript

/// Every toolkit name a cell can use, registered into the interpreter's registry.
public enum CrossbarRegistry {
    /// A registry with the toolkit's names; `tracker` follows the progress bars cells create.
    public static func make(tracker: ProgressTracker = ProgressTracker()) -> ScriptRegistry {
        let registry = ScriptRegistry()
        DisplayBindings.register(in: registry, tracker: tracker)
        AnalogBindings.register(in: registry)
        DataBindings.register(in: registry)
        NetworkBindings.register(in: registry, tracker: tracker)
        KernelBindings.register(in: registry)
        return registry
    }
}
