import XCTest
@testable import NNBookLanguage

/// Python's spellings that learners bring (issue 13), as values.
final class PythonHabitsTests: XCTestCase {
    func testMembershipInVectorsRangesStringsAndMatrixRows() {
        let s = Session()
        let cases: [(String, String)] = [
            ("2 in [1, 2, 3]", "True"), ("5 in [1, 2, 3]", "False"), ("5 not in [1, 2]", "True"),
            ("3 in range(5)", "True"), ("5 in range(5)", "False"), ("2.5 in range(5)", "False"),
            ("6 in range(0, 10, 3)", "True"), ("4 in range(0, 10, 3)", "False"), ("3 in range(10, 0, -1)", "True"),
            ("True in [0, 1]", "True"), ("\"ab\" in \"cabd\"", "True"), ("\"\" in \"x\"", "True"),
            ("[1, 2] in [[1, 2], [3, 4]]", "True"), ("[2, 1] in [[1, 2], [3, 4]]", "False"),
            ("not 2 in [2]", "False"), ("1 + 1 in [2]", "True"), ("2 in [2] and 3 in [3]", "True"),
        ]
        for (code, shown) in cases { XCTAssertEqual(s.shown(code), shown, code) }
    }

    func testMembershipErrorsNameWhatFits() {
        let s = Session()
        assertDiagnostic(s.failure("1 in 5")?.0, .type, contains: "'in' needs a vector, a range or a string on its right, got a number",
                         line: 1, column: 6)
        assertDiagnostic(s.failure("[1] in [1, 2]")?.0, .type, contains: "'in' a vector looks for a number, got a vector", line: 1, column: 1)
        assertDiagnostic(s.failure("[1] in [[1, 2]]")?.0, .type, contains: "'in' a matrix looks for one of its rows, a vector of 2 numbers",
                         line: 1, column: 1)
        assertDiagnostic(s.failure("1 in \"abc\"")?.0, .type, contains: "'in' a string looks for a string", line: 1, column: 1)
    }

    func testForStillReadsItsInAndLoopsOverMembership() {
        let s = Session()
        _ = s.ok("n = 0")
        _ = s.ok("for i in range(6):\n    if i in [1, 4]:\n        n = n + i")
        XCTAssertEqual(s.number("n"), 5)
    }
}

extension PythonHabitsTests {
    func testEAndPiAreTheConstantsUntilAVariableHidesThem() {
        let s = Session()
        assertClose(s.number("e"), M_E, within: 1e-15)
        assertClose(s.number("e^-2"), 0.1353352832366127, within: 1e-15)  // Python: math.e ** -2
        assertClose(s.number("1/(1+e^-2)"), 0.8807970779778823, within: 1e-15)  // the article's sigmoid(2)
        assertClose(s.number("pi"), Double.pi, within: 0)
        _ = s.ok("f(x) = e^x")
        assertClose(s.number("f'(1)"), M_E, within: 1e-12)
        _ = s.ok("e = 3")
        XCTAssertEqual(s.number("e"), 3)
        _ = s.ok(":reset")
        assertClose(s.number("e"), M_E, within: 1e-15)
        XCTAssertTrue(s.completions(prefix: "p").contains("pi"))
        XCTAssertTrue(s.ok("e?").plainLines.first?.hasPrefix("e  pi — Euler's number") ?? false)
    }
}

