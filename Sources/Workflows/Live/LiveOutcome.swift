import Analyzers
import Foundation
import PoseCore
import Reports

/// What a live session leaves behind.
public struct LiveOutcome {
    /// The analysis of every processed frame by `AnalysisPipeline` and the configured external
    /// analysers (what `analyze` of the recorded landmark file gives).
    public var document: AnalysisDocument
    public var frames: PoseFrames
    public var header: LandmarkFileHeader
    public var latency: LiveLatency.Report
    /// Capture-to-picture latency (frame rendered and handed to the window/browser), when rendered.
    public var renderLatency: LiveLatency.Report?
    /// One entry per change of the cue.
    public var cues: [CueChange]
    /// The reps that got a confirmed live cue while they were under way (or right after).
    public var repsCuedLost: [Int]
    /// The neutral the session calibrated (spine points), as a profile.
    public var calibratedProfile: AthleteProfile?
    public var calibrationNote: String?
    public var recording: LiveRecorder.Summary?
    /// Report files written under `recordFolder/report`.
    public var reportFiles: [String]
    public var reconnects: Int
    /// Why capture ended early (a camera that did not come back, a file that failed).
    public var captureFailure: String?
    /// Frames shown in the window.
    public var windowFrames: Int
    /// Remarks for people.
    public var notes: [String]
    /// External analysers that failed on the final report (docs/plugins.md): their errors, each
    /// naming the plugin. The document and the report are complete without their results.
    public var pluginErrors: [HingeCheckError] = []

    /// A change of the live cue.
    public struct CueChange: Sendable, Hashable, Codable {
        public var frameIndex: Int
        public var timeS: Double
        public var banner: LiveBanner
        public var repIndex: Int?
    }
}
