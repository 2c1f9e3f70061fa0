import Foundation

/// The parts of an nbformat 4 notebook (`.ipynb` JSON) that `JupyterImport`
/// reads. Metadata (but a lesson's hint), attachments, execution counts, ids and every MIME type
/// but `text/plain` are ignored, as are unknown keys; cell types other than
/// markdown and code, and unknown output types, are read as `.other` so a
/// newer notebook still imports.
struct JupyterDocument: Decodable {
    var nbformat: Int
    /// Empty unless `nbformat` is 4: nbformat 3 keeps its cells elsewhere.
    var cells: [JupyterCell]
    /// `metadata.nnbook.front_matter`: the front matter `JupyterExport` kept (lines of text).
    var frontMatter: [String]?

    enum CodingKeys: String, CodingKey { case nbformat, cells, metadata }
    struct Metadata: Decodable {
        struct Extras: Decodable {
            var frontMatter: [String]?
            enum CodingKeys: String, CodingKey { case frontMatter = "front_matter" }
        }
        var nnbook: Extras?
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        // Read as a number first: the decoder calls 4.5 for an Int "not valid JSON".
        let number = try c.decode(Double.self, forKey: .nbformat)
        guard let version = Int(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: c.codingPath + [CodingKeys.nbformat],
                                                    debugDescription: "expected a whole number, not \(number)"))
        }
        nbformat = version
        cells = nbformat == 4 ? try c.decode([JupyterCell].self, forKey: .cells) : []
        // Front matter that is not lines of `KEY: VALUE` would not read back as front matter: left out.
        frontMatter = (try? c.decodeIfPresent(Metadata.self, forKey: .metadata))?.nnbook?.frontMatter
            .flatMap { lines in lines.count <= 40 && lines.allSatisfy(Notebook.isFrontMatterLine) ? lines : nil }
    }
}

/// One cell of a notebook.
enum JupyterCell: Decodable {
    case markdown(String)
    /// A code cell; `hint` is a lesson's hint and `mistakes` its foreseen
    /// wrong answers, kept by `JupyterExport` in the cell's metadata as
    /// `nnbook.hint` and `nnbook.mistakes`.
    case code(String, outputs: [JupyterOutput], hint: String?, mistakes: [CellMistake])
    /// A `raw` cell, or a type this reader does not know.
    case other(type: String)

    enum CodingKeys: String, CodingKey { case cellType = "cell_type", source, outputs, metadata }

    /// The part of a cell's metadata nnbook reads; anything else is ignored,
    /// and so is a hint that is not a string, or mistakes that are not a list
    /// of `{"output": …, "explanation": …}` strings.
    struct Metadata: Decodable {
        var nnbook: Extras?
        struct Extras: Decodable {
            var hint: String?
            var mistakes: [Mistake]?
            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: CodingKeys.self)
                hint = try? c.decodeIfPresent(String.self, forKey: .hint)
                mistakes = try? c.decodeIfPresent([Mistake].self, forKey: .mistakes)
            }
            enum CodingKeys: String, CodingKey { case hint, mistakes }
        }
        struct Mistake: Decodable {
            var output: String
            var explanation: String
        }
        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            nnbook = try? c.decodeIfPresent(Extras.self, forKey: .nnbook)
        }
        enum CodingKeys: String, CodingKey { case nnbook }
    }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .cellType)
        switch type {
        case "markdown": self = .markdown(try c.decode(MultilineString.self, forKey: .source).text)
        case "code":
            let metadata = try? c.decodeIfPresent(Metadata.self, forKey: .metadata)
            self = .code(try c.decode(MultilineString.self, forKey: .source).text,
                         outputs: try c.decode([JupyterOutput].self, forKey: .outputs), hint: metadata?.nnbook?.hint,
                         mistakes: (metadata?.nnbook?.mistakes ?? []).map { CellMistake(output: $0.output, explanation: $0.explanation) })
        default: self = .other(type: type)
        }
    }
}

/// One output of a code cell.
enum JupyterOutput: Decodable {
    /// Printed text; `name` is `stdout` or `stderr`.
    case stream(name: String, text: String)
    /// An `execute_result` or `display_data`: its `text/plain`, if it has one.
    case data(text: String?)
    case error(name: String, value: String, traceback: [String])
    case other(type: String)

    enum CodingKeys: String, CodingKey { case outputType = "output_type", name, text, data, ename, evalue, traceback }

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .outputType)
        switch type {
        case "stream":
            self = .stream(name: try c.decode(String.self, forKey: .name), text: try c.decode(MultilineString.self, forKey: .text).text)
        case "execute_result", "display_data":
            self = .data(text: try c.decode(MimeBundle.self, forKey: .data).plainText?.text)
        case "error":
            self = .error(name: try c.decode(String.self, forKey: .ename), value: try c.decode(String.self, forKey: .evalue),
                          traceback: try c.decode([String].self, forKey: .traceback))
        default: self = .other(type: type)
        }
    }
}

/// A MIME bundle; only `text/plain` is read (an SVG plot's text fallback, a
/// table's text).
struct MimeBundle: Decodable {
    var plainText: MultilineString?
    enum CodingKeys: String, CodingKey { case plainText = "text/plain" }
}

