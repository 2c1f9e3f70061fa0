import XCTest
import Foundation
@testable import NNBookLanguage

/// Values against known answers: to 1e-12 where the maths is one libm call,
/// and the printed text exactly.
final class InterpreterTests: XCTestCase {
    let tol = 1e-12

    func testActivationsOfTheArticle() {
        let s = Session()
        assertClose(s.number("sigmoid(2)"), 0.8807970779778823, within: tol)
        XCTAssertEqual(s.shown("sigmoid(2)"), "0.880797")
        assertClose(s.number("relu(-2)"), 0, within: 0)
        XCTAssertEqual(s.shown("relu(-2)"), "0")
        assertClose(s.number("relu(2)"), 2, within: 0)
        assertClose(s.number("tanh(2)"), 0.9640275800758169, within: tol)
        assertClose(s.number("tanh(-2)"), -0.9640275800758169, within: tol)
        XCTAssertEqual(s.shown("tanh(-2)"), "-0.964028")
        XCTAssertEqual(s.shown("tanh(2)"), "0.964028")
    }

    func testActivationsOfAVariable() {
        let s = Session()
        XCTAssertTrue(s.ok("x = 2").outputs.isEmpty, "assignment prints nothing")
        XCTAssertEqual(s.shown("sigmoid(x)"), "0.880797")
    }

    func testBuiltinDerivatives() {
        let s = Session()
        assertClose(s.number("sigmoid'(2)"), 0.10499358540350662, within: tol)
        XCTAssertEqual(s.shown("sigmoid'(2)"), "0.104994")
        assertClose(s.number("relu'(-1)"), 0, within: 0)
        assertClose(s.number("relu'(3)"), 1, within: 0)
        let t = Foundation.tanh(2.0)
        assertClose(s.number("tanh'(2)"), 1 - t * t, within: tol)
        XCTAssertEqual(s.shown("tanh'(2)"), "0.070651")
        assertClose(s.number("exp'(1)"), M_E, within: tol)
        assertClose(s.number("log'(4)"), 0.25, within: tol)
    }

    func testElementaryFunctions() {
        let s = Session()
        assertClose(s.number("exp(1)"), M_E, within: tol)
        XCTAssertEqual(s.shown("exp(1)"), "2.718282")
        assertClose(s.number("log(exp(2))"), 2, within: tol)
        assertClose(s.number("log(10)"), 2.302585092994046, within: tol)
        assertClose(s.number("sqrt(2)"), 2.0.squareRoot(), within: tol)
        XCTAssertEqual(s.shown("sqrt(2)"), "1.414214")
        assertClose(s.number("abs(-3)"), 3, within: 0)
        assertClose(s.number("abs(2.5)"), 2.5, within: 0)
    }

    func testAggregates() {
        let s = Session()
        assertClose(s.number("sum([1, 2, 3])"), 6, within: 0)
        assertClose(s.number("sum([[1, 2], [3, 4]])"), 10, within: 0)
        assertClose(s.number("mean([1, 2, 3, 4])"), 2.5, within: tol)
        assertClose(s.number("min([3, 1, 2])"), 1, within: 0)
        assertClose(s.number("max([3, 1, 2])"), 3, within: 0)
        assertClose(s.number("max(0, -2)"), 0, within: 0)
        assertClose(s.number("min(4, 2, 8)"), 2, within: 0)
        assertClose(s.number("max(1, 7, 3, 5)"), 7, within: 0)
        assertClose(s.numbers("max([1, 5], [3, 2])"), [3, 5], within: 0)
        assertClose(s.number("len([1, 2, 3])"), 3, within: 0)
        assertClose(s.number("len([[1, 2], [3, 4], [5, 6]])"), 3, within: 0)
        assertClose(s.number("len(range(10))"), 10, within: 0)
        assertClose(s.number("sum(range(5))"), 10, within: 0)
    }

    func testDotProducts() {
        let s = Session()
        assertClose(s.number("dot([1, 2], [3, 4])"), 11, within: 0)
        assertClose(s.numbers("dot([[1, 2], [3, 4]], [1, 1])"), [3, 7], within: 0)
        XCTAssertEqual(s.shown("dot([[1, 2], [3, 4]], [1, 1])"), "[3, 7]")
        assertClose(s.numbers("dot([[1, 2], [3, 4]], [[1, 0], [0, 1]])"), [1, 2, 3, 4], within: 0)
    }

