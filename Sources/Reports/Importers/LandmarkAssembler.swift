import Foundation
import PoseCore

/// Builds `blazepose-33` landmark arrays from the points an importer found.
///
/// Points a format does not carry, or marks missing, get `visibility` and `presence` 0 at (0, 0).
/// When one side of a left/right pair is missing and the other present (the far side of a
/// side-on lifter is often occluded in OpenPose and CSV exports), the missing point takes the
/// present one's position with visibility 0 (`mirrorMissingSides`): the trunk midpoints then
/// follow the visible side instead of being pulled toward (0, 0), and the point still counts
/// as unseen.
struct LandmarkAssembler {
    var mirrorMissingSides = true

    static let pairs: [(BodyLandmark, BodyLandmark)] = [
        (.leftEye, .rightEye), (.leftEyeInner, .rightEyeInner), (.leftEyeOuter, .rightEyeOuter),
        (.leftEar, .rightEar), (.mouthLeft, .mouthRight), (.leftShoulder, .rightShoulder),
        (.leftElbow, .rightElbow), (.leftWrist, .rightWrist), (.leftPinky, .rightPinky),
        (.leftIndex, .rightIndex), (.leftThumb, .rightThumb), (.leftHip, .rightHip),
        (.leftKnee, .rightKnee), (.leftAnkle, .rightAnkle), (.leftHeel, .rightHeel),
        (.leftFootIndex, .rightFootIndex),
    ]

    /// - Returns: 33 landmarks, or `[]` when no point is present (no person in the frame).
    func landmarks(_ points: [BodyLandmark: Landmark]) -> [Landmark] {
        guard !points.isEmpty else { return [] }
        let missing = Landmark(x: 0, y: 0, z: 0, visibility: 0, presence: 0)
        var out = Array(repeating: missing, count: BodyLandmark.allCases.count)
        for (body, landmark) in points { out[body.rawValue] = landmark }
        if mirrorMissingSides {
            for (l, r) in Self.pairs {
                switch (points[l], points[r]) {
                case (let a?, nil): out[r.rawValue] = Landmark(x: a.x, y: a.y, z: a.z, visibility: 0, presence: 0)
                case (nil, let b?): out[l.rawValue] = Landmark(x: b.x, y: b.y, z: b.z, visibility: 0, presence: 0)
                default: break
                }
            }
        }
        return out
    }
}
