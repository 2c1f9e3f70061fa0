import Foundation
import NNBookLanguage

/// What a journal file holds: its records in order, and the damaged end that
/// was left out, if any.
public struct JournalContents: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// `JournalFormat`, with outcomes and fingerprints.
        case records
        /// A Markdown notebook, as nnbook wrote journals before the record format.
        case markdown
    }

    public var kind: Kind
    public var records: [JournalRecord]
    public var damage: JournalDamage?

    public init(kind: Kind, records: [JournalRecord], damage: JournalDamage? = nil) {
        self.kind = kind
        self.records = records
        self.damage = damage
    }
}

/// The end of a journal that could not be read and was left out.
public struct JournalDamage: Sendable, Equatable, CustomStringConvertible {
    public enum Reason: Sendable, Equatable {
        /// The file ends inside a record: it was cut short as it was written.
        case cutShort
        /// A record whose length, checksum or content is wrong.
        case corrupt
    }

    /// Where the damage starts, in bytes from the start of the file.
    public var offset: Int
    /// How many bytes were left out (to the end of the file).
    public var bytes: Int
    /// How many records those bytes held, as far as can be told (at least one).
    public var records: Int
    public var reason: Reason

    public var description: String {
        let size = "\(NumberFormat.grouped(bytes)) byte\(bytes == 1 ? "" : "s")"
        switch reason {
        case .cutShort:
            return "the journal's last \(size) were a cell cut short as it was written (by a kill or a full disk) "
                + "and were left out; every cell before them is restored"
        case .corrupt:
            let held = records == 1 ? "1 cell" : "\(records) cells"
            return "the journal is damaged at byte \(NumberFormat.grouped(offset)): the \(size) from there "
                + "(\(held)) were left out; every cell before them is restored"
        }
    }
}

/// Reads a session journal: the record format (`JournalFormat`), or the
/// Markdown notebooks earlier versions wrote (read as notebooks, every cell
/// replayed as before).
///
/// A record format journal never fails to read because of its end: the
/// first record that is cut short or does not check out, and everything
/// after it, is left out and described in `damage`; every record before it
/// comes back. (Records after a damaged one are not used even when intact:
/// replaying them without it would not give what the learner had.)
public enum JournalReader {
    /// Reads the journal at `path`. Throws a `NotebookError` when the file
    /// cannot be read, is a Markdown journal that does not parse, or was
    /// written by a newer nnbook.
    public static func read(_ path: String) throws -> JournalContents {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw NotebookError(path: path, line: 0, message: "cannot be read (check that it exists and its permissions)")
        }
        return try parse([UInt8](data), path: path)
    }

    /// Reads journal bytes; `path` names them in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws -> JournalContents {
        let header = Array(JournalFormat.header.utf8)
        let magic = Array(JournalFormat.magic.utf8)
        if bytes.count < header.count && bytes.elementsEqual(header.prefix(bytes.count)) {
            let damage = bytes.isEmpty ? nil : JournalDamage(offset: 0, bytes: bytes.count, records: 1, reason: .cutShort)
            return JournalContents(kind: .records, records: [], damage: damage)
        }
        if bytes.starts(with: header) { return records(bytes, from: header.count) }
        if bytes.starts(with: magic) {
            let line = bytes.prefix { $0 != UInt8(ascii: "\n") }.prefix(40)
            throw NotebookError(path: path, line: 1, message: "was written by another version of nnbook "
                                + "(\(String(decoding: line, as: UTF8.self))); this one reads \(JournalFormat.header.dropLast())")
        }
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw NotebookError(path: path, line: 0, message: "is neither a journal nor a UTF-8 notebook")
        }
        let notebook = try NotebookParser.parse(text, path: path)
        let records = notebook.cells.enumerated().map { i, cell in
            JournalRecord(count: i + 1, source: cell.source,
                          output: cell.expected.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) } ?? [],
                          outcome: .ran)
        }
        return JournalContents(kind: .markdown, records: records)
    }

    /// The records from `start` on, up to the first damaged one.
    static func records(_ bytes: [UInt8], from start: Int) -> JournalContents {
        var out: [JournalRecord] = []
        var offset = start
        while offset < bytes.count {
            switch read(bytes, at: offset) {
            case .record(let record, let next):
                out.append(record)
                offset = next
            case .damaged(let reason):
                let damage = JournalDamage(offset: offset, bytes: bytes.count - offset,
                                           records: reason == .cutShort ? 1 : framesLeft(bytes, from: offset), reason: reason)
                return JournalContents(kind: .records, records: out, damage: damage)
            }
        }
        return JournalContents(kind: .records, records: out)
    }

    private enum Step {
        case record(JournalRecord, next: Int)
        case damaged(JournalDamage.Reason)
    }

    /// The record at `offset`, checked: header, length, checksum, newline, JSON.
    private static func read(_ bytes: [UInt8], at offset: Int) -> Step {
        switch JournalFormat.recordHeader(in: bytes, at: offset) {
        case .cutShort: return .damaged(.cutShort)
        case .invalid: return .damaged(.corrupt)
        case .header(let length, let checksum, let payload):
            guard length < bytes.count - payload else { return .damaged(.cutShort) }  // payload and its newline
            let body = bytes[payload..<payload + length]
            guard bytes[payload + length] == UInt8(ascii: "\n"), JournalFormat.crc32(body) == checksum,
                  let record = try? JournalFormat.decoder.decode(JournalRecord.self, from: Data(body)) else {
                return .damaged(.corrupt)
            }
            return .record(record, next: payload + length + 1)
        }
    }

    /// How many framed records follow `offset`, by their headers alone (at least one).
    private static func framesLeft(_ bytes: [UInt8], from offset: Int) -> Int {
        var count = 0
        var at = offset
        while at < bytes.count, case .header(let length, _, let payload) = JournalFormat.recordHeader(in: bytes, at: at),
              length < bytes.count - payload {
            count += 1
            at = payload + length + 1
        }
        return max(count, 1)
    }
}
