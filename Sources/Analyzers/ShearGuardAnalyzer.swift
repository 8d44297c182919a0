import Foundation
import PoseCore

/// The `shear-guard` analyzer: flags the moments when the posture that resists anterior shear
/// is lost — trunk inclined under load with the lumbar curve gone, for longer than a moment
/// (DESIGN.md sections 1 and 7).
///
/// Rule, spine points: loaded (trunk inclination ≥ `loaded-inclination`) and lumbar flexion
/// from neutral ≥ `flexion-threshold`, sustained ≥ `min-duration`; the interval ends when the
/// flexion drops below threshold − `exit-hysteresis` or the load phase ends. Markerless: the
/// same rule on the silhouette's lower-back angle (threshold `markerless-threshold`), smoothed by a
/// `markerless-smoothing` moving median (mask holes give single-frame spikes), and only in the
/// hinged position — frames within `markerless-window` of the rep's peak inclination, where the
/// load is (at 30–40° of lean the hip landmark lags and the waistband enters the window,
/// DESIGN.md section 6). Frames with
/// confidence < `min-confidence` or no lumbar value are unknown: they never start or extend a
/// flag. Severity = sin(trunk inclination) × (0.5 + 0.5 × min(1, (flexion − threshold) / 15°)):
/// shear from the trunk's weight grows with the sine of its angle; the flexion factor is 0.5 at
/// the threshold and 1 at 15° beyond it (spine points: twice the 15° threshold; markerless: the
/// most rounded real reps read +14.7°).
public struct ShearGuardAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "shear-guard", kind: .analyzer,
            summary: "Flags the loaded, inclined trunk with the lumbar curve lost (anterior shear no longer resisted).",
            parameters: [
                PluginParameter("loaded-inclination", default: "30", unit: "deg",
                                summary: "Trunk inclination from which the back is loaded in shear.",
                                source: "shear from the trunk's weight ∝ sin(inclination): half its maximum at 30° (von Arx et al. 2021 on stoop shear)", range: 0...90),
                PluginParameter("flexion-threshold", default: "15", unit: "deg",
                                summary: "Spine points: lumbar flexion from neutral that counts as the curve lost.",
                                source: "a 70% 1RM deadlift start loses about 13° of upper-lumbar lordosis while held (Bengtsson et al. 2022, doi:10.26603/001c.37859); 15° is beyond that", range: 0...90),
                PluginParameter("markerless-threshold", default: "0", unit: "deg",
                                summary: "Markerless: hinged-position lower-back angle that counts as rounded (0 = the outline from hip level to mid-trunk parallel to the hip–shoulder axis).",
                                source: "geometry: a lordotic lower back converges toward the trunk axis below mid-trunk, a flexed one bows away from it; 7 real side-view clips (docs/measurements.md): neutral reps −8.0 to −1.3°, rounded +3.6 to +14.7°", range: -45...45),
                PluginParameter("markerless-smoothing", default: "0.3", unit: "s",
                                summary: "Markerless: moving-median window on the contour angle.",
                                source: "longer than mask-hole spikes (1–3 frames on real clips), shorter than a rep's bottom", range: 0...10),
                PluginParameter("markerless-window", default: "10", unit: "deg",
                                summary: "Markerless: judge frames within this many degrees of the rep's peak trunk inclination (at least markerless-smoothing long, around the deepest frame).",
                                source: "DESIGN.md section 6: measure near the bottom, where the load is", range: 0...90),
                PluginParameter("min-duration", default: "0.2", unit: "s",
                                summary: "Posture lost for at least this long to flag ('longer than a moment').",
                                source: "project convention: 6 frames at 30 fps, longer than mask/landmark glitches", range: 0...60),
                PluginParameter("exit-hysteresis", default: "3", unit: "deg",
                                summary: "A flag ends when flexion drops this far below the threshold.",
                                source: "about the 1.3–1.8° RMSE of wearable lumbar sensors (Mjøsund 2017), doubled", range: 0...45),
                PluginParameter("min-confidence", default: "0.5", unit: "fraction",
                                summary: "Frames under this confidence are unknown, never flagged.", source: "project convention", range: 0...1),
                PluginParameter("borderline-margin", default: "2", unit: "deg",
                                summary: "A rep whose largest judged value lies within this of the threshold gets the near_threshold warning: its verdict could go either way.",
                                source: "about the markerless angle's error against its own truth (MAE 2.44° on the generated clips, docs/measurements.md); above the 1.3–1.8° RMSE of lumbar sensors (Mjøsund 2017)", range: 0...45),
            ],
            needs: ["kinematics", "reps", "reference", "rep-lumbar"], emits: ["events", "rep-verdicts"])
    }

    public func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        ShearGuardSession(loadedDeg: try settings.number("loaded-inclination"),
                          markerlessSmoothingS: try settings.number("markerless-smoothing"),
                          markerlessWindowDeg: try settings.number("markerless-window"),
                          flexionThresholdDeg: try settings.number("flexion-threshold"),
                          markerlessThresholdDeg: try context.profile?.markerlessThresholdDeg ?? settings.number("markerless-threshold"),
                          minDurationS: try settings.number("min-duration"),
                          hysteresisDeg: try settings.number("exit-hysteresis"),
                          minConfidence: try settings.number("min-confidence"),
                          borderlineMarginDeg: try settings.number("borderline-margin"),
                          flexionThresholdSet: settings.overrides["flexion-threshold"] != nil,
                          markerlessThresholdSet: settings.overrides["markerless-threshold"] != nil,
                          profile: context.profile)
    }
}

