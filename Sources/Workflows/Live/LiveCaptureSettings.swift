import Dispatch
import Foundation
import PoseCapture
import PoseCore

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
