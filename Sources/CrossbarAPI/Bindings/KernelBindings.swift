import Display
import SwiftScript

/// The running kernel as a cell sees it: `kernel.memoryBudget`, `kernel.memoryHeld`.
struct KernelSettings: CellBoxable {
    static var cellTypeName: String { "Kernel" }
    var cellBundle: MIMEBundle {
        MIMEBundle(plainText: "Kernel(memory: \(MemoryBudget.format(MemoryBudget.residentBytes())) held "
                   + "of a \(MemoryBudget.format(MemoryBudget.shared.limit)) budget)")
    }
}

enum KernelBindings {
    static func register(in registry: ScriptRegistry) {
        let t = ToolkitType<KernelSettings>(doc: """
            The running kernel. `kernel.memoryBudget` is how many bytes the whole kernel may hold \
            (by default three quarters of the machine's or container's memory, or CROSSBAR_MEMORY_BUDGET \
            from the kernelspec's env); an array, string or tensor that would cross it fails with a \
            MemoryError naming its size, and earlier variables are kept.
            """)
        t.settable("memoryBudget", doc: """
            The kernel's memory budget in bytes (`kernel.memoryBudget = 4_000_000_000`); \
            `kernel.setMemoryBudget("4GB")` takes a size as text. A budget below what the kernel \
            already holds is refused.
            """, get: { _ in MemoryBudget.shared.limit }, set: { _, bytes in try MemoryBudget.shared.setLimit(bytes) })
        t.action("setMemoryBudget", Signature("_ size"), doc: """
            Sets the memory budget from a size such as "4GB", "512M" or "50%" (of the machine's memory).
            """) { _, a in
            let text = try a.string("size")
            guard let bytes = MemoryBudget.parse(text) else {
                throw ScriptCallError("setMemoryBudget takes a size such as \"4GB\", \"512M\" or \"50%\", not \"\(text)\"")
            }
            try MemoryBudget.shared.setLimit(bytes)
        }
        t.property("memoryHeld", doc: "The bytes the kernel process holds now (its resident set).") { _ in
            MemoryBudget.residentBytes()
        }
        t.settable("textProgress", doc: """
            Whether progress bars are text lines on stderr, rewritten with "\\r", instead of displays updated \
            in place: for front ends without display updates, such as `jupyter console` (also \
            CROSSBAR_PROGRESS=text in the kernel's environment).
            """, get: { _ in ProgressStyle.asText }, set: { _, on in ProgressStyle.asText = on })
        registry.register(t)
        registry.value("kernel", KernelSettings().cellValue, doc: "The running kernel: its memory budget (kernel.memoryBudget) and use (kernel.memoryHeld).")
    }
}
