import Foundation
import PoseCore

/// Frames of a video file, decoded by OpenCV's FFmpeg backend. Opening decodes the first frame,
/// so a file that holds no decodable frame fails here, not later.
public final class VideoFileSource: FrameSource {
    private let handle: ShimSourceHandle

    /// - Throws: `HingeCheckError` naming the file: `.notFound`, `.badInput` (empty, a folder,
    ///   a FIFO, socket or device, not a video, truncated).
    public init(path: String) throws {
        // Before OpenCV sees it: VideoCapture::open waits forever on a FIFO nobody writes to.
        try RegularFile.check(path, expected: "a video file")
        handle = try ShimSourceHandle(input: path)
        try handle.openFile()
    }

    public var facts: SourceFacts { handle.facts }

    /// Undecodable frames skipped so far (see `FrameView.skippedBefore`).
    public var skippedFrames: Int { handle.skippedFrames }

    public func read<R>(_ body: (borrowing FrameView) throws -> R) throws -> R? {
        try handle.read(body)
    }
}
