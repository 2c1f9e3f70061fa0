import Foundation
import NNBookLanguage
import NNBookNotebook
import NNBookRender

/// Shows a `PlaygroundView` full screen, as `ExploreLoop` shows the descent
/// explorer: the alternate screen, the cursor hidden, keys read raw. While
/// it plays, one epoch a frame, at most `framesPerSecond` frames a second,
/// each written as the cells that changed (`TerminalUpdate.diff`). Every
/// way out — q, Esc, Ctrl-C, Ctrl-D, the end of input — leaves the
/// alternate screen, shows the cursor and restores the terminal's modes.
final class PlaygroundLoop {
    let terminal: Terminal
    let colour: Bool
    /// Writes the files `s` and `x` ask for (through the session's file access).
    let write: (PlaygroundView.File) -> Result<String, Session.FileProblem>
    private var shown: TerminalFrame?
    static let framesPerSecond = 30

    init(terminal: Terminal, colour: Bool, write: @escaping (PlaygroundView.File) -> Result<String, Session.FileProblem>) {
        self.terminal = terminal
        self.colour = colour
        self.write = write
    }

    func run(_ start: PlaygroundView) -> PlaygroundView {
        FullScreenSession.run(terminal, otherwise: start) { keyboard, screen in play(start, keyboard, screen) }
    }

    private func play(_ start: PlaygroundView, _ keyboard: Keyboard, _ screen: DemoScreen) -> PlaygroundView {
        var view = start
        draw(view)
        let interval = 1000 / Int32(Self.framesPerSecond)
        var lastFrame = DispatchTime.now().uptimeNanoseconds
        while true {
            let waited = Int32(min((DispatchTime.now().uptimeNanoseconds - lastFrame) / 1_000_000, 1000))
            guard let keys = keyboard.read(waiting: view.playing ? max(interval - waited, 0) : -1) else { return view }
            var changed = false
            if keys.isEmpty, screen.resized {
                screen.clear()
                shown = nil
                changed = true
            }
            for key in keys {
                guard let action = Self.action(key, panelOpen: !view.panel.isEmpty, choosingFeatures: view.choosingFeatures) else { continue }
                switch action {
                case .quit: return view
                case .view(let a): changed = view.perform(a) || changed
                case .svg: changed = save([view.svgFile(width: terminal.width, height: terminal.height)], into: &view) || changed
                case .csv: changed = save(view.csvFiles, into: &view) || changed
                }
            }
            let now = DispatchTime.now().uptimeNanoseconds
            if view.playing, now - lastFrame >= UInt64(interval) * 1_000_000 {
                changed = view.tick() || changed
                lastFrame = now  // frames start every interval, however long each takes to draw
            }
            if changed { draw(view) }
        }
    }

    enum Step: Equatable {
        case quit, svg, csv
        case view(PlaygroundView.Action)
    }

    /// The key table. While a box is open (`panelOpen`) Esc closes it; while
    /// it is the feature chooser, `1`…`7` toggle the features.
    static func action(_ key: TerminalKey, panelOpen: Bool = false, choosingFeatures: Bool = false) -> Step? {
        switch key {
        case .character(" "): return .view(.playPause)
        case .right, .character("."): return .view(.step)
        case .character("+"), .character("="): return .view(.change(.rate(up: true)))
        case .character("-"), .character("_"): return .view(.change(.rate(up: false)))
        case .character("a"): return .view(.change(.activation))
        case .character("]"): return .view(.change(.layers(more: true)))
        case .character("["): return .view(.change(.layers(more: false)))
        case .character("}"): return .view(.neurons(more: true))
        case .character("{"): return .view(.neurons(more: false))
        case .character("d"): return .view(.change(.data))
        case .character("n"): return .view(.change(.noise))
        case .character("t"): return .view(.change(.split))
        case .character("b"): return .view(.change(.batch))
        case .character("f"): return .view(.features)
        case .character(let c) where choosingFeatures && ("1"..."7").contains(c): return .view(.feature(Int(String(c)) ?? 0))
        case .character("r"): return .view(.change(.regularization))
        case .character(">"): return .view(.change(.regularizationRate(up: true)))
        case .character("<"): return .view(.change(.regularizationRate(up: false)))
        case .tab: return .view(.select(forward: true))
        case .other(let bytes) where bytes == [0x1B, 0x5B, 0x5A]: return .view(.select(forward: false))  // Shift-Tab
        case .character("w"): return .view(.selectWeight)
        case .character("e"): return .view(.explain)
        case .character("R"): return .view(.rewind)
        case .character("v"): return .view(.toggleView)
        case .character("s"): return .svg
        case .character("x"): return .csv
        case .escape where panelOpen: return .view(.dismiss)
        case .character("q"), .character("Q"), .escape, .control("c"), .control("d"): return .quit
        default: return nil
        }
    }

    private func save(_ files: [PlaygroundView.File], into view: inout PlaygroundView) -> Bool {
        var names: [String] = []
        for file in files {
            switch write(file) {
            case .success(let name): names.append(name)
            case .failure(let problem):
                view.wrote(names, problem: problem.description)
                return true
            }
        }
        view.wrote(names, problem: nil)
        return true
    }

    /// The frame at the terminal's size: only the cells that changed since the last.
    private func draw(_ view: PlaygroundView) {
        let frame = view.frame(width: terminal.width, height: terminal.height, colour: colour)
        if let shown, shown.width == frame.width, shown.height == frame.height {
            terminal.write(TerminalUpdate.diff(from: shown, to: frame, colour: colour))
        } else {
            terminal.write(TerminalUpdate.full(frame, colour: colour))
        }
        shown = frame
    }
}
