import Foundation
import NNBookRender
import NeuralCore

/// `show`: one example of a data set drawn as its picture with its label, a
/// vector of a square's length as a picture, a matrix as a signed heat map —
/// or, when its rows make a square (a first layer's weights on an image's
/// pixels), each column as its own picture: what each unit looks for.
extension Interpreter {
    /// What `show` can draw, for its messages.
    static let showable = "one example of a data set (show data.train[0]), a vector whose length is a square "
        + "(64 = 8×8, 784 = 28×28) or a matrix (show model.layers[0].weights)"

    func show(_ e: Expr, file: OutputFile?, span: SourceSpan) throws(Diagnostic) {
        let path = try file.map { f throws(Diagnostic) in
            SVGFile(file: f, typed: try filePath(f.path, example: "show data.train[0] to \"digit.svg\""), command: span)
        }
        var label: Int32?
        let value: Value
        // The units a first layer's weights show: all of them, or those `[:, 8:16]` picks.
        var units: [Int]?, limit: Double?
        if let (weights, picked, whole) = try firstLayerWeights(e) {
            (value, units, limit) = (weights, picked, whole)
        } else if case .index(let baseExpr, let iExpr, let indexSpan) = e {
            let base = try eval(baseExpr)
            if case .dataset = base {
                throw Diagnostic(.type, "pick the training or the test half first", at: baseExpr.span,
                                 hint: "show \(Printer.print(baseExpr)).train[\(Printer.print(iExpr))]")
            }
            let i = try eval(iExpr)
            value = try index(base, i, span: indexSpan, indexSpan: iExpr.span)
            if case .data(let d) = base {  // the index was checked as index(…) took the example
                let k = try Coerce.integer(i, at: iExpr.span)
                let n = k < 0 ? k + d.count : k
                if n >= 0 && n < d.count { label = d.labels[n] }
            }
        } else {
            value = try eval(e)
        }
        switch value {
        case .array(let a) where a.rank == 1:
            guard let side = Self.squareSide(a.count) else {
                throw Diagnostic(.value, "show draws a vector as a square picture, and \(a.count) numbers are not a square", at: e.span,
                                 hint: "show draws " + Self.showable)
            }
            try showImage(a.data, side: side, label: label, expr: e, file: path)
        case .array(let a) where a.rank == 2:
            try showMatrix(a, expr: e, units: units, limit: limit, file: path)
        case .modelLayer(let m, let k):
            guard let w = try Models.attribute(m.model.layers[k], "weights", span: e.span), case .array(let a) = w else {
                throw Diagnostic(.value, "layer \(k) (\(m.model.layers[k].kind)) has no weights to draw", at: e.span,
                                 hint: "a dense layer has them: show model.layers[0].weights")
            }
            try showMatrix(a, expr: .attribute(e, "weights", e.span), units: k == 0 ? Array(0..<a.shape[1]) : nil, limit: nil, file: path)
        default:
            var hint = "show draws " + Self.showable
            switch value {
            case .dataset, .data: hint = "show one example: show data.train[0]"
            case .model: hint = "show a layer's weights: show model.layers[0].weights"
            default: break
            }
            throw Diagnostic(.type, "show cannot draw \(value.typeName)", at: e.span, hint: hint)
        }
    }

