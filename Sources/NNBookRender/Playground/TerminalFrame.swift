/// How one terminal cell is drawn: 256-colour foreground and background
/// (nil: the terminal's own) and bold.
public struct CellStyle: Equatable, Hashable, Sendable {
    public var foreground: UInt8?
    public var background: UInt8?
    public var bold: Bool

    public init(foreground: UInt8? = nil, background: UInt8? = nil, bold: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
    }

    public static let plain = CellStyle()

    /// The SGR sequence that sets exactly this style from any other.
    var sgr: String {
        var codes = ["0"]
        if bold { codes.append("1") }
        if let foreground { codes.append("38;5;\(foreground)") }
        if let background { codes.append("48;5;\(background)") }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }
}

/// One character cell of a screen. Every character a frame holds is one column wide.
public struct TerminalCell: Equatable, Sendable {
    public var character: Character
    public var style: CellStyle
}

/// A screen as a grid of cells, `height` rows of `width`: what a full-screen
/// view draws, turned into lines (`lines(colour:)`) or into the bytes that
/// change a terminal from one frame to the next (`TerminalUpdate`).
public struct TerminalFrame: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [[TerminalCell]]

    public init(width: Int, height: Int) {
        self.width = max(width, 0)
        self.height = max(height, 0)
        cells = Array(repeating: Array(repeating: TerminalCell(character: " ", style: .plain), count: self.width), count: self.height)
    }

    /// Writes `text` from (`row`, `column`), one character a cell; what falls outside is cut.
    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle = .plain) {
        guard row >= 0, row < height else { return }
        var c = column
        for ch in text {
            if c >= width { return }
            if c >= 0 { cells[row][c] = TerminalCell(character: ch, style: style) }
            c += 1
        }
    }

    /// One cell.
    public mutating func set(_ ch: Character, row: Int, column: Int, style: CellStyle = .plain) {
        guard row >= 0, row < height, column >= 0, column < width else { return }
        cells[row][column] = TerminalCell(character: ch, style: style)
    }

    /// The rows as text, trailing blanks removed when plain; with `colour`
    /// each run of one style starts with its SGR and every line ends reset.
    public func lines(colour: Bool) -> [String] {
        cells.map { row in
            guard colour else {
                var text = String(row.map(\.character))
                while text.last == " " { text.removeLast() }
                return text
            }
            var text = "", current = CellStyle.plain
            for cell in row {
                if cell.style != current {
                    text += cell.style.sgr
                    current = cell.style
                }
                text.append(cell.character)
            }
            return current == .plain ? text : text + CellStyle.plain.sgr
        }
    }
}

/// The bytes that bring a terminal from one frame to the next.
public enum TerminalUpdate {
    /// Every cell, row by row from the top-left (the first frame, or after a resize).
    public static func full(_ frame: TerminalFrame, colour: Bool) -> String {
        var out = "\u{1B}[0m\u{1B}[H\u{1B}[2J"
        var current = CellStyle.plain
        for r in 0..<frame.height {
            out += cursor(row: r, column: 0)
            for cell in frame.cells[r] { write(cell, colour: colour, current: &current, into: &out) }
        }
        if current != .plain { out += CellStyle.plain.sgr }
        return out
    }

    /// Only what changed: for each row, the runs of changed cells (runs closer
    /// than `gap` cells are joined, as rewriting a few cells costs less than a
    /// cursor move), each after a cursor move, with a style sequence only where
    /// the style changes. A frame of another size is a `full` redraw. Empty when
    /// nothing changed.
    public static func diff(from old: TerminalFrame, to new: TerminalFrame, colour: Bool, gap: Int = 4) -> String {
        guard old.width == new.width, old.height == new.height else { return full(new, colour: colour) }
        var out = "", current = CellStyle.plain
        for r in 0..<new.height {
            let before = old.cells[r], after = new.cells[r]
            var c = 0
            while c < new.width {
                guard differs(before[c], after[c], colour: colour) else { c += 1; continue }
                var end = c + 1, quiet = 0, probe = c + 1
                while probe < new.width, quiet < gap {
                    if differs(before[probe], after[probe], colour: colour) { end = probe + 1; quiet = 0 } else { quiet += 1 }
                    probe += 1
                }
                out += cursor(row: r, column: c)
                for k in c..<end { write(after[k], colour: colour, current: &current, into: &out) }
                c = end
            }
        }
        if current != .plain { out += CellStyle.plain.sgr }
        return out
    }

    private static func differs(_ a: TerminalCell, _ b: TerminalCell, colour: Bool) -> Bool {
        a.character != b.character || (colour && a.style != b.style)
    }

    private static func cursor(row: Int, column: Int) -> String { "\u{1B}[\(row + 1);\(column + 1)H" }

    private static func write(_ cell: TerminalCell, colour: Bool, current: inout CellStyle, into out: inout String) {
        if colour, cell.style != current {
            out += cell.style.sgr
            current = cell.style
        }
        out.append(cell.character)
    }
}
