import NNBookRender
/// Groups input lines into cells, as Python does: a line that opens a
/// block (ends with `:`) or leaves a bracket open continues onto the next
/// lines; a block ends at a line that is not indented (which then starts the
/// next cell). `else:` and `elif` continue an `if`.
///
/// A blank line inside a block ends it at a prompt (`.interactive`, as in
/// Python's REPL, so Enter on an empty line runs the loop), but not in a file
/// or a pipe (`.file`, as in a Python file): there the block goes on when the
/// next line is still indented, so code with blank lines inside a loop runs
/// as written.
public struct CellSplitter: Sendable {
    public enum Mode: Sendable { case interactive, file }

    private let mode: Mode
    private var pending: [String] = []
    private var pendingFirstLine = 0
    private var nextLine = 1
    /// Blank lines read inside a block in `.file` mode, kept until the next line says whether the block goes on.
    private var heldBlanks: [String] = []

    public init(mode: Mode = .interactive) {
        self.mode = mode
    }

    /// True while a cell is open: the REPL shows its continuation prompt.
    public var isContinuing: Bool { !pending.isEmpty }

    /// The lines of the open cell so far.
    public var pendingLines: [String] { pending }

    /// The indentation a continuation line should probably start with.
    public var suggestedIndent: String {
        guard let last = pending.last else { return "" }
        let lead = String(last.prefix { $0 == " " || $0 == "\t" })
        return Self.opensBlock(last) ? lead + "    " : lead
    }

    /// A complete cell: its text and the number of its first line in the input.
    public struct Cell: Sendable, Equatable {
        public var source: String
        public var firstLine: Int
    }

    /// Feeds one line; returns the cells it completes (zero, one or two).
    public mutating func feed(_ line: String) -> [Cell] {
        let number = nextLine
        nextLine += 1
        var done: [Cell] = []
        let blank = line.allSatisfy { $0 == " " || $0 == "\t" }
        if pending.isEmpty {
            if blank { return [] }
            start(line, at: number)
        } else if Self.bracketDepth(pending.joined(separator: "\n")) > 0 {
            // An open bracket continues onto this line only when the text so far
            // is visibly unfinished (ends with a comma, an operator or an opening
            // bracket) or this line is indented or closes brackets: otherwise an
            // unclosed bracket would swallow every later line.
            if Self.expectsMore(pending) || Self.isIndented(line) || Self.startsWithCloser(line) {
                pending.append(line)
            } else {
                done.append(take())
                start(line, at: number)
            }
        } else if blank {
            if mode == .file {
                heldBlanks.append(line)
                return []
            }
            done.append(take())
            return done
        } else if Self.isIndented(line) || Self.continuesBlock(line) {
            pending += heldBlanks
            heldBlanks = []
            pending.append(line)
        } else if mode == .interactive, pending.count == 1, Self.opensBlock(pending[0]), !Self.continuesBlock(pending[0]) {
            // At a prompt, `for i in range(3):` then `print(i)` unindented: one cell,
            // whose error ("expected an indented block") says what went wrong; the
            // line does not also run on its own, unseen. (In a file each line runs
            // after an error, as every later line does.)
            pending.append(line)
            done.append(take())
            return done
        } else {
            done.append(take())
            start(line, at: number)
        }
        if !pending.isEmpty && !needsMore() { done.append(take()) }
        return done
    }

    /// Ends the input: returns the cell still open, if any.
    public mutating func finish() -> Cell? {
        pending.isEmpty ? nil : take()
    }

    /// Forgets the open cell (Ctrl-C at a continuation prompt).
    public mutating func discard() {
        pending = []
        heldBlanks = []
    }

    private mutating func start(_ line: String, at number: Int) {
        pending = [line]
        pendingFirstLine = number
    }

    private mutating func take() -> Cell {
        let cell = Cell(source: pending.joined(separator: "\n"), firstLine: pendingFirstLine)
        pending = []
        heldBlanks = []
        return cell
    }

    private func needsMore() -> Bool {
        let text = pending.joined(separator: "\n")
        if Self.bracketDepth(text) > 0 { return true }
        // Inside a block, wait for a blank or unindented line; a statement whose
        // brackets just closed is complete.
        return pending.contains(where: Self.opensBlock)
    }

    static func expectsMore(_ lines: [String]) -> Bool {
        let text = lines.joined(separator: "\n")
        if bracketDepth(text) > Lexer.maxNesting { return false }
        guard let last = stripComment(lines.last ?? "").trimmingTrailingSpace().last else { return true }
        return ",([+-*/^%=<>\\".contains(last)
    }

    static func startsWithCloser(_ line: String) -> Bool {
        guard let first = line.trimmingLeadingSpace().first else { return false }
        return first == ")" || first == "]"
    }

    static func isIndented(_ line: String) -> Bool {
        line.first == " " || line.first == "\t"
    }

    static func continuesBlock(_ line: String) -> Bool {
        let t = line.trimmingLeadingSpace()
        return t.hasPrefix("else:") || t.hasPrefix("else ") || t.hasPrefix("elif ") || t.hasPrefix("elif(")
    }

    /// True when the line, without its comment, ends with `:` (a block opener),
    /// unless it is a meta-command.
    static func opensBlock(_ line: String) -> Bool {
        let t = line.trimmingLeadingSpace()
        if t.hasPrefix(":") { return false }
        return stripComment(line).trimmingTrailingSpace().hasSuffix(":")
    }

    /// Open brackets minus closed ones, ignoring strings and comments.
    static func bracketDepth(_ text: String) -> Int {
        var depth = 0
        var quote: Character?
        var comment = false
        for c in text {
            if comment { if c == "\n" { comment = false }; continue }
            if let q = quote { if c == q || c == "\n" { quote = nil }; continue }
            switch c {
            case "#": comment = true
            case "\"": quote = c
            case "(", "[": depth += 1
            case ")", "]": depth -= 1
            default: break
            }
        }
        return max(depth, 0)
    }

    static func stripComment(_ line: String) -> String {
        var quote: Character?
        for (i, c) in zip(line.indices, line) {
            if let q = quote { if c == q { quote = nil }; continue }
            if c == "\"" { quote = c } else if c == "#" { return String(line[..<i]) }
        }
        return line
    }
}
