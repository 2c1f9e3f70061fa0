import XCTest
@testable import NeuralCore

/// `ModelExport`: the Keras and PyTorch scripts, word for word, for a small
/// model with weights set by hand, and the `.npz` beside them read back byte
/// by byte — the ZIP's directory, each local header and CRC-32, each `.npy`
/// header, shape and Float32 value.
final class ModelExportTests: XCTestCase {
    /// dense(2, relu, input: 3) with W = [[1, 2], [3, 4], [5, 6]], b = [0.5, −0.5];
    /// dropout(0.5); dense(1, sigmoid) with W = [[0.25], [−1]], b = [2].
    private func smallModel() throws -> SequentialModel {
        var m = try SequentialModel.build([DenseSpec(units: 2, activation: .relu, inputSize: 3), DropoutSpec(rate: 0.5),
                                           DenseSpec(units: 1, activation: .sigmoid)])
        try m.setAttribute("weights", ofLayer: 0, to: NDArray(shape: [3, 2], data: [1, 2, 3, 4, 5, 6]))
        try m.setAttribute("biases", ofLayer: 0, to: NDArray(vector: [0.5, -0.5]))
        try m.setAttribute("weights", ofLayer: 2, to: NDArray(shape: [2, 1], data: [0.25, -1]))
        try m.setAttribute("biases", ofLayer: 2, to: NDArray(vector: [2]))
        return m
    }

    private func export(_ format: ExportFormat, _ model: SequentialModel? = nil, optimizer: Optimizer.Kind = .adam,
                        loss: Loss = .binaryCrossEntropy, compiled: Bool = false) throws -> ModelExport {
        ModelExport(model: try model ?? smallModel(), format: format, optimizer: optimizer, loss: loss, compiled: compiled,
                    scriptName: "small.py", weightsName: "small.npz")
    }

    func testTheKerasScriptWordForWord() throws {
        XCTAssertEqual(try export(.keras).script, """
# small.py: a model trained in nnbook, rebuilt in Keras 3, with its weights from
# small.npz beside this file (nnbook wrote both: save model to "small.py" as keras).
# Run it:  KERAS_BACKEND=jax python3 small.py    (or tensorflow, or torch)
from pathlib import Path

import numpy as np
import keras

model = keras.Sequential([
    keras.Input(shape=(3,)),
    keras.layers.Dense(2, activation="relu"),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(1, activation="sigmoid"),
])

# nnbook's weights and biases: each Dense layer's kernel (inputs × units) and bias.
weights = np.load(Path(__file__).with_name("small.npz"))
model.set_weights([
    weights["layer0.kernel"], weights["layer0.bias"],
    weights["layer2.kernel"], weights["layer2.bias"],
])

# Adam (rate 0.001) and binary_crossentropy, as nnbook's train uses for this model
# (change them if you trained with others):
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.001),
              loss="binary_crossentropy", metrics=["accuracy"])

# To go on training where nnbook stopped (x_train: one row of 3 numbers per example,
# y_train: one label each):
#   model.fit(x_train, y_train, epochs=5, batch_size=32)
#   model.evaluate(x_test, y_test)

""")
    }

    func testThePyTorchScriptWordForWord() throws {
        XCTAssertEqual(try export(.pytorch).script, """
# small.py: a model trained in nnbook, rebuilt in PyTorch, with its weights from
# small.npz beside this file (nnbook wrote both: save model to "small.py" as pytorch).
# Run it:  python3 small.py
from pathlib import Path

import numpy as np
import torch
from torch import nn

model = nn.Sequential(
    nn.Linear(3, 2),
    nn.ReLU(),
    nn.Dropout(p=0.5),
    nn.Linear(2, 1),
    nn.Sigmoid(),
)

# nnbook's weights and biases, by their state-dict names: each Linear's weight is units × inputs
# (nnbook's W transposed), then its bias.
weights = np.load(Path(__file__).with_name("small.npz"))
model.load_state_dict({name: torch.from_numpy(weights[name]) for name in weights.files})
model.eval()  # dropout off, as nnbook's predict and evaluate

# To go on training where nnbook stopped (x_train: one row of 3 numbers per example,
# y_train: one label each),
# Adam (rate 0.001) and binary_crossentropy, as nnbook's train uses for this model
# (change them if you trained with others):
#   x_train, y_train = torch.tensor(x_train, dtype=torch.float32), torch.tensor(y_train)
#   optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-07)
#   model.train()
#   for epoch in range(5):
#       order = torch.randperm(len(x_train))
#       for i in range(0, len(x_train), 32):
#           x, y = x_train[order[i:i + 32]], y_train[order[i:i + 32]]
#           loss = nn.functional.binary_cross_entropy(model(x), y.float().unsqueeze(1))
#           optimizer.zero_grad()
#           loss.backward()
#           optimizer.step()

""")
    }

