import PoseCore

/// What `RepSegmenter` finds over a run of samples: the reps, a final descent under way, and
/// (from `segmentWithTail`) the smoothed inclination they were found on.
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
