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
        return ReplayStream(file: try LandmarkFile.read(from: url))
    }
}

/// Streams frames already in memory.
public final class ReplayStream: LandmarkStream {
    public let header: LandmarkFileHeader
    private let frames: [PoseFrame]
    private var position = 0

    public init(file: LandmarkFile) {
        header = file.header
        frames = file.frames
    }

    public func next() throws -> PoseFrame? {
        guard position < frames.count else { return nil }
        defer { position += 1 }
        return frames[position]
    }
}
