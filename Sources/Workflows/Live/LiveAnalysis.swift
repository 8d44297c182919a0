import Analyzers
import Foundation
import PoseCore

/// The posture cue shown over the live picture.
public enum LiveBanner: String, Sendable, Codable, Hashable {
    /// Nothing to say.
    case none
    /// The per-frame rule holds now (loaded trunk, lumbar measure over its threshold), but not
    /// yet for the `shear-guard` analyzer's minimum time: "checking".
    case provisional
    /// The `shear-guard` analyzer flags the posture as lost at this moment.
    case confirmed
}

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

/// The live cue's settings and rules: the `shear-guard` parameters the per-frame (provisional)
/// rule applies, and how a snapshot of the session becomes the banner.
///
/// The verdicts come from the analyzers themselves (`reps`, `lumbar-curve`, `shear-guard`, ...),
/// run by an `AnalysisSession` made from the same configuration as `analyze`, so a live set and
/// `hingecheck analyze` of its recording agree.
public struct LiveAnalyzer: Sendable {
    public let registry: PluginRegistry
    public let config: AnalysisConfig
    public let profile: AthleteProfile?
    /// shear-guard's parameters, for the per-frame (provisional) rule.
    public let loadedInclinationDeg: Double
    public let flexionThresholdDeg: Double
    public let markerlessThresholdDeg: Double
    public let exitHysteresisDeg: Double
    public let minConfidence: Double

    /// - Throws: `.invalidArgument` for a configuration the registry rejects.
    public init(registry: PluginRegistry, config: AnalysisConfig, profile: AthleteProfile?) throws {
        try config.validate(against: registry)
        self.registry = registry
        self.config = config
        self.profile = profile
        // The same settings the analyzers get; their defaults come from the descriptors.
        let shear = try config.settings(of: ShearGuardAnalyzer(), in: registry)
        loadedInclinationDeg = try shear.number("loaded-inclination")
        flexionThresholdDeg = try shear.number("flexion-threshold")
        markerlessThresholdDeg = try profile?.markerlessThresholdDeg ?? shear.number("markerless-threshold")
        exitHysteresisDeg = try shear.number("exit-hysteresis")
        minConfidence = try shear.number("min-confidence")
    }

    /// The same analyzer with another profile (after the live calibration).
    public func with(profile: AthleteProfile?) throws -> LiveAnalyzer {
        try LiveAnalyzer(registry: registry, config: config, profile: profile)
    }

    /// The lumbar measure of one sample, higher = more rounded: flexion from neutral (spine
    /// points, degrees) or the silhouette's lower-back angle (markerless, degrees); nil when
    /// unknown (low confidence, no measurement, no neutral yet).
    public func lumbarMeasure(_ sample: KinematicSample, reference: LumbarReference) -> Double? {
        guard sample.confidence >= minConfidence, let angle = sample.lumbarAngleDeg else { return nil }
        switch sample.lumbarMethod {
        case .spinePoints:
            guard let neutral = reference.neutralLumbarDeg ?? profile?.neutralLumbarDeg else { return nil }
            return neutral - angle
        case .dorsalContour:
            return angle
        case nil:
            return nil
        }
    }

    /// The threshold the per-frame rule applies to `lumbarMeasure`, degrees.
    public func threshold(for method: LumbarMethod?) -> Double {
        method == .dorsalContour ? markerlessThresholdDeg : flexionThresholdDeg
    }

    /// The cue at `sample` (the newest frame):
    /// - confirmed when a `posture_lost` event of the latest analysis covers this moment: it
    ///   reaches the end of the analysed samples (the run is still going on) and, for samples
    ///   newer than the analysis, the measure has not dropped below threshold − hysteresis (the
    ///   analyzer's own exit rule);
    /// - provisional when the per-frame rule holds: loaded trunk and `measure` (a short median
    ///   of recent `lumbarMeasure`s) at or above the threshold;
    /// - none otherwise.
    public func banner(sample: KinematicSample, measure: Double?, analysis: LiveAnalysis) -> LiveBanner {
        let threshold = threshold(for: sample.lumbarMethod)
        let loaded = (sample.trunkInclinationDeg ?? -.infinity) >= loadedInclinationDeg
        let tolerance = 0.05
        let lost = analysis.result.events.contains { $0.code == "posture_lost" && sample.time >= $0.startS - 1e-6 && sample.time <= $0.endS + 1e-6 }
        let ongoing = analysis.result.events.contains {
            $0.code == "posture_lost" && $0.endS >= analysis.analysedUntilS - tolerance && sample.time >= $0.startS
        }
        if lost { return .confirmed }
        if ongoing, sample.time > analysis.analysedUntilS, loaded, let measure, measure >= threshold - exitHysteresisDeg {
            return .confirmed
        }
        if loaded, let measure, measure >= threshold { return .provisional }
        return .none
    }
}

