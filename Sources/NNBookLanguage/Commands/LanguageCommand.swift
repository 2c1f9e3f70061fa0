/// One English command of the language, whole: the word that starts it, how
/// it parses, how it runs, its help and the words inside it. The parser, the
/// runner, `:help`, Tab completion and the fuzz dictionary all read these
/// entries (`CommandRegistry.all`), so a command is added by writing one type
/// and listing it there; a type without its parse or run does not compile.
protocol LanguageCommand: Sendable {
    /// The word that starts it (`descend`).
    static var word: String { get }
    /// True when `WORD!` replaces an existing file (`save!`, `plot!`, `graph!`).
    static var replacesFiles: Bool { get }
    /// Its `:help` topics by name: one named after its word, and any more it
    /// starts (`step` also starts "neuron step").
    static var help: [String: HelpTopic] { get }
    /// The words written inside it (`from`, `rate`, `steps`): for the fuzz
    /// dictionary, and for a reader to see its grammar at a glance.
    static var argumentWords: [String] { get }
    /// Parses the rest of the line (`head` is the word already read), giving
    /// the command and the span its errors point at (from its word on).
    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan)
    /// Carries it out against the session.
    func run(in interpreter: Interpreter, span: SourceSpan) throws(Diagnostic)
    /// How lessons name it (`CodeOutline.command`): its word, or e.g. "explain backward".
    var outlineName: String { get }
}

extension LanguageCommand {
    var outlineName: String { Self.word }
    /// Most commands write no file.
    static var replacesFiles: Bool { false }
    /// Most commands are their word and expressions.
    static var argumentWords: [String] { [] }
}

/// A command whose whole argument is one expression (`summary MODEL`,
/// `backward Z`): its parse says what is missing when nothing follows.
protocol OneArgumentCommand: LanguageCommand {
    init(argument: Expr)
    /// What the argument is (`a model`) and an example (`summary model`).
    static var argumentName: String { get }
    static var argumentExample: String { get }
}

extension OneArgumentCommand {
    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let e = try p.commandArgument(head, "\(word) needs \(argumentName)", hint: argumentExample)
        return (Self(argument: e), head.span.merged(with: e.span))
    }
}

/// A command written `WORD MODEL on DATA` (`evaluate`, `confusion`).
protocol ModelOnDataCommand: LanguageCommand {
    init(model: Expr, data: Expr)
}

extension ModelOnDataCommand {
    static var argumentWords: [String] { ["on"] }

    static func parse(_ p: inout Parser, _ head: CommandHead) throws(Diagnostic) -> (Self, SourceSpan) {
        let example = "\(head.word) model on data.test"
        let m = try p.commandArgument(head, "\(head.word) needs a model", hint: example)
        try p.requireWord("on", example: example)
        let d = try p.expression()
        return (Self(model: m, data: d), head.span.merged(with: d.span))
    }
}

/// The word that started a command, as the parser read it.
struct CommandHead {
    /// As typed: `save!` or `save`.
    let typed: String
    /// Where it is.
    let span: SourceSpan
    /// Written with `!`: replace the file it writes.
    var replacing: Bool { typed.hasSuffix("!") }
    var word: String { replacing ? String(typed.dropLast()) : typed }
}

/// A `:help` topic: the usage line, what it does and an example (one or more lines).
struct HelpTopic: Sendable {
    let usage: String
    let summary: String
    let example: String
}

/// A parsed command, ready to run (`Stmt.command`).
struct Command: Sendable {
    let body: any LanguageCommand
    /// How lessons name it (`explain`, `explain backward`, `step`).
    var outlineName: String { body.outlineName }
}

/// Every language command, in the order `commands are …` lists them.
enum CommandRegistry {
    static let all: [any LanguageCommand.Type] = [
        ExplainCommand.self, DescendCommand.self, StepCommand.self, PlotCommand.self, SummaryCommand.self,
        TrainCommand.self, EvaluateCommand.self, ConfusionCommand.self, PredictCommand.self, SaveCommand.self,
        BackwardCommand.self, ZeroGradCommand.self, GraphCommand.self, ShowCommand.self, ExploreCommand.self,
        PlaygroundCommand.self,
    ]

    /// The words that start a command.
    static let words: [String] = all.map { $0.word }

    /// The commands whose word may end in `!` (the lexer reads `save!` as one word).
    static let replacingWords: Set<String> = Set(all.filter { $0.replacesFiles }.map { $0.word })

    /// Every command's help topics by name (`step`, `neuron step`, …).
    static let helpTopics: [String: HelpTopic] = Dictionary(uniqueKeysWithValues: all.flatMap { $0.help })

    /// The command a word starts, if any.
    static func command(startedBy word: String) -> (any LanguageCommand.Type)? {
        all.first { $0.word == word }
    }
}