extension PythonHabitsTests {
    func testConditionalExpressionsAndTheirDerivatives() {
        let s = Session()
        XCTAssertEqual(s.shown("1 if True else 2"), "1")
        XCTAssertEqual(s.shown("1 if 2 > 3 else 2"), "2")
        XCTAssertEqual(s.shown("[1, 2] if 0 in [0] else 3"), "[1, 2]")
        XCTAssertEqual(s.shown("1 if False else 2 if False else 3"), "3")  // right-associative, as Python's
        XCTAssertEqual(s.ok("r(x) = x if x > 0 else 0.1*x").plainLines, ["r(x) = x if x > 0 else 0.1*x", "r'(x) = 1 if x > 0 else 0.1"])
        XCTAssertEqual(s.number("r(-2)"), -0.2)
        XCTAssertEqual(s.number("r'(-2)"), 0.1)
        XCTAssertEqual(s.number("r'(3)"), 1)
        // Only the branch taken runs: the other may fail.
        XCTAssertEqual(s.number("1 if True else 1/0"), 1)
        XCTAssertEqual(s.ok("fact(n) = 1 if n <= 1 else n*fact(n - 1)").plainLines, ["fact(n) = 1 if n <= 1 else n*fact(n - 1)"])
        XCTAssertEqual(s.number("fact(10)"), 3_628_800)
        XCTAssertEqual(s.ok("explain (1 if 2 > 1 else 5) * 3").plainLines, ["(1 if 2 > 1 else 5)*3 = (1 if True else 5)*3 = 1*3 = 3"])
        assertDiagnostic(s.failure("1 if True")?.0, .syntax, contains: "expected 'else' to finish 'a if condition else b'", line: 1, column: 10)
        assertDiagnostic(s.failure("1 if [1, 2] else 0")?.0, .type, contains: "neither true nor false", line: 1, column: 6)
    }

    func testListComprehensions() {
        let s = Session()
        XCTAssertEqual(s.shown("[x^2 for x in range(5)]"), "[0, 1, 4, 9, 16]")
        XCTAssertEqual(s.shown("[x for x in [3, -1, 2] if x > 0]"), "[3, 2]")
        XCTAssertEqual(s.shown("[sum(r) for r in [[1, 2], [3, 4]]]"), "[3, 7]")
        XCTAssertEqual(s.shown("[[i*j for i in range(3)] for j in range(2)]"), "[[0, 0, 0],\n [0, 1, 2]]")
        XCTAssertNil(s.value(named: "x"), "the variable is the comprehension's own")
        _ = s.ok("x = 7")
        XCTAssertEqual(s.shown("[x for x in range(2)]"), "[0, 1]")
        XCTAssertEqual(s.number("x"), 7)
        _ = s.ok("triangle(n) = sum([k for k in range(n + 1)])")
        XCTAssertEqual(s.number("triangle(4)"), 10)
        XCTAssertEqual(s.shown("[]"), "[]")
        XCTAssertEqual(s.shown("[x for x in range(3) if x > 5]"), "[]")
        XCTAssertEqual(s.ok("explain sum([x for x in range(3)])").plainLines, ["sum([x for x in range(3)]) = sum([x for x in range(0, 3)]) = sum([0, 1, 2]) = 3"])
        assertDiagnostic(s.failure("[y for y in 5]")?.0, .type, contains: "cannot loop over a number", line: 1, column: 13)
        assertDiagnostic(s.failure("[z for y in range(2)]")?.0, .name, contains: "unknown name 'z'", line: 1, column: 2)
        assertDiagnostic(s.failure("[x for x in range(3) for y in range(2)]")?.0, .syntax, contains: "a list takes one 'for'", line: 1, column: 22)
        assertDiagnostic(s.failure("[x for 1 in range(3)]")?.0, .syntax, contains: "expected a name after 'for' in the list", line: 1, column: 8)
    }

    func testHowTheNewFormsParse() {
        XCTAssertEqual(parseExpression("a if c else b if d else e").map(sexpr), "(if c a (if d b e))")
        XCTAssertEqual(parseExpression("x + 1 if x > 0 or y else -x").map(sexpr), "(if (or (> x 0) y) (+ x 1) (neg x))")
        XCTAssertEqual(parseExpression("[x^2 for x in range(5) if x % 2 == 0]").map(sexpr),
                       "(for x (call range 5) (^ x 2) (if (== (% x 2) 0)))")
        XCTAssertEqual(parseExpression("not 1 in v").map(sexpr), "(not (in 1 v))")
        XCTAssertEqual(parseExpression("a not in b == c").map(sexpr), "(== (not in a b) c)")
    }

