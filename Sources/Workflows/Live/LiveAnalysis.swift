import Analyzers
import Foundation
import PoseCore

/// The analysis of a live set so far: an `AnalysisSession` snapshot (the same analyser chain as
/// `analyze`, with the rep under way included as an open rep so it is judged before lockout) and
/// what it cost.
public struct LiveAnalysis: Sendable {
    /// Reps (the last one may be open), per-rep verdicts, events, reference.
    public var result: AnalysisResult
    /// Index of the open rep in `result.reps` numbering, when a rep is under way.
    public var openRepIndex: Int?
    /// Time of the last sample analysed, seconds.
    public var analysedUntilS: Double
    /// Wall time the analysis took, seconds.
    public var costS: Double

    public init(result: AnalysisResult = AnalysisResult(), openRepIndex: Int? = nil, analysedUntilS: Double = -.infinity, costS: Double = 0) {
        self.result = result
        self.openRepIndex = openRepIndex
        self.analysedUntilS = analysedUntilS
        self.costS = costS
    }

    /// A session's snapshot and what it cost.
    public init(_ snapshot: AnalysisSnapshot, costS: Double) {
        self.init(result: snapshot.result, openRepIndex: snapshot.openRepIndex, analysedUntilS: snapshot.analysedUntilS, costS: costS)
        samplesAnalysed = snapshot.samplesAnalysed
    }

    /// Samples the analysers went over (the rolling window, not the whole set).
    public var samplesAnalysed = 0

    /// Completed reps (the open one excluded).
    public var completedReps: [Rep] { result.reps.filter { $0.index != openRepIndex } }
}
