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

    /// Neutral over the frames of `samples` that meet the quiet-standing `rule`.
    /// - Throws: `.badInput` when there is no such quiet standing.
    public static func standing(_ samples: [KinematicSample], rule: QuietStanding, path: String) throws -> Standing {
        let quiet = samples.filter(rule.isQuiet)
        guard let standing = rule.neutral(of: quiet) else {
            throw HingeCheckError(.badInput, "no quiet standing with spine points found (need ≥ \(rule.minDurationS) s with the trunk within \(rule.maxInclinationDeg)° of vertical)",
                                  path: path, hint: "film the lifter standing still and upright for 2 s with the spine markers visible")
        }
        return Standing(neutralLumbarDeg: standing.neutralLumbarDeg, frameCount: quiet.count, durationS: standing.durationS)
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
