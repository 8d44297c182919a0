import PoseCore

/// What one pass of `RepSegmenter` finds over a run of samples. The smoothed inclination comes
/// with the reps so that a live snapshot can take the rep under way and the rolling window's cut
/// from the `reps` analyser's own pass instead of smoothing the same window again.
public struct RepSegmentation: Sendable, Hashable {
    /// The reps, numbered from 1.
    public var reps: [Rep]
    /// Start time of a final descent that never returned to lockout (not a rep), seconds.
    public var unfinishedDescentS: Double?
    /// The inclination the segmentation followed, one value per sample
    /// (`RepSegmenter.smoothedInclination`).
    public var smoothedInclination: [Double?]

    public init(reps: [Rep] = [], unfinishedDescentS: Double? = nil, smoothedInclination: [Double?] = []) {
        self.reps = reps
        self.unfinishedDescentS = unfinishedDescentS
        self.smoothedInclination = smoothedInclination
    }
}
