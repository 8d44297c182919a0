import Foundation
import PoseCore

/// A one-shot event between the tasks of a live session: "stop" (Ctrl-C, SIGTERM, a closed
/// window, the time limit, a landmark error) and "start reading" (the landmark source is ready).
///
/// `fire()` may come from any thread (a signal handler's queue, the window's thread, a task);
/// `wait()` suspends a task until it fires, without polling, and returns early when the waiting
/// task is cancelled. Waiters are kept with the flag under the one lock (`LockedValue`), so a
/// fire and a new waiter cannot miss each other.
public final class LiveSignal: Sendable {
    private struct State: HasParkedWaiters {
        var fired = false
        var waiters = ParkedWaiters()
    }

    private let state = LockedValue(State())

    public init() {}

    /// True once `fire()` was called.
    public var isFired: Bool { state.get().fired }

    /// Fires the event (later calls do nothing) and resumes every waiter.
    public func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.fired else { return [] }
            state.fired = true
            return state.waiters.takeAll()
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the event has fired, or at once when the calling task is (or gets) cancelled.
    public func wait() async {
        await ParkedWaiters.park(in: state) { $0.fired }
    }
}
