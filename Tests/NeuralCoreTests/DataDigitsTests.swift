import NeuralCore
import XCTest

final class DataDigitsTests: XCTestCase {
    func testCountsAndShape() throws {
        let split = try Datasets.digits()
        XCTAssertEqual(split.train.count + split.test.count, 1797)
        XCTAssertEqual(split.train.count, 1438)
        XCTAssertEqual(split.test.count, 359)
        for part in [split.train, split.test] {
            XCTAssertEqual(part.featureCount, 64)
            XCTAssertEqual(part.classCount, 10)
        }
        XCTAssertEqual(split.train.name, "digits train")
        XCTAssertEqual(split.test.name, "digits test")
    }

    func testEveryClassIsSplitEightyTwenty() throws {
        let split = try Datasets.digits()
        let train = classCounts(split.train), test = classCounts(split.test)
        for digit in 0..<10 {
            let total = train[digit] + test[digit]
            XCTAssertGreaterThan(total, 170, "digit \(digit)")
            let expected = 0.2 * Double(total)
            XCTAssertEqual(Double(test[digit]), expected, accuracy: 1, "test share of digit \(digit)")
            XCTAssertEqual(Double(train[digit]), Double(total) - expected, accuracy: 1, "train share of digit \(digit)")
        }
    }

    func testPixelsAreBytesScaledBySixteenth() throws {
        let split = try Datasets.digits()
        guard case let .bytes(bytes, scale) = split.train.features else { return XCTFail("digits should be bytes") }
        XCTAssertEqual(scale, 1.0 / 16)
        XCTAssertEqual(bytes.max(), 16)
        XCTAssertEqual(bytes.min(), 0)
        let x = examples(split.test).x.joined()
        XCTAssertEqual(x.max(), 1.0)
        XCTAssertEqual(x.min(), 0.0)
    }

    func testSameSeedSameSplitOtherSeedOtherSplit() throws {
        let a = try Datasets.digits(), b = try Datasets.digits(seed: 42), c = try Datasets.digits(seed: 7)
        XCTAssertEqual(a.test.labels, b.test.labels)
        XCTAssertEqual(examples(a.test).x, examples(b.test).x)
        XCTAssertEqual(a.train.labels, b.train.labels)
        XCTAssertNotEqual(examples(a.test).x, examples(c.test).x)
        // Stratified for every seed: the per-class test counts do not depend on it.
        XCTAssertEqual(classCounts(a.test), classCounts(c.test))
    }

    func testFirstExamplesArePinned() throws {
        // Pinned once: a change here means every lesson's numbers change.
        let split = try Datasets.digits()
        XCTAssertEqual(Array(split.test.labels.prefix(8)), [0, 2, 4, 1, 5, 9, 5, 9])
        XCTAssertEqual(Array(split.train.labels.prefix(8)), [1, 2, 3, 4, 5, 6, 7, 8])
        // Row 0 of the bundled file (a 0: pixels 0,0,5,13,9,1,0,0, …) fell in the test half, first.
        let first = examples(split.test).x.first ?? []
        XCTAssertEqual(Array(first.prefix(8)), [0, 0, 5, 13, 9, 1, 0, 0].map { Float($0) / 16 })
        // Row 1 (a 1: 0,0,0,12,13,5,0,0, …) opens the training half.
        let second = examples(split.train).x.first ?? []
        XCTAssertEqual(Array(second.prefix(8)), [0, 0, 0, 12, 13, 5, 0, 0].map { Float($0) / 16 })
    }
}

final class DataSplitTests: XCTestCase {
    private func toy(_ labels: [Int32], classCount: Int) throws -> Dataset {
        try Dataset(name: "toy", featureCount: 1, classCount: classCount,
                    features: .floats(labels.indices.map { Float($0) }), labels: labels)
    }

    func testStratifiedSplitRoundsPerClassAndKeepsOrder() throws {
        // 10 of class 0, 5 of class 1, 3 of class 2: test gets 2, 1, 1 (0.6 rounds to 1).
        let labels = [Int32](repeating: 0, count: 10) + [Int32](repeating: 1, count: 5) + [2, 2, 2]
        let split = try toy(labels, classCount: 3).stratifiedSplit(testFraction: 0.2, seed: 1)
        XCTAssertEqual(classCounts(split.test), [2, 1, 1])
        XCTAssertEqual(classCounts(split.train), [8, 4, 2])
        let testIndices = examples(split.test).x.map { Int($0[0]) }
        let trainIndices = examples(split.train).x.map { Int($0[0]) }
        XCTAssertEqual(testIndices, testIndices.sorted(), "original order kept")
        XCTAssertEqual(Set(testIndices + trainIndices), Set(0..<18), "every example exactly once")
        XCTAssertEqual(testIndices.count + trainIndices.count, 18)
    }

    func testEdgeFractionsAndErrors() throws {
        let data = try toy([0, 1, 0, 1], classCount: 2)
        XCTAssertEqual(try data.stratifiedSplit(testFraction: 0).test.count, 0)
        XCTAssertEqual(try data.stratifiedSplit(testFraction: 1).train.count, 0)
        assertInvalid("toy: the test fraction must be between 0 and 1, got 1.5") { try data.stratifiedSplit(testFraction: 1.5) }
        assertInvalid("toy: the test fraction must be between 0 and 1, got nan") { try data.stratifiedSplit(testFraction: .nan) }
        let empty = try toy([], classCount: 2)
        assertInvalid("toy: there are no examples to split") { try empty.stratifiedSplit() }
    }
}
