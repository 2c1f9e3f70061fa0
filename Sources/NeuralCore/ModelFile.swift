import Foundation

/// A model file as it is on disk: JSON that a person can read, written by
/// `JSONEncoder` and read by `JSONDecoder`.
///
///     {
///       "format": "nnbook-model",
///       "version": 1,
///       "layers": [
///         {"activation":"relu","biases":[0,0],"input":2,"units":2,"weights":[0.5,-1.25,0.75,2]},
///         {"activation":"sigmoid","biases":[0.1],"units":1,"weights":[1,-1]}
///       ]
///     }
///
/// Every value is the encoder's; only the line breaks are arranged here, one
/// layer a line, because the encoder either writes all on one line or every
/// number on a line of its own. Keys are sorted (unsorted, the encoder's
/// order changes from run to run). Floats are written in their shortest
/// exact form, so a saved and reloaded model is bit-for-bit the same.
struct ModelFile: Codable {
    static let format = "nnbook-model"
    /// The version this nnbook writes, and the newest it reads.
    static let currentVersion = 1

    var format: String
    var version: Int
    var layers: [Layer]

    struct Layer: Codable {
        var units: Int
        var activation: Activation
        var input: Int?
        var weights: [Float]
        var biases: [Float]
    }
}

extension Activation: Codable {}

extension ModelFile {
    init(_ model: SequentialModel) {
        self.init(format: Self.format, version: Self.currentVersion, layers: model.layers.map {
            Layer(units: $0.units, activation: $0.activation, input: $0.inputSize, weights: $0.weights, biases: $0.biases)
        })
    }

    /// The file's text; `.notANumber` when a weight is nan or inf (JSON has no
    /// word for them).
    func text() throws(NeuralError) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var lines: [String] = []
        lines.reserveCapacity(layers.count)
        for (i, layer) in layers.enumerated() {
            guard let data = try? encoder.encode(layer) else {
                throw .invalidArgument("layer \(i) has weights that are not numbers (nan or inf), which a model file cannot hold; "
                                       + "train again with a smaller learning rate")
            }
            lines.append("    " + String(decoding: data, as: UTF8.self))
        }
        return "{\n  \"format\": \"\(format)\",\n  \"version\": \(version),\n  \"layers\": [\n"
            + lines.joined(separator: ",\n") + "\n  ]\n}\n"
    }

    /// Reads a file's bytes; a damaged file gets an error naming the layer
    /// and the field, a file of a newer format says so.
    static func decode(_ data: Data) throws -> ModelFile {
        do {
            return try JSONDecoder().decode(ModelFile.self, from: data)
        } catch let error as NeuralError {
            throw error
        } catch {
            throw NeuralError.invalidArgument("the file is not valid JSON")
        }
    }

    init(from decoder: any Decoder) throws {
        let notAModel = NeuralError.invalidArgument("the file is not an nnbook model (no \"format\": \"\(Self.format)\" with \"layers\")")
        guard let c = try? decoder.container(keyedBy: CodingKeys.self),
              (try? c.decode(String.self, forKey: .format)) == Self.format, c.contains(.layers) else { throw notAModel }
        // Files before the version was checked all said 1; a missing one is read as 1.
        guard let version = try? c.decodeIfPresent(Int.self, forKey: .version) ?? 1, version >= 1 else {
            throw NeuralError.invalidArgument("the file's \"version\" must be a whole number from 1")
        }
        guard version <= Self.currentVersion else {
            throw NeuralError.invalidArgument("the model was written by a newer nnbook (format version \(version)); "
                                              + "this one reads version \(Self.currentVersion): update nnbook to load it")
        }
        do {
            layers = try c.decode([Layer].self, forKey: .layers)
        } catch is DecodingError {
            throw notAModel
        }
        format = Self.format
        self.version = version
    }
}

