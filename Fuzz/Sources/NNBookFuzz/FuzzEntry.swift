// libFuzzer entry point. The first byte picks what the rest is:
//
//   0x01  a session journal, read by JournalReader and replayed (FuzzJournal.swift);
//   0x02  a Markdown notebook, parsed and its cells run as :load runs them (FuzzNotebook.swift);
//   0x03  lines of JSON, each framed as a journal record with its true checksum, then as 0x01;
//   0x04  an ONNX model's bytes, saved as m.onnx and loaded, summarised and saved again (fuzzONNX);
//   else  the whole input is a program typed at the prompt (below).
//
// One run of the fuzzer covers all three, so FUZZ_SECONDS is the time for all.
//
// A program's bytes are decoded as UTF-8 (invalid sequences become U+FFFD), split into
// lines, grouped into cells by CellSplitter exactly as the REPL groups them, and
// every cell is run in one fresh Session. A cell may legitimately loop forever
// (`while True:`); the session's Ctrl-C hook ends it after ~200 ms of wall time
// for the whole input. Values are capped at 64 MB so that a huge vector is
// refused rather than exhausting memory; `:limits memory …` is undone after
// every cell for the same reason.
//
// Nothing is written outside a temporary directory: the process chdirs into a
// fresh one on the first input (emptied before every input), so `save model to "m.json"` lands there, and
// programs that could name a path outside it (a string with '/', or '~') have
// their file-touching words defanged first (see `defang`).
import CFuzzDriver
import Foundation
import NNBookLanguage

private let memoryLimit = 64 << 20
private let timeBudget: UInt64 = 200_000_000  // nanoseconds of wall time per input
/// NNBOOK_FUZZ_VERBOSE=1 prints every cell and its outputs (to reproduce a finding).
private let verbose = ProcessInfo.processInfo.environment["NNBOOK_FUZZ_VERBOSE"] == "1"

private let workingDirectory: String = {
    let base = FileManager.default.temporaryDirectory.path
    let dir = base + "/nnbook-fuzz-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    if !FileManager.default.changeCurrentDirectoryPath(dir) {
        fatalError("nnbook-fuzz: cannot enter the temporary directory \(dir)")
    }
    return dir
}()

/// Renames the words that read or write files (save, load, load_csv, mnist,
/// graph … to, plot … to) when the program could name a path outside the
/// working directory. A path is a string, and strings cannot build a '/' out of
/// other characters (the only escapes are \n, \t and a backslash before a
/// literal character), so a program without both a quote and a '/', and
/// without '~', names no other directory.
func defang(_ text: String) -> String {
    let quoted = text.contains("\"") || text.contains("'")
    guard (quoted && text.contains("/")) || text.contains("~") else { return text }
    var t = text
    for word in ["save", "load", "mnist", "graph", "plot"] where t.contains(word) {
        t = t.replacingOccurrences(of: word, with: String(word.dropLast()) + "_")
    }
    return t
}

/// What the first byte of an input selects (anything else: a program).
enum FuzzInput {
    static let journal: UInt8 = 0x01
    static let notebook: UInt8 = 0x02
    static let journalPayloads: UInt8 = 0x03
    static let onnx: UInt8 = 0x04
}

/// An ONNX file from a stranger: `load` must refuse it with a message or read it.
func fuzzONNX(_ bytes: [UInt8], deadline: UInt64) {
    guard FileManager.default.createFile(atPath: workingDirectory + "/m.onnx", contents: Data(bytes)) else { return }
    runProgram("m = load(\"m.onnx\")\nsummary m\nm.layers[0].weights\nsave! m to \"again.onnx\"\nm2 = load(\"again.onnx\")", deadline: deadline)
}

/// A session as the fuzzer runs every input: values capped at `memoryLimit`,
/// Ctrl-C once `deadline` (uptime nanoseconds) passes.
func fuzzSession(deadline: UInt64) -> Session {
    let session = Session()
    session.options.memoryLimit = memoryLimit
    session.isCancelled = { DispatchTime.now().uptimeNanoseconds > deadline }
    return session
}

/// Runs one cell as the REPL would; `:limits memory …` is undone after it.
func runCell(_ source: String, firstLine: Int = 1, in session: Session) -> CellResult {
    let result = session.execute(source, firstLine: firstLine)
    if verbose {
        print(">>> " + source.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n... "))
        for item in result.outputs {
            switch item {
            case .result(_, let text): print(text)
            case .text(let text, _): print(text)
            case .error(_, let lines): print(lines.joined(separator: "\n"))
            case .elided(let n): print("[\(n) lines elided]")
            }
        }
        if result.interrupted { print("[interrupted]") }
        if let request = result.request { print("[request \(request)]") }
    }
    session.options.memoryLimit = min(session.options.memoryLimit, memoryLimit)
    return result
}

/// Runs one program the way the REPL would, returning the number of cells run.
@discardableResult
public func runProgram(_ text: String, deadline: UInt64) -> Int {
    let session = fuzzSession(deadline: deadline)
    var splitter = CellSplitter()
    var cells = 0
    func run(_ cell: CellSplitter.Cell) {
        _ = runCell(cell.source, firstLine: cell.firstLine, in: session)
        cells += 1
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        for cell in splitter.feed(String(line)) { run(cell) }
    }
    if let cell = splitter.finish() { run(cell) }
    return cells
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Every input starts in an empty directory, so runs are reproducible.
    if let leftovers = try? FileManager.default.contentsOfDirectory(atPath: workingDirectory) {
        for name in leftovers { try? FileManager.default.removeItem(atPath: workingDirectory + "/" + name) }
    }
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let deadline = DispatchTime.now().uptimeNanoseconds + timeBudget
    switch bytes.first {
    case FuzzInput.journal: fuzzJournal(Array(bytes.dropFirst()), deadline: deadline)
    case FuzzInput.notebook: fuzzNotebook(Array(bytes.dropFirst()), deadline: deadline)
    case FuzzInput.journalPayloads: fuzzJournalPayloads(Array(bytes.dropFirst()), deadline: deadline)
    case FuzzInput.onnx: fuzzONNX(Array(bytes.dropFirst()), deadline: deadline)
    default: runProgram(defang(String(decoding: bytes, as: UTF8.self)), deadline: deadline)
    }
    return 0
}

/// SwiftPM links executables with `main` defined as this module's entry point,
/// so libFuzzer's own `main` is not used: hand the command line to its driver.
@main
enum FuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            guard let data else { return 0 }
            return fuzz(data, size)
        })
    }
}
