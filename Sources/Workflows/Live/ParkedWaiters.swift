import PoseCore

/// Tasks suspended until a condition on a shared value holds (`LiveSignal`, `LiveBroadcast`).
/// The waiters are kept in the value, under its one lock (`LockedValue`), so a change and a new
/// waiter cannot miss each other: the code that changes the value takes the waiters under the
/// lock (`takeAll`) and resumes them outside it (a resumed task may call straight back in).
struct ParkedWaiters: Sendable {
    private var waiting: [Int: CheckedContinuation<Void, Never>] = [:]
    private var lastID = 0

    /// Removes and returns every waiter, to be resumed once the lock is released.
    mutating func takeAll() -> [CheckedContinuation<Void, Never>] {
        defer { waiting.removeAll() }
        return Array(waiting.values)
    }

    /// Suspends the calling task until `ready` holds for the shared value (checked under its
    /// lock, then again after every `takeAll`), or returns at once when the task is cancelled.
    static func park<State: HasParkedWaiters>(in shared: LockedValue<State>, until ready: @escaping (State) -> Bool) async {
        let id = shared.withLock { state -> Int in
            state.waiters.lastID += 1
            return state.waiters.lastID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let isReady = shared.withLock { state -> Bool in
                    let isReady = ready(state) || Task.isCancelled
                    if !isReady { state.waiters.waiting[id] = c }
                    return isReady
                }
                if isReady { c.resume() }
            }
        } onCancel: {
            let c = shared.withLock { $0.waiters.waiting.removeValue(forKey: id) }
            c?.resume()
        }
    }
}

/// A shared value that tasks can wait on (`ParkedWaiters.park`).
protocol HasParkedWaiters: Sendable {
    var waiters: ParkedWaiters { get set }
}
