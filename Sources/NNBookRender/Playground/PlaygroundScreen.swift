/// A 2-D point as the screen draws it.
public struct PlaygroundScreenPoint: Equatable, Sendable {
    public var x: Double
    public var y: Double
    /// 0 or 1.
    public var label: Int
    public var isTest: Bool
    public init(x: Double, y: Double, label: Int, isTest: Bool) {
        self.x = x
        self.y = y
        self.label = label
        self.isTest = isTest
    }
}

/// What the playground screen shows, as numbers and strings already worked out
/// (the screen knows nothing of networks or training).
public struct PlaygroundScreenState: Sendable {
    /// The neurons column by column (inputs, hidden layers, output): each its
    /// label (inputs only) and its output over the plane at the layout's
    /// `mapColumns × mapRows`, row-major, top row first.
    public var columns: [[(label: String?, map: [Double])]]
    /// Between column k and k + 1: `weights[k][j][i]` from neuron i to neuron j
    /// (in the backward view, each weight's gradient).
    public var weights: [[[Double]]]
    /// The model's probability of class 1 at the layout's `regionColumns × regionRows`.
    public var decision: [Double]
    public var points: [PlaygroundScreenPoint]
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    public var trainLoss: [Double]
    public var testLoss: [Double]
    public var epoch: Int
    /// The settings as short phrases (`data circle`, `rate 0.1`), written in order as they fit.
    public var settings: [String]
    public var playing: Bool
    /// The backward view: the strips show gradients, not weights.
    public var backward: Bool
    /// The selected neuron, (column, index), marked with `>`.
    public var selected: (column: Int, neuron: Int)?
    /// The selected neuron's selected incoming weight (its input's index): its glyph on a yellow ground, or `@` without colour.
    public var selectedWeight: Int?
    /// How a number is written (the session's number format).
    public var format: @Sendable (Double) -> String
    /// One line under the settings: what the last key did, or the selected neuron's weights.
    public var notice: String?
    /// Text shown in a box over the network (`e`'s explanation, the feature chooser), or empty.
    public var panel: [String] = []

    public init(
        columns: [[(label: String?, map: [Double])]], weights: [[[Double]]], decision: [Double], points: [PlaygroundScreenPoint],
        xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, trainLoss: [Double], testLoss: [Double], epoch: Int,
        settings: [String], playing: Bool = false, backward: Bool = false, selected: (column: Int, neuron: Int)? = nil, selectedWeight: Int? = nil,
        format: @escaping @Sendable (Double) -> String
    ) {
        self.columns = columns
        self.weights = weights
        self.decision = decision
        self.points = points
        self.xRange = xRange
        self.yRange = yRange
        self.trainLoss = trainLoss
        self.testLoss = testLoss
        self.epoch = epoch
        self.settings = settings
        self.playing = playing
        self.backward = backward
        self.selected = selected
        self.selectedWeight = selectedWeight
        self.format = format
    }
}

/// Where everything goes on a screen of one size, for a network of given column sizes.
public struct PlaygroundLayout: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// The size of each neuron's map, in cells.
    public let mapColumns: Int
    public let mapRows: Int
    /// The decision-region panel, in cells (one sample a cell).
    public let regionColumns: Int
    public let regionRows: Int
    let bodyTop: Int
    let bodyRows: Int
    let slot: Int
    let columnLefts: [Int]
    let stripWidths: [Int]
    let labelWidth: Int
    let panelLeft: Int
    let lossRows: Int
    let legend: [String]
}

