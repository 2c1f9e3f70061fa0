// Fuzzing the session journal: the bytes are a journal file, in the record
// format (`nnbook journal 1`, then `LENGTH CRC32` lines and JSON) or a Markdown
// journal of an earlier version. A mutation almost never keeps a checksum
// right, so a second form (`fuzzJournalPayloads`) takes lines of JSON and
// frames each with its true length and checksum, letting mutations reach the
// record decoder and the replay. JournalReader must read any bytes without
// trapping; the records it returns are replayed as `nnbook resume` replays
// them (each source defanged as a program is), and must survive a round
// trip: framed again and read back, they frame to the same bytes.
import Foundation
import NNBookLanguage
import NNBookNotebook

func fuzzJournal(_ bytes: [UInt8], deadline: UInt64) {
    guard let contents = try? JournalReader.parse(bytes, path: "fuzz.journal") else { return }
    if contents.kind == .records {
        checkRoundTrip(contents.records)
    }
    let records = contents.records.map { r -> JournalRecord in
        var safe = r
        safe.source = defang(r.source)
        return safe
    }
    let session = fuzzSession(deadline: deadline)
    let report = JournalReplay.replay(records, in: session, execute: { runCell($0, in: session) })
    _ = report.summary(path: "fuzz.journal", variables: session.variableNames, damage: contents.damage)
}

/// Each line of `bytes` framed as a record's payload, then read as a journal.
func fuzzJournalPayloads(_ bytes: [UInt8], deadline: UInt64) {
    var journal = Array(JournalFormat.header.utf8)
    for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
        journal += Array("\(line.count) \(String(format: "%08x", JournalFormat.crc32(line)))\n".utf8) + line + [UInt8(ascii: "\n")]
    }
    fuzzJournal(journal, deadline: deadline)
}

/// Framed, read back and framed again, records give the same bytes.
private func checkRoundTrip(_ records: [JournalRecord]) {
    guard let first = try? framed(records) else { return }
    guard let again = try? JournalReader.parse(first, path: "round-trip"), again.damage == nil,
          let second = try? framed(again.records), second == first else {
        fatalError("nnbook-fuzz: journal records did not survive a round trip")
    }
}

private func framed(_ records: [JournalRecord]) throws -> [UInt8] {
    try records.reduce(Array(JournalFormat.header.utf8)) { $0 + (try JournalFormat.frame($1)) }
}
