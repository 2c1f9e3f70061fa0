import CTerminal
import Foundation
import NNBookLanguage
import NNBookNotebook

/// Runs `nnbook demo` on a terminal: reads keys, moves a `DemoShow`, draws
/// its steps with `DemoLayout` on a `DemoScreen`. Piped, it prints every
/// step in order, without colour or escape codes.
final class DemoLoop {
    let terminal: Terminal
    let show: DemoShow
    let language: LessonLanguage
    let title: String
    private let screen: DemoScreen
    private let bar: ProgressBar
    private var keyboard: Keyboard?
    private var editor: LineEditor?
    /// The end-of-demo note is on screen (so a second → does not repeat it).
    private var endShown = false

    init(terminal: Terminal, notebook: Notebook, title: String, language: LessonLanguage, files: FileAccess) {
        self.terminal = terminal
        self.language = language
        self.title = title
        screen = DemoScreen(terminal: terminal)
        bar = ProgressBar(terminal: terminal)
        var options = ReplLoop.options(for: terminal)
        options.maxOutputLines = 200
        let session = Session(options: options)
        session.fileAccess = files
        session.isCancelled = { Interrupts.pending }
        if terminal.interactive { session.trainingProgress = { [bar] in bar.show($0) } }
        show = DemoShow(notebook: notebook, session: session)
        fitPlots()
    }

    /// Plots as wide as the terminal, and short enough to fit under their
    /// input line above the status line.
    private func fitPlots() {
        guard terminal.interactive else { return }
        show.session.options.width = terminal.width
        show.session.options.height = max(12, terminal.height - 3)
    }

    private var layout: DemoLayout { layout(width: terminal.interactive ? screen.width : terminal.width) }

    private func layout(width: Int) -> DemoLayout {
        DemoLayout(width: width, colour: terminal.colour, unicode: terminal.unicode, language: language)
    }

    func run() -> Int32 {
        guard terminal.interactive, let keyboard = Keyboard() else { return piped() }
        self.keyboard = keyboard
        screen.enter()
        defer {
            screen.leave()
            keyboard.restore()
        }
        screen.append(layout.keyList(title: title) + layout.lines(ofStep: 0, in: show))
        updateStatus()
        nnbook_install_sigwinch()
        while let keys = keyboard.read() {
            if screen.resized {
                fitPlots()
                redraw()
                updateStatus()
            }
            for key in keys {
                if !perform(DemoAction(key)) { return 0 }
                updateStatus()
            }
        }
        return 0
    }

    private func piped() -> Int32 {
        terminal.write(layout.lines(ofStep: 0, in: show).map { $0 + "\n" }.joined())
        while show.forward() {
            terminal.write(layout.lines(ofStep: show.position, in: show).map { $0 + "\n" }.joined())
        }
        return 0
    }

    /// Carries out one action; false to quit.
    private func perform(_ action: DemoAction) -> Bool {
        switch action {
        case .forward:
            if running({ show.forward() }) {
                screen.append(layout.lines(ofStep: show.position, in: show))
            } else if !endShown {
                screen.append(layout.note(.end))
                endShown = true
            }
        case .back:
            if show.back() { redraw() } else { screen.append(layout.note(.atStart)) }
        case .first:
            show.first()
            redraw()
        case .last:
            running { show.last() }
            redraw()
        case .edit: edit()
        case .rerun:
            guard let k = show.currentCell else { screen.append(layout.note(.noCellYet)); break }
            running { show.rerun(k) }
            redraw()
        case .help: screen.append(layout.keyList())
        case .quit: return false
        case .none: break
        }
        return true
    }

    /// Runs `body` (which may run cells) with Ctrl-C stopping the cell instead
    /// of being read as a key, and the progress bar cleared after.
    @discardableResult
    private func running<T>(_ body: () -> T) -> T {
        nnbook_reset_interrupts()
        keyboard?.running()
        defer {
            keyboard?.raw()
            bar.clear()
        }
        return body()
    }

    private func redraw() {
        endShown = false
        screen.redraw { width in layout(width: width).lines(through: show.position, in: show) }
    }

    private func updateStatus() {
        screen.status(layout.status(step: show.position + 1, total: show.steps.count))
    }

    /// `e`: each line of the current cell in turn, ready to edit in libedit;
    /// Enter keeps it and moves on, Ctrl-C cancels, a line cleared to
    /// nothing is removed. Then the changed cell runs.
    private func edit() {
        guard let k = show.currentCell else { screen.append(layout.note(.noCellYet)); return }
        let lines = show.cells[k].source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        keyboard?.restore()
        screen.showCursor()
        defer {
            screen.hideCursor()
            keyboard?.raw()
        }
        let editor = self.editor ?? LineEditor(home: Terminal.home)
        self.editor = editor
        LineEditor.provider = { [show] word in show.session.completions(prefix: word) }
        screen.append(layout.note(.editHelp))
        var edited: [String] = []
        for (i, line) in lines.enumerated() {
            let prompt = terminal.promptPaint(DemoPhrase.editPrompt(line: i + 1, count: lines.count).text(language), .yellow)
            switch editor.read(prompt: prompt, prefill: line) {
            case .line(let text):
                if !text.trimmingCharacters(in: .whitespaces).isEmpty { edited.append(text) }
            case .paste(let text):  // a pasted block takes this line's place, however many lines it has
                edited += text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .interrupted, .endOfInput:
                screen.append(layout.note(.editCancelled))
                return
            }
        }
        guard !edited.isEmpty else {
            screen.append(layout.note(.editCancelled))
            return
        }
        keyboard?.raw()
        running { show.edit(k, source: edited.joined(separator: "\n")) }
        redraw()
    }
}
