import Foundation

/// Horizontal bars of numbers from 0 to 1, one row each: a classifier's
/// probabilities, one per class.
///
/// ```
/// 0 ████████████████████████████████▌        81.20%  ◀ predicted
/// 1 ██▏                                       5.31%
/// ```
/// A bar is `barWidth` cells long at 1, drawn in eighths of a cell (`▏▎▍▌▋▊▉█`),
/// or whole `#`s in ASCII; a value that is not finite counts as 0. The row
/// `marked` ends with `◀ predicted` (`< predicted`); with colour its bar is green.
public enum BarChart {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

    public struct Bar: Sendable {
        public let label: String
        public let value: Double
        /// The value as the session writes it (`81.20%`).
        public let text: String
        public init(label: String, value: Double, text: String) {
            self.label = label
            self.value = value
            self.text = text
        }
    }

    public static func render(_ bars: [Bar], marked: Int?, barWidth: Int = 40, style: ChartStyle) -> [String] {
        let labelWidth = bars.map { TextWidth.of(LineChart.clean($0.label)) }.max() ?? 0
        let textWidth = bars.map { TextWidth.of($0.text) }.max() ?? 0
        let cells = max(1, barWidth)
        return bars.enumerated().map { i, bar in
            let label = LineChart.clean(bar.label)
            var line = String(repeating: " ", count: labelWidth - TextWidth.of(label)) + label + " "
            let b = self.bar(bar.value, cells: cells, unicode: style.unicode)
            let padded = b + String(repeating: " ", count: cells - b.count)
            line += style.colour && i == marked ? "\u{1B}[32m" + padded + LineChart.reset : padded
            line += " " + String(repeating: " ", count: textWidth - TextWidth.of(bar.text)) + bar.text
            if i == marked { line += style.unicode ? "  ◀ predicted" : "  < predicted" }
            return line
        }
    }

    /// A bar of `value` × `cells` cells, in eighths (unicode) or whole `#`s.
    static func bar(_ value: Double, cells: Int, unicode: Bool) -> String {
        let v = value.isFinite ? min(max(value, 0), 1) : 0
        guard unicode else { return String(repeating: "#", count: Int((v * Double(cells)).rounded())) }
        let eighthsTotal = Int((v * Double(cells) * 8).rounded())
        var s = String(repeating: "█", count: eighthsTotal / 8)
        if eighthsTotal % 8 > 0 { s.append(eighths[eighthsTotal % 8 - 1]) }
        return s
    }
}
