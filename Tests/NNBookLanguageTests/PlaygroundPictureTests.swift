import NeuralCore
import NNBookRender
import XCTest

@testable import NNBookLanguage

/// A real run drawn: the engine's numbers reach the screen through `PlaygroundPicture`.
final class PlaygroundPictureTests: XCTestCase {
    private let format: @Sendable (Double) -> String = { NumberFormat.format($0, precision: .decimals(3)) }

    func testATrainedRunOnTheScreen() throws {
        var run = try Playground(settings: PlaygroundSettings())
        for _ in 0..<30 { run.step() }
        let screen = PlaygroundScreen(width: 80, height: 24, colour: false)
        let layout = try XCTUnwrap(screen.layout(columns: PlaygroundPicture.columnSizes(run)))
        XCTAssertEqual(PlaygroundPicture.columnSizes(run), [2, 4, 2, 1])
        let state = PlaygroundPicture.state(of: run, layout: layout, format: format)
        XCTAssertEqual(state.decision.count, layout.regionColumns * layout.regionRows)
        XCTAssertEqual(state.columns[1][0].map.count, layout.mapColumns * layout.mapRows)
        XCTAssertEqual(state.points.count, 500)
        let lines = screen.render(state).lines(colour: false)
        XCTAssertEqual(lines[0], "playground  paused  epoch 30  loss: train \(format(run.trainLoss[30])) test \(format(run.testLoss[30]))  view: forward")
        XCTAssertEqual(lines[1], "data circle · noise 0.1 · split 50% train · batch 10 · rate 0.1 · tanh")
        XCTAssertEqual(lines[2], "layers [4, 2] · regularization none · features x1 x2 · seed 42")
        XCTAssertTrue(lines.contains { $0.hasSuffix("loss train * \(format(run.trainLoss[30])) test + \(format(run.testLoss[30]))") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("x1 ") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("x2 ") })
    }

    func testTheBackwardViewShowsTheGradients() throws {
        var s = PlaygroundSettings()
        s.regularization = .l2
        s.regularizationRate = 0.01
        var run = try Playground(settings: s)
        run.step()
        let layout = try XCTUnwrap(PlaygroundScreen(width: 120, height: 40, colour: false).layout(columns: PlaygroundPicture.columnSizes(run)))
        let state = PlaygroundPicture.state(of: run, layout: layout, backward: true, format: format)
        XCTAssertEqual(state.weights, run.gradient.map(\.weights))
        XCTAssertEqual(PlaygroundPicture.phrases(s)[7], "l2 0.01")
        let forward = PlaygroundPicture.state(of: run, layout: layout, format: format)
        XCTAssertEqual(forward.weights, run.layers.map(\.weights))
    }
}
