import Foundation
import PoseCore

/// Orthographic camera of the generator: turns the lifter by `yaw` about the vertical axis,
/// tilts the view by `pitch` (looking down when positive), drops depth, scales metres to pixels
/// and mirrors for a lifter facing left.
///
/// Image space: pixels, origin top-left, y down. For `facing == .left` the image is the exact
/// mirror of the facing-right image about the central column (x ↦ width − 1 − x) and the
/// lifter's right side is the near one.
struct SynthCamera: Sendable {
    var width: Int
    var height: Int
    var pxPerM: Double
    /// Image x of body x = 0 (the ankle) for the facing-right image.
    var originX: Double
    /// Image y of the floor (body y = 0).
    var floorY: Double
    /// Turn towards the camera, radians.
    var yaw: Double
    var facing: Facing
    /// Tilt of the view, radians, positive looking down (`CameraHeight`): image "up" is
    /// y·cos(pitch) − d·sin(pitch) for a point d metres nearer the camera than the body's origin.
    var pitch: Double = 0

    /// Body z as seen by this camera: + is the near side.
    @inline(__always) func nearZ(_ z: Double) -> Double { facing == .right ? z : -z }

    /// Body frame (metres) → image pixels.
    func project(_ p: Vec3) -> Point2 {
        let z = nearZ(p.z)
        let xr = p.x * cos(yaw) - z * sin(yaw)
        let x = originX + xr * pxPerM
        // A level camera keeps the exact arithmetic of the clips made before the pitch existed.
        let up = pitch == 0 ? p.y : p.y * cos(pitch) - (p.x * sin(yaw) + z * cos(yaw)) * sin(pitch)
        return Point2(facing == .right ? x : Double(width - 1) - x, floorY - up * pxPerM)
    }

    @inline(__always) func project(_ p: Point2, z: Double) -> Point2 { project(Vec3(p.x, p.y, z)) }

    /// Distance towards the camera (larger = nearer), metres, along the (pitched) view axis.
    func depth(_ p: Vec3) -> Double {
        let level = p.x * sin(yaw) + nearZ(p.z) * cos(yaw)
        return pitch == 0 ? level : level * cos(pitch) + p.y * sin(pitch)
    }

    /// Foreshortening of lengths along the body's vertical axis (and of discs facing sideways).
    var verticalScale: Double { pitch == 0 ? 1 : cos(pitch) }

    /// Foreshortening of lengths along the body's x axis (and of discs facing sideways).
    var sagittalScale: Double { abs(cos(yaw)) }

    /// The body side (+1 = left, z > 0; −1 = right) nearest the camera.
    var nearSide: Double { facing == .right ? 1 : -1 }
}
