import NNBookNotebook

/// Markdown prose for this terminal: `TerminalMarkdown` (cmark-gfm) at the
/// terminal's width, with colour and box drawing only when the terminal has them.
enum MarkdownText {
    static func render(_ block: String, _ terminal: Terminal) -> String {
        TerminalMarkdown.render(block, width: terminal.width, colour: terminal.colour, unicode: terminal.unicode)
            .joined(separator: "\n")
    }
}
