import NNBookLanguage

/// The classroom demo as a sequence of steps and a position in it, with the
/// cells run in one session. Pure state: it prints nothing and reads no
/// keys (`nnbook demo` does both); `DemoLayout` turns steps into lines.
///
/// A notebook becomes steps like this: each Markdown block of prose is one
/// step (a heading together with the block after it; an HTML comment is no
/// step), and each cell is two — its input, so the class can predict, then
/// its output. A cell runs when its output is first revealed; going back
/// and forward again shows what was shown, without running anything again.
/// `edit` and `rerun` run a cell on purpose and keep the new output.
///
/// State follows the notebook, not the order of key presses: the session
/// before each cell is kept (`Session.fork`), so an edited cell runs from
/// the state before it, and so does a cell run again after going back past
/// later cells — whose outputs are then forgotten, to run again, with the
/// change, when they are revealed. A cell run again at the end of what has
/// run continues from the current state, as in Jupyter (`step` steps on).
public final class DemoShow {
    public enum Step: Equatable, Sendable {
        case prose([MarkdownBlock])
        case input(cell: Int)
        case output(cell: Int)
    }

    /// A cell as the demo knows it: its (perhaps edited) source and what
    /// running it printed (nil until it has run).
    public struct CellState: Sendable {
        public var source: String
        public var output: [OutputItem]?
        public var edited = false
        public var ranAgain = false
    }

    public let steps: [Step]
    public private(set) var cells: [CellState]
    /// The last step on screen: steps 0 through `position` have been shown.
    public private(set) var position = 0
    public private(set) var session: Session
    /// The session just before each cell that has run. Never run in.
    private var before: [Int: Session] = [:]

    public init(notebook: Notebook, session: Session) {
        self.session = session
        cells = notebook.cells.map { CellState(source: $0.source) }
        steps = Self.steps(of: notebook)
    }

    /// The steps of a notebook, in order.
    static func steps(of notebook: Notebook) -> [Step] {
        var steps: [Step] = []
        var k = 0
        for block in notebook.blocks {
            switch block {
            case .prose(let text, _):
                var heading: [MarkdownBlock] = []
                for b in MarkdownParser.parse(text) where !b.isComment {
                    if case .heading = b { heading.append(b); continue }
                    steps.append(.prose(heading + [b]))
                    heading = []
                }
                if !heading.isEmpty { steps.append(.prose(heading)) }
            case .cell:
                steps += [.input(cell: k), .output(cell: k)]
                k += 1
            }
        }
        return steps
    }

    public var isAtEnd: Bool { position >= steps.count - 1 }

    /// The cell of the nearest input at or before the position: the one `e`
    /// and `r` work on. Nil before the first cell.
    public var currentCell: Int? {
        for i in stride(from: min(position, steps.count - 1), through: 0, by: -1) {
            switch steps[i] {
            case .input(let k), .output(let k): return k
            case .prose: continue
            }
        }
        return nil
    }

    /// Shows the next step (running its cell the first time); false at the end.
    @discardableResult
    public func forward() -> Bool {
        guard position + 1 < steps.count else { return false }
        position += 1
        if case .output(let k) = steps[position], cells[k].output == nil { run(k) }
        return true
    }

    /// Goes back one step; false at the first.
    @discardableResult
    public func back() -> Bool {
        guard position > 0 else { return false }
        position -= 1
        return true
    }

    public func first() { position = 0 }

    /// Jumps to the last step, running every cell not run yet, in order.
    public func last() {
        while forward() {}
    }

    /// Replaces cell `k`'s source, runs it and moves to its output.
    public func edit(_ k: Int, source: String) {
        guard cells.indices.contains(k) else { return }
        cells[k].source = source
        cells[k].edited = true
        cells[k].ranAgain = false
        run(k, rewinding: true)
        moveToOutput(of: k)
    }

    /// Runs cell `k` again and moves to its output.
    public func rerun(_ k: Int) {
        guard cells.indices.contains(k) else { return }
        let hadRun = cells[k].output != nil
        run(k, rewinding: cells[(k + 1)...].contains { $0.output != nil })
        cells[k].ranAgain = hadRun
        moveToOutput(of: k)
    }

    private func moveToOutput(of k: Int) {
        if let i = steps.firstIndex(of: .output(cell: k)) {
            // Every cell before it must have run: their outputs are already cached.
            while position < i && forward() {}
            position = i
        }
    }

    /// Runs cell `k`; `rewinding` first returns to the state before it and
    /// forgets what the cells after it printed.
    private func run(_ k: Int, rewinding: Bool = false) {
        if rewinding, let snapshot = before[k] {
            let options = session.options  // the terminal's size now, not when the snapshot was taken
            session = snapshot.fork()
            session.options = options
            for j in cells.indices where j > k {
                cells[j].output = nil
                cells[j].ranAgain = false
                before[j] = nil
            }
        } else if before[k] == nil {
            before[k] = session.fork()
        }
        let result = session.execute(cells[k].source)
        cells[k].output = result.outputs
    }
}
