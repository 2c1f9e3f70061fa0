import Foundation
import NNBookLanguage

/// One cell whose output did not match, located at the line of the expected
/// block where the first difference is (or at the cell, for a cell without
/// an expected output that raised an error).
public struct CheckFailure: Sendable, Equatable {
    public var path: String
    public var line: Int
    /// The first differing line as the notebook expects it
    /// (`OutputComparator.endOfOutput` when the output was longer).
    public var expected: String
    /// The same line as the cell printed it.
    public var got: String
    public var cellSource: String
    /// `output differs`, or `cell failed with an error`.
    public var message: String

    public init(path: String, line: Int, expected: String, got: String, cellSource: String, message: String = "output differs") {
        self.path = path
        self.line = line
        self.expected = expected
        self.got = got
        self.cellSource = cellSource
        self.message = message
    }
}

/// Where Ctrl-C stopped `nnbook check`, and what it left unchecked.
public struct CheckStop: Sendable, Equatable {
    public var path: String
    /// Cells of that file after the one Ctrl-C stopped, not run.
    public var cellsNotRun: Int
    /// Files after it, not checked.
    public var filesNotChecked: Int
}

/// The result of `NotebookChecker.check`: counts, and what went wrong where.
public struct CheckReport: Sendable, Equatable {
    /// Notebook files read (or attempted).
    public var files = 0
    /// Cells whose output matched.
    public var passed = 0
    /// Cells that did not match, plus one per file that could not be parsed.
    public var failed = 0
    public var failures: [CheckFailure] = []
    /// Files that could not be read or parsed, and paths that name nothing.
    public var errors: [NotebookError] = []
    /// Set when Ctrl-C stopped the check before its end.
    public var stopped: CheckStop?

    public init() {}

    /// `N passed, M failed`.
    public var summaryLine: String { "\(passed) passed, \(failed) failed" }

    /// True when nothing failed; the exit status of `nnbook check`.
    public var succeeded: Bool { failed == 0 && errors.isEmpty && stopped == nil }

    /// The report as lines: each error, then each failure as
    ///
    ///     path:line: output differs
    ///       Expected: 0.88
    ///       Got:      0.64
    ///
    /// and the summary line last.
    public func render() -> [String] {
        var lines = errors.map(\.description)
        for f in failures {
            lines.append("\(f.path):\(f.line): \(f.message)")
            lines.append("  Expected: \(f.expected)")
            lines.append("  Got:      \(f.got)")
        }
        if let s = stopped {
            lines.append("stopped by Ctrl-C in \(s.path): \(s.cellsNotRun) cell\(s.cellsNotRun == 1 ? "" : "s") not run"
                         + (s.filesNotChecked > 0 ? ", \(s.filesNotChecked) more file\(s.filesNotChecked == 1 ? "" : "s") not checked" : ""))
        }
        lines.append(summaryLine)
        return lines
    }
}

/// `nnbook check`: runs notebooks and compares every output with the one the
/// notebook expects (see `OutputComparator`). Every cell runs; failures are
/// counted and reported once at the end.
public enum NotebookChecker {
    /// Checks each path: a notebook file, or a folder whose `*.md` files
    /// (directly inside, not in subfolders) are checked in name order. Each
    /// file gets a fresh session with `options`. Once `isCancelled` (Ctrl-C),
    /// the cell running stops and nothing after it runs (`CheckReport.stopped`).
    public static func check(paths: [String], options: SessionOptions = SessionOptions(),
                             isCancelled: @escaping () -> Bool = { false }) -> CheckReport {
        var report = CheckReport()
        let (files, errors) = notebookFiles(paths)
        report.errors = errors
        report.failed += errors.count
        for (k, file) in files.enumerated() {
            let notRun = check(file: file, options: options, isCancelled: isCancelled, into: &report)
            if isCancelled() {
                report.stopped = CheckStop(path: file, cellsNotRun: notRun, filesNotChecked: files.count - k - 1)
                break
            }
        }
        return report
    }

