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

/// The analysis of a live set so far: the same analyzer chain as `AnalysisPipeline`, run on
/// the samples up to now, with the rep under way included as an open rep so the analyzers can
/// judge it before lockout.
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

    /// Completed reps (the open one excluded).
    public var completedReps: [Rep] { result.reps.filter { $0.index != openRepIndex } }
}

/// Runs the registry's analyzers on the live samples so far and turns the result into a cue.
///
/// The verdicts come from the analyzers themselves (`reps`, `lumbar-curve`, `shear-guard`, ...),
/// created from the same configuration as `AnalysisPipeline`, so a live set and `hingecheck
/// analyze` of its recording agree. The only addition: while a rep is under way (the `reps`
/// analyzer's segmenter reports a descent that has not returned to lockout), that rep is
/// handed to the later analyzers as an open rep ending now, so `shear-guard` can flag it while
/// it happens rather than after lockout.
public struct LiveAnalyzer: Sendable {
    public let registry: PluginRegistry
    public let config: AnalysisConfig
    public let profile: AthleteProfile?
    let segmenter: RepSegmenter
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
        segmenter = try RepsAnalyzer.segmenter(settings: config.settings(of: RepsAnalyzer(), in: registry))
        let shear = try config.settings(of: ShearGuardAnalyzer(), in: registry)
        loadedInclinationDeg = try shear.number("loaded-inclination")
        flexionThresholdDeg = try shear.number("flexion-threshold")
        markerlessThresholdDeg = try profile?.markerlessThresholdDeg ?? shear.number("markerless-threshold")
        exitHysteresisDeg = try shear.number("exit-hysteresis")
        minConfidence = try shear.number("min-confidence")
    }

    /// The analyser whose reps get the open rep appended.
    static let repsID = RepsAnalyzer().descriptor.id

    /// The same analyzer with another profile (after the live calibration).
    public func with(profile: AthleteProfile?) throws -> LiveAnalyzer {
        try LiveAnalyzer(registry: registry, config: config, profile: profile)
    }

    /// Analyzes the samples so far.
    /// Complexity: O(n) in the samples (the analyzer chain runs at well over 100k samples/s).
    /// - Throws: configuration errors from the analyzers.
    public func analyze(samples: [KinematicSample], header: LandmarkFileHeader) throws -> LiveAnalysis {
        let started = DispatchTime.now().uptimeNanoseconds
        let context = AnalysisContext(header: header, profile: profile)
        var sessions: [any AnalyzerSession] = try registry.analyzers.map {
            try $0.makeSession(settings: config.settings(for: $0.descriptor), context: context)
        }
        var result = AnalysisResult()
        result.samples = samples
        for sample in samples {
            for i in sessions.indices { sessions[i].observe(sample) }
        }
        var openIndex: Int?
        for i in sessions.indices {
            sessions[i].finish(into: &result)
            if registry.analyzers[i].descriptor.id == Self.repsID, let open = openRep(samples, after: result.reps) {
                result.reps.append(open)
                openIndex = open.index
                result.warnings.removeAll { $0.code == "unfinished_rep" }
            }
        }
        let cost = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return LiveAnalysis(result: result, openRepIndex: openIndex, analysedUntilS: samples.last?.time ?? -.infinity, costS: cost)
    }

    /// The rep under way: from the start of a descent that has not returned to lockout, to now.
    func openRep(_ samples: [KinematicSample], after reps: [Rep]) -> Rep? {
        guard let startS = segmenter.segmentWithTail(samples).unfinishedDescentS, let last = samples.last,
              last.time > startS else { return nil }
        let range = samples.filter { $0.time >= startS }
        var bottom = range[0]
        for s in range where (s.trunkInclinationDeg ?? -.infinity) > (bottom.trunkInclinationDeg ?? -.infinity) { bottom = s }
        var rep = Rep(index: reps.count + 1, startS: startS, bottomS: bottom.time, endS: last.time, partial: false)
        rep.peakTrunkInclinationDeg = bottom.trunkInclinationDeg
        rep.peakHipFlexionDeg = range.compactMap(\.hipFlexionDeg).max()
        rep.confidence = range.map(\.confidence).reduce(0, +) / Double(range.count)
        return rep
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

/// The per-frame cue logic of a live session: keeps the samples so far, re-runs the
/// `LiveAnalyzer` when that costs under a tenth of the time since its last run (every frame
/// while the set is short), and judges the newest sample with `LiveAnalyzer.banner` on a short
/// (0.1 s) median of its lumbar measure — the smoothing window `shear-guard` uses.
public struct LiveCueTracker: Sendable {
    public private(set) var analyzer: LiveAnalyzer
    public private(set) var analysis = LiveAnalysis()
    public private(set) var samples: [KinematicSample] = []
    public let header: LandmarkFileHeader
    /// Share of the time the analyzer may take (0.1: a run costing 2 ms waits 18 ms).
    public var analysisDuty = 0.1
    private var recent: [(time: Double, value: Double)] = []
    private var lastAnalysisNs: UInt64 = 0

    public init(analyzer: LiveAnalyzer, header: LandmarkFileHeader) {
        self.analyzer = analyzer
        self.header = header
    }

    /// Switches to a profile (after the calibration) and re-analyses at the next sample.
    public mutating func use(profile: AthleteProfile?) throws {
        analyzer = try analyzer.with(profile: profile)
        lastAnalysisNs = 0
    }

    /// Adds the newest sample and returns its cue and (smoothed) lumbar measure.
    /// - Parameter forceAnalysis: re-run the analyzers whatever it costs (tests).
    /// - Throws: configuration errors from the analyzers.
    public mutating func observe(_ sample: KinematicSample, forceAnalysis: Bool = false) throws -> (banner: LiveBanner, measure: Double?) {
        samples.append(sample)
        let now = DispatchTime.now().uptimeNanoseconds
        if forceAnalysis || lastAnalysisNs == 0 || Double(now - lastAnalysisNs) / 1e9 * analysisDuty >= analysis.costS * (1 - analysisDuty) {
            analysis = try analyzer.analyze(samples: samples, header: header)
            lastAnalysisNs = DispatchTime.now().uptimeNanoseconds
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