    func testWhatModelCompileChoseIsWhatTheScriptCompilesWith() throws {
        let m = try SequentialModel.build([DenseSpec(units: 10, activation: .softmax, inputSize: 64)])
        let keras = try export(.keras, m, optimizer: .sgd, loss: .sparseCategoricalCrossEntropy, compiled: true).script
        XCTAssertTrue(keras.contains("# SGD (rate 0.01) and sparse_categorical_crossentropy, as model.compile chose in nnbook\n"))
        XCTAssertTrue(keras.contains("model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01),\n"
                                     + "              loss=\"sparse_categorical_crossentropy\", metrics=[\"accuracy\"])\n"))
        // A digits model's comment loads the same images from scikit-learn, scaled as digits() scales them.
        XCTAssertTrue(keras.contains("#   x_train, x_test, y_train, y_test = train_test_split(x / 16, y, test_size=0.2, stratify=y, random_state=42)\n"))
        let torch = try export(.pytorch, m, optimizer: .sgd, loss: .sparseCategoricalCrossEntropy, compiled: true).script
        XCTAssertTrue(torch.contains("#   optimizer = torch.optim.SGD(model.parameters(), lr=0.01)\n"))
        XCTAssertTrue(torch.contains("nn.functional.nll_loss(torch.log(model(x)), y)"))
    }

    func testKerasTakesOneHotLabelsWhereNnbookMakesThem() throws {
        let m = try SequentialModel.build([DenseSpec(units: 10, activation: .linear, inputSize: 64)])
        let keras = try export(.keras, m, loss: .meanSquaredError).script
        XCTAssertTrue(keras.contains("#   model.fit(x_train, keras.utils.to_categorical(y_train, 10), epochs=5, batch_size=32)\n"))
        XCTAssertTrue(keras.contains("              loss=\"mse\")\n"), "no accuracy metric for mse")
        let torch = try export(.pytorch, m, loss: .meanSquaredError).script
        XCTAssertTrue(torch.contains("loss = nn.functional.mse_loss(model(x), nn.functional.one_hot(y, 10).float())"))
    }

    func testEveryActivationHasBothSpellings() throws {
        for f in Activation.allCases {
            let m = try SequentialModel.build([DenseSpec(units: 3, activation: f, inputSize: 2)])
            let keras = try export(.keras, m).script, torch = try export(.pytorch, m).script
            switch f {
            case .leakyRelu:  // Keras's leaky_relu string would have a slope of 0.2
                XCTAssertTrue(keras.contains("    keras.layers.Dense(3),\n    keras.layers.LeakyReLU(negative_slope=0.01),\n"))
                XCTAssertTrue(torch.contains("    nn.LeakyReLU(negative_slope=0.01),\n"))
            case .linear:
                XCTAssertTrue(keras.contains("    keras.layers.Dense(3, activation=\"linear\"),\n"))
                XCTAssertTrue(torch.contains("    nn.Linear(2, 3),\n)\n"), "no module after a linear layer")
            default:
                XCTAssertTrue(keras.contains("    keras.layers.Dense(3, activation=\"\(f.rawValue)\"),\n"), f.rawValue)
                XCTAssertTrue(torch.contains("    nn.Linear(2, 3),\n    nn."), f.rawValue)
            }
        }
    }

    // MARK: - the .npz, read back

    func testTheKerasArchiveReadsBackAsNumPyWouldReadIt() throws {
        let arrays = try readNPZ(try export(.keras).weightsFile())
        XCTAssertEqual(arrays.map(\.name), ["layer0.kernel", "layer0.bias", "layer2.kernel", "layer2.bias"])
        XCTAssertEqual(arrays.map(\.shape), [[3, 2], [2], [2, 1], [1]])
        XCTAssertEqual(arrays.map(\.values), [[1, 2, 3, 4, 5, 6], [0.5, -0.5], [0.25, -1], [2]])
    }

    func testThePyTorchArchiveHoldsTheStateDictTransposed() throws {
        let arrays = try readNPZ(try export(.pytorch).weightsFile())
        // nn.Sequential(Linear, ReLU, Dropout, Linear, Sigmoid): the Linears are modules 0 and 3.
        XCTAssertEqual(arrays.map(\.name), ["0.weight", "0.bias", "3.weight", "3.bias"])
        XCTAssertEqual(arrays.map(\.shape), [[2, 3], [2], [1, 2], [1]])
        XCTAssertEqual(arrays[0].values, [1, 3, 5, 2, 4, 6])
        XCTAssertEqual(arrays[2].values, [0.25, -1])
    }

