import NNBookRender
import NNBookLanguage

/// What running some input did to a session, in the terms a lesson judges an
/// answer by: the variables it left (as fingerprints), the value it showed or
/// explained, the charts it drew (as data), the text it printed, its error.
public struct CellEffect: Sendable {
    /// Every variable and function afterwards, `_` excepted.
    public var variables: [String: Fingerprint]
    /// How each variable reads on one line, for messages.
    public var shown: [String: String]
    /// The last value shown as `Out[n]`, and how it read.
    public var value: Fingerprint?
    public var valueText: String?
    /// The value the last `explain` worked out, and how it reads.
    public var explained: Fingerprint?
    public var explainedText: String?
    public var figures: [Figure]
    /// Printed lines that count: ordinary text, headings and step-by-step traces.
    /// Echoes of definitions, notes, warnings and drawn charts do not (a chart
    /// counts through `figures`).
    public var text: [String]
    /// The subset of `text` that traces steps (`explain`, `descend`, `step`).
    public var traceText: [String]
    /// `name error: unknown name 'learning_rate'` — kind and message, no location.
    public var error: String?
    /// True when Ctrl-C stopped it: nothing about it can be trusted.
    public var interrupted: Bool

    /// The combined effect of `results`, run one after another in `session`.
    public init(of results: [CellResult], in session: Session) {
        variables = session.fingerprints()
        shown = [:]
        for name in variables.keys {
            if let v = session.value(named: name) { shown[name] = Self.short(session.describe(v)) }
        }
        figures = []
        text = []
        traceText = []
        interrupted = false
        for r in results {
            if let v = r.value {
                value = session.fingerprint(of: v)
                valueText = Self.short(session.describe(v))
            }
            if let v = r.explained {
                explained = session.fingerprint(of: v)
                explainedText = Self.short(session.describe(v))
            }
            figures += r.figures
            interrupted = interrupted || r.interrupted
            for item in r.outputs {
                switch item {
                case .text(let t, let style):
                    let lines = t.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                    switch style {
                    case .plain, .heading: text += lines
                    case .explain: text += lines; traceText += lines
                    case .echo, .note, .warning, .chart: break
                    }
                case .error(let d, _):
                    if error == nil { error = "\(d.kind.rawValue): \(d.message)" }
                case .result, .elided: break
                }
            }
        }
    }

    static func short(_ s: String) -> String {
        let line = s.split(separator: "\n").first.map(String.init) ?? s
        return line.count > 60 ? String(line.prefix(59)) + "…" : line
    }
}

/// Why an answer is not (yet) the cell's.
public enum Mismatch: Sendable, Equatable {
    /// The cell stops with an error, and the answer did not (or with another one).
    case missingError(expected: String, got: String?)
    /// The answer stopped with an error the cell does not make (already on screen).
    case error(String)
    /// The cell shows (or explains) this value; the answer showed another, or none.
    case value(expected: String, got: String?)
    /// A variable the cell leaves with another value, or not at all.
    case variable(name: String, expected: String, got: String?)
    /// A chart with other data (or none).
    case figure
    /// Printed output that differs: the first differing number or line.
    case output(expected: String, got: String?)
}