    func testExplainOfABuiltinCallShowsEachStepOnce() {
        let s = Session()
        XCTAssertEqual(s.ok("explain sum([1 + 1, 2])").plainLines, ["sum([1 + 1, 2]) = sum([2, 2]) = 4"])
    }
}

extension PythonHabitsTests {
    func testMatrixProductOperatorIsDot() {
        let s = Session()
        _ = s.ok("A = [[1, 2], [3, 4]]")
        XCTAssertEqual(s.shown("A @ [1, 1]"), "[3, 7]")
        XCTAssertEqual(s.shown("A @ [1, 1]"), s.shown("dot(A, [1, 1])"))
        XCTAssertEqual(s.shown("[1, 2] @ [3, 4]"), "11")
        XCTAssertEqual(s.shown("A @ A"), "[[7, 10],\n [15, 22]]")
        XCTAssertEqual(s.shown("2 * A @ [1, 0]"), "[2, 6]")  // left to right, as * (NumPy: (2*A) @ x)
        assertDiagnostic(s.failure("2 @ [1]")?.0, .type, contains: "'@' multiplies vectors and matrices, not a number", line: 1, column: 1)
        assertDiagnostic(s.failure("A @ [1, 2, 3]")?.0, .value, contains: "cannot compute dot of shapes [2, 2] and [3]", line: 1, column: 1)
        assertDiagnostic(s.failure("[1e200, 1e200] @ [1e200, 1]")?.0, .math, contains: "'@' overflows", line: 1, column: 1)
    }
}

extension PythonHabitsTests {
    func testNumPySlicingOfVectorsMatricesAndStrings() {
        let s = Session()
        _ = s.ok("v = [10, 20, 30, 40]")
        _ = s.ok("m = [[1, 2, 3], [4, 5, 6]]")
        // Each expected value is what NumPy 1.26 prints for the same subscript of np.array(v) / np.array(m).
        let cases: [(String, String)] = [
            ("v[0:2]", "[10, 20]"), ("v[-1]", "40"), ("v[::-1]", "[40, 30, 20, 10]"), ("v[1:]", "[20, 30, 40]"),
            ("v[:-1]", "[10, 20, 30]"), ("v[::2]", "[10, 30]"), ("v[-3:-1]", "[20, 30]"), ("v[9:20]", "[]"),
            ("v[3:0:-1]", "[40, 30, 20]"), ("v[-100:2]", "[10, 20]"),
            ("m[0, :]", "[1, 2, 3]"), ("m[:, 1]", "[2, 5]"), ("m[1, 2]", "6"), ("m[1, -1]", "6"),
            ("m[:, 0:2]", "[[1, 2],\n [4, 5]]"), ("m[::-1, ::-1]", "[[6, 5, 4],\n [3, 2, 1]]"), ("m[0]", "[1, 2, 3]"),
            ("\"hello\"[1:3]", "\"el\""), ("\"hello\"[::-1]", "\"olleh\""),
        ]
        for (code, shown) in cases { XCTAssertEqual(s.shown(code), shown, code) }
        XCTAssertEqual(s.ok("explain v[0:1 + 1]").plainLines, ["v[0:1 + 1] = [10, 20, 30, 40][0:1 + 1] = [10, 20, 30, 40][0:2] = [10, 20]"])
        assertDiagnostic(s.failure("m[0, 1, 2]")?.0, .value, contains: "too many indices: 3 for an array of 2 dimensions", line: 1, column: 1)
        assertDiagnostic(s.failure("v[0:2:0]")?.0, .value, contains: "a slice step cannot be zero", line: 1, column: 1)
        assertDiagnostic(s.failure("m[5, :]")?.0, .value, contains: "index 5 is out of range for 2 elements", line: 1, column: 1)
        assertDiagnostic(s.failure("v[0.5:2]")?.0, .type, contains: "expected a whole number here, got 0.5", line: 1, column: 3)
        assertDiagnostic(s.failure("range(5)[1:2]")?.0, .type, contains: "slices work on vectors, matrices, strings and data sets", line: 1, column: 1)
        assertDiagnostic(s.failure("v[,]")?.0, .syntax, contains: "an index is missing", line: 1, column: 3)
        XCTAssertEqual(parseExpression("m[0, 1:2:-1]").map(sexpr), "(index m 0 (: 1 2 (neg 1)))")
        XCTAssertEqual(parseExpression("m[:, ::2]").map(sexpr), "(index m (: _ _ _) (: _ _ 2))")
    }
}

