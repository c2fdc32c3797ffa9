import Display
import Foundation

/// The contents of a Jupyter connection file: where to bind the five sockets and how to sign.
public struct ConnectionInfo: Sendable, Equatable {
    public enum Transport: String, Sendable { case tcp, ipc }

    public var transport: Transport
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String
    public var kernelName: String?
    /// CurveZMQ keypair (Z85) when the manager asked for transport encryption.
    public var curvePublicKey: String?
    public var curveSecretKey: String?

    /// Whether every socket must run as a CurveZMQ server.
    public var usesCurve: Bool { curveSecretKey != nil }

    /// Reads and validates a connection file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelStartupError("cannot read connection file '\(path)'")
        }
        try self.init(json: Array(data))
    }

    /// Parses connection-file JSON, with a clear error for every missing or malformed field.
    public init(json bytes: [UInt8]) throws {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw KernelStartupError("connection file is not valid JSON: \(error)")
        }
        guard let object = value.objectValue else { throw KernelStartupError("connection file must hold a JSON object") }

        func port(_ name: String) throws -> Int {
            guard let p = object[name]?.intValue else { throw KernelStartupError("connection file lacks an integer '\(name)'") }
            guard (0...65535).contains(p) else { throw KernelStartupError("'\(name)' = \(p) is not a valid port") }
            return p
        }

        let transportName = object["transport"]?.stringValue ?? "tcp"
        guard let transport = Transport(rawValue: transportName) else {
            throw KernelStartupError("unsupported transport '\(transportName)' (use tcp or ipc)")
        }
        self.transport = transport
        self.ip = object["ip"]?.stringValue ?? "127.0.0.1"
        self.shellPort = try port("shell_port")
        self.iopubPort = try port("iopub_port")
        self.stdinPort = try port("stdin_port")
        self.controlPort = try port("control_port")
        self.hbPort = try port("hb_port")
        self.key = object["key"]?.stringValue ?? ""
        self.signatureScheme = object["signature_scheme"]?.stringValue ?? "hmac-sha256"
        guard signatureScheme == "hmac-sha256" || key.isEmpty else {
            throw KernelStartupError("unsupported signature_scheme '\(signatureScheme)' (only hmac-sha256)")
        }
        self.kernelName = object["kernel_name"]?.stringValue
        self.curvePublicKey = object["curve_publickey"]?.stringValue
        self.curveSecretKey = object["curve_secretkey"]?.stringValue
        if let secret = curveSecretKey, secret.utf8.count != 40 {
            throw KernelStartupError("curve_secretkey must be a 40-character Z85 string")
        }
    }

    /// The endpoint for one socket: `tcp://ip:port`, or `ipc://ip-port` as jupyter_client names ipc files.
    public func endpoint(port: Int) -> String {
        switch transport {
        case .tcp: return "tcp://\(ip):\(port)"
        case .ipc: return "ipc://\(ip)-\(port)"
        }
    }
}

/// A problem that stops the kernel from starting (bad connection file, a port in use, ...).
public struct KernelStartupError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
