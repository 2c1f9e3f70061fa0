import Foundation
import NNBookRender
import NeuralCore

/// A place in a cell's text: 1-based line and column, columns counted in
/// Unicode scalars (a Chinese character is one column here; its display width
/// is two, which `DiagnosticRenderer` accounts for when underlining).
public struct SourcePosition: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// A half-open range of text, `start` inclusive and `end` exclusive.
public struct SourceSpan: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var start: SourcePosition
    public var end: SourcePosition
    public init(start: SourcePosition, end: SourcePosition) {
        self.start = start
        self.end = end
    }
    public init(line: Int, column: Int, length: Int) {
        self.start = SourcePosition(line: line, column: column)
        self.end = SourcePosition(line: line, column: column + max(length, 1))
    }
    /// The smallest span covering both.
    public func merged(with other: SourceSpan) -> SourceSpan {
        let s = (start.line, start.column) <= (other.start.line, other.start.column) ? start : other.start
        let e = (end.line, end.column) >= (other.end.line, other.end.column) ? end : other.end
        return SourceSpan(start: s, end: e)
    }
    public var description: String { "line \(start.line), column \(start.column)" }
}

/// An error (or warning) the user should see: what went wrong, where, and
/// how it is likely fixed. Created anywhere in the language; rendered once,
/// by `DiagnosticRenderer`.
public struct Diagnostic: Error, Equatable, Sendable {
    public enum Kind: String, Sendable {
        case syntax = "syntax error"
        case name = "name error"
        case type = "type error"
        case value = "value error"
        case math = "math error"
        case limit = "limit"
        case interrupted = "interrupted"
        /// `assert` found its condition false (AssertionError in Jupyter).
        case assertion = "assertion failed"
    }

    /// The fields live in one shared box, so that a Diagnostic is a single
    /// pointer: every `throws(Diagnostic)` call in the interpreter's hot loops
    /// then carries a word, not a large struct.
    /// Immutable: a change (rare, on the way out of an error) makes a new one.
    private final class Storage: Sendable {
        let kind: Kind
        let message: String
        let span: SourceSpan?
        let hint: String?
        init(kind: Kind, message: String, span: SourceSpan?, hint: String?) {
            self.kind = kind
            self.message = message
            self.span = span
            self.hint = hint
        }
    }
    private var storage: Storage

    public init(_ kind: Kind, _ message: String, at span: SourceSpan?, hint: String? = nil) {
        storage = Storage(kind: kind, message: message, span: span, hint: hint)
    }

    public var kind: Kind {
        get { storage.kind }
        set { storage = Storage(kind: newValue, message: message, span: span, hint: hint) }
    }
    public var message: String {
        get { storage.message }
        set { storage = Storage(kind: kind, message: newValue, span: span, hint: hint) }
    }
    public var span: SourceSpan? {
        get { storage.span }
        set { storage = Storage(kind: kind, message: message, span: newValue, hint: hint) }
    }
    /// A likely fix, shown on its own line ("did you mean sigmoid?").
    public var hint: String? {
        get { storage.hint }
        set { storage = Storage(kind: kind, message: message, span: span, hint: newValue) }
    }

    public static func == (a: Diagnostic, b: Diagnostic) -> Bool {
        a.kind == b.kind && a.message == b.message && a.span == b.span && a.hint == b.hint
    }
}

/// Turns a diagnostic into plain lines: the message, the location, the
/// offending line and a caret underline aligned by display width.
public enum DiagnosticRenderer {
    /// - Parameters:
    ///   - source: the text of the cell the span refers to.
    ///   - lineOffset: added to line numbers shown, for cells that started
    ///     further down a file or a piped input.
    public static func render(_ d: Diagnostic, source: String, lineOffset: Int = 0) -> [String] {
        var d = d
        if let hint = d.hint, hint.hasPrefix("did you mean") {  // short enough to finish the sentence
            d.message += " — " + hint
            d.hint = nil
        }
        d.message = LineLimit.elide(visibleText(d.message).replacingOccurrences(of: "\n", with: " "), limit: LineLimit.message)
        d.hint = d.hint.map { LineLimit.elide(visibleText($0).replacingOccurrences(of: "\n", with: " "), limit: LineLimit.message) }
        var lines = ["\(d.kind.rawValue): \(d.message)"]
        if d.kind == .interrupted { return lines }  // where it stopped says little; that it stopped, everything
        guard let span = d.span else {
            if let hint = d.hint { lines.append("  hint: \(hint)") }
            return lines
        }
        let shownLine = span.start.line + lineOffset
        lines[0] = "\(d.kind.rawValue) at line \(shownLine), column \(span.start.column): \(d.message)"
        let sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false)
        if span.start.line >= 1 && span.start.line <= sourceLines.count {
            let text = Array(String(sourceLines[span.start.line - 1]).unicodeScalars)
            let gutter = String(shownLine)
            let pad = String(repeating: " ", count: gutter.count)
            let startIndex = min(max(span.start.column - 1, 0), text.count)
            let endColumn = span.end.line == span.start.line ? span.end.column : text.count + 1
            let endIndex = min(max(endColumn - 1, startIndex + 1), max(text.count, startIndex + 1))
            let marked = startIndex < text.count ? max(TextWidth.of(text[startIndex..<min(endIndex, text.count)]), 1) : 1
            // Show at most a window of the line around the error, with control
            // characters made visible (␀, ␛): never sent raw to the terminal.
            let window = 100
            let from = startIndex > window / 2 ? startIndex - window / 2 : 0
            let to = min(text.count, from + window)
            let shown = text[from..<to].map(ControlPictures.visible)
            let prefix = from > 0 ? "…" : "", suffix = to < text.count ? "…" : ""
            let leadShown = TextWidth.of(shown[0..<min(startIndex - from, shown.count)]) + (from > 0 ? 1 : 0)
            lines.append("\(gutter) | " + prefix + String(String.UnicodeScalarView(shown)) + suffix)
            lines.append("\(pad) | " + String(repeating: " ", count: leadShown) + String(repeating: "^", count: min(marked, window)))
        }
        if let hint = d.hint { lines.append("hint: \(hint)") }
        return lines
    }

    /// Text with every control character but newline and tab made visible.
    public static func visibleText(_ text: String) -> String { ControlPictures.text(text) }
}
