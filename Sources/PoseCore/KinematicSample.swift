/// Which way the lifter faces in the image. Analyses are expressed as if facing +x (right).
public enum Facing: String, Sendable, Codable, Hashable {
    case left, right
}

/// Where a lumbar angle came from.
public enum LumbarMethod: String, Sendable, Codable, Hashable {
    /// From spine points (markers or spine keypoints): T12→L3 against L3→S1.
    case spinePoints = "spine-points"
    /// From the dorsal silhouette edge (markerless lower-back angle, `ContourAngles`).
    case dorsalContour = "dorsal-contour"
}

/// Per-frame kinematics shared by every analyzer (docs/method.md, "Coordinate conventions").
///
/// Angles are in degrees. Trunk inclination: hip-midpoint→shoulder-midpoint from vertical,
/// 0 upright, positive leaning forward. Hip flexion: 0 standing straight, positive as the trunk
/// folds toward the thigh. Lumbar angle: for spine points positive = lordosis, negative =
/// kyphosis; for the dorsal contour the lower-back angle (the outline from hip level to
/// mid-trunk against the trunk axis), positive = flexed (see `lumbarMethod`). nil means unknown
/// in this frame.
public struct KinematicSample: Sendable, Hashable, Codable {
    public var index: Int
    public var time: Double
    public var facing: Facing?
    public var trunkInclinationDeg: Double?
    public var hipFlexionDeg: Double?
    public var kneeFlexionDeg: Double?
    public var lumbarAngleDeg: Double?
    public var lumbarMethod: LumbarMethod?
    /// Markerless only: the lumbar two-tangent angle of the outline (0.2–0.4 against 0.4–0.6 of
    /// trunk length, positive = flexed), reported beside the lower-back angle; not a verdict input.
    public var lumbarTwoTangentDeg: Double?
    /// Markerless only: how far the lower-back angle moves when the hip landmark lands 5% of the
    /// trunk length higher or lower (half the range of the angle over the windows 0–0.5, 0.05–0.5
    /// and 0–0.45 of trunk length), degrees. One term of the verdict's uncertainty.
    public var lumbarHipSensitivityDeg: Double?
    /// Thoracic curve (C7/T8/T12 from spine points, or the upper dorsal contour), positive = kyphotic.
    public var thoracicAngleDeg: Double?
    /// Trunk length in pixels (hip midpoint to shoulder midpoint).
    public var trunkLengthPx: Double?
    /// Confidence in [0, 1] that this frame's measurements are usable.
    public var confidence: Double
    /// Why confidence is low in this frame (warning codes), empty when all is well.
    public var issues: [String]

    public init(index: Int, time: Double, facing: Facing? = nil, trunkInclinationDeg: Double? = nil,
                hipFlexionDeg: Double? = nil, kneeFlexionDeg: Double? = nil, lumbarAngleDeg: Double? = nil,
                lumbarMethod: LumbarMethod? = nil, thoracicAngleDeg: Double? = nil, trunkLengthPx: Double? = nil,
                confidence: Double = 0, issues: [String] = []) {
        self.index = index
        self.time = time
        self.facing = facing
        self.trunkInclinationDeg = trunkInclinationDeg
        self.hipFlexionDeg = hipFlexionDeg
        self.kneeFlexionDeg = kneeFlexionDeg
        self.lumbarAngleDeg = lumbarAngleDeg
        self.lumbarMethod = lumbarMethod
        self.thoracicAngleDeg = thoracicAngleDeg
        self.trunkLengthPx = trunkLengthPx
        self.confidence = confidence
        self.issues = issues
    }
}
