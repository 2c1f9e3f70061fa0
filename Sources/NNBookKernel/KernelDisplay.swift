import Foundation
import NNBookLanguage
import NeuralCore

/// What a cell's charts, tables and training look like in Jupyter: one per
/// cell, fed by the session's callbacks as the cell runs, publishing in the
/// order the cell made its outputs.
///
/// - A chart (`plot`) or a computation graph (`graph`) is a `display_data`
///   with `image/svg+xml` (the SVG that `plot … to "FILE.svg"` or `graph … to
///   "FILE.svg"` writes) and `text/plain`, exactly the text the REPL prints for it.
/// - `summary` and `confusion` are a `display_data` with a `text/html`
///   `<table>` and the same `text/plain`.
/// - Help asked for as `sigmoid?` goes to the front-end's pager (a `page`
///   payload of the execute reply), not into the cell's output.
/// - Training is one `display_data` with a `transient.display_id`, updated
///   (`update_display_data`) with each finished epoch's line and a progress
///   line, and left with the epoch lines alone, as the REPL prints them. An
///   `mlp`'s steps are one epoch of batches (`TrainingProgress.unit` `.step`):
///   its display takes the `step k …` lines the REPL prints every tenth step.
final class KernelDisplay {
    private let publish: (String, JSON) -> Void
    /// The richer forms handed over (`Session.richOutput`) whose text item has not come yet.
    private var pending: [(text: String, form: RichForm)] = []
    /// The training display being updated.
    private var training: LiveTraining?

    struct LiveTraining {
        let id: String
        /// How the REPL's lines for this run begin: `Epoch ` (an epoch finished) or `step ` (an mlp's step).
        let linePrefix: String
        /// The REPL's lines so far.
        var lines: [String] = []
        /// Whether the line of the batch just reported may come next.
        var lineDue: Bool
        /// The tenth of the epoch the progress line last showed.
        var shownStep: Int
    }
    /// Help asked for as `sigmoid?`: the execute reply carries it as a pager payload, as IPython's does.
    private(set) var pages: [String] = []

    init(publish: @escaping (String, JSON) -> Void) {
        self.publish = publish
    }

    /// Keeps a richer form until its text item comes.
    func rich(_ text: String, _ form: RichForm) {
        pending.append((text, form))
    }

    /// A batch of training: starts the training display, or updates it about ten times an epoch.
    /// An epoch's line is due after its last batch; an mlp's step line after any step (it prints every tenth).
    func progress(_ p: TrainingProgress) {
        let step = p.batches > 0 ? p.batch * 10 / p.batches : 0
        let lineDue = p.epochFinished || p.unit == .step
        guard var t = training else {
            let id = "nnbook-train-" + UUID().uuidString
            training = LiveTraining(id: id, linePrefix: p.unit == .step ? "step " : "Epoch ", lineDue: lineDue, shownStep: step)
            publish("display_data", Self.bundle(["text/plain": .string(Self.progressLine(p))], displayID: id))
            return
        }
        t.lineDue = lineDue
        if !p.epochFinished, step != t.shownStep || p.batch == 1 {
            t.shownStep = step
            publish("update_display_data", Self.bundle(["text/plain": .string((t.lines + [Self.progressLine(p)]).joined(separator: "\n"))],
                                                       displayID: t.id))
        }
        training = t
    }

    /// A text item: true when it went out as a line of the training display
    /// (an epoch's or an mlp step's) or as a chart, graph or table with its
    /// richer form; false when the caller streams it.
    func text(_ text: String, _ style: OutputStyle) -> Bool {
        if var t = training, t.lineDue, style == .plain, text.hasPrefix(t.linePrefix) {
            t.lines.append(text)
            t.lineDue = false
            training = t
            publish("update_display_data", Self.bundle(["text/plain": .string(t.lines.joined(separator: "\n"))], displayID: t.id))
            return true
        }
        finishTraining()
        guard let i = pending.firstIndex(where: { $0.text == text }) else { return false }
        let form = pending[i].form
        pending.removeFirst(i + 1)
        if form == .page {
            pages.append(text)
            return true
        }
        var data: [String: JSON] = ["text/plain": .string(text)]
        switch form {
        case .svg(let svg): data["image/svg+xml"] = .string(svg)
        case .table(let header, let rows, let footer): data["text/html"] = .string(Self.html(header: header, rows: rows, footer: footer))
        case .page: break
        }
        publish("display_data", Self.bundle(data, displayID: nil))
        return true
    }

    /// Leaves the training display with its epoch lines alone (a stopped run's progress line goes).
    func finishTraining() {
        guard let t = training else { return }
        training = nil
        publish("update_display_data", Self.bundle(["text/plain": .string(t.lines.joined(separator: "\n"))], displayID: t.id))
    }

    static func progressLine(_ p: TrainingProgress) -> String {
        let loss = "  loss " + String(format: "%.4f", p.loss)
        switch p.unit {
        case .batch: return "epoch \(p.epoch)/\(p.epochs)  batch \(p.batch)/\(p.batches)" + loss
        case .step: return "steps \(p.batch)/\(p.batches)" + loss
        }
    }

    static func bundle(_ data: [String: JSON], displayID: String?) -> JSON {
        var content: JSON = ["data": .object(data), "metadata": [:]]
        if let displayID { content["transient"] = ["display_id": .string(displayID)] }
        return content
    }

    /// A table as HTML: header cells, rows, and the lines after it as one
    /// paragraph (a line each); every cell escaped. Cells that are not
    /// numbers (layer names, shapes) are left-aligned, numbers stay right as
    /// front-ends set tables.
    static func html(header: [String], rows: [[String]], footer: [String]) -> String {
        func cell(_ text: String, _ tag: String) -> String {
            let numeric = Double(text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")) != nil
            return numeric || tag == "th" ? "<\(tag)>\(escape(text))</\(tag)>" : "<\(tag) style=\"text-align: left\">\(escape(text))</\(tag)>"
        }
        func row(_ cells: [String], _ tag: String) -> String { "<tr>" + cells.map { cell($0, tag) }.joined() + "</tr>" }
        let table = "<table>\n<thead>" + row(header, "th") + "</thead>\n<tbody>\n" + rows.map { row($0, "td") }.joined(separator: "\n")
            + "\n</tbody>\n</table>\n"
        return footer.isEmpty ? table : table + "<p>" + footer.map(escape).joined(separator: "<br>\n") + "</p>"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
