import Foundation
import PoseCore

/// What a live session hands to its viewers (the browser view): the newest rendered frame as
/// JPEG and the newest state as JSON, each with a sequence number. Viewers wait for a change
/// and always get the newest value (a slow viewer skips frames; nothing queues up).
///
/// Viewers wait on continuations kept with the values under one lock (`shared`), so a change
/// and the wake-up of everyone waiting for it cannot miss each other.
public final class LiveBroadcast: Sendable {
    /// One published value.
    public struct Item: Sendable {
        public var sequence: Int
        public var bytes: Data
    }

    /// The values and who waits for them.
    private struct Shared: HasParkedWaiters {
        var frame: Item?
        var state: Item?
        var finished = false
        var viewers = 0
        var waiters = ParkedWaiters()
    }

    private let shared = LockedValue(Shared())

    public init() {}

    /// True while someone watches the video (the session then renders and encodes frames).
    public var wantsFrames: Bool { shared.get().viewers > 0 }

    /// The newest frame and state.
    public var latestFrame: Item? { shared.get().frame }
    public var latestState: Item? { shared.get().state }
    /// True once the session ended.
    public var isFinished: Bool { shared.get().finished }

    /// A viewer of the video starts (balanced by `removeViewer`).
    public func addViewer() { shared.withLock { $0.viewers += 1 } }
    public func removeViewer() { shared.withLock { $0.viewers = max(0, $0.viewers - 1) } }

    /// Publishes a JPEG frame.
    public func publish(jpeg: Data) {
        resume { $0.frame = Item(sequence: ($0.frame?.sequence ?? 0) + 1, bytes: jpeg) }
    }

    /// Publishes the state as JSON.
    public func publish(stateJSON: Data) {
        resume { $0.state = Item(sequence: ($0.state?.sequence ?? 0) + 1, bytes: stateJSON) }
    }

    /// Ends the broadcast: waiters return, viewers end their streams.
    public func finish() {
        resume { $0.finished = true }
    }

    /// Applies `change` and wakes every waiter (outside the lock: a resumed viewer may call back in).
    private func resume(_ change: (inout Shared) -> Void) {
        let waiters = shared.withLock { shared in
            change(&shared)
            return shared.waiters.takeAll()
        }
        for c in waiters { c.resume() }
    }

    /// Waits until the frame sequence passes `frameAfter` or the state sequence passes
    /// `stateAfter` (pass `Int.max` to ignore one), or the broadcast ends, or the task is
    /// cancelled.
    /// - Returns: false when the broadcast has ended or the task was cancelled.
    public func waitForChange(frameAfter: Int, stateAfter: Int) async -> Bool {
        await ParkedWaiters.park(in: shared) {
            $0.finished || ($0.frame?.sequence ?? 0) > frameAfter || ($0.state?.sequence ?? 0) > stateAfter
        }
        return !shared.get().finished && !Task.isCancelled
    }
}
