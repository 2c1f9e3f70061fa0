import Foundation
import NNBookRender
import NNBookLanguage

/// How a piece of text looks on a terminal: a set of SGR attributes
/// (`ESC [ 1 m` bold, `ESC [ 36 m` cyan …). With colour off nothing is
/// emitted at all, so the same layout serves both.
public struct TerminalStyle: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let bold = TerminalStyle(rawValue: 1 << 0)
    public static let dim = TerminalStyle(rawValue: 1 << 1)
    public static let italic = TerminalStyle(rawValue: 1 << 2)
    public static let underline = TerminalStyle(rawValue: 1 << 3)
    public static let cyan = TerminalStyle(rawValue: 1 << 4)
    public static let green = TerminalStyle(rawValue: 1 << 5)
    public static let red = TerminalStyle(rawValue: 1 << 6)
    public static let yellow = TerminalStyle(rawValue: 1 << 7)

    /// The SGR parameters, in a fixed order.
    var codes: [String] {
        let table: [(TerminalStyle, String)] = [
            (.bold, "1"), (.dim, "2"), (.italic, "3"), (.underline, "4"),
            (.red, "31"), (.green, "32"), (.yellow, "33"), (.cyan, "36"),
        ]
        return table.filter { contains($0.0) }.map(\.1)
    }

    /// `text` wrapped in this style's escape codes (and a reset), or `text`
    /// itself when `colour` is off or the style is plain.
    public func paint(_ text: String, colour: Bool) -> String {
        guard colour, !isEmpty, !text.isEmpty else { return text }
        return "\u{1B}[" + codes.joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}

/// A run of text in one style. `glued` runs (code spans) are not broken at
/// their spaces unless they are wider than a whole line.
struct StyledRun: Equatable {
    var text: String
    var style: TerminalStyle
    var glued = false
    /// A soft line break of the source: a space, or nothing between Chinese characters.
    var softBreak = false
}

/// Turns Markdown inlines into styled runs: code spans cyan, **strong** bold,
/// *emphasis* italic, links underlined with their address after them. Hard
/// breaks split the result into separate lines of runs.
enum InlineStyler {
    static func lines(_ inlines: [MarkdownInline], base: TerminalStyle = []) -> [[StyledRun]] {
        var lines: [[StyledRun]] = [[]]
        append(inlines, base, to: &lines)
        return lines.map(joiningSoftBreaks)
    }

    /// A line end in the source is a space between words, but nothing between
    /// two wide characters (as pandoc's `east_asian_line_breaks`) or next to
    /// full-width punctuation, or between a wide character and a curly quote:
    /// `神经元，⏎再把` reads `神经元，再把`, `epoch、⏎batch` reads `epoch、batch`
    /// and `能够⏎“拐弯”` reads `能够“拐弯”`, while `误差和⏎delta` keeps its space.
    private static func joiningSoftBreaks(_ runs: [StyledRun]) -> [StyledRun] {
        var out = runs
        for i in runs.indices where runs[i].softBreak {
            let before = runs[..<i].last { !$0.text.isEmpty }?.text.unicodeScalars.last
            let after = runs[(i + 1)...].first { !$0.text.isEmpty }?.text.unicodeScalars.first
            guard let before, let after else { continue }
            let wideBefore = TextWidth.width(of: before) == 2, wideAfter = TextWidth.width(of: after) == 2
            if (wideBefore && (wideAfter || isQuote(after))) || (wideAfter && isQuote(before))
                || (wideBefore && isPunctuation(before)) || (wideAfter && isPunctuation(after)) {
                out[i].text = ""
            }
        }
        return out.filter { !$0.text.isEmpty }
    }

    /// `“ ” ‘ ’`: one column wide, but part of Chinese text like a wide character.
    private static func isQuote(_ s: Unicode.Scalar) -> Bool {
        s.properties.generalCategory == .initialPunctuation || s.properties.generalCategory == .finalPunctuation
    }

    private static func isPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
        default: return false
        }
    }

    private static func append(_ inlines: [MarkdownInline], _ style: TerminalStyle, to lines: inout [[StyledRun]]) {
        for inline in inlines {
            switch inline {
            case .text(let s): add(StyledRun(text: s, style: style), to: &lines)
            case .html(let s):
                if !s.isHTMLComment { add(StyledRun(text: s.replacingOccurrences(of: "\n", with: " "), style: style), to: &lines) }
            case .code(let s): add(StyledRun(text: s, style: style.union(.cyan), glued: true), to: &lines)
            case .emphasis(let c): append(c, style.union(.italic), to: &lines)
            case .strong(let c): append(c, style.union(.bold), to: &lines)
            case .link(let text, let url):
                append(text, style.union(.underline), to: &lines)
                if !url.isEmpty && url != text.plainText && "mailto:" + text.plainText != url {
                    add(StyledRun(text: " (" + url + ")", style: style.union(.dim)), to: &lines)
                }
            case .image(let alt, let url):
                append(alt.isEmpty ? [.text("image")] : alt, style.union(.italic), to: &lines)
                if !url.isEmpty { add(StyledRun(text: " (" + url + ")", style: style.union(.dim)), to: &lines) }
            case .softBreak: add(StyledRun(text: " ", style: style, softBreak: true), to: &lines)
            case .hardBreak: lines.append([])
            }
        }
    }

    private static func add(_ run: StyledRun, to lines: inout [[StyledRun]]) {
        lines[lines.count - 1].append(run)
    }
}

extension String {
    /// The text with control characters shown as their Unicode pictures (ESC
    /// as ␛) and tabs as spaces: a notebook's text never drives the terminal.
    var terminalSafe: String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return self }
        var out = String.UnicodeScalarView()
        for s in unicodeScalars {
            switch s.value {
            case 0x09: out.append(" ")
            case 0..<0x20: out.append(Unicode.Scalar(0x2400 + s.value) ?? "?")
            case 0x7F: out.append("\u{2421}")
            case 0x80...0x9F: out.append("\u{FFFD}")
            default: out.append(s)
            }
        }
        return String(out)
    }
}
