import Foundation
import Testing
@testable import hingecheck
@testable import Workflows

/// A clock the test moves by hand, and the text the line wrote.
final class SimulatedTerminal: @unchecked Sendable {   // mutable state only under `lock`
    private let lock = NSLock()
    private var now = 1000.0
    private var written = ""
    func advance(_ s: Double) { lock.withLock { now += s } }
    var clock: @Sendable () -> TimeInterval { { self.lock.withLock { self.now } } }
    var sink: @Sendable (String) -> Void { { text in self.lock.withLock { self.written += text } } }
    var lines: [String] { lock.withLock { written.split(separator: "\n").map(String.init) } }
}

@Suite struct ProgressLineTests {
    @Test func noRateFromTheFirstFewMicroseconds() {
        let text = FrameProgress.text(label: "landmarks", done: 1, total: 480, elapsedS: 0.000003, final: false)
        #expect(text == "landmarks [........................] 1/480   0%")
        #expect(!text.contains("fps") && !text.contains("ETA"))
        // Enough frames but too little time, or enough time but too few frames: still no rate.
        #expect(!FrameProgress.text(label: "l", done: 40, total: 480, elapsedS: 0.5, final: false).contains("fps"))
        #expect(!FrameProgress.text(label: "l", done: 2, total: 480, elapsedS: 3, final: false).contains("fps"))
    }

    @Test func totalPercentageEtaAndRate() {
        let text = FrameProgress.text(label: "landmarks", done: 60, total: 120, elapsedS: 2, final: false)
        #expect(text == "landmarks [############............] 60/120  50% ETA 2s, 30.0 fps")
        let long = FrameProgress.text(label: "landmarks", done: 30, total: 9030, elapsedS: 3, final: false)
        #expect(long.contains("ETA 15m00s, 10.0 fps"))
        let final = FrameProgress.text(label: "landmarks", done: 120, total: 120, elapsedS: 4, final: true)
        #expect(final == "landmarks [########################] 120/120 100%, 30.0 fps, 4.0 s")
    }

    /// A container's frame count can be an estimate: more frames than declared never reads
    /// over 100 % or gives a negative ETA.
    @Test func moreFramesThanDeclared() {
        let text = FrameProgress.text(label: "landmarks", done: 130, total: 120, elapsedS: 2, final: false)
        #expect(text.contains("130/130 100% ETA 0s"))
    }

    @Test func withoutTotal() {
        #expect(FrameProgress.text(label: "landmarks", done: 10, total: nil, elapsedS: 2, final: false) == "landmarks: 10 frames, 5.0 fps")
        #expect(FrameProgress.text(label: "landmarks", done: 1, total: nil, elapsedS: 0.001, final: false) == "landmarks: 1 frames")
    }

    /// Off a terminal, a line every 5 simulated seconds: the first (frame 1, a millisecond after
    /// the start) has no rate, the next ones the rate over the simulated time. Steps are powers
    /// of two, so the simulated times are exact.
    @Test func plainLinesOnTheSimulatedClock() {
        let terminal = SimulatedTerminal()
        let line = ProgressLine(enabled: true, terminalInterval: 0.2, plainInterval: 5, isTTY: false,
                                clock: terminal.clock, sink: terminal.sink)
        let progress = FrameProgress(label: "landmarks", total: 600, line: line)
        for frame in 1...600 {
            terminal.advance(frame == 1 ? 1.0 / 1024 : 1.0 / 32)   // then 32 frames per simulated second
            progress.update(frame)
        }
        progress.finish(600)
        let lines = terminal.lines
        // Frames 1, 161, 321 and 481 (0, 5, 10 and 15 s), then the final line.
        #expect(lines.count == 5)
        #expect(lines.first == "landmarks [........................] 1/600   0%")
        #expect(lines.dropFirst().first == "landmarks [######..................] 161/600  27% ETA 14s, 32.2 fps")
        #expect(lines.last == "landmarks [########################] 600/600 100%, 32.1 fps, 18.7 s")
    }

    /// The batch line: no rates in the first second of a run, then frames/s, inputs/min, ETA.
    @Test func batchLineWaitsForARate() {
        var p = BatchProgress()
        p.toRun = 4
        p.finished = 1
        p.frames = 3
        p.bytesTotal = 400
        p.bytesFinished = 100
        p.elapsedS = 0.000004
        let early = ProgressLine.text(p)
        #expect(early == "batch [######..................] 1/4, 0 running, 0s elapsed")
        p.elapsedS = 60
        let later = ProgressLine.text(p)
        #expect(later == "batch [######..................] 1/4, 0 running, 0 frames/s, 1.00 inputs/min, ETA 3m00s, 1m00s elapsed")
    }

    @Test func disabledWritesNothing() {
        let terminal = SimulatedTerminal()
        let line = ProgressLine(enabled: false, isTTY: true, clock: terminal.clock, sink: terminal.sink)
        let progress = FrameProgress(label: "x", total: 5, line: line)
        progress.update(1)
        progress.finish(5)
        #expect(terminal.lines.isEmpty)
    }
}
