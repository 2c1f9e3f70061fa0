/// The frameworks a model can be written out for: a Python script that
/// rebuilds it, and its weights in a `.npz` beside it (`save model to "m.py" as keras`).
public enum ExportFormat: String, CaseIterable, Sendable {
    /// Keras 3: `keras.Sequential`, `model.set_weights` (kernel inputs × units, bias).
    case keras
    /// PyTorch: `nn.Sequential`, `model.load_state_dict` (weight units × inputs, bias).
    case pytorch

    /// Its name in a sentence.
    public var title: String { self == .keras ? "Keras" : "PyTorch" }
}

/// A model written out as a script for another framework and its weights:
/// what `script` says and what `arrays` holds are made from the same walk of
/// the layers (`parts`), so each name the script reads is one the archive has.
public struct ModelExport: Sendable {
    public let model: SequentialModel
    public let format: ExportFormat
    /// How to go on training: the optimizer (at its default rate) and the loss
    /// (`model.compile`'s in nnbook, else what nnbook's `train` would use).
    public let optimizer: Optimizer.Kind
    public let loss: Loss
    /// True when they are what `model.compile(…)` chose in nnbook.
    public let compiled: Bool
    /// The script's file name and the weights' (`m.py`, `m.npz`), as the script names them.
    public let scriptName: String
    public let weightsName: String

    public init(model: SequentialModel, format: ExportFormat, optimizer: Optimizer.Kind, loss: Loss, compiled: Bool,
                scriptName: String, weightsName: String) {
        self.model = model
        self.format = format
        self.optimizer = optimizer
        self.loss = loss
        self.compiled = compiled
        self.scriptName = scriptName
        self.weightsName = weightsName
    }

    /// One layer as the other framework has it.
    enum Part {
        /// A dense layer: its sizes, activation, weights and the names its arrays have in the archive.
        case dense(DenseLayerParts)
        case dropout(rate: Double)
        /// An activation PyTorch writes as a module of its own, or Keras as a layer (leaky ReLU).
        case activation(Activation)
    }

    struct DenseLayerParts {
        var inputs: Int, units: Int
        var activation: Activation
        var weights: [Float], biases: [Float]
        /// The two arrays' names in the archive.
        var weightName: String, biasName: String
    }

    /// The layers in the framework's order, each dense layer with its arrays' names:
    /// Keras's `layerI.kernel`/`layerI.bias` by nnbook's layer index, PyTorch's
    /// state-dict names `K.weight`/`K.bias` by the `Linear`'s index in `nn.Sequential`.
    var parts: [Part] {
        var parts: [Part] = []
        for (i, layer) in model.layers.enumerated() {
            switch layer.fileEntry {
            case .dense(let d):
                let names: (String, String) = format == .keras ? ("layer\(i).kernel", "layer\(i).bias")
                    : ("\(parts.count).weight", "\(parts.count).bias")
                parts.append(.dense(DenseLayerParts(inputs: d.units > 0 ? d.weights.count / d.units : 0, units: d.units, activation: d.activation,
                                                    weights: d.weights, biases: d.biases, weightName: names.0, biasName: names.1)))
                if format == .pytorch || d.activation == .leakyRelu, d.activation != .linear {
                    parts.append(.activation(d.activation))
                }
            case .dropout(let rate):
                parts.append(.dropout(rate: rate))
            }
        }
        return parts
    }

    /// The weights, in the framework's layout: Keras's kernel is nnbook's W
    /// (inputs × units); PyTorch's weight is its transpose (units × inputs).
    public var arrays: [NPZ.Array] {
        parts.flatMap { part -> [NPZ.Array] in
            guard case .dense(let d) = part else { return [] }
            let weight: NPZ.Array
            if format == .keras {
                weight = NPZ.Array(name: d.weightName, shape: [d.inputs, d.units], values: d.weights)
            } else {
                var t = [Float](repeating: 0, count: d.weights.count)
                for r in 0..<d.inputs {
                    for c in 0..<d.units { t[c * d.inputs + r] = d.weights[r * d.units + c] }
                }
                weight = NPZ.Array(name: d.weightName, shape: [d.units, d.inputs], values: t)
            }
            return [weight, NPZ.Array(name: d.biasName, shape: [d.units], values: d.biases)]
        }
    }

    /// The `.npz` file's bytes.
    public func weightsFile() throws(NeuralError) -> [UInt8] {
        try NPZ.archive(arrays)
    }

    /// The script's text.
    public var script: String {
        format == .keras ? kerasScript : pytorchScript
    }
}
