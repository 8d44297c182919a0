import Foundation

/// A value behind a lock: the one lock type of the capture, live and batch code (and the CLI),
/// instead of a hand-made lock box per class. Every read and write goes through the lock, hence
/// `@unchecked Sendable`; `withLock` keeps a whole read-modify-write (or a write to a sink that
/// must not interleave) under one lock.
///
/// An `NSLock` rather than `Synchronization.Mutex`: Mutex needs macOS 15 and the package still
/// supports macOS 14, and a class (a reference) is what closures on several threads share.
public final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    /// A copy of the value.
    public func get() -> Value { lock.withLock { value } }

    /// Replaces the value.
    public func set(_ newValue: Value) { lock.withLock { value = newValue } }

    /// Runs `body` on the value with the lock held; what `body` returns is returned.
    @discardableResult
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