/// The start-up step of a live session: "stand tall, side-on, for two seconds".
///
/// With spine points (markers) it calibrates the neutral lumbar curve: the median lumbar angle
/// over a run of quiet standing (trunk within `maxInclinationDeg` of vertical, confident spine
/// points) lasting `holdS` — the `lumbar-curve` analyzer's quiet-standing rule. If the first rep
/// starts before that, a run of at least `minHoldS` still counts; otherwise the set runs
/// uncalibrated (the analyzer then takes neutral from the most upright frames and warns).
/// Markerless, a standing silhouette is no usable neutral (docs/method.md): the step only
/// checks that the lifter is seen upright, and says that neutral is not used.
public struct LiveCalibration: Sendable {
    public enum Status: Sendable, Hashable {
        /// Still waiting: seconds held so far of `holdS`.
        case waiting(heldS: Double)
        /// Done: the neutral (spine points) or nil (markerless / profile), and what to tell.
        case done(neutralLumbarDeg: Double?, note: String)
    }

    public let holdS: Double
    public let minHoldS: Double
    public let maxInclinationDeg: Double
    public let repStartDeg: Double
    public let minConfidence: Double
    public private(set) var status: Status
    private var run: [KinematicSample] = []
    private var best: [KinematicSample] = []

    /// True for spine points (markers): calibrate the neutral; false: markerless.
    public let spinePoints: Bool

    /// - Parameters:
    ///   - spinePoints: true when the landmarks carry spine points (markers).
    ///   - profile: a profile with a neutral makes the step unnecessary.
    public init(spinePoints: Bool, holdS: Double = 2, minHoldS: Double = 1, maxInclinationDeg: Double = 10, repStartDeg: Double = 30,
                minConfidence: Double = 0.5, profile: AthleteProfile?) {
        self.spinePoints = spinePoints
        self.holdS = holdS
        self.minHoldS = min(minHoldS, holdS)
        self.maxInclinationDeg = maxInclinationDeg
        self.repStartDeg = repStartDeg
        self.minConfidence = minConfidence
        if let profile, let neutral = profile.neutralLumbarDeg {
            status = .done(neutralLumbarDeg: neutral, note: String(format: "neutral %.1f° from profile \"%@\"", neutral, profile.name))
        } else if holdS <= 0 {
            status = .done(neutralLumbarDeg: nil, note: "no calibration asked for")
        } else {
            status = .waiting(heldS: 0)
        }
    }

    public var isDone: Bool { if case .done = status { true } else { false } }

    /// What the lifter is asked to do while waiting.
    public var instruction: String {
        switch status {
        case .waiting(let held): String(format: "Stand tall, side-on to the camera, still: %.1f / %.1f s", held, holdS)
        case .done(_, let note): note
        }
    }

    /// Feeds the next sample. Complexity: O(1) amortised (a median once, at the end).
    public mutating func observe(_ sample: KinematicSample) {
        guard case .waiting = status else { return }
        let incl = sample.trunkInclinationDeg
        let upright = incl.map { abs($0) <= maxInclinationDeg } ?? false
        let confident = sample.confidence >= minConfidence
        let measured = !spinePoints || (sample.lumbarMethod == .spinePoints && sample.lumbarAngleDeg != nil)
        if upright && confident && measured {
            run.append(sample)
        } else {
            keepBest()
            run.removeAll()
        }
        let held = run.count >= 2 ? run.last!.time - run.first!.time : 0
        if held >= holdS {
            finish(run)
        } else if let incl, incl > repStartDeg {
            // The set started before a full hold.
            keepBest()
            if best.count >= 2, best.last!.time - best.first!.time >= minHoldS || !spinePoints {
                finish(best)
            } else if !spinePoints {
                finish([sample])
            } else {
                status = .done(neutralLumbarDeg: nil,
                               note: "no quiet standing before the first rep: uncalibrated (neutral from the most upright frames); stand still for 2 s first, or use --profile")
            }
        } else {
            status = .waiting(heldS: held)
        }
    }

    private mutating func keepBest() {
        let span = { (r: [KinematicSample]) in r.count >= 2 ? r.last!.time - r.first!.time : 0 }
        if span(run) > span(best) { best = run }
    }

