import CZlib
import Foundation

/// The IDX file format of MNIST: a tiny header, then one flat block of numbers.
///
///     byte 0, 1   0x00 0x00                     (the magic number starts with two zeros)
///     byte 2      data type: 0x08 unsigned byte, 0x09 signed byte, 0x0B Int16,
///                 0x0C Int32, 0x0D Float32, 0x0E Float64
///     byte 3      number of dimensions d
///     then        d sizes, each a 4-byte big-endian unsigned integer
///     then        the data, row-major (the last dimension varies fastest)
///
/// The 60,000 training images of MNIST are `00 00 08 03`, then 60000, 28, 28,
/// then 47,040,000 pixel bytes; the labels are `00 00 08 01`, then 60000, then
/// one byte per image. MNIST is usually distributed gzip-compressed: `read`
/// recognises gzip by the first two bytes `1f 8b` (not by the file name) and
/// inflates it with zlib while reading.
///
/// Only unsigned-byte data (type 0x08) is supported, which is all MNIST and
/// Fashion-MNIST use. Every malformed file — empty, truncated, wrong magic,
/// too large, longer than its header says — throws a `NeuralError` naming the
/// file and what was expected.
public enum IDX {
    /// The most data bytes `read` accepts unless told otherwise: 2 GiB.
    /// MNIST's largest file needs 47 MB.
    public static let defaultLimit = 1 << 31

    /// Reads an IDX file of unsigned bytes, plain or gzip-compressed.
    ///
    /// - Parameters:
    ///   - path: the file to read.
    ///   - limit: the most data bytes to accept. The product of the declared
    ///     dimensions is checked against it *before* anything is allocated, so
    ///     a corrupt header cannot ask for terabytes.
    /// - Returns: the dimension sizes (e.g. `[60000, 28, 28]`) and the data,
    ///   whose count is their product.
    public static func read(path: String, limit: Int = defaultLimit) throws -> (dimensions: [Int], bytes: [UInt8]) {
        let reader = try GzipReader(path: path)
        defer { reader.close() }

        let magic = try reader.read(4)
        guard !magic.isEmpty else {
            throw NeuralError.invalidArgument("\(path) is empty — expected an IDX file (bytes 00 00 08 then the number of dimensions)")
        }
        guard magic.count == 4, magic[0] == 0, magic[1] == 0 else {
            let shown = magic.map { hex($0) }.joined(separator: " ")
            throw NeuralError.invalidArgument(
                "\(path) is not an IDX file: it starts with \(shown), expected 00 00 then a type byte and a dimension count")
        }
        guard magic[2] == 0x08 else {
            throw NeuralError.invalidArgument(
                "\(path) holds IDX data of type 0x\(hex(magic[2])) (\(typeName(magic[2]))); only unsigned bytes (type 0x08) are supported")
        }
        let rank = Int(magic[3])
        guard rank > 0 else {
            throw NeuralError.invalidArgument("\(path) declares 0 dimensions; an IDX file needs at least 1")
        }

        let sizeBytes = try reader.read(4 * rank)
        guard sizeBytes.count == 4 * rank else {
            throw NeuralError.invalidArgument(
                "\(path) is truncated: its header declares \(rank) dimensions, needing \(4 + 4 * rank) header bytes, but the file has only \(4 + sizeBytes.count)")
        }
        let dimensions = (0..<rank).map { d in
            sizeBytes[(4 * d)..<(4 * d + 4)].reduce(0) { $0 << 8 | Int($1) }
        }
        let total = try dataSize(dimensions, limit: limit, path: path)
        try checkFits(total, header: 4 + 4 * rank, compressed: reader.isCompressed, path: path, dimensions: dimensions)
        try WorkGuard.reserve(total, for: "the data of \(path)")

        let data = try reader.read(total)
        guard data.count == total else {
            throw NeuralError.invalidArgument(
                "\(path) is truncated: dimensions \(dimensions) need \(total) data bytes, found \(data.count)")
        }
        guard try reader.read(1).isEmpty else {
            throw NeuralError.invalidArgument(
                "\(path) has more bytes than its dimensions \(dimensions) declare (\(total) data bytes); the file may be corrupt")
        }
        return (dimensions, data)
    }

