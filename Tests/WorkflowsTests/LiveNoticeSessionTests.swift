import Foundation
import PoseCore
import Testing
@testable import Workflows

/// The calibration note in a real live session (the markers clip, every frame processed): shown
/// once calibration is done, gone once the first rep starts — on the clip's own times.
@Suite struct LiveNoticeSessionTests {
    @Test func theCalibrationNoteLeavesWhenTheSetStarts() async throws {
        let capture = LiveTerminalViewTests.Capture()
        // A terminal view redrawing on every frame: the clock moves a second per reading.
        let clock: @Sendable () -> TimeInterval = { capture.advance(1); return capture.clock() }
        let terminal = LiveTerminalView(isTTY: true, redrawInterval: 0.2, clock: clock, sink: capture.sink)
        let outcome = try await LiveSession(registry: LiveSessionTests.registry(), options: .init(
            input: .file(path: LiveSessionTests.clip("rdl-markers.mp4"), realtime: false), landmarks: .markers),
            sinks: LiveSinks(terminal: terminal)).run()
        let firstRep = try #require(outcome.document.result.reps.first)
        // Each drawn block: its header line's session time, and whether it showed the note.
        var blocks: [(timeS: Double, note: Bool)] = []
        for line in capture.lines {
            let clean = line.replacingOccurrences(of: "\u{1B}[K", with: "")
            if let range = clean.range(of: "HingeCheck live  markers  "), let t = clean[range.upperBound...].split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
                blocks.append((t, false))
            } else if clean.contains("note: calibration:"), !blocks.isEmpty {
                blocks[blocks.count - 1].note = true
            }
        }
        #expect(blocks.count > 100)
        let withNote = blocks.filter(\.note)
        #expect(!withNote.isEmpty, "the note was never shown")
        // Gone for good within a frame or two of the first rep's start (the live segmenter sees
        // the descent a few frames after the pipeline's start time).
        #expect(withNote.allSatisfy { $0.timeS < firstRep.startS + 0.5 }, "\(withNote.map(\.timeS).max() ?? 0) vs rep at \(firstRep.startS)")
        #expect(blocks.filter { $0.timeS > firstRep.endS }.allSatisfy { !$0.note })
    }
}
