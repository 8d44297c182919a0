import PoseCore

/// Facts about a frame source, as `hingecheck probe` prints them.
public struct SourceFacts: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case file, camera, imageFolder = "image-folder" }
    public var kind: Kind
    /// The path or device it was opened from.
    public var input: String
    /// Size of the delivered frames in pixels (after rotation metadata was applied).
    public var width: Int
    public var height: Int
    /// Declared frames per second; 0 when unknown.
    public var fps: Double
    /// Declared frame count; nil when unknown (cameras).
    public var frameCount: Int?
    /// Declared duration in seconds; nil when unknown.
    public var durationS: Double?
    /// Rotation metadata of the container in degrees (0, 90, 180, 270; counter-clockwise, as
    /// ffmpeg names it). When `mirrored`, the turn that follows a left-right mirror.
    public var rotationDeg: Int
    /// True when delivered frames are already turned upright.
    public var rotationApplied: Bool
    /// Codec FOURCC, e.g. "h264"; empty when unknown.
    public var codec: String
    /// OpenCV capture backend, e.g. "FFMPEG".
    public var backend: String
    /// Video files: the colour matrix the container declares (ISO/IEC 23091-2 matrix_coefficients:
    /// 1 = BT.709, 5 or 6 = BT.601, 9 = BT.2020); nil when it declares none.
    public var colorMatrix: Int? = nil
    /// True when the frames were re-mapped to their BT.709 colours (OpenCV 4.6's FFmpeg decode
    /// uses the BT.601 matrix for every video).
    public var colorCorrected: Bool = false
    /// True when the container's display matrix mirrors the picture (front cameras): the frames
    /// come mirrored, as players show them.
    public var mirrored: Bool = false
    /// Video files: the transfer the container declares (ISO/IEC 23091-2: 1 = BT.709, 16 = PQ,
    /// 18 = HLG); nil when it declares none.
    public var colorTransfer: Int? = nil
    /// Video files: the colour primaries the container declares (1 = BT.709, 9 = BT.2020).
    public var colorPrimaries: Int? = nil
    /// True when HDR frames (BT.2020 HLG or PQ) were converted to SDR BT.709, as an SDR screen
    /// shows them (OpenCV 4.6 alone gives flat, grey, desaturated frames).
    public var hdrConverted: Bool = false
}

/// One decoded frame, lent to a closure: `pixels` points into the source's reused buffer and
/// is valid only during the call (no copy is made): never keep `pixels` beyond it. BGR, 3 bytes per pixel, `stride` bytes per
/// row, origin top-left.
public struct FrameView {
    public let pixels: UnsafeRawBufferPointer
    public let width: Int
    public let height: Int
    public let stride: Int
    /// 0-based frame index.
    public let index: Int
    /// Seconds from the source's start (stream time for files, monotonic clock for cameras).
    public let time: Double
    /// Video files: frames that could not be decoded (damaged data) and were skipped just
    /// before this one; `index` does not count them, `time` is the container's.
    public let skippedBefore: Int

    init(pixels: UnsafeRawBufferPointer, width: Int, height: Int, stride: Int, index: Int, time: Double,
         skippedBefore: Int = 0) {
        self.pixels = pixels
        self.width = width
        self.height = height
        self.stride = stride
        self.index = index
        self.time = time
        self.skippedBefore = skippedBefore
    }

    /// A packed copy of the frame, for keeping beyond the closure.
    public func copy() -> BGRImage {
        var out = [UInt8](repeating: 0, count: width * height * 3)
        let row = width * 3
        out.withUnsafeMutableBytes { dst in
            for y in 0..<height {
                dst.baseAddress!.advanced(by: y * row)
                    .copyMemory(from: pixels.baseAddress!.advanced(by: y * stride), byteCount: row)
            }
        }
        return BGRImage(width: width, height: height, pixels: out)
    }
}

/// A source of video frames: a file, a camera or a folder of images. Belongs to one task at a
/// time (not `Sendable`); hand it over with `sending` if needed.
public protocol FrameSource: AnyObject {
    var facts: SourceFacts { get }
    /// Decodes the next frame and lends it to `body`; nil at the end of the stream.
    /// - Throws: `HingeCheckError` when decoding fails mid-stream.
    func read<R>(_ body: (borrowing FrameView) throws -> R) throws -> R?
    /// Frames skipped so far because they could not be decoded (damaged video data).
    var skippedFrames: Int { get }
}

extension FrameSource {
    /// Cameras and image folders skip nothing: a failed camera read ends the stream and a bad
    /// image is an error naming it.
    public var skippedFrames: Int { 0 }
}
