import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// A frame as the live capture task hands it over: owned pixels, the index and time the
/// session uses, and when it was read (for the capture-to-cue latency).
public struct LiveCapturedFrame: Sendable {
    public var image: BGRImage
    /// Index in the session (continues across camera reconnects).
    public var index: Int
    /// Seconds from the session's start: the file's stream time, or the camera's monotonic clock.
    public var time: Double
    /// `DispatchTime.now().uptimeNanoseconds` when the frame had been decoded.
    public var capturedAtNs: UInt64

    public init(image: BGRImage, index: Int, time: Double, capturedAtNs: UInt64) {
        self.image = image
        self.index = index
        self.time = time
        self.capturedAtNs = capturedAtNs
    }
}

/// What the capture task reports while it runs.
public enum LiveCaptureEvent: Sendable {
    /// The source opened (first time).
    case opened(SourceFacts)
    /// The source failed or ended mid-set; another try follows after `retryInS`.
    case lost(reason: String, attempt: Int, retryInS: Double)
    /// It opened again after `attempt` tries; frames continue.
    case reconnected(attempt: Int)
    /// Every retry failed: the session ends with what was recorded.
    case gaveUp(reason: String)
    /// A file ended.
    case ended
}

/// How the capture task reads its source.
public struct LiveCaptureSettings: Sendable {
    /// Pace a file to its own timestamps, as a camera would deliver it (sleeping until each
    /// frame is due); frames the processing task has not taken in time are dropped.
    public var realtime: Bool
    /// Never drop: wait for the processing task to take each frame (a file analysed as fast
    /// as processing allows). Ignored when `realtime`.
    public var lossless: Bool
    /// Open the source again when it fails or ends (a camera that disappears mid-set).
    public var reconnect: Bool
    /// Play a file again from its start when it ends, until the session stops (a demo, or a
    /// browser view that must stay up); index and clock run on.
    public var loop: Bool
    /// Waits before each reconnect attempt, seconds; the last one repeats until `maxAttempts`.
    public var retryDelaysS: [Double]
    /// Attempts before giving up.
    public var maxAttempts: Int

    public init(realtime: Bool = false, lossless: Bool = false, reconnect: Bool = false, loop: Bool = false,
                retryDelaysS: [Double] = [0.5, 1, 2, 4], maxAttempts: Int = 8) {
        self.realtime = realtime
        self.lossless = lossless
        self.reconnect = reconnect
        self.loop = loop
        self.retryDelaysS = retryDelaysS.isEmpty ? [1] : retryDelaysS
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The wait before attempt `n` (1-based), seconds.
    public func delay(beforeAttempt n: Int) -> Double {
        retryDelaysS[min(max(n - 1, 0), retryDelaysS.count - 1)]
    }
}

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
        var nextIndex = 0
        var lastTime: Double?
        var lastWallNs: UInt64 = 0
        // Maps the current source's own index/time onto the session's.
        var indexOffset = 0
        var timeOffset = 0.0
        var pacingStart: (wallNs: UInt64, time: Double)?
        var needsRebase = false

        while !Task.isCancelled {
            var readError: (any Error)?
            var frame: LiveCapturedFrame?
            do {
                frame = try await reader.read()
            } catch {
                readError = error
            }
            if var f = frame {
                if needsRebase {
                    // First frame after a reconnect: continue the index, and the clock by the wall time lost.
                    indexOffset = nextIndex - f.index
                    let gap = Double(DispatchTime.now().uptimeNanoseconds &- lastWallNs) / 1e9
                    timeOffset = (lastTime ?? 0) + max(gap, 1e-3) - f.time
                    pacingStart = nil
                    needsRebase = false
                }
                f.index += indexOffset
                f.time += timeOffset
                if settings.realtime {
                    let now = DispatchTime.now().uptimeNanoseconds
                    if let start = pacingStart {
                        // Frame times come from files: a time far ahead saturates (a wait a stop ends)
                        // instead of trapping in UInt64(_:) or wrapping into the past.
                        let ahead = start.wallNs.addingReportingOverflow(UInt64(clampingRounded: (f.time - start.time) * 1e9, .towardZero))
                        let dueNs = ahead.overflow ? UInt64.max : ahead.partialValue
                        if dueNs > now {
                            do {
                                try await Task.sleep(for: .nanoseconds(dueNs - now))
                            } catch {
                                break // cancelled: the session stops
                            }
                        } else if now - dueNs > 50_000_000 {
                            summary.lateFrames += 1
                        }
                    } else {
                        pacingStart = (now, f.time)
                    }
                }
                f.capturedAtNs = DispatchTime.now().uptimeNanoseconds
                nextIndex = f.index + 1
                lastTime = f.time
                lastWallNs = f.capturedAtNs
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
                    needsRebase = true
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
            var reopened = false
            var attempt = 0
            var lastReason = reason
            while !reopened, attempt < settings.maxAttempts, !Task.isCancelled {
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
                    reopened = true
                } catch {
                    lastReason = "\(error)"
                }
            }
            guard reopened else {
                if !Task.isCancelled {
                    summary.failure = lastReason
                    events(.gaveUp(reason: "no frames after \(attempt) attempts: \(lastReason)"))
                }
                return summary
            }
            summary.reconnects += 1
            needsRebase = true
            events(.reconnected(attempt: attempt))
        }
        return summary
    }
}

/// The frame source of a live session and the thread its blocking calls run on.
///
/// Opening and reading a camera or a file block (a camera read waits up to a frame interval for
/// the next frame): run as task code they would hold one of the cooperative pool's threads,
/// which are as many as the cores (two on the target machine) and are needed by processing and
/// rendering. So every call into the source runs on a serial dispatch queue of its own (a
/// dedicated thread), and the capture task awaits each result through a continuation: no
/// semaphore and no polling between the read and the task. A read in progress is not
/// interrupted by a stop; the capture task stops after it (a camera answers within a frame).
///
/// The source is touched only on `queue`, hence `@unchecked Sendable`.
public final class LiveSourceReader: @unchecked Sendable {
    private let queue = DispatchQueue(label: "hingecheck.live.capture")
    private let opener: LiveCapture.Opener
    /// Used on `queue` only.
    private var source: (any FrameSource)?

    public init(open: @escaping LiveCapture.Opener) {
        opener = open
    }

    /// Opens the source (again, on a reconnect), replacing the previous one.
    /// - Returns: the opened source's facts.
    /// - Throws: what the opener throws.
    @discardableResult
    public func open(attempt: Int) async throws -> SourceFacts {
        try await onQueue { [self] in
            source = nil
            let opened = try opener(attempt)
            source = opened
            return opened.facts
        }
    }

    /// The next frame (its pixels copied; `capturedAtNs` not set yet); nil at the end.
    /// - Throws: what the source throws.
    public func read() async throws -> LiveCapturedFrame? {
        try await onQueue { [self] in
            guard let source else { return nil }
            return try source.read { view -> LiveCapturedFrame in
                LiveCapturedFrame(image: view.copy(), index: view.index, time: view.time, capturedAtNs: 0)
            }
        }
    }

    /// Closes the source.
    public func close() async {
        _ = try? await onQueue { [self] in source = nil }
    }

    private func onQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
