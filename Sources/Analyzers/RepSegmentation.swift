import PoseCore

/// What `RepSegmenter` finds over a run of samples: the reps, and a final descent under way.
public struct RepSegmentation: Sendable, Hashable {
    /// The reps, numbered from 1.
    public var reps: [Rep]
    /// Start time of a final descent that never returned to lockout (not a rep), seconds.
    public var unfinishedDescentS: Double?

    public init(reps: [Rep] = [], unfinishedDescentS: Double? = nil) {
        self.reps = reps
        self.unfinishedDescentS = unfinishedDescentS
    }
}
