/// A small CSV reader over raw bytes, for the bundled digits and for user files.
///
/// It follows the common core of RFC 4180: cells separated by commas, records
/// by `\n` or `\r\n`; a cell may be wrapped in double quotes, inside which a
/// comma or newline is literal and `""` stands for one quote. Spaces and tabs
/// around a cell are dropped, blank lines are skipped, a UTF-8 byte order mark
/// at the start is ignored.
///
/// Rows are handed to a closure one at a time instead of being collected, so
/// a 100 MB file never exists as millions of small strings.
enum CSVParser {
    /// One cell: its bytes (quotes removed) and the byte offset where it starts.
    struct Cell {
        var bytes: ArraySlice<UInt8>
        var offset: Int

        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// One record: its 1-based line number and where that line starts.
    struct Row {
        var line: Int
        var lineStart: Int
        var cells: [Cell] = []

        /// The 1-based column (in characters) at which `cell` starts.
        func column(of cell: Cell, in text: [UInt8]) -> Int {
            guard cell.offset >= lineStart, cell.offset <= text.count else { return 1 }
            // Count every byte that starts a UTF-8 character (not 10xxxxxx).
            return text[lineStart..<cell.offset].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""),
        newline = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r"),
        space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

    /// Calls `body` with every non-blank record of `text`, in order; stops
    /// with `NeuralError.interrupted` once Ctrl-C was pressed (`WorkGuard`).
    /// `file` names the file in the error for an unclosed quote.
    static func forEachRow(_ text: [UInt8], file: String, _ body: (Row) throws -> Void) throws {
        var i = text.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1, lineStart = 0
        var row = Row(line: 1, lineStart: 0)
        let n = text.count
        while i < n {
            try WorkGuard.checkpoint()  // once a row: a file of millions of rows stops at Ctrl-C
            row.line = line
            row.lineStart = lineStart
            row.cells.removeAll(keepingCapacity: true)
            while true {
                while i < n, text[i] == space || text[i] == tab { i += 1 }
                let start = i
                if i < n, text[i] == quote {
                    var cell = [UInt8]()
                    var closed = false
                    i += 1
                    while i < n {
                        let byte = text[i]
                        if byte == quote {
                            if i + 1 < n, text[i + 1] == quote {
                                cell.append(quote); i += 2; continue
                            }
                            i += 1; closed = true; break
                        }
                        if byte == newline { line += 1; lineStart = i + 1 }
                        cell.append(byte); i += 1
                    }
                    guard closed else {
                        let column = row.column(of: Cell(bytes: [], offset: start), in: text)
                        throw NeuralError.invalidArgument(
                            "\(file):\(row.line):\(column): this quoted cell is never closed; expected a \" before the end of the file")
                    }
                    while i < n, text[i] == space || text[i] == tab || text[i] == carriageReturn { i += 1 }
                    if i < n, text[i] != comma, text[i] != newline {
                        let here = Cell(bytes: [], offset: i)
                        throw NeuralError.invalidArgument(
                            "\(file):\(line):\(Row(line: line, lineStart: lineStart).column(of: here, in: text)): expected a comma or the end of the line after a quoted cell, found more text")
                    }
                    try reserveCell(in: &row, file: file)
                    row.cells.append(Cell(bytes: cell[...], offset: start))
                } else {
                    while i < n, text[i] != comma, text[i] != newline { i += 1 }
                    var end = i
                    while end > start, text[end - 1] == space || text[end - 1] == tab || text[end - 1] == carriageReturn {
                        end -= 1
                    }
                    try reserveCell(in: &row, file: file)
                    row.cells.append(Cell(bytes: text[start..<end], offset: start))
                }
                if i < n, text[i] == comma { i += 1; continue }
                if i < n, text[i] == newline { i += 1; line += 1; lineStart = i }
                break
            }
            let blank = row.cells.count == 1 && row.cells[0].bytes.isEmpty
                && (row.cells[0].offset >= n || text[row.cells[0].offset] != quote)
            if !blank { try body(row) }
        }
    }

    /// Before a row's list of cells grows (doubling), checks the memory it
    /// will take: a row of a million cells is 40 MB of `Cell`s.
    @inline(__always)
    private static func reserveCell(in row: inout Row, file: String) throws {
        guard row.cells.count == row.cells.capacity else { return }
        let grown = Swift.max(16, 2 * row.cells.capacity)
        try WorkGuard.reserve(grown * MemoryLayout<Cell>.stride, for: "a row of \(file)")
        row.cells.reserveCapacity(grown)
    }

    /// The number of lines in `text` (newlines, plus one for a last line without one):
    /// at least the number of records.
    static func lineCount(_ text: [UInt8]) -> Int {
        var lines = 0
        text.withUnsafeBufferPointer { bytes in
            for byte in bytes where byte == newline { lines += 1 }
        }
        return text.last == newline || text.isEmpty ? lines : lines + 1
    }

    /// The cell as a Float, or nil if it is not a finite number.
    /// Plain integers (the common case: pixels) skip the general parser.
    static func number(_ bytes: ArraySlice<UInt8>) -> Float? {
        if let whole = nonNegativeInteger(bytes), whole < 1 << 24 { return Float(whole) }
        guard !bytes.isEmpty, let value = Float(String(decoding: bytes, as: UTF8.self)), value.isFinite else {
            return nil
        }
        return value
    }

    /// The cell as a non-negative integer of at most 18 digits, or nil.
    static func nonNegativeInteger(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 48, byte <= 57 else { return nil }
            value = value * 10 + Int(byte - 48)
        }
        return value
    }
}
