import NeuralCore
import XCTest

final class DataCSVTests: XCTestCase {
    private var folder: TemporaryFolder!

    override func setUpWithError() throws { folder = try TemporaryFolder() }
    override func tearDown() { folder.remove() }

    func testNumericLabels() throws {
        let path = try folder.write("points.csv", "x,y,label\n0.5,-1,1\n2,3e-1,0\n\n-4,0.25,2\n")
        let data = try Datasets.csv(path: path, label: "label")
        XCTAssertEqual(data.name, "points")
        XCTAssertEqual(data.count, 3)
        XCTAssertEqual(data.featureCount, 2)
        XCTAssertEqual(data.classCount, 3)
        XCTAssertEqual(data.labels, [1, 0, 2])
        XCTAssertEqual(examples(data).x, [[0.5, -1], [2, 0.3], [-4, 0.25]])
    }

    func testClassNamesInSortedOrderAndLabelInTheMiddle() throws {
        let path = try folder.write("iris.csv", "sepal,species,petal\r\n5.1,setosa,1.4\r\n7.0,versicolor,4.7\r\n6.3,virginica,6.0\r\n4.9,setosa,1.5\r\n")
        let data = try Datasets.csv(path: path, label: "species")
        XCTAssertEqual(data.classCount, 3)
        XCTAssertEqual(data.labels, [0, 1, 2, 0])
        XCTAssertEqual(examples(data).x, [[5.1, 1.4], [7.0, 4.7], [6.3, 6.0], [4.9, 1.5]])
    }

    func testNegativeIntegerLabelsAreSortedNumerically() throws {
        let path = try folder.write("svm.csv", "a,y\n1,1\n2,-1\n3,10\n4,-1\n")
        let data = try Datasets.csv(path: path, label: "y")
        XCTAssertEqual(data.classCount, 3)
        XCTAssertEqual(data.labels, [1, 0, 2, 0])
    }

    func testQuotesSpacesAndByteOrderMark() throws {
        let path = try folder.write("quoted.csv", "\u{FEFF}\"width, cm\", \"kind\"\n 1.5 ,\"a \"\"b\"\"\"\n2,\"c\"\n")
        let data = try Datasets.csv(path: path, label: "kind")
        XCTAssertEqual(data.labels, [0, 1])  // "a \"b\"" sorts before "c"
        XCTAssertEqual(examples(data).x, [[1.5], [2]])
    }

    func testWholeDataSetCanBeSplit() throws {
        var text = "f,label\n"
        for i in 0..<50 { text += "\(i),\(i % 2 == 0 ? "even" : "odd")\n" }
        let data = try Datasets.csv(path: try folder.write("parity.csv", text), label: "label")
        let split = try data.stratifiedSplit()
        XCTAssertEqual(classCounts(split.test), [5, 5])
        XCTAssertEqual(classCounts(split.train), [20, 20])
    }

    func testWrongNumberOfCells() throws {
        let path = try folder.write("short.csv", "a,b,label\n1,2,0\n\n3,1\n")
        assertInvalid("\(path):4: expected 3 cells as in the header, found 2") { try Datasets.csv(path: path, label: "label") }
    }

    func testNonNumericCellNamesLineAndColumn() throws {
        let path = try folder.write("bad.csv", "height,weight,label\n1.0,2.0,0\n1.5,n/a,1\n")
        assertInvalid("\(path):3:5: expected a number in column \"weight\", found \"n/a\"") {
            try Datasets.csv(path: path, label: "label")
        }
        let blank = try folder.write("blank.csv", "height,weight,label\n1.0,,0\n")
        assertInvalid("\(blank):2:5: expected a number in column \"weight\", found an empty cell") {
            try Datasets.csv(path: blank, label: "label")
        }
        let infinite = try folder.write("inf.csv", "h,label\ninf,0\n")
        assertInvalid("\(infinite):2:1: expected a number in column \"h\", found \"inf\"") {
            try Datasets.csv(path: infinite, label: "label")
        }
    }

