import XCTest
@testable import NNBookLanguage

/// The article's section 5.2 program with digits() (issue 13): unpacking,
/// fit/evaluate on inputs and labels, and a message for each line to change.
final class KerasArticleTests: XCTestCase {
    func testTupleUnpackingWorksOutEveryValueFirst() {
        let s = Session()
        s.ok("a, b = 1, 2")
        XCTAssertEqual(s.number("a"), 1)
        XCTAssertEqual(s.number("b"), 2)
        s.ok("a, b = b, a")
        XCTAssertEqual(s.number("a"), 2)
        XCTAssertEqual(s.number("b"), 1)
        s.ok("[c, d] = [[1, 2], [3, 4]]")
        XCTAssertEqual(s.numbers("d"), [3, 4])
        s.ok("p, q = range(2)")
        XCTAssertEqual(s.number("q"), 1)
        s.ok("x = 3, 4")
        XCTAssertEqual(s.numbers("x"), [3, 4])
    }

    func testADataSetUnpacksIntoHalvesAndAHalfIntoInputsAndLabels() {
        let s = Session()
        s.ok("(x_train, y_train), (x_test, y_test) = digits()")
        XCTAssertEqual(s.numbers("x_train.shape"), [1438, 64])
        XCTAssertEqual(s.numbers("y_train.shape"), [1438])
        XCTAssertEqual(s.numbers("x_test.shape"), [359, 64])
        s.ok("data = digits()")
        XCTAssertEqual(s.numbers("y_test[0:5]"), s.numbers("data.test.labels[0:5]"))
        XCTAssertEqual(s.numbers("x_test[0]"), s.numbers("data.test[0]"))
        // x_train, x_test = x_train / 255.0, x_test / 255.0: two matrices of different heights, each on its own.
        s.ok("x_train, x_test = x_train / 2, x_test / 2")
        XCTAssertEqual(s.numbers("x_test.shape"), [359, 64])
    }

    func testUnpackingMismatchesSayHowManyParts() {
        let s = Session()
        assertDiagnostic(s.failure("a, b, c = 1, 2")?.0, .value, contains: "3 names on the left but 2 values on the right", line: 1, column: 1, endColumn: 8)
        assertDiagnostic(s.failure("a, b, c = digits()")?.0, .value, contains: "a data set unpacks into its train and test halves", line: 1, column: 1)
        assertDiagnostic(s.failure("(a, b, c), d = digits()")?.0, .value, contains: "a half of a data set unpacks into its inputs and its labels",
                         line: 1, column: 1, endColumn: 10)
        assertDiagnostic(s.failure("a, b = [1, 2, 3]")?.0, .value, contains: "2 names on the left but 3 values on the right", line: 1, column: 1)
        s.ok("v = [1, 2, 3]")
        assertDiagnostic(s.failure("a, b = v")?.0, .value, contains: "a vector unpacks into its numbers, and this one has 3", line: 1, column: 1)
        assertDiagnostic(s.failure("a, b = sigmoid")?.0, .type, contains: "a function cannot be unpacked into 2 names", line: 1, column: 8)
        assertDiagnostic(s.failure("a, 3 = 1, 2")?.0, .syntax, contains: "only names can be unpacked into", line: 1, column: 4)
        assertDiagnostic(s.failure("a, b += 1")?.0, .syntax, contains: "+= works on one name at a time", line: 1, column: 1)
    }

    func testFitAndEvaluateOnInputsAndLabelsPrintWhatADataSetPrints() {
        let keras = Session(), nnbook = Session()
        keras.ok("(x_train, y_train), (x_test, y_test) = digits()")
        keras.ok("model = Sequential([Dense(32, activation='relu', input_shape=(64,)), Dense(10, activation='softmax')])")
        nnbook.ok("data = digits()")
        nnbook.ok("model = sequential(dense(32, relu, input: 64), dense(10, softmax))")
        XCTAssertEqual(keras.ok("model.fit(x_train, y_train, epochs=2)").plainLines, nnbook.ok("model.fit(data, epochs=2)").plainLines)
        XCTAssertEqual(keras.ok("model.evaluate(x_test, y_test)").plainLines, nnbook.ok("model.evaluate(data.test)").plainLines)
        XCTAssertEqual(keras.ok("model.evaluate(x_test[0:1], y_test[0:1])").plainLines, nnbook.ok("evaluate model on data.test[0:1]").plainLines)
        assertDiagnostic(keras.failure("model.evaluate(x_test, y_train)")?.0, .value, contains: "359 rows of inputs but 1,438 labels", line: 1, column: 16)
        assertDiagnostic(keras.failure("model.evaluate(x_test, y_test + 10)")?.0, .value,
                         contains: "the label at index 0 is 10, not a class of the model: its last layer has 10 units", line: 1, column: 24)
        assertDiagnostic(keras.failure("model.evaluate(x_test, y_test / 2)")?.0, .value, contains: "is 0.5, not a class", line: 1, column: 24)
        assertDiagnostic(keras.failure("model.evaluate(x_test)")?.0, .value, contains: "model.evaluate needs the labels too", line: 1, column: 16)
        keras.ok("model = Sequential([Dense(128, activation='relu', input_shape=(784,)), Dense(10, activation='softmax')])")
        assertDiagnostic(keras.failure("model.fit(x_train, y_train, epochs=5)")?.0, .value,
                         contains: "digits() images are 8×8 = 64 pixels: build the first layer with input_shape=(64,)", line: 1, column: 11)
    }

