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
/// Video frames are encoded on the recorder's own thread from a bounded queue (`capacity`
/// frames): capture never waits for the encoder. If the encoder falls that far behind, frames
/// are dropped from the video and the previous frame is written again in their place, so frame
/// *i* of the video stays frame *i* of the landmark file (the report matches them by index).
///
/// A lock-protected box (NSCondition), hence `@unchecked Sendable`; the writers are used by
/// one thread each (video: the recorder thread; landmarks: the processing thread).
public final class LiveRecorder: @unchecked Sendable {
    public let folder: URL
    public var videoURL: URL { folder.appendingPathComponent(Self.videoName) }
    /// The recorded video's file name.
    public static let videoName = "video.ts"
    public var landmarksURL: URL { folder.appendingPathComponent("landmarks.jsonl") }
    public var reportURL: URL { folder.appendingPathComponent("report") }

    private let condition = NSCondition()
    private var queue: [LiveCapturedFrame] = []
    private var closed = false
    private var writing = false
    private let capacity: Int
    private var videoError: String?
    private var framesWritten = 0
    private var framesDropped = 0
    private var landmarkWriter: LandmarkFileWriter?
    private var landmarkFrames = 0
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

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
        self.capacity = max(1, capacity)
        do {
            try FileManager.default.createDirectory(at: self.folder, withIntermediateDirectories: true)
        } catch {
            throw HingeCheckError(.io, "cannot create the recording folder", path: folder, hint: "check the path and permissions")
        }
        let writer = try VideoSegmentWriter(output: self.folder.appendingPathComponent(Self.videoName), width: width, height: height,
                                            fps: fps)
        let box = WriterBox(writer)
        // The thread holds the recorder until `finish()` closes the queue.
        let thread = Thread { self.encodeLoop(box) }
        thread.name = "hingecheck.live.recorder"
        self.thread = thread
        thread.start()
    }

    /// A video writer handed to the recorder thread (used by that thread only).
    private final class WriterBox: @unchecked Sendable {
        let writer: VideoSegmentWriter
        init(_ writer: VideoSegmentWriter) { self.writer = writer }
    }

    /// Queues a captured frame for the video (never blocks).
    public func record(_ frame: LiveCapturedFrame) {
        condition.lock()
        defer { condition.unlock() }
        guard !closed else { return }
        if queue.count >= capacity {
            framesDropped += 1
            return
        }
        queue.append(frame)
        condition.signal()
    }

    /// Starts the landmark file (once the landmark source's header is known).
    /// - Throws: `HingeCheckError` (`.io`) naming the file.
    public func startLandmarks(header: LandmarkFileHeader) throws {
        let writer = try LandmarkFileWriter(url: landmarksURL, header: header, placement: .inPlaceFlushingEveryFrame)
        condition.withLock { landmarkWriter = writer }
    }

    /// Appends a processed frame to the landmark file.
    public func write(_ frame: PoseFrame) throws {
        guard let writer = condition.withLock({ landmarkWriter }) else { return }
        try writer.write(frame)
        condition.withLock { landmarkFrames += 1 }
    }

    /// Encodes what is queued, closes the video and the landmark file.
    /// - Throws: `HingeCheckError` when the landmark file cannot be finished.
    public func finish() throws -> Summary {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        done.wait()
        let writer = condition.withLock { landmarkWriter }
        try writer?.finish()
        return condition.withLock {
            Summary(videoPath: videoURL.path, videoFrames: framesWritten, videoFramesDropped: framesDropped,
                    landmarksPath: landmarkWriter == nil ? nil : landmarksURL.path, landmarkFrames: landmarkFrames,
                    videoError: videoError)
        }
    }

    private func encodeLoop(_ box: WriterBox) {
        var last: BGRImage?
        var nextIndex: Int?
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty && closed {
                condition.unlock()
                break
            }
            let frame = queue.removeFirst()
            condition.unlock()
            guard condition.withLock({ videoError == nil }) else { continue }
            do {
                // Frames dropped from the queue: repeat the previous picture so indices stay aligned.
                if let expected = nextIndex, let last, frame.index > expected {
                    for _ in expected..<frame.index { try box.writer.write(last) }
                    condition.withLock { framesWritten += frame.index - expected }
                }
                try box.writer.write(frame.image)
                condition.withLock { framesWritten += 1 }
                last = frame.image
                nextIndex = frame.index + 1
            } catch {
                condition.withLock { videoError = "\(error)" }
            }
        }
        do {
            try box.writer.finish()
        } catch {
            condition.withLock { if videoError == nil { videoError = "\(error)" } }
        }
        done.signal()
    }
}
