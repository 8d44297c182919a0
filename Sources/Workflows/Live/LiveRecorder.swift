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
/// task group) from a bounded queue (`capacity` frames): capture never waits for the encoder.
/// If the encoder falls that far behind, frames are dropped from the video and the previous
/// frame is written again in their place, so frame *i* of the video stays frame *i* of the
/// landmark file (the report matches them by index).
///
/// The queue, the counters and the landmark writer sit behind `LockedValue`s; the video writer is
/// used by the encoding task only, the landmark writer by the processing task only.
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
        var landmarkFrames = 0
    }

    /// Frames waiting for the encoder, and the encoder when it waits for one.
    private struct Queue {
        var frames: [LiveCapturedFrame] = []
        var ended = false
        var framesDropped = 0
        var waiter: CheckedContinuation<LiveCapturedFrame?, Never>?
    }

    private let counts = LockedValue(Counts())
    private let queue = LockedValue(Queue())
    private let capacity: Int
    private let landmarkWriter = LockedValue<LandmarkFileWriter?>(nil)
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
        self.capacity = max(1, capacity)
    }

    /// A video writer handed to the encoding task (used by that task only).
    private final class WriterBox: @unchecked Sendable {
        let writer: VideoSegmentWriter
        init(_ writer: VideoSegmentWriter) { self.writer = writer }
    }

    /// Queues a captured frame for the video (never waits; dropped when the queue is full).
    public func record(_ frame: LiveCapturedFrame) {
        let waiter = queue.withLock { queue -> CheckedContinuation<LiveCapturedFrame?, Never>? in
            guard !queue.ended else { return nil }
            if let waiter = queue.waiter {
                queue.waiter = nil
                return waiter
            }
            if queue.frames.count >= capacity {
                queue.framesDropped += 1
            } else {
                queue.frames.append(frame)
            }
            return nil
        }
        waiter?.resume(returning: frame)
    }

    /// No more frames (capture has ended): `encode()` writes what is queued and returns.
    public func endVideo() {
        let waiter = queue.withLock { queue -> CheckedContinuation<LiveCapturedFrame?, Never>? in
            queue.ended = true
            defer { queue.waiter = nil }
            return queue.waiter
        }
        waiter?.resume(returning: nil)
    }

    /// The next queued frame, waiting for it; nil once `endVideo()` was called and the queue is
    /// empty. Deliberately deaf to cancellation: a stop cancels the session's tasks, and the
    /// encoder still writes every frame capture recorded (capture ends at the same stop).
    private func nextFrame() async -> LiveCapturedFrame? {
        await withCheckedContinuation { (c: CheckedContinuation<LiveCapturedFrame?, Never>) in
            let ready = queue.withLock { queue -> LiveCapturedFrame?? in
                if !queue.frames.isEmpty { return .some(queue.frames.removeFirst()) }
                if queue.ended { return .some(nil) }
                queue.waiter = c
                return nil
            }
            if let ready { c.resume(returning: ready) }
        }
    }

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
        return Summary(videoPath: videoURL.path, videoFrames: c.framesWritten, videoFramesDropped: queue.get().framesDropped,
                       landmarksPath: writer == nil ? nil : landmarksURL.path, landmarkFrames: c.landmarkFrames,
                       videoError: c.videoError)
    }

    /// Encodes the queued frames until `endVideo()` (not ended by cancellation: see `nextFrame`),
    /// then closes the video.
    public func encode() async {
        let writer = box.writer
        var last: BGRImage?
        var nextIndex: Int?
        while let frame = await nextFrame() {
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
