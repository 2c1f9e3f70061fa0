import Foundation

/// The messages of an ONNX file that nnbook reads, as parsed by `ProtoReader`
/// (field numbers from onnx.proto). A tensor's numbers stay in the file's
/// bytes until a layer asks for them (`ONNXTensor.floats`), after its size is
/// checked. Everything else in the file (doc strings, metadata, subgraphs,
/// sequence and map types) is skipped unread.
struct ONNXModelProto {
    var irVersion: Int64 = 0
    var producer = ""
    /// The default domain's opset ("" or "ai.onnx").
    var opset: Int64?
    var graph = ONNXGraphProto()
}

struct ONNXGraphProto {
    var nodes: [ONNXNode] = []
    var initializers: [ONNXTensor] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
}

struct ONNXNode {
    var inputs: [String] = []
    var outputs: [String] = []
    var name = ""
    var opType = ""
    var domain = ""
    var attributes: [ONNXAttribute] = []

    func attribute(_ name: String) -> ONNXAttribute? { attributes.last { $0.name == name } }

    /// How a message names this node: `Gemm node "fc1"`.
    var described: String {
        let op = ControlPictures.text(opType.prefix(40))
        return name.isEmpty ? "\(op) node" : "\(op) node \"\(ControlPictures.text(name.prefix(60)))\""
    }
}

struct ONNXAttribute {
    var name = ""
    var float: Float?
    var int: Int64?
    var ints: [Int64] = []
    var tensor: ONNXTensor?
}

struct ONNXValueInfo {
    var name = ""
    /// TensorProto.DataType of a tensor value; nil for a sequence or map.
    var elementType: Int64?
    /// Each dimension's size; nil for a named (dynamic) one such as "batch".
    var dims: [Int64?] = []
}

struct ONNXTensor {
    var name = ""
    var dims: [Int64] = []
    var dataType: Int64 = 0
    /// The values of float_data (4), int64_data (7), raw_data (9), double_data (10).
    var data: [(field: Int, value: ProtoValue)] = []
    var external = false

    static let float: Int64 = 1, int64: Int64 = 7, double: Int64 = 11
}

/// At most this many dimensions in a tensor or value's shape.
let onnxMaxDims = 8

extension ONNXModelProto {
    init(_ r: inout ProtoReader) throws(NeuralError) {
        var sawGraph = false
        while let (field, value) = try r.next() {
            switch field {
            case 1: irVersion = try r.int(value, field: field)
            case 2: producer = try r.string(value, field: field)
            case 7:
                var g = try r.reader(value, field: field, what: "the graph")
                graph = try ONNXGraphProto(&g)
                sawGraph = true
            case 8:
                var o = try r.reader(value, field: field, what: "an opset_import")
                var domain = "", version: Int64 = 0
                while let (f, v) = try o.next() {
                    if f == 1 { domain = try o.string(v, field: f) }
                    if f == 2 { version = try o.int(v, field: f) }
                }
                if domain.isEmpty || domain == "ai.onnx" { opset = version }
            default: break
            }
        }
        guard sawGraph else { throw NeuralError.invalidArgument("the file is not an ONNX model: it has no graph") }
    }
}

extension ONNXGraphProto {
    init(_ r: inout ProtoReader) throws(NeuralError) {
        while let (field, value) = try r.next() {
            try WorkGuard.checkpoint()
            switch field {
            case 1:
                var n = try r.reader(value, field: field, what: "node \(nodes.count)")
                nodes.append(try ONNXNode(&n))
            case 5:
                var t = try r.reader(value, field: field, what: "initializer \(initializers.count)")
                initializers.append(try ONNXTensor(&t))
            case 11, 12:
                var v = try r.reader(value, field: field, what: "a graph \(field == 11 ? "input" : "output")")
                let info = try ONNXValueInfo(&v)
                if field == 11 { inputs.append(info) } else { outputs.append(info) }
            default: break
            }
        }
    }
}

