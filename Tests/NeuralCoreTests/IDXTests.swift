import Foundation
import NeuralCore
import XCTest

final class IDXTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    func testRoundTripPlain3DImages() throws {
        let bytes = (0..<(3 * 4 * 5)).map { UInt8($0 * 4 % 256) }
        let path = folder.file("images-idx3-ubyte")
        try IDX.write(path: path, dimensions: [3, 4, 5], bytes: bytes, gzip: false)
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.dimensions, [3, 4, 5])
        XCTAssertEqual(read.bytes, bytes)
        // The exact layout: 00 00 08 03, then big-endian 3, 4, 5, then the data.
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(raw[0..<16]), [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5])
        XCTAssertEqual(raw.count, 16 + 60)
    }

    func testRoundTripGzip1DLabels() throws {
        let labels: [UInt8] = [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]
        let path = folder.file("labels-idx1-ubyte.gz")
        try IDX.write(path: path, dimensions: [10], bytes: labels, gzip: true)
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(Array(raw[0..<2]), [0x1F, 0x8B], "gzip magic")
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.dimensions, [10])
        XCTAssertEqual(read.bytes, labels)
    }

    func testRoundTripGzipLargeDimensionsBigEndian() throws {
        // 300 = 0x012C needs two bytes of the big-endian size.
        let bytes = (0..<(300 * 2)).map { UInt8($0 % 251) }
        let path = folder.file("wide")
        try IDX.write(path: path, dimensions: [300, 2], bytes: bytes, gzip: true)
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.dimensions, [300, 2])
        XCTAssertEqual(read.bytes, bytes)
    }

    func testGzipIsDetectedByContentNotName() throws {
        let plainNamedGz = folder.file("plain.gz"), gzipNamedPlain = folder.file("packed-idx1-ubyte")
        try IDX.write(path: plainNamedGz, dimensions: [2], bytes: [7, 8], gzip: false)
        try IDX.write(path: gzipNamedPlain, dimensions: [2], bytes: [7, 8], gzip: true)
        XCTAssertEqual(try IDX.read(path: plainNamedGz).bytes, [7, 8])
        XCTAssertEqual(try IDX.read(path: gzipNamedPlain).bytes, [7, 8])
    }

    func testZeroSizedDimensionGivesNoData() throws {
        let path = folder.file("none")
        try IDX.write(path: path, dimensions: [0, 28, 28], bytes: [], gzip: false)
        let read = try IDX.read(path: path)
        XCTAssertEqual(read.dimensions, [0, 28, 28])
        XCTAssertEqual(read.bytes, [])
    }

    func testMissingFileAndFolder() {
        let path = folder.file("nothing-here")
        assertInvalid("no file \(path)") { try IDX.read(path: path) }
        assertInvalid("\(folder.path) is a folder, not a file") { try IDX.read(path: folder.path) }
    }

    func testEmptyFile() throws {
        let path = try folder.write("empty", bytes: [])
        assertInvalid("\(path) is empty — expected an IDX file (bytes 00 00 08 then the number of dimensions)") {
            try IDX.read(path: path)
        }
    }

    func testWrongMagic() throws {
        let path = try folder.write("page.html", "<!DOCTYPE html>")
        assertInvalid("\(path) is not an IDX file: it starts with 3c 21 44 4f, expected 00 00 then a type byte and a dimension count") {
            try IDX.read(path: path)
        }
        let short = try folder.write("short", bytes: [0, 0, 8])
        assertInvalid(containing: ["\(short) is not an IDX file", "00 00 08"]) { try IDX.read(path: short) }
    }

    func testNonByteTypeIsRefused() throws {
        let path = try folder.write("floats", bytes: [0, 0, 0x0D, 1, 0, 0, 0, 1, 0x3F, 0x80, 0, 0])
        assertInvalid("\(path) holds IDX data of type 0x0d (32-bit floats); only unsigned bytes (type 0x08) are supported") {
            try IDX.read(path: path)
        }
    }

    func testZeroDimensionsIsRefused() throws {
        let path = try folder.write("scalar", bytes: [0, 0, 8, 0, 42])
        assertInvalid("\(path) declares 0 dimensions; an IDX file needs at least 1") { try IDX.read(path: path) }
    }

    func testTruncatedHeader() throws {
        let path = try folder.write("cut-header", bytes: [0, 0, 8, 3, 0, 0, 0, 2, 0, 0])
        assertInvalid("\(path) is truncated: its header declares 3 dimensions, needing 16 header bytes, but the file has only 10") {
            try IDX.read(path: path)
        }
    }

    func testTruncatedDataPlainAndGzip() throws {
        let plain = folder.file("cut-plain")
        try IDX.write(path: plain, dimensions: [2, 3, 3], bytes: [UInt8](repeating: 1, count: 18), gzip: false)
        let raw = [UInt8](try Data(contentsOf: URL(fileURLWithPath: plain)))
        try folder.write("cut-plain", bytes: Array(raw.dropLast(5)))
        assertInvalid("\(plain) is truncated: dimensions [2, 3, 3] need 18 data bytes, found 13") {
            try IDX.read(path: plain)
        }

        // A gzip stream cut short: zlib reports "unexpected end of file", read as truncation.
        let packed = folder.file("cut-gzip")
        let bytes = (0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }
        try IDX.write(path: packed, dimensions: [4000], bytes: bytes, gzip: true)
        let compressed = [UInt8](try Data(contentsOf: URL(fileURLWithPath: packed)))
        try folder.write("cut-gzip", bytes: Array(compressed.prefix(compressed.count / 2)))
        assertInvalid(containing: ["\(packed) is truncated: dimensions [4000] need 4000 data bytes, found "]) {
            try IDX.read(path: packed)
        }
    }

    func testCorruptGzipData() throws {
        // Valid gzip header, then a deflate block of the reserved type 11: invalid.
        let path = try folder.write("corrupt", bytes: [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF])
        assertInvalid(containing: ["\(path) holds corrupt gzip data: "]) { try IDX.read(path: path) }
    }

    func testExtraBytesAreRefused() throws {
        let path = try folder.write("long", bytes: [0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 3])
        assertInvalid("\(path) has more bytes than its dimensions [2] declare (2 data bytes); the file may be corrupt") {
            try IDX.read(path: path)
        }
    }

    func testDeclaredSizeAboveLimitIsRefusedBeforeReading() throws {
        // Declares 60000 × 28 × 28 = 47,040,000 bytes but holds none.
        let path = try folder.write("huge", bytes: [0, 0, 8, 3, 0, 0, 0xEA, 0x60, 0, 0, 0, 28, 0, 0, 0, 28])
        assertInvalid("\(path) declares dimensions [60000, 28, 28], more than the limit of 1000000 bytes; pass a larger limit if the file is genuine") {
            try IDX.read(path: path, limit: 1_000_000)
        }
        // 4 × (2³² − 1)⁴ overflows Int: refused as too large, not a crash.
        let overflow = try folder.write("overflow", bytes: [0, 0, 8, 4] + [UInt8](repeating: 0xFF, count: 16))
        assertInvalid(containing: ["\(overflow) declares dimensions [4294967295, 4294967295", "more than the limit of \(IDX.defaultLimit) bytes"]) {
            try IDX.read(path: overflow)
        }
        XCTAssertEqual(IDX.defaultLimit, 2_147_483_648)
    }

    func testWriteValidatesItsArguments() {
        let path = folder.file("bad")
        assertInvalid("IDX.write: dimensions [2, 3] need 6 bytes, but 5 were given") {
            try IDX.write(path: path, dimensions: [2, 3], bytes: [1, 2, 3, 4, 5], gzip: false)
        }
        assertInvalid("IDX.write: 0 dimensions given; an IDX file has 1 to 255") {
            try IDX.write(path: path, dimensions: [], bytes: [], gzip: false)
        }
        assertInvalid("IDX.write: dimension -1 does not fit in 4 bytes (0…4294967295)") {
            try IDX.write(path: path, dimensions: [-1], bytes: [], gzip: false)
        }
        assertInvalid(containing: ["cannot open \(folder.path)/no/such/folder/x.gz for writing"]) {
            try IDX.write(path: folder.file("no/such/folder/x.gz"), dimensions: [1], bytes: [1], gzip: true)
        }
        assertInvalid(containing: ["IDX.write: cannot write \(folder.path)/no/such/folder/x"]) {
            try IDX.write(path: folder.file("no/such/folder/x"), dimensions: [1], bytes: [1], gzip: false)
        }
    }
}
