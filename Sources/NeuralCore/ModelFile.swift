import Foundation

/// Saving and loading a model as JSON that a person can read: the layers'
/// sizes and activations, then every weight and bias. Floats are written in
/// their shortest exact form, so a saved and reloaded model is bit-for-bit
/// the same.
extension SequentialModel {
    static let fileFormat = "nnbook-model"

    public func jsonText() -> String {
        func floats(_ xs: [Float]) -> String { "[" + xs.map { "\($0)" }.joined(separator: ",") + "]" }
        let layers = self.layers.map { l in
            var fields = ["\"units\": \(l.units)", "\"activation\": \"\(l.activation.rawValue)\""]
            if let i = l.inputSize { fields.append("\"input\": \(i)") }
            fields.append("\"weights\": \(floats(l.weights))")
            fields.append("\"biases\": \(floats(l.biases))")
            return "    {" + fields.joined(separator: ", ") + "}"
        }
        return "{\n  \"format\": \"\(Self.fileFormat)\",\n  \"version\": 1,\n  \"layers\": [\n"
            + layers.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// Reads what `jsonText()` wrote. Every field is checked; a damaged file
    /// gets an error naming the layer and the field.
    public init(jsonText: String, parameterLimit: Int = 500_000_000) throws {
        try self.init(jsonData: Data(jsonText.utf8), parameterLimit: parameterLimit)
    }

    /// Reads what `jsonText()` wrote, from the file's bytes. The memory the
    /// parse will take (`parsingBytes`) is checked against the session's
    /// limit before it starts.
    public init(jsonData data: Data, parameterLimit: Int = 500_000_000) throws {
        try WorkGuard.reserve(Self.parsingBytes(data), for: "reading this model")
        guard let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw NeuralError.invalidArgument("the file is not valid JSON")
        }
        guard root["format"] as? String == Self.fileFormat, let layers = root["layers"] as? [[String: Any]] else {
            throw NeuralError.invalidArgument("the file is not an nnbook model (no \"format\": \"\(Self.fileFormat)\" with \"layers\")")
        }
        var specs: [DenseSpec] = []
        var values: [(weights: [Float], biases: [Float])] = []
        for (i, layer) in layers.enumerated() {
            try WorkGuard.checkpoint()  // once a layer
            guard let units = layer["units"] as? Int, let name = layer["activation"] as? String,
                  let activation = Activation(rawValue: name) else {
                throw NeuralError.invalidArgument("layer \(i): needs \"units\" (a whole number) and a known \"activation\"")
            }
            guard let w = layer["weights"] as? [NSNumber], let b = layer["biases"] as? [NSNumber] else {
                throw NeuralError.invalidArgument("layer \(i): needs \"weights\" and \"biases\" lists of numbers")
            }
            specs.append(try DenseSpec(units: units, activation: activation, inputSize: layer["input"] as? Int))
            values.append((try Self.weights(w, layer: i, field: "weights"), try Self.weights(b, layer: i, field: "biases")))
        }
        var model = try SequentialModel.build(specs, seed: 0, parameterLimit: parameterLimit)
        for i in model.layers.indices {
            guard values[i].weights.count == model.layers[i].weights.count, values[i].biases.count == model.layers[i].units else {
                throw NeuralError.invalidArgument("layer \(i): expected \(model.layers[i].weights.count) weights and \(model.layers[i].units) biases, "
                                                  + "found \(values[i].weights.count) and \(values[i].biases.count)")
            }
            model.layers[i].weights = values[i].weights
            model.layers[i].biases = values[i].biases
        }
        self = model
    }

    /// A layer's numbers as 32-bit floats; one that a 32-bit float cannot hold
    /// (1e300, or inf) is refused rather than silently becoming inf.
    private static func weights(_ numbers: [NSNumber], layer: Int, field: String) throws(NeuralError) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(numbers.count)
        for (k, n) in numbers.enumerated() {
            let x = n.doubleValue
            guard x.isFinite, abs(x) <= Double(Float.greatestFiniteMagnitude) else {
                throw .invalidArgument("layer \(layer): \(field)[\(k)] is \(x), beyond what a model's 32-bit numbers hold (about ±3.4e38)")
            }
            out.append(Float(x))
        }
        return out
    }

    /// About how many bytes parsing `data` takes, counted from what the parser
    /// will make of it. Foundation's JSONSerialization makes an object for
    /// every value, and reading the weights copies them into a Swift array of
    /// NSNumber and one of Float. Measured by the peak RSS of loading a model
    /// of a million weights: 102 bytes a weight with a fraction (`0.5`), 55
    /// for a small integer; an empty object `{}` took 163 in the parser alone.
    /// So the file of a trained model (about 12 bytes a weight) is charged
    /// about 11 times its size, one of short numbers (`0,0,0…`) 64 times.
    static func parsingBytes(_ data: Data) -> Int {
        var values = 1, objects = 0
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: ":"): values += 1
                case UInt8(ascii: "{"): objects += 1
                default: break
                }
            }
        }
        return values * 128 + objects * 256
    }
}
