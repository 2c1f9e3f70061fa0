import Foundation

/// Ready-made data sets for lessons: the bundled 8×8 digits, MNIST from its
/// IDX files, any labelled CSV file, and small 2-D sets to draw and classify.
///
/// Every loader checks its input thoroughly and throws a `NeuralError` that
/// names the file (and line and column, for CSV) and says what was expected.
public enum Datasets {
    /// The bundled UCI digits: 1,797 8×8 images (bytes 0–16, scale 1/16), 10 classes;
    /// a seeded, stratified 80/20 split.
    ///
    /// The images are the test half of E. Alpaydin and C. Kaynak's "Optical
    /// Recognition of Handwritten Digits" (UCI, 1998; CC BY 4.0), as shipped
    /// with scikit-learn. Each pixel counts the "on" cells of a 4×4 block of a
    /// 32×32 bitmap, hence 0…16; `scale` 1/16 brings them to 0…1. The split
    /// is `stratifiedSplit(testFraction: 0.2, seed:)`: 1,438 training and 359
    /// test examples, every digit about 20 % in test.
    public static func digits(seed: UInt64 = 42) throws -> DatasetSplit {
        guard let folder = ResourceBundle.folder(named: "nnbook_NeuralCore.resources") else {
            throw NeuralError.invalidArgument(
                "digits: the bundled data (nnbook_NeuralCore.resources) is not beside the nnbook binary; "
                    + "install nnbook with scripts/install.sh, which copies it along")
        }
        let url = folder.appendingPathComponent("digits.csv")
        try WorkGuard.reserveFile(url.path, expansion: 2, for: "the bundled digits")
        let text: [UInt8]
        do { text = [UInt8](try Data(contentsOf: url)) } catch {
            throw NeuralError.invalidArgument("digits: cannot read the bundled \(url.path): \(error.localizedDescription)")
        }
        let pixelCount = 64
        var pixels = [UInt8](), labels = [Int32]()
        pixels.reserveCapacity(1797 * pixelCount)
        try CSVParser.forEachRow(text, file: "digits.csv") { row in
            guard row.cells.count == pixelCount + 1 else {
                throw NeuralError.invalidArgument(
                    "digits.csv:\(row.line): expected \(pixelCount + 1) cells (64 pixels and a label), found \(row.cells.count)")
            }
            for (k, cell) in row.cells.enumerated() {
                let top = k < pixelCount ? 16 : 9
                guard let value = CSVParser.nonNegativeInteger(cell.bytes), value <= top else {
                    throw NeuralError.invalidArgument(
                        "digits.csv:\(row.line):\(row.column(of: cell, in: text)): expected an integer 0…\(top), found \"\(cell.text)\"")
                }
                if k < pixelCount { pixels.append(UInt8(value)) } else { labels.append(Int32(value)) }
            }
        }
        let all = try Dataset(name: "digits", featureCount: pixelCount, classCount: 10,
                              features: .bytes(pixels, scale: 1.0 / 16), labels: labels)
        return try all.stratifiedSplit(testFraction: 0.2, seed: seed)
    }

    /// MNIST from the four standard IDX files in `folder`: pixels kept as bytes, scale 1/255.
    ///
    /// The folder must hold `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
    /// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, each possibly
    /// gzip-compressed with a `.gz` suffix; the dotted spellings some mirrors use
    /// (`train-images.idx3-ubyte`) are accepted too. The official split is kept:
    /// 60,000 training and 10,000 test images of 28×28 = 784 pixels.
    ///
    /// Checked: every file is present and well-formed (see `IDX.read`), images
    /// are 3-D and labels 1-D, each image file has exactly as many images as its
    /// label file has labels, train and test images have the same size, and
    /// every label is a digit 0…9.
    ///
    /// - Parameter limit: the most bytes any one file may declare (see `IDX.read`).
    public static func mnist(folder: String, limit: Int = IDX.defaultLimit) throws -> DatasetSplit {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw NeuralError.invalidArgument(
                "mnist: no folder \(folder) — give the folder that holds the four IDX files of MNIST")
        }
        let train = try mnistPart(folder: folder, prefix: "train", limit: limit)
        let test = try mnistPart(folder: folder, prefix: "t10k", limit: limit)
        guard train.featureCount == test.featureCount else {
            throw NeuralError.invalidArgument(
                "mnist: the training images have \(train.featureCount) pixels each but the test images have \(test.featureCount); both must be the same size")
        }
        return DatasetSplit(train: train, test: test)
    }

    /// One half of MNIST: `<prefix>-images-idx3-ubyte` with `<prefix>-labels-idx1-ubyte`.
    private static func mnistPart(folder: String, prefix: String, limit: Int) throws -> Dataset {
        let imagePath = try findIDX(folder: folder, base: "\(prefix)-images-idx3-ubyte")
        let labelPath = try findIDX(folder: folder, base: "\(prefix)-labels-idx1-ubyte")
        let images = try IDX.read(path: imagePath, limit: limit)
        let labels = try IDX.read(path: labelPath, limit: limit)
        guard images.dimensions.count == 3 else {
            throw NeuralError.invalidArgument(
                "mnist: \(imagePath) should hold 3-D data (images × rows × columns), found dimensions \(images.dimensions)")
        }
        guard labels.dimensions.count == 1 else {
            throw NeuralError.invalidArgument(
                "mnist: \(labelPath) should hold 1-D data (one label per image), found dimensions \(labels.dimensions)")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw NeuralError.invalidArgument(
                "mnist: \(imagePath) has \(images.dimensions[0]) images but \(labelPath) has \(labels.dimensions[0]) labels; they must match")
        }
        guard images.dimensions[0] > 0 else {
            throw NeuralError.invalidArgument("mnist: \(imagePath) holds no images")
        }
        guard images.dimensions[1] > 0, images.dimensions[2] > 0 else {
            throw NeuralError.invalidArgument("mnist: \(imagePath) declares empty images of \(images.dimensions[1])×\(images.dimensions[2]) pixels")
        }
        try WorkGuard.reserve(labels.bytes.count * MemoryLayout<Int32>.stride, for: "the labels of \(labelPath)")
        if let index = labels.bytes.firstIndex(where: { $0 > 9 }) {
            throw NeuralError.invalidArgument(
                "mnist: \(labelPath) has label \(labels.bytes[index]) at position \(index); MNIST labels are digits 0…9")
        }
        return try Dataset(
            name: prefix == "train" ? "mnist train" : "mnist test",
            featureCount: images.dimensions[1] * images.dimensions[2], classCount: 10,
            features: .bytes(images.bytes, scale: 1.0 / 255), labels: labels.bytes.map { Int32($0) })
    }

    /// Every file name `mnist(folder:)` may open in its folder.
    public static let mnistFileNames: [String] = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                                                  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"].flatMap(idxNames)

    private static func idxNames(_ base: String) -> [String] {
        let dotted = base.replacingOccurrences(of: "-idx", with: ".idx")
        return [base, base + ".gz", dotted, dotted + ".gz"]
    }

    /// The path of `base` in `folder`, trying `base`, `base.gz` and the dotted
    /// spelling (`train-images.idx3-ubyte`) with and without `.gz`.
    private static func findIDX(folder: String, base: String) throws -> String {
        let directory = URL(fileURLWithPath: folder)
        for name in idxNames(base) {
            let path = directory.appendingPathComponent(name).path
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue {
                return path
            }
        }
        throw NeuralError.invalidArgument(
            "mnist: no file \(base)(.gz) in \(folder) — the folder needs the four IDX files of MNIST")
    }
}
