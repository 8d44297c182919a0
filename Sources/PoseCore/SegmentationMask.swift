/// A person-segmentation probability map over the whole image, in image pixels (origin
/// top-left, y down), possibly at a lower resolution than the frame: pixel (u, v) of the mask
/// covers image point (u + 0.5, v + 0.5) × `scale`.
///
/// Values are probabilities in [0, 1] quantised to 0...255 to keep it small.
public struct SegmentationMask: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Image pixels per mask pixel (>= 1).
    public let scale: Double
    public var values: [UInt8]

    public init(width: Int, height: Int, scale: Double = 1, values: [UInt8]) {
        precondition(values.count == width * height, "mask size does not match its values")
        self.width = width
        self.height = height
        self.scale = scale
        self.values = values
    }

    /// Probability at an image point, bilinear, 0 outside the mask.
    /// Complexity: O(1).
    @inlinable public func probability(at p: Point2) -> Double {
        let u = p.x / scale - 0.5, v = p.y / scale - 0.5
        guard u > -1, v > -1, u < Double(width), v < Double(height) else { return 0 }
        // The guard bounds u and v to (-1, size) and fails for NaN, so `Int(_:)` cannot trap here
        // (this runs for every ray step of the markerless chain: no extra checks).
        let u0 = Int(u.rounded(.down)), v0 = Int(v.rounded(.down))
        let fu = u - Double(u0), fv = v - Double(v0)
        func at(_ x: Int, _ y: Int) -> Double {
            guard x >= 0, y >= 0, x < width, y < height else { return 0 }
            return Double(values[y * width + x]) / 255
        }
        let top = at(u0, v0) * (1 - fu) + at(u0 + 1, v0) * fu
        let bottom = at(u0, v0 + 1) * (1 - fu) + at(u0 + 1, v0 + 1) * fu
        return top * (1 - fv) + bottom * fv
    }
}
