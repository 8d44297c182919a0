import Foundation
import PoseCapture
import PoseCore

/// The on-screen window of a live session, on its own thread (highgui wants every call of a
/// window from the thread that opened it, and its event loop must be pumped). The newest picture
/// waits in a one-picture mailbox, so a slow screen never holds back processing. `q` or Escape
/// in the window, or closing it, asks the session to stop (`onQuit`).
public final class LiveDisplay: Sendable {
    private struct Mailbox {
        var picture: BGRImage?
        var closed = false
    }

    private let mailbox = LockedValue(Mailbox())
    private let quit = LockedValue(false)
    private let shown = LockedValue(0)
    private let opened = LiveSignal()
    private let failure = LockedValue<(any Error)?>(nil)
    private let stopped = LiveSignal()
    private let onQuit: @Sendable () -> Void

    /// Whether a window could be shown (see `LiveWindow.displayAvailability`).
    public static func availability() -> LiveWindow.Availability { LiveWindow.displayAvailability() }

    private init(onQuit: @escaping @Sendable () -> Void) {
        self.onQuit = onQuit
    }

    /// Opens the window on a new thread.
    /// - Parameter onQuit: called (once, on the window's thread) when the person asks to stop.
    /// - Throws: `HingeCheckError` when it cannot be opened (no display, highgui failure).
    public static func open(title: String, width: Int, height: Int,
                            onQuit: @escaping @Sendable () -> Void = {}) async throws -> LiveDisplay {
        let display = LiveDisplay(onQuit: onQuit)
        let thread = Thread {
            let window: LiveWindow
            do {
                window = try LiveWindow(title: title, width: width, height: height)
            } catch {
                display.failure.set(error)
                display.opened.fire()
                display.stopped.fire()
                return
            }
            display.opened.fire()
            display.loop(window)
        }
        thread.name = "hingecheck.live.window"
        thread.start()
        await display.opened.wait()
        if let error = display.failure.get() { throw error }
        return display
    }

    /// The window's event loop: shows the newest picture, then lets highgui handle events for up
    /// to 10 ms (its `waitKey`, the only way to pump its events; no flag is polled on a timer).
    private func loop(_ window: LiveWindow) {
        defer {
            requestQuit()
            stopped.fire()
        }
        while true {
            let (picture, closed) = mailbox.withLock { box -> (BGRImage?, Bool) in
                defer { box.picture = nil }
                return (box.picture, box.closed)
            }
            if let picture {
                do {
                    try window.show(picture)
                    shown.withLock { $0 += 1 }
                } catch {
                    break
                }
            } else if closed {
                break
            }
            guard let key = try? window.poll(waitMs: 10) ?? -1 else { break }
            if key == 27 || key == Int(UInt8(ascii: "q")) || key == Int(UInt8(ascii: "Q")) || !window.isOpen {
                requestQuit()
                if !window.isOpen { break }
            }
        }
    }

    private func requestQuit() {
        let first = quit.withLock { quit -> Bool in
            defer { quit = true }
            return !quit
        }
        if first { onQuit() }
    }

    /// Shows a picture (replacing one not yet shown).
    public func show(_ image: BGRImage) { mailbox.withLock { $0.picture = image } }

    /// Pictures shown so far.
    public var framesShown: Int { shown.get() }

    /// Shows the last picture, closes the window and waits for its thread.
    public func close() async {
        mailbox.withLock { $0.closed = true }
        await stopped.wait()
    }
}
