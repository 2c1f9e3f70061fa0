import Dispatch
import NNBookLanguage

/// A mistake the learner's wrong answer was found to be.
public enum DetectedMistake: Sendable, Equatable {
    /// One of nnbook's own (`MistakeKind`), with what it is about as written
    /// in the cell (`CodeVariant.details`).
    case builtin(MistakeKind, details: [String])
    /// One of the lesson's ```` ```mistake ```` blocks: its explanation.
    case lesson(String)

    /// A short stable name for records and reports: `uphill-step`, `lesson`.
    public var name: String {
        switch self {
        case .builtin(let kind, _): return kind.rawValue
        case .lesson: return "lesson"
        }
    }
}

/// Which common mistake a wrong answer is, worked out by running it.
///
/// In order, the first that matches:
/// 1. the lesson's own `mistake` blocks: the learner's printed output matches
///    the block's wrong output (`OutputComparator`);
/// 2. a vector where the cell's value is one number (by the values' types);
/// 3. nnbook's built-in mistakes: each `MistakeRewrites` variant of the cell's
///    code runs on a silent copy of the session before the cell; it matches
///    when the learner's answer does what the variant does (`AnswerJudge`,
///    the same test and tolerance as for a right answer). A variant that does
///    what the cell itself does is no mistake and is passed over, so a right
///    answer, however written, can never be named a mistake — and this is
///    only asked about answers already judged wrong.
///
/// No answer is stored anywhere: a number matches only because the variant
/// computed it from the lesson's own code and state.
public enum MistakeCatalog {
    /// Cells whose commands take long (training) are not re-run for variants.
    static let quickCommands: Set<String> = ["explain", "descend", "step", "plot"]
    /// No new variant starts after this long (a cell slower than expected, `model.fit(…)`):
    /// a wrong answer then gets the plain "Not quite".
    static let budgetNanoseconds: UInt64 = 1_500_000_000

    /// The mistake `got` (the learner's effect, and the lines it printed) is,
    /// for `cell` whose effect from `base` is `expected`; nil for none.
    /// `input` is given for an input not judged an attempt at the cell (a try
    /// on the side): a vector is then named only when it uses the cell's names.
    public static func detect(cell: Cell, base: Session, files: FileAccess, expected: CellEffect,
                              got: CellEffect, printed: [String], input: String? = nil) -> DetectedMistake? {
        let output = printed.joined(separator: "\n")
        for m in cell.mistakes where OutputComparator.compare(expected: m.output, got: output) {
            // A block that also matches the right output would name a right answer; ignored.
            if let right = cell.expected, OutputComparator.compare(expected: m.output, got: right) { continue }
            return .lesson(m.explanation)
        }
        if isVectorForNumber(expected: expected, got: got), input.map({ related($0, to: cell.source) }) ?? true {
            return .builtin(.vectorForNumber, details: [])
        }
        if let outline = CodeOutline(cell.source), !outline.commands.isSubset(of: quickCommands) { return nil }
        let start = DispatchTime.now().uptimeNanoseconds
        for variant in MistakeRewrites.variants(of: cell.source) {
            if base.isCancelled() { return nil }
            if DispatchTime.now().uptimeNanoseconds - start > budgetNanoseconds { return nil }  // the learner is waiting
            guard let effect = run(variant.source, from: base, files: files) else { return nil }
            if AnswerJudge.mismatch(expected: expected, got: effect) == nil { continue }  // the same as the cell: no mistake
            if effect.error != nil { continue }  // a variant that fails names nothing
            if AnswerJudge.mismatch(expected: effect, got: got) == nil {
                return .builtin(variant.kind, details: variant.details)
            }
        }
        return nil
    }

    /// True when `input` uses a name the cell's code uses.
    static func related(_ input: String, to source: String) -> Bool {
        guard let a = CodeOutline(input), let b = CodeOutline(source) else { return false }
        return !a.names.isDisjoint(with: b.names)
    }

    /// The variant's effect on a silent copy of `base`; nil when Ctrl-C stopped it.
    static func run(_ source: String, from base: Session, files: FileAccess) -> CellEffect? {
        let work = base.fork()
        work.fileAccess = files
        work.liveOutput = nil
        work.trainingProgress = nil
        let r = work.execute(source)
        if r.interrupted { return nil }
        return CellEffect(of: [r], in: work)
    }

    /// The cell shows (or leaves in a variable) one number where the answer has several.
    static func isVectorForNumber(expected e: CellEffect, got g: CellEffect) -> Bool {
        if let want = e.value ?? e.explained, let have = g.value ?? g.explained {
            return isNumber(want) && isVector(have)
        }
        return e.variables.contains { name, want in g.variables[name].map { isNumber(want) && isVector($0) } ?? false }
            && e.variables.allSatisfy { name, want in g.variables[name].map { want.matches($0) || (isNumber(want) && isVector($0)) } ?? false }
    }

    private static func isNumber(_ f: Fingerprint) -> Bool {
        if case .number = f { return true }
        return false
    }

    private static func isVector(_ f: Fingerprint) -> Bool {
        if case .numbers(_, let values) = f { return values.count > 1 }
        return false
    }
}
