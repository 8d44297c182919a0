import PoseCore

/// Neutral lumbar curve and maximal flexion for an athlete profile (`hingecheck calibrate`),
/// from spine points only: the markerless silhouette has no usable standing neutral
/// (docs/method.md, "The dorsal contour (markerless)").
public enum NeutralCalibration {
    public struct Standing: Sendable, Hashable {
        /// Median lumbar angle over quiet standing, degrees (+ = lordosis).
        public var neutralLumbarDeg: Double
        public var frameCount: Int
        public var durationS: Double
    }

    /// Neutral from frames with spine points, trunk within `maxInclinationDeg` of vertical and
    /// confidence ≥ `minConfidence`, spanning at least `minDurationS`.
    /// - Throws: `.badInput` when there is no such quiet standing.
    public static func standing(_ samples: [KinematicSample], maxInclinationDeg: Double = 10, minDurationS: Double = 1,
                                minConfidence: Double = 0.5, path: String) throws -> Standing {
        let quiet = samples.filter {
            $0.lumbarMethod == .spinePoints && $0.confidence >= minConfidence &&
                ($0.trunkInclinationDeg.map { abs($0) <= maxInclinationDeg } ?? false)
        }
        guard let first = quiet.first, let last = quiet.last, last.time - first.time >= minDurationS,
              let neutral = SignalTools.median(of: quiet.compactMap(\.lumbarAngleDeg)) else {
            throw HingeCheckError(.badInput, "no quiet standing with spine points found (need ≥ \(minDurationS) s with the trunk within \(maxInclinationDeg)° of vertical)",
                                  path: path, hint: "film the lifter standing still and upright for 2 s with the spine markers visible")
        }
        return Standing(neutralLumbarDeg: neutral, frameCount: quiet.count, durationS: last.time - first.time)
    }

    /// Maximal flexion from neutral (degrees) over a maximal-bend clip.
    /// - Throws: `.badInput` when the clip has no spine points.
    public static func maximalFlexion(_ samples: [KinematicSample], neutralLumbarDeg: Double, minConfidence: Double = 0.5, path: String) throws -> Double {
        guard let minimum = samples.filter({ $0.lumbarMethod == .spinePoints && $0.confidence >= minConfidence })
            .compactMap(\.lumbarAngleDeg).min() else {
            throw HingeCheckError(.badInput, "no spine points found", path: path, hint: "check the spine markers are visible through the bend")
        }
        return neutralLumbarDeg - minimum
    }
}
