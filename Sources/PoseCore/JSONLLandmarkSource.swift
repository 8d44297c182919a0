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
        // Frames are read from the file as the stream is asked for them (a long recording is
        // never all in memory). A bad line ends the stream there, as a video that fails mid-way
        // does: the frames before it are analysed and shown, then the line's error is reported;
        // a bad first frame line fails here, as there is nothing to analyse.
        let reader = try LandmarkFileReader(url: url)
        let first = try reader.step()
        if case .bad(let error) = first { throw error }
        return LandmarkFileStream(reader: reader, first: first)
    }
}
