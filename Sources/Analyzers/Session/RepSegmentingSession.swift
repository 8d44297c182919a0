import PoseCore

/// An analyser session that finds the reps (its analyser emits `reps`): a live
/// `AnalysisSession` takes from it the rep under way (a descent not yet back at lockout) and
/// where its rolling window may be cut, instead of segmenting the window a second time.
/// The built-in one is the `reps` analyser's; an analyser of another kind of lift that finds
/// reps its own way can take its place by conforming.
public protocol RepSegmentingSession: AnalyzerSession {
    /// The segmenter it runs: its exit inclination says when no rep is under way.
    var segmenter: RepSegmenter { get }
    /// What its last `finish` found over the samples it saw (nil before `finish`).
    var segmentation: RepSegmentation? { get }
}