extension ONNXNode {
    init(_ r: inout ProtoReader) throws(NeuralError) {
        while let (field, value) = try r.next() {
            switch field {
            case 1: inputs.append(try r.string(value, field: field))
            case 2: outputs.append(try r.string(value, field: field))
            case 3: name = try r.string(value, field: field)
            case 4: opType = try r.string(value, field: field)
            case 7: domain = try r.string(value, field: field)
            case 5:
                var a = try r.reader(value, field: field, what: "an attribute of \(r.what)")
                attributes.append(try ONNXAttribute(&a))
            default: break
            }
        }
    }
}

extension ONNXAttribute {
    init(_ r: inout ProtoReader) throws(NeuralError) {
        while let (field, value) = try r.next() {
            switch field {
            case 1: name = try r.string(value, field: field)
            case 2: float = Float(bitPattern: UInt32(truncatingIfNeeded: try r.number(value, field: field)))
            case 3: int = try r.int(value, field: field)
            case 5:
                var t = try r.reader(value, field: field, what: "a tensor attribute")
                tensor = try ONNXTensor(&t)
            case 8: try r.ints(value, field: field, into: &ints, limit: 64)
            default: break
            }
        }
    }
}

extension ONNXValueInfo {
    init(_ r: inout ProtoReader) throws(NeuralError) {
        while let (field, value) = try r.next() {
            if field == 1 { name = try r.string(value, field: field) }
            guard field == 2 else { continue }
            var type = try r.reader(value, field: field, what: "the type of \"\(ControlPictures.text(name.prefix(40)))\"")
            while let (f, v) = try type.next() {
                guard f == 1 else { continue }  // tensor_type; a sequence or map is left unread
                var tensor = try type.reader(v, field: f, what: type.what)
                while let (tf, tv) = try tensor.next() {
                    if tf == 1 { elementType = try tensor.int(tv, field: tf) }
                    guard tf == 2 else { continue }
                    var shape = try tensor.reader(tv, field: tf, what: tensor.what)
                    while let (sf, sv) = try shape.next() {
                        guard sf == 1 else { continue }
                        var dim = try shape.reader(sv, field: sf, what: shape.what)
                        var size: Int64?
                        while let (df, dv) = try dim.next() { if df == 1 { size = try dim.int(dv, field: df) } }
                        dims.append(size)
                        guard dims.count <= onnxMaxDims else { throw shape.damaged("more than \(onnxMaxDims) dimensions") }
                    }
                }
            }
        }
    }
}

extension ONNXTensor {
    init(_ r: inout ProtoReader) throws(NeuralError) {
        while let (field, value) = try r.next() {
            switch field {
            case 1: try r.ints(value, field: field, into: &dims, limit: onnxMaxDims)
            case 2: dataType = try r.int(value, field: field)
            case 8: name = try r.string(value, field: field)
            case 4, 7, 9, 10:
                // A packed or raw field is one record; loose numbers (5 or 9 bytes each in the file) one each.
                if data.count % 4096 == 4095 { try WorkGuard.reserve(4096 * MemoryLayout<(Int, ProtoValue)>.stride, for: "reading \(r.what)") }
                data.append((field, value))
            case 14: external = try r.int(value, field: field) == 1
            default: break
            }
        }
    }
}

extension ONNXTensor {
    /// How the tensor is named in a message.
    var described: String { "initializer \"\(ControlPictures.text(name.prefix(60)))\"" }

    /// 1000000000 as "1,000,000,000".
    static func grouped(_ n: Int64) -> String {
        let digits = Array(String(n.magnitude))
        let groups = stride(from: digits.count, to: 0, by: -3).reversed().map { String(digits[max(0, $0 - 3)..<$0]) }
        return (n < 0 ? "-" : "") + groups.joined(separator: ",")
    }