/// The TensorFlow Playground as a text screen: the settings and epoch at the
/// top, the network as columns of neurons (each a small map of its output
/// over the plane, its incoming weights beside it by sign and size), the
/// data over the decision regions on the right, the loss chart under them,
/// and the keys at the bottom. Without colour a value's sign is its glyph
/// (blocks ` ░▒▓█` above 0, ` ·-=≡` below, as `PixelChart`); with colour,
/// blue above 0 (class 1) and orange below (class 0), as the Playground.
public struct PlaygroundScreen: Sendable {
    public static let minimumWidth = 80
    public static let minimumHeight = 24
    /// The keys, as the legend lists them.
    public static let keys: [(key: String, action: String)] = [
        ("space", "play/pause"), ("→", "step"), ("+/-", "rate"), ("a", "activation"), ("[ ]", "layers"),
        ("{ }", "neurons"), ("d", "data"), ("n", "noise"), ("t", "split"), ("b", "batch"), ("f", "features"),
        ("r", "regularization"), ("< >", "λ"), ("Tab", "select"), ("w", "weight"), ("e", "explain"), ("s", "svg"), ("x", "csv"), ("R", "rewind"),
        ("v", "view"), ("q", "quit"),
    ]

    public let width: Int
    public let height: Int
    public let colour: Bool

    /// A screen larger than `maximumWidth × maximumHeight` is drawn at that size.
    public static let maximumWidth = 1000
    public static let maximumHeight = 500

    public init(width: Int, height: Int, colour: Bool) {
        self.width = min(max(width, 0), Self.maximumWidth)
        self.height = min(max(height, 0), Self.maximumHeight)
        self.colour = colour
    }

    /// The layout for columns of these many neurons (inputs first, output last),
    /// or nil below 80×24.
    public func layout(columns: [Int]) -> PlaygroundLayout? {
        guard width >= Self.minimumWidth, height >= Self.minimumHeight, !columns.isEmpty else { return nil }
        let legend = Self.legendLines(width: width)
        let bodyTop = 4, bodyRows = height - bodyTop - legend.count
        let panelWidth = min(width * 2 / 5, 2 * bodyRows + 8)
        let panelLeft = width - panelWidth
        let lossRows = max(4, bodyRows / 4)
        let regionRows = bodyRows - lossRows - 1
        let labelWidth = 7
        let networkWidth = panelLeft - 2 - labelWidth
        let tallest = max(columns.max() ?? 1, 1)
        let slot = max(bodyRows / tallest, 1)
        var strips = [0] + columns.dropLast().map { $0 }
        func needed(_ map: Int, _ s: [Int]) -> Int { s.reduce(0) { $0 + $1 + ($1 > 0 ? 1 : 0) } + columns.count * (map + 1) }
        var mapColumns = 2
        for candidate in [12, 10, 8, 6, 4, 3, 2] where needed(candidate, strips) <= networkWidth {
            mapColumns = candidate
            break
        }
        // Still too wide: narrow the weight strips, widest first.
        while needed(mapColumns, strips) > networkWidth, let k = strips.indices.max(by: { strips[$0] < strips[$1] }), strips[k] > 1 {
            strips[k] -= 1
        }
        var lefts: [Int] = [], x = labelWidth
        for k in columns.indices {
            x += strips[k] + (strips[k] > 0 ? 1 : 0)
            lefts.append(x)
            x += mapColumns + 1
        }
        let mapRows = max(1, min(slot - 1, mapColumns / 2))
        return PlaygroundLayout(
            width: width, height: height, mapColumns: mapColumns, mapRows: mapRows, regionColumns: panelWidth - 1,
            regionRows: regionRows, bodyTop: bodyTop, bodyRows: bodyRows, slot: slot, columnLefts: lefts, stripWidths: strips,
            labelWidth: labelWidth, panelLeft: panelLeft, lossRows: lossRows, legend: legend)
    }

    /// The message shown instead of the screen below 80×24.
    public var tooSmallMessage: String {
        "The playground needs a terminal of at least \(Self.minimumWidth)×\(Self.minimumHeight); this one is \(width)×\(height). Make the window larger."
    }

