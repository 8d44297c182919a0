import Foundation
import PoseCapture
import PoseCore

/// The on-screen window of a live session, on its own thread (highgui wants every call of a
/// window from the thread that opened it). Frames go through a one-slot buffer, so a slow
/// screen never holds back processing. `q` or Escape in the window, or closing it, asks the
/// session to stop.
public final class LiveDisplay: Sendable {
    private let slot = LiveFrameSlot<BGRImage>()
    private let quit = LockedValue(false)
    private let shown = LockedValue(0)
    private let stopped = DispatchSemaphore(value: 0)

    /// Whether a window could be shown (see `LiveWindow.displayAvailability`).
    public static func availability() -> LiveWindow.Availability { LiveWindow.displayAvailability() }

    /// Opens the window on a new thread.
    /// - Throws: `HingeCheckError` when it cannot be opened (no display, highgui failure).
    public init(title: String, width: Int, height: Int) throws {
        let opened = DispatchSemaphore(value: 0)
        let failure = LockedValue<(any Error)?>(nil)
        let thread = Thread { [slot] in
            let window: LiveWindow
            do {
                window = try LiveWindow(title: title, width: width, height: height)
            } catch {
                failure.set(error)
                opened.signal()
                return
            }
            opened.signal()
            self.loop(window, slot: slot)
        }
        thread.name = "hingecheck.live.window"
        thread.start()
        opened.wait()
        if let error = failure.get() {
            throw error
        }
    }

    private func loop(_ window: LiveWindow, slot: LiveFrameSlot<BGRImage>) {
        defer { stopped.signal() }
        while true {
            if let image = slot.take(waitingAtMost: 0.015) {
                do {
                    try window.show(image)
                    shown.withLock { $0 += 1 }
                } catch {
                    break
                }
            } else if slot.isClosed {
                break
            }
            guard let key = try? window.poll(waitMs: 1) ?? -1 else { break }
            if key == 27 || key == Int(UInt8(ascii: "q")) || key == Int(UInt8(ascii: "Q")) || !window.isOpen {
                quit.set(true)
                if !window.isOpen { break }
            }
        }
        quit.set(true)
    }

    /// Shows a frame (replacing one not yet shown).
    public func show(_ image: BGRImage) { slot.put(image) }

    /// True once the person pressed q/Escape or closed the window.
    public var quitRequested: Bool { quit.get() }

    /// Frames shown so far.
    public var framesShown: Int { shown.get() }

    /// Closes the window and waits for its thread.
    public func close() {
        slot.close()
        stopped.wait()
    }
}
