import PoseCore

/// Frames from a folder of images read in file-name order; timestamps are index / fps.
public final class ImageFolderSource: FrameSource {
    private let handle: ShimSourceHandle

    /// - Parameter fps: the frame rate to assume (the folder has none); 30 by default.
    /// - Throws: `HingeCheckError` naming the folder: `.notFound`, `.badInput` (no images).
    public init(path: String, fps: Double = 30) throws {
        handle = try ShimSourceHandle(input: path)
        try handle.openImageFolder(fps: fps)
    }

    public var facts: SourceFacts { handle.facts }

    public func read<R>(_ body: (borrowing FrameView) throws -> R) throws -> R? {
        try handle.read(body)
    }
}