    /// One frame. Below 80×24 (or for a state that does not fit its layout) it
    /// holds only `tooSmallMessage`, wrapped to the width.
    public func render(_ state: PlaygroundScreenState) -> TerminalFrame {
        var frame = TerminalFrame(width: width, height: height)
        guard let layout = layout(columns: state.columns.map(\.count)) else {
            for (r, line) in wrap(tooSmallMessage.split(separator: " ").map(String.init), width: max(width, 1), separator: " ").enumerated() {
                frame.put(line, row: r, column: 0)
            }
            return frame
        }
        drawHeader(state, into: &frame)
        drawNetwork(state, layout, into: &frame)
        drawRegion(state, layout, into: &frame)
        drawLoss(state, layout, into: &frame)
        if let notice = state.notice {
            let fitted = notice.count > width ? String(notice.prefix(width - 1)) + "…" : notice
            frame.put(fitted, row: layout.bodyTop - 1, column: 0, style: CellStyle(bold: colour))
        }
        drawPanel(state.panel, layout, into: &frame)
        for (k, line) in layout.legend.enumerated() {
            drawLegendLine(line, row: height - layout.legend.count + k, into: &frame)
        }
        return frame
    }

    // MARK: - Parts

    private func drawHeader(_ s: PlaygroundScreenState, into frame: inout TerminalFrame) {
        let last = { (v: [Double]) in v.last.map(s.format) ?? "–" }
        let status = "\(s.playing ? "playing" : "paused")  epoch \(s.epoch)  loss: train \(last(s.trainLoss)) test \(last(s.testLoss))  view: \(s.backward ? "backward" : "forward")"
        frame.put("playground", row: 0, column: 0, style: CellStyle(bold: colour))
        frame.put(status, row: 0, column: 12)
        for (k, line) in wrap(s.settings, width: width, separator: " · ").prefix(2).enumerated() {
            frame.put(line, row: 1 + k, column: 0, style: CellStyle(foreground: colour ? 245 : nil))
        }
    }

    private func drawNetwork(_ s: PlaygroundScreenState, _ l: PlaygroundLayout, into frame: inout TerminalFrame) {
        // Gradients are far smaller than weights: the backward view sizes them against the largest, so its glyphs say which move most.
        let largest = s.weights.lazy.flatMap { $0.lazy.flatMap { $0 } }.map(abs).filter(\.isFinite).max() ?? 0
        let scale = s.backward && largest > 0 ? 2 / largest : 1
        for (k, column) in s.columns.enumerated() where k < l.columnLefts.count {
            let top = l.bodyTop + (l.bodyRows - column.count * l.slot) / 2
            for (j, neuron) in column.enumerated() {
                let row = top + j * l.slot
                let left = l.columnLefts[k]
                if let label = neuron.label {
                    frame.put(String(label.prefix(l.labelWidth - 1)), row: row, column: 0)
                }
                if let selected = s.selected, selected.column == k, selected.neuron == j {
                    frame.set(">", row: row, column: left - 1, style: CellStyle(bold: colour))
                }
                drawMap(neuron.map, columns: l.mapColumns, rows: l.mapRows, row: row, column: left, into: &frame)
                if k > 0, k - 1 < s.weights.count, j < s.weights[k - 1].count {
                    let incoming = s.weights[k - 1][j].prefix(l.stripWidths[k])
                    let isSelected = s.selected.map { $0.column == k && $0.neuron == j } ?? false
                    for (i, w) in incoming.enumerated() {
                        var (glyph, style) = weightGlyph(w * scale)
                        if isSelected, s.selectedWeight == i {
                            if colour { style = CellStyle(foreground: 16, background: 226, bold: true) } else { glyph = "@" }
                        }
                        frame.set(glyph, row: row + (l.mapRows - 1) / 2, column: left - 1 - l.stripWidths[k] + i, style: style)
                    }
                }
            }
        }
    }

    private func drawMap(_ map: [Double], columns: Int, rows: Int, row: Int, column: Int, into frame: inout TerminalFrame) {
        let scale = max(map.lazy.map(abs).max() ?? 1, 1)
        for r in 0..<rows {
            for c in 0..<columns {
                let index = r * columns + c
                let v = index < map.count ? map[index] / scale : 0
                let (glyph, style) = shade(v.isFinite ? v : 0)
                frame.set(glyph, row: row + r, column: column + c, style: style)
            }
        }
    }

