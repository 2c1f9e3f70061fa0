import NNBookLanguage
import NNBookNotebook

/// Writes a cell's output to the terminal: `Out[n]:` and colour when
/// interactive, bare values when piped; errors to standard error when piped.
///
/// On a terminal every line is wrapped at spaces to its width (continuation
/// lines indented by two), so a long trace or vector never has a number cut
/// in half at the edge. Charts are drawn to fit already, and an error's
/// source line and its `^^^` underline stay whole so they line up. Piped
/// output is never wrapped.
struct Renderer {
    let terminal: Terminal
    /// `Out[n]:` before results (the REPL); a lesson shows results bare.
    var showsCounts = true

    func render(_ result: CellResult) {
        if result.streamed { return }
        for item in result.outputs { render(item, count: result.count) }
    }

    func render(_ item: OutputItem, count: Int) {
        switch item {
        case .result(let count, let text):
            let head = terminal.interactive && showsCounts ? "Out[\(count)]: " : ""
            let lines = wrapped(head + text)
            guard let first = lines.first else { return }
            let painted = head.isEmpty ? first : terminal.paint(head, .boldRed) + String(first.dropFirst(head.count))
            terminal.write(([painted] + lines.dropFirst()).joined(separator: "\n") + "\n")
        case .text(let text, let style):
            let lines = style == .chart ? [text] : wrapped(text)
            terminal.write(lines.map { styled($0, style) }.joined(separator: "\n") + "\n")
        case .error(let diagnostic, let lines):
            // After the terminal's own "^C", start a fresh line.
            if diagnostic.kind == .interrupted && terminal.interactive { terminal.write("\n") }
            var out: [String] = []
            for (i, line) in lines.enumerated() {
                if i == 0 {
                    out += wrapped(line).map { terminal.paint($0, .boldRed) }
                } else if line.hasPrefix("hint:") {
                    out += wrapped(line).map { terminal.paint($0, .cyan) }
                } else if line.contains("^") && line.trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    out.append(terminal.paint(line, .red))
                } else {
                    out.append(line)
                }
            }
            let text = out.joined(separator: "\n") + "\n"
            if terminal.interactive { terminal.write(text) } else { terminal.writeError(text) }
        case .elided:
            terminal.write(terminal.paint(CellResult(count: count, outputs: [item]).plainLines.joined(separator: "\n"), .dim) + "\n")
        }
    }

    /// The lines of `text`, each wrapped to the terminal's width when interactive.
    private func wrapped(_ text: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard terminal.interactive else { return lines }
        let width = terminal.width
        return lines.flatMap { TerminalText.width($0) <= width ? [$0] : TerminalText.wrap($0, width: width, indent: 2) }
    }

    private func styled(_ text: String, _ style: OutputStyle) -> String {
        switch style {
        case .plain, .explain, .chart: return text
        case .echo: return terminal.paint(text, .cyan)
        case .heading: return terminal.paint(text, .bold)
        case .note: return terminal.paint(text, .dim)
        case .warning: return terminal.paint(text, .yellow)
        }
    }
}