struct ShearGuardSession: AnalyzerSession {
    /// Flexion beyond the threshold at which severity's flexion factor reaches 1 (see the type above).
    static let severitySpanDeg = 15.0
    let loadedDeg, markerlessSmoothingS, markerlessWindowDeg, flexionThresholdDeg, markerlessThresholdDeg, minDurationS, hysteresisDeg, minConfidence: Double
    let borderlineMarginDeg: Double
    /// Whether the configuration set each threshold, and the profile: a value for the other
    /// kind of measurement is named as unused rather than silently ignored.
    let flexionThresholdSet, markerlessThresholdSet: Bool
    let profile: AthleteProfile?

    mutating func observe(_ sample: KinematicSample) {}

    mutating func finish(into result: inout AnalysisResult) {
        let samples = result.samples
        let spine = result.reference.kind != .hingedPositionAbsolute
        let threshold = spine ? flexionThresholdDeg : markerlessThresholdDeg
        guard result.reference.kind != .none else {
            // No lumbar measure at all: no threshold applies, every verdict is unknown.
            for r in result.reps.indices { result.reps[r].postureLost = nil }
            return
        }
        if result.reference.thresholdDeg == nil { result.reference.thresholdDeg = threshold }
        warnAboutUnusedSettings(spine: spine, threshold: threshold, into: &result)
        // Per-frame flexion measure (positive = rounded), unknown when not confident.
        let neutral = result.reference.neutralLumbarDeg
        let raw: [Double?] = samples.map { s in
            guard s.confidence >= minConfidence, let a = s.lumbarAngleDeg else { return nil }
            if spine { return neutral.map { $0 - a } }
            return a
        }
        let flex = SignalTools.movingMedian(raw, radius: SignalTools.samples(for: spine ? 0.1 : markerlessSmoothingS, in: samples) / 2)
        var borderline: [(Int, Double)] = []
        for r in result.reps.indices {
            let rep = result.reps[r]
            let range = SignalTools.indices(from: rep.startS, to: rep.endS, in: samples)
            let peak = rep.peakTrunkInclinationDeg ?? .infinity
            // Markerless: the hinged position only, and at least the smoothing window long (a
            // rep that starts at the bottom, a fast swing), else a sustained loss cannot show.
            let bottom = spine ? [] : Set(SignalTools.bottomFrames(of: range, in: samples, peakDeg: peak,
                                                                  windowDeg: markerlessWindowDeg,
                                                                  minSeconds: markerlessSmoothingS))
            let loaded = range.filter {
                (samples[$0].trunkInclinationDeg ?? 0) >= loadedDeg && (spine || bottom.contains($0))
            }
            let loadedS = loaded.reduce(0.0) { $0 + SignalTools.duration(of: $1, in: samples) }
            let known = loaded.filter { flex[$0] != nil }
            let knownShare = loaded.isEmpty ? 0 : Double(known.count) / Double(loaded.count)
            let intervals = lostIntervals(loaded, flex, threshold, samples)
            var lostS = 0.0
            var worst: (Int, Double)?
            for (a, b) in intervals {
                let start = samples[a].time, end = samples[b].time + SignalTools.duration(of: b, in: samples)
                lostS += (a...b).reduce(0.0) { $0 + SignalTools.duration(of: $1, in: samples) }
                var peak = a
                for j in a...b where (flex[j] ?? -.infinity) > (flex[peak] ?? -.infinity) { peak = j }
                if worst == nil || (flex[peak] ?? 0) > worst!.1 { worst = (peak, flex[peak] ?? 0) }
                let incl = samples[peak].trunkInclinationDeg ?? loadedDeg
                let f = flex[peak] ?? threshold
                let severity = sin(incl * .pi / 180) * (0.5 + 0.5 * min(1, max(0, f - threshold) / Self.severitySpanDeg))
                result.events.append(PostureEvent(
                    code: "posture_lost", startS: start, endS: end, repIndex: rep.index, severity: severity,
                    peakLumbarFlexionDeg: spine ? f : nil, lumbarAngleDeg: samples[peak].lumbarAngleDeg,
                    trunkInclinationDeg: incl,
                    message: spine
                        ? String(format: "Rep %d: lumbar curve lost under load — %.0f° of flexion from neutral at %.0f° trunk inclination", rep.index, f, incl)
                        : String(format: "Rep %d: lower back rounded under load — lower-back angle %+.0f° at %.0f° trunk inclination", rep.index, f, incl)))
            }
            if worst == nil, let deepest = known.max(by: { (flex[$0] ?? 0, -$0) < (flex[$1] ?? 0, -$1) }) { worst = (deepest, flex[deepest] ?? 0) }
            result.reps[r].worstMomentS = worst.map { samples[$0.0].time }
            result.reps[r].postureLostS = lostS
            result.reps[r].postureLostShare = loadedS > 0 ? min(1, lostS / loadedS) : nil
            if !intervals.isEmpty {
                result.reps[r].postureLost = true
            } else if knownShare >= 0.5 {
                result.reps[r].postureLost = false
            } else {
                result.reps[r].postureLost = nil
            }
            // The value that decided the verdict: the largest judged one.
            if result.reps[r].postureLost != nil, let deciding = known.compactMap({ flex[$0] }).max(),
               abs(deciding - threshold) < borderlineMarginDeg {
                borderline.append((rep.index, deciding))
            }
        }
        if !borderline.isEmpty {
            let list = borderline.map { "rep \($0.0) (\(Self.degrees($0.1, signed: true)))" }.joined(separator: ", ")
            let measure = spine ? "lumbar flexion from neutral" : "lower-back angle"
            let check = spine ? "check these reps by eye and the markers' placement" : "check these reps by eye, or film again side-on at hip height"
            result.warn("near_threshold", "The \(measure) came within \(Self.degrees(borderlineMarginDeg)) of the \(Self.degrees(threshold)) threshold on \(list): at this accuracy the verdict could go either way; \(check).")
        }
        result.events.sort { ($0.startS, $0.repIndex ?? 0) < ($1.startS, $1.repIndex ?? 0) }
    }

