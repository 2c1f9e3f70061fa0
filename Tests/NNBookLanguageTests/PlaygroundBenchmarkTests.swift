import Foundation
import NeuralCore
import NNBookRender
import XCTest

@testable import NNBookLanguage

/// The playground's frame rate (issue 15): a [2, 8, 8, 1] network on 500
/// circle points at 120×40 with colour, one training step a frame, against
/// the same steps without drawing, in the same run. Runs only with
/// NNBOOK_BENCH_PLAYGROUND=1 (Benchmarks/playground_frames.py sets it and
/// builds in release); it prints its numbers and asserts none of them.
final class PlaygroundBenchmarkTests: XCTestCase {
    private func settings() -> PlaygroundSettings {
        var s = PlaygroundSettings()
        s.layers = [8, 8]
        s.features = [.x1, .x2]
        s.trainRatio = 0.5
        return s
    }

    func testFramesPerSecond() throws {
        let environment = ProcessInfo.processInfo.environment
        try XCTSkipUnless(environment["NNBOOK_BENCH_PLAYGROUND"] == "1", "set NNBOOK_BENCH_PLAYGROUND=1 (Benchmarks/playground_frames.py)")
        let frames = Int(environment["NNBOOK_BENCH_FRAMES"] ?? "") ?? 300
        let screen = PlaygroundScreen(width: 120, height: 40, colour: true)
        let format: @Sendable (Double) -> String = { NumberFormat.format($0, precision: .decimals(3)) }
        let clock = ContinuousClock()
        var rounds: [(train: Duration, step: Duration, draw: Duration, bytes: Int, full: Int, early: Int, most: Int)] = []
        for _ in 0..<3 {
            // Training alone.
            var bare = try Playground(settings: settings())
            let trainStart = clock.now
            for _ in 0..<frames { bare.step() }
            let train = clock.now - trainStart
            // Training and drawing: step, maps, frame, diff against the last frame.
            var run = try Playground(settings: settings())
            let layout = try XCTUnwrap(screen.layout(columns: PlaygroundPicture.columnSizes(run)))
            var last = screen.render(PlaygroundPicture.state(of: run, layout: layout, playing: true, format: format))
            var step = Duration.zero, draw = Duration.zero, bytes = 0, full = 0, early = 0, most = 0
            for n in 0..<frames {
                let t0 = clock.now
                run.step()
                let t1 = clock.now
                let frame = screen.render(PlaygroundPicture.state(of: run, layout: layout, playing: true, format: format))
                let sent = TerminalUpdate.diff(from: last, to: frame, colour: true).utf8.count
                bytes += sent
                most = max(most, sent)
                if n < 50 { early += sent }
                let t2 = clock.now
                full += TerminalUpdate.full(frame, colour: true).utf8.count
                last = frame
                step += t1 - t0
                draw += t2 - t1
            }
            XCTAssertEqual(run.layers, bare.layers, "drawing does not change the training")
            rounds.append((train, step, draw, bytes, full, early, most))
        }
        let best = rounds.min { ($0.step + $0.draw) < ($1.step + $1.draw) } ?? rounds[0]
        func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15 }
        let perFrame = (ms(best.step) + ms(best.draw)) / Double(frames)
        print(String(format: "playground benchmark: %d frames, [2, 8, 8, 1], %d points, 120x40 colour (best of 3 rounds)", frames, PlaygroundSettings.pointCount))
        print(String(format: "  training alone:      %.3f ms a step (%.0f steps/s)", ms(best.train) / Double(frames), Double(frames) / ms(best.train) * 1000))
        print(String(format: "  step + draw + diff:  %.3f ms a frame (%.0f frames/s; goal >= 20)", perFrame, 1000 / perFrame))
        print(String(format: "  drawing share:       %.0f%% of a frame (goal < 50%%)", 100 * ms(best.draw) / (ms(best.step) + ms(best.draw))))
        print(String(format: "  bytes a frame:       %d changed vs %d full redraw (%.1f%%)", best.bytes / frames, best.full / frames, 100 * Double(best.bytes) / Double(best.full)))
        print(String(format: "  while it learns:     %d a frame over the first 50 frames, %d at most", best.early / min(frames, 50), best.most))
    }
}
