/// The text of the scripts `ModelExport` writes: short, and written to be
/// read — the layers one a line, the weights loaded by name, the optimizer
/// and loss nnbook trains with, and how to go on training as a comment.
extension ModelExport {
    var kerasScript: String {
        var lines = header("Keras 3", run: "KERAS_BACKEND=jax python3 \(scriptName)    (or tensorflow, or torch)")
        lines += ["import numpy as np", "import keras", "", "model = keras.Sequential(["]
        lines.append("    keras.Input(shape=(\(model.inputSize),)),")
        var loads: [String] = []
        for part in parts {
            switch part {
            case .dense(let d):
                let activation = d.activation == .leakyRelu ? "" : ", activation=\"\(Self.kerasName(d.activation))\""
                lines.append("    keras.layers.Dense(\(d.units)\(activation)),")
                loads.append("    weights[\"\(d.weightName)\"], weights[\"\(d.biasName)\"],")
            case .dropout(let rate):
                lines.append("    keras.layers.Dropout(\(Self.python(rate))),")
            case .activation:  // leaky ReLU, whose slope Keras's activation string would get wrong
                lines.append("    keras.layers.LeakyReLU(negative_slope=\(Self.python(ActivationDescriptor.leakyReLUSlope))),")
            }
        }
        lines += ["])", "", "# nnbook's weights and biases: each Dense layer's kernel (inputs × units) and bias."]
        lines.append("weights = np.load(Path(__file__).with_name(\"\(weightsName)\"))")
        lines += ["model.set_weights(["] + loads + ["])", ""]
        lines += trainingNote.map { "# " + $0 }
        let rate = Self.python(optimizer.defaultRate)
        let optimizerCall = optimizer == .adam ? "keras.optimizers.Adam(learning_rate=\(rate))" : "keras.optimizers.SGD(learning_rate=\(rate))"
        let metrics = loss == .meanSquaredError ? "" : ", metrics=[\"accuracy\"]"
        lines.append("model.compile(optimizer=\(optimizerCall),")
        lines.append("              loss=\"\(loss.rawValue)\"\(metrics))")
        lines += [""] + dataNote(":").map { "# " + $0 }
        lines += dataLines(digits: [
            "from sklearn.datasets import load_digits",
            "from sklearn.model_selection import train_test_split",
            "x, y = load_digits(return_X_y=True)",
            "x_train, x_test, y_train, y_test = train_test_split(x / 16, y, test_size=0.2, stratify=y, random_state=42)",
        ])
        lines += ["model.fit(x_train, \(kerasTargets("y_train")), epochs=5, batch_size=32)",
                  "model.evaluate(x_test, \(kerasTargets("y_test")))"].map { "#   " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    var pytorchScript: String {
        var lines = header("PyTorch", run: "python3 \(scriptName)")
        lines += ["import numpy as np", "import torch", "from torch import nn", "", "model = nn.Sequential("]
        for part in parts {
            switch part {
            case .dense(let d): lines.append("    nn.Linear(\(d.inputs), \(d.units)),")
            case .dropout(let rate): lines.append("    nn.Dropout(p=\(Self.python(rate))),")
            case .activation(let f): lines.append("    \(Self.torchModule(f)),")
            }
        }
        lines += [")", "", "# nnbook's weights and biases, by their state-dict names: each Linear's weight is units × inputs"]
        lines.append("# (nnbook's W transposed), then its bias.")
        lines.append("weights = np.load(Path(__file__).with_name(\"\(weightsName)\"))")
        lines.append("model.load_state_dict({name: torch.from_numpy(weights[name]) for name in weights.files})")
        lines += ["model.eval()  # dropout off, as nnbook's predict and evaluate", ""]
        lines += (dataNote(",") + trainingNote).map { "# " + $0 }
        let rate = Self.python(optimizer.defaultRate)
        var body = dataLines(digits: [
            "from sklearn.datasets import load_digits",
            "x_train, y_train = load_digits(return_X_y=True)",
            "x_train = x_train / 16",
        ], hashed: false)
        body += [
            "x_train, y_train = torch.tensor(x_train, dtype=torch.float32), torch.tensor(y_train)",
            optimizer == .adam ? "optimizer = torch.optim.Adam(model.parameters(), lr=\(rate), eps=1e-07)"
                : "optimizer = torch.optim.SGD(model.parameters(), lr=\(rate))",
            "model.train()",
            "for epoch in range(5):",
            "    order = torch.randperm(len(x_train))",
            "    for i in range(0, len(x_train), 32):",
            "        x, y = x_train[order[i:i + 32]], y_train[order[i:i + 32]]",
            "        loss = \(torchLoss)",
            "        optimizer.zero_grad()",
            "        loss.backward()",
            "        optimizer.step()",
        ]
        lines += body.map { "#   " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The opening comment and imports both scripts share.
    private func header(_ framework: String, run: String) -> [String] {
        let stem = weightsName
        return [
            "# \(scriptName): a model trained in nnbook, rebuilt in \(framework), with its weights from",
            "# \(stem) beside this file (nnbook wrote both: save model to \"\(scriptName)\" as \(format.rawValue)).",
            "# Run it:  \(run)",
            "from pathlib import Path",
            "",
        ]
    }

    /// Which optimizer and loss the script trains with, and why those (two lines of a comment).
    private var trainingNote: [String] {
        let what = "\(optimizer == .adam ? "Adam" : "SGD") (rate \(Self.python(optimizer.defaultRate))) and \(loss.rawValue)"
        return [what + (compiled ? ", as model.compile chose in nnbook" : ", as nnbook's train uses for this model"),
                "(change them if you trained with others):"]
    }

    /// For a model of digits (64 inputs, 10 classes): where the same images come from.
    private var isDigitsModel: Bool { model.inputSize == 64 && model.outputSize == 10 }

    /// "To go on training …" and what data, as lines of a comment ending in `end`.
    private func dataNote(_ end: String) -> [String] {
        guard isDigitsModel else {
            return ["To go on training where nnbook stopped (x_train: one row of \(model.inputSize) numbers per example,",
                    "y_train: one label each)" + end]
        }
        return ["To go on training where nnbook stopped, on the digits of nnbook's digits() (scikit-learn's copy:",
                "the same 1,797 images, scaled by 1/16; its train/test split is not nnbook's)" + end]
    }

    /// How the script's comment gets its data: the digits, or nothing to write for other data.
    private func dataLines(digits: [String], hashed: Bool = true) -> [String] {
        guard isDigitsModel else { return [] }
        return hashed ? digits.map { "#   " + $0 } : digits
    }

    /// The labels as Keras's loss takes them: class numbers for the sparse
    /// cross-entropy, else one-hot rows (as nnbook makes them) when there are several outputs.
    private func kerasTargets(_ y: String) -> String {
        loss == .sparseCategoricalCrossEntropy || model.outputSize == 1 ? y : "keras.utils.to_categorical(\(y), \(model.outputSize))"
    }

    /// PyTorch's spelling of the loss nnbook trains with, on outputs `model(x)` and labels `y`.
    private var torchLoss: String {
        let target = model.outputSize == 1 ? "y.float().unsqueeze(1)" : "nn.functional.one_hot(y, \(model.outputSize)).float()"
        switch loss {
        case .sparseCategoricalCrossEntropy: return "nn.functional.nll_loss(torch.log(model(x)), y)  # the softmax's cross-entropy"
        case .binaryCrossEntropy: return "nn.functional.binary_cross_entropy(model(x), \(target))"
        case .meanSquaredError: return "nn.functional.mse_loss(model(x), \(target))"
        }
    }

    /// Keras's name for an activation in `Dense(…, activation=…)`.
    static func kerasName(_ f: Activation) -> String {
        switch f {
        case .sigmoid, .relu, .tanh, .softmax, .linear, .softplus: return f.rawValue
        case .leakyRelu: return "linear"  // then a LeakyReLU layer with nnbook's slope
        }
    }

    /// PyTorch's module for an activation.
    static func torchModule(_ f: Activation) -> String {
        switch f {
        case .sigmoid: return "nn.Sigmoid()"
        case .relu: return "nn.ReLU()"
        case .tanh: return "nn.Tanh()"
        case .softmax: return "nn.Softmax(dim=-1)"
        case .linear: return "nn.Identity()"
        case .leakyRelu: return "nn.LeakyReLU(negative_slope=\(python(ActivationDescriptor.leakyReLUSlope)))"
        case .softplus: return "nn.Softplus()"
        }
    }

    /// A number as a Python literal: the shortest text that reads back as the
    /// same Double (Swift's `description`, as the JSON model file writes its
    /// numbers) — a file format, not a number shown in the session.
    static func python(_ x: Double) -> String { x.description }
}
