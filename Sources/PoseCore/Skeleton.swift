/// The layout of `PoseFrame.landmarks`: which named point each index holds.
public struct Skeleton: Hashable, Sendable, Codable {
    /// Stable identifier written in landmark files, e.g. "blazepose-33".
    public var id: String
    /// Point names in index order (MediaPipe snake_case for BlazePose).
    public var landmarkNames: [String]

    public init(id: String, landmarkNames: [String]) {
        self.id = id
        self.landmarkNames = landmarkNames
    }

    /// BlazePose / MediaPipe Pose: 33 body landmarks.
    public static let blazePose33 = Skeleton(id: "blazepose-33", landmarkNames: BodyLandmark.allCases.map(\.name))
    /// No body landmarks: spine points only (marker capture without body markers).
    public static let spineOnly = Skeleton(id: "spine-only", landmarkNames: [])

    /// The skeletons HingeCheck reads and writes.
    public static let known: [Skeleton] = [.blazePose33, .spineOnly]

    /// The known skeleton with this id.
    public static func named(_ id: String) -> Skeleton? { known.first { $0.id == id } }
}
