import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// The capture task of a live session on its own thread (the source blocks while it reads), and
/// its three hand-offs with the processing thread: the first opening (the frame size the set-up
/// needs), the start of reading (once the landmark source is ready, so a file played in real
/// time does not lose its first rep to model loading), and the end (the capture summary).
///
/// Each hand-off is a wait on a semaphore or the slot's condition, never a polling loop.
final class LiveCaptureThread: Sendable {
    /// Where frames go for processing (closed by the capture when it ends).
    let slot = LiveFrameSlot<LiveCapturedFrame>()
    /// Set once the recording folder is open; the capture hands it every frame read.
    let recorder = LockedValue<LiveRecorder?>(nil)

    private let opened = DispatchSemaphore(value: 0)
    private let openResult = LockedValue<Result<SourceFacts, any Error>?>(nil)
    private let go = DispatchSemaphore(value: 0)
    private let started = LockedValue(false)
    private let ended = DispatchSemaphore(value: 0)
    private let summary = LockedValue(LiveCapture.Summary())

    /// Starts the thread: it opens the source, reports the result and waits for `startFrames()`.
    init(_ capture: LiveCapture, announcer: LiveAnnouncer, shouldStop: @escaping @Sendable () -> Bool) {
        let thread = Thread { [self] in
            let result = capture.run(
                slot: slot,
                recorder: { [recorder] frame in recorder.get()?.record(frame) },
                firstOpen: { [self] result in
                    openResult.set(result)
                    opened.signal()
                    go.wait()
                },
                events: announcer.capture,
                shouldStop: shouldStop)
            summary.set(result)
            ended.signal()
        }
        thread.name = "hingecheck.live.capture"
        thread.start()
    }

    /// Waits for the first opening of the source: its facts, or why it could not be opened.
    func waitForOpening() -> Result<SourceFacts, any Error> {
        opened.wait()
        return openResult.get()!
    }

    /// Lets the capture read frames; the second and later calls do nothing.
    func startFrames() {
        let first = started.withLock { started -> Bool in
            defer { started = true }
            return !started
        }
        if first { go.signal() }
    }

    /// Waits for the capture to end, discarding frames not processed, and says what it did.
    /// The session's stop must already be requested (or the source ended), or this waits for it.
    func finish() -> LiveCapture.Summary {
        startFrames()
        slot.discardUntilClosed()
        ended.wait()
        return summary.get()
    }
}