    func testSoftmax() {
        let s = Session()
        let e = [1.0, 2, 3].map { Foundation.exp($0) }
        let z = e.reduce(0, +)
        assertClose(s.numbers("softmax([1, 2, 3])"), e.map { $0 / z }, within: tol)
        XCTAssertEqual(s.shown("softmax([1, 2, 3])"), "[0.090031, 0.244728, 0.665241]")
        assertClose(s.number("sum(softmax([1000, 1000]))"), 1, within: tol)  // stable: no overflow
    }

    func testRangeInForLoops() {
        let s = Session()
        s.ok("total = 0\nfor i in range(5):\n    total += i")
        assertClose(s.number("total"), 10, within: 0)
        s.ok("total = 0\nfor i in range(1, 10, 3):\n    total += i")
        assertClose(s.number("total"), 12, within: 0)
        s.ok("total = 0\nfor i in range(5, 0, -2):\n    total = total * 10 + i")
        assertClose(s.number("total"), 531, within: 0)
        s.ok("n = 0\nfor x in [1, 2, 3]:\n    n = n + x * x")
        assertClose(s.number("n"), 14, within: 0)
    }

    func testBreakContinueAndWhile() {
        let s = Session()
        s.ok("n = 0\nfor i in range(10):\n    if i == 2:\n        continue\n    if i == 5:\n        break\n    n += 1")
        assertClose(s.number("n"), 4, within: 0)   // 0, 1, 3, 4
        s.ok("k = 1\nwhile k < 100:\n    k *= 3")
        assertClose(s.number("k"), 243, within: 0)
    }

    func testPrint() {
        let s = Session()
        let r = s.ok("print(\"Final output:\", 1.5, [1, 2], True)")
        XCTAssertEqual(r.outputs, [.text("Final output: 1.5 [1, 2] True", .plain)])
        XCTAssertEqual(s.ok("print(0.1 + 0.2)").plainLines, ["0.3"])
        XCTAssertEqual(s.ok("print('hi')").plainLines, ["hi"])
        XCTAssertEqual(s.ok("for i in range(3):\n    print(i)").plainLines, ["0", "1", "2"])
    }

    func testBroadcasting() {
        let s = Session()
        assertClose(s.numbers("[[1, 2], [3, 4]] + [10, 20]"), [11, 22, 13, 24], within: 0)
        XCTAssertEqual(s.shown("[[1, 2], [3, 4]] + [10, 20]"), "[[11, 22],\n [13, 24]]")
        assertClose(s.numbers("[1, 2, 3] * 2"), [2, 4, 6], within: 0)
        assertClose(s.numbers("1 - [0.25, 0.5]"), [0.75, 0.5], within: 0)
        // The article's 3.4 line: a scalar sum plus a 3-vector of biases.
        let sum = 1 * 0.1 + 2 * 0.2 + 3 * 0.3
        assertClose(s.numbers("sum([1, 2, 3] * [0.1, 0.2, 0.3]) + [0.4, 0.5, 0.6]"), [sum + 0.4, sum + 0.5, sum + 0.6], within: tol)
        XCTAssertEqual(s.shown("sum([1, 2, 3] * [0.1, 0.2, 0.3]) + [0.4, 0.5, 0.6]"), "[1.8, 1.9, 2]")
    }

    func testAugmentedAssignment() {
        let s = Session()
        s.ok("x = 10")
        s.ok("x += 5");  assertClose(s.number("x"), 15, within: 0)
        s.ok("x -= 3");  assertClose(s.number("x"), 12, within: 0)
        s.ok("x *= 2");  assertClose(s.number("x"), 24, within: 0)
        s.ok("x /= 16"); assertClose(s.number("x"), 1.5, within: 0)
        s.ok("v = [1, 2]")
        s.ok("v *= 3")
        assertClose(s.numbers("v"), [3, 6], within: 0)
    }

    func testLastResultAndPastOutputs() {
        let s = Session()
        let first = s.ok("2 + 3")
        XCTAssertEqual(first.count, 1)
        XCTAssertEqual(first.outputs, [.result(count: 1, text: "5")])
        assertClose(s.number("_ * 10"), 50, within: 0)
        assertClose(s.number("Out[1] + 1"), 6, within: 0)
        assertClose(s.number("Out[2]"), 50, within: 0)
        XCTAssertEqual(s.nextCount, 5)
    }

