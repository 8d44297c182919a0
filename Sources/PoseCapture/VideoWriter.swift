internal import CPoseShim
import PoseCore

/// Writes video through OpenCV's FFmpeg backend: H.264 in .mp4 when available, mp4v otherwise;
/// MJPG for .avi, VP9 for .webm.
public final class VideoWriter {
    private let raw: OpaquePointer
    public let path: String
    /// The FOURCC actually used, e.g. "avc1" or "mp4v".
    public let codec: String
    public let width: Int
    public let height: Int

    /// - Throws: `HingeCheckError` naming the file when no encoder opens it.
    public init(path: String, width: Int, height: Int, fps: Double, fourcc: String? = nil) throws {
        var handle: OpaquePointer?
        guard hc_writer_new(&handle) == HC_OK, let handle else {
            throw HingeCheckError(.internal, "cannot allocate a video writer", path: path)
        }
        raw = handle
        self.path = path
        self.width = width
        self.height = height
        var chosen = [CChar](repeating: 0, count: 8)
        let status = hc_writer_open(raw, path, Int32(width), Int32(height), fps, fourcc, &chosen)
        do {
            try check(status, path: path, detail: String(cString: hc_writer_error(handle)),
                      hint: "check that the folder exists and is writable, and the extension is .mp4, .avi or .webm")
        } catch {
            hc_writer_free(handle)
            throw error
        }
        codec = String(decoding: chosen.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { hc_writer_free(raw) }

    /// Appends a frame of the size given at creation.
    public func write(_ image: BGRImage) throws {
        let status = image.withReadOnlyShimImage { hc_writer_write(raw, $0) }
        try check(status, path: path, detail: String(cString: hc_writer_error(raw)))
    }

    /// Finishes the file. Also done on deinit, but call it to see errors.
    public func close() throws {
        try check(hc_writer_close(raw), path: path, detail: String(cString: hc_writer_error(raw)))
    }
}
