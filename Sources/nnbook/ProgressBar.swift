import Foundation
import NNBookRender
import NeuralCore
import NNBookLanguage

/// The live training bar, redrawn in place on one terminal line:
/// `Epoch 2/5  23/45 [=========>          ] loss 0.5123  accuracy 84.21%  ETA 0.3 s`.
/// Drawn at most every 50 ms; cleared before any other output.
final class ProgressBar {
    let terminal: Terminal
    private var shown = false
    private var lastDraw = Date.distantPast

    init(terminal: Terminal) { self.terminal = terminal }

    func show(_ p: TrainingProgress) {
        let now = Date()
        // An mlp's steps (`.step`) print their own lines at the REPL, and no bar.
        guard p.unit == .batch, !p.epochFinished, now.timeIntervalSince(lastDraw) >= 0.05 else { return }
        lastDraw = now
        let head = "Epoch \(p.epoch)/\(p.epochs)  \(p.batch)/\(p.batches) "
        let tail = " loss \(String(format: "%.4f", p.loss))  accuracy \(String(format: "%.2f%%", p.accuracy * 100))  ETA \(NumberFormat.duration(p.remaining))"
        let room = max(10, min(40, terminal.width - TextWidth.of(head) - TextWidth.of(tail) - 3))
        let filled = p.batches > 0 ? min(room, room * p.batch / p.batches) : 0
        let arrow = filled < room ? ">" : ""
        let body = String(repeating: "=", count: max(0, filled - arrow.count)) + arrow + String(repeating: " ", count: room - filled)
        terminal.write("\r\u{1B}[K" + head + "[" + terminal.paint(body, .green) + "]" + tail)
        shown = true
    }

    func clear() {
        guard shown else { return }
        terminal.write("\r\u{1B}[K")
        shown = false
    }
}
