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
