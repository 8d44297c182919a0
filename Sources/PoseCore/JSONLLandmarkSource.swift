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

/// Streams a landmark file's frames as they are read (`LandmarkFileReader`); the first bad
/// line's error is thrown once after the frames before it.
public final class LandmarkFileStream: LandmarkStream {
    public var header: LandmarkFileHeader { reader.header }
    private let reader: LandmarkFileReader
    private var pending: LandmarkFileReader.Step?

    init(reader: LandmarkFileReader, first: LandmarkFileReader.Step) {
        self.reader = reader
        pending = first
    }

    public func next() throws -> PoseFrame? {
        let step: LandmarkFileReader.Step
        if let pending {
            step = pending
            self.pending = nil
        } else {
            step = try reader.step()
        }
        switch step {
        case .frame(let f): return f
        case .end: return nil
        case .bad(let error): throw error
        }
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