    /// Names a threshold or profile value that belongs to the other kind of measurement (spine
    /// points vs the silhouette): the user asked for it, so say it did not apply.
    func warnAboutUnusedSettings(spine: Bool, threshold: Double, into result: inout AnalysisResult) {
        var unused: [String] = []
        if spine {
            if markerlessThresholdSet { unused.append("shear-guard.markerless-threshold") }
            if profile?.markerlessThresholdDeg != nil && profile?.neutralLumbarDeg == nil {
                unused.append("the profile \"\(profile!.name)\" (it holds only a markerless threshold)")
            }
        } else {
            if flexionThresholdSet { unused.append("shear-guard.flexion-threshold") }
            if profile?.neutralLumbarDeg != nil && profile?.markerlessThresholdDeg == nil {
                unused.append("the profile \"\(profile!.name)\" (its neutral is for spine markers)")
            }
        }
        guard !unused.isEmpty else { return }
        let measure = spine ? "spine points, judged by shear-guard.flexion-threshold (flexion from neutral)"
                            : "markerless, judged by shear-guard.markerless-threshold (the silhouette's lower-back angle)"
        result.warn("setting_not_used", "Not used: \(unused.joined(separator: "; ")). This analysis is \(measure), at \(Self.degrees(threshold, signed: !spine)).")
    }

    /// Degrees for messages: "2°", "2.5°", signed "+1.0°"; a value that rounds to zero prints as
    /// 0, never "−0.0°".
    static func degrees(_ value: Double, signed: Bool = false) -> String {
        let tenths = (value * 10).rounded() / 10
        let v = tenths == 0 ? 0 : tenths
        if signed { return String(format: "%+.1f°", v) }
        return v == v.rounded() ? String(format: "%.0f°", v) : String(format: "%.1f°", v)
    }

    /// Runs of loaded, known frames over threshold (entry) held until below threshold − hysteresis,
    /// at least `minDurationS` long.
    func lostIntervals(_ loaded: [Int], _ flex: [Double?], _ threshold: Double, _ samples: [KinematicSample]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var start: Int?
        var last: Int?
        func close() {
            if let s = start, let e = last, samples[e].time + SignalTools.duration(of: e, in: samples) - samples[s].time >= minDurationS {
                out.append((s, e))
            }
            start = nil
        }
        for i in loaded {
            // A gap in the loaded frames (unloaded in between) ends a run.
            if let l = last, i != l + 1 { close() }
            guard let f = flex[i] else { close(); last = i; continue }
            if start == nil {
                if f >= threshold { start = i }
            } else if f < threshold - hysteresisDeg {
                close()
            }
            last = i
        }
        close()
        return out
    }
}