    /// `model.layers[0].weights`, a sum or difference with it (`… - w0`), or
    /// either's columns `[:, A:B]`: the matrix, the units it holds and the scale
    /// of all of them; nil for any other expression (evaluated once either way).
    private func firstLayerWeights(_ e: Expr) throws(Diagnostic) -> (Value, [Int]?, Double?)? {
        var parts: [SubscriptPart] = [], whole = e
        if case .subscripted(let base, let p, _) = e, p.count == 2, case .slice(nil, nil, nil) = p[0], case .slice = p[1] {
            (whole, parts) = (base, p)
        }
        let weights: Value
        var first: NDArray?
        if case .attribute(let layerExpr, "weights", let attrSpan) = whole {
            let layer = try eval(layerExpr)
            weights = try attribute(layer, "weights", span: attrSpan)
            if case .modelLayer(_, 0) = layer, case .array(let w) = weights, w.rank == 2 { first = w }
        } else if try isComputedFromFirstLayerWeights(whole) {
            // `model.layers[0].weights - w0`, what training changed: one picture a unit too.
            weights = try eval(whole)
            if case .array(let w) = weights, w.rank == 2 { first = w }
        } else {
            return nil
        }
        // One scale for every unit of the layer, however many are picked.
        let limit = first.map { w in w.data.filter(\.isFinite).map(abs).max() ?? 1 }
        guard case .subscripted(_, _, let span) = e else { return (weights, first.map { Array(0..<$0.shape[1]) }, limit) }
        var values: [(SubscriptPart, [Value])] = []
        for part in parts {
            var vs: [Value] = []
            for x in part.expressions { vs.append(try eval(x)) }
            values.append((part, vs))
        }
        let picked = try subscripted(weights, values, span: span)
        guard let w = first, case .slice(let a, let b, let c) = parts[1] else { return (picked, nil, nil) }
        var bounds: [Int?] = []
        var it = values[1].1.makeIterator()
        for x in [a, b, c] { bounds.append(x == nil ? nil : try Coerce.integer(it.next() ?? .none, at: x?.span ?? span)) }
        do { return (picked, try NDArray.positions(w.shape[1], bounds[0], bounds[1], bounds[2] ?? 1), limit) } catch {
            throw Coerce.diagnostic(error, at: span)
        }
    }

    /// True when `e` is `….layers[0].weights` written with names, attributes and
    /// numbers only, so looking at the layer has no effect of its own.
    private func isFirstLayerWeights(_ e: Expr) throws(Diagnostic) -> Bool {
        guard case .attribute(let layer, "weights", _) = e, Self.isPlainPath(layer) else { return false }
        if case .modelLayer(_, 0) = try eval(layer) { return true }
        return false
    }

    private func isComputedFromFirstLayerWeights(_ e: Expr) throws(Diagnostic) -> Bool {
        guard case .binary(let op, let a, let b, _) = e, [.add, .subtract, .multiply, .divide].contains(op) else { return false }
        if try isFirstLayerWeights(a) { return true }
        return try isFirstLayerWeights(b)
    }

    static func isPlainPath(_ e: Expr) -> Bool {
        switch e {
        case .name: return true
        case .attribute(let base, _, _): return isPlainPath(base)
        case .index(let base, .number, _): return isPlainPath(base)
        default: return false
        }
    }

    /// "0 to 7", "3", or "2, 5, 9" (picked out of order or with a step).
    static func unitRange(_ units: [Int], count: Int) -> String {
        let shown = Array(units.prefix(count))
        guard let first = shown.first, let last = shown.last else { return "none" }
        if shown.count == 1 { return "\(first)" }
        return shown == Array(first...max(first, last)) ? "\(first) to \(last)" : shown.map(String.init).joined(separator: ", ")
    }

    /// `model.layers[0].weights` without the `[:, A:B]` after it.
    static func weightsText(_ e: Expr) -> String {
        var base = e
        if case .subscripted(let b, _, _) = e { base = b }
        if case .binary = base { return "(" + Printer.print(base) + ")" }
        return Printer.print(base)
    }

    /// One character for two pixels when two characters a pixel would not fit the screen.
    static func compact(_ side: Int, _ style: ChartStyle) -> Bool {
        side + 6 > style.height || 2 * side + 2 > style.width
    }

    /// The side of a square of `n` pixels, 2 or more; nil when `n` is no square.
    static func squareSide(_ n: Int) -> Int? {
        let s = Int(Double(n).squareRoot().rounded())
        return s >= 2 && s * s == n ? s : nil
    }

    private var pixelStyle: ChartStyle {
        ChartStyle(width: max(20, options.width), height: max(10, options.height), unicode: options.unicode, colour: options.colour)
    }

    /// An image in greys, or — with a negative number in it — signed, as weights are.
    private func showImage(_ values: [Double], side: Int, label: Int32?, expr: Expr, file: SVGFile?) throws(Diagnostic) {
        let finite = values.filter(\.isFinite)
        let shading: PixelShading = finite.contains { $0 < 0 }
            ? .signed(limit: finite.map(abs).max() ?? 1)
            : .grey(0...max(1, finite.max() ?? 1))
        let grid = PixelGrid(rows: side, columns: side, values: values)
        let caption = label.map { ["label \($0)"] } ?? []
        let compact = Self.compact(side, pixelStyle)
        guard file != nil || side + 2 <= pixelStyle.width else {
            throw Diagnostic(.value, "a \(side)×\(side) picture is wider than the terminal's \(pixelStyle.width) columns, even at one character a pixel",
                             at: expr.span, hint: "write it to a file: show \(Printer.print(expr)) to \"picture.svg\"")
        }
        try draw([grid], shading: shading, header: [], caption: caption, kind: "image", compact: compact, file: file)
    }

