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
        guard let data = jsonText.data(using: .utf8),
              let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
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
            values.append((w.map { $0.floatValue }, b.map { $0.floatValue }))
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
}
