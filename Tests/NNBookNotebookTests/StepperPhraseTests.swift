import XCTest
import NNBookLanguage
@testable import NNBookNotebook

/// Every sentence the lesson stepper says exists in English and in Chinese
/// (the switch in `StepperPhrase` is exhaustive; this checks the Chinese is
/// really Chinese and the English has no Chinese in it).
final class StepperPhraseTests: XCTestCase {
    static let all: [StepperPhrase] = [
        .legendFull, .legendShort, .continuationHint, .correct, .partial(done: 1, of: 3),
        .notQuiteValue(expected: "1.6", got: "1.7"), .notQuiteValue(expected: "1.6", got: nil),
        .notQuiteVariable(name: "w", expected: "0.8", got: "0.7"), .notQuiteVariable(name: "w", expected: "0.8", got: nil),
        .notQuiteMissingError(expected: "name error", got: nil), .notQuiteMissingError(expected: "a", got: "b"),
        .notQuiteError, .notQuiteFigure, .notQuiteOutput(expected: "1", got: "2"), .notQuiteOutput(expected: "1", got: nil),
        .tryAgain, .explored(failed: false, sets: ["w"]), .explored(failed: true, sets: []), .interrupted, .typedForYou,
        .hint(tier: 1, text: "x"), .hint(tier: 2, text: "x"), .hint(tier: 3, text: "x"), .showCode("x"),
        .recapTitle("T"), .recapEmpty, .recapTyped, .stepperHelp, .scratchOn, .scratchOff, .kept("x"), .kept(nil),
        .nothingToKeep, .firstCell, .restarting("T"), .lessonFinished, .language("English"), .unknownLanguage("fr"),
        .fileCommandsInLesson, .welcomeBack(title: "T", cell: 2, of: 3), .progressSaved(lesson: 1, cell: 2),
        .complete(next: (2, "T")), .complete(next: nil), .inTheREPL(variables: ["w"], nextLesson: 2),
        .inTheREPL(variables: [], nextLesson: nil), .backInTheREPL(variables: ["w"]), .noLesson(query: "q", names: "1 a"),
        .listHeader, .listFooter(next: 1, at: nil, file: "f"), .listFooter(next: 2, at: 3, file: "f"),
        .listFooter(next: nil, at: nil, file: "f"), .doneAgainAt(2, 3), .doneBefore(title: "T"), .languageIs("English"), .notStarted, .cellOf(1, 2), .done, .cells(3),
        .resumeOffer(number: 1, title: "T", cell: 2, of: 3), .confirmRestart("T"), .theSteps,
        .assignmentLegend, .assignmentNoTyping, .assignmentNoSkip, .assignmentNoAnswer("x"), .assignmentNoShow, .assignmentTryAgain,
        .reportNotWritten("x"),
    ] + MistakeKind.allCases.map { .mistake(.builtin($0, details: ["x", "y"])) } + [.mistake(.lesson("Use //."))]

    static func hasChinese(_ s: String) -> Bool {
        s.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    func testEveryPhraseIsInBothLanguages() {
        for phrase in Self.all {
            let en = phrase.text(.en), zh = phrase.text(.zh)
            XCTAssertFalse(en.isEmpty, "\(phrase)")
            XCTAssertTrue(Self.hasChinese(zh), "no Chinese in the zh text of \(phrase): \(zh)")
            XCTAssertFalse(Self.hasChinese(en), "Chinese in the en text of \(phrase): \(en)")
        }
    }

    func testLegendsFitEightyColumns() {
        for phrase in [StepperPhrase.legendFull, .legendShort, .assignmentLegend] {
            for lang in LessonLanguage.allCases {
                XCTAssertLessThanOrEqual(TerminalText.width(phrase.text(lang)), 80, "\(phrase) in \(lang)")
            }
        }
        for lang in LessonLanguage.allCases {
            for line in StepperPhrase.stepperHelp.text(lang).split(separator: "\n") {
                XCTAssertLessThanOrEqual(TerminalText.width(String(line)), 80, "\(line)")
            }
        }
    }

    func testLanguageCodes() {
        XCTAssertEqual(LessonLanguage(code: "zh_CN.UTF-8"), .zh)
        XCTAssertEqual(LessonLanguage(code: "中文"), .zh)
        XCTAssertEqual(LessonLanguage(code: "en_GB"), .en)
        XCTAssertNil(LessonLanguage(code: "fr"))
        XCTAssertEqual(LessonLanguage.from(environment: ["NNBOOK_LANG": "zh"]), .zh)
        XCTAssertEqual(LessonLanguage.from(environment: ["NNBOOK_LANG": "fr", "LANG": "zh_TW.UTF-8"]), .zh)
        XCTAssertEqual(LessonLanguage.from(environment: ["LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"]), .en, "LC_ALL decides")
        XCTAssertEqual(LessonLanguage.from(environment: [:]), .en)
    }
}