    /// A matrix: one picture per column when its rows make a square (a first
    /// layer's weights on an image), otherwise a heat map of what fits.
    private func showMatrix(_ a: NDArray, expr: Expr, units: [Int]?, limit wholeLimit: Double?, file: SVGFile?) throws(Diagnostic) {
        let (rows, cols) = (a.shape[0], a.shape[1])
        guard rows > 0, cols > 0 else { throw Diagnostic(.value, "this matrix is empty: nothing to draw", at: expr.span) }
        let limit = wholeLimit ?? a.data.filter(\.isFinite).map(abs).max() ?? 1
        let shading = PixelShading.signed(limit: limit > 0 ? limit : 1)
        let style = pixelStyle
        let text = Printer.print(expr)
        if let units, units.count == cols, let side = Self.squareSide(rows), side + 2 <= style.width {
            // Frames of width·side+2 columns, one apart, and of side+2 lines (compact: half as many); a line above, one below.
            let compact = Self.compact(side, style)
            let (wide, tall) = compact ? (side + 2, (side + 1) / 2 + 2) : (2 * side + 2, side + 2)
            let across = max(1, (style.width + 1) / (wide + 1))
            let down = max(1, (style.height - 4) / tall)
            let shown = min(cols, file == nil ? across * down : max(1, min(64, 100_000 / rows)))
            let grids = (0..<shown).map { j in
                PixelGrid(title: "unit \(units[j])", rows: side, columns: side, values: (0..<rows).map { a.data[$0 * cols + j] })
            }
            let all = Self.unitRange(units, count: shown)
            var header = shown == 1 ? "unit \(all): its \(rows) weights, on the \(side)×\(side) pixels"
                : "units \(all): each picture is one unit's \(rows) weights, on the \(side)×\(side) pixels"
            if shown < cols {
                let next = units[shown], whole = Self.weightsText(expr)
                header = "units \(all) of \(units == Array(0..<cols) ? "\(cols)" : "the \(cols) picked")"
                    + " (the next: show \(whole)[:, \(next):\(next + shown)])"
            }
            try draw(grids, shading: shading, header: [header], caption: [], kind: "tiles", compact: compact, file: file)
            return
        }
        let shownRows = min(rows, file == nil ? max(1, style.height - 5) : 200)
        let shownCols = min(cols, file == nil ? max(1, (style.width - 2) / 2) : 200)
        let values = (0..<shownRows).flatMap { r in (0..<shownCols).map { a.data[r * cols + $0] } }
        var header = ["a \(rows) × \(cols) matrix: a line per row, two characters per column"]
        if shownRows < rows || shownCols < cols {
            header.append("rows 0 to \(shownRows - 1) of \(rows), columns 0 to \(shownCols - 1) of \(cols); "
                          + "show \(text)[\(shownRows):] shows the next rows")
        }
        try draw([PixelGrid(rows: shownRows, columns: shownCols, values: values)], shading: shading, header: header, caption: [],
                 kind: "heatmap", file: file)
    }

    /// To the terminal (with the SVG for Jupyter), or to the file; the grids' numbers become the cell's figure.
    private func draw(_ grids: [PixelGrid], shading: PixelShading, header: [String], caption: [String], kind: String,
                      compact: Bool = false, file: SVGFile?) throws(Diagnostic) {
        figures.append(Figure(kind: kind, series: grids.enumerated().map { i, g in
            Figure.Series(label: g.title ?? "pixels \(i)", points: g.values.enumerated().map { (Double($0.offset), $0.element) })
        }))
        let fmt: (Double) -> String = { [self] in format($0) }
        let svg = { SVGChart.pixels(grids, shading: shading, caption: header + caption, format: fmt) }
        if let file {
            try write(svg(), to: file)
            return
        }
        let style = pixelStyle
        let scale = "shades: " + PixelChart.scale(shading, style: style, format: fmt)
        let lines = header + PixelChart.render(grids, shading: shading, style: style, compact: compact) + caption + [scale]
        emit(lines.joined(separator: "\n"), .chart, rich: .svg(svg()))
    }
}
