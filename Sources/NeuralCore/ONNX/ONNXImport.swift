import Foundation

/// A model read from an ONNX file, with what the reading left out.
public struct ONNXImported: Sendable {
    public let model: SequentialModel
    /// Sentences for the learner: what was read, what was left out.
    public let notes: [String]
    /// The notes on what was left out, which `summary` repeats.
    public let leftOut: [String]
}

extension SequentialModel {
    /// Reads a feed-forward model from an ONNX file's bytes: the chain of
    /// nodes from the graph's input through Gemm, or MatMul then Add, and
    /// the activations nnbook has (`ActivationDescriptor.onnx`), with
    /// Identity, Dropout, Flatten, Reshape and Cast to float passed through.
    /// Nodes that only read the probabilities (ArgMax, ZipMap,
    /// ArrayFeatureExtractor, a Cast to labels, as skl2onnx's classifiers
    /// end) are left out and named in `notes`; any other operator on the
    /// path is refused by name. Every length and size in the file is checked
    /// before anything is allocated from it.
    public static func readONNX(_ data: Data, parameterLimit: Int = 500_000_000) throws -> ONNXImported {
        // The parse keeps names and small records, fewer bytes than the file's;
        // loose numbers (one record each) and a tensor's numbers are reserved as they are read.
        try WorkGuard.reserve(data.count, for: "reading this ONNX model")
        return try data.withUnsafeBytes { (file: UnsafeRawBufferPointer) throws -> ONNXImported in
            var reader = ProtoReader(file, range: 0..<file.count, what: "the model")
            let proto = try ONNXModelProto(&reader)
            var walk = try ONNXChain(proto.graph, file: file, limit: parameterLimit)
            try walk.run()
            let model = try SequentialModel(entries: walk.entries, parameterLimit: parameterLimit)
            let dense = walk.entries.filter { if case .dense = $0 { return true }; return false }.count
            var notes = ["read \(dense) dense layer\(dense == 1 ? "" : "s") from an ONNX model"
                         + (proto.producer.isEmpty ? "" : " made by \(ControlPictures.text(proto.producer.prefix(40)))")
                         + "; its output is \"\(ControlPictures.text(walk.current.prefix(60)))\""]
            let leftOut = walk.leftOutNotes()
            return ONNXImported(model: model, notes: notes + leftOut, leftOut: leftOut)
        }
    }

    /// A model of these layers with their numbers (a loaded file's).
    init(entries: [ModelFile.Entry], parameterLimit: Int) throws {
        let specs = try entries.map { try $0.spec() }
        var model = try SequentialModel.build(specs, seed: 0, parameterLimit: parameterLimit)
        for (i, entry) in entries.enumerated() {
            model.layers[i] = try entry.layer(replacing: model.layers[i], index: i)
        }
        self = model
    }
}

/// The walk along the graph from its input, one node at a time, gathering
/// nnbook layers.
struct ONNXChain {
    let graph: ONNXGraphProto
    let file: UnsafeRawBufferPointer
    let limit: Int
    private var tensors: [String: ONNXTensor] = [:]
    private var consumers: [String: [Int]] = [:]
    private var visited = Set<Int>()
    /// The tensor the walk has reached.
    private(set) var current = ""
    private(set) var entries: [ModelFile.Entry] = []
    /// The layer being gathered: weights [fanIn × units], and its bias once read.
    private var pending: (weights: [Float], fanIn: Int, units: Int, biases: [Float]?)?
    /// How many numbers flow along `current`; nil until known.
    private var width: Int?

    static let passThrough: Set<String> = ["Identity", "Dropout", "Flatten", "Reshape", "Cast"]
    /// Nodes that only turn probabilities into labels or other shapes of output.
    /// Only these: a node that computes (Mul, Sub …) is refused rather than
    /// left out, so what nnbook runs is never less than the model.
    static let postProcessing: Set<String> = ["ArgMax", "TopK", "ZipMap", "ArrayFeatureExtractor", "Cast", "Reshape"]
    static var readable: String {
        "Gemm, MatMul, Add, " + Activation.allCases.compactMap { $0.descriptor.onnx?.opType }.joined(separator: ", ")
            + ", Identity, Dropout, Flatten, Reshape and Cast"
    }

