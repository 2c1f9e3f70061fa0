import Foundation

/// A grid of numbers to draw as pixels: an image (an 8×8 digit, a 28×28 MNIST
/// image), a matrix of weights, or one unit's weights laid out as an image.
public struct PixelGrid: Sendable {
    /// Written in the frame's top edge (`unit 3`), if any.
    public var title: String?
    public let rows: Int
    public let columns: Int
    /// Row by row; `rows × columns` numbers (missing ones are drawn blank).
    public let values: [Double]

    public init(title: String? = nil, rows: Int, columns: Int, values: [Double]) {
        self.title = title
        self.rows = max(0, rows)
        self.columns = max(0, columns)
        self.values = values
    }

    func value(_ r: Int, _ c: Int) -> Double {
        let i = r * columns + c
        return i < values.count ? values[i] : .nan
    }
}

/// How a number becomes a shade.
public enum PixelShading: Sendable, Equatable {
    /// An image: the range's lower end is blank paper, its upper end full ink.
    case grey(ClosedRange<Double>)
    /// Signed numbers such as weights: 0 is blank, `+limit` the strongest
    /// positive shade and `-limit` the strongest negative one.
    case signed(limit: Double)
}

/// Grids of numbers drawn as pixels in a terminal, two characters per pixel so
/// a pixel is about square.
///
/// A number becomes one of five shades: its place in the shading's range
/// (for `.signed`, its size against the limit) is rounded to the nearest
/// quarter, 0 being blank. Positive numbers and grey images use the block
/// shades ` ░▒▓█`; negative numbers use ` ·-=≡`, lines rather than blocks, so
/// the two signs differ without colour. With `colour`, an image's pixels are
/// blanks on 24 greys from black (paper) to white (ink), and signed numbers are
/// block shades in red (positive) or blue (negative). ASCII (`unicode` off)
/// uses ` .:+#` and ` ,-=~`.
public enum PixelChart {
    static let blocks: [Character] = [" ", "░", "▒", "▓", "█"]
    static let lines: [Character] = [" ", "·", "-", "=", "≡"]
    static let asciiBlocks: [Character] = [" ", ".", ":", "+", "#"]
    static let asciiLines: [Character] = [" ", ",", "-", "=", "~"]
    /// 256-colour foregrounds for signed numbers: red for positive, blue for negative.
    static let positiveColour = "\u{1B}[38;5;196m", negativeColour = "\u{1B}[38;5;33m"

    /// The shade of `v`: 0 (blank) to 4 (full), negative for negative numbers
    /// under `.signed`. NaN and infinities are blank.
    public static func level(_ v: Double, _ shading: PixelShading) -> Int {
        guard v.isFinite else { return 0 }
        let f: Double
        switch shading {
        case .grey(let r): f = r.upperBound > r.lowerBound ? (v - r.lowerBound) / (r.upperBound - r.lowerBound) : 0
        case .signed(let limit): f = limit > 0 ? v / limit : 0
        }
        let q = (min(max(f, -1), 1) * 4).rounded()
        if case .grey = shading { return Int(max(q, 0)) }
        return Int(q)
    }

    /// Draws each grid in a frame (its title in the top edge), side by side as
    /// many as fit in `style.width`, then further rows of frames. Every line has
    /// display width ≤ `style.width` unless one frame alone is wider.
    ///
    /// `compact` halves the size for pictures too tall for the screen (a 28×28
    /// image in 28 columns and 14 lines): one character per pixel, each line two
    /// rows of pixels. With colour an image keeps every pixel (`▀`, the upper
    /// pixel's grey in front, the lower's behind); without, a character shows the
    /// two pixels' mean shade, or `▀`/`▄` where ink meets paper.
    public static func render(_ grids: [PixelGrid], shading: PixelShading, style: ChartStyle, compact: Bool = false) -> [String] {
        var out: [String] = []
        var row: [(lines: [String], width: Int)] = [], used = 0
        for grid in grids {
            let w = (compact ? 1 : 2) * grid.columns + 2
            if !row.isEmpty, used + 1 + w > style.width {
                out += joined(row)
                row = []; used = 0
            }
            used += (row.isEmpty ? 0 : 1) + w
            row.append((frame(grid, shading: shading, style: style, compact: compact), w))
        }
        return out + joined(row)
    }

    /// Frames side by side, one space apart; a shorter frame is padded with blanks.
    static func joined(_ frames: [(lines: [String], width: Int)]) -> [String] {
        let height = frames.map(\.lines.count).max() ?? 0
        return (0..<height).map { i in
            let parts = frames.map { f in i < f.lines.count ? f.lines[i] : String(repeating: " ", count: f.width) }
            return String(parts.joined(separator: " ").reversed().drop { $0 == " " }.reversed())
        }
    }

