import Foundation
import NNBookRender
import NNBookLanguage

/// The lines `nnbook demo` draws for each step, fitted to the terminal:
/// prose through `TerminalMarkdown`, a cell's input as `» source` in bold
/// green, its output in bold, errors red, notes dim. Long lines wrap at
/// spaces with a hanging indent, so no number is broken and no line is wider
/// than `width` — there is no fixed indent to push them over the edge.
/// Colour off gives the same lines without escape codes.
public struct DemoLayout: Sendable {
    public var width: Int
    public var colour: Bool
    public var unicode: Bool
    public var language: LessonLanguage

    public init(width: Int, colour: Bool, unicode: Bool, language: LessonLanguage) {
        self.width = max(TerminalMarkdown.minimumWidth, width)
        self.colour = colour
        self.unicode = unicode
        self.language = language
    }

    /// The lines of step `index` of `show`. Prose and outputs end with a
    /// blank line; an input does not, so its output follows right under it.
    public func lines(ofStep index: Int, in show: DemoShow) -> [String] {
        guard show.steps.indices.contains(index) else { return [] }
        switch show.steps[index] {
        case .prose(let blocks):
            return TerminalMarkdown.render(blocks, width: width, colour: colour, unicode: unicode) + [""]
        case .input(let k):
            return input(show.cells[k].source, edited: show.cells[k].edited)
        case .output(let k):
            let cell = show.cells[k]
            return (cell.ranAgain ? note(.ranAgain) : []) + output(cell.output ?? []) + [""]
        }
    }

    /// Every line of steps 0 through `position`.
    public func lines(through position: Int, in show: DemoShow) -> [String] {
        (0...max(0, min(position, show.steps.count - 1))).flatMap { lines(ofStep: $0, in: show) }
    }

    /// `» line` for each line of the source; a wrapped line continues indented.
    public func input(_ source: String, edited: Bool) -> [String] {
        let marker = TerminalStyle.dim.paint(edited ? DemoPhrase.edited.text(language) : "", colour: colour)
        let body = source.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in
            TerminalText.wrap("» " + String(line).terminalSafe, width: width, indent: 4)
                .map { TerminalStyle([.bold, .green]).paint($0, colour: colour) }
        }
        return (edited ? [marker] : []) + body
    }

    /// A cell's output items, each line wrapped to the width and styled.
    public func output(_ items: [OutputItem]) -> [String] {
        let lines = items.flatMap(styledLines)
        return lines.isEmpty ? note(.noOutput) : lines
    }

    private func styledLines(_ item: OutputItem) -> [String] {
        switch item {
        case .result(_, let text): return fit(text, .bold)
        case .text(let text, let style):
            switch style {
            case .plain, .explain, .heading: return fit(text, .bold)
            case .echo: return fit(text, [.bold, .cyan])
            case .note: return fit(text, .dim)
            case .warning: return fit(text, .yellow)
            case .chart: return fit(text, [])  // drawn at the width already, in its own colours
            }
        case .error(_, let lines):
            return lines.enumerated().flatMap { i, line -> [String] in
                let style: TerminalStyle = i == 0 ? [.bold, .red]
                    : line.hasPrefix("hint:") ? .cyan
                    : line.contains("^") && line.trimmingCharacters(in: .whitespaces).hasPrefix("|") ? .red : []
                return fit(line, style)
            }
        case .elided:
            return fit(CellResult(count: 0, outputs: [item]).plainLines.joined(separator: "\n"), .dim)
        }
    }

    /// Each line of `text` wrapped (continuing 2 columns in) and painted;
    /// lines that bring their own colour (plots) keep it.
    private func fit(_ text: String, _ style: TerminalStyle) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { raw -> [String] in
            let line = String(raw)
            let own = line.contains("\u{1B}")
            let shown = colour || !own ? line : strippingEscapes(line)
            return TerminalText.wrap(shown, width: width, indent: 2).map { own ? $0 : style.paint($0, colour: colour) }
        }
    }

    /// A dim note, wrapped.
    public func note(_ phrase: DemoPhrase) -> [String] {
        TerminalText.wrap(phrase.text(language), width: width, indent: 2).map { TerminalStyle.dim.paint($0, colour: colour) }
    }

    /// The title, then the keys: each key list line as a column of keys and a
    /// column of what they do, wrapped under its description.
    public func keyList(title: String? = nil) -> [String] {
        var out: [String] = []
        if let title { out += TerminalText.wrap(DemoPhrase.title(title).text(language), width: width).map { TerminalStyle.bold.paint($0, colour: colour) } + [""] }
        out.append(TerminalStyle.bold.paint(DemoPhrase.keysHeading.text(language), colour: colour))
        let rows = DemoPhrase.keyList.map { phrase -> (String, String) in
            let parts = phrase.text(language).split(separator: "\t", maxSplits: 1).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
        }
        let column = (rows.map { TextWidth.of($0.0) }.max() ?? 0) + 3
        for (keys, meaning) in rows {
            if width - column >= 20 {
                let wrapped = TerminalText.wrap(meaning, width: width - column)
                let pad = String(repeating: " ", count: column)
                out.append(TerminalStyle.cyan.paint(TextWidth.padded(keys, to: column), colour: colour) + (wrapped.first ?? ""))
                out += wrapped.dropFirst().map { pad + $0 }
            } else {
                out.append(TerminalStyle.cyan.paint(keys, colour: colour))
                out += TerminalText.wrap(meaning, width: width - 2).map { "  " + $0 }
            }
        }
        return out + [""]
    }

    /// The status line: the short key list and `step/total`; when that is too
    /// wide, keys are left out from the end (whole, never half a word).
    public func status(step: Int, total: Int) -> String {
        let position = "\(step)/\(total)"
        let full = DemoPhrase.status(step: step, total: total).text(language)
        var keys = String(full.dropLast(position.count)).trimmingCharacters(in: .whitespaces)
            .components(separatedBy: "  ").filter { !$0.isEmpty }
        while !keys.isEmpty && TextWidth.of(keys.joined(separator: "  ")) + 3 + position.count > width { keys.removeLast() }
        let text = keys.isEmpty ? position : keys.joined(separator: "  ") + "   " + position
        return TerminalStyle.dim.paint(text, colour: colour)
    }

    private func strippingEscapes(_ line: String) -> String {
        TerminalText.pieces(line).compactMap(\.character).map(String.init).joined()
    }
}
