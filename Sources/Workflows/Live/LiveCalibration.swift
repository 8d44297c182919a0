import Analyzers
import Foundation
import PoseCore

/// The start-up step of a live session: "stand tall, side-on, for two seconds".
///
/// With spine points (markers) it calibrates the neutral lumbar curve: the median lumbar angle
/// over a run of quiet standing (trunk near vertical, confident spine points) lasting `holdS` —
/// the `lumbar-curve` analyzer's quiet-standing rule (`rule`). If the first rep starts before
/// that, a run of at least the rule's `minDurationS` still counts; otherwise the set runs
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
    /// The quiet-standing rule this step applies (`lumbar-curve`'s), its shortest run `minHoldS`.
    public let rule: QuietStanding
    public let repStartDeg: Double
    public private(set) var status: Status
    private var run: [KinematicSample] = []
    private var best: [KinematicSample] = []

    /// True for spine points (markers): calibrate the neutral; false: markerless.
    public let spinePoints: Bool

    /// A built-in analyser's default for `parameter` (its descriptor is where defaults are
    /// written); NaN, which no comparison passes, if it has no such number.
    public static func builtInDefault(_ plugin: some HingeCheckPlugin, _ parameter: String) -> Double {
        plugin.descriptor.defaultNumber(parameter) ?? .nan
    }

    /// - Parameters:
    ///   - spinePoints: true when the landmarks carry spine points (markers).
    ///   - profile: a profile with a neutral makes the step unnecessary.
    ///   The thresholds default to the analysers' own defaults, read from their descriptors
    ///   (`lumbar-curve`'s quiet-standing rule with its confidence, `reps`' enter inclination);
    ///   a live session passes the configured values.
    public init(spinePoints: Bool, holdS: Double = 2,
                minHoldS: Double = Self.builtInDefault(LumbarCurveAnalyzer(), "quiet-standing-min"),
                maxInclinationDeg: Double = Self.builtInDefault(LumbarCurveAnalyzer(), "quiet-standing-max-incl"),
                repStartDeg: Double = Self.builtInDefault(RepsAnalyzer(), "enter-deg"),
                minConfidence: Double = Self.builtInDefault(LumbarCurveAnalyzer(), "min-confidence"), profile: AthleteProfile?) {
        self.spinePoints = spinePoints
        self.holdS = holdS
        rule = QuietStanding(maxInclinationDeg: maxInclinationDeg, minDurationS: min(minHoldS, holdS), minConfidence: minConfidence)
        self.repStartDeg = repStartDeg
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
        // Markerless, upright and confident is enough: there is no neutral to measure.
        let standing = spinePoints ? rule.isQuiet(sample) && sample.lumbarAngleDeg != nil : rule.isUpright(sample)
        if standing {
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
            if best.count >= 2, best.last!.time - best.first!.time >= rule.minDurationS || !spinePoints {
                finish(best)
            } else if !spinePoints {
                finish([sample])
            } else {
                status = .done(neutralLumbarDeg: nil, note: Self.uncalibratedNote)
            }
        } else {
            status = .waiting(heldS: held)
        }
    }

    static let uncalibratedNote = "no quiet standing before the first rep: uncalibrated (neutral from the most upright frames); stand still for 2 s first, or use --profile"

    private mutating func keepBest() {
        let span = { (r: [KinematicSample]) in r.count >= 2 ? r.last!.time - r.first!.time : 0 }
        if span(run) > span(best) { best = run }
    }

    private mutating func finish(_ samples: [KinematicSample]) {
        if !spinePoints {
            status = .done(neutralLumbarDeg: nil,
                           note: "markerless: a standing silhouette is no usable neutral (docs/method.md); each rep is judged by its hinged-position lumbar angle against an absolute threshold")
        } else if let standing = rule.neutral(of: samples) {
            status = .done(neutralLumbarDeg: standing.neutralLumbarDeg,
                           note: String(format: "neutral lumbar curve %+.1f° from %.1f s of quiet standing", standing.neutralLumbarDeg, standing.durationS))
        } else {
            status = .done(neutralLumbarDeg: nil, note: Self.uncalibratedNote)
        }
        run.removeAll()
        best.removeAll()
    }
}
