import Foundation
import NNBookLanguage
import XCTest
@testable import NNBookNotebook

/// The journal's record format read back: whole, cut at every byte of its
/// last record, damaged in the middle, forged by output, from an older or a
/// newer nnbook.
final class JournalFormatTests: XCTestCase {
    let records = [
        JournalRecord(count: 1, source: "a = 41", output: [], outcome: .ran, state: ["a": .number(41)]),
        JournalRecord(count: 2, source: "sigmod(2)", output: ["name error at line 1, column 1: unknown name 'sigmod'"],
                      outcome: .failed),
        JournalRecord(count: 3, source: "while True:\n    a = a + 1", output: ["interrupted: stopped by Ctrl-C"],
                      outcome: .interrupted, state: ["a": .number(1234)]),
        JournalRecord(count: 4, source: "b = a + 1", output: [], outcome: .ran, state: ["b": .number(42)]),
    ]

    func journal(_ records: [JournalRecord]) throws -> [UInt8] {
        try records.reduce(Array(JournalFormat.header.utf8)) { $0 + (try JournalFormat.frame($1)) }
    }

    func testCRC32IsTheStandardOne() {
        XCTAssertEqual(JournalFormat.crc32(Array("123456789".utf8)), 0xCBF4_3926)
        XCTAssertEqual(JournalFormat.crc32([]), 0)
    }

    func testARecordIsAHeaderLineThenOneLineOfJSON() throws {
        let framed = String(decoding: try JournalFormat.frame(records[0]), as: UTF8.self)
        let payload = #"{"complete":false,"count":1,"outcome":"ran","output":[],"source":"a = 41","state":{"a":{"number":{"_0":41}}}}"#
        let crc = String(JournalFormat.crc32(Array(payload.utf8)), radix: 16)
        XCTAssertEqual(framed, "\(payload.utf8.count) \(String(repeating: "0", count: 8 - crc.count))\(crc)\n\(payload)\n")
    }

    func testRecordsComeBackAsWritten() throws {
        let contents = try JournalReader.parse(try journal(records), path: "j")
        XCTAssertEqual(contents, JournalContents(kind: .records, records: records))
    }

    func testOutputThatLooksLikeRecordsOrFencesIsOnlyOutput() throws {
        let forged = try String(decoding: JournalFormat.frame(JournalRecord(count: 9, source: "hacked = 666", output: [],
                                                                               outcome: .ran)), as: UTF8.self)
        let hostile = ["a\r", "```\r", "```nnbook\r", "hacked = 666\r", "```", forged, "\u{0}\u{1B}[2J\u{2028}end"]
        let record = JournalRecord(count: 1, source: "print(\"…\")", output: hostile, outcome: .ran)
        let bytes = try journal([record, records[0]])
        XCTAssertEqual(bytes.filter { $0 == UInt8(ascii: "\n") }.count, 5, "header, then two lines per record")
        let contents = try JournalReader.parse(bytes, path: "j")
        XCTAssertEqual(contents.records, [record, records[0]])
        XCTAssertNil(contents.damage)
    }

    func testCutAtEveryByteOfTheLastRecordKeepsEveryRecordBeforeIt() throws {
        let before = try journal(Array(records.dropLast()))
        let whole = try journal(records)
        for cut in before.count...whole.count {
            let contents = try JournalReader.parse(Array(whole[..<cut]), path: "j")
            if cut == whole.count {
                XCTAssertEqual(contents, JournalContents(kind: .records, records: records))
            } else if cut == before.count {
                XCTAssertEqual(contents, JournalContents(kind: .records, records: Array(records.dropLast())))
            } else {
                XCTAssertEqual(contents.records, Array(records.dropLast()), "cut at \(cut)")
                XCTAssertEqual(contents.damage, JournalDamage(offset: before.count, bytes: cut - before.count, records: 1,
                                                              reason: .cutShort), "cut at \(cut)")
            }
        }
    }

    func testACutShortTailIsDescribedForTheLearner() {
        let damage = JournalDamage(offset: 500, bytes: 37, records: 1, reason: .cutShort)
        XCTAssertEqual(damage.description, "the journal's last 37 bytes were a cell cut short as it was written "
                       + "(by a kill or a full disk) and were left out; every cell before them is restored")
    }

    func testADamagedRecordAndEverythingAfterItAreLeftOut() throws {
        let first = try journal([records[0]])
        var bytes = try journal(records)
        let flipped = first.count + 20
        bytes[flipped] ^= 0x01  // inside the second record's JSON: its checksum no longer matches
        let contents = try JournalReader.parse(bytes, path: "j")
        XCTAssertEqual(contents.records, [records[0]])
        XCTAssertEqual(contents.damage, JournalDamage(offset: first.count, bytes: bytes.count - first.count, records: 3,
                                                      reason: .corrupt))
        XCTAssertEqual(contents.damage?.description.hasPrefix("the journal is damaged at byte \(first.count): the "), true)
        XCTAssertEqual(contents.damage?.description.hasSuffix(" (3 cells) were left out; every cell before them is restored"), true)
    }