    /// The number of elements its dims declare, checked for negative sizes,
    /// overflow and `limit` before anything is allocated for them.
    func elementCount(limit: Int) throws(NeuralError) -> Int {
        var count = 1
        for d in dims {
            guard d >= 0 else { throw NeuralError.invalidArgument("the ONNX file is damaged: \(described) has a negative dimension \(d)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, product <= limit else {
                throw NeuralError.invalidArgument("\(described) declares \(dims.map(Self.grouped).joined(separator: " × ")) numbers, "
                                                  + "more than the limit of \(Self.grouped(Int64(limit))) a model may have")
            }
            count = product
        }
        return count
    }

    /// Its numbers as Float32 (from float or double data; doubles are rounded,
    /// as a converter that wrote them meant them for a float model). The
    /// bytes present must match the count the dims declare exactly.
    func floats(in file: UnsafeRawBufferPointer, limit: Int) throws(NeuralError) -> [Float] {
        guard !external else {
            throw NeuralError.invalidArgument("\(described) keeps its numbers in a separate file; "
                                              + "nnbook reads models whose weights are inside the .onnx file")
        }
        let size: Int
        switch dataType {
        case Self.float: size = 4
        case Self.double: size = 8
        default:
            throw NeuralError.invalidArgument("\(described) holds numbers of ONNX type \(dataType); nnbook reads float (1) and double (11) weights")
        }
        let count = try elementCount(limit: limit)
        var bytes = 0, loose = 0
        for (field, value) in data {
            switch value {
            case .bytes(let r) where field == 9 || field == (size == 4 ? 4 : 10): bytes += r.count
            case .number where field == (size == 4 ? 4 : 10): loose += 1
            default: break
            }
        }
        guard bytes + loose * size == count * size else {
            throw NeuralError.invalidArgument("the ONNX file is damaged: \(described) declares \(Self.grouped(Int64(count))) numbers "
                                              + "but holds \(Self.grouped(Int64((bytes + loose * size) / size)))")
        }
        try WorkGuard.reserve(count * MemoryLayout<Float>.stride, for: "the numbers of \(described)")
        var out: [Float] = []
        out.reserveCapacity(count)
        func append(_ bits: UInt64) {
            out.append(size == 4 ? Float(bitPattern: UInt32(truncatingIfNeeded: bits)) : Float(Double(bitPattern: bits)))
        }
        for (field, value) in data {
            switch value {
            case .bytes(let r) where field == 9 || field == (size == 4 ? 4 : 10):
                var at = r.lowerBound
                while at < r.upperBound {  // little-endian, whatever this machine is
                    var bits: UInt64 = 0
                    for k in 0..<size { bits |= UInt64(file[at + k]) << UInt64(8 * k) }
                    append(bits)
                    at += size
                }
            case .number(let bits) where field == (size == 4 ? 4 : 10):
                append(bits)
            default: break
            }
        }
        return out
    }

    /// Its numbers as whole numbers (a Reshape's shape), at most `limit` of them.
    func int64s(in file: UnsafeRawBufferPointer, limit: Int) throws(NeuralError) -> [Int64] {
        guard dataType == Self.int64, !external else { throw NeuralError.invalidArgument("\(described) should hold int64 numbers") }
        let count = try elementCount(limit: limit)
        var out: [Int64] = []
        for (field, value) in data {
            switch (field, value) {
            case (9, .bytes(let r)):
                guard r.count == count * 8 else { break }
                for at in stride(from: r.lowerBound, to: r.upperBound, by: 8) {
                    var bits: UInt64 = 0
                    for k in 0..<8 { bits |= UInt64(file[at + k]) << UInt64(8 * k) }
                    out.append(Int64(bitPattern: bits))
                }
            case (7, _):
                try ProtoReader(file, range: 0..<0, what: described).ints(value, field: 7, into: &out, limit: limit)
            default: break
            }
        }
        guard out.count == count else {
            throw NeuralError.invalidArgument("the ONNX file is damaged: \(described) declares \(count) numbers but holds \(out.count)")
        }
        return out
    }
}
