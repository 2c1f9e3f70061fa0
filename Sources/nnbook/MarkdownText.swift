/// Markdown prose for a terminal: `# headings` in bold, `**strong**` bold,
/// `*emphasis*` dim, `` `code` `` in cyan; markers removed. Plain (no colour)
/// terminals get the text without the markers.
enum MarkdownText {
    static func render(_ block: String, _ terminal: Terminal, headingsUppercase: Bool = false) -> String {
        block.split(separator: "\n", omittingEmptySubsequences: false).map { raw -> String in
            let line = String(raw)
            if line.hasPrefix("#") {
                let title = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                return terminal.paint(headingsUppercase ? title.uppercased() : title, .bold)
            }
            return inline(line, terminal)
        }.joined(separator: "\n")
    }

    /// Replaces paired markers; an unpaired marker is left as written.
    static func inline(_ line: String, _ terminal: Terminal) -> String {
        var out = line
        for (marker, paint) in [("**", Terminal.Paint.bold), ("`", .cyan), ("*", .dim)] {
            var parts = out.components(separatedBy: marker)
            guard parts.count >= 3 else { continue }
            var rebuilt = parts.removeFirst()
            while parts.count >= 2 {
                rebuilt += terminal.paint(parts.removeFirst(), paint)
                rebuilt += parts.removeFirst()
            }
            if let rest = parts.first { rebuilt += marker + rest }
            out = rebuilt
        }
        return out
    }
}
