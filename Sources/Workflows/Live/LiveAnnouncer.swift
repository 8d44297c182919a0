import Foundation
import PoseCore

/// What a live session tells people besides the per-frame state: notices (calibration, camera
/// lost, ...) to the terminal, the note sink and the views, and the browser's phase while no frame
/// comes. Used from the capture task (capture events) and the processing task (frames), so
/// everything it keeps is behind `LockedValue`s.
final class LiveAnnouncer: Sendable {
    private let sinks: LiveSinks
    private let notices = LockedValue(LiveNotices())
    /// The newest frame's time: notices from the capture task are posted at it.
    private let sessionTime = LockedValue(0.0)
    /// "live" or "reconnecting": the phase the views show once calibrated.
    private let connection = LockedValue("live")
    /// The newest state, so the capture task can tell the browser "reconnecting" while no frame comes.
    private let lastState = LockedValue<LiveState?>(nil)

    init(sinks: LiveSinks) {
        self.sinks = sinks
    }

    /// The connection's phase for the views ("live" or "reconnecting").
    var phase: String { connection.get() }

    /// A notice for people; `untilFirstRep` keeps it on the views until the first rep starts.
    func announce(_ text: String, untilFirstRep: Bool = false) {
        notices.withLock { $0.post(text, at: sessionTime.get(), untilFirstRep: untilFirstRep) }
        sinks.terminal?.note(text)
        sinks.note?(text)
    }

    /// The notices the views show at `time`.
    func visibleNotices(at time: Double, repStarted: Bool) -> [String] {
        notices.get().visible(at: time, repStarted: repStarted)
    }

    /// A frame at `time` is being processed (notices from now on are posted at it).
    func frameArrived(at time: Double) { sessionTime.set(time) }

    /// The state the views were last given.
    func published(_ state: LiveState) { lastState.set(state) }

    /// Tells people what the capture task reports (losses, reconnects, giving up).
    func capture(_ event: LiveCaptureEvent) {
        switch event {
        case .opened, .ended:
            break
        case .lost(let reason, let attempt, let retry):
            connection.set("reconnecting")
            announce(String(format: "camera lost (%@): retrying in %.1f s (attempt %d); everything so far is kept", reason, retry, attempt))
            publishPhase("reconnecting")
        case .reconnected(let attempt):
            connection.set("live")
            announce("camera back after \(attempt) attempt\(attempt == 1 ? "" : "s"); recording continues")
        case .gaveUp(let reason):
            announce("capture stopped: \(reason); writing what was recorded")
        }
    }

    /// The last state again with `phase` and no cue (no frame comes to carry it).
    private func publishPhase(_ phase: String) {
        guard var state = lastState.get(), let broadcast = sinks.broadcast else { return }
        state.phase = phase
        state.banner = .none
        state.notices = visibleNotices(at: state.timeS, repStarted: !state.reps.isEmpty)
        broadcast.publish(stateJSON: state.jsonData())
    }
}
