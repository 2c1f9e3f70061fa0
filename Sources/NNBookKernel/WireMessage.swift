import Foundation

/// One Jupyter message as it travels: routing identities, `<IDS|MSG>`, the
/// signature, header, parent header, metadata, content, then binary buffers.
public struct WireMessage: Sendable, Equatable {
    public static let delimiter = Data("<IDS|MSG>".utf8)

    public var identities: [Data]
    public var header: JSON
    public var parentHeader: JSON
    public var metadata: JSON
    public var content: JSON
    public var buffers: [Data]

    public init(identities: [Data] = [], header: JSON, parentHeader: JSON = [:], metadata: JSON = [:],
                content: JSON, buffers: [Data] = []) {
        self.identities = identities
        self.header = header
        self.parentHeader = parentHeader
        self.metadata = metadata
        self.content = content
        self.buffers = buffers
    }

    public var msgType: String { header["msg_type"]?.string ?? "" }

    /// The frames to send, signed with `signer`.
    public func frames(signer: Signer) -> [Data] {
        let parts = [header.encoded(), parentHeader.encoded(), metadata.encoded(), content.encoded()]
        return identities + [Self.delimiter, Data(signer.signature(parts).utf8)] + parts + buffers
    }

    /// Reads received frames: the signature is checked before any JSON is
    /// parsed, and a message that is unsigned, wrongly signed or malformed
    /// comes back as a reason, never as a message.
    public static func decode(_ frames: [Data], signer: Signer) -> Result<WireMessage, WireError> {
        guard let split = frames.firstIndex(of: delimiter) else { return .failure(.noDelimiter) }
        let rest = Array(frames[(split + 1)...])
        guard rest.count >= 5 else { return .failure(.tooFewFrames(rest.count)) }
        let parts = Array(rest[1...4])
        guard signer.verify(rest[0], parts) else {
            return .failure(rest[0].isEmpty ? .unsigned : .badSignature)
        }
        var json: [JSON] = []
        for (name, part) in zip(["header", "parent_header", "metadata", "content"], parts) {
            guard let value = JSON.decode(part), case .object = value else { return .failure(.notJSON(name)) }
            json.append(value)
        }
        guard let type = json[0]["msg_type"]?.string, !type.isEmpty else { return .failure(.noMessageType) }
        return .success(WireMessage(identities: Array(frames[..<split]), header: json[0], parentHeader: json[1],
                                    metadata: json[2], content: json[3], buffers: Array(rest.dropFirst(5))))
    }
}

/// Why a received message was dropped.
public enum WireError: Error, Equatable, Sendable, CustomStringConvertible {
    case noDelimiter
    case tooFewFrames(Int)
    case unsigned
    case badSignature
    case notJSON(String)
    case noMessageType

    public var description: String {
        switch self {
        case .noDelimiter: return "no <IDS|MSG> delimiter"
        case .tooFewFrames(let n): return "\(n) frames after <IDS|MSG>, at least 5 needed (signature, header, parent_header, metadata, content)"
        case .unsigned: return "the message is not signed"
        case .badSignature: return "the signature does not match the message"
        case .notJSON(let part): return "the \(part) is not a JSON object"
        case .noMessageType: return "the header has no msg_type"
        }
    }
}