/// Compares what an answer did with what the cell does, from the same state.
///
/// An answer is right when, in order:
/// 1. it stops with the same error as the cell (kind and message), or neither stops;
/// 2. it shows or explains the value the cell shows or explains — `explain X`
///    and `X` count the same (`Fingerprint.matches`, one part in a million);
/// 3. every variable the cell leaves has the same value afterwards (new
///    variables of the learner's own are fine);
/// 4. its charts have the cell's data (points, not glyphs or widths);
/// 5. the numbers it printed are the cell's numbers, each to the precision
///    the cell printed it with (words around them may differ); text without
///    numbers must read the same. Traces are left out when the answer was
///    judged by the value it explains; otherwise a trace of more steps than
///    the cell's is wrong (one descent step too many).
public enum AnswerJudge {
    /// Nil when `got` does what `expected` does.
    public static func mismatch(expected e: CellEffect, got g: CellEffect) -> Mismatch? {
        if let want = e.error {
            if g.error != want { return .missingError(expected: want, got: g.error) }
        } else if let got = g.error {
            return .error(got)
        }
        var judgedByValue = false
        if let want = e.value ?? e.explained {
            let gotValues = [g.value, g.explained].compactMap { $0 }
            guard gotValues.contains(where: { want.matches($0) }) else {
                return .value(expected: e.valueText ?? e.explainedText ?? "", got: g.valueText ?? g.explainedText)
            }
            judgedByValue = e.explained != nil || g.explained != nil
        }
        for name in e.variables.keys.sorted() {
            guard let want = e.variables[name] else { continue }
            guard let got = g.variables[name], want.matches(got) else {
                return .variable(name: name, expected: e.shown[name] ?? "", got: g.variables[name] == nil ? nil : g.shown[name])
            }
        }
        guard e.figures.count == g.figures.count, zip(e.figures, g.figures).allSatisfy(figuresMatch) else { return .figure }
        // A trace of more steps than the cell's (`descend … steps 3` for `steps 2`)
        // prints the cell's numbers and more: one step too many is not the cell.
        if !judgedByValue, !e.traceText.isEmpty, g.traceText.count > e.traceText.count {
            return .output(expected: OutputComparator.endOfOutput, got: g.traceText[e.traceText.count])
        }
        let wantText = judgedByValue ? e.text.filter { !e.traceText.contains($0) } : e.text
        let gotText = judgedByValue ? g.text.filter { !g.traceText.contains($0) } : g.text
        return textMismatch(expected: wantText, got: gotText)
    }

    /// Same kind, and the same series in any order, each with the same points
    /// (labels may differ: `plot sigmoid` and `plot 1/(1+exp(-x))` draw the same
    /// curve; `plot tanh, relu` and `plot relu, tanh` the same chart).
    static func figuresMatch(_ a: Figure, _ b: Figure) -> Bool {
        guard a.kind == b.kind, a.series.count == b.series.count else { return false }
        var unused = b.series
        for s in a.series {
            guard let i = unused.firstIndex(where: { seriesMatch(s, $0) }) else { return false }
            unused.remove(at: i)
        }
        return true
    }

    static func seriesMatch(_ s: Figure.Series, _ t: Figure.Series) -> Bool {
        s.xs.count == t.xs.count && s.ys.count == t.ys.count
            && zip(s.xs + s.ys, t.xs + t.ys).allSatisfy { Fingerprint.number($0).matches(.number($1)) }
    }

    /// The numbers of two printed texts, in order, to the expected text's precision;
    /// texts without numbers compared line by line.
    static func textMismatch(expected: [String], got: [String]) -> Mismatch? {
        let e = numbers(in: expected), g = numbers(in: got)
        if e.isEmpty {
            let want = expected.map(trimmed).filter { !$0.isEmpty }, have = got.map(trimmed).filter { !$0.isEmpty }
            guard want != have else { return nil }
            let i = (0..<min(want.count, have.count)).first { want[$0] != have[$0] } ?? min(want.count, have.count)
            return i < want.count ? .output(expected: want[i], got: i < have.count ? have[i] : nil) : nil
        }
        for (i, want) in e.enumerated() {
            guard i < g.count else { return .output(expected: want.text, got: nil) }
            let got = g[i]
            let slack = want.tolerance.map { $0 * (1 + 1e-6) } ?? 0
            if !(abs(got.value - want.value) <= slack || Fingerprint.number(want.value).matches(.number(got.value))) {
                return .output(expected: want.text, got: got.text)
            }
        }
        return nil
    }

    private static func trimmed(_ s: String) -> String { s.trimmingCharacters(in: .whitespaces) }

    struct PrintedNumber {
        var value: Double
        var tolerance: Double?
        var text: String
    }

    static func numbers(in lines: [String]) -> [PrintedNumber] {
        lines.flatMap { line -> [PrintedNumber] in
            let chars = Array(line)
            var out: [PrintedNumber] = []
            var i = 0
            while i < chars.count {
                if let (piece, end) = OutputComparator.number(in: chars, at: i), case .number(let v, let tol) = piece {
                    out.append(PrintedNumber(value: v, tolerance: tol, text: String(chars[i..<end])))
                    i = end
                } else {
                    i += 1
                }
            }
            return out
        }
    }
}
