import Foundation
import XCTest
@testable import NeuralCore

/// ONNX files: nnbook → ONNX → nnbook is exact, the forms converters write
/// load, and damaged or hostile files are refused with their message.
final class ONNXTests: XCTestCase {
    /// Every activation of the registry and a dropout layer, with trained-looking weights.
    func everyActivationModel() throws -> SequentialModel {
        var specs: [any LayerSpec] = [try DenseSpec(units: 6, activation: .relu, inputSize: 5), try DropoutSpec(rate: 0.2)]
        for a in Activation.allCases where a != .relu { specs.append(try DenseSpec(units: 4, activation: a)) }
        var model = try SequentialModel.build(specs, seed: 7)
        var g = SeededGenerator(seed: 3)
        for i in model.denseLayers.indices {
            model.denseLayers[i].biases = model.denseLayers[i].biases.map { _ in Float.random(in: -1...1, using: &g) }
        }
        return model
    }

    func testRoundTripIsExactForEveryActivationAndDropout() throws {
        let model = try everyActivationModel()
        let read = try SequentialModel.readONNX(try model.onnxData())
        XCTAssertEqual(read.model.layers.count, model.layers.count)
        XCTAssertEqual(read.model.inputSize, 5)
        XCTAssertEqual(read.model.summary(), model.summary())
        XCTAssertEqual(read.model.denseLayers.map(\.activation), [.relu] + Activation.allCases.filter { $0 != .relu })
        for (a, b) in zip(model.denseLayers, read.model.denseLayers) {
            XCTAssertEqual(a.weights.map(\.bitPattern), b.weights.map(\.bitPattern))
            XCTAssertEqual(a.biases.map(\.bitPattern), b.biases.map(\.bitPattern))
        }
        guard case .dropout(let rate) = read.model.layers[1].fileEntry else { return XCTFail("layer 1 is not dropout") }
        XCTAssertEqual(rate, 0.2)  // written as a double, so exactly
        XCTAssertEqual(read.leftOut, [])
        let x: [Float] = [0.5, -1, 2, 0.25, -0.75]
        XCTAssertEqual(try read.model.predict(x, count: 1), try model.predict(x, count: 1))
    }

    /// The nodes of the file, in order: each activation's own operator, LeakyRelu with alpha 0.01.
    func testTheFileUsesGemmAndTheRegistrysOperators() throws {
        let data = try everyActivationModel().onnxData()
        let proto = try data.withUnsafeBytes { (file: UnsafeRawBufferPointer) throws(NeuralError) -> ONNXModelProto in
            var r = ProtoReader(file, range: 0..<file.count, what: "the model")
            return try ONNXModelProto(&r)
        }
        XCTAssertEqual(proto.opset, 13)
        XCTAssertEqual(proto.irVersion, 7)
        XCTAssertEqual(proto.graph.nodes.map(\.opType),
                       ["Gemm", "Relu", "Dropout", "Gemm", "Sigmoid", "Gemm", "Tanh", "Gemm", "Softmax", "Gemm", "Gemm", "LeakyRelu", "Gemm", "Softplus"])
        XCTAssertEqual(proto.graph.nodes[11].attribute("alpha")?.float, 0.01)
        XCTAssertEqual(proto.graph.nodes[8].attribute("axis")?.int, -1)
        XCTAssertEqual(proto.graph.inputs.map(\.name), ["input"])
        XCTAssertEqual(proto.graph.inputs[0].dims, [nil, 5])
        XCTAssertEqual(proto.graph.outputs.map(\.name), ["output"])
    }

    // MARK: - the forms converters write

