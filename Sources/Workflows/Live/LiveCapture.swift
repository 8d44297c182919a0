import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// The capture task of a live session: reads the source (through a `LiveSourceReader`, whose
/// blocking reads run on a thread of their own), hands each frame to processing through the
/// bounded `LiveFrameStream` and every frame to the recorder. Reconnects with backoff when the
/// source fails and `reconnect` is set, keeping the frame index and clock running so the
/// recording stays one continuous set.
public struct LiveCapture: Sendable {
    /// Opens the source; `attempt` is 0 for the first opening, then 1, 2, ... on reconnects.
    public typealias Opener = @Sendable (_ attempt: Int) throws -> any FrameSource

    public let open: Opener
    public let settings: LiveCaptureSettings

    public init(settings: LiveCaptureSettings, open: @escaping Opener) {
        self.open = open
        self.settings = settings
    }

    /// What the capture did.
    public struct Summary: Sendable {
        public var framesRead = 0
        public var reconnects = 0
        /// Times a looped file started again.
        public var loops = 0
        /// Frames a realtime file source delivered late (decode slower than real time).
        public var lateFrames = 0
        /// Set when the source gave up.
        public var failure: String?
    }

    /// Whether the frame stream to processing should be lossless (wait for processing to take
    /// each frame) rather than keep only the newest frame.
    public var waitsForProcessing: Bool { settings.lossless && !settings.realtime }

    /// Reads from `reader` (already opened by the caller) until the source ends (file), gives up,
    /// or the task is cancelled (the session's stop); finishes `frames` at the end. Waits
    /// (pacing, reconnect backoff) are `Task.sleep`s, which the cancellation ends at once.
    /// - Parameters:
    ///   - frames: where frames go for processing (lossless when `waitsForProcessing`).
    ///   - recorder: receives every frame read (nil: not recording).
    ///   - events: reports losses and reconnects.
    public func run(reader: LiveSourceReader, into frames: LiveFrameStream<LiveCapturedFrame>,
                    recorder: (@Sendable (LiveCapturedFrame) -> Void)?,
                    events: (LiveCaptureEvent) -> Void) async -> Summary {
        var summary = Summary()
        defer { frames.finish() }
        var sender = frames.makeSender()
        var timeline = SessionTimeline()
        var pacer = Pacer()
        while !Task.isCancelled {
            var readError: (any Error)?
            var frame: LiveCapturedFrame?
            do {
                frame = try await reader.read()
            } catch {
                readError = error
            }
            if var f = frame {
                if timeline.place(&f) { pacer.restart() }
                if settings.realtime {
                    guard await pacer.wait(for: f, lateFrames: &summary.lateFrames) else { break } // cancelled: the session stops
                }
                f.capturedAtNs = DispatchTime.now().uptimeNanoseconds
                timeline.handedOn(f)
                summary.framesRead += 1
                recorder?(f)
                // Lossless: waits for processing to take the previous frame; otherwise replaces it.
                guard await sender.send(f) else { break }
                continue
            }
            // The source ended or failed.
            if readError == nil, settings.loop, summary.framesRead > 0 {
                // A looped file starts again; its frames continue the session's index and clock.
                do {
                    _ = try await reader.open(attempt: 0)
                    summary.loops += 1
                    timeline.needsRebase = true
                    continue
                } catch {
                    readError = error
                }
            }
            let reason = readError.map { "\($0)" } ?? "the source delivered no more frames"
            guard settings.reconnect else {
                if let readError {
                    summary.failure = "\(readError)"
                    events(.gaveUp(reason: reason))
                } else {
                    events(.ended)
                }
                return summary
            }
            switch await reopen(reader, lost: reason, events: events) {
            case .reopened(let attempt):
                summary.reconnects += 1
                timeline.needsRebase = true
                events(.reconnected(attempt: attempt))
            case .gaveUp(let attempts, let lastReason):
                if !Task.isCancelled {
                    summary.failure = lastReason
                    events(.gaveUp(reason: "no frames after \(attempts) attempts: \(lastReason)"))
                }
                return summary
            }
        }
        return summary
    }

    private enum Reopening {
        case reopened(attempt: Int)
        case gaveUp(attempts: Int, lastReason: String)
    }

    /// Tries to open the lost source again, waiting the settings' delay before each attempt,
    /// until it opens, the attempts run out or the session is stopped.
    private func reopen(_ reader: LiveSourceReader, lost reason: String, events: (LiveCaptureEvent) -> Void) async -> Reopening {
        var attempt = 0
        var lastReason = reason
        while attempt < settings.maxAttempts, !Task.isCancelled {
            attempt += 1
            let wait = settings.delay(beforeAttempt: attempt)
            events(.lost(reason: lastReason, attempt: attempt, retryInS: wait))
            do {
                try await Task.sleep(for: .nanoseconds(UInt64(clampingRounded: wait * 1e9, .towardZero)))
            } catch {
                break // cancelled: the session stops
            }
            do {
                _ = try await reader.open(attempt: attempt)
                return .reopened(attempt: attempt)
            } catch {
                lastReason = "\(error)"
            }
        }
        return .gaveUp(attempts: attempt, lastReason: lastReason)
    }

    /// Maps each source's own frame index and time onto the session's, so that after a
    /// reconnect or a loop the frames continue the index, and the clock by the wall time lost.
    private struct SessionTimeline {
        var needsRebase = false
        private var nextIndex = 0
        private var lastTime: Double?
        private var lastWallNs: UInt64 = 0
        private var indexOffset = 0
        private var timeOffset = 0.0

        /// Moves `frame` onto the session's index and clock; true when it is the first frame of
        /// a reopened source (pacing starts again from it).
        mutating func place(_ frame: inout LiveCapturedFrame) -> Bool {
            let rebased = needsRebase
            if needsRebase {
                indexOffset = nextIndex - frame.index
                let gap = Double(DispatchTime.now().uptimeNanoseconds &- lastWallNs) / 1e9
                timeOffset = (lastTime ?? 0) + max(gap, 1e-3) - frame.time
                needsRebase = false
            }
            frame.index += indexOffset
            frame.time += timeOffset
            return rebased
        }

        /// Notes the frame handed on (the next rebase continues from it).
        mutating func handedOn(_ frame: LiveCapturedFrame) {
            nextIndex = frame.index + 1
            lastTime = frame.time
            lastWallNs = frame.capturedAtNs
        }
    }

    /// Real-time pacing of a file: each frame is handed on when its time, counted from the
    /// first frame's, has come on the wall clock.
    private struct Pacer {
        private var start: (wallNs: UInt64, time: Double)?

        mutating func restart() { start = nil }

        /// Waits for `frame`'s moment; counts it in `lateFrames` when it is over 50 ms late.
        /// - Returns: false when the wait was cancelled (the session stops).
        mutating func wait(for frame: LiveCapturedFrame, lateFrames: inout Int) async -> Bool {
            let now = DispatchTime.now().uptimeNanoseconds
            guard let start else {
                self.start = (now, frame.time)
                return true
            }
            // Frame times come from files: a time far ahead saturates (a wait a stop ends)
            // instead of trapping in UInt64(_:) or wrapping into the past.
            let ahead = start.wallNs.addingReportingOverflow(UInt64(clampingRounded: (frame.time - start.time) * 1e9, .towardZero))
            let dueNs = ahead.overflow ? UInt64.max : ahead.partialValue
            if dueNs > now {
                do {
                    try await Task.sleep(for: .nanoseconds(dueNs - now))
                } catch {
                    return false
                }
            } else if now - dueNs > 50_000_000 {
                lateFrames += 1
            }
            return true
        }
    }
}
