import Foundation
import XCTest
@testable import NNBookKernel

final class WireMessageTests: XCTestCase {
    let key = "a0436f6c-1916-498b-8eb9-e81ab9368e84"
    let parts = [#"{"msg_id":"1","msg_type":"kernel_info_request"}"#, "{}", "{}", "{}"].map { Data($0.utf8) }

    /// The expected value was computed with Python's hmac:
    /// python3 -c 'import hmac, hashlib; h = hmac.new(b"a0436f6c-1916-498b-8eb9-e81ab9368e84", digestmod=hashlib.sha256);
    ///   [h.update(p) for p in [b"{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}", b"{}", b"{}", b"{}"]]; print(h.hexdigest())'
    func testSignatureMatchesPythonHMAC() {
        XCTAssertEqual(Signer(key: key).signature(parts), "23d21ade63d42fc48bbe2721cd9045ceffb260c3521b7d246495f23adfca79a0")
    }

    func testHexIsTwoLowercaseDigitsPerByte() {
        XCTAssertEqual(Signer.hex([0x00, 0x0f, 0xa0, 0xff, 0x5c]), "000fa0ff5c")
        XCTAssertEqual(Signer.hex([]), "")
    }

    func testHeaderDateIsISO8601UTCWithMicroseconds() throws {
        XCTAssertEqual(Timestamp.string(seconds: 0, nanoseconds: 0), "1970-01-01T00:00:00.000000Z")
        XCTAssertEqual(Timestamp.string(seconds: 1_796_117_400, nanoseconds: 123_456_789), "2026-12-01T09:30:00.123456Z")
        let header = Publisher.header("status", session: "s")
        let date = try XCTUnwrap(header["date"]?.string)
        let parsed = try XCTUnwrap(try? Date(date, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)), date)
        XCTAssertLessThan(abs(parsed.timeIntervalSinceNow), 60)
        XCTAssertEqual(header["msg_type"], "status")
        XCTAssertEqual(header["version"]?.string, KernelInfo.protocolVersion)
    }

