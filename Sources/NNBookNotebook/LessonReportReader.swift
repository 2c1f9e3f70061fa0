import Foundation

/// Reads a `LessonReport` a learner handed in — untrusted input. A file is
/// read only when it is a regular file, and only up to `sizeLimit` bytes;
/// nesting deeper than `depthLimit` is refused before any decoding; then the
/// schema is checked (format, version, every field's type) and every number's
/// range and every string's length. Anything else is a `NotebookError`
/// naming the file and the reason; nothing in a report is run.
public enum LessonReportReader {
    /// Bytes read at most (1 MB): a report of every lesson is far smaller.
    public static let sizeLimit = 1 << 20
    /// Arrays and objects inside one another at most (a report needs 5).
    public static let depthLimit = 16
    /// Lessons per report, cells per lesson, at most.
    public static let lessonLimit = 200
    public static let cellLimit = 2000

    /// The report in the file at `path`, or why it is not one.
    public static func read(_ path: String) -> Result<LessonReport, NotebookError> {
        let url = URL(fileURLWithPath: path)
        guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else {
            return .failure(NotebookError(path: path, line: 0, message: "not a regular file"))
        }
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            return .failure(NotebookError(path: path, line: 0, message: "cannot be read"))
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: sizeLimit + 1)) ?? Data()
        if data.count > sizeLimit {
            return .failure(NotebookError(path: path, line: 0, message: "larger than \(sizeLimit / (1 << 20)) MB; not read"))
        }
        return decode(data, path: path)
    }

    /// The report `data` holds, or why it is not one (located at `path`).
    public static func decode(_ data: Data, path: String) -> Result<LessonReport, NotebookError> {
        func fail(_ message: String, line: Int = 0) -> Result<LessonReport, NotebookError> {
            .failure(NotebookError(path: path, line: line, message: message))
        }
        if data.isEmpty { return fail("empty") }
        if let (line, depth) = tooDeep(data) { return fail("nested \(depth) deep (at most \(depthLimit))", line: line) }
        guard (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil else {
            return fail("not valid JSON (cut short, or not JSON at all)")
        }
        struct Header: Decodable { var format: String?; var version: Int? }
        guard let header = try? JSONDecoder().decode(Header.self, from: data) else { return fail("not a JSON object") }
        guard header.format == LessonReport.formatName else {
            return fail("not an nnbook lesson report (\"format\" is not \"\(LessonReport.formatName)\")")
        }
        guard header.version == LessonReport.currentVersion else {
            return fail("report version \(header.version.map(String.init) ?? "missing"); this nnbook reads version \(LessonReport.currentVersion)")
        }
        let report: LessonReport
        do { report = try JSONDecoder().decode(LessonReport.self, from: data) } catch let error as DecodingError {
            return fail(describe(error))
        } catch { return fail("cannot be decoded") }
        if let problem = check(report) { return fail(problem) }
        return .success(report)
    }

    /// What is out of range in a decoded report, if anything.
    static func check(_ report: LessonReport) -> String? {
        if report.lessons.count > lessonLimit { return "\(report.lessons.count) lessons (at most \(lessonLimit))" }
        for lesson in report.lessons {
            if lesson.lesson.isEmpty || lesson.lesson.count > 200 { return "a lesson's name is empty or longer than 200 characters" }
            if lesson.title.count > 500 { return "lesson \(lesson.lesson): title longer than 500 characters" }
            if lesson.cells.count > cellLimit { return "lesson \(lesson.lesson): \(lesson.cells.count) cells (at most \(cellLimit))" }
            for c in lesson.cells {
                let at = "lesson \(lesson.lesson), cell \(c.cell)"
                if !(1...cellLimit).contains(c.cell) { return "lesson \(lesson.lesson): cell number \(c.cell) out of range" }
                if !(0...1_000_000).contains(c.attempts) { return "\(at): attempts \(c.attempts) out of range" }
                if !(0...3).contains(c.hintTier) { return "\(at): hintTier \(c.hintTier) is not 0 to 3" }
                if !(0...10_000_000).contains(c.seconds) { return "\(at): seconds \(c.seconds) out of range" }
                if c.wrongAnswers.count > LessonReport.answersPerCell { return "\(at): more than \(LessonReport.answersPerCell) wrong answers" }
                if c.wrongAnswers.contains(where: { $0.answer.count > LessonReport.answerLimit || $0.mistake.count > 100 }) {
                    return "\(at): a wrong answer longer than \(LessonReport.answerLimit) characters"
                }
            }
        }
        return nil
    }

    /// The line and depth where arrays and objects first nest deeper than
    /// `depthLimit` (brackets inside strings do not count), or nil.
    static func tooDeep(_ data: Data) -> (line: Int, depth: Int)? {
        var depth = 0, line = 1
        var inString = false, escaped = false
        for byte in data {
            if byte == UInt8(ascii: "\n") { line += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > depthLimit { return (line, depth) }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return nil
    }

    /// A decoding error in a sentence: which field, and what is wrong with it.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case .keyNotFound(let key, let c): return "missing field \(path(c.codingPath + [key]))"
        case .typeMismatch(_, let c): return "field \(path(c.codingPath)) has the wrong type"
        case .valueNotFound(_, let c): return "field \(path(c.codingPath)) is null"
        case .dataCorrupted(let c):
            return c.codingPath.isEmpty ? "not valid JSON" : "field \(path(c.codingPath)) has a value this version does not know"
        @unknown default: return "cannot be decoded"
        }
    }
}
