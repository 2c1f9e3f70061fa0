import NeuralCore
import XCTest

final class DataTwoDimensionalTests: XCTestCase {
    /// All points of a split (train then test) with their labels.
    private func points(_ split: DatasetSplit) -> [(x: Float, y: Float, label: Int32)] {
        let train = examples(split.train), test = examples(split.test)
        return zip(train.x + test.x, train.y + test.y).map { ($0.0[0], $0.0[1], $0.1) }
    }

    func testEveryKindHasShapeTwoClassesAndAnEightyTwentySplit() throws {
        for kind in TwoDKind.allCases {
            let split = try Datasets.twoDimensional(kind)
            XCTAssertEqual(split.train.count, 160, "\(kind)")
            XCTAssertEqual(split.test.count, 40, "\(kind)")
            XCTAssertEqual(split.train.featureCount, 2, "\(kind)")
            XCTAssertEqual(split.train.classCount, 2, "\(kind)")
            XCTAssertEqual(classCounts(split.train), [80, 80], "\(kind)")
            XCTAssertEqual(classCounts(split.test), [20, 20], "\(kind)")
            XCTAssertEqual(split.train.name, "\(kind.rawValue) train")
            guard case .floats = split.train.features else { return XCTFail("\(kind) should hold floats") }
            XCTAssertTrue(points(split).allSatisfy { $0.x.isFinite && $0.y.isFinite && abs($0.x) < 3 && abs($0.y) < 3 }, "\(kind)")
        }
    }

    func testOddCountGivesClassOneTheExtraPoint() throws {
        let split = try Datasets.twoDimensional(.moons, count: 101)
        XCTAssertEqual(classCounts(split.train).reduce(0, +) + classCounts(split.test).reduce(0, +), 101)
        XCTAssertEqual(zip(classCounts(split.train), classCounts(split.test)).map { $0 + $1 }, [50, 51])
    }

    func testSameSeedSamePointsOtherSeedOtherPoints() throws {
        for kind in TwoDKind.allCases {
            let a = try Datasets.twoDimensional(kind, seed: 3), b = try Datasets.twoDimensional(kind, seed: 3)
            let c = try Datasets.twoDimensional(kind, seed: 4)
            XCTAssertEqual(examples(a.train).x, examples(b.train).x, "\(kind)")
            XCTAssertEqual(a.test.labels, b.test.labels, "\(kind)")
            XCTAssertNotEqual(examples(a.train).x, examples(c.train).x, "\(kind)")
        }
    }

    func testPointsAreShuffledNotGroupedByClass() throws {
        let labels = try Datasets.twoDimensional(.xor).train.labels
        let changes = zip(labels, labels.dropFirst()).filter { $0 != $1 }.count
        XCTAssertGreaterThan(changes, 40, "a sorted set would change class once")
    }

    func testCircleInnerPointsLieInsideTheBoundary() throws {
        for p in points(try Datasets.twoDimensional(.circle, noise: 0)) {
            let r = (p.x * p.x + p.y * p.y).squareRoot()
            if p.label == 0 { XCTAssertLessThanOrEqual(r, 0.5 + 1e-6) } else { XCTAssertTrue((0.7 - 1e-6...1 + 1e-6).contains(r), "r = \(r)") }
        }
        // With noise some points cross the 0.6 boundary.
        let noisy = points(try Datasets.twoDimensional(.circle, noise: 0.2))
        let crossed = noisy.filter { p in ((p.x * p.x + p.y * p.y).squareRoot() < 0.6) != (p.label == 0) }
        XCTAssertGreaterThan(crossed.count, 0)
    }

    func testXorLabelIsSignsDiffer() throws {
        for p in points(try Datasets.twoDimensional(.xor, noise: 0)) {
            XCTAssertEqual(p.label == 1, (p.x < 0) != (p.y < 0), "(\(p.x), \(p.y))")
            XCTAssertGreaterThanOrEqual(min(abs(p.x), abs(p.y)), 0.05 - 1e-6, "kept off the axes")
            XCTAssertLessThanOrEqual(max(abs(p.x), abs(p.y)), 1)
        }
    }

