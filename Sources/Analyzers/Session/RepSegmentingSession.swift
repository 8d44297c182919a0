import PoseCore

/// An analyser session that finds the reps (its analyser emits `reps`): a snapshot of an
/// `AnalysisSession` takes from it the rep under way (a descent not yet back at lockout) and
/// hands it to the later analysers.
/// The built-in one is the `reps` analyser's; an analyser of another kind of lift that finds
/// reps its own way can take its place by conforming.
public protocol RepSegmentingSession: AnalyzerSession {
    /// The segmenter it runs (the live cue reads its settings).
    var segmenter: RepSegmenter { get }
    /// What its last `finish` found over the samples it saw (nil before `finish`).
    var segmentation: RepSegmentation? { get }
}
