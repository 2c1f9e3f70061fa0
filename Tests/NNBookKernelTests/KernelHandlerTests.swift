import Foundation
import XCTest
@testable import NNBookKernel

final class KernelHandlerTests: XCTestCase {
    /// Runs one request; returns the reply and what it published.
    func run(_ handler: KernelHandler, _ type: String, _ content: JSON) -> (reply: JSON?, published: [(String, JSON)]) {
        var published: [(String, JSON)] = []
        let reply = handler.handle(type, content) { published.append(($0, $1)) }
        return (reply, published)
    }

    func testKernelInfo() {
        let reply = KernelHandler.answer("kernel_info_request", [:])
        XCTAssertEqual(reply?["protocol_version"], "5.3")
        XCTAssertEqual(reply?["implementation"], "nnbook")
        XCTAssertEqual(reply?["language_info"]?["mimetype"], "text/x-nnbook")
        XCTAssertEqual(reply?["language_info"]?["file_extension"], ".md")
        XCTAssertEqual(KernelHandler.replyType(for: "kernel_info_request"), "kernel_info_reply")
        XCTAssertNil(KernelHandler.replyType(for: "status"))
    }

    func testExecutePublishesInputAndResult() {
        let handler = KernelHandler()
        let (reply, published) = run(handler, "execute_request", ["code": "sigmoid(2)"])
        XCTAssertEqual(reply, ["status": "ok", "execution_count": 1, "payload": [], "user_expressions": [:]])
        XCTAssertEqual(published.map(\.0), ["execute_input", "execute_result"])
        XCTAssertEqual(published[1].1["data"]?["text/plain"], "0.880797")
        XCTAssertEqual(published[1].1["execution_count"], 1)
    }

    func testEachPrintedLineIsAStreamAsItComes() {
        let (_, published) = run(KernelHandler(), "execute_request", ["code": "for i in range(3):\n    print(i)"])
        XCTAssertEqual(published.map(\.0), ["execute_input", "stream", "stream", "stream"])
        XCTAssertEqual(published[1].1, ["name": "stdout", "text": "0\n"])
        XCTAssertEqual(published[3].1, ["name": "stdout", "text": "2\n"])
    }

    func testLongOutputIsElidedAsInTheREPL() {
        let (_, published) = run(KernelHandler(), "execute_request", ["code": "for i in range(1000):\n    print(i)"])
        let text = published.filter { $0.0 == "stream" }.compactMap { $0.1["text"]?.string }.joined()
        XCTAssertTrue(text.hasPrefix("0\n1\n"))
        XCTAssertTrue(text.contains("more lines not shown"))
        XCTAssertTrue(text.hasSuffix("999\n"))
    }

    func testAFalseAssertIsAnAssertionErrorWithItsMessage() {
        let handler = KernelHandler()
        _ = run(handler, "execute_request", ["code": "w = 1 - 0.1 * 2"])
        let (reply, published) = run(handler, "execute_request", ["code": "assert close(w, 0.64), \"two steps from 1 give 0.64\""])
        XCTAssertEqual(reply?["status"], "error")
        XCTAssertEqual(reply?["ename"], "AssertionError")
        XCTAssertEqual(reply?["evalue"], "two steps from 1 give 0.64")
        let error = published.first { $0.0 == "error" }?.1
        XCTAssertEqual(error?["ename"], "AssertionError")
        guard case .array(let lines)? = error?["traceback"] else { return XCTFail("no traceback") }
        let traceback = lines.compactMap(\.string).joined(separator: "\n")
        XCTAssertTrue(traceback.contains("hint: w is 0.8 (tol 1e-6)"), traceback)
        XCTAssertEqual(run(handler, "execute_request", ["code": "assert close(w, 0.8)"]).reply?["status"], "ok")
    }

    func testErrorCarriesTheLocatedMessageAndHint() {
        let (reply, published) = run(KernelHandler(), "execute_request", ["code": "foo + 1"])
        XCTAssertEqual(reply?["status"], "error")
        XCTAssertEqual(reply?["ename"], "name error")
        XCTAssertEqual(reply?["evalue"], "unknown name 'foo'")
        XCTAssertEqual(published.last?.0, "error")
        XCTAssertEqual(published.last?.1["traceback"], ["name error at line 1, column 1: unknown name 'foo'", "1 | foo + 1", "  | ^^^",
                                                      "hint: assign it first, e.g. foo = 1"])
    }

