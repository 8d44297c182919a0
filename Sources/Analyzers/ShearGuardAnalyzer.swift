import Foundation
import PoseCore

/// The `shear-guard` analyzer: judges each rep *held*, *lost* or *can't tell* — was the
/// posture that resists anterior shear (trunk inclined under load, lumbar curve kept) lost for
/// longer than a moment? (docs/method.md, "Rules".)
///
/// Each rep gets one deciding value, positive = more rounded, with its uncertainty U
/// (`RepJudge`): markerless, the silhouette's lower-back angle, median over the judged frames
/// (loaded, within `markerless-window` of the rep's peak trunk inclination, `markerless-smoothing`
/// moving median); spine points, the lumbar flexion from neutral held for `min-duration`. The
/// verdict is lost when value − U ≥ threshold, held when value + U < threshold, and otherwise
/// can't tell (within uncertainty). A rep whose own frames are not side-on, too small, without
/// an outline or with too few measured frames is can't tell with that reason. The value shown
/// for a rep everywhere is this deciding value. Severity of a lost rep = sin(trunk
/// inclination) × (0.5 + 0.5 × min(1, (value − threshold) / 15°)): shear from the trunk's
/// weight grows with the sine of its angle; the flexion factor is 0.5 at the threshold and 1 at
/// 15° beyond it.
public struct ShearGuardAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    /// Median window on the spine-point measure, seconds: 3 frames at 30 fps. Markers are steady,
    /// so it only removes single-frame detection jumps (markerless uses `markerless-smoothing`).
    public static let spinePointsSmoothingS = 0.1

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
                PluginParameter("markerless-threshold", default: "3.5", unit: "deg",
                                summary: "Markerless: hinged-position lower-back angle that counts as rounded (0 = the outline from hip level to mid-trunk parallel to the hip–shoulder axis; + bows away = rounded).",
                                source: "chosen on the real side-view clips: 14 lifters, the middle of the cheapest range +3.25…+3.75° (10 per wrong verdict + 1 per can't tell); leave-one-lifter-out folds chose +3.1…+4.25° and scored 0 wrong verdicts, 11 % can't tell (Benchmarks/validation/realclips.py --lolo, docs/measurements.md, re-run 2026-12-07). A flat neutral back reads about 0°, so the geometric zero flagged flat backs", range: -45...45),
                PluginParameter("markerless-smoothing", default: "0.3", unit: "s",
                                summary: "Markerless: moving-median window on the contour angle.",
                                source: "longer than mask-hole spikes (1–3 frames on real clips), shorter than a rep's bottom", range: 0...10),
                PluginParameter("markerless-statistic", default: "adaptive",
                                summary: "Markerless deciding value: median (over the judged frames), sustained (the largest value held for min-duration, ± the spread over those frames) or adaptive (the median, but sustained for a rep whose frames' spread is 4° or more).",
                                source: "leave-one-lifter-out on the real clips (docs/measurements.md): median and adaptive 0 wrong verdicts, 9–11 % can't tell (no real side-view rep it judges is unsteady); sustained 7 wrong. Adaptive also catches a rounding that lasts only part of the bottom (the generated sudden clip)", choices: MarkerlessStatistic.allCases.map(\.rawValue)),
                PluginParameter("markerless-window", default: "10", unit: "deg",
                                summary: "Markerless: judge frames within this many degrees of the rep's peak trunk inclination (at least markerless-smoothing long, around the deepest frame).",
                                source: "docs/method.md, Rules: measure near the bottom, where the load is", range: 0...90),
                PluginParameter("min-duration", default: "0.2", unit: "s",
                                summary: "Posture lost for at least this long to flag ('longer than a moment').",
                                source: "project convention: 6 frames at 30 fps, longer than mask/landmark glitches", range: 0...60),
                PluginParameter("exit-hysteresis", default: "3", unit: "deg",
                                summary: "A flag ends when flexion drops this far below the threshold.",
                                source: "about the 1.3–1.8° RMSE of wearable lumbar sensors (Mjøsund 2017), doubled", range: 0...45),
                PluginParameter("min-confidence", default: "0.5", unit: "fraction",
                                summary: "Frames under this confidence are unknown, never flagged.", source: "project convention", range: 0...1),
                PluginParameter("view-share", default: "0.5", unit: "fraction",
                                summary: "A rep whose frames are not side-on in more than this share is can't tell (view), never held or lost.",
                                source: "a majority of the rep's own frames; side-on per frame: horizontal shoulder separation / trunk length ≤ 0.30 (real clips: ≤ 0.16 side-on, ≥ 0.49 at 45°; KinematicsCalculator.Settings)", range: 0...1),
                PluginParameter("min-judged-frames", default: "3", unit: "frames",
                                summary: "Fewest measured frames in the judged window for a verdict (a spread needs several).",
                                source: "project convention: an interquartile range needs at least 3 values", range: 1...1000),
            ],
            needs: [.kinematics, .reps, .reference, .repLumbar], emits: [.events, .repVerdicts])
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
                          viewShare: try settings.number("view-share"),
                          markerlessStatistic: MarkerlessStatistic(rawValue: settings.text("markerless-statistic") ?? "") ?? .adaptive,
                          minJudgedFrames: Int(clampingRounded: try settings.number("min-judged-frames")),
                          flexionThresholdSet: settings.overrides["flexion-threshold"] != nil,
                          markerlessThresholdSet: settings.overrides["markerless-threshold"] != nil,
                          profile: context.profile)
    }
}

/// How the markerless deciding value summarises a rep's judged frames (`markerless-statistic`).
enum MarkerlessStatistic: String, CaseIterable, Sendable {
    /// The median of the smoothed angle.
    case median
    /// The largest value held for min-duration.
    case sustained
    /// The median, or the sustained value for an unsteady rep (`RepJudge.unsteadySpreadDeg`).
    case adaptive
}
