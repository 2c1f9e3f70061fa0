import Foundation
import NeuralCore
import XCTest

final class DataMNISTTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    /// Pixel k of image i of a fake set: a pattern that differs per image.
    private func pixels(_ count: Int, salt: Int) -> [UInt8] {
        (0..<(count * 784)).map { UInt8(($0 * 31 + salt * 7) % 256) }
    }

    private func labels(_ count: Int, salt: Int) -> [UInt8] {
        (0..<count).map { UInt8(($0 + salt) % 10) }
    }

    /// Writes a tiny MNIST: 20 training and 10 test 28×28 images.
    private func writeFakeMNIST(gzip: Bool = false, dotted: Bool = false) throws {
        func name(_ base: String) -> String {
            (dotted ? base.replacingOccurrences(of: "-idx", with: ".idx") : base) + (gzip ? ".gz" : "")
        }
        try IDX.write(path: folder.file(name("train-images-idx3-ubyte")), dimensions: [20, 28, 28], bytes: pixels(20, salt: 1), gzip: gzip)
        try IDX.write(path: folder.file(name("train-labels-idx1-ubyte")), dimensions: [20], bytes: labels(20, salt: 3), gzip: gzip)
        try IDX.write(path: folder.file(name("t10k-images-idx3-ubyte")), dimensions: [10, 28, 28], bytes: pixels(10, salt: 2), gzip: gzip)
        try IDX.write(path: folder.file(name("t10k-labels-idx1-ubyte")), dimensions: [10], bytes: labels(10, salt: 5), gzip: gzip)
    }

    private func checkFakeMNIST(_ split: DatasetSplit, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(split.train.count, 20, file: file, line: line)
        XCTAssertEqual(split.test.count, 10, file: file, line: line)
        XCTAssertEqual(split.train.featureCount, 784, file: file, line: line)
        XCTAssertEqual(split.train.classCount, 10, file: file, line: line)
        XCTAssertEqual(split.train.labels, labels(20, salt: 3).map { Int32($0) }, file: file, line: line)
        XCTAssertEqual(split.test.labels, labels(10, salt: 5).map { Int32($0) }, file: file, line: line)
        guard case let .bytes(bytes, scale) = split.test.features else {
            return XCTFail("MNIST pixels should stay bytes", file: file, line: line)
        }
        XCTAssertEqual(bytes, pixels(10, salt: 2), file: file, line: line)
        XCTAssertEqual(scale, 1.0 / 255, file: file, line: line)
        // Pixel 255 scales to exactly 1, pixel 0 to 0: image 0 of the training set starts 7, 38, 69, …
        let x = examples(split.train).x
        XCTAssertEqual(x[0][0], 7.0 / 255, accuracy: 1e-7, file: file, line: line)
        XCTAssertEqual(x.joined().max(), 1.0, file: file, line: line)
    }

    func testTinyPlainMNIST() throws {
        try writeFakeMNIST()
        checkFakeMNIST(try Datasets.mnist(folder: folder.path))
    }

    func testTinyGzipMNIST() throws {
        try writeFakeMNIST(gzip: true)
        checkFakeMNIST(try Datasets.mnist(folder: folder.path))
    }

    func testDottedFileNames() throws {
        try writeFakeMNIST(gzip: true, dotted: true)
        checkFakeMNIST(try Datasets.mnist(folder: folder.path))
    }

    func testMissingFolder() {
        let path = folder.file("absent")
        assertInvalid("mnist: no folder \(path) — give the folder that holds the four IDX files of MNIST") {
            try Datasets.mnist(folder: path)
        }
    }

    func testMissingFile() throws {
        try writeFakeMNIST()
        try FileManager.default.removeItem(atPath: folder.file("t10k-labels-idx1-ubyte"))
        assertInvalid("mnist: no file t10k-labels-idx1-ubyte(.gz) in \(folder.path) — the folder needs the four IDX files of MNIST") {
            try Datasets.mnist(folder: folder.path)
        }
        let empty = try TemporaryFolder()
        defer { empty.remove() }
        assertInvalid("mnist: no file train-images-idx3-ubyte(.gz) in \(empty.path) — the folder needs the four IDX files of MNIST") {
            try Datasets.mnist(folder: empty.path)
        }
    }

    func testImageAndLabelCountsMustMatch() throws {
        try writeFakeMNIST()
        let labelPath = folder.file("train-labels-idx1-ubyte")
        try IDX.write(path: labelPath, dimensions: [19], bytes: labels(19, salt: 0), gzip: false)
        assertInvalid("mnist: \(folder.file("train-images-idx3-ubyte")) has 20 images but \(labelPath) has 19 labels; they must match") {
            try Datasets.mnist(folder: folder.path)
        }
    }

    func testLabelAboveNineIsRefused() throws {
        try writeFakeMNIST()
        let labelPath = folder.file("t10k-labels-idx1-ubyte")
        var bad = labels(10, salt: 5)
        bad[4] = 12
        try IDX.write(path: labelPath, dimensions: [10], bytes: bad, gzip: false)
        assertInvalid("mnist: \(labelPath) has label 12 at position 4; MNIST labels are digits 0…9") {
            try Datasets.mnist(folder: folder.path)
        }
    }

    func testWrongRanksAreRefused() throws {
        try writeFakeMNIST()
        let imagePath = folder.file("train-images-idx3-ubyte")
        try IDX.write(path: imagePath, dimensions: [20, 784], bytes: pixels(20, salt: 1), gzip: false)
        assertInvalid("mnist: \(imagePath) should hold 3-D data (images × rows × columns), found dimensions [20, 784]") {
            try Datasets.mnist(folder: folder.path)
        }
        try writeFakeMNIST()
        let labelPath = folder.file("train-labels-idx1-ubyte")
        try IDX.write(path: labelPath, dimensions: [20, 1], bytes: labels(20, salt: 3), gzip: false)
        assertInvalid("mnist: \(labelPath) should hold 1-D data (one label per image), found dimensions [20, 1]") {
            try Datasets.mnist(folder: folder.path)
        }
    }

    func testTrainAndTestImageSizesMustAgree() throws {
        try writeFakeMNIST()
        try IDX.write(path: folder.file("t10k-images-idx3-ubyte"), dimensions: [10, 14, 14],
                      bytes: [UInt8](repeating: 0, count: 10 * 196), gzip: false)
        assertInvalid("mnist: the training images have 784 pixels each but the test images have 196; both must be the same size") {
            try Datasets.mnist(folder: folder.path)
        }
    }

    func testTruncatedFileInsideTheFolder() throws {
        try writeFakeMNIST(gzip: true)
        let path = folder.file("train-images-idx3-ubyte.gz")
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try folder.write("train-images-idx3-ubyte.gz", bytes: Array(raw.prefix(raw.count - 20)))
        assertInvalid(containing: ["\(path) is truncated: dimensions [20, 28, 28] need 15680 data bytes, found "]) {
            try Datasets.mnist(folder: folder.path)
        }
    }

    func testLimitIsPassedToTheReader() throws {
        try writeFakeMNIST()
        assertInvalid(containing: ["train-images-idx3-ubyte declares dimensions [20, 28, 28], more than the limit of 1000 bytes"]) {
            try Datasets.mnist(folder: folder.path, limit: 1000)
        }
    }
}
