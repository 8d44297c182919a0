import Foundation
import PoseCore

/// Angles of the dorsal contour (docs/method.md, "The dorsal contour
/// (markerless)").
///
/// The verdict rests on `lowerBackAngleDeg`; the study's lumbar two-tangent angle is reported
/// beside it. Why: on the real clips the two-tangent angle of neutral and rounded reps overlapped
/// (neutral up to +6.8°, rounded from −0.5°: clothing and soft tissue bend the outline within the
/// lumbar window), while the lower back's line against the trunk axis kept them apart (neutral
/// reps −8.0…−1.3°, rounded +3.6…+14.7°; docs/measurements.md).
public enum ContourAngles {
    /// Trunk-length fractions of the lower-back window: from hip level (the buttocks over the
    /// sacrum) to mid-trunk (the upper lumbar spine).
    public static let lowerBack = 0.0...0.5
    /// The lower-back window as it would be if the hip landmark landed 5% of the trunk length
    /// higher (the window starts above the buttock) or lower (it ends 5% sooner). BlazePose's
    /// hip sits inside the pelvis, not on a bony landmark: on the real clips it moves a few
    /// percent of the trunk between neighbouring frames. The spread of the angle over these
    /// windows is the hip-placement term of the verdict's uncertainty (docs/method.md).
    public static let lowerBackHipShifted: [ClosedRange<Double>] = [0.05...0.5, 0.0...0.45]
    /// Trunk-length fractions of the lower and upper lumbar tangent windows.
    public static let lumbarLower = 0.20...0.40
    public static let lumbarUpper = 0.40...0.60
    /// Upper (thoracic) window, a secondary cue only: a normal thoracic curve and trapezius
    /// bulk fool it.
    public static let thoracic = 0.60...0.85

    /// All three angles of one contour, degrees (nil where a window has fewer than 4 valid rays).
    public struct Angles: Sendable, Hashable {
        public var lowerBackDeg: Double?
        /// Half the range of the lower-back angle over `lowerBack` and `lowerBackHipShifted`.
        public var lowerBackHipSensitivityDeg: Double?
        public var lumbarTwoTangentDeg: Double?
        public var thoracicTwoTangentDeg: Double?
    }

    /// The three angles from one smoothing pass (the per-frame path: the smoothed depths live in
    /// a temporary buffer, so a frame costs no heap allocation).
    public static func angles(_ contour: DorsalContour) -> Angles {
        let n = contour.depths.count
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: max(n, 1)) { buffer in
            WindowFit.smooth(contour.depths, into: buffer)
            let fit = WindowFit(smoothed: UnsafeBufferPointer(buffer), count: n,
                                length: contour.hip.distance(to: contour.shoulder))
            let upperLumbar = fit.slope(lumbarUpper).map(angleDeg)
            func between(_ lower: Double?, _ upper: Double?) -> Double? {
                guard let lower, let upper else { return nil }
                return lower - upper
            }
            let lowerBack = fit.slope(Self.lowerBack).map(angleDeg)
            let shifted = lowerBackHipShifted.compactMap { fit.slope($0).map(angleDeg) }
            let all = (lowerBack.map { [$0] } ?? []) + shifted
            let sensitivity = lowerBack == nil || all.count < 2 ? nil : (all.max()! - all.min()!) / 2
            return Angles(lowerBackDeg: lowerBack, lowerBackHipSensitivityDeg: sensitivity,
                          lumbarTwoTangentDeg: between(fit.slope(lumbarLower).map(angleDeg), upperLumbar),
                          thoracicTwoTangentDeg: between(upperLumbar, fit.slope(thoracic).map(angleDeg)))
        }
    }

    /// The lower-back angle in degrees: the line fitted to the back's outline from hip level to
    /// mid-trunk (`lowerBack`), against the trunk axis (hip-joint midpoint → shoulder-joint
    /// midpoint). Negative = the outline converges toward the axis going up, as it does over a
    /// lordotic lumbar spine below a buttock (neutral); 0 = parallel; positive = it bows away
    /// from the axis (pelvis tucked under, lumbar spine pushed back: flexed). nil when the window
    /// has fewer than 4 valid rays.
    public static func lowerBackAngleDeg(_ contour: DorsalContour) -> Double? {
        angles(contour).lowerBackDeg
    }

    /// The lumbar two-tangent angle in degrees: straight-line fits of depth against position
    /// over 0.20–0.40 and 0.40–0.60 of trunk length, angle between them. Positive = flexed
    /// (the back surface is convex there), negative = lordotic. nil when a window has fewer than
    /// 4 valid rays.
    public static func lumbarTwoTangentDeg(_ contour: DorsalContour) -> Double? {
        angles(contour).lumbarTwoTangentDeg
    }

    /// The same two-tangent angle between the upper lumbar and the thoracic window
    /// (positive = rounded upper back). Secondary cue.
    public static func thoracicTwoTangentDeg(_ contour: DorsalContour) -> Double? {
        angles(contour).thoracicTwoTangentDeg
    }

    static func angleDeg(_ slope: Double) -> Double { atan(slope) * SagittalGeometry.degrees }

    /// A contour's depths smoothed across rays (median of each value and its two neighbours,
    /// nil-aware: removes single-ray spikes; NaN marks a rejected ray), ready for least-squares
    /// fits over windows. Sample i lies at t = i / (count − 1), as in `DorsalContour`.
    struct WindowFit {
        let smoothed: UnsafeBufferPointer<Double>
        let count: Int
        let length: Double

        /// Least-squares slope of depth (px) against position along the trunk (px) in a window.
        func slope(_ window: ClosedRange<Double>) -> Double? {
            guard count > 0 else { return nil }
            var n = 0.0, sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0
            // Only the rays near the window (one either side for rounding); `contains` decides.
            let last = Double(count - 1)
            // The ±1 is done in Double: on a clamped Int.min or Int.max it would overflow.
            let first = max(0, Int(clampingRounded: window.lowerBound * last - 1, .down))
            let end = min(count - 1, Int(clampingRounded: window.upperBound * last + 1, .up))
            guard first <= end else { return nil }
            for i in first...end {
                // `DorsalContour.fraction(at:)` inline: calling it here costs 15% of the
                // markerless analyzer chain (AnalyzerChain benchmark).
                let t = count > 1 ? Double(i) / Double(count - 1) : 0
                let d = smoothed[i]
                guard window.contains(t), !d.isNaN else { continue }
                let x = t * length
                n += 1; sx += x; sy += d; sxx += x * x; sxy += x * d
            }
            guard n >= 4 else { return nil }
            let den = n * sxx - sx * sx
            guard den > 1e-9 else { return nil }
            return (n * sxy - sx * sy) / den
        }

        static func smooth(_ v: [Double?], into out: UnsafeMutableBufferPointer<Double>) {
            for i in v.indices {
                guard let b = v[i] else { out[i] = .nan; continue }
                let a = i > 0 ? v[i - 1] : nil, c = i + 1 < v.count ? v[i + 1] : nil
                guard i > 0 && i + 1 < v.count else { out[i] = b; continue }   // ends stay as they are
                switch (a, c) {
                case let (a?, c?): out[i] = max(min(a, b), min(max(a, b), c))   // median of three
                case let (a?, nil): out[i] = (a + b) / 2
                case let (nil, c?): out[i] = (b + c) / 2
                case (nil, nil): out[i] = b
                }
            }
        }
    }
}
