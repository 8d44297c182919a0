import Foundation
import PoseCapture
import PoseCore

/// The on-screen window of a live session, on its own thread (highgui wants every call of a
/// window from the thread that opened it). Frames go through a one-slot buffer, so a slow
/// screen never holds back processing. `q` or Escape in the window, or closing it, asks the
/// session to stop.
///
/// A lock-protected box, hence `@unchecked Sendable`.
public final class LiveDisplay: @unchecked Sendable {
    private let slot = LiveFrameSlot<BGRImage>()
    private let lock = NSLock()
    private var quit = false
    private var shown = 0
    private let stopped = DispatchSemaphore(value: 0)

    /// Whether a window could be shown (see `LiveWindow.displayAvailability`).
    public static func availability() -> LiveWindow.Availability { LiveWindow.displayAvailability() }

    /// Opens the window on a new thread.
    /// - Throws: `HingeCheckError` when it cannot be opened (no display, highgui failure).
    public init(title: String, width: Int, height: Int) throws {
        let opened = DispatchSemaphore(value: 0)
        let failure = LockedValue<(any Error)?>(nil)
        let thread = Thread { [slot, lock] in
            let window: LiveWindow
            do {
                window = try LiveWindow(title: title, width: width, height: height)
            } catch {
                failure.set(error)
                opened.signal()
                return
            }
            opened.signal()
            self.loop(window, slot: slot, lock: lock)
        }
        thread.name = "hingecheck.live.window"
        thread.start()
        opened.wait()
        if let error = failure.get() {
            throw error
        }
    }

    private func loop(_ window: LiveWindow, slot: LiveFrameSlot<BGRImage>, lock: NSLock) {
        defer { stopped.signal() }
        while true {
            if let image = slot.take(waitingAtMost: 0.015) {
                do {
                    try window.show(image)
                    lock.withLock { shown += 1 }
                } catch {
                    break
                }
            } else if slot.isClosed {
                break
            }
            guard let key = try? window.poll(waitMs: 1) ?? -1 else { break }
            if key == 27 || key == Int(UInt8(ascii: "q")) || key == Int(UInt8(ascii: "Q")) || !window.isOpen {
                lock.withLock { quit = true }
                if !window.isOpen { break }
            }
        }
        lock.withLock { quit = true }
    }

    /// Shows a frame (replacing one not yet shown).
    public func show(_ image: BGRImage) { slot.put(image) }

    /// True once the person pressed q/Escape or closed the window.
    public var quitRequested: Bool { lock.withLock { quit } }

    /// Frames shown so far.
    public var framesShown: Int { lock.withLock { shown } }

    /// Closes the window and waits for its thread.
    public func close() {
        slot.close()
        stopped.wait()
    }
}
