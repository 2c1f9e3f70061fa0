import NNBookRender
import NNBookLanguage

/// Lines that may already carry ANSI escape codes (a coloured plot, a
/// painted output) measured and wrapped by what a terminal shows: escape
/// sequences take no columns and are never split, and the colour that is
/// on at a line break is turned off at the end of the line and on again at
/// the start of the next.
public enum TerminalText {
    /// Display columns of `line`, escape sequences counting zero.
    public static func width(_ line: String) -> Int {
        pieces(line).reduce(0) { $0 + $1.width }
    }

    /// `line` wrapped to `width` columns at spaces (and between Chinese
    /// characters, as `TextWrapper` does), so no word or number is broken;
    /// lines after the first start with `indent` spaces (none when that would
    /// leave fewer than 10 columns, or too few for the longest word). A word
    /// wider than the whole width is cut.
    public static func wrap(_ line: String, width requested: Int, indent requestedIndent: Int = 0) -> [String] {
        let width = max(2, requested)
        let all = pieces(line)
        if all.reduce(0, { $0 + $1.width }) <= width { return [line] }
        let indent = width - requestedIndent >= max(10, longestWord(all)) ? requestedIndent : 0
        var builder = Builder(width: width, indent: indent)
        var pendingSpaces: [Piece] = []
        var i = 0
        while i < all.count {
            if all[i].character == " " {
                pendingSpaces.append(all[i]); i += 1
                continue
            }
            var end = i + 1
            while end < all.count && all[end].character != " " && !mayBreak(all, before: end) { end += 1 }
            let word = all[i..<end]
            let wordWidth = word.reduce(0) { $0 + $1.width }
            if builder.used > builder.start && builder.used + pendingSpaces.reduce(0, { $0 + $1.width }) + wordWidth > width {
                for s in pendingSpaces { builder.track(s.escapes) }
                builder.newLine()
            } else {
                for s in pendingSpaces { builder.add(s) }
            }
            pendingSpaces = []
            for piece in word {
                if builder.used + piece.width > width && builder.used > builder.start { builder.newLine() }
                builder.add(piece)
            }
            i = end
        }
        for s in pendingSpaces { builder.add(s) }
        return builder.finish()
    }

    private static func longestWord(_ all: [Piece]) -> Int {
        var longest = 0, current = 0
        for (i, piece) in all.enumerated() {
            if piece.character == " " || (i > 0 && mayBreak(all, before: i)) { current = 0 }
            if piece.character == " " { continue }
            current += piece.width
            longest = max(longest, current)
        }
        return longest
    }

    /// A character with the escape sequences written just before it. The last
    /// piece may have no character (escapes at the end of the line).
    struct Piece {
        var escapes: String
        var character: Character?
        var width: Int
    }

    static func pieces(_ line: String) -> [Piece] {
        var out: [Piece] = []
        var escapes = ""
        var iterator = line.makeIterator()
        while let c = iterator.next() {
            if c == "\u{1B}" {
                escapes.append(c)
                guard let next = iterator.next() else { break }
                escapes.append(next)
                if next == "[" {  // CSI: parameters, then one final byte
                    while let p = iterator.next() {
                        escapes.append(p)
                        if let v = p.unicodeScalars.first?.value, (0x40...0x7E).contains(v) { break }
                    }
                }
                continue
            }
            out.append(Piece(escapes: escapes, character: c, width: TextWidth.of(c.unicodeScalars)))
            escapes = ""
        }
        if !escapes.isEmpty { out.append(Piece(escapes: escapes, character: nil, width: 0)) }
        return out
    }

    /// A break with no space before piece `i`: next to a wide character,
    /// respecting closing and opening punctuation.
    private static func mayBreak(_ pieces: [Piece], before i: Int) -> Bool {
        guard let a = pieces[i - 1].character, let b = pieces[i].character else { return false }
        guard pieces[i - 1].width == 2 || pieces[i].width == 2 else { return false }
        return !TextWrapper.noBreakBefore.contains(b) && !TextWrapper.noBreakAfter.contains(a)
    }

    /// Builds the lines, tracking which SGR codes are on.
    private struct Builder {
        let width: Int
        let indent: Int
        var lines: [String] = []
        var current = ""
        var used = 0
        /// Where text starts on the current line (the indent, after the first line).
        var start = 0
        /// SGR sequences since the last reset: what is on right now.
        var active = ""

        init(width: Int, indent: Int) {
            self.width = width
            self.indent = indent
        }

        mutating func track(_ escapes: String) {
            guard !escapes.isEmpty else { return }
            for sequence in escapes.split(separator: "\u{1B}", omittingEmptySubsequences: true) {
                let s = "\u{1B}" + sequence
                if s == "\u{1B}[0m" || s == "\u{1B}[m" { active = "" } else if s.hasSuffix("m") { active += s }
            }
        }

        mutating func add(_ piece: Piece) {
            current += piece.escapes
            track(piece.escapes)
            if let c = piece.character {
                current.append(c)
                used += piece.width
            }
        }

        mutating func newLine() {
            lines.append(trimmed(current) + (active.isEmpty ? "" : "\u{1B}[0m"))
            current = String(repeating: " ", count: indent) + active
            used = indent
            start = indent
        }

        func trimmed(_ s: String) -> String {
            var s = s
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }

        mutating func finish() -> [String] {
            lines.append(trimmed(current))
            return lines
        }
    }
}
