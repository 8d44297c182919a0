import PoseCore

/// What an `AnalysisSession` has found so far: the reps (the last one may still be under way),
/// their verdicts and flagged moments, and the reference they were judged against.
public struct AnalysisSnapshot: Sendable {
    /// Reps, per-rep verdicts, events and reference. With rolling retention `result.samples`
    /// holds only the recent samples (`AnalysisSession.Retention.rolling`).
    public var result: AnalysisResult
    /// Number of the rep under way (it is the last of `result.reps`), when a descent has started
    /// and not yet returned to lockout.
    public var openRepIndex: Int?
    /// Time of the newest sample analysed, seconds (-infinity before the first).
    public var analysedUntilS: Double
    /// Samples the session keeps: every one (whole retention), or those an analyser may still
    /// read (rolling): what a snapshot's analysers can go over.
    public var samplesAnalysed: Int

    public init(result: AnalysisResult = AnalysisResult(), openRepIndex: Int? = nil, analysedUntilS: Double = -.infinity,
                samplesAnalysed: Int = 0) {
        self.result = result
        self.openRepIndex = openRepIndex
        self.analysedUntilS = analysedUntilS
        self.samplesAnalysed = samplesAnalysed
    }

    /// Reps that reached lockout (the open one excluded).
    public var completedReps: [Rep] { result.reps.filter { $0.index != openRepIndex } }
}
