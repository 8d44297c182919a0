/// One detected body point in image pixels (origin top-left, y down).
///
/// `z` is the landmark model's relative depth, in the same pixel scale as x (smaller = nearer
/// the camera), centred on the hips; 0 for sources without depth. `visibility` and `presence`
/// are probabilities in [0, 1]: presence that the point is in the frame, visibility that it is
/// in the frame and not occluded.
public struct Landmark: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double
    public var visibility: Double
    public var presence: Double

    public init(x: Double, y: Double, z: Double = 0, visibility: Double = 1, presence: Double = 1) {
        self.x = x
        self.y = y
        self.z = z
        self.visibility = visibility
        self.presence = presence
    }

    /// The image position.
    @inlinable public var point: Point2 { Point2(x, y) }

    private enum CodingKeys: String, CodingKey {
        case x, y, z
        case visibility = "v"
        case presence = "p"
    }
}

/// A landmark in metres in the landmark model's world frame (origin between the hips,
/// x right, y down, z towards the camera's far side), as BlazePose's world output gives it.
public struct WorldLandmark: Hashable, Sendable, Codable {
    public var x: Double
    public var y: Double
    public var z: Double
    public init(x: Double, y: Double, z: Double) {
        self.x = x
        self.y = y
        self.z = z
    }
}
