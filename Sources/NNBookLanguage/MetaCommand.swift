import Foundation

/// A REPL meta-command: a line starting with `:`. Parsed here so every layer
/// sees a typed case, never a string.
public enum MetaCommand: Sendable, Equatable {
    case help(topic: String?)
    case vars
    case history
    case reset
    case precision(Precision?)
    case quit
    case save(path: String, overwrite: Bool)
    case load(path: String)
    case export(path: String, overwrite: Bool)
    case lesson(String?)
    case next
    case back
    case hint
    case skip
    case restart
    /// `:show`: the current lesson cell's code.
    case show
    /// `:recap`: what the lesson has covered so far.
    case recap
    /// `:scratch`: try anything without being graded (again: back to the lesson).
    case scratch
    /// `:keep`: keep what the last try or scratch mode did.
    case keep
    /// `:lang zh`, `:lang en`: the language of lessons; `:lang` alone says which.
    case lang(String?)
    /// `:limits`, or `:limits memory 2GB`.
    case limits(memory: Int?)
    /// `:time CODE`: runs the code and says how long it took, as IPython's %time.
    case time(String)
    /// `:plots ascii` or `:plots unicode`.
    case plots(unicode: Bool)
    case clear

    /// Every meta-command, in the order `:help` lists them: its names, usage
    /// and summary (for `:help` and Tab completion), how its argument parses,
    /// and who carries it out.
    public static let catalog: [MetaCommandEntry] = [
        .init("help", aliases: ["h", "?"], ":help [topic]", "list what nnbook can do, or explain one builtin or command", by: .session) { .success(.help(topic: $0.optional)) },
        .init("vars", aliases: ["who"], ":vars", "show every variable and function of the session", by: .session) { $0.none(.vars) },
        .init("history", ":history", "show the inputs of this session, numbered like In [n]", by: .session) { $0.none(.history) },
        .init("reset", ":reset", "forget every variable, function and result", by: .session) { $0.none(.reset) },
        .init("precision", ":precision N|full", "print numbers with N decimals (default 6), or in full", words: ["full"], by: .session) { a in
            guard let text = a.optional else { return .success(.precision(nil)) }
            if text == "full" { return .success(.precision(.full)) }
            if let n = Int(text), (0...17).contains(n) { return .success(.precision(.decimals(n))) }
            return .failure(Diagnostic(.value, "precision must be a number of decimals from 0 to 17, or 'full'",
                                       at: a.span, hint: ":precision 6 is the default"))
        },
        .init("quit", aliases: ["q", "exit"], ":quit", "leave nnbook (Ctrl-D does the same); history is saved", by: .caller) { $0.none(.quit) },
        .init("clear", aliases: ["cls"], ":clear", "clear the screen, as Ctrl-L does (in Jupyter: the cell's output)", by: .caller) { $0.none(.clear) },
        .init("save", ":save FILE.md", "write the session as a Markdown notebook (:save! to overwrite)", by: .caller) { a in
            a.path("md") { .save(path: $0, overwrite: a.overwrite) }
        },
        .init("load", ":load FILE.md", "run a notebook's cells into this session; they read and write only in the notebook's folder, never replace a file, and cannot :save or :export", by: .caller) { a in
            a.path("md") { .load(path: $0) }
        },
        .init("export", ":export FILE.ipynb", "write the session as a Jupyter notebook (:export! to overwrite)", by: .caller) { a in
            a.path("ipynb") { .export(path: $0, overwrite: a.overwrite) }
        },
        .init("lesson", ":lesson [N]", "list the lessons, or start lesson N", by: .caller) { .success(.lesson($0.optional)) },
        .init("next", ":next", "in a lesson: the same as :skip", by: .caller) { $0.none(.next) },
        .init("back", ":back", "in a lesson: go back one cell, to the state before it", by: .caller) { $0.none(.back) },
        .init("hint", ":hint", "in a lesson: a hint; again for the shape of the answer, a third time for the answer", by: .caller) { $0.none(.hint) },
        .init("skip", ":skip", "in a lesson: show and run the cell for you, and move on", by: .caller) { $0.none(.skip) },
        .init("restart", ":restart", "in a lesson: start it again from its first cell", by: .caller) { $0.none(.restart) },
        .init("show", ":show", "in a lesson: show the code the current cell expects", by: .caller) { $0.none(.show) },
        .init("recap", ":recap", "in a lesson: what it has covered so far, with what you typed", by: .caller) { $0.none(.recap) },
        .init("scratch", ":scratch", "in a lesson: try anything without it counting (:scratch again to go back)", by: .caller) { $0.none(.scratch) },
        .init("keep", ":keep", "in a lesson: keep what your last try (or scratch) did", by: .caller) { $0.none(.keep) },
        .init("lang", ":lang [en|zh]", "the language of lessons and their messages (English or 中文)", words: ["en", "zh"], by: .caller) { .success(.lang($0.optional)) },
        .init("time", ":time CODE", "run a line of code and say how long it took (as IPython's %time)", by: .session) { a in
            guard let code = a.optional else { return .failure(Diagnostic(.syntax, ":time needs code to run", at: a.span, hint: ":time train model on data epochs 1")) }
            return .success(.time(code))
        },
        .init("plots", ":plots ascii|unicode", "draw plots and tables with plain ASCII (for terminals without Unicode) or with braille and box characters",
              words: ["ascii", "unicode"], by: .session) { a in
            switch a.text {
            case "ascii": return .success(.plots(unicode: false))
            case "unicode": return .success(.plots(unicode: true))
            default: return .failure(Diagnostic(.value, "expected :plots ascii or :plots unicode", at: a.span))
            }
        },
        .init("limits", ":limits [memory SIZE]", "show the limits that protect the session, or set the memory limit (e.g. :limits memory 2GB)",
              words: ["memory"], by: .session) { a in
            guard let text = a.optional else { return .success(.limits(memory: nil)) }
            let parts = text.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2, parts[0] == "memory", let bytes = parseSize(String(parts[1])) { return .success(.limits(memory: bytes)) }
            return .failure(Diagnostic(.value, "expected ':limits memory SIZE', e.g. :limits memory 2GB", at: a.span))
        },
    ]

