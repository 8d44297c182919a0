import Analyzers
import Foundation
import PoseCore

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
    /// shear-guard's median window on the markerless measure, seconds.
    public let markerlessSmoothingS: Double

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
        markerlessSmoothingS = try shear.number("markerless-smoothing")
    }

    /// The median window shear-guard smooths this kind of measure with, seconds.
    public func smoothingS(for method: LumbarMethod?) -> Double {
        method == .dorsalContour ? markerlessSmoothingS : ShearGuardAnalyzer.spinePointsSmoothingS
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
        var lost = false, ongoing = false
        // From the newest back: a flagged moment lies inside its rep and reps follow one another,
        // so once one ended before both instants no earlier one can reach them (a long set's old
        // events are not read on every frame).
        let events = analysis.result.events
        let oldestS = min(sample.time, analysis.analysedUntilS - tolerance) - 1e-6
        var i = events.count - 1
        while i >= 0, events[i].endS >= oldestS, !(lost && ongoing) {
            if events[i].code == PostureEvent.postureLost {
                if sample.time >= events[i].startS - 1e-6 && sample.time <= events[i].endS + 1e-6 { lost = true }
                if events[i].endS >= analysis.analysedUntilS - tolerance && sample.time >= events[i].startS { ongoing = true }
            }
            i -= 1
        }
        if lost { return .confirmed }
        if ongoing, sample.time > analysis.analysedUntilS, loaded, let measure, measure >= threshold - exitHysteresisDeg {
            return .confirmed
        }
        if loaded, let measure, measure >= threshold { return .provisional }
        return .none
    }
}
