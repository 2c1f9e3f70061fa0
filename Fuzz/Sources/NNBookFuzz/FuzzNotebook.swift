// Fuzzing notebooks: the bytes are a Markdown notebook (decoded as UTF-8,
// defanged as a program is). NotebookParser must parse any text or give a
// located error; the cells of a notebook that parses run in one session as
// `:load` runs them, each from its line in the file, stopping at a cell the
// deadline interrupts.
import Foundation
import NNBookLanguage
import NNBookNotebook

func fuzzNotebook(_ bytes: [UInt8], deadline: UInt64) {
    let text = defang(String(decoding: bytes, as: UTF8.self))
    guard let notebook = try? NotebookParser.parse(text, path: "fuzz.md") else { return }
    let session = fuzzSession(deadline: deadline)
    for cell in notebook.cells {
        if runCell(cell.source, firstLine: cell.line, in: session).interrupted { break }
    }
}
