import Foundation
import PoseCore
import Testing
@testable import Workflows

/// What the live terminal view prints, fed real `LiveState`s: a rep once, with its flagged moment
/// carrying the rep's final value (not once per re-analysis while the rep was under way), and the
/// calibration note only until the first rep. Clocks are simulated.
@Suite struct LiveTerminalViewTests {
    /// Text written, and a clock moved by hand.
    final class Capture: @unchecked Sendable {   // mutable state only under `lock`
        private let lock = NSLock()
        private var text = ""
        private var now = 0.0
        var sink: @Sendable (String) -> Void { { t in self.lock.withLock { self.text += t } } }
        var clock: @Sendable () -> TimeInterval { { self.lock.withLock { self.now } } }
        func advance(_ s: Double) { lock.withLock { now += s } }
        var lines: [String] { lock.withLock { text.split(separator: "\n").map(String.init) } }
    }

    static func row(_ index: Int, verdict: String, deciding: String) -> LiveState.RepRow {
        LiveState.RepRow(index: index, startS: Double(index) * 2, endS: Double(index) * 2 + 1.5, peakTrunkInclinationDeg: 60,
                         lumbarAngleDeg: nil, peakLumbarFlexionDeg: nil, decidingText: deciding, postureLostS: verdict == "LOST" ? 0.8 : 0,
                         verdict: verdict, partial: false)
    }

    static func event(_ startS: Double, value: String) -> LiveState.EventRow {
        LiveState.EventRow(startS: startS, endS: startS + 0.8, repIndex: 5, severity: 0.9,
                           message: "Rep 5: lower back rounded under load — lower-back angle \(value) ± 1.4° (limit +3.5°)")
    }

    /// Rep 5 re-judged three times while under way (its moment's start and value change), then
    /// closed: one POSTURE LOST line, with the final value, printed with the rep.
    @Test func aLostRepIsPrintedOnceWithItsFinalValue() {
        let capture = Capture()
        let view = LiveTerminalView(isTTY: false, clock: capture.clock, sink: capture.sink)
        var state = LiveState()
        state.measureName = "LOWER BACK"
        state.repCount = 4
        state.reps = (1...4).map { Self.row($0, verdict: "held", deciding: "-5.0 ± 1.0°") }
        for (time, start, value) in [(10.9, 11.00, "+14.0°"), (11.3, 11.05, "+18.2°"), (11.9, 11.10, "+20.5°")] {
            state.timeS = time
            state.currentRep = 5
            state.banner = .confirmed
            state.reps = Array(state.reps.prefix(4)) + [Self.row(5, verdict: "LOST", deciding: value + " ± 1.4")]
            state.events = [Self.event(start, value: value)]
            view.update(state)
        }
        #expect(!capture.lines.contains { $0.contains("POSTURE LOST") })
        state.timeS = 12.5
        state.repCount = 5
        state.currentRep = nil
        state.banner = .none
        state.reps[4] = Self.row(5, verdict: "LOST", deciding: "+20.5 ± 1.4°")
        view.update(state)
        view.update(state)
        view.finish(state)
        let lost = capture.lines.filter { $0.contains("POSTURE LOST") }
        #expect(lost.count == 1)
        #expect(lost.first?.contains("+20.5°") == true)
        #expect(capture.lines.filter { $0.contains("rep 5 LOST") }.count == 1)
        #expect(capture.lines.filter { $0.contains("!! lumbar curve lost") }.count == 1)
        // The rep line names the value as the gauge does.
        #expect(capture.lines.first { $0.contains("rep 5 LOST") }?.contains("lower back +20.5 ± 1.4°") == true)
    }

    /// Markerless, the measure is the lower-back angle: the block shows it under one name.
    @Test func oneNameForOneValue() {
        var state = LiveState()
        state.measureName = "LOWER BACK"
        state.lumbarMeasureDeg = -4
        state.lumbarAngleDeg = -4.2
        #expect(!LiveTerminalView.block(state).joined().contains("lumbar angle"))
        state.measureName = "LUMBAR FLEXION"
        #expect(LiveTerminalView.block(state).joined().contains("lumbar angle"))
    }

    /// Off a terminal, status lines come every `plainInterval` of the (simulated) clock.
    @Test func statusLinesFollowTheClock() {
        let capture = Capture()
        let view = LiveTerminalView(isTTY: false, plainInterval: 5, clock: capture.clock, sink: capture.sink)
        var state = LiveState()
        for frame in 0..<240 {
            state.timeS = Double(frame) / 30
            view.update(state)
            capture.advance(0.125)
        }
        // At 0, 5, 10 … 25 s of the clock (steps of 1/8 s are exact): 6 lines.
        #expect(capture.lines.count == 6)
    }
}