    func testVectorIndexingAndAssignmentByIndex() {
        let s = Session()
        s.ok("v = [1, 2, 3]")
        assertClose(s.number("v[0]"), 1, within: 0)
        assertClose(s.number("v[2]"), 3, within: 0)
        assertClose(s.number("v[-1]"), 3, within: 0)
        s.ok("v[0] = 5")
        XCTAssertEqual(s.shown("v"), "[5, 2, 3]")
        s.ok("v[1] += 10")
        XCTAssertEqual(s.shown("v"), "[5, 12, 3]")
        s.ok("m = [[1, 2], [3, 4]]")
        XCTAssertEqual(s.shown("m[1]"), "[3, 4]")
        assertClose(s.numbers("m.shape"), [2, 2], within: 0)
    }

    func testStringsAndChineseNames() {
        let s = Session()
        s.ok("权重 = 3")
        assertClose(s.number("权重 * 2"), 6, within: 0)
        XCTAssertEqual(s.ok("print(\"输出:\", 权重)").plainLines, ["输出: 3"])
        XCTAssertEqual(s.shown("\"ab\" + \"c\""), "\"abc\"")
    }

    func testUserFunctionsOfOneAndTwoParameters() {
        let s = Session()
        s.ok("f(x) = x^2")
        assertClose(s.number("f(3)"), 9, within: 0)
        s.ok("g(x, y) = x*y + 1")
        assertClose(s.number("g(2, 3)"), 7, within: 0)
        assertClose(s.numbers("f([1, 2, 3])"), [1, 4, 9], within: 0)
        s.ok("a = 10")
        s.ok("h(x) = a*x")
        assertClose(s.number("h(2)"), 20, within: 0)
    }

    /// The article's section 3.4 pseudo-code, with the learning rate it forgets
    /// to define, compared with the same arithmetic done in plain Swift.
    func testArticle34TrainingLoopRunsAsWritten() throws {
        let s = Session()
        s.ok("learning_rate = 0.1")
        let program = """
        weights = [0.1, 0.2, 0.3]
        biases = [0.4, 0.5, 0.6]
        inputs = [1, 2, 3]
        expected_output = 1.0
        for i in range(1000):
            weighted_sum = sum(inputs * weights) + biases
            output = sigmoid(weighted_sum)
            error = expected_output - output
            delta = error * output * (1 - output)
            weights = weights - learning_rate * inputs * delta
            biases = biases - learning_rate * delta
        print("Final output:", output)
        """
        let r = s.ok(program)

        // Reference: the same steps with plain Doubles.
        let lr = 0.1, expected = 1.0, inputs = [1.0, 2, 3]
        var weights = [0.1, 0.2, 0.3], biases = [0.4, 0.5, 0.6], output = [0.0, 0, 0]
        for _ in 0..<1000 {
            let total = zip(inputs, weights).map(*).reduce(0, +)
            let weighted = biases.map { total + $0 }
            output = weighted.map { 1 / (1 + Foundation.exp(-$0)) }
            let delta = output.map { o in (expected - o) * o * (1 - o) }
            weights = (0..<3).map { weights[$0] - lr * inputs[$0] * delta[$0] }
            biases = (0..<3).map { biases[$0] - lr * delta[$0] }
        }

        let lines = r.plainLines
        XCTAssertEqual(lines.count, 1, "\(lines)")
        let line = try XCTUnwrap(lines.first)
        XCTAssertTrue(line.hasPrefix("Final output: ["), line)
        let printed = line.dropFirst("Final output: [".count).dropLast().split(separator: ",")
            .compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        assertClose(printed, output, within: 1e-6)
        assertClose(s.numbers("output"), output, within: 1e-9)
        assertClose(s.numbers("weights"), weights, within: 1e-9)
        assertClose(s.numbers("biases"), biases, within: 1e-9)
        // The errata: the update climbs the loss, so the output moves away from 1.
        for (o, b) in zip(output, [0.4, 0.5, 0.6]) { XCTAssertLessThan(o, 1 / (1 + Foundation.exp(-(1.4 + b)))) }
    }
}
