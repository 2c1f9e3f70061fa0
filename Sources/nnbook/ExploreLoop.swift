import CTerminal
import NNBookLanguage
import NNBookNotebook

/// Shows a `DescentExplorer` full screen: the demo's alternate screen
/// (`DemoScreen`, cursor hidden) and keys read raw (`Keyboard`), each frame
/// written over the last, only the rows that changed. Every way out — q, Esc, Enter, Ctrl-C, Ctrl-D, the end
/// of input — leaves the alternate screen, shows the cursor and restores the
/// terminal's modes, then returns the explorer with its last settings.
final class ExploreLoop {
    let terminal: Terminal
    /// Braille and box characters (false after `:plots ascii`), and colour.
    let unicode: Bool
    let colour: Bool
    /// What is on the screen, row by row, so a key rewrites only the rows that changed.
    private var shown: [String] = []

    init(terminal: Terminal, unicode: Bool, colour: Bool) {
        self.terminal = terminal
        self.unicode = unicode
        self.colour = colour
    }

    func run(_ start: DescentExplorer) -> DescentExplorer {
        FullScreenSession.run(terminal, otherwise: start) { keyboard, screen in
            var explorer = start
            draw(explorer)
            while let keys = keyboard.read() {
                if keys.isEmpty {  // resized
                    screen.clear()
                    shown = []
                    draw(explorer)
                    continue
                }
                var changed = false
                for key in keys {
                    switch Self.action(key) {
                    case .quit?: return explorer
                    case .change(let action)?: changed = explorer.perform(action) || changed
                    case nil: break
                    }
                }
                if changed { draw(explorer) }
            }
            return explorer
        }
    }

    enum Step { case quit, change(DescentExplorer.Action) }

    static func action(_ key: TerminalKey) -> Step? {
        switch key {
        case .left, .character("-"), .character("h"): return .change(.slower)
        case .right, .character("+"), .character("="), .character("l"): return .change(.faster)
        case .down, .character("j"): return .change(.fewerSteps)
        case .up, .character("k"): return .change(.moreSteps)
        case .character("q"), .character("Q"), .escape, .enter, .control("c"), .control("d"): return .quit
        default: return nil
        }
    }

    /// The frame for the terminal's size: each row that changed written in place and cleared to its end.
    private func draw(_ explorer: DescentExplorer) {
        let lines = explorer.frame(width: terminal.width, height: terminal.height, unicode: unicode, colour: colour)
        var out = ""
        for (row, line) in lines.enumerated() where row >= shown.count || shown[row] != line {
            out += "\u{1B}[\(row + 1);1H" + line + "\u{1B}[0m\u{1B}[K"
        }
        shown = lines
        terminal.write(out)
    }
}

/// The alternate screen with the cursor hidden and keys read raw, for the
/// full-screen views (`ExploreLoop`, `PlaygroundLoop`): every way out of
/// `body` leaves the alternate screen, shows the cursor and restores the
/// terminal's modes. `otherwise` when standard input is not a terminal.
enum FullScreenSession {
    static func run<T>(_ terminal: Terminal, otherwise: T, _ body: (Keyboard, DemoScreen) -> T) -> T {
        guard let keyboard = Keyboard() else { return otherwise }
        let screen = DemoScreen(terminal: terminal)  // the alternate screen, the cursor hidden, and both back on leaving
        screen.enter()
        defer {
            terminal.write("\u{1B}[0m")
            screen.leave()
            keyboard.restore()
        }
        nnbook_install_sigwinch()
        return body(keyboard, screen)
    }
}
