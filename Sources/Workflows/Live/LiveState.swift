import Analyzers
import Foundation
import PoseCore

/// One moment of a live session, as the terminal view, the window and the browser page show it.
/// Encoded as JSON for the browser (angles in degrees, times in seconds, latencies in ms).
public struct LiveState: Sendable, Codable, Hashable {
    /// One row of the per-rep table.
    public struct RepRow: Sendable, Codable, Hashable {
        public var index: Int
        public var startS: Double
        public var endS: Double
        public var peakTrunkInclinationDeg: Double?
        /// Hinged-position lumbar angle, degrees (+ = lordosis).
        public var lumbarAngleDeg: Double?
        /// Spine points: peak flexion from neutral, degrees.
        public var peakLumbarFlexionDeg: Double?
        /// The value that decided the verdict, degrees, + = more rounded, with its uncertainty
        /// ("+8.1 ± 2.0°"): the same number the report and `analyze` show for this rep.
        public var decidingText: String?
        /// Seconds of the loaded phase with the posture lost.
        public var postureLostS: Double
        /// "held", "LOST", "can't tell (reason)", or "in progress" for the open rep.
        public var verdict: String
        public var partial: Bool
    }

    /// One flagged moment.
    public struct EventRow: Sendable, Codable, Hashable {
        public var startS: Double
        public var endS: Double
        public var repIndex: Int?
        public var severity: Double
        public var message: String
    }

    /// Counters of the pipeline.
    public struct Stats: Sendable, Codable, Hashable {
        public var framesCaptured = 0
        public var framesProcessed = 0
        /// Frames replaced in the one-slot buffer before processing took them.
        public var framesDropped = 0
        /// Processed frames per second over the last second or so.
        public var processingFPS = 0.0
        /// Capture-to-cue latency over the recent frames, milliseconds.
        public var latencyP50Ms = 0.0
        public var latencyP95Ms = 0.0
        public init() {}
    }

    /// "calibrating", "live", "reconnecting" or "ended".
    public var phase = "calibrating"
    /// What the lifter is asked, or the calibration's outcome.
    public var calibration = ""
    /// Calibration progress in [0, 1].
    public var calibrationProgress = 0.0
    /// "blazepose" or "markers".
    public var landmarks = ""
    /// The input (camera or file).
    public var input = ""
    public var frameIndex = 0
    public var timeS = 0.0
    /// Completed reps so far.
    public var repCount = 0
    /// The rep under way, if any.
    public var currentRep: Int?
    /// "standing", "in rep", or "no person".
    public var movement = "no person"
    public var trunkInclinationDeg: Double?
    public var lumbarAngleDeg: Double?
    /// The gauge's measure, higher = more rounded: flexion from neutral (spine points) or the
    /// silhouette's lumbar angle (markerless), degrees; and its threshold.
    public var lumbarMeasureDeg: Double?
    public var thresholdDeg: Double?
    /// "LUMBAR FLEXION" or "LOWER BACK": the one name of the gauge's value wherever it is shown
    /// (gauge, values, rep table, log).
    public var measureName = "LUMBAR FLEXION"
    /// The trunk inclination from which the back counts as loaded, degrees (the live analyser
    /// sets the configured one).
    public var loadedInclinationDeg = LiveCalibration.builtInDefault(ShearGuardAnalyzer(), "loaded-inclination")
    public var loaded = false
    public var banner = LiveBanner.none
    /// The latest `shownRows` reps (the rep under way last); `repCount` counts them all.
    public var reps: [RepRow] = []
    /// The latest flagged moments, at most `shownRows`.
    public var events: [EventRow] = []
    /// Rows of the rep table the views get during a session: a screen's worth, so the state sent
    /// every frame costs the same in minute 60 as in minute 1. The final state has them all.
    public static let shownRows = 30
    /// Plain-words notices (camera lost, reconnected, calibration done, ...) posted in the last
    /// few seconds of the session, newest last (`LiveNotices`).
    public var notices: [String] = []
    public var stats = Stats()

    public init() {}

    /// Whether the raw lumbar angle is a value of its own: with markers it is the curve's angle,
    /// and the measure is the flexion from neutral; markerless the measure *is* the lower-back
    /// angle, so showing both would give one value two names.
    public var showsLumbarAngle: Bool { measureName != "LOWER BACK" }

    /// JSON bytes (sorted keys, for stable output).
    public func jsonData() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(self)) ?? Data("{}".utf8)
    }
}

extension LiveState.RepRow {
    init(_ rep: Rep, open: Bool) {
        index = rep.index
        startS = rep.startS
        endS = rep.endS
        peakTrunkInclinationDeg = rep.peakTrunkInclinationDeg
        lumbarAngleDeg = rep.lumbarAngleDeg
        peakLumbarFlexionDeg = rep.peakLumbarFlexionDeg
        decidingText = rep.decidingValueDeg == nil ? nil : rep.decidingText
        postureLostS = rep.postureLostS
        partial = rep.partial
        verdict = open ? (rep.postureLost == true ? "LOST" : "in progress") : rep.verdictText
    }
}

extension LiveState.EventRow {
    init(_ event: PostureEvent) {
        startS = event.startS
        endS = event.endS
        repIndex = event.repIndex
        severity = event.severity
        message = event.message
    }
}
