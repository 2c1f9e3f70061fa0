@testable import NeuralCore
import XCTest

final class PlaygroundTextTests: XCTestCase {
    func testDefaultsAsACell() {
        XCTAssertEqual(
            PlaygroundText.format(PlaygroundSettings()),
            "playground data: circle noise: 0.1 split: 0.5 batch: 10 features: [x1, x2] layers: [4, 2] activation: tanh rate: 0.1 regularization: none regularization_rate: 0 seed: 42")
    }

    func testRoundTripOfEverySetting() throws {
        var s = PlaygroundSettings()
        s.data = .spiral
        s.noise = 0.35
        s.trainRatio = 0.7
        s.batch = 1
        s.features = [.x1, .x1TimesX2, .sinX2]
        s.layers = []
        s.activation = .leakyRelu
        s.rate = 0.00001
        s.regularization = .l2
        s.regularizationRate = 0.003
        s.seed = 7
        let text = PlaygroundText.format(s)
        XCTAssertEqual(text, "playground data: spiral noise: 0.35 split: 0.7 batch: 1 features: [x1, x1_times_x2, sin_x2] layers: [] activation: leaky_relu rate: 0.00001 regularization: l2 regularization_rate: 0.003 seed: 7")
        XCTAssertEqual(try PlaygroundText.parse(text), s)
        for kind in TwoDKind.allCases {
            for activation in PlaygroundSettings.activations {
                for rate in PlaygroundSettings.rates {
                    var t = PlaygroundSettings()
                    t.data = kind
                    t.activation = activation
                    t.rate = rate
                    t.layers = [8, 1, 3, 2, 5, 6]
                    t.features = PlaygroundFeature.allCases
                    t.regularization = .l1
                    t.regularizationRate = 1.0 / 3.0
                    XCTAssertEqual(try PlaygroundText.parse(PlaygroundText.format(t)), t)
                }
            }
        }
    }

    func testNumbersReadBackExactly() {
        XCTAssertEqual(PlaygroundText.number(0.03), "0.03")
        XCTAssertEqual(PlaygroundText.number(3), "3")
        XCTAssertEqual(PlaygroundText.number(0.1 + 0.2), "0.30000000000000004")
        XCTAssertEqual(PlaygroundText.number(1e-5), "0.00001")
    }

    func testKeysInAnyOrderAndDefaultsForTheRest() throws {
        let s = try PlaygroundText.parse("playground layers: [3]  data: xor rate: 0.3")
        var expected = PlaygroundSettings()
        expected.layers = [3]
        expected.data = .xor
        expected.rate = 0.3
        XCTAssertEqual(s, expected)
        XCTAssertEqual(try PlaygroundText.parse("playground"), PlaygroundSettings())
    }

    func testMistakesPointAtTheCauseAndSayWhatToType() {
        func error(_ text: String) -> PlaygroundTextError? {
            do { _ = try PlaygroundText.parse(text); return nil } catch { return error }
        }
        let unknown = error("playground data: circle colour: red")
        XCTAssertEqual(unknown?.message, "`colour` is not a playground setting")
        XCTAssertEqual(unknown?.start, 24)
        XCTAssertEqual(unknown?.end, 30)
        XCTAssertEqual(unknown?.hint.hasPrefix("the settings are data: noise: split:"), true)
        let kind = error("playground data: square")
        XCTAssertEqual(kind?.message, "data: expected one of circle, xor, gauss, spiral, moons")
        XCTAssertEqual(kind?.start, 17)
        XCTAssertEqual(kind?.hint, "for example data: circle")
        XCTAssertEqual(error("playground rate: fast")?.message, "rate: expected a number")
        XCTAssertEqual(error("playground batch: 2.5")?.message, "batch: expected a whole number")
        XCTAssertEqual(error("playground layers: 4")?.message, "layers: expected a list in brackets")
        XCTAssertEqual(error("playground layers: [4 2]")?.message, "layers: expected `,` or `]`")
        XCTAssertEqual(error("playground layers: [4, 9]")?.message, "each hidden layer has 1 to 8 neurons, got 9")
        XCTAssertEqual(error("playground rate 0.1")?.message, "`rate` needs a colon and a value")
        XCTAssertEqual(error("playground rate: 0.1 rate: 0.3")?.message, "`rate:` is given twice")
        XCTAssertEqual(error("playground features: [x1, x3]")?.message, "features: expected one of x1, x2, x1_squared, x2_squared, x1_times_x2, sin_x1, sin_x2")
        XCTAssertEqual(error("playground features: [x1, x1]")?.message, "each feature may appear once in features")
        XCTAssertEqual(error("playground activation: softmax")?.message, "activation: expected one of sigmoid, relu, tanh, linear, leaky_relu, softplus")
        XCTAssertEqual(error("playground noise: 2")?.message, "noise must be between 0 and 0.5, got 2")
        XCTAssertEqual(error("playground seed: -1")?.message, "seed must be a whole number from 0 to 18446744073709551615")
        XCTAssertEqual(try PlaygroundText.parse("playground seed: 18446744073709551615").seed, UInt64.max)
        let truncated = error("playground rate:")
        XCTAssertEqual(truncated?.message, "rate: expected a number")
        XCTAssertEqual(truncated?.start, 16, "at the end of the cell")
        XCTAssertEqual(error("plot data: circle")?.message, "a playground cell starts with `playground`")
        XCTAssertNil(error("playground regularization: l1 regularization_rate: 0.01"))
    }
}
