import Foundation

/// The session journal's file format, version 1:
///
///     nnbook journal 1
///     <length> <crc32>
///     <payload>
///     <length> <crc32>
///     <payload>
///     …
///
/// Each record is a header line — the payload's size in bytes (decimal) and
/// its CRC-32 (eight lowercase hex digits) — then the payload, one
/// `JournalRecord` as JSON, then a newline. JSON escapes every control
/// character, so a payload is one line and nothing a cell prints can end a
/// record early or forge one; the length and the checksum catch a record cut
/// short (a kill or a full disk while it was written) or damaged.
/// `JournalReader` reads it back; `JournalWriter` appends to it.
public enum JournalFormat {
    /// The file's first line names the format and its version.
    public static let header = "nnbook journal 1\n"
    static let magic = "nnbook journal "
    /// The largest payload a reader accepts; a larger length is damage.
    static let maxPayload = 1 << 30

    /// One record framed for the file: header line, JSON, newline.
    public static func frame(_ record: JournalRecord) throws -> [UInt8] {
        let payload = Array(try encoder.encode(record))
        let head = "\(payload.count) \(String(format: "%08x", crc32(payload)))\n"
        return Array(head.utf8) + payload + [UInt8(ascii: "\n")]
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }()

    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }()

    /// CRC-32 (IEEE 802.3, as zlib and `zlib.crc32` compute it).
    public static func crc32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        for b in bytes { c = crcTable[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return c ^ 0xFFFF_FFFF
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    /// The header line of the record at `offset`: its payload's length and
    /// checksum, and where the payload starts. `.cutShort` when the bytes end
    /// first, nil when they are not a header.
    static func recordHeader(in bytes: [UInt8], at offset: Int) -> HeaderScan {
        var i = offset
        var length = 0, digits = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9"), digits < 10 {
            length = length * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            digits += 1
            i += 1
        }
        if i == bytes.count { return .cutShort }
        guard digits > 0, bytes[i] == UInt8(ascii: " ") else { return .invalid }
        i += 1
        var checksum: UInt32 = 0
        for _ in 0..<8 {
            if i == bytes.count { return .cutShort }
            guard let v = hexValue(bytes[i]) else { return .invalid }
            checksum = checksum << 4 | v
            i += 1
        }
        if i == bytes.count { return .cutShort }
        guard bytes[i] == UInt8(ascii: "\n"), length <= maxPayload else { return .invalid }
        return .header(length: length, checksum: checksum, payload: i + 1)
    }

    enum HeaderScan: Equatable {
        case header(length: Int, checksum: UInt32, payload: Int)
        case cutShort
        case invalid
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        default: return nil
        }
    }
}
