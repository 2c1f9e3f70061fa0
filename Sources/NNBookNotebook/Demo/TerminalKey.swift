/// A key as a terminal in raw mode sends it. Arrows and the editing keys
/// arrive as escape sequences — `ESC [ C` (CSI) or `ESC O C` (SS3) for
/// Right, `ESC [ 6 ~` for PageDown (what presentation clickers send) — and
/// each whole sequence is one key.
public enum TerminalKey: Equatable, Sendable {
    case up, down, left, right
    case home, end, pageUp, pageDown, insert, delete
    case enter, tab, backspace, escape
    /// A printable character, space included.
    case character(Character)
    /// Ctrl plus a letter: `control("c")` is Ctrl-C (byte 3).
    case control(Character)
    /// A function key or any escape sequence not listed above (its bytes).
    case other([UInt8])
}

/// Turns the bytes read from a terminal into keys: a pure function, so every
/// form the terminals send can be tested without one.
///
/// - CSI: `ESC [` parameters (`0`–`?`) intermediates (space–`/`) and a final
///   byte (`@`–`~`): `ESC [ A`…`D` arrows, `ESC [ H`/`F` Home/End,
///   `ESC [ 1 ~`/`7 ~` Home, `ESC [ 4 ~`/`8 ~` End, `5 ~`/`6 ~` PageUp/Down,
///   `2 ~`/`3 ~` Insert/Delete; modifiers (`ESC [ 1 ; 5 C`) are ignored.
/// - SS3: `ESC O` and one byte: `A`…`D`, `H`, `F`.
/// - `ESC` followed by anything else is Esc, then that key (Alt+key).
/// - CR or LF is Enter (CR LF is one Enter); DEL or BS is Backspace.
/// - UTF-8 sequences are one character; invalid bytes are dropped.
///
/// Bytes that may be the start of a longer key (a lone `ESC`, `ESC [ 5`, half
/// a UTF-8 character) come back as `pending` unless `final` is true: read
/// more within a few milliseconds and decode again, or decode them as final
/// when nothing more comes (a lone Esc is then Esc).
public enum KeyDecoder {
    public static func decode(_ bytes: [UInt8], final: Bool = true) -> (keys: [TerminalKey], pending: [UInt8]) {
        var keys: [TerminalKey] = []
        var i = 0
        while i < bytes.count {
            guard let (key, length) = decodeOne(bytes, at: i, final: final) else {
                return (keys, Array(bytes[i...]))
            }
            if let key { keys.append(key) }
            i += length
        }
        return (keys, [])
    }

    /// The key starting at `i` and how many bytes it took; nil when the bytes
    /// end in the middle of it and more may come. A nil key skips bad bytes.
    private static func decodeOne(_ b: [UInt8], at i: Int, final: Bool) -> (TerminalKey?, Int)? {
        switch b[i] {
        case 0x1B: return escape(b, at: i, final: final)
        case 0x0D: return (.enter, i + 1 < b.count && b[i + 1] == 0x0A ? 2 : 1)
        case 0x0A: return (.enter, 1)
        case 0x09: return (.tab, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x00: return (.control("@"), 1)
        case 0x01...0x1A: return (.control(Character(Unicode.Scalar(b[i] + 0x60))), 1)
        case 0x1C...0x1F: return (.other([b[i]]), 1)
        case 0x20...0x7E: return (.character(Character(Unicode.Scalar(b[i]))), 1)
        default: return utf8(b, at: i, final: final)
        }
    }

    private static func escape(_ b: [UInt8], at i: Int, final: Bool) -> (TerminalKey?, Int)? {
        guard i + 1 < b.count else { return final ? (.escape, 1) : nil }
        switch b[i + 1] {
        case UInt8(ascii: "["): return csi(b, at: i, final: final)
        case UInt8(ascii: "O"):
            guard i + 2 < b.count else { return final ? (.escape, 1) : nil }
            let key: TerminalKey
            switch b[i + 2] {
            case UInt8(ascii: "A"): key = .up
            case UInt8(ascii: "B"): key = .down
            case UInt8(ascii: "C"): key = .right
            case UInt8(ascii: "D"): key = .left
            case UInt8(ascii: "H"): key = .home
            case UInt8(ascii: "F"): key = .end
            case UInt8(ascii: "M"): key = .enter  // keypad Enter
            default: key = .other(Array(b[i...i + 2]))
            }
            return (key, 3)
        default:
            return (.escape, 1)  // Alt+key, or Esc pressed just before a key
        }
    }

    /// `ESC [` parameters, intermediates and a final byte.
    private static func csi(_ b: [UInt8], at i: Int, final: Bool) -> (TerminalKey?, Int)? {
        var j = i + 2
        while j < b.count && (0x20...0x3F).contains(b[j]) { j += 1 }
        guard j < b.count else { return final ? (.other(Array(b[i...])), b.count - i) : nil }
        guard (0x40...0x7E).contains(b[j]) else { return (.other(Array(b[i..<j])), j - i) }  // malformed: drop what was read
        let parameters = String(decoding: b[(i + 2)..<j], as: UTF8.self)
        let first = parameters.split(separator: ";").first.map(String.init) ?? ""
        let key: TerminalKey
        switch (b[j], first) {
        case (UInt8(ascii: "A"), _): key = .up
        case (UInt8(ascii: "B"), _): key = .down
        case (UInt8(ascii: "C"), _): key = .right
        case (UInt8(ascii: "D"), _): key = .left
        case (UInt8(ascii: "H"), _): key = .home
        case (UInt8(ascii: "F"), _): key = .end
        case (UInt8(ascii: "~"), "1"), (UInt8(ascii: "~"), "7"): key = .home
        case (UInt8(ascii: "~"), "4"), (UInt8(ascii: "~"), "8"): key = .end
        case (UInt8(ascii: "~"), "5"): key = .pageUp
        case (UInt8(ascii: "~"), "6"): key = .pageDown
        case (UInt8(ascii: "~"), "2"): key = .insert
        case (UInt8(ascii: "~"), "3"): key = .delete
        default: key = .other(Array(b[i...j]))
        }
        return (key, j - i + 1)
    }

    private static func utf8(_ b: [UInt8], at i: Int, final: Bool) -> (TerminalKey?, Int)? {
        let lead = b[i]
        let length = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0
        guard length > 0 else { return (nil, 1) }  // a stray continuation or invalid byte
        guard i + length <= b.count else {
            let tail = b[(i + 1)...]
            if tail.allSatisfy({ $0 & 0xC0 == 0x80 }) && !final { return nil }
            return (nil, 1)
        }
        let bytes = b[i..<(i + length)]
        let text = String(decoding: bytes, as: UTF8.self)
        guard bytes.dropFirst().allSatisfy({ $0 & 0xC0 == 0x80 }), !text.unicodeScalars.contains("\u{FFFD}"),
              let character = text.first else { return (nil, 1) }
        return (.character(character), length)
    }
}
