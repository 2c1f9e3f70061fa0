/// The commands on autograd values: backward, zero_grad, graph (and `explain
/// backward`, which `ExplainCommand` parses).

/// `backward Z`: fill every .grad upstream of Z.
struct BackwardCommand: OneArgumentCommand {
    let argument: Expr

    static let word = "backward"
    static let argumentName = "a value"
    static let argumentExample = "backward g"
    static let help: [String: HelpTopic] = [
        "backward": HelpTopic(usage: "backward Z  ·  Z.backward()", summary: "fills .grad of every autograd value Z depends on (chain rule, in reverse topological order). Gradients accumulate, as in PyTorch: a second backward adds to them, so zero_grad Z first",
                  example: "a = value(2)\nb = a * a + a\nbackward b\na.grad    # 5"),
    ]

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.scalarNode(argument).backward() }
}

/// `zero_grad Z`: set those gradients back to 0.
struct ZeroGradCommand: OneArgumentCommand {
    let argument: Expr

    static let word = "zero_grad"
    static let argumentName = "a value"
    static let argumentExample = "zero_grad g"
    static let help: [String: HelpTopic] = [
        "zero_grad": HelpTopic(usage: "zero_grad Z", summary: "sets .grad back to 0 for Z and everything it depends on", example: "zero_grad b"),
    ]

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.scalarNode(argument).zeroGrad() }
}

/// `graph Z [to "g.svg" | "g.dot"]`; `graph! Z to "g.svg"` replaces the file.
struct GraphCommand: LanguageCommand {
    let value: Expr
    let file: OutputFile?

    static let word = "graph"
    static let replacesFiles = true
    static let argumentWords = ["to"]
    static let help: [String: HelpTopic] = [
        "graph": HelpTopic(usage: "graph Z [to \"FILE.svg\" | \"FILE.dot\"]", summary: "draws the computation graph of an autograd value as a tree (each node's operation, data and grad; in Jupyter also as a picture), or writes it as an SVG picture (a .svg file) or as Graphviz DOT (any other name); graph! replaces an existing file",
                  example: "graph b\ngraph b to \"b.svg\"\ngraph! b to \"b.dot\""),
    ]

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let e = try p.commandArgument(head, "graph needs a value", hint: "graph g, or graph g to \"g.dot\"")
        let file = try p.outputFile(head, hint: "graph! g to \"g.dot\"")
        return (Self(value: e, file: file), head.span.merged(with: (file?.path ?? e).span))
    }

    func run(in i: Interpreter, span: SourceSpan) throws(Diagnostic) { try i.graph(value, to: file, span: span) }
}
