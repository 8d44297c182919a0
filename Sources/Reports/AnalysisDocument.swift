import Foundation
import PoseCore

/// The versioned JSON document of an analysis: what `hingecheck analyze --json` prints and what
/// `report.json` holds. Schema: `docs/report-schema.md`. Keys are snake_case; angles in degrees,
/// times in seconds from the start of the input; unknown values are `null` (never omitted), so
/// `posture_lost` is true, false or null.
public struct AnalysisDocument: Encodable, Sendable {
    public static let schemaName = "hingecheck-analysis"
    public static let schemaVersion = 3

    public var input: String
    public var source: String
    public var frameCount: Int
    /// Video frames that could not be decoded (damaged data) and were skipped: `frameCount`
    /// does not include them. 0 for a whole video and for landmark files.
    public var skippedFrames: Int
    public var fps: Double
    public var result: AnalysisResult

    public init(input: String, header: LandmarkFileHeader, frameCount: Int, result: AnalysisResult, skippedFrames: Int = 0) {
        self.input = input
        self.source = header.source
        self.frameCount = frameCount
        self.skippedFrames = skippedFrames
        self.fps = header.fps
        self.result = Self.adviseOnOutline(result, source: header.source)
    }

    /// The analyzers' `no_outline` warning, worded for the input's format: for OpenPose, TRC and
    /// CSV files, which can never carry the outline, it says so instead of suggesting `--mask`
    /// (the analyzers do not know where their frames came from; the document does).
    static func adviseOnOutline(_ result: AnalysisResult, source: String) -> AnalysisResult {
        guard OutlineAdvice.outlineFreeFormats.contains(source) else { return result }
        var result = result
        for i in result.warnings.indices where result.warnings[i].code == "no_outline" {
            result.warnings[i].message = OutlineAdvice.noOutlineWarning(source: source)
        }
        return result
    }

    /// Reps flagged with the posture lost.
    public var flaggedReps: [Int] { result.reps.filter { $0.postureLost == true }.map(\.index) }

    /// Reps HingeCheck can't tell (each rep's `verdictReason` says why).
    public var cantTellReps: [Int] { result.reps.filter { $0.postureLost == nil }.map(\.index) }

    /// One-sentence verdict for people.
    public var verdict: String {
        let reps = result.reps
        if reps.isEmpty { return "No hinge reps found." }
        let flagged = flaggedReps
        let unknown = reps.filter { $0.postureLost == nil }.count
        if unknown == reps.count {
            return "\(reps.count) rep\(reps.count > 1 ? "s" : "") found; can't tell on any: \(RepVerdict.reasons(reps))."
        }
        var text = flagged.isEmpty
            ? "Lumbar curve held under load on every judged rep (\(reps.count - unknown) of \(reps.count))."
            : "Lumbar curve lost under load on rep\(flagged.count > 1 ? "s" : "") \(flagged.map(String.init).joined(separator: ", ")) of \(reps.count)."
        if unknown > 0 { text += " Can't tell on \(RepVerdict.reasons(reps))." }
        return text
    }

    enum Keys: String, CodingKey {
        case schema, schemaVersion = "schema_version", generator, input, source, frameCount = "frame_count"
        case skippedFrames = "skipped_frames", fps
        case summary, reference, reps, events, warnings, fatigue, units, analyzers
        case externalAnalyzers = "external_analyzers"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(Self.schemaName, forKey: .schema)
        try c.encode(Self.schemaVersion, forKey: .schemaVersion)
        try c.encode("hingecheck \(HingeCheckVersion.current)", forKey: .generator)
        try c.encode(input, forKey: .input)
        try c.encode(source, forKey: .source)
        try c.encode(frameCount, forKey: .frameCount)
        try c.encode(skippedFrames, forKey: .skippedFrames)
        try c.encode(fps, forKey: .fps)
        try c.encode(Summary(repCount: result.reps.count, flaggedReps: flaggedReps,
                             cantTellReps: cantTellReps, verdict: verdict), forKey: .summary)
        try c.encode(ReferenceJSON(result.reference), forKey: .reference)
        try c.encode(result.reps.map { RepJSON($0, plugins: ExternalRepJSON(rep: $0.index, external: result.external)) }, forKey: .reps)
        try c.encode(result.external.map(ExternalAnalyzerJSON.init), forKey: .externalAnalyzers)
        try c.encode(result.events.map(EventJSON.init), forKey: .events)
        try c.encode(result.warnings, forKey: .warnings)
        try c.encode(result.fatigue.map(FatigueJSON.init), forKey: .fatigue)
        // Only with a plugin's results, so a built-in analysis reads exactly as before.
        if !result.analyzerOutputs.isEmpty {
            try c.encode(result.analyzerOutputs.mapValues(AnalyzerOutputJSON.init), forKey: .analyzers)
        }
        try c.encode(["angles": "degrees", "times": "seconds from the start of the input",
                      "lumbar_angle_deg": "spine points: + lordosis / − kyphosis; markerless: lower-back angle (outline from hip level to mid-trunk against the hip–shoulder axis), + flexed",
                      "deciding_value_deg": "the value that decided the rep's verdict, + more rounded (markerless: lower-back angle; spine points: flexion from neutral), ± deciding_uncertainty_deg, against threshold_deg",
                      "lumbar_two_tangent_deg": "markerless: the outline's lumbar two-tangent angle, + flexed (secondary)",
                      "trunk_inclination": "hip-mid→shoulder-mid from vertical, + leaning forward"], forKey: .units)
    }