    /// The notebook files `paths` name, and an error for each path that names
    /// nothing (or a folder without a `.md` file).
    public static func notebookFiles(_ paths: [String]) -> (files: [String], errors: [NotebookError]) {
        var files: [String] = []
        var errors: [NotebookError] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                errors.append(NotebookError(path: path, line: 0, message: "no such file or folder")); continue
            }
            guard isFolder.boolValue else { files.append(path); continue }
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".md") && !$0.hasPrefix(".") }.sorted()
            // Keep the path as the user gave it (`Lessons/01-….md`), not made absolute.
            let found = names.map { path.hasSuffix("/") ? path + $0 : path + "/" + $0 }
                .filter { FileManager.default.fileExists(atPath: $0, isDirectory: &isFolder) && !isFolder.boolValue }
            if found.isEmpty { errors.append(NotebookError(path: path, line: 0, message: "no .md notebooks in this folder")) }
            files += found
        }
        return (files, errors)
    }

    /// Checks one file into `report`; returns how many of its cells did not
    /// run (Ctrl-C stopped it).
    @discardableResult
    static func check(file: String, options: SessionOptions, isCancelled: @escaping () -> Bool = { false },
                      into report: inout CheckReport) -> Int {
        report.files += 1
        let notebook: Notebook
        do {
            notebook = try NotebookFile.load(file)
        } catch {
            report.errors.append(error as? NotebookError ?? NotebookError(path: file, line: 0, message: "\(error)"))
            report.failed += 1
            return 0
        }
        let session = Session(options: options)
        session.fileAccess = .guest(ofNotebook: file)  // someone else's notebook: its own folder only
        session.isCancelled = isCancelled
        let runs = NotebookRunner.run(notebook, session: session)
        for run in runs {
            if let failure = failure(of: run, in: file) {
                report.failed += 1
                report.failures.append(failure)
            } else if run.matches == true {
                report.passed += 1
            }
        }
        return notebook.cells.count - runs.count
    }

    /// Compares the expected outputs of `file` with those of `other`, cell by
    /// cell, by `OutputComparator` (`file`'s as expected, `other`'s as got),
    /// running nothing: for a notebook whose outputs came from elsewhere (the
    /// Jupyter kernel's, read back by `nnbook import`). The two must hold the
    /// same cells with the same code; a cell with expected output in `file`
    /// and none in `other` compares against empty output.
    public static func compareExpected(file: String, against other: String) -> CheckReport {
        var report = CheckReport()
        report.files = 1
        let mine: Notebook, theirs: Notebook
        do {
            mine = try NotebookFile.load(file)
            theirs = try NotebookFile.load(other)
        } catch {
            report.errors.append(error as? NotebookError ?? NotebookError(path: other, line: 0, message: "\(error)"))
            report.failed = 1
            return report
        }
        guard mine.cells.map(\.source) == theirs.cells.map(\.source) else {
            report.errors.append(NotebookError(path: other, line: 0, message:
                "does not hold the same cells as \(file) (\(theirs.cells.count) against \(mine.cells.count), or their code differs)"))
            report.failed = 1
            return report
        }
        for (cell, got) in zip(mine.cells, theirs.cells) {
            guard let expected = cell.expected else { continue }
            if let d = OutputComparator.firstDifference(expected: expected, got: got.expected ?? "") {
                report.failed += 1
                report.failures.append(CheckFailure(path: file, line: (cell.expectedLine ?? cell.line) + d.line - 1,
                                                    expected: d.expected, got: d.got, cellSource: cell.source))
            } else {
                report.passed += 1
            }
        }
        return report
    }

    /// The failure a cell's run amounts to: a `mistake` block's wrong output
    /// is what it prints, its output differs from the expected one, or it has
    /// no expected output and raised an error.
    static func failure(of run: CellRun, in path: String) -> CheckFailure? {
        let got = run.output.joined(separator: "\n")
        // A lesson's foreseen wrong output that the cell itself prints would name a right answer.
        if let m = run.cell.mistakes.first(where: { OutputComparator.compare(expected: $0.output, got: got) }) {
            return CheckFailure(path: path, line: m.line, expected: "another output than the cell's", got: m.output,
                                cellSource: run.cell.source, message: "this mistake block's wrong output is what the cell prints")
        }
        if let expected = run.cell.expected {
            guard let d = OutputComparator.firstDifference(expected: expected, got: got) else { return nil }
            let first = run.cell.expectedLine ?? run.cell.line
            return CheckFailure(path: path, line: first + d.line - 1, expected: d.expected, got: d.got,
                                cellSource: run.cell.source)
        }
        guard run.failed else { return nil }
        return CheckFailure(path: path, line: run.cell.line, expected: "(no error)",
                            got: run.output.first ?? "", cellSource: run.cell.source,
                            message: "cell failed with an error")
    }
}
