/// What the analysis is measured against (docs/method.md).
public struct LumbarReference: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// Spine points: neutral from quiet standing at the start of the set.
        case quietStanding = "quiet-standing"
        /// Spine points: neutral from the most upright frames (no quiet standing found).
        case uprightFrames = "upright-frames"
        /// An athlete profile saved by `hingecheck calibrate`.
        case profile
        /// Markerless: absolute hinged-position lumbar angle against a fixed threshold.
        case hingedPositionAbsolute = "hinged-position-absolute"
        /// Nothing usable.
        case none
    }
    public var kind: Kind
    /// Neutral lumbar angle in degrees (spine points), positive = lordosis.
    public var neutralLumbarDeg: Double?
    /// Maximal lumbar flexion in degrees from neutral, when known (profile).
    public var maxFlexionDeg: Double?
    /// Threshold the verdict uses, in degrees, and what it applies to.
    public var thresholdDeg: Double?
    public var detail: String

    public init(kind: Kind, neutralLumbarDeg: Double? = nil, maxFlexionDeg: Double? = nil,
                thresholdDeg: Double? = nil, detail: String) {
        self.kind = kind
        self.neutralLumbarDeg = neutralLumbarDeg
        self.maxFlexionDeg = maxFlexionDeg
        self.thresholdDeg = thresholdDeg
        self.detail = detail
    }
}

/// One repetition of a hinge.
public struct Rep: Sendable, Hashable, Codable {
    public var index: Int
    public var startS: Double
    public var bottomS: Double
    public var endS: Double
    /// True when the rep did not reach lockout or started at the bottom.
    public var partial: Bool
    public var peakTrunkInclinationDeg: Double?
    public var peakHipFlexionDeg: Double?
    /// Lumbar angle in the hinged position (median over frames near the bottom), degrees.
    public var lumbarAngleDeg: Double?
    public var lumbarMethod: LumbarMethod?
    /// Markerless only: the outline's lumbar two-tangent angle near the bottom (median), degrees,
    /// positive = flexed. Secondary: clothing and soft tissue move it as much as the spine does.
    public var lumbarTwoTangentDeg: Double?
    /// Spine points: minimum lumbar angle during the rep, degrees.
    public var minLumbarAngleDeg: Double?
    /// Spine points: peak lumbar flexion from neutral (neutral − current), degrees.
    public var peakLumbarFlexionDeg: Double?
    /// Peak flexion as % of the neutral-to-maximal range, when the maximum is known.
    public var peakLumbarFlexionPct: Double?
    /// Thoracic angle at the bottom, degrees (positive = kyphotic).
    public var thoracicAngleDeg: Double?
    /// Lumbopelvic ratio: lumbar flexion change divided by hip flexion change over the descent.
    public var lumbopelvicRatio: Double?
    /// true = shear-resisting posture lost, false = held, nil = can't tell (`verdictReason` says why).
    public var postureLost: Bool?
    /// Why the rep could not be judged; nil when it was judged (held or lost).
    public var verdictReason: RepVerdict.Reason?
    /// The value that decided the verdict, degrees, positive = more rounded, for both methods:
    /// markerless, the lower-back angle (median over the judged frames); spine points, the lumbar
    /// flexion from neutral held for the minimum duration. nil when nothing was measured.
    public var decidingValueDeg: Double?
    /// How `decidingValueDeg` summarises the judged frames: "median" or "sustained-max" (the
    /// largest value held for the minimum duration).
    public var decidingStatistic: String?
    /// Its uncertainty, degrees (one standard uncertainty, derivation in docs/method.md): the
    /// verdict is given only when value ± uncertainty lies wholly on one side of `thresholdDeg`.
    public var decidingUncertaintyDeg: Double?
    /// The threshold the deciding value was judged against, degrees (same sign convention).
    public var thresholdDeg: Double?
    /// The frames that decided: first and last judged frame times, seconds.
    public var judgedStartS: Double?
    public var judgedEndS: Double?
    /// Seconds of the loaded phase with the posture lost.
    public var postureLostS: Double
    /// Share of the loaded phase with the posture lost, in [0, 1].
    public var postureLostShare: Double?
    /// Time of the worst moment (largest flexion under load), seconds.
    public var worstMomentS: Double?
    /// Confidence in [0, 1].
    public var confidence: Double