    func testJSONIsCompactWithSortedKeysAndEscapes() {
        let value: JSON = ["b": [true, false, .null, 2, 2.5, -0.125], "a": "q\"b\\s/\n\r\t\u{1}\u{1f}é中", "c": [:], "d": []]
        let text = String(decoding: value.encoded(), as: UTF8.self)
        XCTAssertEqual(text, #"{"a":"q\"b\\s/\n\r\t\u0001\u001fé中","b":[true,false,null,2,2.5,-0.125],"c":{},"d":[]}"#)
        XCTAssertEqual(JSON.decode(value.encoded()), value)
        XCTAssertEqual(String(decoding: JSON.array([.double(.nan), .double(.infinity), 1e21]).encoded(), as: UTF8.self), "[null,null,1e+21]")
        let python = #"{"date": "2026-12-01T09:30:00.123456Z", "n": [1, 1.5e-7, {"x": "\u00e9\ud83d\ude00"}]}"#
        let parsed = JSON.decode(Data(python.utf8))
        XCTAssertEqual(parsed.flatMap { JSON.decode($0.encoded()) }, parsed)
        XCTAssertEqual(parsed?["n"], [1, 1.5e-7, ["x": "é😀"]])
        XCTAssertEqual(JSON.decode(Data(#"[true, false, 1, -2, 1.5, "1", "true", null, {}, [], [[1]]]"#.utf8)),
                       [.bool(true), .bool(false), .int(1), .int(-2), .double(1.5), "1", "true", .null, [:], [], [[1]]])
        XCTAssertNil(JSON.decode(Data("[1,".utf8)))
    }

    func testEmptyKeySignsNothingAndAcceptsAnything() {
        XCTAssertEqual(Signer(key: "").signature(parts), "")
        XCTAssertTrue(Signer(key: "").verify(Data(), parts))
    }

    func testDecodesASignedMessageWithIdentitiesAndBuffers() throws {
        let frames = [Data("client-1".utf8), WireMessage.delimiter,
                      Data("23d21ade63d42fc48bbe2721cd9045ceffb260c3521b7d246495f23adfca79a0".utf8)] + parts + [Data([0, 1, 2])]
        let message = try WireMessage.decode(frames, signer: Signer(key: key)).get()
        XCTAssertEqual(message.identities, [Data("client-1".utf8)])
        XCTAssertEqual(message.msgType, "kernel_info_request")
        XCTAssertEqual(message.header["msg_id"], "1")
        XCTAssertEqual(message.content, [:])
        XCTAssertEqual(message.buffers, [Data([0, 1, 2])])
    }

    func testRoundTrip() throws {
        let signer = Signer(key: key)
        let message = WireMessage(identities: [Data("id".utf8)], header: ["msg_id": "x", "msg_type": "execute_request"],
                                  parentHeader: ["msg_id": "p"], metadata: ["a": 1],
                                  content: ["code": "sigmoid(2)", "silent": false, "n": 2.5, "list": [1, .null]],
                                  buffers: [Data("b".utf8)])
        XCTAssertEqual(try WireMessage.decode(message.frames(signer: signer), signer: signer).get(), message)
    }

    func testMalformedAndUnsignedFramesAreRejectedWithAReason() {
        let signer = Signer(key: key)
        let good = WireMessage(header: ["msg_id": "x", "msg_type": "kernel_info_request"], content: [:]).frames(signer: signer)
        func reason(_ frames: [Data]) -> WireError? {
            if case .failure(let e) = WireMessage.decode(frames, signer: signer) { return e }
            return nil
        }
        XCTAssertEqual(reason([Data("hello".utf8)]), .noDelimiter)
        XCTAssertEqual(reason(Array(good.prefix(4))), .tooFewFrames(3))
        var unsigned = good; unsigned[1] = Data()
        XCTAssertEqual(reason(unsigned), .unsigned)
        var wrong = good; wrong[1] = Data(String(repeating: "0", count: 64).utf8)
        XCTAssertEqual(reason(wrong), .badSignature)
        var tampered = good; tampered[5] = Data(#"{"code":"1"}"#.utf8)
        XCTAssertEqual(reason(tampered), .badSignature)
        let open = Signer(key: "")
        let notJSON = [WireMessage.delimiter, Data(), Data("{".utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        if case .failure(let e) = WireMessage.decode(notJSON, signer: open) { XCTAssertEqual(e, .notJSON("header")) } else { XCTFail() }
        let noType = [WireMessage.delimiter, Data(), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8), Data("{}".utf8)]
        if case .failure(let e) = WireMessage.decode(noType, signer: open) { XCTAssertEqual(e, .noMessageType) } else { XCTFail() }
        XCTAssertEqual(WireError.badSignature.description, "the signature does not match the message")
    }

    func testConnectionFileReadsJupytersNames() throws {
        let path = NSTemporaryDirectory() + "nnbook-connection-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "nnbook"}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let file = try ConnectionFile.load(path: path)
        XCTAssertEqual(file.address(file.hbPort), "tcp://127.0.0.1:5")
        XCTAssertEqual(file.key, "k")
        try Data(#"{"ip": "127.0.0.1"}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ConnectionFile.load(path: path)) {
            XCTAssertEqual($0 as? KernelError, .connectionFile("\(path) is not a Jupyter connection file: it has no \"transport\""))
        }
        try Data(#"{"transport": 1}"#.utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try ConnectionFile.load(path: path)) {
            XCTAssertEqual($0 as? KernelError, .connectionFile("\(path) is not a Jupyter connection file: \"transport\" has the wrong type"))
        }
        XCTAssertThrowsError(try ConnectionFile.load(path: path + ".missing")) {
            XCTAssertEqual($0 as? KernelError, .connectionFile("cannot read the connection file \(path).missing"))
        }
    }
}
