import Foundation
import NNBookRender
import NeuralCore

/// `plot`: functions, the last descent, the last training run's loss, and a
/// classifier's decision regions — in the terminal, or as SVG with `to "file.svg"`.
extension Interpreter {
    func plot(_ target: PlotTarget, file: OutputFile?, span commandSpan: SourceSpan) throws(Diagnostic) {
        let span = file?.path.span ?? commandSpan  // a file error points at the file name
        let path = try file.map { f throws(Diagnostic) in
            SVGFile(file: f, typed: try filePath(f.path, example: "plot sigmoid from -6 to 6 to \"sigmoid.svg\""), command: commandSpan)
        }
        switch target {
        case .functions(let fs, let a, let b): try plotFunctions(fs, from: a, to: b, file: path, span: span)
        case .descent: try plotDescent(file: path, span: span)
        case .loss: try plotLoss(file: path, span: span)
        case .boundary(let m, let d): try plotBoundary(m, on: d, file: path, span: span)
        }
    }

    /// True when the name appears in the expression (as a variable, not a called function).
    static func mentions(_ name: String, _ e: Expr) -> Bool {
        switch e {
        case .name(let n, _): return n.text == name
        case .number, .string, .bool, .literal: return false
        case .list(let items, _): return items.contains { mentions(name, $0) }
        case .unary(_, let u, _), .prime(let u, _, _), .attribute(let u, _, _): return mentions(name, u)
        case .binary(_, let a, let b, _), .index(let a, let b, _): return mentions(name, a) || mentions(name, b)
        case .conditional(let a, let c, let b, _): return [a, c, b].contains { mentions(name, $0) }
        case .subscripted(let a, let parts, _): return ([a] + parts.flatMap(\.expressions)).contains { mentions(name, $0) }
        case .comprehension(let e, let v, let i, let c, _):
            return mentions(name, i) || (v.text != name && ([e] + (c.map { [$0] } ?? [])).contains { mentions(name, $0) })
        case .call(_, let args, _): return args.contains { mentions(name, $0.value) }
        }
    }

    private var chartStyle: ChartStyle {
        ChartStyle(width: max(30, min(options.width, 100)), height: max(10, min(options.height - 6, 24)),
                   unicode: options.unicode, colour: options.colour)
    }

    /// Draws to the terminal, or writes SVG to `path`; either way the figure is kept for the cell's result.
    private func show(_ series: [ChartSeries], kind: String, xRange: ClosedRange<Double>, title: String?, file path: SVGFile?,
                      span: SourceSpan) throws(Diagnostic) {
        figures.append(Figure(kind: kind, series: series.map { Figure.Series(label: $0.label, points: $0.points) }))
        if let path {
            try write(SVGChart.lines(series, xRange: xRange, title: title), to: path)
        } else {
            emit(LineChart.render(series, xRange: xRange, title: title, style: chartStyle).joined(separator: "\n"), .chart,
                 rich: .svg(SVGChart.lines(series, xRange: xRange, title: title)))
        }
    }

    /// Where `plot … to "file.svg"` (and `graph … to "file.svg"`) writes.
    struct SVGFile {
        let file: OutputFile
        /// The file name as the cell gave it.
        let typed: String
        /// The whole plot command.
        let command: SourceSpan
    }

    func write(_ svg: String, to destination: SVGFile) throws(Diagnostic) {
        guard try writeFile(svg, to: destination.file, typed: destination.typed, command: destination.command) else { return }
        emit("wrote \(destination.typed) (SVG: a browser, slides or a handout show it)", .note)
    }

