import Foundation
import PoseCore

/// The live pipeline's bounded buffer between two tasks (capture → processing, processing →
/// rendering): an `AsyncStream` that holds at most one value, the newest
/// (`.bufferingNewest(1)`).
///
/// `put` never waits: a value not yet taken is replaced and counted as dropped, so a slow
/// consumer always gets the newest frame instead of a growing queue (bounded latency). In a
/// `lossless` stream the producer's `Sender.send` instead waits until the consumer has taken the
/// previous value (a file analysed frame for frame): the consumer hands back a credit for each
/// value it takes, so nothing is dropped and still at most one value waits.
///
/// The consumer iterates with a `Receiver`; the end comes when the producer calls `finish()`
/// (or `finish()` is called from the consumer's side, which also releases a waiting `send`), or
/// when the consumer's task is cancelled: values already buffered are still delivered, then nil.
public final class LiveFrameStream<Element: Sendable>: Sendable {
    /// Whether `Sender.send` waits for the consumer instead of replacing.
    public let lossless: Bool
    private let values: AsyncStream<Element>
    private let input: AsyncStream<Element>.Continuation
    /// Lossless: one credit per value the producer may hand on (the first is given up front).
    private let credits: AsyncStream<Void>
    private let creditInput: AsyncStream<Void>.Continuation
    private let tally = LockedValue((stored: 0, dropped: 0))

    public init(lossless: Bool = false) {
        self.lossless = lossless
        (values, input) = AsyncStream.makeStream(of: Element.self, bufferingPolicy: .bufferingNewest(1))
        (credits, creditInput) = AsyncStream.makeStream(of: Void.self)
        creditInput.yield()
    }

    /// Stores `element`, replacing (and dropping) one not yet taken; never waits.
    /// - Returns: true when a value was dropped to make room; false also after `finish()`.
    @discardableResult
    public func put(_ element: Element) -> Bool {
        store(element) == .dropped
    }

    private enum Stored { case stored, dropped, ended }

    private func store(_ element: Element) -> Stored {
        switch input.yield(element) {
        case .enqueued:
            tally.withLock { $0.stored += 1 }
            return .stored
        case .dropped:
            tally.withLock { $0.stored += 1; $0.dropped += 1 }
            return .dropped
        case .terminated:
            return .ended
        @unknown default:
            return .ended
        }
    }

    /// Ends the exchange: nothing more is stored, the consumer gets what is buffered, then nil,
    /// and a producer waiting in `send` returns false.
    public func finish() {
        input.finish()
        creditInput.finish()
    }

    /// Values stored so far, and how many of them were replaced before being taken.
    public var counts: (stored: Int, dropped: Int) { tally.get() }

    /// The producer's end (owned by the producing task).
    public func makeSender() -> Sender { Sender(owner: self, credits: credits.makeAsyncIterator()) }

    /// The consumer's end (owned by the consuming task; one consumer).
    public func makeReceiver() -> Receiver { Receiver(owner: self, values: values.makeAsyncIterator()) }

    public struct Sender {
        let owner: LiveFrameStream
        var credits: AsyncStream<Void>.Iterator

        /// Hands `element` on: lossless, once the consumer has taken the previous value (waiting
        /// without polling); otherwise at once, replacing a value not yet taken.
        /// - Returns: false when the stream has ended or the producing task was cancelled while
        ///   it waited (the element was not stored).
        public mutating func send(_ element: Element) async -> Bool {
            if owner.lossless {
                guard await credits.next() != nil else { return false }
            }
            return owner.store(element) != .ended
        }
    }

    public struct Receiver {
        let owner: LiveFrameStream
        var values: AsyncStream<Element>.Iterator

        /// The next value, waiting for it; nil once the stream has ended and nothing is left.
        public mutating func next() async -> Element? {
            guard let value = await values.next() else { return nil }
            if owner.lossless { owner.creditInput.yield() }
            return value
        }
    }
}