    private func drawRegion(_ s: PlaygroundScreenState, _ l: PlaygroundLayout, into frame: inout TerminalFrame) {
        let top = l.bodyTop, left = l.panelLeft + 1
        for r in 0..<l.regionRows {
            for c in 0..<l.regionColumns {
                let index = r * l.regionColumns + c
                let p = index < s.decision.count ? s.decision[index] : 0.5
                let (glyph, style) = shade(p.isFinite ? 2 * p - 1 : 0, light: true)
                frame.set(glyph, row: top + r, column: left + c, style: style)
            }
        }
        let xSpan = s.xRange.upperBound - s.xRange.lowerBound, ySpan = s.yRange.upperBound - s.yRange.lowerBound
        guard xSpan > 0, ySpan > 0 else { return }
        // Training points last, on top: they are what the model is fitted to (the Playground hides test points by default).
        for point in s.points.filter(\.isTest) + s.points.filter({ !$0.isTest }) {
            let x = ((point.x - s.xRange.lowerBound) / xSpan * Double(l.regionColumns)).rounded(.down)
            let y = ((s.yRange.upperBound - point.y) / ySpan * Double(l.regionRows)).rounded(.down)
            guard x >= 0, x < Double(l.regionColumns), y >= 0, y < Double(l.regionRows) else { continue }
            let c = Int(x), r = Int(y)
            let background = frame.cells[top + r][left + c].style.background
            let glyph: Character = colour ? (point.isTest ? "○" : "●") : (point.label == 1 ? (point.isTest ? "O" : "o") : (point.isTest ? "X" : "x"))
            frame.set(glyph, row: top + r, column: left + c, style: CellStyle(foreground: colour ? (point.label == 1 ? 21 : 166) : nil, background: background, bold: colour))
        }
    }

    private func drawLoss(_ s: PlaygroundScreenState, _ l: PlaygroundLayout, into frame: inout TerminalFrame) {
        let top = l.bodyTop + l.regionRows + 1, left = l.panelLeft + 1
        let last = { (v: [Double]) in v.last.map(s.format) ?? "–" }
        let trainPart = "loss train \(colour ? "•" : "*") \(last(s.trainLoss)) "
        frame.put(trainPart + "test \(colour ? "•" : "+") \(last(s.testLoss))", row: top, column: left)
        if colour {
            frame.set("•", row: top, column: left + 11, style: CellStyle(foreground: 245))
            frame.set("•", row: top, column: left + trainPart.count + 5, style: CellStyle(foreground: 16))
        }
        let rows = l.lossRows - 1, columns = l.regionColumns
        let all = (s.trainLoss + s.testLoss).filter(\.isFinite)
        guard rows > 0, let high = all.max(), high > 0 else { return }
        // Test first, so where the two meet the training loss shows.
        for (series, glyph, fg) in [(s.testLoss, Character(colour ? "•" : "+"), UInt8(16)), (s.trainLoss, Character(colour ? "•" : "*"), UInt8(245))] {
            guard !series.isEmpty else { continue }
            for c in 0..<min(columns, series.count) {
                let index = series.count <= columns ? c : (c + 1) * series.count / columns - 1
                let v = series[index]
                guard v.isFinite else { continue }
                let r = rows - 1 - Int((max(0, min(v, high)) / high * Double(rows - 1)).rounded())
                frame.set(glyph, row: top + 1 + r, column: left + c, style: CellStyle(foreground: colour ? fg : nil))
            }
        }
    }

