import Foundation
import PoseCore

/// The spine-curve angles HingeCheck measures from spine points (docs/method.md, "Rules"), as the
/// generator defines them for its ground truth.
///
/// Both angles are relative angles between two chords in the sagittal plane, measured in image
/// pixels (x right, y down) after mirroring the points so that the lifter faces +x:
///
/// - **Lumbar angle**: u = L3 − T12, v = S1 − L3; angle = atan2(u × v, u · v) in degrees, where
///   u × v = u.x·v.y − u.y·v.x. Positive = lordosis (L3 lies anterior of the T12–S1 chord),
///   negative = kyphosis. Standing lordosis in the presets is +20° (see `MotionScript`).
/// - **Thoracic angle**: u = T8 − C7, v = T12 − T8; angle = −atan2(u × v, u · v). Positive =
///   kyphosis (T8 lies posterior of the C7–T12 chord). Standing kyphosis in the presets is +25°.
///
/// Lumbar flexion = neutral − current lumbar angle (positive = rounding).
public enum SpineAngles {
    /// The lumbar angle from skin points over T12, L3 and S1, in degrees (positive = lordosis).
    /// - Parameters:
    ///   - t12, l3, s1: image pixels, y down.
    ///   - facing: which way the lifter faces in the image; `.left` mirrors x first.
    public static func lumbarAngleDeg(t12: Point2, l3: Point2, s1: Point2, facing: Facing) -> Double {
        let u = l3 - t12, v = s1 - l3
        let a = degrees(signedAngle(from: u, to: v))
        return facing == .right ? a : -a
    }

    /// The thoracic angle from skin points over C7, T8 and T12, in degrees (positive = kyphosis).
    /// Same conventions as `lumbarAngleDeg`.
    public static func thoracicAngleDeg(c7: Point2, t8: Point2, t12: Point2, facing: Facing) -> Double {
        let u = t8 - c7, v = t12 - t8
        let a = -degrees(signedAngle(from: u, to: v))
        return facing == .right ? a : -a
    }

    /// The lumbar angle from a frame's spine points, or nil when T12, L3 or S1 is missing.
    public static func lumbarAngleDeg(_ spine: [SpinePoint], facing: Facing) -> Double? {
        guard let t12 = spine.first(where: { $0.site == .t12 }), let l3 = spine.first(where: { $0.site == .l3 }),
              let s1 = spine.first(where: { $0.site == .s1 }) else { return nil }
        return lumbarAngleDeg(t12: t12.point, l3: l3.point, s1: s1.point, facing: facing)
    }

    /// The thoracic angle from a frame's spine points, or nil when C7, T8 or T12 is missing.
    public static func thoracicAngleDeg(_ spine: [SpinePoint], facing: Facing) -> Double? {
        guard let c7 = spine.first(where: { $0.site == .c7 }), let t8 = spine.first(where: { $0.site == .t8 }),
              let t12 = spine.first(where: { $0.site == .t12 }) else { return nil }
        return thoracicAngleDeg(c7: c7.point, t8: t8.point, t12: t12.point, facing: facing)
    }
}
