import Foundation

/// The connection file Jupyter passes as `nnbook kernel -f FILE`: where to
/// bind each socket and the key that signs every message.
public struct ConnectionFile: Codable, Sendable, Equatable {
    public var transport: String
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    public var key: String
    public var signatureScheme: String
    public var kernelName: String?

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", hbPort = "hb_port"
        case signatureScheme = "signature_scheme", kernelName = "kernel_name"
    }

    /// Reads and checks a connection file; the error says what is wrong with it.
    public static func load(path: String) throws(KernelError) -> ConnectionFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .connectionFile("cannot read the connection file \(path)")
        }
        let file: ConnectionFile
        do { file = try JSONDecoder().decode(ConnectionFile.self, from: data) } catch {
            throw .connectionFile("\(path) is not a Jupyter connection file: \(Self.reason(error))")
        }
        guard file.signatureScheme == "hmac-sha256" else {
            throw .connectionFile("signature scheme \(file.signatureScheme) is not supported (only hmac-sha256)")
        }
        return file
    }

    /// What a decoding error means, in a few words.
    static func reason(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "it has no \"\(key.stringValue)\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            return "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: return "it is not valid JSON"
        }
    }

    /// The ZeroMQ address of a port, e.g. `tcp://127.0.0.1:5555` (`ipc://IP-PORT` for ipc).
    public func address(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "\(transport)://\(ip):\(port)"
    }
}

/// What can go wrong before or outside a request: said, never a crash.
public enum KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    case connectionFile(String)
    case socket(String)
    case install(String)

    public var description: String {
        switch self {
        case .connectionFile(let s), .socket(let s), .install(let s): return s
        }
    }
}
