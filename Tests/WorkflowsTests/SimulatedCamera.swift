import Foundation
import PoseCapture
import PoseCore
@testable import Workflows

/// A webcam played from a video file on a simulated clock instead of the wall clock: processing
/// a frame costs `processingCostS` of virtual time, and when processing is free again it gets the
/// newest frame the camera has delivered by then; the frames in between are skipped and counted,
/// which is what the live slot drops on a machine that slow. The session reads it lossless, so
/// which frames are analysed depends only on the file and the cost, never on the machine's load
/// (the real-time figures are Benchmarks/live_latency.sh's business).
final class SimulatedCamera: Sendable {
    let path: String
    let processingCostS: Double
    /// Ctrl-C on the simulated clock: `stop` fires as the `frames`-th frame is handed on.
    let stopAfter: (frames: Int, stop: LiveSignal)?
    private let skipped = LockedValue(0)
    private let delivered = LockedValue(0)

    init(path: String, processingCostS: Double, stopAfter: (frames: Int, stop: LiveSignal)? = nil) {
        self.path = path
        self.processingCostS = processingCostS
        self.stopAfter = stopAfter
    }

    /// Frames a real-time session would have dropped, and frames handed on.
    var framesDropped: Int { skipped.get() }
    var framesDelivered: Int { delivered.get() }

    /// Live options reading this camera: lossless (not paced by the wall clock), not reconnected.
    func options(landmarks: LiveLandmarker.Kind = .blazepose, recordFolder: String? = nil) -> LiveSessionOptions {
        LiveSessionOptions(input: .custom(description: "simulated camera", open: opener, reconnect: false, realtime: false),
                           landmarks: landmarks, recordFolder: recordFolder)
    }

    /// Opens the file as the camera (the session's `.custom` input, not paced, not reconnected).
    var opener: LiveCapture.Opener {
        { [self] _ in
            let file = try VideoFileSource(path: path)
            let read: () throws -> LiveFrameFeed.Frame? = {
                try file.read { LiveFrameFeed.Frame(image: $0.copy(), index: $0.index, time: $0.time) }
            }
            // Virtual time when processing is free for the next frame; the next frame read ahead.
            var busyUntil = -Double.infinity
            var pending: LiveFrameFeed.Frame?
            return LiveFrameFeed(facts: file.facts) { [self] in
                guard var candidate = try pending ?? read() else { return nil }
                pending = nil
                while let following = try read() {
                    guard following.time <= busyUntil else {
                        pending = following
                        break
                    }
                    skipped.withLock { $0 += 1 }
                    candidate = following
                }
                busyUntil = max(busyUntil, candidate.time) + processingCostS
                let count = delivered.withLock { count -> Int in
                    count += 1
                    return count
                }
                if let stopAfter, count == stopAfter.frames { stopAfter.stop.fire() }
                return candidate
            }
        }
    }
}
