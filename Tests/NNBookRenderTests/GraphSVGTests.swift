import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest
@testable import NNBookRender

/// `SVGGraph`: micrograd's `draw_dot` look, laid out left to right by depth.
final class GraphSVGTests: XCTestCase {
    func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) -> SVGCollector {
        let collector = SVGCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        XCTAssertTrue(parser.parse(), "well-formed: \(String(describing: collector.error ?? parser.parserError))", file: file, line: line)
        return collector
    }

    /// c = a*b + a at a = 2, b = -3, after backward (the lesson's shared graph).
    let shared = [
        GraphNode(label: "c", data: "-4", grad: "1", op: "+", inputs: [1, 2]),
        GraphNode(label: nil, data: "-6", grad: "1", op: "*", inputs: [2, 3]),
        GraphNode(label: "a", data: "2", grad: "-2", op: nil, inputs: []),
        GraphNode(label: "b", data: "-3", grad: "2", op: nil, inputs: []),
    ]

    func testEveryValueAndOperationOnceWithItsNumbers() {
        let svg = SVGGraph.document(shared)
        XCTAssertTrue(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
        let doc = parse(svg)
        XCTAssertEqual(doc.count("g", classPrefix: "value"), 4, "a shared value is drawn once")
        XCTAssertEqual(doc.count("g", classPrefix: "op"), 2)
        XCTAssertEqual(doc.count("path", classPrefix: "edge"), 6, "four operands into operations, two operations into their values")
        XCTAssertEqual(doc.count("path", classPrefix: "arrowhead"), 6)
        XCTAssertEqual(doc.texts, ["+", "c", "data -4", "grad 1", "*", "data -6", "grad 1", "a", "data 2", "grad -2", "b", "data -3", "grad 2"])
        XCTAssertFalse(svg.contains("<marker"), "no ids to clash with another SVG on a notebook page")
    }

    func testEdgesRunLeftToRightAndNothingOverlaps() {
        // A 2-2-1 neuron: two hidden tanh units of inputs x1, x2, an output and a squared loss.
        var nodes = [GraphNode(label: "loss", data: "0.03", grad: "1", op: "^2", inputs: [1])]
        func add(_ node: GraphNode) -> Int { nodes.append(node); return nodes.count - 1 }
        func leaf(_ label: String?, _ data: String) -> Int { add(GraphNode(label: label, data: data, grad: "0", op: nil, inputs: [])) }
        nodes.append(GraphNode(label: nil, data: "-0.17", grad: "-0.35", op: "-", inputs: []))
        let x1 = leaf("x1", "0.5"), x2 = leaf("x2", "-1")
        func neuron(_ inputs: [Int], _ name: String) -> Int {
            let products = inputs.map { x in add(GraphNode(label: nil, data: "0.1", grad: "0", op: "*", inputs: [leaf(nil, "0.3"), x])) }
            let sum = add(GraphNode(label: nil, data: "0.2", grad: "0", op: "+", inputs: products + [leaf(nil, "0.1")]))
            return add(GraphNode(label: name, data: "0.4", grad: "0", op: "tanh", inputs: [sum]))
        }
        let h1 = neuron([x1, x2], "h1"), h2 = neuron([x1, x2], "h2")
        let o = neuron([h1, h2], "o")
        nodes[1].inputs = [o, leaf(nil, "1")]
        let layout = GraphLayout(nodes, top: 16)
        for (i, node) in nodes.enumerated() {
            guard let op = layout.ops[i] else { XCTAssertNil(node.op); continue }
            XCTAssertLessThan(op.right, layout.values[i].x, "operation \(i) before its value")
            for j in node.inputs { XCTAssertLessThan(layout.values[j].right, op.x, "value \(j) before operation \(i)") }
        }
        let boxes = layout.values + layout.ops.compactMap { $0 }
        for (k, p) in boxes.enumerated() {
            XCTAssertTrue(p.x >= 0 && p.y >= 0 && p.right <= layout.width && p.y + p.height <= layout.height, "box \(k) inside")
            for q in boxes[(k + 1)...] {
                XCTAssertFalse(p.x < q.right && q.x < p.right && p.y < q.y + q.height && q.y < p.y + p.height, "\(p) overlaps \(q)")
            }
        }
        XCTAssertEqual(parse(SVGGraph.document(nodes)).count("g", classPrefix: "value"), nodes.count)
    }

    func testLabelsAndSymbolsAreEscaped() {
        let svg = SVGGraph.document([GraphNode(label: "a<b & c>", data: "1", grad: "0", op: "<&>", inputs: [1]),
                                     GraphNode(label: "\"q\"", data: "2", grad: "0", op: nil, inputs: [])])
        XCTAssertTrue(svg.contains(">a&lt;b &amp; c&gt;</text>") && svg.contains(">&lt;&amp;&gt;</text>"), svg)
        let doc = parse(svg)
        XCTAssertTrue(doc.texts.contains("a<b & c>") && doc.texts.contains("<&>") && doc.texts.contains("\"q\""), "\(doc.texts)")
    }

    func testHiddenOperandsAndTheNoteAreDrawn() {
        let svg = SVGGraph.document([GraphNode(label: "z", data: "3", grad: "1", op: "+", inputs: [], hiddenInputs: 2)],
                                    note: "2 more are not drawn")
        let doc = parse(svg)
        XCTAssertEqual(doc.elements.filter { $0.name == "path" && $0.attributes["stroke-dasharray"] != nil }.count, 2)
        XCTAssertEqual(doc.texts.first, "2 more are not drawn")
    }

    func testEmptyOrMalformedGraphsStillDraw() {
        XCTAssertTrue(parse(SVGGraph.document([])).texts.contains("(nothing to draw: an empty graph)"))
        // Operands out of range are ignored; a cycle (no computation graph has one) still lays out.
        let odd = [GraphNode(label: "p", data: "1", grad: "0", op: "+", inputs: [1, 7, -1]),
                   GraphNode(label: "q", data: "2", grad: "0", op: "*", inputs: [0])]
        XCTAssertEqual(parse(SVGGraph.document(odd)).count("g", classPrefix: "value"), 2)
    }
}
