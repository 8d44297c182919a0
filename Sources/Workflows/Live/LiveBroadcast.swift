import Foundation

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
    private struct Shared {
        var frame: Item?
        var state: Item?
        var finished = false
        var viewers = 0
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
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
        let ready = shared.withLock { shared in
            change(&shared)
            defer { shared.waiters.removeAll() }
            return shared.waiters
        }
        for (_, c) in ready { c.resume() }
    }

    /// Waits until the frame sequence passes `frameAfter` or the state sequence passes
    /// `stateAfter` (pass `Int.max` to ignore one), or the broadcast ends, or the task is
    /// cancelled.
    /// - Returns: false when the broadcast has ended or the task was cancelled.
    public func waitForChange(frameAfter: Int, stateAfter: Int) async -> Bool {
        let id = shared.withLock { shared -> Int in
            shared.nextWaiter += 1
            return shared.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let ready = shared.withLock { shared -> Bool in
                    let ready = shared.finished || Task.isCancelled || (shared.frame?.sequence ?? 0) > frameAfter
                        || (shared.state?.sequence ?? 0) > stateAfter
                    if !ready { shared.waiters[id] = c }
                    return ready
                }
                if ready { c.resume() }
            }
        } onCancel: {
            let c = shared.withLock { $0.waiters.removeValue(forKey: id) }
            c?.resume()
        }
        return !shared.get().finished && !Task.isCancelled
    }
}
