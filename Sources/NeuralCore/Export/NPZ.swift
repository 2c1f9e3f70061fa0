import CZlib

/// NumPy's `.npz`, as `np.load` reads it: a ZIP archive with one `.npy` file
/// per array, here of little-endian Float32 (`<f4`), in C order.
///
/// Written by hand rather than with a ZIP library: the archive is *stored*
/// (no compression, as `np.savez` writes it), so all it takes is the fixed
/// headers below and a CRC-32 from the zlib nnbook already links (for
/// MNIST's gzip files). The bytes come back in memory, so `AtomicFile`
/// writes them whole or not at all, as it does every other file. Dates are
/// fixed (1980-01-01 00:00), so the same model gives the same bytes.
///
///     per array:  local header · NAME.npy · .npy bytes
///     then:       one central-directory entry per array · end record
///
/// A `.npy` is `\x93NUMPY`, version 1.0, the header's length (UInt16), a
/// Python dict `{'descr': '<f4', 'fortran_order': False, 'shape': (64, 32), }`
/// padded with spaces to a multiple of 64 bytes and ended by `\n`, then the values.
public enum NPZ {
    /// One array of the archive: its name (`np.load(…)["NAME"]`), shape and values in C order.
    public struct Array: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public init(name: String, shape: [Int], values: [Float]) {
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// The archive's bytes. Throws `.invalidArgument` when a shape does not
    /// hold its values, or the archive would pass ZIP's 4 GiB (ZIP64 is not written).
    public static func archive(_ arrays: [Array]) throws(NeuralError) -> [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        for array in arrays {
            guard array.shape.reduce(1, *) == array.values.count else {
                throw .invalidArgument("the array \(array.name) has \(array.values.count) values, not a shape \(array.shape)")
            }
            let name = Swift.Array((array.name + ".npy").utf8)
            let data = npy(array)
            let offset = out.count
            let crc = checksum(data)
            guard offset + data.count + name.count + 30 < Int(UInt32.max), name.count <= Int(UInt16.max) else {
                throw .invalidArgument("these weights pass the 4 GiB a .npz file (ZIP without ZIP64) can hold")
            }
            // Local file header.
            out.append(u32: 0x0403_4b50)
            out += (entryFields(crc: crc, size: data.count, nameLength: name.count))
            out.append(u16: 0)  // extra field length
            out += name
            out += data
            // Its central-directory entry.
            directory.append(u32: 0x0201_4b50)
            directory.append(u16: 20)  // made by: version 2.0
            directory += (entryFields(crc: crc, size: data.count, nameLength: name.count))
            for _ in 0..<4 { directory.append(u16: 0) }  // extra, comment, disk, internal attributes
            directory.append(u32: 0)  // external attributes
            directory.append(u32: UInt32(offset))
            directory += name
        }
        guard arrays.count < Int(UInt16.max), out.count + directory.count < Int(UInt32.max) else {
            throw .invalidArgument("these weights pass the 4 GiB a .npz file (ZIP without ZIP64) can hold")
        }
        let directoryOffset = out.count
        out += directory
        out.append(u32: 0x0605_4b50)
        out.append(u16: 0)  // this disk
        out.append(u16: 0)  // the directory's disk
        out.append(u16: UInt16(arrays.count))
        out.append(u16: UInt16(arrays.count))
        out.append(u32: UInt32(directory.count))
        out.append(u32: UInt32(directoryOffset))
        out.append(u16: 0)  // comment length
        return out
    }

    /// The bytes of one `.npy` file of Float32 values.
    static func npy(_ array: Array) -> [UInt8] {
        let shape = array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        // magic (6) + version (2) + length (2) + header + "\n", a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out: [UInt8] = [0x93] + Swift.Array("NUMPY".utf8) + [1, 0]
        out.reserveCapacity(10 + header.utf8.count + array.values.count * 4)
        out.append(u16: UInt16(header.utf8.count))
        out += header.utf8
        for v in array.values { out.append(u32: v.bitPattern) }
        return out
    }

    /// The fields a local header and a directory entry share, from "version needed" to the name's length.
    private static func entryFields(crc: UInt32, size: Int, nameLength: Int) -> [UInt8] {
        var f: [UInt8] = []
        f.append(u16: 20)  // version needed: 2.0
        f.append(u16: 0)  // flags
        f.append(u16: 0)  // stored, not compressed
        f.append(u16: 0)  // time 00:00:00
        f.append(u16: 0x0021)  // date 1980-01-01
        f.append(u32: crc)
        f.append(u32: UInt32(size))  // compressed size
        f.append(u32: UInt32(size))  // size
        f.append(u16: UInt16(nameLength))
        return f
    }

    /// CRC-32 (ZIP's, zlib's `crc32`), a gigabyte at a time as zlib's length is 32 bits.
    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var crc = crc32(0, nil, 0)
            var start = 0
            while start < buffer.count {
                let n = min(buffer.count - start, 1 << 30)
                crc = crc32(crc, buffer.baseAddress.map { $0 + start }, uInt(n))
                start += n
            }
            return UInt32(truncatingIfNeeded: crc)
        }
    }
}

extension [UInt8] {
    /// Appends a little-endian 16-bit number.
    fileprivate mutating func append(u16 v: UInt16) {
        append(UInt8(v & 0xff))
        append(UInt8(v >> 8))
    }

    /// Appends a little-endian 32-bit number.
    fileprivate mutating func append(u32 v: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((v >> UInt32(shift)) & 0xff)) }
    }
}
