/// The first line of a native landmark file (JSON Lines): what made the frames that follow.
///
/// Versioning: `version` is the format's major version. A reader accepts exactly the versions
/// it knows and reports any other as `HingeCheckError.Code.versionMismatch`, naming the file.
public struct LandmarkFileHeader: Hashable, Sendable, Codable {
    /// The format this reader and writer speak.
    public static let formatName = "hingecheck-landmarks"
    /// The format version this build writes and reads.
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// Landmark source plugin id that produced the frames (e.g. "blazepose", "markers").
    public var source: String
    /// Skeleton id of `PoseFrame.landmarks` (e.g. "blazepose-33").
    public var skeleton: String
    /// Frame size in pixels (after rotation metadata was applied).
    public var width: Int
    public var height: Int
    /// Declared frames per second of the source; 0 when unknown.
    public var fps: Double
    /// The input the frames came from (file name or camera), for people.
    public var input: String?
    /// Which way the lifter faces in the image, if the source knows: "left" or "right".
    public var facing: String?
    /// The program and version that wrote the file.
    public var generator: String

    public init(source: String, skeleton: Skeleton, width: Int, height: Int, fps: Double,
                input: String? = nil, facing: String? = nil,
                generator: String = "hingecheck \(HingeCheckVersion.current)") {
        self.format = Self.formatName
        self.version = Self.currentVersion
        self.source = source
        self.skeleton = skeleton.id
        self.width = width
        self.height = height
        self.fps = fps
        self.input = input
        self.facing = facing
        self.generator = generator
    }
}

/// HingeCheck's release version.
public enum HingeCheckVersion {
    public static let current = "0.3.0"
}
