import Foundation
import PoseCore

/// Names other tools give body points, mapped to BlazePose's 33 (MediaPipe snake_case names
/// are always accepted; these aliases cover OpenPose / Pose2Sim / Sports2D marker names).
enum BodyPointNames {
    static let aliases: [String: BodyLandmark] = [
        "nose": .nose, "leye": .leftEye, "reye": .rightEye, "lear": .leftEar, "rear": .rightEar,
        "lshoulder": .leftShoulder, "rshoulder": .rightShoulder, "lelbow": .leftElbow, "relbow": .rightElbow,
        "lwrist": .leftWrist, "rwrist": .rightWrist, "lhip": .leftHip, "rhip": .rightHip,
        "lknee": .leftKnee, "rknee": .rightKnee, "lankle": .leftAnkle, "rankle": .rightAnkle,
        "lheel": .leftHeel, "rheel": .rightHeel, "lbigtoe": .leftFootIndex, "rbigtoe": .rightFootIndex,
        "lpinky": .leftPinky, "rpinky": .rightPinky, "lindex": .leftIndex, "rindex": .rightIndex,
        "lthumb": .leftThumb, "rthumb": .rightThumb, "leyeinner": .leftEyeInner, "reyeinner": .rightEyeInner,
        "leyeouter": .leftEyeOuter, "reyeouter": .rightEyeOuter, "lmouth": .mouthLeft, "rmouth": .mouthRight,
    ]

    /// The body point a marker or keypoint name stands for.
    static func body(_ name: String) -> BodyLandmark? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let b = BodyLandmark(name: trimmed.lowercased()) { return b }
        return aliases[trimmed.lowercased().replacingOccurrences(of: "_", with: "")]
    }

    /// The spine site a name stands for: "C7", "T3", "T8", "T12", "L1", "L3", "L5", "S1", and
    /// "T12/L1" (SpinePose's thoracolumbar junction, read as T12), any case.
    static func spine(_ name: String) -> SpineSite? {
        let t = name.trimmingCharacters(in: .whitespaces).uppercased()
        if t == "T12/L1" || t == "T12-L1" || t == "TL" { return .t12 }
        return SpineSite(rawValue: t)
    }
}