    /// X → Cast → MatMul → Add → Relu → Gemm(transB) → Softmax → ArgMax/ZipMap, weights as float_data and raw doubles.
    func testConvertersFormsLoadAndTheLabelNodesAreLeftOut() throws {
        let w1: [Float] = [1, 2, 3, 4, 5, 6]  // [2 × 3]
        let b1: [Float] = [0.5, -0.5, 0]
        let w2t: [Float] = [1, 0, -1, 2, 2, 2]  // [2 × 3], transposed: units × inputs
        let data = ONNXFile.model(nodes: [
            ONNXFile.node("Cast", "cast", ["X"], "xf", ints: ["to": 1]),
            ONNXFile.node("MatMul", "mm", ["xf", "W1"], "m"),
            ONNXFile.node("Add", "add", ["m", "B1"], "a"),
            ONNXFile.node("Relu", "relu", ["a"], "h"),
            ONNXFile.node("Gemm", "fc2", ["h", "W2", "B2"], "z", ints: ["transB": 1]),
            ONNXFile.node("Softmax", "sm", ["z"], "probabilities", ints: ["axis": 1]),
            ONNXFile.node("ArgMax", "argmax", ["probabilities"], "label", ints: ["axis": 1]),
            ONNXFile.node("ZipMap", "zipmap", ["probabilities"], "map", domain: "ai.onnx.ml"),
        ], initializers: [
            ONNXFile.tensor("W1", dims: [2, 3], floats: w1, packed: true),
            ONNXFile.tensor("B1", dims: [3], floats: b1, packed: false),
            ONNXFile.tensor("W2", dims: [2, 3], doubles: w2t.map(Double.init)),
            ONNXFile.tensor("B2", dims: [1, 2], floats: [0.25, -0.25]),
        ], inputWidth: 2)
        let read = try SequentialModel.readONNX(data)
        XCTAssertEqual(read.model.denseLayers.map(\.activation), [.relu, .softmax])
        XCTAssertEqual(read.model.denseLayers[0].weights, w1)
        XCTAssertEqual(read.model.denseLayers[0].biases, b1)
        XCTAssertEqual(read.model.denseLayers[1].weights, [1, 2, 0, 2, -1, 2])  // back to inputs × units
        XCTAssertEqual(read.model.denseLayers[1].biases, [0.25, -0.25])
        XCTAssertEqual(read.leftOut.count, 1)
        XCTAssertTrue(read.leftOut[0].hasPrefix("left out 2 nodes that only read the output to make labels or a map (ArgMax, ZipMap)"), read.leftOut[0])
        XCTAssertTrue(read.notes[0].hasSuffix("its output is \"probabilities\""), read.notes[0])
    }

    // MARK: - what it refuses