    func testGarbageHeadersAndLengthsAreDamageNotCrashes() throws {
        let head = Array(JournalFormat.header.utf8)
        let cases: [(String, JournalDamage.Reason)] = [
            ("99999999999 00000000\n{}", .corrupt),  // eleven digits
            ("2000000000 00000000\n{}\n", .corrupt),  // beyond the largest payload
            ("5 0000000g\nhello\n", .corrupt),
            ("5 00000000hello\n", .corrupt),
            ("x", .corrupt),
            ("\0\0\0\0", .corrupt),  // a file system's zero-filled tail
            ("12", .cutShort),
            ("12 abc", .cutShort),
            ("100 00000000\n{}", .cutShort),
            ("2 00000000\n{}\n", .corrupt),  // wrong checksum
            ("2 \(String(format: "%08x", JournalFormat.crc32(Array("{}".utf8))))\n{}\n", .corrupt),  // checksum right, not a record
        ]
        for (tail, reason) in cases {
            let contents = try JournalReader.parse(head + Array(tail.utf8), path: "j")
            XCTAssertEqual(contents.records, [], tail)
            XCTAssertEqual(contents.damage?.reason, reason, tail)
            XCTAssertEqual(contents.damage?.bytes, tail.utf8.count, tail)
        }
    }

    func testEmptyAndHalfWrittenHeaders() throws {
        XCTAssertEqual(try JournalReader.parse([], path: "j"), JournalContents(kind: .records, records: []))
        XCTAssertEqual(try JournalReader.parse(Array("nnbook jou".utf8), path: "j"),
                       JournalContents(kind: .records, records: [],
                                       damage: JournalDamage(offset: 0, bytes: 10, records: 1, reason: .cutShort)))
    }

    func testAJournalFromANewerVersionIsAnError() {
        XCTAssertThrowsError(try JournalReader.parse(Array("nnbook journal 2\n12 00000000\n".utf8), path: "j.journal")) {
            XCTAssertEqual("\($0)", "j.journal:1: was written by another version of nnbook (nnbook journal 2); "
                           + "this one reads nnbook journal 1")
        }
    }

    func testAMarkdownJournalFromAnEarlierVersionIsReadAsANotebook() throws {
        let markdown = "# nnbook session journal\n\nStarted 20250101-000000.\n\n```nnbook\na = 41\n```\n\n"
            + "```nnbook\nf(x) = x^2\n```\n```output\nf(x) = x^2\nf'(x) = 2*x\n```\n\n"
        XCTAssertEqual(try JournalReader.parse(Array(markdown.utf8), path: "j.md"), JournalContents(kind: .markdown, records: [
            JournalRecord(count: 1, source: "a = 41", output: [], outcome: .ran),
            JournalRecord(count: 2, source: "f(x) = x^2", output: ["f(x) = x^2", "f'(x) = 2*x"], outcome: .ran),
        ]))
    }

    func testFingerprintsWithoutAFiniteValueRoundTrip() throws {
        let record = JournalRecord(count: 1, source: "x", output: [], outcome: .ran,
                                   state: ["x": .numbers(shape: [3], values: [.infinity, -.infinity, 1])], complete: true)
        XCTAssertEqual(try JournalReader.parse(try journal([record]), path: "j").records, [record])
        let nan = JournalRecord(count: 1, source: "x", output: [], outcome: .ran, state: ["x": .number(.nan)])
        let back = try JournalReader.parse(try journal([nan]), path: "j").records
        XCTAssertEqual(back.count, 1)
        XCTAssertEqual(back.first?.state["x"]?.matches(.number(.nan)), true)
    }

    func testLargeValuesAreJournaledAsSmallDigestsThatStillTellThemApart() {
        let weights = (0..<100_000).map { Double($0 % 97) / 97 }
        var moved = weights
        moved[54_321] += 0.001
        let a = Fingerprint.numbers(shape: [1000, 100], values: weights).journalDigest
        let b = Fingerprint.numbers(shape: [1000, 100], values: moved).journalDigest
        guard case .composite("numbers-digest", let parts) = a, parts.count == 1,
              case .numbers(let shape, let summary)? = parts.first else { return XCTFail("\(a)") }
        XCTAssertEqual(shape, [1000, 100])
        XCTAssertEqual(summary.count, 9)
        XCTAssertTrue(a.matches(Fingerprint.numbers(shape: [1000, 100], values: weights).journalDigest))
        XCTAssertFalse(a.matches(b))
        XCTAssertEqual(Fingerprint.numbers(shape: [3], values: [1, 2, 3]).journalDigest, .numbers(shape: [3], values: [1, 2, 3]))
        let long = String(repeating: "ab", count: 500)
        XCTAssertFalse(Fingerprint.text(long).journalDigest.matches(Fingerprint.text(long + "c").journalDigest))
        XCTAssertTrue(Fingerprint.text(long).journalDigest.matches(Fingerprint.text(long).journalDigest))
    }
}

extension JournalFormatTests {
    /// A hand-made journal nesting a fingerprint 100,000 deep: read without
    /// exhausting the stack (the JSON reader refuses the depth: damage).
    func testADeeplyNestedRecordIsDamageNotACrash() throws {
        let depth = 100_000
        let state = String(repeating: #"{"composite":{"kind":"k","parts":["#, count: depth) + #"{"bool":{"_0":true}}"#
            + String(repeating: "]}}", count: depth)
        let payload = Array((#"{"count":1,"outcome":"ran","source":"x","state":{"x":"# + state + "}}").utf8)
        let bytes = Array(JournalFormat.header.utf8) + Array("\(payload.count) \(String(format: "%08x", JournalFormat.crc32(payload)))\n".utf8)
            + payload + [UInt8(ascii: "\n")]
        let contents = try JournalReader.parse(bytes, path: "j")
        XCTAssertEqual(contents.records, [])
        XCTAssertEqual(contents.damage?.reason, .corrupt)
    }
}
