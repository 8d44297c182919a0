import Foundation

/// Streams frames already in memory.
public final class ReplayStream: LandmarkStream {
    public let header: LandmarkFileHeader
    private let frames: [PoseFrame]
    private var position = 0
    /// Thrown once after the last frame (the file's first bad line).
    private var endError: (any Error)?

    public init(file: LandmarkFile, endError: (any Error)? = nil) {
        header = file.header
        frames = file.frames
        self.endError = endError
    }

    public func next() throws -> PoseFrame? {
        guard position < frames.count else {
            if let error = endError {
                endError = nil
                throw error
            }
            return nil
        }
        defer { position += 1 }
        return frames[position]
    }
}