    init(_ graph: ONNXGraphProto, file: UnsafeRawBufferPointer, limit: Int) throws(NeuralError) {
        self.graph = graph
        self.file = file
        self.limit = limit
        for t in graph.initializers { tensors[t.name] = t }
        var producers = Set<String>()
        for (k, node) in graph.nodes.enumerated() {
            for input in Set(node.inputs) where !input.isEmpty { consumers[input, default: []].append(k) }
            for output in node.outputs where !output.isEmpty {
                guard producers.insert(output).inserted, tensors[output] == nil else {
                    throw NeuralError.invalidArgument("the ONNX graph is damaged: \(node.described) writes \"\(ControlPictures.text(output.prefix(60)))\", "
                                                      + "which another node or an initializer also writes")
                }
            }
            if node.opType == "Constant", let t = node.attribute("value")?.tensor, let out = node.outputs.first { tensors[out] = t }
        }
        let inputs = graph.inputs.filter { tensors[$0.name] == nil }
        guard inputs.count == 1, let input = inputs.first else {
            throw NeuralError.invalidArgument("the ONNX model has \(inputs.count) inputs (\(inputs.prefix(5).map { "\"\(ControlPictures.text($0.name.prefix(40)))\"" }.joined(separator: ", "))); "
                                              + "nnbook reads models with one input of numbers")
        }
        guard input.elementType == ONNXTensor.float || input.elementType == ONNXTensor.double else {
            throw NeuralError.invalidArgument("the ONNX model's input \"\(ControlPictures.text(input.name.prefix(40)))\" is not a tensor of float numbers; "
                                              + "nnbook reads models whose input is numbers")
        }
        current = input.name
        let sizes = input.dims.dropFirst()
        if !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) {
            width = sizes.reduce(1) { product, d in product.multipliedReportingOverflow(by: Int(d ?? 1)).partialValue }
        }
    }

    /// Follows the chain to its end: the node that reads `current` and
    /// computes, until none does.
    mutating func run() throws(NeuralError) {
        for _ in 0...graph.nodes.count {
            try WorkGuard.checkpoint()
            let readers = consumers[current] ?? []
            var next: [Int] = []
            for k in readers {
                let node = graph.nodes[k]
                if isComputing(node) { next.append(k) }
                else if !Self.postProcessing.contains(node.opType) || entries.isEmpty && pending == nil { throw unreadable(node) }
            }
            guard let k = next.first else { break }
            guard next.count == 1 else {
                throw NeuralError.invalidArgument("the ONNX graph branches at \"\(ControlPictures.text(current.prefix(60)))\": "
                                                  + "\(graph.nodes[k].described) and \(graph.nodes[next[1]].described) both read it; "
                                                  + "nnbook reads a chain of layers")
            }
            guard visited.insert(k).inserted else {
                throw NeuralError.invalidArgument("the ONNX graph has a cycle through \(graph.nodes[k].described); a model's graph must not loop")
            }
            try step(graph.nodes[k])
        }
        try finishLayer(.linear)
        // What was left out only makes labels: a layer or activation among it means the model goes on past a node nnbook cannot follow.
        for (k, node) in graph.nodes.enumerated() where !visited.contains(k) && isLayerOperator(node) {
            throw NeuralError.invalidArgument("the ONNX model goes on after \"\(ControlPictures.text(current.prefix(60)))\" to \(node.described), "
                                              + "through nodes nnbook does not follow; it reads a chain of \(Self.readable)")
        }
        if case .dropout = entries.last { entries.removeLast() }
        guard !entries.isEmpty else {
            throw NeuralError.invalidArgument("the ONNX model has no dense layer (Gemm, or MatMul then Add) after its input; nnbook reads feed-forward models")
        }
    }

    /// Whether a node reading `current` belongs to the model (rather than
    /// to what comes after its probabilities).
    private func isComputing(_ node: ONNXNode) -> Bool {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else { return false }
        switch node.opType {
        case "Gemm", "MatMul", "Add", "Identity", "Dropout", "Flatten": return true
        case "Reshape": return entries.isEmpty && pending == nil
        case "Cast":
            let to = node.attribute("to")?.int
            return to == ONNXTensor.float || to == ONNXTensor.double
        default: return Self.activation(node.opType) != nil
        }
    }

    private func isLayerOperator(_ node: ONNXNode) -> Bool {
        (node.domain.isEmpty || node.domain == "ai.onnx") && (["Gemm", "MatMul", "Add"].contains(node.opType) || Self.activation(node.opType) != nil)
    }

    private static func activation(_ opType: String) -> Activation? {
        Activation.allCases.first { $0.descriptor.onnx?.opType == opType }
    }

    private func unreadable(_ node: ONNXNode) -> NeuralError {
        let domain = node.domain.isEmpty ? "" : " (domain \(ControlPictures.text(node.domain.prefix(40))))"
        return .invalidArgument("\(node.described)\(domain) is not an operator nnbook reads; it reads \(Self.readable)")
    }

    private mutating func step(_ node: ONNXNode) throws(NeuralError) {
        guard let output = node.outputs.first, !output.isEmpty else {
            throw NeuralError.invalidArgument("the ONNX graph is damaged: \(node.described) has no output")
        }
        switch node.opType {
        case "MatMul":
            try finishLayer(.linear)
            pending = try weights(node, operand: 1, transposed: false)
        case "Gemm":
            try finishLayer(.linear)
            for name in ["alpha", "beta"] where (node.attribute(name)?.float ?? 1) != 1 {
                throw NeuralError.invalidArgument("\(node.described) scales by \(name) = \(node.attribute(name)?.float ?? 1); nnbook reads Gemm with alpha and beta 1")
            }
            guard (node.attribute("transA")?.int ?? 0) == 0 else {
                throw NeuralError.invalidArgument("\(node.described) transposes its input (transA = 1); nnbook reads Gemm with transA 0")
            }
            pending = try weights(node, operand: 1, transposed: node.attribute("transB")?.int == 1)
            if node.inputs.count > 2, !node.inputs[2].isEmpty { try readBias(node, operand: 2) }
        case "Add":
            guard pending != nil, pending?.biases == nil else {
                throw NeuralError.invalidArgument("\(node.described) adds where no MatMul comes before it; nnbook reads Add only as a layer's bias after MatMul")
            }
            try readBias(node, operand: node.inputs.first == current ? 1 : 0)
        case "Dropout" where pending == nil && !entries.isEmpty:
            if let rate = try dropoutRate(node), (try? DropoutSpec(rate: rate)) != nil { entries.append(.dropout(rate: rate)) }
        case "Identity", "Dropout", "Cast":
            break
        case "Flatten":
            guard (node.attribute("axis")?.int ?? 1) == 1 else {
                throw NeuralError.invalidArgument("\(node.described) flattens from axis \(node.attribute("axis")?.int ?? 1); nnbook reads Flatten with axis 1")
            }
        case "Reshape":
            try reshape(node)
        default:
            guard let activation = Self.activation(node.opType), let op = activation.descriptor.onnx else { throw unreadable(node) }
            try checkAttributes(node, op)
            guard pending != nil else {
                throw NeuralError.invalidArgument("\(node.described) applies \(node.opType) where no Gemm or MatMul comes before it; "
                                                  + "nnbook reads an activation only after a layer")
            }
            try finishLayer(activation)
        }
        current = output
    }

    /// A Gemm's or MatMul's weight matrix, as nnbook keeps it: [fanIn × units].
    private mutating func weights(_ node: ONNXNode, operand: Int, transposed: Bool) throws(NeuralError) -> (weights: [Float], fanIn: Int, units: Int, biases: [Float]?) {
        guard node.inputs.first == current else {
            throw NeuralError.invalidArgument("\(node.described) multiplies its weights by the input from the left; nnbook reads input × weights")
        }
        let t = try initializer(node, operand)
        guard t.dims.count == 2, t.dims[0] > 0, t.dims[1] > 0 else {
            throw NeuralError.invalidArgument("\(node.described): its weights (\(t.described)) have shape [\(t.dims.map(String.init).joined(separator: ", "))]; a layer's are a matrix")
        }
        let values = try t.floats(in: file, limit: limit)
        let (rows, columns) = (Int(t.dims[0]), Int(t.dims[1]))
        let (fanIn, units) = transposed ? (columns, rows) : (rows, columns)
        if let width, width != fanIn {
            throw NeuralError.invalidArgument("\(node.described) expects \(fanIn) numbers in, but \(width) reach it")
        }
        guard transposed else { return (values, fanIn, units, nil) }
        try WorkGuard.reserve(values.count * MemoryLayout<Float>.stride, for: "the weights of \(node.described)")
        var w = [Float](repeating: 0, count: values.count)
        for j in 0..<units { for i in 0..<fanIn { w[i * units + j] = values[j * fanIn + i] } }
        return (w, fanIn, units, nil)
    }

    private mutating func readBias(_ node: ONNXNode, operand: Int) throws(NeuralError) {
        guard let units = pending?.units else { return }
        let t = try initializer(node, operand)
        guard t.dims == [Int64(units)] || t.dims == [1, Int64(units)] else {
            throw NeuralError.invalidArgument("\(node.described): its bias (\(t.described)) has shape [\(t.dims.map(String.init).joined(separator: ", "))]; "
                                              + "nnbook reads one bias per unit, [\(units)]")
        }
        pending?.biases = try t.floats(in: file, limit: limit)
    }

    private func initializer(_ node: ONNXNode, _ operand: Int) throws(NeuralError) -> ONNXTensor {
        guard node.inputs.indices.contains(operand), let t = tensors[node.inputs[operand]] else {
            let name = node.inputs.indices.contains(operand) ? "\"\(ControlPictures.text(node.inputs[operand].prefix(60)))\"" : "nothing"
            throw NeuralError.invalidArgument("\(node.described) reads \(name), which is not numbers stored in the file; "
                                              + "nnbook reads layers whose weights are initializers")
        }
        return t
    }

    private mutating func finishLayer(_ activation: Activation) throws(NeuralError) {
        guard let p = pending else { return }
        let first = entries.isEmpty
        if !first, let previous = lastUnits, previous != p.fanIn {
            throw NeuralError.invalidArgument("the ONNX model's layer \(entries.count) expects \(p.fanIn) numbers in, but the layer before gives \(previous)")
        }
        entries.append(.dense(ModelFile.DenseEntry(units: p.units, activation: activation, input: first ? p.fanIn : nil,
                                                   weights: p.weights, biases: p.biases ?? [Float](repeating: 0, count: p.units))))
        pending = nil
        width = p.units
    }

    private var lastUnits: Int? {
        for entry in entries.reversed() { if case .dense(let d) = entry { return d.units } }
        return nil
    }

    private func checkAttributes(_ node: ONNXNode, _ op: ONNXActivationOp) throws(NeuralError) {
        if let alpha = op.alpha, (node.attribute("alpha")?.float ?? 0.01) != alpha {
            throw NeuralError.invalidArgument("\(node.described) has alpha \(node.attribute("alpha")?.float ?? 0.01); nnbook's \(node.opType) has \(alpha)")
        }
        if op.axis != nil, let axis = node.attribute("axis")?.int, axis != -1, axis != 1 {
            throw NeuralError.invalidArgument("\(node.described) normalises along axis \(axis); nnbook's softmax is along the last, -1")
        }
    }

    /// Opset 12 on: the ratio is the second input; before, an attribute; 0.5 when neither.
    private func dropoutRate(_ node: ONNXNode) throws(NeuralError) -> Double? {
        if node.inputs.count > 1, !node.inputs[1].isEmpty {
            guard let t = tensors[node.inputs[1]], t.dims.isEmpty else { return nil }
            if t.dataType == ONNXTensor.double, case .bytes(let r)? = t.data.first?.value, r.count == 8 {
                var bits: UInt64 = 0
                for k in 0..<8 { bits |= UInt64(file[r.lowerBound + k]) << UInt64(8 * k) }
                return Double(bitPattern: bits)
            }
            return try t.floats(in: file, limit: 1).first.map(Double.init)
        }
        return Double(node.attribute("ratio")?.float ?? 0.5)
    }

    /// A Reshape before the first layer: to [batch, n], which flattens the input.
    private mutating func reshape(_ node: ONNXNode) throws(NeuralError) {
        let shape = node.inputs.count > 1 ? tensors[node.inputs[1]] : nil
        guard let shape, let dims = try? shape.int64s(in: file, limit: onnxMaxDims), dims.count == 2,
              dims[0] == -1 || dims[0] == 0, dims[1] == -1 || dims[1] > 0 else {
            throw NeuralError.invalidArgument("\(node.described) reshapes to something other than one row of numbers an example; "
                                              + "nnbook reads Reshape only to [-1, n] before the first layer")
        }
        if dims[1] > 0 { width = Int(dims[1]) }
    }

    /// What the walk left out, in a sentence.
    func leftOutNotes() -> [String] {
        let skipped = graph.nodes.indices.filter { !visited.contains($0) && graph.nodes[$0].opType != "Constant" }
        guard !skipped.isEmpty else { return [] }
        var ops: [String] = []
        for k in skipped where !ops.contains(graph.nodes[k].opType) { ops.append(graph.nodes[k].opType) }
        let names = ops.prefix(8).map { ControlPictures.text($0.prefix(30)) }.joined(separator: ", ") + (ops.count > 8 ? " …" : "")
        return ["left out \(skipped.count) node\(skipped.count == 1 ? "" : "s") that only read the output to make labels or a map (\(names)); "
                + "predict gives the output itself, and for probabilities the label is the largest"]
    }
}
