import Analyzers
import Dispatch
import Foundation
import PoseCapture
import PoseCore

/// The processing step of a live session, one pose frame at a time: calibration, kinematics, the
/// analyzers' cue, the state the views show, and the record of cue changes and latencies the
/// outcome keeps. Owned by the processing thread.
struct LiveFrameProcessor {
    /// What one frame gave, for the views.
    struct Step {
        var sample: KinematicSample
        var analysis: LiveAnalysis
        /// True when the cue turned red on this frame (the sound plays).
        var confirmedNow: Bool
    }

    /// The processed pose frames, spooled to an unlinked temporary file (`FrameSpool`): the
    /// final analysis and report read them back, so a long session's memory does not grow with
    /// its frames (about 3 KB each in memory, 8 bytes here).
    let frames: FrameSpool
    private(set) var state = LiveState()
    private(set) var cues: [LiveOutcome.CueChange] = []
    private(set) var repsCued: Set<Int> = []
    private(set) var latency = LiveLatency()
    /// The neutral calibrated live, as a profile (when no profile gave one).
    private(set) var calibratedProfile: AthleteProfile?
    private(set) var calibrationNote: String?

    private let options: LiveSessionOptions
    private let announcer: LiveAnnouncer
    private var calibration: LiveCalibration
    private var tracker: LiveCueTracker
    private var lastBanner = LiveBanner.none
    /// When the frames of the last second were processed (the views' processing rate).
    private var processedTimes: [UInt64] = []

    /// - Parameter lossless: the source waits for processing (a file without `--realtime`, a
    ///   simulated camera): nothing is dropped, so every frame gets a snapshot
    ///   (`LiveCueTracker.snapshotEveryFrame`) and the cues do not depend on the machine's load.
    /// - Throws: `HingeCheckError` for a bad setting of the reps or lumbar-curve analyzer.
    init(registry: PluginRegistry, options: LiveSessionOptions, analyzer: LiveAnalyzer, header: LandmarkFileHeader,
         lossless: Bool, announcer: LiveAnnouncer) throws {
        self.options = options
        self.announcer = announcer
        // The lumbar-curve analyzer's quiet-standing rule and the reps analyzer's start, as configured.
        let reps = try options.config.settings(of: RepsAnalyzer(), in: registry)
        let lumbar = try options.config.settings(of: LumbarCurveAnalyzer(), in: registry)
        calibration = LiveCalibration(spinePoints: options.landmarks == .markers, holdS: options.calibrationS,
                                      minHoldS: try lumbar.number("quiet-standing-min"),
                                      maxInclinationDeg: try lumbar.number("quiet-standing-max-incl"),
                                      repStartDeg: try reps.number("enter-deg"),
                                      minConfidence: try lumbar.number("min-confidence"), profile: options.profile)
        if case .done(_, let note) = calibration.status { calibrationNote = note }
        else { announcer.announce("Stand tall, side-on to the camera, and keep still for \(String(format: "%.0f", options.calibrationS)) s") }
        // The session measures as analyze does (with the image size, so an outline cut by the
        // frame's border is not the back) and keeps only the samples its analysers may still read.
        tracker = try LiveCueTracker(analyzer: analyzer, header: header)
        tracker.snapshotEveryFrame = lossless
        frames = try FrameSpool()
        state.landmarks = options.landmarks.rawValue
        state.input = options.input.description
        state.loadedInclinationDeg = analyzer.loadedInclinationDeg
    }

    /// The kinematic sample of the next frame (kept with the frames the report is made of).
    /// - Throws: `.io` when the temporary frame file cannot be written (a full disk).
    mutating func sample(_ pose: PoseFrame) throws -> KinematicSample {
        try frames.append(pose)
        return tracker.push(pose)
    }

    /// Calibrates, judges the frame and updates the state and the cue log.
    /// - Parameter slotCounts: frames captured and dropped so far (for the views' statistics).
    mutating func process(_ pose: PoseFrame, sample: KinematicSample, slotCounts: (stored: Int, dropped: Int)) throws -> Step {
        try calibrate(with: sample)
        // The analyzers on the set so far, and the cue for this frame.
        let (banner, measure) = try tracker.cue(for: sample)
        let analysis = tracker.analysis
        updateState(pose, sample: sample, analysis: analysis, banner: banner, measure: measure, slotCounts: slotCounts)
        let changed = banner != lastBanner
        if changed {
            cues.append(.init(frameIndex: pose.index, timeS: pose.time, banner: banner, repIndex: analysis.openRepIndex))
            lastBanner = banner
        }
        if banner == .confirmed,
           let rep = analysis.openRepIndex ?? analysis.completedReps.last(where: { pose.time <= $0.endS + 0.05 })?.index {
            repsCued.insert(rep)
        }
        return Step(sample: sample, analysis: analysis, confirmedNow: changed && banner == .confirmed)
    }

