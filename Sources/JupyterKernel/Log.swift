import Foundation

/// One-line diagnostics on standard error, prefixed `[crossbar]`. Never pass keys or secrets here.
public enum KernelLog {
    public static func info(_ message: String) { emit(message) }
    public static func warning(_ message: String) { emit("warning: " + message) }
    public static func error(_ message: String) { emit("error: " + message) }

    private static func emit(_ line: String) {
        let text = "[crossbar] " + line.replacingOccurrences(of: "\n", with: " ") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
