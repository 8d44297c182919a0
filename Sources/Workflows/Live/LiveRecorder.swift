import Foundation
import PoseCapture
import PoseCore

/// `--record DIR` of a live session: every captured frame into `DIR/video.ts` and every
/// processed pose frame into `DIR/landmarks.jsonl`, so the per-rep report (and a later
/// `hingecheck analyze DIR/landmarks.jsonl`) sees the same data the live cues came from.
///
/// Both files stay usable if the process is killed outright (SIGKILL, out of memory, power):
/// the video is written as MPEG-TS segments closed every few seconds (`VideoSegmentWriter`,
/// which says why) and joined into `video.ts` at the end; landmark lines go straight to
/// `landmarks.jsonl`, one write per frame.
///
/// Video frames are encoded by the recorder's own task (`encode()`, a child of the session's
/// task group) from a bounded `AsyncStream` (`capacity` frames, `.bufferingOldest`): capture
/// never waits for the encoder. If the encoder falls that far behind, frames are dropped from
/// the video and the previous frame is written again in their place, so frame *i* of the video
/// stays frame *i* of the landmark file (the report matches them by index).
///
/// Counters and the landmark writer sit behind `LockedValue`s; the video writer is used by the
/// encoding task only, the landmark writer by the processing task only.
public final class LiveRecorder: Sendable {
    public let folder: URL
    public var videoURL: URL { folder.appendingPathComponent(Self.videoName) }
    /// The recorded video's file name.
    public static let videoName = "video.ts"
    public var landmarksURL: URL { folder.appendingPathComponent("landmarks.jsonl") }
    public var reportURL: URL { folder.appendingPathComponent("report") }

    private struct Counts {
        var videoError: String?
        var framesWritten = 0
        var framesDropped = 0
        var landmarkFrames = 0
    }

    private let counts = LockedValue(Counts())
    private let landmarkWriter = LockedValue<LandmarkFileWriter?>(nil)
    private let frames: AsyncStream<LiveCapturedFrame>
    private let input: AsyncStream<LiveCapturedFrame>.Continuation
    private let box: WriterBox

    /// What was kept.
    public struct Summary: Sendable {
        public var videoPath: String
        public var videoFrames: Int
        /// Frames the encoder could not keep up with (replaced by a copy of the previous one).
        public var videoFramesDropped: Int
        public var landmarksPath: String?
        public var landmarkFrames: Int
        public var videoError: String?
    }

    /// Creates `folder` and opens the video writer for frames of the source's size.
    /// - Throws: `HingeCheckError` naming the folder or the video file.
    public init(folder: String, width: Int, height: Int, fps: Double, capacity: Int = 90) throws {
        self.folder = URL(fileURLWithPath: folder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        } catch {
            throw HingeCheckError(.io, "cannot create the recording folder", path: folder, hint: "check the path and permissions")
        }
        let writer = try VideoSegmentWriter(output: self.folder.appendingPathComponent(Self.videoName), width: width, height: height,
                                            fps: fps)
        box = WriterBox(writer)
        (frames, input) = AsyncStream.makeStream(of: LiveCapturedFrame.self, bufferingPolicy: .bufferingOldest(max(1, capacity)))
    }

    /// A video writer handed to the encoding task (used by that task only).
    private final class WriterBox: @unchecked Sendable {
        let writer: VideoSegmentWriter
        init(_ writer: VideoSegmentWriter) { self.writer = writer }
    }

    /// Queues a captured frame for the video (never waits; dropped when the queue is full).
    public func record(_ frame: LiveCapturedFrame) {
        if case .dropped = input.yield(frame) {
            counts.withLock { $0.framesDropped += 1 }
        }
    }

    /// No more frames: `encode()` writes what is queued and returns.
    public func endVideo() { input.finish() }

    /// Starts the landmark file (once the landmark source's header is known).
    /// - Throws: `HingeCheckError` (`.io`) naming the file.
    public func startLandmarks(header: LandmarkFileHeader) throws {
        let writer = try LandmarkFileWriter(url: landmarksURL, header: header, placement: .inPlaceFlushingEveryFrame)
        landmarkWriter.set(writer)
    }

    /// Appends a processed frame to the landmark file.
    public func write(_ frame: PoseFrame) throws {
        guard let writer = landmarkWriter.get() else { return }
        try writer.write(frame)
        counts.withLock { $0.landmarkFrames += 1 }
    }

    /// Closes the landmark file and says what was kept. Call once `encode()` has returned.
    /// - Throws: `HingeCheckError` when the landmark file cannot be finished.
    public func finish() throws -> Summary {
        let writer = landmarkWriter.get()
        try writer?.finish()
        let c = counts.get()
        return Summary(videoPath: videoURL.path, videoFrames: c.framesWritten, videoFramesDropped: c.framesDropped,
                       landmarksPath: writer == nil ? nil : landmarksURL.path, landmarkFrames: c.landmarkFrames,
                       videoError: c.videoError)
    }

    /// Encodes the queued frames until `endVideo()` (or the task's cancellation, after what is
    /// queued), then closes the video.
    public func encode() async {
        let writer = box.writer
        var last: BGRImage?
        var nextIndex: Int?
        for await frame in frames {
            guard counts.get().videoError == nil else { continue }
            do {
                // Frames dropped from the queue: repeat the previous picture so indices stay aligned.
                if let expected = nextIndex, let last, frame.index > expected {
                    for _ in expected..<frame.index { try writer.write(last) }
                    counts.withLock { $0.framesWritten += frame.index - expected }
                }
                try writer.write(frame.image)
                counts.withLock { $0.framesWritten += 1 }
                last = frame.image
                nextIndex = frame.index + 1
            } catch {
                counts.withLock { $0.videoError = "\(error)" }
            }
        }
        do {
            try writer.finish()
        } catch {
            counts.withLock { if $0.videoError == nil { $0.videoError = "\(error)" } }
        }
    }
}
