/// The 33 body landmarks of BlazePose / MediaPipe Pose, in the networks' output order.
/// `rawValue` is the index into `PoseFrame.landmarks` for the `blazepose-33` skeleton.
public enum BodyLandmark: Int, CaseIterable, Sendable, Codable {
    case nose, leftEyeInner, leftEye, leftEyeOuter, rightEyeInner, rightEye, rightEyeOuter
    case leftEar, rightEar, mouthLeft, mouthRight
    case leftShoulder, rightShoulder, leftElbow, rightElbow, leftWrist, rightWrist
    case leftPinky, rightPinky, leftIndex, rightIndex, leftThumb, rightThumb
    case leftHip, rightHip, leftKnee, rightKnee, leftAnkle, rightAnkle
    case leftHeel, rightHeel, leftFootIndex, rightFootIndex

    /// MediaPipe's snake_case name, used in every file HingeCheck writes or imports.
    public var name: String { Self.names[rawValue] }

    /// Looks up a landmark by its MediaPipe snake_case name.
    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: index)
    }

    static let names = [
        "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
        "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right", "left_shoulder",
        "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_pinky",
        "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb", "left_hip",
        "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle", "left_heel",
        "right_heel", "left_foot_index", "right_foot_index",
    ]

    /// Bones to draw for an overlay (pairs of landmarks).
    public static let bones: [(BodyLandmark, BodyLandmark)] = [
        (.leftShoulder, .rightShoulder), (.leftHip, .rightHip),
        (.leftShoulder, .leftHip), (.rightShoulder, .rightHip),
        (.leftShoulder, .leftElbow), (.leftElbow, .leftWrist),
        (.rightShoulder, .rightElbow), (.rightElbow, .rightWrist),
        (.leftHip, .leftKnee), (.leftKnee, .leftAnkle), (.leftAnkle, .leftHeel), (.leftHeel, .leftFootIndex),
        (.rightHip, .rightKnee), (.rightKnee, .rightAnkle), (.rightAnkle, .rightHeel), (.rightHeel, .rightFootIndex),
        (.leftEar, .leftEye), (.rightEar, .rightEye), (.nose, .leftEye), (.nose, .rightEye),
    ]
}

/// Points on the spine (spinous processes) that markers or spine-keypoint models provide.
public enum SpineSite: String, CaseIterable, Sendable, Codable, Comparable {
    case c7 = "C7", t3 = "T3", t8 = "T8", t12 = "T12", l1 = "L1", l3 = "L3", l5 = "L5", s1 = "S1"

    /// Cranial-to-caudal order.
    public var order: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: SpineSite, b: SpineSite) -> Bool { a.order < b.order }
}

/// One measured point on the spine, in image pixels.
public struct SpinePoint: Hashable, Sendable, Codable {
    public var site: SpineSite
    public var x: Double
    public var y: Double
    /// Confidence in [0, 1] (1 for a clearly detected marker).
    public var confidence: Double
    /// True when the point was bridged over a short gap rather than measured in this frame.
    public var interpolated: Bool

    public init(site: SpineSite, x: Double, y: Double, confidence: Double = 1, interpolated: Bool = false) {
        self.site = site
        self.x = x
        self.y = y
        self.confidence = confidence
        self.interpolated = interpolated
    }

    public var point: Point2 { Point2(x, y) }

    private enum CodingKeys: String, CodingKey {
        case site, x, y
        case confidence = "c"
        case interpolated = "interp"
    }
}