    func testMissingLabelColumnListsTheColumns() throws {
        let path = try folder.write("nolabel.csv", "x,y,class\n1,2,0\n")
        assertInvalid("\(path):1: no column named \"label\" in the header; the columns are \"x\", \"y\", \"class\"") {
            try Datasets.csv(path: path, label: "label")
        }
    }

    func testEmptyFilesAndHeaderOnly() throws {
        let empty = try folder.write("empty.csv", "")
        let expected = "\(empty) is empty — expected a header row naming the columns, then one row per example"
        assertInvalid(expected) { try Datasets.csv(path: empty, label: "label") }
        let blankLines = try folder.write("empty.csv", "\n\n  \n")
        assertInvalid(expected) { try Datasets.csv(path: blankLines, label: "label") }
        let headerOnly = try folder.write("header.csv", "x,label\n")
        assertInvalid("\(headerOnly) has a header but no data rows") { try Datasets.csv(path: headerOnly, label: "label") }
        let onlyLabel = try folder.write("only.csv", "label\n1\n")
        assertInvalid("\(onlyLabel):1: the header has only the label column \"label\"; at least one feature column is needed") {
            try Datasets.csv(path: onlyLabel, label: "label")
        }
    }

    func testMissingFileUnclosedQuoteEmptyLabelAndHugeLabel() throws {
        let missing = folder.file("absent.csv")
        assertInvalid("csv: no file \(missing)") { try Datasets.csv(path: missing, label: "label") }
        assertInvalid("csv: \(folder.path) is a folder, not a CSV file") { try Datasets.csv(path: folder.path, label: "label") }
        let unclosed = try folder.write("quote.csv", "x,label\n1,\"open\n2,0\n")
        assertInvalid("\(unclosed):2:3: this quoted cell is never closed; expected a \" before the end of the file") {
            try Datasets.csv(path: unclosed, label: "label")
        }
        let noLabel = try folder.write("nolab.csv", "x,label\n1,\n")
        assertInvalid("\(noLabel):2:3: the label cell (column \"label\") is empty") { try Datasets.csv(path: noLabel, label: "label") }
        let price = try folder.write("price.csv", "x,price\n1,250000\n")
        assertInvalid(containing: ["more classes than the limit of 10000"]) { try Datasets.csv(path: price, label: "price") }
        let big = try folder.write("big.csv", "x,label\n1,0\n")
        assertInvalid("csv: \(big) has 12 bytes, more than the limit of 5") { try Datasets.csv(path: big, label: "label", limit: 5) }
    }
}

/// Error messages quote a short, escaped excerpt of a file, never its contents.
final class DataCSVExcerptTests: XCTestCase {
    func testAHeaderWithoutTheLabelIsQuotedShortAndEscaped() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let secret = "TOKEN=" + String(repeating: "s", count: 200) + "\u{1B}[2J"
        let many = (1...12).map { "c\($0)" }.joined(separator: ",")
        let path = try folder.write("env.csv", secret + "\u{0}HOME=/x\n")
        assertInvalid("\(path):1: no column named \"x\" in the header; the columns are \"TOKEN=ssssssssssssssssssssssssssssssssss…\"") {
            try Datasets.csv(path: path, label: "x")
        }
        let wide = try folder.write("wide.csv", many + "\n")
        assertInvalid("\(wide):1: no column named \"x\" in the header; the columns are \"c1\", \"c2\", \"c3\", \"c4\", \"c5\", \"c6\", \"c7\", \"c8\" and 4 more") {
            try Datasets.csv(path: wide, label: "x")
        }
        let bad = try folder.write("bad.csv", "a,label\n\u{1B}]0;t\u{7},1\n")
        assertInvalid("\(bad):2:1: expected a number in column \"a\", found \"␛]0;t␇\"") { try Datasets.csv(path: bad, label: "label") }
    }
}