    struct Summary: Encodable {
        var repCount: Int, flaggedReps: [Int], cantTellReps: [Int], verdict: String
        enum CodingKeys: String, CodingKey { case repCount = "rep_count", flaggedReps = "flagged_reps", cantTellReps = "cant_tell_reps", verdict }
    }
}

/// Encodes an optional as an explicit `null`.
struct Nullable<T: Encodable>: Encodable {
    let value: T?
    init(_ value: T?) { self.value = value }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}

struct ReferenceJSON: Encodable {
    let r: LumbarReference
    init(_ r: LumbarReference) { self.r = r }
    enum K: String, CodingKey { case kind, neutralLumbarDeg = "neutral_lumbar_deg", maxFlexionDeg = "max_flexion_deg", thresholdDeg = "threshold_deg", detail }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(r.kind.rawValue, forKey: .kind)
        try c.encode(Nullable(r.neutralLumbarDeg), forKey: .neutralLumbarDeg)
        try c.encode(Nullable(r.maxFlexionDeg), forKey: .maxFlexionDeg)
        try c.encode(Nullable(r.thresholdDeg), forKey: .thresholdDeg)
        try c.encode(r.detail, forKey: .detail)
    }
}

struct RepJSON: Encodable {
    let r: Rep
    /// The external analysers' fields for this rep (`plugins`).
    let plugins: ExternalRepJSON
    init(_ r: Rep, plugins: ExternalRepJSON) {
        self.r = r
        self.plugins = plugins
    }
    enum K: String, CodingKey {
        case index, startS = "start_s", bottomS = "bottom_s", endS = "end_s", partial
        case peakTrunkInclinationDeg = "peak_trunk_inclination_deg", peakHipFlexionDeg = "peak_hip_flexion_deg"
        case lumbarAngleDeg = "lumbar_angle_deg", lumbarMethod = "lumbar_method", minLumbarAngleDeg = "min_lumbar_angle_deg"
        case lumbarTwoTangentDeg = "lumbar_two_tangent_deg"
        case peakLumbarFlexionDeg = "peak_lumbar_flexion_deg", peakLumbarFlexionPct = "peak_lumbar_flexion_pct"
        case thoracicAngleDeg = "thoracic_angle_deg", lumbopelvicRatio = "lumbopelvic_ratio"
        case postureLost = "posture_lost", postureLostS = "posture_lost_s", postureLostShare = "posture_lost_share"
        case worstMomentS = "worst_moment_s", confidence
        case verdict, verdictReason = "verdict_reason", decidingValueDeg = "deciding_value_deg"
        case decidingUncertaintyDeg = "deciding_uncertainty_deg", decidingMeasure = "deciding_measure", decidingStatistic = "deciding_statistic", thresholdDeg = "threshold_deg"
        case judgedStartS = "judged_start_s", judgedEndS = "judged_end_s"
        case plugins
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(r.index, forKey: .index)
        try c.encode(r.startS, forKey: .startS)
        try c.encode(r.bottomS, forKey: .bottomS)
        try c.encode(r.endS, forKey: .endS)
        try c.encode(r.partial, forKey: .partial)
        try c.encode(Nullable(r.peakTrunkInclinationDeg), forKey: .peakTrunkInclinationDeg)
        try c.encode(Nullable(r.peakHipFlexionDeg), forKey: .peakHipFlexionDeg)
        try c.encode(Nullable(r.lumbarAngleDeg), forKey: .lumbarAngleDeg)
        try c.encode(Nullable(r.lumbarMethod?.rawValue), forKey: .lumbarMethod)
        try c.encode(Nullable(r.lumbarTwoTangentDeg), forKey: .lumbarTwoTangentDeg)
        try c.encode(Nullable(r.minLumbarAngleDeg), forKey: .minLumbarAngleDeg)
        try c.encode(Nullable(r.peakLumbarFlexionDeg), forKey: .peakLumbarFlexionDeg)
        try c.encode(Nullable(r.peakLumbarFlexionPct), forKey: .peakLumbarFlexionPct)
        try c.encode(Nullable(r.thoracicAngleDeg), forKey: .thoracicAngleDeg)
        try c.encode(Nullable(r.lumbopelvicRatio), forKey: .lumbopelvicRatio)
        try c.encode(Nullable(r.postureLost), forKey: .postureLost)
        try c.encode(r.postureLostS, forKey: .postureLostS)
        try c.encode(Nullable(r.postureLostShare), forKey: .postureLostShare)
        try c.encode(Nullable(r.worstMomentS), forKey: .worstMomentS)
        try c.encode(r.confidence, forKey: .confidence)
        try c.encode(r.verdict.rawValue, forKey: .verdict)
        try c.encode(Nullable(r.verdictReason?.rawValue), forKey: .verdictReason)
        try c.encode(Nullable(r.decidingValueDeg), forKey: .decidingValueDeg)
        try c.encode(Nullable(r.decidingUncertaintyDeg), forKey: .decidingUncertaintyDeg)
        try c.encode(Nullable(r.decidingMeasure), forKey: .decidingMeasure)
        try c.encode(Nullable(r.decidingStatistic), forKey: .decidingStatistic)
        try c.encode(Nullable(r.thresholdDeg), forKey: .thresholdDeg)
        try c.encode(Nullable(r.judgedStartS), forKey: .judgedStartS)
        try c.encode(Nullable(r.judgedEndS), forKey: .judgedEndS)
        try c.encode(plugins, forKey: .plugins)
    }
}

