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
///
/// Versions: 1 has dense layers only, each an object without a "type".
/// Version 2 adds other layers, each saying its type: `{"rate":0.2,"type":"dropout"}`.
/// A model of dense layers only is still written as version 1, so an nnbook
/// that reads only version 1 still loads it; a model with dropout is written
/// as version 2, which such an nnbook refuses saying that a newer one wrote it.
public struct ModelFile: Codable, Sendable {
    static let format = "nnbook-model"
    /// The newest version this nnbook reads and writes.
    static let currentVersion = 2

    var format: String
    var version: Int
    var layers: [Entry]

    /// One layer of the file.
    public enum Entry: Sendable {
        case dense(DenseEntry)
        case dropout(rate: Double)

        /// The oldest file version that can hold this entry.
        var version: Int {
            if case .dense = self { return 1 }
            return 2
        }
    }

    /// A dense layer as the file holds it (version 1's only kind of layer).
    public struct DenseEntry: Codable, Sendable {
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
        let layers = model.layers.map(\.fileEntry)
        self.init(format: Self.format, version: layers.map(\.version).max() ?? 1, layers: layers)
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

    public init(from decoder: any Decoder) throws {
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
            layers = try c.decode([Entry].self, forKey: .layers)
        } catch is DecodingError {
            throw notAModel
        }
        format = Self.format
        self.version = version
    }
}

extension ModelFile.Entry: Codable {
    private enum CodingKeys: String, CodingKey { case type, rate }

    /// A layer without "type" is dense (version 1 wrote none).
    public init(from decoder: any Decoder) throws {
        let i = decoder.codingPath.last?.intValue ?? 0
        try WorkGuard.checkpoint()  // once a layer
        let c = try? decoder.container(keyedBy: CodingKeys.self)
        let type = (try? c?.decodeIfPresent(String.self, forKey: .type)) ?? nil
        switch type {
        case nil, "dense":
            self = .dense(try ModelFile.DenseEntry(from: decoder))
        case "dropout":
            guard let rate = try? c?.decode(Double.self, forKey: .rate), (try? DropoutSpec(rate: rate)) != nil else {
                throw NeuralError.invalidArgument("layer \(i): a dropout layer needs a \"rate\" from 0 up to (not including) 1")
            }
            self = .dropout(rate: rate)
        case let other?:
            throw NeuralError.invalidArgument("layer \(i): unknown layer type \"\(ControlPictures.text(other.prefix(40)))\"; this nnbook knows dense and dropout")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .dense(let entry):
            try entry.encode(to: encoder)
        case .dropout(let rate):
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode("dropout", forKey: .type)
            try c.encode(rate, forKey: .rate)
        }
    }

    /// The layer this entry describes, in place of `built` (the layer
    /// `SequentialModel.build` made from the same spec, with the right sizes).
    func layer(replacing built: any Layer, index i: Int) throws -> any Layer {
        switch self {
        case .dense(let d):
            guard d.weights.count == built.parameterCount - d.units, d.biases.count == d.units else {
                throw NeuralError.invalidArgument("layer \(i): expected \(built.parameterCount - d.units) weights and \(d.units) biases, "
                                                  + "found \(d.weights.count) and \(d.biases.count)")
            }
            return built.replacing(flatParameters: d.weights + d.biases)
        case .dropout:
            return built
        }
    }

    /// The spec to build the layer from.
    func spec() throws -> any LayerSpec {
        switch self {
        case .dense(let d): return try DenseSpec(units: d.units, activation: d.activation, inputSize: d.input)
        case .dropout(let rate): return try DropoutSpec(rate: rate)
        }
    }
}

extension ModelFile.DenseEntry {
    /// Every field is checked; an error names the layer (its place in the
    /// list) and the field.
    public init(from decoder: any Decoder) throws {
        let i = decoder.codingPath.last?.intValue ?? 0
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
        try self.init(entries: try ModelFile.decode(data).layers, parameterLimit: parameterLimit)
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