    /// Parses a line that starts with `:`. The error's span points into `line`.
    public static func parse(_ line: String, lineNumber: Int = 1) -> Result<MetaCommand, Diagnostic> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        let lead = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.count
        let words = trimmed.dropFirst().split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard var name = words.first.map(String.init) else {
            return .failure(Diagnostic(.syntax, "a meta-command name must follow ':'",
                                       at: SourceSpan(line: lineNumber, column: lead + 1, length: 1),
                                       hint: "type :help to list them"))
        }
        let overwrite = name.hasSuffix("!")
        if overwrite { name.removeLast() }
        let argument = (words.count > 1 ? words[1] : "").trimmingCharacters(in: .whitespaces)
        guard let entry = catalog.first(where: { $0.name == name || $0.aliases.contains(name) }) else {
            let suggestion = Spelling.closest(to: name, among: catalog.map(\.name))
            return .failure(Diagnostic(.name, "unknown meta-command ':\(name)'",
                                       at: SourceSpan(line: lineNumber, column: lead + 2, length: name.unicodeScalars.count),
                                       hint: suggestion.map { "did you mean :\($0)? (:help lists them all)" }
                                           ?? ":help lists them all"))
        }
        let argSpan = SourceSpan(line: lineNumber, column: lead + 3 + name.unicodeScalars.count + (overwrite ? 1 : 0),
                                 length: max(argument.unicodeScalars.count, 1))
        return entry.parse(MetaArgument(name: name, text: argument, span: argSpan, overwrite: overwrite))
    }

    /// "2GB", "512MB", "1.5 GB", "4000000000" → bytes.
    static func parseSize(_ s: String) -> Int? {
        let t = s.uppercased().replacingOccurrences(of: " ", with: "")
        let units: [(String, Double)] = [("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("B", 1)]
        for (suffix, scale) in units where t.hasSuffix(suffix) {
            guard let v = Double(t.dropLast(suffix.count)), v > 0, v * scale < 9e18 else { return nil }
            return Int(v * scale)
        }
        guard let v = Double(t), v > 0, v < 9e18 else { return nil }
        return Int(v)
    }

}

/// One meta-command, whole: its names, its help, what its argument may be,
/// how it parses and who carries it out. `MetaCommand.catalog` lists them;
/// `:help`, Tab completion and the fuzz dictionary are read from there.
public struct MetaCommandEntry: Sendable {
    /// Who carries a meta-command out.
    public enum Handler: Sendable {
        /// The session itself (`:vars`, `:reset`, `:precision` …).
        case session
        /// Whoever runs the session: it comes back as `CellResult.request`
        /// (`:quit`, `:save`, `:lesson` …), after the session's checks.
        case caller
    }

    public let name: String
    /// Other names that mean the same (`:h`, `:q`).
    public let aliases: [String]
    public let usage: String
    public let summary: String
    /// The words its argument may be (`ascii`, `unicode`).
    public let argumentWords: [String]
    public let handledBy: Handler
    let parse: @Sendable (MetaArgument) -> Result<MetaCommand, Diagnostic>

    init(_ name: String, aliases: [String] = [], _ usage: String, _ summary: String, words: [String] = [], by handler: Handler,
         parse: @escaping @Sendable (MetaArgument) -> Result<MetaCommand, Diagnostic>) {
        self.name = name; self.aliases = aliases; self.usage = usage; self.summary = summary
        self.argumentWords = words; self.handledBy = handler; self.parse = parse
    }
}

/// What follows a meta-command's name on its line, and where it is.
struct MetaArgument {
    /// The name as typed, without `!`.
    let name: String
    /// The argument, trimmed; empty when there is none.
    let text: String
    let span: SourceSpan
    /// Written `:save!`: replace the file.
    let overwrite: Bool

    /// The argument, or nil when there is none.
    var optional: String? { text.isEmpty ? nil : text }

    /// `command`, when nothing follows the name.
    func none(_ command: MetaCommand) -> Result<MetaCommand, Diagnostic> {
        text.isEmpty ? .success(command) : .failure(Diagnostic(.syntax, ":\(name) takes no argument", at: span))
    }

    /// A file name (quotes taken off), which must be there.
    func path(_ ext: String, _ make: (String) -> MetaCommand) -> Result<MetaCommand, Diagnostic> {
        if text.isEmpty {
            return .failure(Diagnostic(.syntax, ":\(name) needs a file name", at: span, hint: "for example :\(name) session.\(ext)"))
        }
        if text.count >= 2, let f = text.first, let l = text.last, f == l, f == "\"" || f == "'" {
            return .success(make(String(text.dropFirst().dropLast())))
        }
        return .success(make(text))
    }
}
