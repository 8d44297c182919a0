import Foundation

/// What a live session hands to its viewers (the browser view): the newest rendered frame as
/// JPEG and the newest state as JSON, each with a sequence number. Viewers wait for a change
/// and always get the newest value (a slow viewer skips frames; nothing queues up).
///
/// A lock-protected box whose waiters are continuations, hence `@unchecked Sendable`.
public final class LiveBroadcast: @unchecked Sendable {
    /// One published value.
    public struct Item: Sendable {
        public var sequence: Int
        public var bytes: Data
    }

    private let lock = NSLock()
    private var frame: Item?
    private var state: Item?
    private var finished = false
    private var viewers = 0
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextWaiter = 0

    public init() {}

    /// True while someone watches the video (the session then renders and encodes frames).
    public var wantsFrames: Bool { lock.withLock { viewers > 0 } }

    /// The newest frame and state.
    public var latestFrame: Item? { lock.withLock { frame } }
    public var latestState: Item? { lock.withLock { state } }
    /// True once the session ended.
    public var isFinished: Bool { lock.withLock { finished } }

    /// A viewer of the video starts (balanced by `removeViewer`).
    public func addViewer() { lock.withLock { viewers += 1 } }
    public func removeViewer() { lock.withLock { viewers = max(0, viewers - 1) } }

    /// Publishes a JPEG frame.
    public func publish(jpeg: Data) {
        resume {
            frame = Item(sequence: (frame?.sequence ?? 0) + 1, bytes: jpeg)
        }
    }

    /// Publishes the state as JSON.
    public func publish(stateJSON: Data) {
        resume {
            state = Item(sequence: (state?.sequence ?? 0) + 1, bytes: stateJSON)
        }
    }

    /// Ends the broadcast: waiters return, viewers end their streams.
    public func finish() {
        resume { finished = true }
    }

    private func resume(_ change: () -> Void) {
        lock.lock()
        change()
        let ready = waiters
        waiters.removeAll()
        lock.unlock()
        for (_, c) in ready { c.resume() }
    }

    /// Waits until the frame sequence passes `frameAfter` or the state sequence passes
    /// `stateAfter` (pass `Int.max` to ignore one), or the broadcast ends, or the task is
    /// cancelled.
    /// - Returns: false when the broadcast has ended or the task was cancelled.
    public func waitForChange(frameAfter: Int, stateAfter: Int) async -> Bool {
        let id = lock.withLock { () -> Int in
            nextWaiter += 1
            return nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                lock.lock()
                let ready = finished || Task.isCancelled || (frame?.sequence ?? 0) > frameAfter || (state?.sequence ?? 0) > stateAfter
                if ready {
                    lock.unlock()
                    c.resume()
                } else {
                    waiters[id] = c
                    lock.unlock()
                }
            }
        } onCancel: {
            let c = lock.withLock { waiters.removeValue(forKey: id) }
            c?.resume()
        }
        return lock.withLock { !finished } && !Task.isCancelled
    }
}