    func testExploreIsRefusedSayingWhatToTypeInstead() {
        let handler = KernelHandler()
        _ = run(handler, "execute_request", ["code": "f(x) = x^2"])
        let cell = "explore descend f from 1 rate 0.3 steps 8"
        let (reply, published) = run(handler, "execute_request", ["code": .string(cell)])
        let message = "explore draws on the whole terminal and reads keys, so it needs nnbook's prompt in a terminal: "
            + "in Jupyter there is none (the front-end shows a cell's output)"
        XCTAssertEqual(reply?["status"], "error")
        XCTAssertEqual(reply?["evalue"], .string(message))
        let carets: String = String(repeating: "^", count: cell.count)
        let expected: JSON = .array([.string("value error at line 1, column 1: " + message), .string("1 | " + cell), .string("  | " + carets),
                                     .string("hint: type descend f from 1 rate 0.3 steps 8, then plot descent")])
        XCTAssertEqual(published.last?.1["traceback"], expected)
    }

    func testSilentAndStoreHistory() {
        let handler = KernelHandler()
        let (silentReply, silentPublished) = run(handler, "execute_request", ["code": "x = 2", "silent": true])
        XCTAssertEqual(silentReply?["execution_count"], 0)
        XCTAssertTrue(silentPublished.isEmpty)
        let (reply, _) = run(handler, "execute_request", ["code": "x * 3", "store_history": false])
        XCTAssertEqual(reply?["execution_count"], 0)
        XCTAssertEqual(run(handler, "execute_request", ["code": "x"]).reply?["execution_count"], 1)
        XCTAssertEqual(handler.history.map(\.input), ["x"])
    }

    func testTerminalMetaCommandsSayWhatToUseInstead() {
        let handler = KernelHandler()
        let (reply, said) = run(handler, "execute_request", ["code": ":quit"])
        XCTAssertEqual(reply?["status"], "ok")
        XCTAssertEqual(reply?["payload"], [["source": "ask_exit", "keepkernel": false]])
        XCTAssertEqual(said.last?.1["text"],
                       ":quit leaves jupyter console; in a notebook use the front-end's Shut Down (or Restart) for the kernel\n")
        XCTAssertEqual(run(handler, "execute_request", ["code": ":save a.md"]).reply?["status"], "error")
        _ = run(handler, "execute_request", ["code": "w = 0.5"])
        let (vars, published) = run(handler, "execute_request", ["code": ":vars"])
        XCTAssertEqual(vars?["status"], "ok")
        XCTAssertTrue(published.contains { $0.0 == "stream" && ($0.1["text"]?.string ?? "").contains("w") })
    }

    func testSessionMetaCommandsWork() {
        let handler = KernelHandler()
        XCTAssertEqual(run(handler, "execute_request", ["code": ":precision 2"]).reply?["status"], "ok")
        XCTAssertEqual(run(handler, "execute_request", ["code": "sigmoid(2)"]).published.last?.1["data"]?["text/plain"], "0.88")
        let timed = run(handler, "execute_request", ["code": ":time sigmoid(2)"]).published
        XCTAssertTrue(timed.contains { $0.0 == "stream" && ($0.1["text"]?.string ?? "").hasPrefix("wall time: ") })
        _ = run(handler, "execute_request", ["code": "w = 1"])
        _ = run(handler, "execute_request", ["code": ":reset"])
        XCTAssertEqual(run(handler, "execute_request", ["code": "w"]).reply?["ename"], "name error")
    }

    func testIsComplete() {
        XCTAssertEqual(KernelHandler.isComplete("sigmoid(2)"), ["status": "complete"])
        XCTAssertEqual(KernelHandler.isComplete("for i in range(3):"), ["status": "incomplete", "indent": "    "])
        XCTAssertEqual(KernelHandler.isComplete("(1 +"), ["status": "incomplete", "indent": ""])
        XCTAssertEqual(KernelHandler.isComplete("for i in range(3):\n    print(i)\n"), ["status": "complete"])
        XCTAssertEqual(KernelHandler.isComplete("1 + )"), ["status": "invalid"])
        XCTAssertEqual(KernelHandler.isComplete(":precision 99"), ["status": "invalid"])
        XCTAssertEqual(KernelHandler.isComplete(":precision 3"), ["status": "complete"])
    }

    func testCompleteAndInspect() {
        let handler = KernelHandler()
        let (reply, _) = run(handler, "complete_request", ["code": "y = sig", "cursor_pos": 7])
        XCTAssertEqual(reply?["cursor_start"], 4)
        XCTAssertEqual(reply?["cursor_end"], 7)
        XCTAssertEqual(reply?["matches"], ["sigmoid", "sign"])
        let (found, _) = run(handler, "inspect_request", ["code": "sigmoid(2)", "cursor_pos": 3])
        XCTAssertEqual(found?["found"], true)
        XCTAssertTrue((found?["data"]?["text/plain"]?.string ?? "").hasPrefix("sigmoid(x) — the logistic function"))
        XCTAssertEqual(run(handler, "inspect_request", ["code": "zzz", "cursor_pos": 1]).reply?["found"], false)
    }