    /// Records the capture-to-cue latency of the frame whose cue was just shown.
    mutating func cueShown(capturedAtNs: UInt64) {
        latency.record(ms: Double(DispatchTime.now().uptimeNanoseconds &- capturedAtNs) / 1e6)
    }

    /// Feeds the calibration until it is done; then the neutral it found is the tracker's.
    private mutating func calibrate(with sample: KinematicSample) throws {
        guard !calibration.isDone else { return }
        calibration.observe(sample)
        guard case .done(let neutral, let note) = calibration.status else { return }
        calibrationNote = note
        if let neutral, options.profile?.neutralLumbarDeg == nil {
            var profile = options.profile ?? AthleteProfile(name: "live calibration")
            profile.name = options.profile.map { "\($0.name) + live calibration" } ?? "live calibration"
            profile.neutralLumbarDeg = neutral
            calibratedProfile = profile
            try tracker.use(profile: profile)
        }
        announcer.announce("calibration: \(note)", untilFirstRep: true)
    }

    private mutating func updateState(_ pose: PoseFrame, sample: KinematicSample, analysis: LiveAnalysis, banner: LiveBanner,
                                      measure: Double?, slotCounts: (stored: Int, dropped: Int)) {
        let analyzer = tracker.analyzer
        let now = DispatchTime.now().uptimeNanoseconds
        state.phase = calibration.isDone ? announcer.phase : "calibrating"
        state.calibration = calibration.instruction
        if case .waiting(let held) = calibration.status { state.calibrationProgress = min(1, held / max(calibration.holdS, 1e-9)) } else { state.calibrationProgress = 1 }
        state.frameIndex = pose.index
        state.timeS = pose.time
        state.repCount = analysis.completedReps.count
        state.currentRep = analysis.openRepIndex
        state.movement = !pose.hasPose && pose.spine.isEmpty ? "no person" : (analysis.openRepIndex != nil ? "in rep" : "standing")
        state.trunkInclinationDeg = sample.trunkInclinationDeg
        state.lumbarAngleDeg = sample.lumbarAngleDeg
        state.lumbarMeasureDeg = measure
        let method = sample.lumbarMethod ?? (options.landmarks == .markers ? .spinePoints : .dorsalContour)
        state.thresholdDeg = analyzer.threshold(for: method)
        state.measureName = method == .dorsalContour ? "LOWER BACK" : "LUMBAR FLEXION"
        state.loaded = (sample.trunkInclinationDeg ?? -.infinity) >= analyzer.loadedInclinationDeg
        state.banner = banner
        // The latest rows only: the state goes to the views every frame, and its cost must not
        // grow with the session (the report at the end has every rep).
        state.reps = analysis.result.reps.suffix(LiveState.shownRows).map { LiveState.RepRow($0, open: $0.index == analysis.openRepIndex) }
        state.events = analysis.result.events.suffix(LiveState.shownRows).filter { $0.code == PostureEvent.postureLost }.map(LiveState.EventRow.init)
        state.notices = announcer.visibleNotices(at: pose.time, repStarted: !analysis.result.reps.isEmpty)
        state.stats.framesCaptured = slotCounts.stored
        state.stats.framesDropped = slotCounts.dropped
        state.stats.framesProcessed = frames.count
        processedTimes.append(now)
        processedTimes.removeAll { now - $0 > 1_000_000_000 }
        if let first = processedTimes.first, processedTimes.count > 1 {
            state.stats.processingFPS = Double(processedTimes.count - 1) / max(Double(now - first) / 1e9, 1e-3)
        }
        state.stats.latencyP50Ms = latency.recentQuantile(0.5)
        state.stats.latencyP95Ms = latency.recentQuantile(0.95)
    }

    /// The state after the end: the reps of the full analysis, no open rep, no cue.
    mutating func ended(with result: AnalysisResult) -> LiveState {
        state.phase = "ended"
        state.reps = result.reps.map { LiveState.RepRow($0, open: false) }
        state.repCount = result.reps.count
        state.currentRep = nil
        state.events = result.events.filter { $0.code == PostureEvent.postureLost }.map(LiveState.EventRow.init)
        state.banner = .none
        return state
    }
}
