/// Control characters shown as their Unicode pictures (NUL → ␀, ESC → ␛,
/// CR → ␍), so text from a file or a learner's string can never steer a
/// terminal: clear it, retitle the window, or move the cursor.
public enum ControlPictures {
    /// A control character as its picture; a tab, and anything else, unchanged.
    /// C1 controls (U+0080…U+009F: 0x9B alone starts an escape sequence on
    /// some terminals) become U+FFFD.
    public static func visible(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value < 0x20 && s != "\t" { return Unicode.Scalar(0x2400 + s.value) ?? "?" }
        if s.value == 0x7F { return "\u{2421}" }
        if (0x80...0x9F).contains(s.value) { return "\u{FFFD}" }
        return s
    }

    /// `text` with every control character but newline and tab made visible.
    public static func text(_ text: some StringProtocol) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\n" ? $0 : visible($0) }))
    }
}