    func testHistoryTailRangeSearch() {
        let handler = KernelHandler()
        for code in ["a = 1", "b = 2", "a + b"] { _ = run(handler, "execute_request", ["code": .string(code)]) }
        XCTAssertEqual(run(handler, "history_request", ["hist_access_type": "tail", "n": 2]).reply?["history"],
                       [[0, 2, "b = 2"], [0, 3, "a + b"]])
        XCTAssertEqual(run(handler, "history_request", ["hist_access_type": "range", "start": 1, "stop": 2]).reply?["history"],
                       [[0, 1, "a = 1"]])
        XCTAssertEqual(run(handler, "history_request", ["hist_access_type": "search", "pattern": "a*"]).reply?["history"],
                       [[0, 1, "a = 1"], [0, 3, "a + b"]])
    }

    func testHistoryWithOutputsPairsEachInputWithItsResult() {
        let handler = KernelHandler()
        for code in ["a = 1", "a + 1"] { _ = run(handler, "execute_request", ["code": .string(code)]) }
        XCTAssertEqual(run(handler, "history_request", ["hist_access_type": "tail", "n": 2, "output": true]).reply?["history"],
                       [[0, 1, ["a = 1", .null]], [0, 2, ["a + 1", "2"]]])
    }

    func testSilentCellsTakeNoNumberSoOutNIsTheCellJupyterShowsAsN() {
        let handler = KernelHandler()
        XCTAssertEqual(run(handler, "execute_request", ["code": "10"]).reply?["execution_count"], 1)
        _ = run(handler, "execute_request", ["code": "20", "silent": true])
        _ = run(handler, "execute_request", ["code": "30", "store_history": false])
        _ = run(handler, "execute_request", ["code": "   "])  // an empty cell takes a number, as the front-end shows it
        let (reply, published) = run(handler, "execute_request", ["code": "Out[1] + _"])
        XCTAssertEqual(reply?["execution_count"], 3)
        XCTAssertEqual(published.first { $0.0 == "execute_result" }?.1["data"]?["text/plain"], "20")  // 10 + 10: neither 20 nor 30 became _
        let (history, _) = run(handler, "execute_request", ["code": ":history"])
        XCTAssertEqual(history?["execution_count"], 4)
        XCTAssertEqual(handler.history.map(\.input), ["10", "   ", "Out[1] + _", ":history"])
    }

    func testQuestionMarkHelpGoesToThePagerAsIPythonsDoes() {
        let handler = KernelHandler()
        for code in ["?sigmoid", "sigmoid?", "sigmoid??"] {
            let (reply, published) = run(handler, "execute_request", ["code": .string(code)])
            XCTAssertEqual(reply?["status"], "ok", code)
            XCTAssertEqual(reply?["payload"]?[0]?["source"], "page", code)
            XCTAssertTrue((reply?["payload"]?[0]?["data"]?["text/plain"]?.string ?? "").hasPrefix("sigmoid(x) — the logistic function"), code)
            XCTAssertFalse(published.contains { $0.0 == "stream" }, code)
        }
        let (plain, published) = run(handler, "execute_request", ["code": ":help sigmoid"])  // :help stays in the cell
        XCTAssertEqual(plain?["payload"], [])
        XCTAssertTrue(published.contains { $0.0 == "stream" })
        let (unknown, _) = run(handler, "execute_request", ["code": "nosuch?"])
        XCTAssertEqual(unknown?["evalue"], "no help on 'nosuch'")
    }

    func testClearAndWarnings() {
        let handler = KernelHandler()
        let (reply, published) = run(handler, "execute_request", ["code": ":clear"])
        XCTAssertEqual(reply?["status"], "ok")
        XCTAssertEqual(published.map(\.0), ["execute_input", "clear_output"])
        let (_, warned) = run(handler, "execute_request", ["code": "g(x) = g(x) + 1"])
        let streams = warned.filter { $0.0 == "stream" }.map { ($0.1["name"]?.string ?? "", $0.1["text"]?.string ?? "") }
        XCTAssertEqual(streams.map(\.0), ["stdout", "stderr"])
        XCTAssertTrue(streams[1].1.hasPrefix("note: g is defined in terms of itself"))
    }

    func testKernelSpec() {
        XCTAssertEqual(KernelSpec.folder(.prefix("/opt/x"), environment: [:], home: "/home/u"), "/opt/x/share/jupyter/kernels/nnbook")
        XCTAssertEqual(KernelSpec.folder(.user, environment: ["JUPYTER_DATA_DIR": "/d"], home: "/home/u"), "/d/kernels/nnbook")
        XCTAssertEqual(KernelSpec.json(binary: "/bin/nnbook")["argv"], ["/bin/nnbook", "kernel", "-f", "{connection_file}"])
        XCTAssertEqual(KernelSpec.json(binary: "/bin/nnbook")["interrupt_mode"], "message")
    }
}