    func testTheSameModelGivesTheSameBytes() throws {
        XCTAssertEqual(try export(.keras).weightsFile(), try export(.keras).weightsFile())
    }

    func testAnNpyHeaderIsPaddedTo64BytesAndEndsInANewline() {
        let bytes = NPZ.npy(NPZ.Array(name: "a", shape: [3, 2], values: [1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(Array(bytes.prefix(8)), [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0])
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        XCTAssertEqual((10 + headerLength) % 64, 0)
        let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
        XCTAssertEqual(header.trimmingCharacters(in: .whitespacesAndNewlines), "{'descr': '<f4', 'fortran_order': False, 'shape': (3, 2), }")
        XCTAssertEqual(bytes.last, 0x40)  // 6.0 as Float32 little-endian ends in 0x40
        XCTAssertEqual(bytes.count, 10 + headerLength + 24)
        let vector = NPZ.npy(NPZ.Array(name: "b", shape: [4], values: [0, 0, 0, 0]))
        XCTAssertTrue(String(decoding: vector, as: UTF8.self).contains("'shape': (4,), }"))
    }

    func testAShapeThatDoesNotHoldItsValuesIsRefused() {
        XCTAssertThrowsError(try NPZ.archive([NPZ.Array(name: "w", shape: [2, 2], values: [1, 2, 3])])) { error in
            XCTAssertEqual(error as? NeuralError, .invalidArgument("the array w has 3 values, not a shape [2, 2]"))
        }
    }

    func testTheChecksumIsZIPsCRC32() {
        XCTAssertEqual(NPZ.checksum(Array("123456789".utf8)), 0xCBF4_3926)  // the standard check value
        XCTAssertEqual(NPZ.checksum([]), 0)
    }
}

/// A reader of what `NPZ.archive` writes, written from the ZIP and NPY
/// specifications (not from the writer): the end record, the central
/// directory, each local header (which must agree with its directory entry),
/// the CRC-32 of each member, and each member's `.npy`.
private struct ReadArray { var name: String; var shape: [Int]; var values: [Float] }

private func readNPZ(_ z: [UInt8]) throws -> [ReadArray] {
    func u16(_ at: Int) -> Int { Int(z[at]) | Int(z[at + 1]) << 8 }
    func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
    let end = z.count - 22
    XCTAssertEqual(u32(end), 0x0605_4b50, "end of central directory record")
    let count = u16(end + 10), size = u32(end + 12)
    var at = u32(end + 16)
    XCTAssertEqual(at + size, end, "the directory ends where the end record starts")
    var arrays: [ReadArray] = []
    for _ in 0..<count {
        XCTAssertEqual(u32(at), 0x0201_4b50, "central directory entry")
        XCTAssertEqual(u16(at + 10), 0, "stored")
        let crc = u32(at + 16), compressed = u32(at + 20), plain = u32(at + 24), nameLength = u16(at + 28)
        XCTAssertEqual(compressed, plain)
        let local = u32(at + 42)
        let name = String(decoding: z[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
        at += 46 + nameLength + u16(at + 30) + u16(at + 32)
        XCTAssertEqual(u32(local), 0x0403_4b50, "local file header")
        XCTAssertEqual(u32(local + 14), crc)
        XCTAssertEqual(u16(local + 26), nameLength)
        let start = local + 30 + nameLength + u16(local + 28)
        let data = Array(z[start..<(start + plain)])
        XCTAssertEqual(crc32(data), UInt32(crc), "CRC-32 of \(name)")
        XCTAssertTrue(name.hasSuffix(".npy"))
        arrays.append(try readNPY(data, name: String(name.dropLast(4))))
    }
    return arrays
}

private func readNPY(_ d: [UInt8], name: String) throws -> ReadArray {
    XCTAssertEqual(Array(d.prefix(6)), [0x93] + Array("NUMPY".utf8))
    let length = Int(d[8]) | Int(d[9]) << 8
    let header = String(decoding: d[10..<(10 + length)], as: UTF8.self)
    XCTAssertTrue(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': ("), header)
    XCTAssertTrue(header.hasSuffix("\n"))
    let inside = header.split(separator: "(")[1].split(separator: ")")[0]
    let shape = inside.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    var values: [Float] = []
    var at = 10 + length
    while at + 4 <= d.count {
        values.append(Float(bitPattern: UInt32(d[at]) | UInt32(d[at + 1]) << 8 | UInt32(d[at + 2]) << 16 | UInt32(d[at + 3]) << 24))
        at += 4
    }
    XCTAssertEqual(values.count, shape.reduce(1, *))
    return ReadArray(name: name, shape: shape, values: values)
}

/// CRC-32 bit by bit (polynomial 0xEDB88320), independent of zlib.
private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for b in bytes {
        crc ^= UInt32(b)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
