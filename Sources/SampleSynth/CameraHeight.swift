import Foundation

/// How high the camera stands, rendered as the pitch of the (orthographic) view: a camera above
/// hip height looks down at the lifter, one below looks up.
///
/// Each pitch is the angle from a camera 3 m from the lifter, at the named height, aimed at the
/// hips (0.95 m above the floor): pitch = atan((height − 0.95 m) / 3 m), rounded to 0.1°. The
/// generator's camera is orthographic, so only that angle (not the height itself) changes the
/// image: vertical extents shrink by cos(pitch) and a point nearer the camera by d metres moves
/// down the image by d·sin(pitch) (up when the pitch is negative). The ground truth's angles are
/// the true sagittal ones whatever the pitch; its landmark and spine-point pixels are where the
/// pitched camera sees them.
public enum CameraHeight: String, Sendable, Codable, Hashable, CaseIterable {
    /// 0.5 m, e.g. a phone leaning on a plate: pitch −8.5° (looks up).
    case knee
    /// 0.95 m, level with the hips: pitch 0°, the documented filming advice and the default.
    case hip
    /// 1.35 m, a tripod at chest height: pitch +7.6° (looks down).
    case chest
    /// 1.75 m, a phone on a shelf or held at eye level: pitch +14.9°.
    case head

    /// Camera height above the floor, metres.
    public var heightM: Double {
        switch self {
        case .knee: 0.5
        case .hip: 0.95
        case .chest: 1.35
        case .head: 1.75
        }
    }

    /// Pitch of the view in degrees, positive looking down (see the type's documentation).
    public var pitchDeg: Double {
        switch self {
        case .knee: -8.5
        case .hip: 0
        case .chest: 7.6
        case .head: 14.9
        }
    }
}