struct EventJSON: Encodable {
    let e: PostureEvent
    init(_ e: PostureEvent) { self.e = e }
    enum K: String, CodingKey {
        case code, startS = "start_s", endS = "end_s", repIndex = "rep_index", severity
        case peakLumbarFlexionDeg = "peak_lumbar_flexion_deg", lumbarAngleDeg = "lumbar_angle_deg"
        case trunkInclinationDeg = "trunk_inclination_deg", message, plugin
    }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(e.code, forKey: .code)
        try c.encode(e.startS, forKey: .startS)
        try c.encode(e.endS, forKey: .endS)
        try c.encode(Nullable(e.repIndex), forKey: .repIndex)
        try c.encode(e.severity, forKey: .severity)
        try c.encode(Nullable(e.peakLumbarFlexionDeg), forKey: .peakLumbarFlexionDeg)
        try c.encode(Nullable(e.lumbarAngleDeg), forKey: .lumbarAngleDeg)
        try c.encode(Nullable(e.trunkInclinationDeg), forKey: .trunkInclinationDeg)
        try c.encode(e.message, forKey: .message)
        try c.encode(Nullable(e.plugin), forKey: .plugin)
    }
}

struct AnalyzerOutputJSON: Encodable {
    let o: AnalyzerOutput
    init(_ o: AnalyzerOutput) { self.o = o }
    enum K: String, CodingKey { case values, reps, units }
    struct RepValues: Encodable { var index: Int, values: [String: Double] }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(o.values, forKey: .values)
        // A list in rep order, like the document's own `reps` (JSON object keys are text).
        try c.encode(o.repValues.keys.sorted().map { RepValues(index: $0, values: o.repValues[$0]!) }, forKey: .reps)
        try c.encode(o.units, forKey: .units)
    }
}

struct FatigueJSON: Encodable {
    let f: FatigueTrend
    init(_ f: FatigueTrend) { self.f = f }
    enum K: String, CodingKey { case slopeDegPerRep = "slope_deg_per_rep", changeDeg = "change_deg", measure, verdict }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: K.self)
        try c.encode(f.slopeDegPerRep, forKey: .slopeDegPerRep)
        try c.encode(f.changeDeg, forKey: .changeDeg)
        try c.encode(f.measure, forKey: .measure)
        try c.encode(f.verdict, forKey: .verdict)
    }
}

extension AnalysisDocument {
    /// Deterministic pretty JSON bytes (sorted keys).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