    public init(index: Int, startS: Double, bottomS: Double, endS: Double, partial: Bool = false) {
        self.index = index
        self.startS = startS
        self.bottomS = bottomS
        self.endS = endS
        self.partial = partial
        self.postureLostS = 0
        self.confidence = 0
    }

    /// The rep's outcome: held, lost or can't tell.
    public var verdict: RepVerdict { RepVerdict(postureLost: postureLost) }

    /// What `decidingValueDeg` measures: "lower-back-angle" (markerless) or
    /// "lumbar-flexion-from-neutral" (spine points); both positive = more rounded.
    public var decidingMeasure: String? {
        guard decidingValueDeg != nil else { return nil }
        return lumbarMethod == .spinePoints ? "lumbar-flexion-from-neutral" : "lower-back-angle"
    }

    /// The deciding value with its uncertainty for people: "+8.1 ± 2.0°", or "—".
    public var decidingText: String {
        guard let v = decidingValueDeg else { return "—" }
        let signed = lumbarMethod != .spinePoints
        return String(format: signed ? "%+.1f" : "%.1f", v) + String(format: " ± %.1f°", decidingUncertaintyDeg ?? 0)
    }

    /// Why a rep can't be told; nil when it was judged. A can't-tell rep without a recorded
    /// reason (one from an older analysis) reads as an unreliable outline.
    public var cantTellReason: RepVerdict.Reason? {
        postureLost == nil ? (verdictReason ?? .maskUnreliable) : nil
    }

    /// The verdict as a person reads it in a table: "held", "LOST", "can't tell (not side-on)".
    public var verdictText: String {
        guard let reason = cantTellReason else { return verdict.word }
        return verdict.word + " (" + reason.short + ")"
    }
}

/// A flagged moment.
public struct PostureEvent: Sendable, Hashable, Codable {
    /// The code of `shear-guard`'s event: the posture that resists anterior shear was lost.
    public static let postureLost = "posture_lost"

    /// Event code, e.g. `PostureEvent.postureLost`.
    public var code: String
    public var startS: Double
    public var endS: Double
    public var repIndex: Int?
    /// 0...1, from trunk inclination (shear grows with its sine) and flexion.
    public var severity: Double
    public var peakLumbarFlexionDeg: Double?
    public var lumbarAngleDeg: Double?
    public var trunkInclinationDeg: Double?
    public var message: String
    /// The external analyser that flagged it (its id, docs/plugins.md); nil for built-in events.
    public var plugin: String?

    public init(code: String, startS: Double, endS: Double, repIndex: Int?, severity: Double,
                peakLumbarFlexionDeg: Double? = nil, lumbarAngleDeg: Double? = nil,
                trunkInclinationDeg: Double? = nil, message: String, plugin: String? = nil) {
        self.plugin = plugin
        self.code = code
        self.startS = startS
        self.endS = endS
        self.repIndex = repIndex
        self.severity = severity
        self.peakLumbarFlexionDeg = peakLumbarFlexionDeg
        self.lumbarAngleDeg = lumbarAngleDeg
        self.trunkInclinationDeg = trunkInclinationDeg
        self.message = message
    }
}

/// Something the person should know about the measurement itself.
public struct AnalysisWarning: Sendable, Hashable, Codable {
    /// Stable code: "not_side_on", "uncalibrated", "low_confidence", "camera_tilted",
    /// "trunk_too_small", "scene_cut", "no_person", ...
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}

/// Fatigue trend across the reps of a set.
public struct FatigueTrend: Sendable, Hashable, Codable {
    /// Least-squares slope of the per-rep lumbar measure, degrees per rep (positive = more
    /// rounding as the set goes on).
    public var slopeDegPerRep: Double
    /// Last rep minus first rep, degrees.
    public var changeDeg: Double
    /// Which per-rep measure the trend uses.
    public var measure: String
    public var verdict: String