    /// `lines` in a box over the body, the whole width. A line too long is
    /// wrapped at a space, its continuation indented; when the lines do not
    /// all fit, the last one (what to press) still shows, after a `…`.
    private func drawPanel(_ lines: [String], _ l: PlaygroundLayout, into frame: inout TerminalFrame) {
        guard !lines.isEmpty else { return }
        let inner = width - 4
        guard inner > 8, l.bodyRows > 2 else { return }
        var wrapped = lines.flatMap { Self.wrapText($0, width: inner, indent: 4) }
        let room = l.bodyRows - 2
        if wrapped.count > room, let last = wrapped.last {
            wrapped = Array(wrapped.prefix(max(room - 2, 0))) + ["…", last]
        }
        let horizontal = String(repeating: "─", count: inner + 2)
        frame.put("┌" + horizontal + "┐", row: l.bodyTop, column: 0)
        for (k, line) in wrapped.enumerated() {
            frame.put("│ " + line.padding(toLength: inner, withPad: " ", startingAt: 0) + " │", row: l.bodyTop + 1 + k, column: 0)
        }
        frame.put("└" + horizontal + "┘", row: l.bodyTop + 1 + wrapped.count, column: 0)
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a word
    /// longer than a line is cut), each line after the first indented.
    static func wrapText(_ text: String, width: Int, indent: Int) -> [String] {
        guard text.count > width else { return [text] }
        var lines: [String] = [], line = ""
        func limit() -> Int { lines.isEmpty ? width : width - indent }
        for word in text.split(separator: " ").map(String.init) {
            if line.isEmpty { line = word } else if line.count + 1 + word.count <= limit() { line += " " + word } else {
                lines.append(line)
                line = word
            }
            while line.count > limit() {
                let cut = limit()
                lines.append(String(line.prefix(cut)))
                line = String(line.dropFirst(cut))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.enumerated().map { $0 == 0 ? $1 : String(repeating: " ", count: indent) + $1 }
    }

    private func drawLegendLine(_ line: String, row: Int, into frame: inout TerminalFrame) {
        frame.put(line, row: row, column: 0)
        guard colour else { return }
        // Keys bold: each item is `KEY action`, items two spaces apart.
        var column = 0
        for item in line.components(separatedBy: "  ") {
            if let key = Self.keys.first(where: { item.hasPrefix($0.key + " ") })?.key {
                frame.put(key, row: row, column: column, style: CellStyle(bold: true))
            }
            column += item.count + 2
        }
    }

    // MARK: - Glyphs

    /// A value in −1…1 as a cell: five shades a sign (`PixelChart`'s), or with
    /// colour a blank on a blue (above 0) or orange (below 0) ground.
    private func shade(_ v: Double, light: Bool = false) -> (Character, CellStyle) {
        let level = min(4, Int((min(abs(v), 1) * 4).rounded()))
        guard colour else {
            let glyphs: [Character] = v >= 0 ? [" ", "░", "▒", "▓", "█"] : [" ", "·", "-", "=", "≡"]
            return (light ? (level >= 3 ? glyphs[1] : " ") : glyphs[level], .plain)
        }
        // Level 0 (near 0, or p near ½) keeps the terminal's own ground, light or dark.
        let blue: [UInt8] = [0, 153, 110, 68, 25], orange: [UInt8] = [0, 223, 216, 209, 202]
        let shade = light ? min(level, 2) : level
        return (" ", CellStyle(background: shade == 0 ? nil : (v >= 0 ? blue : orange)[shade]))
    }

    /// A weight by sign and size: `·` below 0.1, `+`/`-` below 1, `#`/`=` from 1
    /// (in the backward view a gradient, as a share of twice the largest);
    /// with colour blue or orange, bold from 1.
    private func weightGlyph(_ w: Double) -> (Character, CellStyle) {
        let size = abs(w)
        let glyph: Character = size < 0.1 ? "·" : (size < 1 ? (w > 0 ? "+" : "-") : (w > 0 ? "#" : "="))
        return (glyph, CellStyle(foreground: colour ? (w >= 0 ? 25 : 202) : nil, bold: colour && size >= 1))
    }

    // MARK: - Text

    static func legendLines(width: Int) -> [String] {
        PlaygroundScreen(width: width, height: 0, colour: false).wrap(keys.map { "\($0.key) \($0.action)" }, width: width, separator: "  ")
    }

    /// Items joined by `separator` into lines of at most `width` characters.
    private func wrap(_ items: [String], width: Int, separator: String) -> [String] {
        var lines: [String] = [], line = ""
        for item in items {
            if line.isEmpty { line = item } else if line.count + separator.count + item.count <= width { line += separator + item } else {
                lines.append(line)
                line = item
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
