/// Terminal display width: East Asian wide (W) and full-width (F) characters
/// take two columns, combining marks and format characters none, everything
/// else one. "Ambiguous" characters (`…`, `—`, `“`, `α`, `·`, box drawing)
/// count one, as in terminals outside CJK locales.
///
/// The wide ranges are Unicode 14's EastAsianWidth.txt (the same answers as
/// Python's `unicodedata.east_asian_width` in W or F), including CJK
/// punctuation such as `，。、：；！？（）「」` and the vertical and small form
/// variants (U+FE10…FE19, U+FE50…FE6B), and the wide emoji.
public enum TextWidth {
    public static func of<S: Sequence>(_ scalars: S) -> Int where S.Element == Unicode.Scalar {
        scalars.reduce(0) { $0 + width(of: $1) }
    }
    public static func of(_ string: String) -> Int { of(string.unicodeScalars) }

    public static func width(of s: Unicode.Scalar) -> Int {
        let v = s.value
        if v == 0 { return 0 }
        if v < 0x300 { return 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return isWide(v) ? 2 : 1
    }

    /// True when code point `v` lies in one of the `wide` ranges (binary search).
    static func isWide(_ v: UInt32) -> Bool {
        var low = 0, high = wide.count - 1
        while low <= high {
            let mid = (low + high) / 2
            if v < wide[mid].0 { high = mid - 1 } else if v > wide[mid].1 { low = mid + 1 } else { return true }
        }
        return false
    }

    /// Sorted, disjoint ranges of two-column code points (unassigned code
    /// points inside a range count as wide, as terminals draw them).
    static let wide: [(UInt32, UInt32)] = [
        (0x1100, 0x115F), (0x231A, 0x231B), (0x2329, 0x232A), (0x23E9, 0x23EC), (0x23F0, 0x23F0), (0x23F3, 0x23F3),
        (0x25FD, 0x25FE), (0x2614, 0x2615), (0x2648, 0x2653), (0x267F, 0x267F), (0x2693, 0x2693), (0x26A1, 0x26A1),
        (0x26AA, 0x26AB), (0x26BD, 0x26BE), (0x26C4, 0x26C5), (0x26CE, 0x26CE), (0x26D4, 0x26D4), (0x26EA, 0x26EA),
        (0x26F2, 0x26F3), (0x26F5, 0x26F5), (0x26FA, 0x26FA), (0x26FD, 0x26FD), (0x2705, 0x2705), (0x270A, 0x270B),
        (0x2728, 0x2728), (0x274C, 0x274C), (0x274E, 0x274E), (0x2753, 0x2755), (0x2757, 0x2757), (0x2795, 0x2797),
        (0x27B0, 0x27B0), (0x27BF, 0x27BF), (0x2B1B, 0x2B1C), (0x2B50, 0x2B50), (0x2B55, 0x2B55), (0x2E80, 0x303E),
        (0x3041, 0x3247), (0x3250, 0x4DBF), (0x4E00, 0xA4C6), (0xA960, 0xA97C), (0xAC00, 0xD7A3), (0xF900, 0xFAD9),
        (0xFE10, 0xFE6B), (0xFF01, 0xFF60), (0xFFE0, 0xFFE6), (0x16FE0, 0x18D08), (0x1AFF0, 0x1B2FB),
        (0x1F004, 0x1F004), (0x1F0CF, 0x1F0CF), (0x1F18E, 0x1F18E), (0x1F191, 0x1F19A), (0x1F200, 0x1F320),
        (0x1F32D, 0x1F335), (0x1F337, 0x1F37C), (0x1F37E, 0x1F393), (0x1F3A0, 0x1F3CA), (0x1F3CF, 0x1F3D3),
        (0x1F3E0, 0x1F3F0), (0x1F3F4, 0x1F3F4), (0x1F3F8, 0x1F43E), (0x1F440, 0x1F440), (0x1F442, 0x1F4FC),
        (0x1F4FF, 0x1F53D), (0x1F54B, 0x1F54E), (0x1F550, 0x1F567), (0x1F57A, 0x1F57A), (0x1F595, 0x1F596),
        (0x1F5A4, 0x1F5A4), (0x1F5FB, 0x1F64F), (0x1F680, 0x1F6C5), (0x1F6CC, 0x1F6CC), (0x1F6D0, 0x1F6D2),
        (0x1F6D5, 0x1F6DF), (0x1F6EB, 0x1F6EC), (0x1F6F4, 0x1F6FC), (0x1F7E0, 0x1F7F0), (0x1F90C, 0x1F93A),
        (0x1F93C, 0x1F945), (0x1F947, 0x1F9FF), (0x1FA70, 0x1FAF6), (0x20000, 0x2FFFD),
        (0x30000, 0x3FFFD),
    ]

    /// Pads `string` with spaces on the right to `width` display columns.
    public static func padded(_ string: String, to width: Int) -> String {
        string + String(repeating: " ", count: max(0, width - of(string)))
    }
    /// Pads on the left (for right-aligned numbers).
    public static func leftPadded(_ string: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - of(string))) + string
    }
}

extension StringProtocol {
    /// Without the spaces and tabs it starts with.
    package func trimmingLeadingSpace() -> SubSequence { drop { $0 == " " || $0 == "\t" } }
    /// Without the spaces, tabs and carriage returns it ends with.
    package func trimmingTrailingSpace() -> String {
        var s = String(self)
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return s
    }
}
