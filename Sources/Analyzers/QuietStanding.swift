import PoseCore

/// The quiet-standing rule that gives a spine-point neutral (docs/method.md, "Rules"): frames
/// with spine points, confidence ≥ `minConfidence` and the trunk within `maxInclinationDeg` of
/// vertical, spanning at least `minDurationS`; the neutral is their median lumbar angle.
///
/// One rule for the three places that take a standing neutral: the `lumbar-curve` analyser
/// (before the first rep), `hingecheck calibrate` (`NeutralCalibration`) and the live start-up
/// step (`LiveCalibration`). Its thresholds are `lumbar-curve`'s parameters.
public struct QuietStanding: Sendable, Hashable {
    /// Degrees from vertical.
    public var maxInclinationDeg: Double
    /// Seconds.
    public var minDurationS: Double
    /// 0...1.
    public var minConfidence: Double

    public init(maxInclinationDeg: Double, minDurationS: Double, minConfidence: Double) {
        self.maxInclinationDeg = maxInclinationDeg
        self.minDurationS = minDurationS
        self.minConfidence = minConfidence
    }

    /// The rule with `lumbar-curve`'s settings (`quiet-standing-max-incl`, `quiet-standing-min`,
    /// `min-confidence`).
    /// - Throws: `.invalidArgument` for a value out of its range.
    public init(lumbarCurve settings: PluginSettings) throws {
        self.init(maxInclinationDeg: try settings.number("quiet-standing-max-incl"),
                  minDurationS: try settings.number("quiet-standing-min"), minConfidence: try settings.number("min-confidence"))
    }

    /// Upright and confident (any kind of lumbar measure): what the live step asks of a
    /// markerless lifter too.
    public func isUpright(_ sample: KinematicSample) -> Bool {
        sample.confidence >= minConfidence && (sample.trunkInclinationDeg.map { abs($0) <= maxInclinationDeg } ?? false)
    }

    /// Upright, confident and measured with spine points: a frame the neutral is taken over.
    public func isQuiet(_ sample: KinematicSample) -> Bool {
        sample.lumbarMethod == .spinePoints && isUpright(sample)
    }

    /// The neutral of a run of quiet frames (in time order): their median lumbar angle, degrees
    /// (+ = lordosis), and the seconds they span; nil when they span less than `minDurationS`
    /// or carry no lumbar angle.
    public func neutral(of quiet: [KinematicSample]) -> (neutralLumbarDeg: Double, durationS: Double)? {
        guard let first = quiet.first, let last = quiet.last, last.time - first.time >= minDurationS,
              let neutral = SignalTools.median(of: quiet.compactMap(\.lumbarAngleDeg)) else { return nil }
        return (neutral, last.time - first.time)
    }
}
