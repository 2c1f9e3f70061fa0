import NNBookRender
/// How a line of output should look; the executable maps styles to colours.
public enum OutputStyle: Sendable, Equatable {
    /// Ordinary output (`print`).
    case plain
    /// The echo of a definition (`f(x) = x^2`, `f'(x) = 2*x`).
    case echo
    /// Step-by-step arithmetic (`explain`, `descend`).
    case explain
    /// A title line of a table or trace.
    case heading
    /// A remark that teaches (why a descent stopped, what ≈ means).
    case note
    /// Something the learner should act on, not an error.
    case warning
    /// A chart drawn in text. Its glyphs depend on the terminal's width and
    /// colours; what it shows is in `CellResult.figures`.
    case chart
}

/// A richer form of a text output item, for a front-end that can show more
/// than text (Jupyter): handed to `Session.richOutput` with the item's text
/// just before the item itself, only when that callback is set.
public enum RichForm: Sendable, Equatable {
    /// A chart (`SVGChart`) or `graph`'s computation graph (`SVGGraph`) as SVG,
    /// the same one `plot … to "FILE.svg"` or `graph … to "FILE.svg"` writes.
    case svg(String)
    /// A table's cells, and the lines that follow it (totals).
    case table(header: [String], rows: [[String]], footer: [String])
    /// Help text (`sigmoid?`), for a front-end's pager rather than the cell's output.
    case page
}

/// One piece of a cell's output, in order.
public enum OutputItem: Sendable, Equatable {
    /// The cell's value, shown as `Out[n]:` on a terminal. May span lines.
    case result(count: Int, text: String)
    /// Lines produced while running (may contain newlines).
    case text(String, OutputStyle)
    /// An error, already rendered to plain lines (message, source, underline, hint).
    case error(Diagnostic, lines: [String])
    /// This many lines were produced but not kept, to spare the screen.
    case elided(lines: Int)
}

/// A full-screen, key-driven view a cell hands to its caller.
public enum FullScreenView: Sendable {
    /// `explore descend …`.
    case descent(DescentExplorer)
    /// `playground …`.
    case playground(PlaygroundView)
}

/// What running one cell produced.
public struct CellResult: Sendable {
    /// The execution count of the cell (`In [n]`).
    public var count: Int
    public var outputs: [OutputItem]
    /// True when any error was reported.
    public var failed: Bool
    /// True when Ctrl-C stopped the cell.
    public var interrupted: Bool
    /// A meta-command that only the caller can carry out (`:quit`, `:save` …).
    public var request: MetaCommand?
    /// A full-screen view the cell asked for (`explore`), which only the
    /// caller can show; the session has already checked `SessionOptions.fullScreen`.
    public var view: FullScreenView?
    /// True when every output item was already delivered through `Session.liveOutput`.
    public var streamed = false
    /// The value of the cell's final expression (what `Out[n]` shows), if it had one.
    public var value: Value?
    /// The value the cell's last `explain` worked out (`explain f'(0.8)`: 1.6).
    public var explained: Value?
    /// The data behind each chart the cell drew or wrote, in order.
    public var figures: [Figure] = []
    /// Files the cell would have written, as it named them, when replaying
    /// (`FileAccess.replay`) left them unwritten: resume says "skipped writing …".
    public var skippedWrites: [String] = []

    public init(count: Int, outputs: [OutputItem] = [], failed: Bool = false,
                interrupted: Bool = false, request: MetaCommand? = nil) {
        self.count = count
        self.outputs = outputs
        self.failed = failed
        self.interrupted = interrupted
        self.request = request
    }

    /// The output as plain text lines, exactly as a transcript shows it.
    public var plainLines: [String] {
        outputs.flatMap { item -> [String] in
            switch item {
            case .result(_, let text): return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .text(let text, _): return text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .error(_, let lines): return lines
            case .elided(let n): return [OutputLimiter.elisionLine(n)]
            }
        }
    }
}

/// Keeps the first and last lines of a long output and counts the rest, so a
/// 10,000-step descent or a loop of prints cannot flood the terminal (or
/// memory).
struct OutputLimiter {
    let head: Int
    let tail: Int
    /// Receives each item as soon as it is certain to be shown (the head at
    /// once, the tail when the cell ends), so long cells print as they go.
    let live: ((OutputItem) -> Void)?
    private(set) var items: [OutputItem] = []
    private var headLines = 0
    private var tailItems: [(OutputItem, Int)] = []
    private var tailLines = 0
    private(set) var dropped = 0

    init(maxLines: Int, live: ((OutputItem) -> Void)? = nil) {
        head = max(1, maxLines * 3 / 4)
        tail = max(1, maxLines - head)
        self.live = live
    }

    static func elisionLine(_ n: Int) -> String {
        "… \(NumberFormat.grouped(n)) more line\(n == 1 ? "" : "s") not shown …"
    }

    mutating func append(_ item: OutputItem) {
        let item = Self.safe(item)
        let n = Self.lineCount(item)
        if case .error = item {  // errors are always shown
            flushTail(); keep(item); return
        }
        if headLines < head && tailItems.isEmpty && dropped == 0 {
            keep(item); headLines += n; return
        }
        tailItems.append((item, n)); tailLines += n
        while tailLines > tail, tailItems.count > 1 {
            let (_, m) = tailItems.removeFirst()
            tailLines -= m; dropped += m
        }
    }

    private mutating func flushTail() {
        if dropped > 0 { keep(.elided(lines: dropped)); dropped = 0 }
        tailItems.forEach { keep($0.0) }
        tailItems = []; tailLines = 0; headLines = 0
    }

    /// An item that will be shown: kept for the cell's result and handed to `live` now.
    private mutating func keep(_ item: OutputItem) {
        items.append(item)
        live?(item)
    }

    mutating func finish() -> [OutputItem] {
        flushTail()
        return items
    }

    /// An item fit for any terminal: control characters made visible (all but
    /// a chart's own colours) and over-long lines elided in the middle.
    static func safe(_ item: OutputItem) -> OutputItem {
        switch item {
        case .result(let count, let text):
            return .result(count: count, text: LineLimit.elide(DiagnosticRenderer.visibleText(text), limit: LineLimit.output))
        case .text(let text, .chart): return .text(LineLimit.elide(text, limit: LineLimit.output), .chart)
        case .text(let text, let style): return .text(LineLimit.elide(DiagnosticRenderer.visibleText(text), limit: LineLimit.output), style)
        case .error, .elided: return item
        }
    }

    static func lineCount(_ item: OutputItem) -> Int {
        switch item {
        case .result(_, let t), .text(let t, _): return t.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        case .error(_, let lines): return lines.count
        case .elided: return 1
        }
    }
}
