import Foundation
import PoseCore

/// Angles of the dorsal contour (DESIGN.md section 6, "What a study of the dorsal contour on
/// the real clips showed").
///
/// The verdict rests on `lowerBackAngleDeg`; the study's lumbar two-tangent angle is reported
/// beside it. Why: on the real clips the two-tangent angle of neutral and rounded reps overlapped
/// (neutral up to +6.8°, rounded from −0.5°: clothing and soft tissue bend the outline within the
/// lumbar window), while the lower back's line against the trunk axis kept them apart (neutral
/// −7.9…−1.6°, rounded +3.4…+14.7°; docs/measurements.md).
public enum ContourAngles {
    /// Trunk-length fractions of the lower-back window: from hip level (the buttocks over the
    /// sacrum) to mid-trunk (the upper lumbar spine).
    public static let lowerBack = 0.0...0.5
    /// Trunk-length fractions of the lower and upper lumbar tangent windows.
    public static let lumbarLower = 0.20...0.40
    public static let lumbarUpper = 0.40...0.60
    /// Upper (thoracic) window, a secondary cue only: a normal thoracic curve and trapezius
    /// bulk fool it.
    public static let thoracic = 0.60...0.85

    /// The lower-back angle in degrees: the line fitted to the back's outline from hip level to
    /// mid-trunk (`lowerBack`), against the trunk axis (hip-joint midpoint → shoulder-joint
    /// midpoint). Negative = the outline converges toward the axis going up, as it does over a
    /// lordotic lumbar spine below a buttock (neutral); 0 = parallel; positive = it bows away
    /// from the axis (pelvis tucked under, lumbar spine pushed back: flexed). nil when the window
    /// has fewer than 4 valid rays.
    public static func lowerBackAngleDeg(_ contour: DorsalContour) -> Double? {
        let smoothed = medianOf3(contour.depths)
        return slope(smoothed, contour, lowerBack).map { atan($0) * SagittalGeometry.degrees }
    }

    /// The lumbar two-tangent angle in degrees: straight-line fits of depth against position
    /// over 0.20–0.40 and 0.40–0.60 of trunk length, angle between them. Positive = flexed
    /// (the back surface is convex there), negative = lordotic. nil when a window has fewer than
    /// 4 valid rays.
    public static func lumbarTwoTangentDeg(_ contour: DorsalContour) -> Double? {
        let smoothed = medianOf3(contour.depths)
        guard let s1 = slope(smoothed, contour, lumbarLower), let s2 = slope(smoothed, contour, lumbarUpper) else { return nil }
        return (atan(s1) - atan(s2)) * SagittalGeometry.degrees
    }

    /// The same two-tangent angle between the upper lumbar and the thoracic window
    /// (positive = rounded upper back). Secondary cue.
    public static func thoracicTwoTangentDeg(_ contour: DorsalContour) -> Double? {
        let smoothed = medianOf3(contour.depths)
        guard let s1 = slope(smoothed, contour, lumbarUpper), let s2 = slope(smoothed, contour, thoracic) else { return nil }
        return (atan(s1) - atan(s2)) * SagittalGeometry.degrees
    }

    /// Least-squares slope of depth (px) against position along the trunk (px) in a window.
    static func slope(_ depths: [Double?], _ c: DorsalContour, _ window: ClosedRange<Double>) -> Double? {
        let length = c.hip.distance(to: c.shoulder)
        var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
        for (i, d) in depths.enumerated() {
            let t = c.fraction(at: i)
            guard window.contains(t), let d else { continue }
            let x = t * length
            n += 1; sx += x; sy += d; sxx += x * x; sxy += x * d
        }
        guard n >= 4 else { return nil }
        let den = n * sxx - sx * sx
        guard den > 1e-9 else { return nil }
        return (n * sxy - sx * sy) / den
    }

    /// Median of each value and its two neighbours (nil-aware): removes single-ray spikes.
    static func medianOf3(_ v: [Double?]) -> [Double?] {
        guard v.count >= 3 else { return v }
        var out = v
        for i in 1..<(v.count - 1) {
            let window = [v[i - 1], v[i], v[i + 1]].compactMap { $0 }
            guard v[i] != nil, window.count >= 2 else { continue }
            let sorted = window.sorted()
            out[i] = sorted.count == 3 ? sorted[1] : (sorted[0] + sorted[1]) / 2
        }
        return out
    }
}
