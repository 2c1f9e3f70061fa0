import NeuralCore
import XCTest

final class SeededGeneratorTests: XCTestCase {
    func testSplitMix64ReferenceVector() {
        // The published SplitMix64 outputs for seed 0.
        var generator = SeededGenerator(seed: 0)
        XCTAssertEqual(generator.next(), 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(generator.next(), 0x6E78_9E6A_A1B9_65F4)
    }

    func testSeed42Values() {
        // Computed once with an independent Python implementation.
        var generator = SeededGenerator(seed: 42)
        XCTAssertEqual(generator.next(), 13_679_457_532_755_275_413)
        XCTAssertEqual(generator.next(), 2_949_826_092_126_892_291)
        var uniform = SeededGenerator(seed: 42)
        XCTAssertEqual(uniform.nextUniform(), 0.7415648787718233)
        XCTAssertEqual(uniform.nextUniform(), 0.1599103928769201)
        XCTAssertEqual(uniform.nextUniform(), 0.27860113025513866)
    }

    func testSameSeedSameSequenceDifferentSeedDifferent() {
        var a = SeededGenerator(seed: 7)
        var b = SeededGenerator(seed: 7)
        var c = SeededGenerator(seed: 8)
        let sa = (0..<100).map { _ in a.next() }
        let sb = (0..<100).map { _ in b.next() }
        let sc = (0..<100).map { _ in c.next() }
        XCTAssertEqual(sa, sb)
        XCTAssertNotEqual(sa, sc)
    }

    func testUniformStaysInHalfOpenUnitInterval() {
        var generator = SeededGenerator(seed: 123)
        var total = 0.0
        for _ in 0..<10_000 {
            let u = generator.nextUniform()
            XCTAssertGreaterThanOrEqual(u, 0)
            XCTAssertLessThan(u, 1)
            total += u
        }
        XCTAssertEqual(total / 10_000, 0.5, accuracy: 0.02, "the mean of U[0,1) is 1/2")
    }
}
