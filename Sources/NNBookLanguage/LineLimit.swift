/// Long lines cut in the middle with a count, so one huge value (an 8 MB
/// string, a derivative a megabyte long) cannot flood the terminal, the
/// journal or an error message.
enum LineLimit {
    /// The longest output line kept whole, in characters.
    static let output = 1_000
    /// The longest error message or hint kept whole, in characters.
    static let message = 300

    /// `text` with each line longer than `limit` characters elided in the middle.
    static func elide(_ text: String, limit: Int) -> String {
        guard text.utf8.count > limit else { return text }  // a character is at least one byte
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.contains(where: { $0.utf8.count > limit && $0.count > limit }) else { return text }
        return lines.map { line in line.count > limit ? elideLine(line, limit: limit) : String(line) }.joined(separator: "\n")
    }

    /// One line cut to about `limit` characters: its start, a count of what
    /// was left out, its end.
    static func elideLine(_ line: Substring, limit: Int) -> String {
        let keepHead = limit * 2 / 3, keepTail = limit / 6
        let left = line.count - keepHead - keepTail
        return line.prefix(keepHead) + " … (\(NumberFormat.grouped(left)) characters not shown) … " + line.suffix(keepTail)
    }
}
