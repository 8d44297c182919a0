/// The posterior (dorsal) edge of the silhouette between hip and shoulder levels: the skin
/// surface over the spine seen from the side, sampled on rays perpendicular to the trunk axis
/// (docs/method.md, "The dorsal contour (markerless)").
///
/// Coordinates: the axis runs from `hip` (hip midpoint, t = 0) to `shoulder` (shoulder
/// midpoint, t = 1) in image pixels. Sample `i` lies at t = i / (depths.count - 1); its depth is
/// the distance in pixels from the axis to the silhouette edge along the dorsal normal,
/// positive towards the back, or nil when that ray was rejected (mask hole, edge not found).
public struct DorsalContour: Hashable, Sendable, Codable {
    public var hip: Point2
    public var shoulder: Point2
    public var depths: [Double?]

    public init(hip: Point2, shoulder: Point2, depths: [Double?]) {
        self.hip = hip
        self.shoulder = shoulder
        self.depths = depths
    }

    /// Fraction of trunk length of sample `i`.
    public func fraction(at i: Int) -> Double {
        depths.count > 1 ? Double(i) / Double(depths.count - 1) : 0
    }

    /// The dorsal normal for a trunk axis of unit direction `u`: facing +x the back is on the −x
    /// side of the axis (see Point2 for y down). The extractor casts its rays along it.
    public static func dorsalNormal(axisUnit u: Point2, facing: Facing) -> Point2 {
        facing == .right ? Point2(u.y, -u.x) : Point2(-u.y, u.x)
    }

    /// This contour's dorsal normal; nil when the axis has no length.
    public func dorsalNormal(facing: Facing) -> Point2? {
        let axis = shoulder - hip
        let length = axis.length
        guard length > 0 else { return nil }
        return Self.dorsalNormal(axisUnit: axis / length, facing: facing)
    }

    /// Where ray `i`'s edge lies in the image (pixels), nil for a rejected ray; `normal` from
    /// `dorsalNormal(facing:)`. Allocation-free, for per-frame checks.
    public func edgePoint(_ i: Int, normal n: Point2) -> Point2? {
        depths[i].map { hip + (shoulder - hip) * fraction(at: i) + n * $0 }
    }

    /// Every ray's edge in the image (pixels), nil for a rejected ray; empty when the axis has
    /// no length. For drawing.
    public func edgePoints(facing: Facing) -> [Point2?] {
        guard let n = dorsalNormal(facing: facing) else { return [] }
        return depths.indices.map { edgePoint($0, normal: n) }
    }
}