extension PythonHabitsTests {
    func testKerasSpellingsOfDenseAndPythonsKeywordArgumentsAndTuples() {
        let s = Session()
        XCTAssertEqual(s.shown("dense(128, activation=\"relu\", input_shape=(784,))"), "dense(128, relu, input: 784)")
        XCTAssertEqual(s.shown("dense(10, activation='softmax')"), "dense(10, softmax)")
        XCTAssertEqual(s.shown("dense(units=5, activation=tanh)"), "dense(5, tanh)")
        XCTAssertEqual(s.shown("dense(128, relu, input: 784)"), "dense(128, relu, input: 784)")
        XCTAssertEqual(s.shown("neuron([0.1, 0.2], bias=0.4)"), "neuron(weights: [0.1, 0.2], bias: 0.4, activation: sigmoid)")
        XCTAssertEqual(s.shown("(784,)"), "[784]")
        XCTAssertEqual(s.shown("(1, 2) * 2"), "[2, 4]")
        XCTAssertEqual(s.shown("(1)"), "1")
        _ = s.ok("m = sequential(dense(128, activation='relu', input_shape=(64,)), dense(10, activation='softmax'))")
        XCTAssertTrue(s.ok("summary m").plainLines.contains { $0.contains("Total params: 9,610") })
        assertDiagnostic(s.failure("dense(3, use_bias=False)")?.0, .name,
                         contains: "dense has no parameter 'use_bias'; it takes units, activation and input (or Keras's input_shape=(n,))", line: 1, column: 10)
        assertDiagnostic(s.failure("dense(3, input_shape=(28, 28))")?.0, .value, contains: "input_shape must be one number, (n,)", line: 1, column: 10)
        assertDiagnostic(s.failure("dense()")?.0, .value, contains: "dense needs its number of units", line: 1, column: 1)
        assertDiagnostic(s.failure("dense(3, units=4)")?.0, .syntax, contains: "dense got units twice", line: 1, column: 10)
    }
}

extension PythonHabitsTests {
    func testALambdaAssignedToANameIsADefinition() {
        let s = Session()
        XCTAssertEqual(s.ok("g = lambda x: x^2").plainLines, ["g(x) = x^2", "g'(x) = 2*x"])
        XCTAssertEqual(s.number("g(3)"), 9)
        XCTAssertEqual(s.ok("h = lambda a, b: a*b").plainLines, ["h(a, b) = a*b", "∂h/∂a = b", "∂h/∂b = a"])
        assertDiagnostic(s.failure("lambda x: x^2")?.0, .syntax, contains: "'lambda' is Python, not nnbook", line: 1, column: 1)
        XCTAssertEqual(s.failure("lambda x: x^2")?.0.hint, "name it: g = lambda x: x^2, or nnbook's own g(x) = x^2")
        assertDiagnostic(s.failure("sum(lambda x: x)")?.0, .syntax, contains: "a lambda works only as a definition", line: 1, column: 5)
        assertDiagnostic(s.failure("k = lambda: 3")?.0, .syntax, contains: "a lambda needs at least one parameter", line: 1, column: 11)
    }
}