    /// One grid in its frame: `┌ title ──┐`, the rows between `│`s, `└──┘`.
    static func frame(_ grid: PixelGrid, shading: PixelShading, style: ChartStyle, compact: Bool = false) -> [String] {
        let (v, h, tl, tr, bl, br): (Character, Character, Character, Character, Character, Character) =
            style.unicode ? ("│", "─", "┌", "┐", "└", "┘") : ("|", "-", "+", "+", "+", "+")
        let inner = (compact ? 1 : 2) * grid.columns
        var top = String(tl)
        if let title = grid.title.map(LineChart.clean), !title.isEmpty, inner >= 4 {
            let t = " " + LineChart.fit(title, inner - 2, unicode: style.unicode) + " "
            top += t + String(repeating: h, count: max(0, inner - TextWidth.of(t)))
        } else {
            top += String(repeating: h, count: inner)
        }
        var lines = [top + String(tr)]
        if compact {
            for r in stride(from: 0, to: grid.rows, by: 2) {
                let pairs = (0..<grid.columns).map { (grid.value(r, $0), r + 1 < grid.rows ? grid.value(r + 1, $0) : Double.nan) }
                lines.append(String(v) + halfCells(pairs, shading: shading, style: style) + String(v))
            }
        } else {
            for r in 0..<grid.rows {
                lines.append(String(v) + cells((0..<grid.columns).map { grid.value(r, $0) }, shading: shading, style: style) + String(v))
            }
        }
        lines.append(String(bl) + String(repeating: h, count: inner) + String(br))
        return lines
    }

    /// One row of pixels, two characters each; with colour, an escape code only where it changes.
    static func cells(_ values: [Double], shading: PixelShading, style: ChartStyle) -> String {
        var out = "", open: String?
        for x in values {
            let (glyph, code) = pixel(x, shading: shading, style: style)
            if code != open {
                if open != nil { out += LineChart.reset }
                if let code { out += code }
                open = code
            }
            out.append(glyph); out.append(glyph)
        }
        return open == nil ? out : out + LineChart.reset
    }

    /// One line of a compact picture: a character for each pair of pixels, one above the other.
    static func halfCells(_ pairs: [(Double, Double)], shading: PixelShading, style: ChartStyle) -> String {
        var out = "", open: String?
        for (top, bottom) in pairs {
            let (glyph, code) = halfPixel(top, bottom, shading: shading, style: style)
            if code != open {
                if open != nil { out += LineChart.reset }
                if let code { out += code }
                open = code
            }
            out.append(glyph)
        }
        return open == nil ? out : out + LineChart.reset
    }

    static func halfPixel(_ top: Double, _ bottom: Double, shading: PixelShading, style: ChartStyle) -> (Character, String?) {
        if style.colour, style.unicode, case .grey = shading {
            return ("▀", "\u{1B}[38;5;\(grey(top, shading))m\u{1B}[48;5;\(grey(bottom, shading))m")
        }
        let (a, b) = (level(top, shading), level(bottom, shading))
        if style.unicode, !style.colour, case .grey = shading, abs(a - b) >= 3, min(a, b) == 0 {
            return (a > b ? "▀" : "▄", nil)
        }
        let mean = [top, bottom].filter(\.isFinite)
        return pixel(mean.isEmpty ? .nan : mean.reduce(0, +) / Double(mean.count), shading: shading, style: style)
    }

    /// The 256-colour grey of an image's pixel: 232 (black, paper) to 255 (white, ink).
    static func grey(_ x: Double, _ shading: PixelShading) -> Int {
        guard case .grey(let r) = shading, x.isFinite, r.upperBound > r.lowerBound else { return 232 }
        return 232 + Int((min(max((x - r.lowerBound) / (r.upperBound - r.lowerBound), 0), 1) * 23).rounded())
    }

    /// The character of one pixel and its escape code (nil without colour).
    static func pixel(_ x: Double, shading: PixelShading, style: ChartStyle) -> (Character, String?) {
        let k = level(x, shading)
        if style.colour, case .grey = shading { return (" ", "\u{1B}[48;5;\(grey(x, shading))m") }
        if style.colour, k != 0 {
            return (style.unicode ? blocks[abs(k)] : asciiBlocks[abs(k)], k > 0 ? positiveColour : negativeColour)
        }
        if k < 0 { return (style.unicode ? lines[-k] : asciiLines[-k], nil) }
        return (style.unicode ? blocks[k] : asciiBlocks[k], nil)
    }

    /// What the shades mean, lowest to highest: `0 [  ░░▒▒▓▓██] 1`, or for
    /// signed numbers `-0.5 [≡≡==--··  ░░▒▒▓▓██] 0.5`. `format` writes the ends.
    public static func scale(_ shading: PixelShading, style: ChartStyle, format: (Double) -> String) -> String {
        let samples: [Double], lo: Double, hi: Double
        switch shading {
        case .grey(let r):
            (lo, hi) = (r.lowerBound, r.upperBound)
            samples = (0...4).map { lo + (hi - lo) * Double($0) / 4 }
        case .signed(let limit):
            (lo, hi) = (-limit, limit)
            samples = (-4...4).map { limit * Double($0) / 4 }
        }
        return format(lo) + " [" + cells(samples, shading: shading, style: style) + "] " + format(hi)
    }
}