    private func plotFunctions(_ fs: [Expr], from aExpr: Expr, to bExpr: Expr, file: SVGFile?, span: SourceSpan) throws(Diagnostic) {
        let a = try Coerce.number(try eval(aExpr), at: aExpr.span)
        let b = try Coerce.number(try eval(bExpr), at: bExpr.span)
        guard a < b else {
            throw Diagnostic(.value, "the range from \(format(a)) to \(format(b)) is empty", at: aExpr.span.merged(with: bExpr.span),
                             hint: "put the smaller number first: plot sigmoid from -6 to 6")
        }
        guard (b - a).isFinite else {
            throw Diagnostic(.value, "the range from \(format(a)) to \(format(b)) is too wide to plot: its width is past the largest 64-bit float (about 1.8e308)",
                             at: aExpr.span.merged(with: bExpr.span), hint: "a narrower range shows the curve: plot sigmoid from -6 to 6")
        }
        let samples = Figure.curveSamples
        var series: [ChartSeries] = []
        for fExpr in fs {
            let v: Value
            switch fExpr {
            case .name, .prime: v = try eval(fExpr)
            default:  // an expression in x: plot x^2 - 1 from -2 to 2
                guard Self.mentions("x", fExpr) else { v = try eval(fExpr); break }
                let anonymous = UserFunction(name: Printer.print(fExpr), parameters: ["x"], body: fExpr)
                v = .function(FunctionValue(base: .user(anonymous), order: 0))
            }
            guard case .function(let f) = v, f.parameterCount == 1 else {
                throw Diagnostic(.type, "plot needs functions of one variable, got \(v.typeName)", at: fExpr.span,
                                 hint: "plot a function (plot f from -2 to 2) or an expression in x (plot x^2 - 1 from -2 to 2)")
            }
            var points: [(x: Double, y: Double)] = []
            for i in 0...samples {
                try checkInterrupt(span)
                let x = a + (b - a) * Double(i) / Double(samples)
                let y = (try? Coerce.number(try apply(f, [.number(x)], spans: [fExpr.span], span: span), at: span)) ?? .nan
                points.append((x, y))
            }
            series.append(ChartSeries(label: f.displayName, points: points))
        }
        try show(series, kind: "functions", xRange: a...b, title: nil, file: file, span: span)
    }

    private func plotDescent(file: SVGFile?, span: SourceSpan) throws(Diagnostic) {
        guard let d = state.last.descent, d.path.count >= 1 else {
            throw Diagnostic(.value, "there is no descent to plot", at: span, hint: "f(x) = x^2, then descend f from 1 rate 0.1 steps 5, then plot descent")
        }
        let ws = d.path.map(\.w)
        let lo = ws.min() ?? 0, hi = ws.max() ?? 0
        let pad = max((hi - lo) * 0.5, 0.5)
        let a = lo - pad, b = hi + pad
        var curve: [(x: Double, y: Double)] = []
        for i in 0...200 {
            try checkInterrupt(span)
            let x = a + (b - a) * Double(i) / 200
            curve.append((x, (try? Coerce.number(try apply(d.function, [.number(x)], spans: [span], span: span), at: span)) ?? .nan))
        }
        let steps = ChartSeries(label: "w0, w1, w2 … (rate \(format(d.rate)))", points: d.path.map { ($0.w, $0.loss) }, style: .numberedPoints)
        try show([ChartSeries(label: d.function.displayName, points: curve), steps], kind: "descent", xRange: a...b,
                 title: "gradient descent on \(d.function.displayName): \(d.path.count - 1) steps", file: file, span: span)
    }

    private func plotLoss(file: SVGFile?, span: SourceSpan) throws(Diagnostic) {
        let h = state.last.training
        guard !h.isEmpty else {
            throw Diagnostic(.value, "there is no training run to plot", at: span, hint: "train model on data epochs 5, then plot loss")
        }
        let first = state.last.trainingUnit == .epoch ? 1.0 : 0.0
        let loss = h.enumerated().map { (x: first + Double($0.offset), y: $0.element.loss) }
        let accuracy = h.enumerated().map { (x: first + Double($0.offset), y: $0.element.accuracy) }
        let last = first + Double(max(h.count - 1, 1))
        try show([ChartSeries(label: "loss", points: loss, style: .linePoints),
                  ChartSeries(label: "accuracy (0 to 1)", points: accuracy, style: .linePoints)],
                 kind: "loss", xRange: first...last, title: "loss and accuracy per \(state.last.trainingUnit.rawValue)", file: file, span: span)
    }