/// nbformat's multi-line string: one string, or a list of strings to join
/// (each but the last usually ending in "\n").
struct MultilineString: Decodable {
    var text: String

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let text = try? c.decode(String.self) {
            self.text = text
        } else if let lines = try? c.decode([String].self) {
            text = lines.joined()
        } else {
            throw DecodingError.typeMismatch(String.self, .init(codingPath: decoder.codingPath,
                                                                 debugDescription: "expected a string or a list of strings"))
        }
    }
}

extension JupyterDocument {
    /// Decodes `.ipynb` JSON; every failure is a `NotebookError` at `path`:
    /// invalid JSON at its line, a missing or mistyped field at its place in
    /// the document, an nbformat other than 4 saying what to do.
    static func read(_ json: Data, path: String) throws -> JupyterDocument {
        if json.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            throw NotebookError(path: path, line: 0, message: "is empty, not a Jupyter notebook")
        }
        let document: JupyterDocument
        do {
            document = try JSONDecoder().decode(JupyterDocument.self, from: json)
        } catch let error as DecodingError {
            throw located(error, json: json, path: path)
        }
        switch document.nbformat {
        case 4: return document
        case ..<4:
            throw NotebookError(path: path, line: 0, message: "is nbformat \(document.nbformat); nnbook reads nbformat 4 "
                                + "(jupyter nbconvert --to notebook --nbformat 4 converts it)")
        default:
            throw NotebookError(path: path, line: 0, message: "is nbformat \(document.nbformat), newer than the nbformat 4 nnbook reads")
        }
    }

    /// A decoding error as a located `NotebookError`.
    static func located(_ error: DecodingError, json: Data, path: String) -> NotebookError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return syntaxError(json, path: path) ?? NotebookError(path: path, line: 0, message: sentence(context.debugDescription))
        case .dataCorrupted(let context):
            return NotebookError(path: path, line: 0, message: "\(place(context.codingPath)): \(sentence(context.debugDescription))")
        case .keyNotFound(let key, let context):
            let at = context.codingPath.isEmpty ? "the notebook" : place(context.codingPath)
            return NotebookError(path: path, line: 0, message: "\(at): missing \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            let at = context.codingPath.isEmpty ? "the notebook" : place(context.codingPath)
            return NotebookError(path: path, line: 0, message: "\(at): \(mismatch(type, context.debugDescription))")
        case .valueNotFound(_, let context):
            return NotebookError(path: path, line: 0, message: "\(place(context.codingPath)): is null")
        @unknown default:
            return NotebookError(path: path, line: 0, message: "is not a Jupyter notebook: \(error)")
        }
    }

    /// Invalid JSON, at the line and column (in bytes) where `JSONSerialization`
    /// stopped (its message says "around character N", counted in bytes from 0).
    /// Nil when the JSON parses: the decoder objected to a value, not the syntax.
    static func syntaxError(_ json: Data, path: String) -> NotebookError? {
        var why = "the data is not valid JSON"
        do { _ = try JSONSerialization.jsonObject(with: json); return nil } catch {
            if let text = (error as NSError).userInfo["NSDebugDescription"] as? String { why = sentence(text) }
        }
        guard let range = why.range(of: #" around character \d+"#, options: .regularExpression),
              let offset = Int(why[range].dropFirst(" around character ".count)) else {
            return NotebookError(path: path, line: 0, message: "not valid JSON: \(why)")
        }
        let before = json.prefix(min(offset, json.count))
        let line = 1 + before.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        let column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
        return NotebookError(path: path, line: line, message: "not valid JSON: \(why.replacingCharacters(in: range, with: "")) at column \(column)")
    }

    /// `cells[3].outputs[0]`, with the cell counted from 1 for people: `cells[3] (cell 4).outputs[0]`.
    static func place(_ codingPath: [CodingKey]) -> String {
        var text = ""
        for (i, key) in codingPath.enumerated() {
            if let index = key.intValue {
                text += "[\(index)]"
                if i == 1, codingPath.first?.stringValue == "cells" { text += " (cell \(index + 1))" }
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    /// "expected a list but found a dictionary", in JSON's words, not Swift's;
    /// a message of our own (`MultilineString`'s) is kept.
    static func mismatch(_ type: Any.Type, _ description: String) -> String {
        guard description.hasPrefix("Expected to decode") else { return sentence(description) }
        let name = String(describing: type)
        let wanted = name.hasPrefix("Array") ? "a list" : name.hasPrefix("Dictionary") ? "a JSON object"
            : name == "String" ? "a string" : name == "Int" ? "a whole number" : name == "Bool" ? "true or false" : "a number"
        guard let found = description.range(of: " but found ") else { return "expected \(wanted)" }
        var what = description[found.upperBound...].replacingOccurrences(of: " instead.", with: "")
        for article in ["a ", "an "] where what.hasPrefix(article) { what.removeFirst(article.count) }
        let words = ["dictionary": "a JSON object", "array": "a list", "number": "a number", "string": "a string", "bool": "true or false"]
        return "expected \(wanted) but found \(words[what] ?? what)"
    }

    /// A decoder's message as part of ours: lower-case start, no final period.
    static func sentence(_ text: String) -> String {
        var s = text.hasSuffix(".") ? String(text.dropLast()) : text
        if let first = s.first { s = first.lowercased() + s.dropFirst() }
        return s
    }
}