extension PythonHabitsTests {
    func testKerasMethodsRunNNBooksCommandsWithTheSameOutput() {
        let keras = Session(), nnbook = Session()
        for s in [keras, nnbook] {
            _ = s.ok("data = digits()")
            _ = s.ok("model = sequential(dense(16, relu, input: 64), dense(10, softmax))")
        }
        XCTAssertEqual(keras.ok("model.summary()").plainLines, nnbook.ok("summary model").plainLines)
        XCTAssertEqual(keras.ok("model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics=['accuracy'])").plainLines,
                       ["compiled: optimizer sgd (rate 0.01), loss sparse_categorical_crossentropy, metrics accuracy; model.fit(x_train, y_train, epochs=5) or model.fit(data, epochs=5) trains with them"])
        XCTAssertEqual(keras.ok("model.fit(data, epochs=2, batch_size=64)").plainLines,
                       nnbook.ok("train model on data epochs 2 batch 64 optimizer sgd").plainLines)
        XCTAssertEqual(keras.ok("model.evaluate(data.test)").plainLines, nnbook.ok("evaluate model on data.test").plainLines)
        XCTAssertEqual(keras.ok("model.predict(data.test[0])").plainLines, nnbook.ok("predict model data.test[0]").plainLines)
    }

    func testKerasSpellingsNNBookDoesNotTakeAreNamedNeverDropped() {
        let s = Session()
        _ = s.ok("data = digits()")
        _ = s.ok("model = sequential(dense(16, relu, input: 64), dense(10, softmax))")
        let cases: [(String, String, Int)] = [
            ("model.fit(x_train, y_train, epochs=5)", "(x_train, y_train), (x_test, y_test) = digits() makes them", 11),
            ("model.fit(data, epochs=1, validation_split=0.1)", "model.fit has no keyword 'validation_split' in nnbook; it takes epochs=, batch_size=", 27),
            ("model.fit(data, verbose=0)", "model.fit has no keyword 'verbose' in nnbook", 17),
            ("model.compile(optimizer='rmsprop')", "optimizer must be one of 'adam', 'sgd'", 25),
            ("model.compile(loss='mse')", "loss='mse' compares the softmax's 10 probabilities with a label number", 20),
            ("model.compile(loss='hinge')", "loss must be one of 'mse', 'binary_crossentropy', 'sparse_categorical_crossentropy'", 20),
            ("model.compile(metrics=['mae'])", "metrics=['accuracy'] is the one it takes", 23),
            ("model.evaluate(data, data)", "the inputs are a matrix, one row per example, got a data set", 16),
            ("model.summary(1)", "model.summary() takes no arguments", 1),
            ("model.foo()", "a model has no attribute 'foo'", 1),
        ]
        for (code, message, column) in cases {
            assertDiagnostic(s.failure(code)?.0, s.failure(code)?.0.kind ?? .value, contains: message, line: 1, column: column)
        }
        XCTAssertEqual(s.failure("model.foo()")?.0.hint, "its attributes: parameters, layers; and Keras's methods summary(), compile(…), fit(…), evaluate(…), predict(…)")
        XCTAssertEqual(s.shown("value(-2).relu()"), "value(data 0, grad 0)")  // other .relu() calls are untouched
    }
}

extension PythonHabitsTests {
    func testPredictPrintsProbabilitiesWithTheSessionsDecimalsAlike() {
        let s = Session()
        _ = s.ok("m = sequential(dense(2, softmax, input: 1))")
        // An input of 1000 drives the seeded weights' two logits far apart: one probability is
        // far below 1e-6. Shown as 0.000000 beside 1.000000, not in scientific notation.
        let bars = ["0 ████████████████████████████████████████ 100.00%  ◀ predicted",
                    "1                                            0.00%"]
        XCTAssertEqual(s.ok("predict m [1000]").plainLines, ["[1.000000, 0.000000]   → class 0 (100.00%)"] + bars)
        _ = s.ok(":precision 2")
        XCTAssertEqual(s.ok("predict m [1000]").plainLines, ["[1.00, 0.00]   → class 0 (100.00%)"] + bars)
    }
}