    private func plotBoundary(_ mExpr: Expr, on dExpr: Expr, file: SVGFile?, span: SourceSpan) throws(Diagnostic) {
        let modelValue = try eval(mExpr)
        switch modelValue {
        case .mlp, .model: break
        default: throw Diagnostic(.type, "expected a model here, got \(modelValue.typeName)", at: mExpr.span, hint: "plot boundary net on data")
        }
        let data = try dataset(dExpr)
        guard data.featureCount == 2 else {
            throw Diagnostic(.value, "a decision boundary needs 2-D data; this data has \(data.featureCount) features", at: dExpr.span,
                             hint: "data = moons(), circle(), xor(), gauss() or spiral()")
        }
        let classify: (Double, Double) -> Int
        let classes: Int
        switch modelValue {
        case .mlp(let box):
            let net = box.net
            classify = { x, y in net.score(x, y) > 0 ? 1 : 0 }
            classes = 2
        case .model(let box):
            let model = box.model
            guard model.inputSize == 2 else {
                throw Diagnostic(.value, "the model takes \(model.inputSize) inputs; a boundary needs a model of 2 inputs", at: mExpr.span)
            }
            let k = model.outputSize
            classify = { x, y in
                guard let out = try? model.predict([Float(x), Float(y)], count: 1) else { return 0 }
                if k == 1 { return out[0] > 0.5 ? 1 : 0 }
                return out.indices.max { out[$0] < out[$1] } ?? 0
            }
            classes = max(k, 2)
        case let v:
            throw Diagnostic(.type, "expected a model or an mlp, got \(v.typeName)", at: mExpr.span)
        }
        // Each point's index, features, label, copies for the figure and the chart: ~160 bytes.
        try Coerce.reserve(data.count * 160, for: "plotting \(data.name)'s points", at: dExpr.span)
        var xs: [Float] = [], ys: [Int32] = []
        data.batch(Array(0..<data.count)[...], x: &xs, y: &ys)
        let points = (0..<data.count).map { (x: Double(xs[2 * $0]), y: Double(xs[2 * $0 + 1]), label: Int(ys[$0])) }
        func range(_ values: [Double]) -> ClosedRange<Double> {
            let lo = values.min() ?? -1, hi = values.max() ?? 1
            let pad = max((hi - lo) * 0.1, 0.1)
            return (lo - pad)...(hi + pad)
        }
        let xr = range(points.map(\.x)), yr = range(points.map(\.y))
        let title = "decision regions of the model, with the \(data.count) points of \(data.name)"
        figures.append(Self.boundaryFigure(classify: classify, points: points, xRange: xr, yRange: yr))
        if let file {
            try write(SVGChart.boundary(classify: classify, classes: classes, points: points, xRange: xr, yRange: yr, title: title), to: file)
        } else {
            emit(BoundaryChart.render(classify: classify, classes: classes, points: points, xRange: xr, yRange: yr, title: title,
                                      style: chartStyle).joined(separator: "\n"), .chart,
                 rich: .svg(SVGChart.boundary(classify: classify, classes: classes, points: points, xRange: xr, yRange: yr, title: title)))
        }
    }

    /// A boundary plot as numbers: the data's points by class, and the class
    /// the model gives each point of a fixed 24 × 24 grid over the same ranges.
    private static func boundaryFigure(classify: (Double, Double) -> Int, points: [(x: Double, y: Double, label: Int)],
                                       xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) -> Figure {
        let n = 24
        var grid: [(x: Double, y: Double)] = []
        for i in 0..<n * n {
            let x = xRange.lowerBound + (xRange.upperBound - xRange.lowerBound) * Double(i % n) / Double(n - 1)
            let y = yRange.lowerBound + (yRange.upperBound - yRange.lowerBound) * Double(i / n) / Double(n - 1)
            grid.append((Double(i), Double(classify(x, y))))
        }
        let classes = Set(points.map(\.label)).sorted()
        let data = classes.map { c in
            Figure.Series(label: "class \(c)", points: points.filter { $0.label == c }.map { ($0.x, $0.y) })
        }
        return Figure(kind: "boundary", series: data + [Figure.Series(label: "regions", points: grid)])
    }
}
