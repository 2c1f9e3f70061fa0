import Foundation

/// The formats `save` writes and `load` reads, chosen by the file's extension.
public enum ModelFileFormat: String, CaseIterable, Sendable {
    /// nnbook's own JSON (also a file without an extension, as before ONNX).
    case json
    /// ONNX, for onnxruntime and the tools that read it.
    case onnx

    /// The format a file name asks for; nil for an extension nnbook does not write.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: ".") else { self = .json; return }
        guard let format = Self(rawValue: name[name.index(after: dot)...].lowercased()) else { return nil }
        self = format
    }

    /// "a .json file (nnbook's own) or a .onnx file (ONNX, for onnxruntime…), or … a .py script".
    public static var listed: String {
        "a .json file (nnbook's own format) or a .onnx file (ONNX, which onnxruntime and most tools read), or with as keras or as pytorch a .py script"
    }
}

/// Writing a model as ONNX: one Gemm node a dense layer (Y = X·W + b, W as
/// nnbook keeps it, [inputs × units]), then its activation's node from the
/// registry (`ActivationDescriptor.onnx`; linear adds none), and a Dropout
/// node for a dropout layer (the identity when run for predictions, its rate
/// kept so the file loads back as the same model). Opset 13, IR version 7,
/// one input "input" and one output "output", both float [batch, size].
extension SequentialModel {
    public static let onnxOpset = 13
    static let onnxIRVersion = 7

    /// The model as an ONNX file's bytes; refused when a weight is nan or inf.
    public func onnxData() throws(NeuralError) -> Data {
        var graph = ProtoWriter()
        let names = layerNames
        var current = "input"
        for (i, layer) in layers.enumerated() {
            let last = i == layers.count - 1
            switch layer.fileEntry {
            case .dense(let d):
                guard (d.weights + d.biases).allSatisfy(\.isFinite) else {
                    throw .invalidArgument("layer \(i) has weights that are not numbers (nan or inf), which a model file cannot hold; "
                                           + "train again with a smaller learning rate")
                }
                let fanIn = d.weights.count / d.units
                let (w, b) = ("\(names[i]).weight", "\(names[i]).bias")
                graph.message(5) { $0.floatTensor(w, dims: [fanIn, d.units], d.weights) }
                graph.message(5) { $0.floatTensor(b, dims: [d.units], d.biases) }
                let op = d.activation.descriptor.onnx
                let z = last && op == nil ? "output" : "\(names[i]).z"
                graph.message(1) { $0.node("Gemm", name: names[i], inputs: [current, w, b], output: z) }
                current = z
                if let op {
                    let a = last ? "output" : "\(names[i]).out"
                    graph.message(1) { n in
                        n.node(op.opType, name: "\(names[i]).\(op.opType.lowercased())", inputs: [current], output: a)
                        if let alpha = op.alpha { n.message(5) { $0.string(1, "alpha"); $0.float(2, alpha); $0.int(20, 1) } }
                        if let axis = op.axis { n.message(5) { $0.string(1, "axis"); $0.int(3, axis); $0.int(20, 2) } }
                    }
                    current = a
                }
            case .dropout(let rate):
                let ratio = "\(names[i]).ratio", out = "\(names[i]).out"
                graph.message(5) { t in  // a double scalar, so the rate comes back exactly
                    t.int(2, Int(ONNXTensor.double))
                    t.string(8, ratio)
                    t.bytes(9, withUnsafeBytes(of: rate.bitPattern.littleEndian) { Array($0) })
                }
                graph.message(1) { $0.node("Dropout", name: names[i], inputs: [current, ratio], output: out) }
                current = out
            }
        }
        graph.string(2, "nnbook")
        graph.message(11) { $0.floatValue("input", size: inputSize) }
        graph.message(12) { $0.floatValue("output", size: outputSize) }
        var model = ProtoWriter()
        model.int(1, Self.onnxIRVersion)
        model.string(2, "nnbook")
        model.message(8) { $0.string(1, ""); $0.int(2, Self.onnxOpset) }
        model.message(7) { $0 = graph }
        return Data(model.bytes)
    }
}

extension ProtoWriter {
    /// A NodeProto: inputs, one output, name, op_type.
    mutating func node(_ op: String, name: String, inputs: [String], output: String) {
        for input in inputs { string(1, input) }
        string(2, output)
        string(3, name)
        string(4, op)
    }

    /// A TensorProto of floats as raw_data, little-endian.
    mutating func floatTensor(_ name: String, dims: [Int], _ values: [Float]) {
        for d in dims { int(1, d) }
        int(2, Int(ONNXTensor.float))
        string(8, name)
        var raw: [UInt8] = []
        raw.reserveCapacity(values.count * 4)
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
        bytes(9, raw)
    }

    /// A ValueInfoProto: a float tensor of shape ["batch", size].
    mutating func floatValue(_ name: String, size: Int) {
        string(1, name)
        message(2) { type in
            type.message(1) { tensor in
                tensor.int(1, Int(ONNXTensor.float))
                tensor.message(2) { shape in
                    shape.message(1) { $0.string(2, "batch") }
                    shape.message(1) { $0.int(1, size) }
                }
            }
        }
    }
}