    func testGaussBlobsSitAroundTheirCentres() throws {
        let all = points(try Datasets.twoDimensional(.gauss, count: 2000, noise: 0))
        for (label, centre) in [(Int32(0), Float(-0.5)), (1, 0.5)] {
            let blob = all.filter { $0.label == label }
            let meanX = blob.map(\.x).reduce(0, +) / Float(blob.count)
            let meanY = blob.map(\.y).reduce(0, +) / Float(blob.count)
            // Standard error of the mean: 0.25 / √1000 ≈ 0.008; allow 4 of them.
            XCTAssertEqual(meanX, centre, accuracy: 0.032)
            XCTAssertEqual(meanY, centre, accuracy: 0.032)
            let variance = blob.map { ($0.x - meanX) * ($0.x - meanX) }.reduce(0, +) / Float(blob.count)
            XCTAssertEqual(variance.squareRoot(), 0.25, accuracy: 0.02)
        }
        let wrongSide = all.filter { ($0.x + $0.y > 0) != ($0.label == 1) }.count
        XCTAssertLessThan(wrongSide, 20, "the line x + y = 0 separates all but ~0.2%")
    }

    func testSpiralArmsAreHalfTurnRotationsOfEachOther() throws {
        let all = points(try Datasets.twoDimensional(.spiral, noise: 0))
        let arm0 = all.filter { $0.label == 0 }, arm1 = all.filter { $0.label == 1 }
        XCTAssertEqual(arm0.count, arm1.count)
        for p in arm0 {
            XCTAssertLessThan((p.x * p.x + p.y * p.y).squareRoot(), 1)
            XCTAssertTrue(arm1.contains { abs($0.x + p.x) < 1e-6 && abs($0.y + p.y) < 1e-6 }, "(\(p.x), \(p.y)) has no mirror")
        }
    }

    func testMoonsMatchMakeMoons() throws {
        let all = points(try Datasets.twoDimensional(.moons, count: 100, noise: 0))
        for p in all {
            if p.label == 0 {
                XCTAssertEqual(p.x * p.x + p.y * p.y, 1, accuracy: 1e-5)
                XCTAssertGreaterThanOrEqual(p.y, -1e-6)
            } else {
                XCTAssertEqual((p.x - 1) * (p.x - 1) + (p.y - 0.5) * (p.y - 0.5), 1, accuracy: 1e-5)
                XCTAssertLessThanOrEqual(p.y, 0.5 + 1e-6)
            }
        }
        // np.linspace(0, π, 50) includes both ends: (1, 0) and (-1, 0) on the upper moon, (0, 0.5) and (2, 0.5) on the lower.
        for (x, y, label) in [(Float(1), Float(0), Int32(0)), (-1, 0, 0), (0, 0.5, 1), (2, 0.5, 1)] {
            XCTAssertTrue(all.contains { abs($0.x - x) < 1e-6 && abs($0.y - y) < 1e-6 && $0.label == label }, "(\(x), \(y))")
        }
    }

    func testNoiseMovesPointsBySmallAmounts() throws {
        let clean = points(try Datasets.twoDimensional(.moons, noise: 0))
        let noisy = points(try Datasets.twoDimensional(.moons, noise: 0.1))
        XCTAssertNotEqual(clean.map(\.x), noisy.map(\.x))
        let offCurve = noisy.filter { $0.label == 0 }.map { abs(($0.x * $0.x + $0.y * $0.y).squareRoot() - 1) }
        XCTAssertLessThan(offCurve.reduce(0, +) / Float(offCurve.count), 0.2)
        XCTAssertGreaterThan(offCurve.max() ?? 0, 0.01)
    }

    func testArgumentsAreValidated() {
        assertInvalid("circle: count must be between 10 and 1000000 points, got 5") { try Datasets.twoDimensional(.circle, count: 5) }
        assertInvalid("xor: noise must be between 0 and 1, got -0.1") { try Datasets.twoDimensional(.xor, noise: -0.1) }
        assertInvalid("spiral: noise must be between 0 and 1, got inf") { try Datasets.twoDimensional(.spiral, noise: .infinity) }
        XCTAssertEqual(TwoDKind(rawValue: "moons"), .moons)
        XCTAssertEqual(TwoDKind.allCases.map(\.rawValue), ["circle", "xor", "gauss", "spiral", "moons"])
    }
}