    /// Writes `bytes` as an IDX file of unsigned bytes with the given dimensions,
    /// gzip-compressed if `gzip` is true. Tests use it to make tiny MNIST-like files.
    ///
    /// `bytes.count` must equal the product of `dimensions`; there may be 1 to
    /// 255 dimensions, each below 2³².
    public static func write(path: String, dimensions: [Int], bytes: [UInt8], gzip: Bool) throws {
        guard (1...255).contains(dimensions.count) else {
            throw NeuralError.invalidArgument("IDX.write: \(dimensions.count) dimensions given; an IDX file has 1 to 255")
        }
        if let bad = dimensions.first(where: { $0 < 0 || $0 > Int(UInt32.max) }) {
            throw NeuralError.invalidArgument("IDX.write: dimension \(bad) does not fit in 4 bytes (0…\(UInt32.max))")
        }
        let total = try dataSize(dimensions, limit: Int.max, path: path)
        guard total == bytes.count else {
            throw NeuralError.invalidArgument(
                "IDX.write: dimensions \(dimensions) need \(total) bytes, but \(bytes.count) were given")
        }
        var file: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
        for d in dimensions {
            file += [UInt8(truncatingIfNeeded: d >> 24), UInt8(truncatingIfNeeded: d >> 16),
                     UInt8(truncatingIfNeeded: d >> 8), UInt8(truncatingIfNeeded: d)]
        }
        file += bytes
        if gzip {
            try GzipReader.writeCompressed(file, to: path)
        } else {
            do { try Data(file).write(to: URL(fileURLWithPath: path)) } catch {
                throw NeuralError.invalidArgument("IDX.write: cannot write \(path): \(error.localizedDescription)")
            }
        }
    }

    /// The most a gzip file can expand: deflate's best ratio is about 1032 to 1.
    static let maximumInflation = 1032

    /// Refuses, before allocating, a header that claims more data than the
    /// file can hold: exactly its size after the header for a plain file, at
    /// most `maximumInflation` times its size for gzip.
    private static func checkFits(_ total: Int, header: Int, compressed: Bool, path: String, dimensions: [Int]) throws {
        guard let size = WorkGuard.fileSize(path) else { return }
        if compressed {
            let (most, overflow) = size.multipliedReportingOverflow(by: maximumInflation)
            guard overflow || total <= most else {
                throw NeuralError.invalidArgument(
                    "\(path) is corrupt: dimensions \(dimensions) need \(total) data bytes, more than a gzip file of \(size) bytes can hold")
            }
        } else if total > size - header {
            throw NeuralError.invalidArgument(
                "\(path) is truncated: dimensions \(dimensions) need \(total) data bytes, found \(max(size - header, 0))")
        }
    }

    /// The product of `dimensions`, refused if it overflows or exceeds `limit`.
    private static func dataSize(_ dimensions: [Int], limit: Int, path: String) throws -> Int {
        var total = 1
        for d in dimensions {
            let (product, overflow) = total.multipliedReportingOverflow(by: d)
            guard !overflow, product <= limit else {
                throw NeuralError.invalidArgument(
                    "\(path) declares dimensions \(dimensions), more than the limit of \(limit) bytes; pass a larger limit if the file is genuine")
            }
            total = product
        }
        return total
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    private static func typeName(_ type: UInt8) -> String {
        switch type {
        case 0x09: return "signed bytes"
        case 0x0B: return "16-bit integers"
        case 0x0C: return "32-bit integers"
        case 0x0D: return "32-bit floats"
        case 0x0E: return "64-bit floats"
        default: return "not a known IDX type"
        }
    }
}
