import NNBookLanguage

/// Writes a cell's output to the terminal: `Out[n]:` and colour when
/// interactive, bare values when piped; errors to standard error when piped.
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
            if terminal.interactive && showsCounts {
                terminal.write(terminal.paint("Out[\(count)]: ", .boldRed) + text + "\n")
            } else {
                terminal.write(text + "\n")
            }
        case .text(let text, let style):
            terminal.write(styled(text, style) + "\n")
        case .error(let diagnostic, let lines):
            // After the terminal's own "^C", start a fresh line.
            if diagnostic.kind == .interrupted && terminal.interactive { terminal.write("\n") }
            var out: [String] = []
            for (i, line) in lines.enumerated() {
                if i == 0 { out.append(terminal.paint(line, .boldRed)) } else if line.hasPrefix("hint:") {
                    out.append(terminal.paint(line, .cyan))
                } else if line.contains("^") && line.trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    out.append(terminal.paint(line, .red))
                } else { out.append(line) }
            }
            let text = out.joined(separator: "\n") + "\n"
            if terminal.interactive { terminal.write(text) } else { terminal.writeError(text) }
        case .elided:
            terminal.write(terminal.paint(CellResult(count: count, outputs: [item]).plainLines.joined(separator: "\n"), .dim) + "\n")
        }
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


import Foundation
