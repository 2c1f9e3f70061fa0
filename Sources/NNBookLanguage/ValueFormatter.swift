import NeuralCore

/// Writes values as the REPL shows them. Long vectors and tall matrices are
/// elided with a count, NumPy-style, so a huge value cannot flood the screen.
enum ValueFormatter {
    /// Elements shown at each end of a long vector.
    static let edge = 5
    /// Vectors up to this length are shown whole.
    static let wholeLimit = 30

    static func format(_ v: Value, precision: Precision) -> String {
        switch v {
        case .string(let s): return "\"" + s + "\""
        case .array(let a): return array(a, precision)
        default: return inline(v, precision: precision)
        }
    }

    /// The text `print` writes: strings without quotes.
    static func printed(_ v: Value, precision: Precision) -> String {
        if case .string(let s) = v { return s }
        return format(v, precision: precision)
    }

    /// One-line form (used inside expressions shown by `explain`).
    static func inline(_ v: Value, precision: Precision) -> String {
        switch v {
        case .number(let x): return NumberFormat.format(x, precision: precision)
        case .bool(let b): return b ? "True" : "False"
        case .string(let s): return "\"" + s + "\""
        case .array(let a): return array(a, precision).replacingNewlines()
        case .function(let f): return functionSignature(f)
        case .range(let r): return r.step == 1 ? "range(\(r.start), \(r.stop))" : "range(\(r.start), \(r.stop), \(r.step))"
        case .layer(let spec): return spec.source
        case .model(let box):
            return "sequential model: \(box.model.layers.count) layer\(box.model.layers.count == 1 ? "" : "s"), "
                + "\(NumberFormat.grouped(box.model.parameterCount)) parameters (summary shows them)"
        case .outputs: return "Out (past results: Out[n])"
        case .dataset(let s):
            let name = s.train.name.hasSuffix(" train") ? String(s.train.name.dropLast(6)) : s.train.name
            return "\(name): \(NumberFormat.grouped(s.train.count)) training and \(NumberFormat.grouped(s.test.count)) test examples, "
                + "\(s.train.featureCount) features, \(s.train.classCount) classes (.train, .test)"
        case .data(let d):
            return "\(d.name): \(NumberFormat.grouped(d.count)) examples, \(d.featureCount) features, \(d.classCount) classes"
        case .modelLayers(let box):
            return "[" + box.model.summary().map(\.title).joined(separator: ", ") + "]"
        case .modelLayer(let box, let i):
            let row = box.model.summary()[i]
            guard let activation = row.activation else { return "\(row.name): \(row.kind) \(row.outputShape), no parameters (.rate)" }
            return "\(row.name): \(row.kind) \(row.outputShape), \(activation.rawValue), \(NumberFormat.grouped(row.parameters)) parameters (.weights, .biases)"
        case .scalar(let s):
            return "value(data \(NumberFormat.format(s.data, precision: precision)), grad \(NumberFormat.format(s.grad, precision: precision)))"
        case .mlp(let box):
            return "mlp(\(box.net.sizes.map(String.init).joined(separator: ", "))): \(NumberFormat.grouped(box.net.parameterCount)) parameters, trained \(box.steps) steps"
        case .neuron(let box):
            let n = box.neuron
            return "neuron(weights: \(vector(n.weights, precision)), bias: \(NumberFormat.format(n.bias, precision: precision)), activation: \(n.activation.rawValue))"
        case .none: return "None"
        }
    }

    static func functionSignature(_ f: FunctionValue) -> String {
        switch f.base {
        case .builtin(let b): return "\(f.displayName)(\(b.parameterNames)) — built in"
        case .user(let u):
            let head = "\(f.displayName)(\(u.parameters.joined(separator: ", ")))"
            if f.order == 0 { return head + " = " + Printer.print(u.body) }
            if u.parameters.count == 1, let d = try? u.derivative(order: f.order, parameter: 0).get() {
                return head + " = " + Printer.print(d)
            }
            return head
        }
    }

    static func array(_ a: NDArray, _ p: Precision) -> String {
        array(shape: a.shape[...], a.data[...], p)
    }

    /// The rows are shown from slices of the data, never copies: a matrix of
    /// two rows of 50 million numbers prints without another 800 MB.
    private static func array(shape: ArraySlice<Int>, _ data: ArraySlice<Double>, _ p: Precision) -> String {
        switch shape.count {
        case 0: return NumberFormat.format(data.first ?? 0, precision: p)
        case 1: return vector(data, p)
        default:
            let rows = shape[shape.startIndex]
            let rowSize = data.count / max(rows, 1)
            let inner = shape.dropFirst()
            var lines: [String] = []
            func rowText(_ r: Int) -> String {
                let start = data.startIndex + r * rowSize
                return array(shape: inner, data[start..<(start + rowSize)], p)
            }
            let shown: [Int?] = rows > 2 * edge + 2 ? Array(0..<edge) + [nil] + Array((rows - edge)..<rows) : Array(0..<rows)
            for (k, r) in shown.enumerated() {
                let prefix = k == 0 ? "[" : " "
                let suffix = k == shown.count - 1 ? "]" : ","
                if let r { lines.append(prefix + rowText(r).indentedContinuation() + suffix) } else { lines.append(" …,") }
            }
            if rows > 2 * edge + 2 { lines.append("(\(shape.map(String.init).joined(separator: "×")) matrix)") }
            return lines.joined(separator: "\n")
        }
    }

    static func vector<C: RandomAccessCollection>(_ xs: C, _ p: Precision) -> String where C.Element == Double {
        if xs.count <= wholeLimit {
            return "[" + xs.map { NumberFormat.format($0, precision: p) }.joined(separator: ", ") + "]"
        }
        let head = xs.prefix(edge).map { NumberFormat.format($0, precision: p) }
        let tail = xs.suffix(edge).map { NumberFormat.format($0, precision: p) }
        return "[" + (head + ["…"] + tail).joined(separator: ", ") + "] (\(NumberFormat.grouped(xs.count)) elements)"
    }
}

extension String {
    func replacingNewlines() -> String { split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
    func indentedContinuation() -> String { split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n ") }
}

import Foundation
