/// A short, quoted, terminal-safe excerpt of text from a file, for error
/// messages: a message names what it found without copying the file (a
/// one-line 300 MB CSV, or /proc/self/environ) into the terminal.
enum Excerpt {
    /// The longest excerpt quoted, in characters.
    static let limit = 40

    /// `text` in quotes, cut to `limit` characters with "…", control
    /// characters shown as their pictures (␀, ␛).
    static func quoted(_ text: some StringProtocol, limit: Int = Excerpt.limit) -> String {
        var shown = String.UnicodeScalarView()
        var count = 0
        for s in text.unicodeScalars {
            if count == limit { return "\"" + String(shown) + "…\"" }
            shown.append(s == "\t" || s == "\n" ? Unicode.Scalar(0x2400 + s.value) ?? "?" : ControlPictures.visible(s))
            count += 1
        }
        return "\"" + String(shown) + "\""
    }

    /// Names from a file as a quoted list, at most `shown` of them.
    static func list(_ names: [String], shown: Int = 8) -> String {
        let head = names.prefix(shown).map { quoted($0) }.joined(separator: ", ")
        return names.count > shown ? head + " and \(names.count - shown) more" : head
    }
}
