import NNBookRender
import NNBookLanguage

/// One line of styled text, ready to be drawn: its runs and its display width.
struct StyledLine: Equatable {
    var runs: [StyledRun] = []
    var width = 0

    /// The line as terminal text: escape codes only when `colour` is on.
    func rendered(colour: Bool) -> String {
        runs.map { $0.style.paint($0.text, colour: colour) }.joined()
    }

    var plain: String { runs.map(\.text).joined() }

    mutating func append(_ text: String, _ style: TerminalStyle, width w: Int) {
        if let last = runs.last, last.style == style {
            runs[runs.count - 1].text += text
        } else {
            runs.append(StyledRun(text: text, style: style))
        }
        width += w
    }
}

/// Greedy word wrapping of styled text by display width.
///
/// Lines break only at spaces — never inside a word or a number, so
/// `0.880797` and `[0.000611,` stay whole — and, in text without spaces such
/// as Chinese, between two characters when either is wide (两个汉字之间),
/// except before closing punctuation (`，。）」`) or after opening
/// punctuation (`（「`). A code span is kept on one line when it fits in one.
/// A word wider than the whole line is cut into pieces of the line's width,
/// so no line is ever wider than `width` (a wide character is never split,
/// and `width` below 2 is taken as 2).
enum TextWrapper {
    /// One character with its style, width and whether a line may end before it.
    private struct Atom {
        var character: Character
        var width: Int
        var style: TerminalStyle
        var isSpace: Bool
        /// Index of the code span this character belongs to, if any.
        var span: Int?
    }

    static func wrap(_ runs: [StyledRun], width requested: Int) -> [StyledLine] {
        let width = max(2, requested)
        let atoms = self.atoms(runs, width: width)
        var lines: [StyledLine] = []
        var line = StyledLine()
        var pendingSpaces: [Atom] = []
        var i = 0
        while i < atoms.count {
            if atoms[i].isSpace {
                pendingSpaces.append(atoms[i]); i += 1
                continue
            }
            var end = i + 1
            while end < atoms.count && !atoms[end].isSpace && !canBreak(atoms, before: end) { end += 1 }
            let word = atoms[i..<end]
            let wordWidth = word.reduce(0) { $0 + $1.width }
            let spaceWidth = line.runs.isEmpty ? 0 : pendingSpaces.reduce(0) { $0 + $1.width }
            if !line.runs.isEmpty && line.width + spaceWidth + wordWidth > width {
                lines.append(line)
                line = StyledLine()
            } else if !line.runs.isEmpty {
                for s in pendingSpaces { line.append(String(s.character), s.style, width: s.width) }
            }
            pendingSpaces = []
            for atom in word {
                if line.width + atom.width > width && !line.runs.isEmpty {  // a word longer than a line
                    lines.append(line)
                    line = StyledLine()
                }
                line.append(String(atom.character), atom.style, width: atom.width)
            }
            i = end
        }
        if !line.runs.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }

    /// The widest piece of the runs that no line break may split: the
    /// narrowest a column can be without cutting a word (code spans count
    /// word by word, as they break at their spaces when they must).
    static func longestWord(_ runs: [StyledRun]) -> Int {
        let atoms = self.atoms(runs, width: 0)
        var longest = 0, current = 0
        for i in atoms.indices {
            if atoms[i].isSpace || (i > 0 && canBreak(atoms, before: i)) { current = 0 }
            if atoms[i].isSpace { continue }
            current += atoms[i].width
            longest = max(longest, current)
        }
        return longest
    }

    /// Characters of the runs. Spaces inside a code span that fits on a line
    /// are not break points; those of a longer code span are.
    private static func atoms(_ runs: [StyledRun], width: Int) -> [Atom] {
        var atoms: [Atom] = []
        for (index, run) in runs.enumerated() {
            let text = run.text.terminalSafe
            let glued = run.glued && TextWidth.of(text) <= width
            for c in text {
                let w = TextWidth.of(c.unicodeScalars)
                atoms.append(Atom(character: c, width: w, style: run.style,
                                  isSpace: c == " " && !glued, span: glued ? index : nil))
            }
        }
        return atoms
    }

    /// A break with no space between atoms `i - 1` and `i`: allowed next to a
    /// wide character, outside code spans, respecting CJK punctuation.
    private static func canBreak(_ atoms: [Atom], before i: Int) -> Bool {
        let a = atoms[i - 1], b = atoms[i]
        guard a.width == 2 || b.width == 2 else { return false }
        if let s = a.span, s == b.span { return false }
        return !noBreakBefore.contains(b.character) && !noBreakAfter.contains(a.character)
    }

    /// Closing punctuation a line may not start with.
    static let noBreakBefore: Set<Character> = Set("，。、；：？！）》」』】〕〉’”…—～·,.;:!?)]}%")
    /// Opening punctuation a line may not end with.
    static let noBreakAfter: Set<Character> = Set("（《「『【〔〈‘“([{")
}
