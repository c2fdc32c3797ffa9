import Display
import Foundation

/// Writes the `crossbar` kernelspec (kernel.json and logos) where Jupyter looks for kernels.
public enum KernelspecInstaller {
    public enum Location: Sendable, Equatable {
        /// `~/.local/share/jupyter/kernels` (or `$JUPYTER_DATA_DIR/kernels`).
        case user
        /// `{sys.prefix}/share/jupyter/kernels` of the active Python environment.
        case sysPrefix
        /// `PREFIX/share/jupyter/kernels`.
        case prefix(String)
    }

    public struct InstallError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The kernelspec name front ends select.
    public static let kernelName = "crossbar"

    /// kernel.json for a binary at `executable`.
    /// `memoryBudget` ("8G", "50%"), when given, goes into the kernelspec's env as
    /// CROSSBAR_MEMORY_BUDGET; without it the kernel takes three quarters of the machine's memory.
    public static func kernelJSON(executable: String, memoryBudget: String? = nil) -> JSONValue {
        var env = JSONObject()
        if let memoryBudget { env["CROSSBAR_MEMORY_BUDGET"] = .string(memoryBudget) }
        return [
            "argv": [.string(executable), "kernel", "--connection-file", "{connection_file}"],
            "display_name": "Crossbar (Swift)",
            "language": "swift",
            "interrupt_mode": "signal",
            "env": .object(env),
            "metadata": ["supported_encryption": ["curve"]],
        ]
    }

    /// Installs and returns the kernelspec folder's path.
    @discardableResult
    public static func install(location: Location, executable: String, memoryBudget: String? = nil) throws -> String {
        if let memoryBudget, MemoryBudget.parse(memoryBudget) == nil {
            throw InstallError(description: "--memory-budget takes a size such as 8G, 512M or 50%, not '\(memoryBudget)'")
        }
        let kernels = try kernelsDirectory(location)
        let folder = (kernels as NSString).appendingPathComponent(kernelName)
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let json = prettyJSON(kernelJSON(executable: executable, memoryBudget: memoryBudget))
            try Data(json.utf8).write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("kernel.json")))
            for (name, base64) in KernelspecLogos.filesBase64 {
                guard let data = Data(base64Encoded: base64) else {
                    throw InstallError(description: "embedded logo \(name) is corrupt")
                }
                try data.write(to: URL(fileURLWithPath: (folder as NSString).appendingPathComponent(name)))
            }
        } catch let error as InstallError {
            throw error
        } catch {
            throw InstallError(description: "cannot write kernelspec to \(folder): \(error.localizedDescription)")
        }
        return folder
    }

    static func kernelsDirectory(_ location: Location) throws -> String {
        let env = ProcessInfo.processInfo.environment
        switch location {
        case .prefix(let prefix):
            return (prefix as NSString).appendingPathComponent("share/jupyter/kernels")
        case .user:
            if let data = env["JUPYTER_DATA_DIR"], !data.isEmpty {
                return (data as NSString).appendingPathComponent("kernels")
            }
            let dataHome = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
                ?? (NSHomeDirectory() as NSString).appendingPathComponent(".local/share")
            return (dataHome as NSString).appendingPathComponent("jupyter/kernels")
        case .sysPrefix:
            guard let prefix = env["VIRTUAL_ENV"] ?? env["CONDA_PREFIX"] ?? pythonPrefix() else {
                throw InstallError(description: "--sys-prefix needs an active Python environment (VIRTUAL_ENV or CONDA_PREFIX) or python3 on PATH")
            }
            return (prefix as NSString).appendingPathComponent("share/jupyter/kernels")
        }
    }

    /// Asks python3 for sys.prefix, as `jupyter kernelspec install --sys-prefix` would use.
    static func pythonPrefix() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys; print(sys.prefix)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }

    /// The absolute path of the running binary (what kernel.json's argv must name).
    public static func currentExecutablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        let arg0 = CommandLine.arguments.first ?? "crossbar"
        return URL(fileURLWithPath: arg0).standardizedFileURL.path
    }

    static func prettyJSON(_ value: JSONValue, indent: String = "") -> String {
        let inner = indent + "  "
        switch value {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + prettyJSON($0, indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let object) where !object.isEmpty:
            return "{\n" + object.map { inner + JSONValue.string($0.key).serialized() + ": " + prettyJSON($0.value, indent: inner) }
                .joined(separator: ",\n") + "\n" + indent + "}"
        default:
            return value.serialized()
        }
    }
}
