import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PoseCapture
import PoseCore
import Reports

/// A recording that survives the process being killed: H.264 in MPEG-TS segments of a few
/// seconds each in `DIR/video-segments/`, each closed (finished by the encoder) before the next
/// starts, and joined into one file by `finish()`.
///
/// Why segments of MPEG-TS (measured with Debian 12's OpenCV 4.6 and FFmpeg 5.1):
/// - MP4 keeps its index (moov) until the writer is closed: a killed recording was 48 bytes.
///   OpenCV 4.6 cannot write fragmented MP4 (`OPENCV_FFMPEG_WRITER_OPTIONS` reach the encoder,
///   not the muxer's `movflags`), and Matroska from the same writer was empty after 600 frames.
/// - MPEG-TS has no index to write at the end, so even the open segment plays up to its last
///   whole packet, but FFmpeg holds about 256 KB and the encoder's look-ahead before writing
///   anything: a low-motion clip at 113 kbit/s would lose its first 18 s. Closing a segment
///   every `segmentSeconds` bounds what a kill loses to that many seconds.
/// - MPEG-TS files join by plain concatenation (what FFmpeg's `concat:` protocol does), so
///   the finished `video.ts` needs no re-encoding; its timestamps restart at each joint, which
///   players and the report (frames are matched by index) do not mind.
///
/// Used by one thread (the recorder's).
final class VideoSegmentWriter {
    let folder: URL
    let output: URL
    private let width: Int, height: Int, fps: Double
    private let framesPerSegment: Int
    private var writer: VideoWriter?
    private var segments: [URL] = []
    private var framesInSegment = 0

    /// The list FFmpeg reads to join the segments (`ffmpeg -f concat -i ... -c copy out.mp4`).
    static let listName = "segments.ffconcat"

    /// - Throws: `HingeCheckError` naming the folder or the first segment.
    init(output: URL, width: Int, height: Int, fps: Double, segmentSeconds: Double = 4) throws {
        self.output = output
        folder = output.deletingLastPathComponent().appendingPathComponent("video-segments", isDirectory: true)
        self.width = width
        self.height = height
        self.fps = fps > 0 ? fps : 30
        framesPerSegment = max(1, Int(clampingRounded: self.fps * segmentSeconds))
        let fm = FileManager.default
        try? fm.removeItem(at: folder)  // segments of an earlier recording in this folder
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw HingeCheckError(.io, "cannot create the video segment folder", path: folder.path, hint: "check the path and permissions")
        }
        try openSegment()
    }

    func write(_ image: BGRImage) throws {
        if writer == nil { try openSegment() }
        try writer?.write(image)
        framesInSegment += 1
        if framesInSegment >= framesPerSegment {
            // Closed now, not when the next frame comes: a kill right after keeps this segment whole.
            try closeSegment()
        }
    }

    /// Closes the open segment and joins every segment into `output`; the segment folder goes.
    /// - Throws: `HingeCheckError` naming the file; the segments are then kept.
    func finish() throws {
        try closeSegment()
        let temp = output.deletingLastPathComponent().appendingPathComponent(".\(output.lastPathComponent).partial")
        guard FileManager.default.createFile(atPath: temp.path, contents: nil), let out = try? FileHandle(forWritingTo: temp) else {
            throw HingeCheckError(.io, "cannot create the joined video", path: output.path, hint: "the segments are in \(folder.path)")
        }
        do {
            for segment in segments {
                let data = try Data(contentsOf: segment, options: .mappedIfSafe)
                try out.write(contentsOf: data)
            }
            try out.close()
            try AtomicFile.moveIntoPlace(temp, to: output)
        } catch {
            try? out.close()
            try? FileManager.default.removeItem(at: temp)
            throw HingeCheckError(.io, "cannot join the video segments: \(error.localizedDescription)", path: output.path,
                                  hint: "the segments are in \(folder.path); join them with cat")
        }
        try? FileManager.default.removeItem(at: folder)
    }

    private func openSegment() throws {
        let url = folder.appendingPathComponent(String(format: "%04d.ts", segments.count))
        writer = try Self.quietly { try VideoWriter(path: url.path, width: width, height: height, fps: fps) }
        segments.append(url)
        framesInSegment = 0
        writeList()
    }

    private func closeSegment() throws {
        guard let writer else { return }
        self.writer = nil
        try writer.close()
    }

    /// Runs `open` with stderr sent to /dev/null. OpenCV 4.6 prints "tag 'avc1' is not supported
    /// with codec id 27 and format 'mpegts'" with a bare fprintf (no log level stops it) on every
    /// H.264 MPEG-TS file it opens (MPEG-TS has no codec tags to check against; it then writes
    /// H.264 as asked) — every 4 s into the live terminal view. The window is the few
    /// milliseconds of the open; an error still comes back as the thrown `HingeCheckError`.
    private static func quietly<T>(_ open: () throws -> T) rethrows -> T {
        let null = Glibc.open("/dev/null", O_WRONLY)
        let saved = dup(STDERR_FILENO)
        guard null >= 0, saved >= 0 else { return try open() }
        fflush(nil)
        dup2(null, STDERR_FILENO)
        close(null)
        defer {
            fflush(nil)
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
        return try open()
    }

    /// The ffconcat list, rewritten (atomically) as each segment starts.
    private func writeList() {
        let lines = ["ffconcat version 1.0"] + segments.map { "file '\($0.lastPathComponent)'" }
        try? Data((lines.joined(separator: "\n") + "\n").utf8).write(to: folder.appendingPathComponent(Self.listName), options: .atomic)
    }
}
