import Foundation

/// The live pipeline's bounded buffer: one slot holding the latest value, between a producer
/// thread (capture) and a consumer thread (processing).
///
/// `put` never blocks: a value not yet taken is replaced and counted as dropped, so a slow
/// consumer always gets the newest frame instead of a growing queue (bounded latency).
/// `putWaiting` blocks until the slot is free instead (lossless playback of a file).
/// `take` blocks until a value arrives or the slot is closed.
///
/// A lock-protected box (`NSCondition`), hence `@unchecked Sendable`.
public final class LiveFrameSlot<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Element?
    private var closed = false
    private var putCount = 0
    private var dropCount = 0

    public init() {}

    /// Stores `element`, replacing (and dropping) one not yet taken.
    /// - Returns: true when a value was dropped to make room; false also after `close()`.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return false }
        putCount += 1
        let replaced = value != nil
        if replaced { dropCount += 1 }
        value = element
        condition.broadcast()
        return replaced
    }

    /// Stores `element` once the slot is empty (waits for the consumer); drops nothing.
    /// - Returns: false when the slot was closed (the element was not stored).
    @discardableResult
    public func putWaiting(_ element: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while value != nil && !closed { condition.wait() }
        guard !closed else { return false }
        putCount += 1
        value = element
        condition.broadcast()
        return true
    }

    /// The next value, waiting for it; nil once the slot is closed and empty.
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while value == nil && !closed { condition.wait() }
        return takeLocked()
    }

    /// The next value, waiting at most `seconds`; nil on time-out or when closed and empty.
    public func take(waitingAtMost seconds: Double) -> Element? {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while value == nil && !closed {
            if !condition.wait(until: deadline) { break }
        }
        return takeLocked()
    }

    private func takeLocked() -> Element? {
        guard let v = value else { return nil }
        value = nil
        condition.broadcast()
        return v
    }

    /// Ends the exchange: `put` stores nothing more, `take` returns what is left, then nil.
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Discards what comes until the slot is closed (a producer waiting in `putWaiting` goes on,
    /// sees the stop and closes the slot). Blocks without polling. Discarded values are not
    /// counted as dropped: the session had stopped taking frames.
    public func discardUntilClosed() {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if value != nil {
                value = nil
                condition.broadcast()
            }
            if closed { return }
            condition.wait()
        }
    }

    /// True after `close()`.
    public var isClosed: Bool { condition.withLock { closed } }

    /// Values stored so far, and how many of them were replaced before being taken.
    public var counts: (stored: Int, dropped: Int) { condition.withLock { (putCount, dropCount) } }
}