    func testTheArticlesOtherLinesNameWhatToTypeInstead() {
        let s = Session()
        assertDiagnostic(s.failure("import tensorflow as tf")?.0, .syntax, contains: "nothing to import", line: 1, column: 1)
        assertDiagnostic(s.failure("mnist = tf.keras.datasets.mnist")?.0, .name,
                         contains: "tf.keras.datasets.mnist downloads MNIST in Keras; nnbook downloads nothing", line: 1, column: 9, endColumn: 32)
        assertDiagnostic(s.failure("(x_train, y_train), (x_test, y_test) = mnist.load_data()")?.0, .name,
                         contains: "(x_train, y_train), (x_test, y_test) = digits()", line: 1, column: 40)
        assertDiagnostic(s.failure("m = tf.keras.models.Sequential([])")?.0, .name, contains: "nnbook has Keras's Sequential built in", line: 1, column: 5)
        // A variable named tf is the learner's own.
        s.ok("tf = digits()")
        assertDiagnostic(s.failure("tf.keras")?.0, .name, contains: "has no attribute 'keras'", line: 1, column: 1)
    }

    func testDividingScaledValuesBy255WarnsAndComputesAsWritten() {
        let s = Session()
        s.ok("(x_train, y_train), (x_test, y_test) = digits()")
        let r = s.ok("x_train = x_train / 255.0")
        XCTAssertTrue(r.plainLines.first?.hasPrefix("x_train's values already lie between 0 and 1") ?? false, "\(r.plainLines)")
        XCTAssertTrue(r.plainLines.first?.contains("with digits(), leave this line out") ?? false)
        assertClose(s.number("max(x_train)"), 1.0 / 255, within: 1e-12)
        XCTAssertTrue(s.ok("x_test /= 255").plainLines.first?.hasPrefix("x_test's values already lie between 0 and 1") ?? false)
        assertClose(s.number("max(x_test)"), 1.0 / 255, within: 1e-12)
        XCTAssertEqual(s.ok("[0, 0.5, 2] / 255").plainLines, ["[0, 0.001961, 0.007843]"])
        XCTAssertEqual(s.ok("[0, 128, 255] / 255").plainLines.count, 1)
    }

    func testModelOfXGivesItsOutputsAsAValue() {
        let s = Session()
        s.ok("model = Sequential([Dense(3, activation='softmax', input_shape=(2,))])")
        guard let p = s.numbers("model([1, 2])") else { return }
        XCTAssertEqual(p.count, 3)
        assertClose(p.reduce(0, +), 1, within: 1e-6)
        XCTAssertEqual(s.numbers("model([[1, 2], [3, 4], [5, 6]]).shape"), [3, 3])
        XCTAssertEqual(s.numbers("model([[1, 2]])[0]"), p)
        assertDiagnostic(s.failure("model([1, 2, 3])")?.0, .value, contains: "the model expects 2 input values per example, got shape [3]", line: 1, column: 7)
        // p = model.predict(x) keeps the probabilities, as Keras's; model.predict(x) alone prints them.
        XCTAssertEqual(s.ok("q = model.predict([1, 2])").plainLines, [])
        XCTAssertEqual(s.numbers("q"), p)
        XCTAssertEqual(s.ok("model.predict([1, 2])").plainLines.count, 1 + 3, "the probabilities, then a bar per class")
        // Sequential([…]) takes its list's layers only while the name is the builtin.
        s.ok("sequential(v) = sum(v)")
        XCTAssertEqual(s.number("sequential([1, 2])"), 3)
    }
}