    private mutating func finish(_ samples: [KinematicSample]) {
        let duration = samples.last!.time - samples.first!.time
        if spinePoints {
            let angles = samples.compactMap(\.lumbarAngleDeg).sorted()
            let median = angles.count % 2 == 1 ? angles[angles.count / 2] : (angles[angles.count / 2 - 1] + angles[angles.count / 2]) / 2
            status = .done(neutralLumbarDeg: median,
                           note: String(format: "neutral lumbar curve %+.1f° from %.1f s of quiet standing", median, duration))
        } else {
            status = .done(neutralLumbarDeg: nil,
                           note: "markerless: a standing silhouette is no usable neutral (docs/method.md); each rep is judged by its hinged-position lumbar angle against an absolute threshold")
        }
        run.removeAll()
        best.removeAll()
    }
}

/// The per-frame cue logic of a live session: pushes each frame into a rolling `AnalysisSession`,
/// takes a snapshot when that costs under a tenth of the time since the last one (every frame
/// while the window is short), and judges the newest sample with `LiveAnalyzer.banner` on a
/// short (0.1 s) median of its lumbar measure — the smoothing window `shear-guard` uses.
///
/// The rolling session judges only the samples since the last settled lockout, so a snapshot
/// costs the same an hour into a session as in its first minute (Benchmarks/live_flat_cost.sh).
public struct LiveCueTracker {
    public private(set) var analyzer: LiveAnalyzer
    public private(set) var analysis = LiveAnalysis()
    public private(set) var session: AnalysisSession
    public var header: LandmarkFileHeader { session.header }
    /// Share of the time the analyzer may take (0.1: a run costing 2 ms waits 18 ms).
    public var analysisDuty = 0.1
    /// Monotonic nanoseconds: the real clock, or a simulated one (tests, the flat-cost benchmark).
    private let clock: @Sendable () -> UInt64
    private var recent: [(time: Double, value: Double)] = []
    private var lastAnalysisNs: UInt64 = 0

    /// - Parameter retention: `.rolling` (live); `.whole` re-judges the whole set every time
    ///   (the cost that grows with the session, kept for comparison in the benchmark).
    /// - Throws: configuration errors from the analyzers.
    public init(analyzer: LiveAnalyzer, header: LandmarkFileHeader, retention: AnalysisSession.Retention = .rolling,
                clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) throws {
        self.analyzer = analyzer
        self.clock = clock
        session = try AnalysisPipeline(registry: analyzer.registry, config: analyzer.config, profile: analyzer.profile)
            .makeSession(header: header, retention: retention)
    }

    /// Switches to a profile (after the calibration) and re-analyses at the next sample.
    public mutating func use(profile: AthleteProfile?) throws {
        analyzer = try analyzer.with(profile: profile)
        try session.use(profile: profile)
        lastAnalysisNs = 0
    }

    /// Measures the next frame (the session's filters and kinematics).
    public mutating func push(_ pose: PoseFrame) -> KinematicSample {
        session.push(pose)
    }

    /// Pushes the next frame and returns its sample, cue and (smoothed) lumbar measure.
    /// - Parameter forceAnalysis: take a snapshot whatever it costs (tests).
    /// - Throws: configuration errors from the analyzers.
    public mutating func observe(_ pose: PoseFrame, forceAnalysis: Bool = false) throws -> (sample: KinematicSample, banner: LiveBanner, measure: Double?) {
        let sample = push(pose)
        let (banner, measure) = try cue(for: sample, forceAnalysis: forceAnalysis)
        return (sample, banner, measure)
    }

    /// The cue for the newest pushed sample.
    /// - Parameter forceAnalysis: take a snapshot whatever it costs (tests).
    /// - Throws: configuration errors from the analyzers.
    public mutating func cue(for sample: KinematicSample, forceAnalysis: Bool = false) throws -> (banner: LiveBanner, measure: Double?) {
        let now = clock()
        if forceAnalysis || lastAnalysisNs == 0 || Double(now &- lastAnalysisNs) / 1e9 * analysisDuty >= analysis.costS * (1 - analysisDuty) {
            let started = clock()
            let snapshot = try session.snapshot()
            lastAnalysisNs = clock()
            analysis = LiveAnalysis(snapshot, costS: Double(lastAnalysisNs &- started) / 1e9)
        }
        var measure: Double?
        if let m = analyzer.lumbarMeasure(sample, reference: analysis.result.reference) {
            recent.append((sample.time, m))
            recent.removeAll { $0.time < sample.time - 0.1 }
            let values = recent.map(\.value).sorted()
            measure = values.count % 2 == 1 ? values[values.count / 2] : (values[values.count / 2 - 1] + values[values.count / 2]) / 2
        } else {
            recent.removeAll()
        }
        return (analyzer.banner(sample: sample, measure: measure, analysis: analysis), measure)
    }
}
