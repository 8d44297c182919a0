/// Finds the dorsal (back) edge of the silhouette between hip and shoulder levels from a
/// segmentation mask (docs/method.md, "The dorsal contour (markerless)").
///
/// Method (from the project's study of real clips): trunk axis hip midpoint → shoulder
/// midpoint; `rayCount` rays perpendicular to it pointing to the lifter's back; on each, the
/// first point where the mask falls below 0.5 and stays below for a run of at least
/// `holeRunFraction` of trunk length. Shorter dips are holes in the mask (bare skin, shadows)
/// and are stepped over, i.e. filled. Rays that start outside the mask, or whose edge lies
/// beyond `maxDepthFraction` of the trunk length, are rejected (nil).
public struct DorsalContourExtractor: Sendable {
    /// Number of rays from t = 0 (hip) to t = 1 (shoulder).
    public var rayCount = 41
    /// Minimum outside run, as a fraction of trunk length, for an edge to count (hole filling).
    public var holeRunFraction = 0.06
    /// Farthest plausible edge, as a fraction of trunk length.
    public var maxDepthFraction = 0.6
    /// Shortest trunk (pixels) worth measuring: below it a lumbar bulge is under a pixel.
    public var minTrunkLengthPx = 40.0

    public init() {}

    /// Extracts the contour, or nil when the frame has no usable landmarks or facing.
    /// Complexity: O(rayCount × trunk length in pixels).
    public static func extract(mask: SegmentationMask, frame: PoseFrame) -> DorsalContour? {
        DorsalContourExtractor().extract(mask: mask, frame: frame)
    }

    public func extract(mask: SegmentationMask, frame: PoseFrame) -> DorsalContour? {
        guard let ls = frame[.leftShoulder], let rs = frame[.rightShoulder],
              let lh = frame[.leftHip], let rh = frame[.rightHip],
              let facing = FacingDetector.facing(of: frame) else { return nil }
        let hip = Point2.midpoint(lh.point, rh.point)
        let shoulder = Point2.midpoint(ls.point, rs.point)
        let axis = shoulder - hip
        let length = axis.length
        guard length >= minTrunkLengthPx else { return nil }
        let u = axis / length
        let n = DorsalContour.dorsalNormal(axisUnit: u, facing: facing)
        let step = 0.5
        // A ray that starts inside the mask leaves its rectangle within `span` steps and never comes
        // back (the rectangle is convex), so longer walks change nothing. The cap matters for
        // hostile landmarks (±1e308 px from a file): the trunk length is then infinite, and
        // `k + runSteps` below would overflow.
        let span = Int(clampingRounded: Double(mask.width + mask.height) * mask.scale / step, .up) + 1
        let maxSteps = min(span, Int(clampingRounded: maxDepthFraction * length / step, .towardZero))
        let runSteps = min(span, max(2, Int(clampingRounded: holeRunFraction * length / step, .towardZero)))
        var depths: [Double?] = []
        depths.reserveCapacity(rayCount)
        for i in 0..<rayCount {
            let t = Double(i) / Double(rayCount - 1)
            let origin = hip + u * (t * length)
            depths.append(edgeDepth(mask: mask, origin: origin, normal: n, step: step,
                                    maxSteps: maxSteps, runSteps: runSteps))
        }
        return DorsalContour(hip: hip, shoulder: shoulder, depths: depths)
    }

    /// Distance along `normal` to the first mask edge followed by a long enough outside run.
    func edgeDepth(mask: SegmentationMask, origin: Point2, normal: Point2, step: Double,
                   maxSteps: Int, runSteps: Int) -> Double? {
        var previous = mask.probability(at: origin)
        guard previous >= 0.5 else { return nil }
        var k = 1
        while k <= maxSteps {
            let p = mask.probability(at: origin + normal * (Double(k) * step))
            if p < 0.5 {
                // Sub-pixel crossing between k-1 and k (linear in probability).
                let frac = (previous - 0.5) / max(previous - p, 1e-9)
                let crossing = (Double(k - 1) + frac) * step
                // Does it stay outside long enough? Otherwise it is a hole: step over it.
                var outside = true
                var j = k + 1
                while j <= k + runSteps {
                    if mask.probability(at: origin + normal * (Double(j) * step)) >= 0.5 {
                        outside = false
                        break
                    }
                    j += 1
                }
                if outside { return crossing }
                k = j
                previous = mask.probability(at: origin + normal * (Double(k) * step))
            } else {
                previous = p
            }
            k += 1
        }
        return nil
    }
}
