import Foundation

/// The `jsonl` landmark source: replays a native landmark file, so analysis runs without video
/// and gives byte-identical results for the same file.
public struct JSONLLandmarkSource: LandmarkSourcePlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(id: "jsonl", kind: .landmarkSource,
                         summary: "Replays a native HingeCheck landmark file (.jsonl) written by `hingecheck landmarks`.",
                         emits: ["pose-frames"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        if case .file(let url) = input { return url.pathExtension.lowercased() == "jsonl" }
        return false
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        guard case .file(let url) = input else {
            throw HingeCheckError(.badInput, "the jsonl source reads files only", path: input.description)
        }
        // A bad line ends the stream there, as a video that fails mid-way does: the frames
        // before it are analysed and shown, then the line's error is reported.
        let (file, badLine) = try LandmarkFile.readPrefix(from: url)
        if file.frames.isEmpty, let badLine { throw badLine }
        return ReplayStream(file: file, endError: badLine)
    }
}

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
