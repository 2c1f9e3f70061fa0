import Foundation

/// A mistake in a playground cell, where it is (character offsets into the
/// cell, `start..<end`) and what to type instead. The language turns it into
/// a `Diagnostic`.
public struct PlaygroundTextError: Error, Equatable, Sendable {
    public let message: String
    public let hint: String
    public let start: Int
    public let end: Int
}

/// The playground's settings as one nnbook cell, and back:
///
///     playground data: circle noise: 0.1 split: 0.5 batch: 10 features: [x1, x2]
///         layers: [4, 2] activation: tanh rate: 0.03 regularization: none
///         regularization_rate: 0 seed: 42
///
/// (one line). `format` writes every key in this order, so the cell replays
/// the same run even if a default changes; `parse` takes the keys in any
/// order, each at most once, and any it is not given keep their defaults.
/// Numbers are written with the fewest decimals that read back as the same
/// Double, so the round trip is exact.
public enum PlaygroundText {
    /// The command word a cell starts with.
    public static let command = "playground"
    /// The keys, in the order `format` writes them.
    public static let keys = [
        "data", "noise", "split", "batch", "features", "layers", "activation", "rate",
        "regularization", "regularization_rate", "seed",
    ]
    static var featureList: String { PlaygroundFeature.allCases.map(\.rawValue).joined(separator: ", ") }

    /// The settings as one cell; with `source`, a cell on the learner's own
    /// points (`playground on data …`), which has no `data:` or `noise:`.
    public static func format(_ s: PlaygroundSettings, on source: String? = nil) -> String {
        let start = source.map { ["\(command) on \($0)"] } ?? [command, "data: \(s.data.rawValue)", "noise: \(number(s.noise))"]
        return (start + [
            "split: \(number(s.trainRatio))",
            "batch: \(s.batch)",
            "features: [\(s.features.map(\.rawValue).joined(separator: ", "))]",
            "layers: [\(s.layers.map(String.init).joined(separator: ", "))]",
            "activation: \(s.activation.rawValue)",
            "rate: \(number(s.rate))",
            "regularization: \(s.regularization.rawValue)",
            "regularization_rate: \(number(s.regularizationRate))",
            "seed: \(s.seed)",
        ]).joined(separator: " ")
    }

    /// A finite number in plain decimals (no exponent), with the fewest digits
    /// after the point that read back as exactly `x`: 0.03, 1e-05 as 0.00001, 3.
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return x.isNaN ? "nan" : (x < 0 ? "-inf" : "inf") }
        for digits in 0...20 {
            let text = String(format: "%.\(digits)f", x)
            if Double(text) == x { return text }
        }
        return String(format: "%.20f", x)
    }

    /// Reads a cell written by `format` (or typed by hand), then checks the
    /// settings (`PlaygroundSettings.problem`).
    public static func parse(_ text: String) throws(PlaygroundTextError) -> PlaygroundSettings {
        var reader = PlaygroundTextReader(text)
        return try reader.settings()
    }
}

/// One token of a playground cell: a word, a number or a mark (`:`, `[`, `]`, `,`), with its place.
struct PlaygroundToken {
    enum Kind: Equatable { case word, number, mark }
    let kind: Kind
    let text: String
    let start: Int
    let end: Int
}

/// The parser behind `PlaygroundText.parse`: one small method per part of the cell.
struct PlaygroundTextReader {
    private let tokens: [PlaygroundToken]
    private let length: Int
    private var position = 0