    func refusal(_ data: Data, limit: Int = 500_000_000, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try SequentialModel.readONNX(data, parameterLimit: limit)
            XCTFail("read without an error", file: file, line: line)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func assertRefused(_ data: Data, _ message: String, limit: Int = 500_000_000, file: StaticString = #filePath, line: UInt = #line) {
        let text = refusal(data, limit: limit, file: file, line: line)
        XCTAssertTrue(text.contains(message), "\(text)\n does not contain \(message)", file: file, line: line)
    }

    func smallModel(_ nodes: [Data], _ initializers: [Data]) -> Data {
        ONNXFile.model(nodes: nodes, initializers: initializers, inputWidth: 2)
    }

    func testEveryCutOfAFileIsRefused() throws {
        let data = try SequentialModel.build([DenseSpec(units: 3, activation: .relu, inputSize: 2), DenseSpec(units: 2, activation: .softmax)]).onnxData()
        for n in 0..<data.count {
            XCTAssertFalse(refusal(data.prefix(n)).isEmpty, "cut at \(n)")
        }
        assertRefused(data.prefix(data.count - 3), "the file is cut short")
        assertRefused(Data(), "it has no graph")
    }

    func testWrongWireTypesAndHugeLengthsAreRefused() {
        var w = ProtoWriter()
        w.int(7, 5)  // the graph as a number
        assertRefused(Data(w.bytes), "the model has field 7 as a number where a message belongs")
        w = ProtoWriter()
        w.varint(7 << 3 | 2)
        w.varint(1 << 40)  // a terabyte declared, nothing there
        assertRefused(Data(w.bytes), "field 7 declaring 1099511627776 bytes where 0 remain")
        assertRefused(Data([0x0B, 0x00]), "wire type 3, which ONNX does not use")  // a group
        assertRefused(Data([0x08] + [UInt8](repeating: 0xFF, count: 11)), "a number longer than 64 bits")
        assertRefused(Data("{\"format\": \"nnbook-model\"}".utf8), "the ONNX file is damaged")
    }

    func testHugeDimsAndInitializersAreRefusedBeforeAllocating() {
        let gemm = ONNXFile.node("Gemm", "fc", ["X", "W", "B"], "y")
        // 10^9 numbers declared, four bytes present.
        assertRefused(smallModel([gemm], [ONNXFile.tensor("W", dims: [2, 500_000_000], floats: [1]), ONNXFile.tensor("B", dims: [1], floats: [0])]),
                      "initializer \"W\" declares 2 × 500,000,000 numbers, more than the limit of 500,000,000 a model may have")
        // Under no limit at all, 10^9 declared and one present is refused before the numbers are read.
        assertRefused(smallModel([ONNXFile.node("MatMul", "mm", ["X", "W"], "y")], [ONNXFile.tensor("W", dims: [2, 500_000_000], floats: [1])]),
                      "initializer \"W\" declares 1,000,000,000 numbers but holds 1", limit: .max)
        assertRefused(smallModel([gemm], [ONNXFile.tensor("W", dims: [1 << 40, 1 << 40], floats: [1]), ONNXFile.tensor("B", dims: [1], floats: [0])]),
                      "declares 1,099,511,627,776 × 1,099,511,627,776 numbers")
        assertRefused(smallModel([gemm], [ONNXFile.tensor("W", dims: [2, -3], floats: [1]), ONNXFile.tensor("B", dims: [1], floats: [0])]),
                      "its weights (initializer \"W\") have shape [2, -3]; a layer's are a matrix")
        assertRefused(smallModel([gemm], [ONNXFile.tensor("W", dims: [2, 3], floats: [1, 2]), ONNXFile.tensor("B", dims: [3], floats: [0, 0, 0])]),
                      "initializer \"W\" declares 6 numbers but holds 2")
        var many = ProtoWriter()
        for _ in 0..<9 { many.int(1, 1) }
        assertRefused(Data(ProtoWriter.wrap(7, ProtoWriter.wrap(5, many.bytes))), "more than 8 numbers in field 1")
    }

    func testUnknownOperatorsAreNamedWithTheirNode() {
        assertRefused(smallModel([ONNXFile.node("Conv", "conv1", ["X", "W"], "y")], [ONNXFile.tensor("W", dims: [1], floats: [1])]),
                      "Conv node \"conv1\" is not an operator nnbook reads; it reads Gemm, MatMul, Add, Sigmoid, Relu, Tanh, Softmax, LeakyRelu, Softplus")
        assertRefused(smallModel([ONNXFile.node("Gemm", "fc", ["X", "W", "B"], "y", floats: ["alpha": 2]), ], [ONNXFile.tensor("W", dims: [2, 1], floats: [1, 1]), ONNXFile.tensor("B", dims: [1], floats: [0])]),
                      "Gemm node \"fc\" scales by alpha = 2.0; nnbook reads Gemm with alpha and beta 1")
        assertRefused(smallModel([ONNXFile.node("Gemm", "fc", ["X", "W"], "y"), ONNXFile.node("LeakyRelu", "lr", ["y"], "z", floats: ["alpha": 0.2])],
                                 [ONNXFile.tensor("W", dims: [2, 1], floats: [1, 1])]),
                      "LeakyRelu node \"lr\" has alpha 0.2; nnbook's LeakyRelu has 0.01")
        assertRefused(smallModel([ONNXFile.node("MatMul", "mm", ["X", "Y"], "y")], []),
                      "MatMul node \"mm\" reads \"Y\", which is not numbers stored in the file")
        assertRefused(smallModel([ONNXFile.node("Relu", "r", ["X"], "y")], []),
                      "Relu node \"r\" applies Relu where no Gemm or MatMul comes before it")
        assertRefused(smallModel([], []), "the ONNX model has no dense layer")
        assertRefused(smallModel([ONNXFile.node("Relu", "a", ["X"], "y"), ONNXFile.node("Tanh", "b", ["X"], "z")], []),
                      "the ONNX graph branches at \"X\": Relu node \"a\" and Tanh node \"b\" both read it")
    }

    /// A Reshape after a layer is left out only when nothing but label nodes follow it.
    func testALayerPastALeftOutNodeIsRefused() {
        assertRefused(smallModel([ONNXFile.node("Gemm", "fc", ["X", "W"], "h"), ONNXFile.node("Reshape", "flat", ["h", "S"], "r"),
                                  ONNXFile.node("Relu", "act", ["r"], "y")],
                                 [ONNXFile.tensor("W", dims: [2, 2], floats: [1, 0, 0, 1])]),
                      "the ONNX model goes on after \"h\" to Relu node \"act\", through nodes nnbook does not follow")
    }

    func testACycleIsRefused() {
        // X → Gemm → h → Relu → X: the walk comes back to the Gemm.
        assertRefused(smallModel([ONNXFile.node("Gemm", "fc", ["X", "W"], "h"), ONNXFile.node("Relu", "r", ["h"], "X")],
                                 [ONNXFile.tensor("W", dims: [2, 2], floats: [1, 0, 0, 1])]),
                      "the ONNX graph has a cycle through Gemm node \"fc\"")
    }

    /// The reader never descends into what it does not know, so nesting costs no stack.
    func testDeeplyNestedMessagesDoNotRecurse() throws {
        let nest = ProtoWriter.nested(6, depth: 200_000)  // an attribute's subgraph, 200,000 deep
        let model = try SequentialModel.build([DenseSpec(units: 2, activation: .softmax, inputSize: 3)])
        var data = try model.onnxData()
        data.append(contentsOf: ProtoWriter.wrap(99, nest))
        XCTAssertEqual(try SequentialModel.readONNX(data).model.denseLayers[0].weights, model.denseLayers[0].weights)
        assertRefused(Data(ProtoWriter.wrap(7, ProtoWriter.wrap(1, ProtoWriter.wrap(5, nest)))), "the ONNX model has 0 inputs")
    }

    func testWeightsKeptInAnotherFileAreRefused() {
        var t = ProtoWriter()
        t.int(1, 2); t.int(1, 1); t.int(2, 1); t.string(8, "W"); t.int(14, 1)
        assertRefused(smallModel([ONNXFile.node("MatMul", "mm", ["X", "W"], "y")], [Data(t.bytes)]),
                      "initializer \"W\" keeps its numbers in a separate file")
    }
}

/// Small ONNX files written field by field, as a converter would.
enum ONNXFile {
    static func node(_ op: String, _ name: String, _ inputs: [String], _ output: String,
                     ints: [String: Int] = [:], floats: [String: Float] = [:], domain: String = "") -> Data {
        var n = ProtoWriter()
        n.node(op, name: name, inputs: inputs, output: output)
        if !domain.isEmpty { n.string(7, domain) }
        for (k, v) in ints.sorted(by: { $0.key < $1.key }) { n.message(5) { $0.string(1, k); $0.int(3, v); $0.int(20, 2) } }
        for (k, v) in floats.sorted(by: { $0.key < $1.key }) { n.message(5) { $0.string(1, k); $0.float(2, v); $0.int(20, 1) } }
        return Data(n.bytes)
    }

