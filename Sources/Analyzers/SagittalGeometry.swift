import Foundation
import PoseCore

/// Angles in the sagittal plane, in degrees, for points already expressed as if the lifter
/// faces +x (image y still points down).
enum SagittalGeometry {
    static let degrees = 180.0 / Double.pi

    /// Mirrors x so the lifter faces +x.
    @inline(__always) static func normalised(_ p: Point2, facing: Facing) -> Point2 {
        facing == .right ? p : Point2(-p.x, p.y)
    }

    /// Angle of `from → to` from vertical-up, positive leaning toward +x. Degrees.
    @inline(__always) static func inclinationFromVertical(from: Point2, to: Point2) -> Double {
        let v = to - from
        return atan2(v.x, -v.y) * degrees
    }

    /// Unsigned angle between two vectors, degrees in [0, 180].
    @inline(__always) static func angleBetween(_ a: Point2, _ b: Point2) -> Double {
        atan2(abs(a.cross(b)), a.dot(b)) * degrees
    }

    /// Signed bend at `b` of the chain a → b → c (degrees): positive when `b` lies toward +x
    /// (anterior, for a lifter facing +x) of the line a–c on a chain running head to tail, i.e. a
    /// lordotic curve for T12 → L3 → S1; negative for a kyphotic one.
    @inline(__always) static func signedBend(_ a: Point2, _ b: Point2, _ c: Point2) -> Double {
        let d1 = b - a, d2 = c - b
        return atan2(d1.cross(d2), d1.dot(d2)) * degrees
    }
}
