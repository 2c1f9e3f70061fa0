import Foundation

/// The report file of `nnbook lesson --report FILE.json`, rewritten whole and
/// atomically (`NotebookFile.write`, through `AtomicFile`) each time a lesson's
/// entry changes. A report already in the file is kept and added to (a lesson
/// walked again replaces its entry); a file there that is not a report is
/// never overwritten: opening it fails instead.
public final class LessonReportFile {
    public let path: String
    public private(set) var report: LessonReport

    /// Opens `path`: a new report when there is no file, the report in it when
    /// it holds one; an error naming the file when it holds something else.
    public init(path: String) throws(NotebookError) {
        self.path = path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            report = LessonReport()
            return
        }
        if isFolder.boolValue { throw NotebookError(path: path, line: 0, message: "is a folder; give a file name for the report") }
        switch LessonReportReader.read(path) {
        case .success(let r): report = r
        case .failure(let e):
            throw NotebookError(path: path, line: 0, message: "cannot take the report: \(e.message); it was left as it is")
        }
    }

    /// Puts `lesson` in the report and writes the file.
    public func record(_ lesson: LessonReport.Lesson) throws(NotebookError) {
        report = report.with(lesson)
        do { try NotebookFile.write(report.json(), to: path, overwrite: true) } catch let e as NotebookError { throw e } catch {
            throw NotebookError(path: path, line: 0, message: "cannot be written: \(error)")
        }
    }
}