    /// float_data, packed (one field) or loose (one fixed32 a number), or raw_data.
    static func tensor(_ name: String, dims: [Int], floats: [Float], packed: Bool? = nil) -> Data {
        guard let packed else {
            var t = ProtoWriter()
            t.floatTensor(name, dims: dims, floats)
            return Data(t.bytes)
        }
        var t = ProtoWriter()
        for d in dims { t.int(1, d) }
        t.int(2, 1)
        t.string(8, name)
        if packed {
            t.bytes(4, floats.flatMap { f in withUnsafeBytes(of: f.bitPattern.littleEndian) { Array($0) } })
        } else {
            for f in floats { t.float(4, f) }
        }
        return Data(t.bytes)
    }

    static func tensor(_ name: String, dims: [Int], doubles: [Double]) -> Data {
        var t = ProtoWriter()
        for d in dims { t.int(1, d) }
        t.int(2, 11)
        t.string(8, name)
        t.bytes(9, doubles.flatMap { d in withUnsafeBytes(of: d.bitPattern.littleEndian) { Array($0) } })
        return Data(t.bytes)
    }

    static func model(nodes: [Data], initializers: [Data], inputWidth: Int) -> Data {
        var g = ProtoWriter()
        for n in nodes { g.bytes(1, Array(n)) }
        for t in initializers { g.bytes(5, Array(t)) }
        g.message(11) { $0.floatValue("X", size: inputWidth) }
        var m = ProtoWriter()
        m.int(1, 8)
        m.string(2, "a test")
        m.message(8) { $0.int(2, 17) }
        m.bytes(7, g.bytes)
        return Data(m.bytes)
    }
}

extension ProtoWriter {
    /// Field `field` inside field `field` … `depth` times, built from the inside out in one pass.
    static func nested(_ field: Int, depth: Int) -> [UInt8] {
        var sizes = [0]
        for _ in 0..<depth {
            var w = ProtoWriter()
            w.varint(UInt64(sizes.last ?? 0))
            sizes.append(1 + w.bytes.count + (sizes.last ?? 0))
        }
        var out = ProtoWriter()
        for k in stride(from: depth - 1, through: 0, by: -1) {
            out.varint(UInt64(field << 3 | 2))
            out.varint(UInt64(sizes[k]))
        }
        return out.bytes
    }

    /// `bytes` as field `field` of a new message.
    static func wrap(_ field: Int, _ bytes: [UInt8]) -> [UInt8] {
        var w = ProtoWriter()
        w.bytes(field, bytes)
        return w.bytes
    }
}
