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
    /// Waits before each reconnect attempt, seconds; the last one repeats until `maxAttempts`.
    public var retryDelaysS: [Double]
    /// Attempts before giving up.
    public var maxAttempts: Int

    public init(realtime: Bool = false, lossless: Bool = false, reconnect: Bool = false,
                retryDelaysS: [Double] = [0.5, 1, 2, 4], maxAttempts: Int = 8) {
        self.realtime = realtime
        self.lossless = lossless
        self.reconnect = reconnect
        self.retryDelaysS = retryDelaysS.isEmpty ? [1] : retryDelaysS
        self.maxAttempts = max(1, maxAttempts)
    }

    /// The wait before attempt `n` (1-based), seconds.
    public func delay(beforeAttempt n: Int) -> Double {
        retryDelaysS[min(max(n - 1, 0), retryDelaysS.count - 1)]
    }
}

/// The capture task of a live session: owns the frame source (opened and read on its own
/// thread), copies each frame into the one-slot buffer for processing and hands every frame to
/// the recorder. Reconnects with backoff when the source fails and `reconnect` is set, keeping
/// the frame index and clock running so the recording stays one continuous set.
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
        /// Frames a realtime file source delivered late (decode slower than real time).
        public var lateFrames = 0
        /// Set when the source could not be opened at all, or gave up.
        public var failure: String?
    }

    /// Reads until the source ends (file), gives up, or `shouldStop` returns true; closes `slot` at
    /// the end. Blocks: run it on its own thread.
    /// - Parameters:
    ///   - slot: where frames go for processing.
    ///   - recorder: receives every frame read (nil: not recording).
    ///   - firstOpen: called once with the result of the first opening (the facts, or the error).
    ///   - events: reports losses and reconnects.
    public func run(slot: LiveFrameSlot<LiveCapturedFrame>, recorder: (@Sendable (LiveCapturedFrame) -> Void)?,
                    firstOpen: (Result<SourceFacts, any Error>) -> Void,
                    events: (LiveCaptureEvent) -> Void, shouldStop: () -> Bool) -> Summary {
        var summary = Summary()
        defer { slot.close() }
        var source: any FrameSource
        do {
            source = try open(0)
        } catch {
            summary.failure = "\(error)"
            firstOpen(.failure(error))
            return summary
        }
        firstOpen(.success(source.facts))
        events(.opened(source.facts))

        var nextIndex = 0
        var lastTime: Double?
        var lastWallNs: UInt64 = 0
        // Maps the current source's own index/time onto the session's.
        var indexOffset = 0
        var timeOffset = 0.0
        var pacingStart: (wallNs: UInt64, time: Double)?
        var needsRebase = false

        while !shouldStop() {
            var readError: (any Error)?
            var frame: LiveCapturedFrame?
            do {
                frame = try source.read { view -> LiveCapturedFrame in
                    LiveCapturedFrame(image: view.copy(), index: view.index, time: view.time, capturedAtNs: 0)
                }
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
                        // Frame times come from files: a time far ahead saturates (a wait stopped by Ctrl-C)
                        // instead of trapping in UInt64(_:) or wrapping into the past.
                        let ahead = start.wallNs.addingReportingOverflow(UInt64(clampingRounded: (f.time - start.time) * 1e9, .towardZero))
                        let dueNs = ahead.overflow ? UInt64.max : ahead.partialValue
                        if dueNs > now {
                            Self.sleep(nanoseconds: dueNs - now, shouldStop: shouldStop)
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
                if settings.lossless && !settings.realtime {
                    slot.putWaiting(f)
                } else {
                    slot.put(f)
                }
                continue
            }
            // The source ended or failed.
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
            var reopened: (any FrameSource)?
            var attempt = 0
            var lastReason = reason
            while reopened == nil, attempt < settings.maxAttempts, !shouldStop() {
                attempt += 1
                let wait = settings.delay(beforeAttempt: attempt)
                events(.lost(reason: lastReason, attempt: attempt, retryInS: wait))
                Self.sleep(nanoseconds: UInt64(clampingRounded: wait * 1e9, .towardZero), shouldStop: shouldStop)
                if shouldStop() { break }
                do {
                    reopened = try open(attempt)
                } catch {
                    lastReason = "\(error)"
                }
            }
            guard let reopened else {
                if !shouldStop() {
                    summary.failure = lastReason
                    events(.gaveUp(reason: "no frames after \(attempt) attempts: \(lastReason)"))
                }
                return summary
            }
            source = reopened
            summary.reconnects += 1
            needsRebase = true
            events(.reconnected(attempt: attempt))
        }
        return summary
    }

    /// Sleeps in short steps so a stop request is seen within 50 ms.
    static func sleep(nanoseconds: UInt64, shouldStop: () -> Bool) {
        var left = nanoseconds
        while left > 0 && !shouldStop() {
            let step = min(left, 50_000_000)
            var ts = timespec(tv_sec: Int(step / 1_000_000_000), tv_nsec: Int(step % 1_000_000_000))
            nanosleep(&ts, nil)
            left -= step
        }
    }
}
