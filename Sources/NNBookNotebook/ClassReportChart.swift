import Foundation
import NNBookRender

/// The class report as a picture a teacher can project: per lesson, one row
/// per cell with a bar of the class split into solved (green), solved with
/// hints (orange), reached but not solved (red) and not reached (grey), the
/// numbers beside it, and the most common wrong answers under them.
/// Every text from the reports goes through `SVGChart.escape` after
/// `ClassReport.visible`; the HTML page holds no script and loads nothing.
extension ClassReport {
    static let chartWidth = 960.0
    static let barLeft = 70.0
    static let barWidth = 360.0
    static let rowHeight = 40.0
    static let colours = (solved: "#2ca02c", hints: "#ff7f0e", notSolved: "#d62728", notReached: "#dddddd")

    /// A standalone SVG document.
    public func svg(title: String = "Class report") -> String {
        let (height, body) = chartBody(top: 50)
        return SVGChart.document(Self.chartWidth, height, title: title, body: body)
    }

    /// A self-contained HTML page: the chart, a table per lesson, and the files skipped.
    public func html(title: String = "Class report") -> String {
        func e(_ s: String) -> String { SVGChart.escape(Self.visible(s)) }
        var out = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
                   "<title>\(e(title))</title>",
                   "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}"
                   + "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}td.answers{text-align:left}"
                   + "code{white-space:pre-wrap}</style>",
                   "</head>", "<body>", "<h1>\(e(title))</h1>",
                   "<p>\(reports) report\(reports == 1 ? "" : "s") read.</p>"]
        if !problems.isEmpty {
            out.append("<p>Files skipped:</p><ul>")
            out += problems.map { "<li><code>\(e($0.path))</code>: \(e($0.message))</li>" }
            out.append("</ul>")
        }
        let (height, body) = chartBody(top: 10)
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(SVGChart.num(Self.chartWidth))\" height=\"\(SVGChart.num(height))\" "
                   + "viewBox=\"0 0 \(SVGChart.num(Self.chartWidth)) \(SVGChart.num(height))\" font-family=\"sans-serif\" font-size=\"12\">")
        out += body
        out.append("</svg>")
        for l in lessons {
            out.append("<h2>Lesson \(e(l.lesson)): \(e(l.title))</h2>")
            out.append("<table><tr><th>cell</th><th>finished</th><th>solved</th><th>with hints</th><th>not solved</th>"
                       + "<th>median tries</th><th>median time</th><th>most common wrong answers</th></tr>")
            for c in l.cells {
                let answers = c.commonWrong.map { "×\($0.count) <code>\(e($0.answer))</code>\(e(ClassReport.mistakeNote($0.mistake)))" }.joined(separator: "<br>")
                out.append("<tr><td>\(c.cell)</td><td>\(c.finished)/\(c.students)</td><td>\(c.solved)</td><td>\(c.solvedWithHints)</td>"
                           + "<td>\(c.notSolved)</td><td>\(c.medianAttempts.map(Self.number) ?? "–")</td>"
                           + "<td>\(c.medianSeconds.map(Self.duration) ?? "–")</td><td class=\"answers\">\(answers)</td></tr>")
            }
            out.append("</table>")
        }
        out += ["</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    /// The chart's elements from `top` down, and the height they need.
    func chartBody(top: Double) -> (height: Double, body: [String]) {
        func e(_ s: String) -> String { SVGChart.escape(Self.visible(s)) }
        func n(_ v: Double) -> String { SVGChart.num(v) }
        var body: [String] = []
        var y = top
        let legend = [("solved", Self.colours.solved), ("solved with hints", Self.colours.hints),
                      ("not solved", Self.colours.notSolved), ("not reached", Self.colours.notReached)]
        var x = Self.barLeft
        for (label, colour) in legend {
            body.append("<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"12\" height=\"12\" fill=\"\(colour)\"/>"
                        + "<text x=\"\(n(x + 16))\" y=\"\(n(y + 10))\">\(label)</text>")
            x += 150
        }
        y += 30
        if lessons.isEmpty {
            body.append("<text x=\"\(n(Self.barLeft))\" y=\"\(n(y + 14))\">No reports to show.</text>")
            y += 30
        }
        for l in lessons {
            body.append("<text x=\"10\" y=\"\(n(y + 14))\" font-size=\"15\" font-weight=\"bold\">Lesson \(e(l.lesson)): \(e(l.title)) — "
                        + "\(l.students) student\(l.students == 1 ? "" : "s")</text>")
            y += 26
            for c in l.cells {
                body.append("<g class=\"cell\">")
                body.append("<text x=\"10\" y=\"\(n(y + 14))\">cell \(c.cell)</text>")
                let parts = [(c.solved, Self.colours.solved), (c.solvedWithHints, Self.colours.hints),
                             (c.notSolved, Self.colours.notSolved), (max(0, c.students - c.reached), Self.colours.notReached)]
                var bx = Self.barLeft
                for (count, colour) in parts where count > 0 && c.students > 0 {
                    let w = Self.barWidth * Double(count) / Double(c.students)
                    body.append("<rect x=\"\(n(bx))\" y=\"\(n(y + 2))\" width=\"\(n(w))\" height=\"16\" fill=\"\(colour)\"><title>\(count)</title></rect>")
                    bx += w
                }
                let numbers = "\(c.finished)/\(c.students) finished · median \(c.medianAttempts.map(Self.number) ?? "–") tries · "
                    + (c.medianSeconds.map(Self.duration) ?? "–")
                body.append("<text x=\"\(n(Self.barLeft + Self.barWidth + 12))\" y=\"\(n(y + 14))\">\(e(numbers))</text>")
                if !c.commonWrong.isEmpty {
                    let wrong = "wrong: " + c.commonWrong.map { "×\($0.count) " + Self.shown($0.answer, limit: 40) + ClassReport.mistakeNote($0.mistake) }.joined(separator: "  ")
                    body.append("<text x=\"\(n(Self.barLeft))\" y=\"\(n(y + 32))\" font-size=\"11\" fill=\"#555\">\(e(wrong))</text>")
                }
                body.append("</g>")
                y += Self.rowHeight
            }
            y += 10
        }
        return (y + 10, body)
    }
}