    init(_ text: String) {
        let characters = Array(text)
        length = characters.count
        var tokens: [PlaygroundToken] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            let kind: PlaygroundToken.Kind
            if c.isLetter || c == "_" {
                while i < characters.count, characters[i].isLetter || characters[i].isNumber || characters[i] == "_" { i += 1 }
                kind = .word
            } else if c.isNumber || c == "." || c == "-" || c == "+" {
                i += 1
                while i < characters.count, characters[i].isNumber || characters[i] == "." || characters[i] == "e" || characters[i] == "E"
                    || ((characters[i] == "-" || characters[i] == "+") && (characters[i - 1] == "e" || characters[i - 1] == "E")) { i += 1 }
                kind = .number
            } else {
                i += 1
                kind = .mark
            }
            tokens.append(PlaygroundToken(kind: kind, text: String(characters[start..<i]), start: start, end: i))
        }
        self.tokens = tokens
    }

    private func fail(_ message: String, hint: String, at token: PlaygroundToken?) -> PlaygroundTextError {
        PlaygroundTextError(message: message, hint: hint, start: token?.start ?? length, end: token?.end ?? length)
    }

    private mutating func next() -> PlaygroundToken? {
        guard position < tokens.count else { return nil }
        defer { position += 1 }
        return tokens[position]
    }

    mutating func settings() throws(PlaygroundTextError) -> PlaygroundSettings {
        let first = next()
        guard let first, first.text == PlaygroundText.command else {
            throw fail("a playground cell starts with `playground`", hint: "type: \(PlaygroundText.format(PlaygroundSettings()))", at: first)
        }
        var settings = PlaygroundSettings()
        var seen: Set<String> = []
        var places: [String: (start: Int, end: Int)] = [:]  // each key given, from the key to the end of its value
        while let key = next() {
            guard key.kind == .word, PlaygroundText.keys.contains(key.text) else {
                throw fail("`\(key.text)` is not a playground setting", hint: Self.valueHint(key.text)
                    ?? "the settings are \(PlaygroundText.keys.map { "\($0):" }.joined(separator: " "))", at: key)
            }
            guard !seen.contains(key.text) else {
                throw fail("`\(key.text):` is given twice", hint: "give each setting once", at: key)
            }
            seen.insert(key.text)
            let colon = next()
            guard colon?.text == ":" else {
                throw fail("`\(key.text)` needs a colon and a value", hint: "write it as `\(key.text): …`", at: colon ?? key)
            }
            try read(key.text, into: &settings)
            places[key.text] = (key.start, tokens[position - 1].end)
        }
        if let (key, problem) = settings.invalidSetting() {
            let place = places[key] ?? (0, length)
            throw PlaygroundTextError(message: problem, hint: "change that setting and run the cell again", start: place.start, end: place.end)
        }
        return settings
    }

    /// A value typed without its key (`circle`): the setting it belongs to.
    private static func valueHint(_ word: String) -> String? {
        if TwoDKind(rawValue: word) != nil { return "a data set is a setting's value: data: \(word)" }
        if PlaygroundSettings.activations.contains(where: { $0.rawValue == word }) { return "an activation is a setting's value: activation: \(word)" }
        if PlaygroundFeature(rawValue: word) != nil { return "features are listed: features: [\(word)]" }
        if PlaygroundRegularization(rawValue: word) != nil { return "regularization: \(word)" }
        return nil
    }

    private mutating func read(_ key: String, into s: inout PlaygroundSettings) throws(PlaygroundTextError) {
        switch key {
        case "data": s.data = try choice(key, TwoDKind.allCases.map(\.rawValue)).flatMap(TwoDKind.init) ?? s.data
        case "noise": s.noise = try number(key)
        case "split": s.trainRatio = try number(key)
        case "batch": s.batch = try integer(key)
        case "features":
            s.features = try list(key) { (r: inout Self) throws(PlaygroundTextError) -> PlaygroundFeature in
                try r.choice("features", PlaygroundFeature.allCases.map(\.rawValue)).flatMap(PlaygroundFeature.init) ?? .x1
            }
        case "layers":
            s.layers = try list(key) { (r: inout Self) throws(PlaygroundTextError) -> Int in try r.integer(key) }
        case "activation":
            s.activation = try choice(key, PlaygroundSettings.activations.map(\.rawValue)).flatMap(Activation.init) ?? s.activation
        case "rate": s.rate = try number(key)
        case "regularization":
            s.regularization = try choice(key, PlaygroundRegularization.allCases.map(\.rawValue)).flatMap(PlaygroundRegularization.init) ?? .none
        case "regularization_rate": s.regularizationRate = try number(key)
        default:
            let token = next()
            guard let token, token.kind == .number, let value = UInt64(token.text) else {
                throw fail("seed must be a whole number from 0 to \(UInt64.max)", hint: "for example seed: 42", at: token)
            }
            s.seed = value
        }
    }

    private mutating func choice(_ key: String, _ names: [String]) throws(PlaygroundTextError) -> String? {
        let token = next()
        guard let token, token.kind == .word, names.contains(token.text) else {
            let example = key == "features" ? "[x1, x2, x1_squared]" : names[0]
            throw fail("\(key): expected one of \(names.joined(separator: ", "))", hint: "for example \(key): \(example)", at: token)
        }
        return token.text
    }

    private mutating func number(_ key: String) throws(PlaygroundTextError) -> Double {
        let token = next()
        guard let token, token.kind == .number, let value = Double(token.text), value.isFinite else {
            throw fail("\(key): expected a number", hint: "for example \(key): 0.1", at: token)
        }
        return value
    }

    private mutating func integer(_ key: String) throws(PlaygroundTextError) -> Int {
        let token = next()
        guard let token, token.kind == .number, let value = Int(token.text) else {
            throw fail("\(key): expected a whole number", hint: "for example \(key): 10", at: token)
        }
        return value
    }

    private mutating func list<T>(_ key: String, _ item: (inout Self) throws(PlaygroundTextError) -> T) throws(PlaygroundTextError) -> [T] {
        let open = next()
        guard open?.text == "[" else {
            throw fail("\(key): expected a list in brackets", hint: "for example \(key): [\(key == "layers" ? "4, 2" : "x1, x2")]", at: open)
        }
        var items: [T] = []
        if position < tokens.count, tokens[position].text == "]" { position += 1; return items }
        while true {
            items.append(try item(&self))
            let mark = next()
            if mark?.text == "]" { return items }
            guard mark?.text == "," else {
                throw fail("\(key): expected `,` or `]`", hint: "separate the items with commas and close the list with `]`", at: mark)
            }
        }
    }
}