    public init(slopeDegPerRep: Double, changeDeg: Double, measure: String, verdict: String) {
        self.slopeDegPerRep = slopeDegPerRep
        self.changeDeg = changeDeg
        self.measure = measure
        self.verdict = verdict
    }
}

/// Everything an analysis found; analyzers fill it in registry order.
public struct AnalysisResult: Sendable, Hashable, Codable {
    public var samples: [KinematicSample]
    public var reps: [Rep]
    public var events: [PostureEvent]
    public var warnings: [AnalysisWarning]
    public var reference: LumbarReference
    public var fatigue: FatigueTrend?
    /// External analysers that ran on this analysis (docs/plugins.md), in the order they ran.
    public var external: [ExternalAnalyzerResult] = []
    /// Results of analysers without a typed field here (plugins from outside this package), by plugin id.
    public var analyzerOutputs: [String: AnalyzerOutput]

    public init(samples: [KinematicSample] = [], reps: [Rep] = [], events: [PostureEvent] = [],
                warnings: [AnalysisWarning] = [],
                reference: LumbarReference = LumbarReference(kind: .none, detail: "not computed"),
                fatigue: FatigueTrend? = nil, analyzerOutputs: [String: AnalyzerOutput] = [:]) {
        self.samples = samples
        self.reps = reps
        self.events = events
        self.warnings = warnings
        self.reference = reference
        self.fatigue = fatigue
        self.analyzerOutputs = analyzerOutputs
    }

    /// Adds a warning once per code.
    public mutating func warn(_ code: String, _ message: String) {
        if !warnings.contains(where: { $0.code == code }) {
            warnings.append(AnalysisWarning(code: code, message: message))
        }
    }
}

/// What analyzers know about the stream before it starts.
public struct AnalysisContext: Sendable, Hashable {
    public var header: LandmarkFileHeader
    /// An athlete profile's neutral and maximal flexion, when `--profile` is given.
    public var profile: AthleteProfile?

    public init(header: LandmarkFileHeader, profile: AthleteProfile? = nil) {
        self.header = header
        self.profile = profile
    }
}

/// A lifter's saved reference (`hingecheck calibrate`).
public struct AthleteProfile: Sendable, Hashable, Codable {
    public var name: String
    /// Neutral lumbar angle from quiet standing with spine points, degrees (positive = lordosis).
    public var neutralLumbarDeg: Double?
    /// Maximal lumbar flexion from neutral, degrees.
    public var maxFlexionDeg: Double?
    /// Personal markerless threshold for the hinged-position lower-back angle, degrees.
    public var markerlessThresholdDeg: Double? {
        // Set by this build: a threshold for this build's measure. (Decoding assigns the stored
        // values without this observer, so a file keeps what it says.)
        didSet { markerlessMeasure = markerlessThresholdDeg == nil ? nil : Self.currentMarkerlessMeasure }
    }
    public var createdAt: String?
    /// Which markerless measure `markerlessThresholdDeg` was set for: nil without a threshold, and
    /// in profiles written before HingeCheck 0.2 (their threshold was for the two-tangent angle).
    public private(set) var markerlessMeasure: String?
    public static let currentMarkerlessMeasure = "lower-back-angle"

    /// Whether the markerless threshold, if any, is for the measure this build uses.
    public var markerlessThresholdIsCurrent: Bool {
        markerlessThresholdDeg == nil || markerlessMeasure == Self.currentMarkerlessMeasure
    }

    public init(name: String, neutralLumbarDeg: Double? = nil, maxFlexionDeg: Double? = nil,
                markerlessThresholdDeg: Double? = nil, createdAt: String? = nil) {
        self.name = name
        self.neutralLumbarDeg = neutralLumbarDeg
        self.maxFlexionDeg = maxFlexionDeg
        self.markerlessThresholdDeg = markerlessThresholdDeg
        self.createdAt = createdAt
        self.markerlessMeasure = markerlessThresholdDeg == nil ? nil : Self.currentMarkerlessMeasure
    }
}
