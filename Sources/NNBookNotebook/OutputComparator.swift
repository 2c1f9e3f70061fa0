import Foundation

/// Decides whether a cell's output matches the output a notebook expects,
/// the way doctest's `OutputChecker` does, but forgiving about numbers.
///
/// Lines are compared one by one, after trailing whitespace is removed from
/// every line and trailing blank lines from the whole text. Within a line,
/// text must be equal exactly, while a number in the expected text matches a
/// number in the same place of the output when they agree **to the precision
/// printed in the expected token**:
///
///     |got − expected| ≤ 0.5 · 10^(exponent − decimals)
///
/// So `0.88` accepts 0.880797 (0.88 to two decimals) but not 0.885001 or
/// 0.65; `1.5e-05` accepts 1.54e-05; `84.21%` accepts 84.2139%. A number
/// printed without decimals or exponent — `2`, `101,770`, `-3` — is a count
/// and must be equal exactly. A number is an optional `-`, digits (grouped
/// by commas in threes, like `101,770`), an optional fraction and exponent;
/// it does not start inside a word, so `x1` and `dense_2` are text.
public enum OutputComparator {
    /// Shown in `firstDifference` where one side has no more lines.
    public static let endOfOutput = "(end of output)"

    /// True when `got` matches `expected` (see the type's documentation).
    public static func compare(expected: String, got: String) -> Bool {
        firstDifference(expected: expected, got: got) == nil
    }

    /// The first line (1-based, counted in the expected text) where the two
    /// differ, with both lines as printed (trailing whitespace removed). A
    /// line that one side lacks is `endOfOutput`. Nil when they match.
    public static func firstDifference(expected: String, got: String) -> (line: Int, expected: String, got: String)? {
        let e = normalizedLines(expected)
        let g = normalizedLines(got)
        for i in 0..<max(e.count, g.count) {
            let el = i < e.count ? e[i] : nil
            let gl = i < g.count ? g[i] : nil
            guard let el, let gl else { return (i + 1, el ?? endOfOutput, gl ?? endOfOutput) }
            if !lineMatches(expected: el, got: gl) { return (i + 1, el, gl) }
        }
        return nil
    }

    /// One line against another, numbers within the expected precision.
    public static func lineMatches(expected: String, got: String) -> Bool {
        if expected == got { return true }
        let e = pieces(expected)
        let g = pieces(got)
        guard e.count == g.count else { return false }
        for (a, b) in zip(e, g) {
            switch (a, b) {
            case (.text(let x), .text(let y)): if x != y { return false }
            case (.number(let x, let tolerance), .number(let y, _)):
                if let tolerance {
                    // A relative hair of slack, so 0.8805 vs 0.88 is not lost to rounding in the subtraction.
                    if !(abs(y - x) <= tolerance * (1 + 1e-6)) { return false }
                } else if x != y {
                    return false
                }
            default: return false
            }
        }
        return true
    }

    /// The lines of `text`, trailing whitespace and trailing blank lines removed.
    static func normalizedLines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            var s = Substring(line)
            while let last = s.last, last.isWhitespace { s.removeLast() }
            return String(s)
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    /// A line cut into text and numbers.
    enum Piece: Equatable {
        case text(String)
        /// A number and how far another may be from it: nil for exact.
        case number(Double, tolerance: Double?)
    }

    static func pieces(_ line: String) -> [Piece] {
        let chars = Array(line)
        var result: [Piece] = []
        var text = ""
        var i = 0
        while i < chars.count {
            if let (piece, end) = number(in: chars, at: i) {
                if !text.isEmpty { result.append(.text(text)); text = "" }
                result.append(piece)
                i = end
            } else {
                text.append(chars[i]); i += 1
            }
        }
        if !text.isEmpty { result.append(.text(text)) }
        return result
    }

    /// The number starting at `start`, if one does, and the index after it.
    static func number(in c: [Character], at start: Int) -> (Piece, Int)? {
        if start > 0, c[start - 1].isLetter || c[start - 1].isNumber || c[start - 1] == "_" || c[start - 1] == "." {
            return nil
        }
        func isDigit(_ k: Int) -> Bool { k < c.count && c[k].isASCII && c[k].isNumber }
        var i = start
        var digits = ""
        if c[i] == "-" { digits = "-"; i += 1 }
        guard isDigit(i) else { return nil }
        let intStart = i
        while isDigit(i) { digits.append(c[i]); i += 1 }
        // Thousands separators: 101,770 and 1,234,567, never 1,23 or 1234,567.
        if i - intStart <= 3 {
            while i < c.count, c[i] == ",", isDigit(i + 1), isDigit(i + 2), isDigit(i + 3), !isDigit(i + 4) {
                digits += String(c[(i + 1)...(i + 3)]); i += 4
            }
        }
        var decimals = 0
        var exponent = 0
        var precise = false
        if i + 1 < c.count, c[i] == ".", isDigit(i + 1) {
            digits.append("."); i += 1
            while isDigit(i) { digits.append(c[i]); i += 1; decimals += 1 }
            precise = true
        }
        if i < c.count, c[i] == "e" || c[i] == "E" {
            var k = i + 1
            var sign = ""
            if k < c.count, c[k] == "-" || c[k] == "+" { sign = String(c[k]); k += 1 }
            if isDigit(k) {
                var exp = ""
                while isDigit(k) { exp.append(c[k]); k += 1 }
                exponent = Int(sign == "-" ? "-" + exp : exp) ?? 0
                digits += "e" + sign + exp
                i = k
                precise = true
            }
        }
        guard let value = Double(digits) else { return nil }
        let tolerance = precise ? 0.5 * pow(10, Double(exponent - decimals)) : nil
        return (.number(value, tolerance: tolerance), i)
    }
}