extension ModelFile.Layer {
    /// Every field is checked; an error names the layer (its place in the
    /// list) and the field.
    init(from decoder: any Decoder) throws {
        let i = decoder.codingPath.last?.intValue ?? 0
        try WorkGuard.checkpoint()  // once a layer
        guard let c = try? decoder.container(keyedBy: CodingKeys.self),
              let units = try? c.decode(Int.self, forKey: .units),
              let activation = try? c.decode(Activation.self, forKey: .activation) else {
            throw NeuralError.invalidArgument("layer \(i): needs \"units\" (a whole number) and a known \"activation\"")
        }
        // Read as Double, so that a number a Float cannot hold is named rather than "not valid JSON".
        guard let w = try? c.decode([Double].self, forKey: .weights), let b = try? c.decode([Double].self, forKey: .biases) else {
            throw NeuralError.invalidArgument("layer \(i): needs \"weights\" and \"biases\" lists of numbers")
        }
        self.units = units
        self.activation = activation
        self.input = (try? c.decodeIfPresent(Int.self, forKey: .input)) ?? nil
        self.weights = try Self.floats(w, layer: i, field: "weights")
        self.biases = try Self.floats(b, layer: i, field: "biases")
    }

    /// A layer's numbers as 32-bit floats; one that a 32-bit float cannot hold
    /// (1e300) is refused rather than silently becoming inf. The largest float
    /// in its shortest form, 3.4028235e+38, is a little above it as a Double
    /// and rounds to it, so the test is the rounded value's.
    static func floats(_ numbers: [Double], layer: Int, field: String) throws(NeuralError) -> [Float] {
        var out: [Float] = []
        out.reserveCapacity(numbers.count)
        for (k, x) in numbers.enumerated() {
            guard Float(x).isFinite else {
                throw .invalidArgument("layer \(layer): \(field)[\(k)] is \(x), beyond what a model's 32-bit numbers hold (about ±3.4e38)")
            }
            out.append(Float(x))
        }
        return out
    }
}

/// Saving and loading a model (`ModelFile` is the format).
extension SequentialModel {
    /// The model as a file's text; refused when a weight is nan or inf.
    public func jsonText() throws(NeuralError) -> String {
        try ModelFile(self).text()
    }

    /// Reads what `jsonText()` wrote.
    public init(jsonText: String, parameterLimit: Int = 500_000_000) throws {
        try self.init(jsonData: Data(jsonText.utf8), parameterLimit: parameterLimit)
    }

    /// Reads what `jsonText()` wrote, from the file's bytes. The memory the
    /// parse will take (`parsingBytes`) is checked against the session's
    /// limit before it starts.
    public init(jsonData data: Data, parameterLimit: Int = 500_000_000) throws {
        try WorkGuard.reserve(Self.parsingBytes(data), for: "reading this model")
        let file = try ModelFile.decode(data)
        let specs = try file.layers.map { try DenseSpec(units: $0.units, activation: $0.activation, inputSize: $0.input) }
        var model = try SequentialModel.build(specs, seed: 0, parameterLimit: parameterLimit)
        for (i, layer) in file.layers.enumerated() {
            guard layer.weights.count == model.layers[i].weights.count, layer.biases.count == model.layers[i].units else {
                throw NeuralError.invalidArgument("layer \(i): expected \(model.layers[i].weights.count) weights and \(model.layers[i].units) biases, "
                                                  + "found \(layer.weights.count) and \(layer.biases.count)")
            }
            model.layers[i].weights = layer.weights
            model.layers[i].biases = layer.biases
        }
        self = model
    }

    /// About how many bytes parsing `data` takes, counted from the values the
    /// decoder will find in it. JSONDecoder first maps every value of the
    /// file, then a layer's numbers become an array of Double and one of
    /// Float. Measured by the peak RSS of loading a model of a million
    /// weights, less an empty session's: 46 bytes a weight beyond the file's
    /// own bytes, for short numbers (`0,0,0…`) and a trained model's (about
    /// 12 bytes of text) alike; JSONSerialization before it took 102. So a
    /// value is charged 64 bytes and an object 256, and the file of a trained
    /// model about 5 times its size (its bytes are charged when it is read).
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
        return values * 64 + objects * 256
    }
}
