/// `show EXPR [to "FILE.svg"]`: an example of a data set, an image or a matrix, drawn.
struct ShowCommand: LanguageCommand {
    let value: Expr
    let file: OutputFile?

    static let word = "show"
    static let replacesFiles = true
    static let argumentWords = ["to"]
    static let help: [String: HelpTopic] = [
        "show": HelpTopic(usage: "show EXPR [to \"FILE.svg\"]",
                  summary: "draws an example of a data set as its picture in shaded blocks, with its label; a vector of 64 or 784 numbers as an 8×8 or 28×28 picture; "
                    + "a matrix as a heat map (negative numbers in lines, positive in blocks; blue and red with colour), and a first layer's weights on an image "
                    + "as one picture per unit (weights[:, 8:16] picks units 8 to 15); to \"FILE.svg\" writes SVG instead, never over an existing file unless you write show!",
                  example: "data = digits()\nshow data.train[0]\nmodel = sequential(dense(16, relu, input: 64), dense(10, softmax))\nshow model.layers[0].weights\nshow model.layers[0].weights[:, 8:16]\nshow data.test[5] to \"digit.svg\""),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let e = try p.commandArgument(head, "show needs something to draw", hint: "show data.train[0]")
        let file = try p.outputFile(head, hint: "show! data.train[0] to \"digit.svg\"")
        return (Self(value: e, file: file), head.span.merged(with: p.previous.span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.show(value, file: file, span: span) }
}
