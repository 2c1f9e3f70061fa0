import Foundation

extension Datasets {
    /// A CSV with a header row; `label` names the label column (integers 0…k-1
    /// or class names mapped in sorted order); other columns numeric features.
    ///
    /// For example, with `label: "species"`:
    ///
    ///     sepal,petal,species
    ///     5.1,1.4,setosa
    ///     7.0,4.7,versicolor
    ///
    /// gives 2 examples of 2 features and classes setosa → 0, versicolor → 1.
    ///
    /// Labels: if every label is a non-negative integer it is used as it is,
    /// and there are (largest + 1) classes. Otherwise the distinct labels are
    /// sorted — numerically if all are integers (so -1, 1 become 0, 1), else as
    /// text — and numbered from 0 in that order.
    ///
    /// Features are stored as Float32; a cell must be a finite number such as
    /// `3`, `-0.5` or `1e-3`. The whole data set is returned; call
    /// `stratifiedSplit(testFraction:seed:)` to hold some of it out.
    ///
    /// Errors name the place: `iris.csv:7: expected 5 cells as in the header,
    /// found 4`, or `iris.csv:9:5: expected a number in column "petal", found "n/a"`.
    ///
    /// - Parameter limit: the largest file size accepted, in bytes.
    public static func csv(path: String, label: String, limit: Int = IDX.defaultLimit) throws -> Dataset {
        let text = try readCSVFile(path, limit: limit)
        var columns: [String]? = nil
        var labelIndex = 0
        var features: [Float] = [], labelTexts: [String] = []

        try CSVParser.forEachRow(text, file: path) { row in
            guard let header = columns else {
                try WorkGuard.reserve(row.cells.count * 32 + row.cells.reduce(0) { $0 + $1.bytes.count }, for: "the header of \(path)")
                let names = row.cells.map { $0.text }
                guard let index = names.firstIndex(of: label) else {
                    throw NeuralError.invalidArgument(
                        "\(path):\(row.line): no column named \(Excerpt.quoted(label)) in the header; the columns are \(Excerpt.list(names))")
                }
                guard names.count >= 2 else {
                    throw NeuralError.invalidArgument(
                        "\(path):\(row.line): the header has only the label column \"\(label)\"; at least one feature column is needed")
                }
                columns = names
                labelIndex = index
                // Every data row: its features as Float32, its label's text
                // (16 bytes, more when long) and, for classNumbers, its number
                // twice (Int? and Int32): reserved, and allocated, at once.
                let rows = CSVParser.lineCount(text)
                try WorkGuard.reserve(rows * ((names.count - 1) * MemoryLayout<Float>.stride + 48), for: "the \(rows) rows of \(path)")
                features.reserveCapacity(rows * (names.count - 1))
                labelTexts.reserveCapacity(rows)
                return
            }
            guard row.cells.count == header.count else {
                throw NeuralError.invalidArgument(
                    "\(path):\(row.line): expected \(header.count) cells as in the header, found \(row.cells.count)")
            }
            for (k, cell) in row.cells.enumerated() {
                if k == labelIndex {
                    guard !cell.bytes.isEmpty else {
                        throw NeuralError.invalidArgument(
                            "\(path):\(row.line):\(row.column(of: cell, in: text)): the label cell (column \"\(label)\") is empty")
                    }
                    labelTexts.append(cell.text)
                } else if let value = CSVParser.number(cell.bytes) {
                    features.append(value)
                } else {
                    let found = cell.bytes.isEmpty ? "an empty cell" : Excerpt.quoted(cell.text)
                    throw NeuralError.invalidArgument(
                        "\(path):\(row.line):\(row.column(of: cell, in: text)): expected a number in column \(Excerpt.quoted(header[k])), found \(found)")
                }
            }
        }

        guard let header = columns else {
            throw NeuralError.invalidArgument(
                "\(path) is empty — expected a header row naming the columns, then one row per example")
        }
        guard !labelTexts.isEmpty else {
            throw NeuralError.invalidArgument("\(path) has a header but no data rows")
        }
        let (labels, classCount) = try classNumbers(labelTexts, path: path)
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try Dataset(name: name, featureCount: header.count - 1, classCount: classCount,
                           features: .floats(features), labels: labels)
    }

    /// The most classes a CSV label column may give: a guard against using a
    /// numeric feature (say, a price) as the label by mistake.
    static let maximumClassCount = 10_000

    /// Turns label texts into class numbers 0…k-1, as described in `csv(path:label:)`.
    static func classNumbers(_ texts: [String], path: String) throws -> (labels: [Int32], classCount: Int) {
        let integers = texts.map { Int($0) }
        var labels: [Int32]
        var classCount: Int
        if integers.allSatisfy({ ($0 ?? -1) >= 0 }) {
            let values = integers.map { $0 ?? 0 }
            classCount = (values.max() ?? 0) + 1
            guard classCount <= maximumClassCount else {
                throw NeuralError.invalidArgument(
                    "\(path): the label column holds \(classCount - 1), more classes than the limit of \(maximumClassCount); is it really the label?")
            }
            labels = values.map { Int32($0) }
        } else {
            let distinct: [String]
            if integers.allSatisfy({ $0 != nil }) {
                distinct = Set(texts).sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
            } else {
                distinct = Set(texts).sorted()
            }
            guard distinct.count <= maximumClassCount else {
                throw NeuralError.invalidArgument(
                    "\(path): the label column holds \(distinct.count) different values, more classes than the limit of \(maximumClassCount); is it really the label?")
            }
            let number = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
            labels = texts.map { number[$0] ?? 0 }
            classCount = distinct.count
        }
        return (labels, classCount)
    }

    /// The bytes of a CSV file, after checking that it exists and is not too big.
    private static func readCSVFile(_ path: String, limit: Int) throws -> [UInt8] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw NeuralError.invalidArgument("csv: no file \(path)")
        }
        guard !isFolder.boolValue else {
            throw NeuralError.invalidArgument("csv: \(path) is a folder, not a CSV file")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= limit else {
            throw NeuralError.invalidArgument("csv: \(path) has \(size) bytes, more than the limit of \(limit)")
        }
        // Read as Data, then copied into bytes: twice the file while reading.
        try WorkGuard.reserveFile(path, expansion: 2, for: "reading \(path)")
        guard let data = try WorkGuard.contents(ofFile: path) else {
            throw NeuralError.invalidArgument("csv: cannot read \(path) (check its permissions)")
        }
        return [UInt8](data)
    }
}
