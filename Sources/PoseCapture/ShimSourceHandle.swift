internal import CPoseShim
import PoseCore

/// Owns one `hc_source` and releases it in `deinit`. Shared by the three public source types.
final class ShimSourceHandle {
    private let raw: OpaquePointer
    let input: String
    private(set) var facts: SourceFacts!
    /// Sum of every delivered frame's `skipped_before`.
    private(set) var skippedFrames = 0

    init(input: String) throws {
        var handle: OpaquePointer?
        guard hc_source_new(&handle) == HC_OK, let handle else {
            throw HingeCheckError(.internal, "cannot allocate a frame source", path: input)
        }
        raw = handle
        self.input = input
    }

    deinit { hc_source_free(raw) }

    var errorText: String { String(cString: hc_source_error(raw)) }

    func openFile() throws {
        try check(hc_source_open_file(raw, input), path: input, detail: errorText,
                  hint: "give a video file FFmpeg can read (e.g. .mp4, .mov, .avi, .mkv); check it plays with ffprobe")
        try loadFacts()
    }

    func openCamera(index: Int, devicePath: String?, width: Int, height: Int, fps: Double) throws {
        // `Int32(clamping:)`: an index such as 99999999999 on the command line is "no camera", not a trap.
        try check(hc_source_open_camera(raw, Int32(clamping: index), devicePath, Int32(clamping: width), Int32(clamping: height), fps),
                  path: input, detail: errorText,
                  hint: "list cameras with `ls /dev/video*`, and give one as the input: its index (e.g. 0) or its path (e.g. /dev/video2)")
        try loadFacts()
    }

    func openImageFolder(fps: Double) throws {
        try check(hc_source_open_image_folder(raw, input, fps), path: input, detail: errorText,
                  hint: "give a folder holding the frames as .jpg or .png images")
        try loadFacts()
    }

    private func loadFacts() throws {
        var info = hc_source_info()
        try check(hc_source_get_info(raw, &info), path: input, detail: errorText)
        let kind: SourceFacts.Kind = switch hc_source_kind(rawValue: UInt32(info.kind)) {
        case HC_SOURCE_CAMERA: .camera
        case HC_SOURCE_IMAGE_FOLDER: .imageFolder
        default: .file
        }
        facts = SourceFacts(
            kind: kind, input: input, width: Int(info.width), height: Int(info.height), fps: info.fps,
            frameCount: info.frame_count >= 0 ? Int(info.frame_count) : nil,
            durationS: info.duration_s >= 0 ? info.duration_s : nil,
            rotationDeg: Int(info.rotation_deg), rotationApplied: info.rotation_applied != 0,
            codec: string(fromCArray: info.codec), backend: string(fromCArray: info.backend),
            colorMatrix: info.color_matrix >= 0 ? Int(info.color_matrix) : nil,
            colorCorrected: info.color_corrected != 0, mirrored: info.mirrored != 0,
            colorTransfer: info.color_transfer >= 0 ? Int(info.color_transfer) : nil,
            colorPrimaries: info.color_primaries >= 0 ? Int(info.color_primaries) : nil,
            hdrConverted: info.hdr_converted != 0)
    }

    func read<R>(_ body: (borrowing FrameView) throws -> R) throws -> R? {
        var frame = hc_frame()
        let status = hc_source_read(raw, &frame)
        if status == HC_END_OF_STREAM { return nil }
        try check(status, path: input, detail: errorText)
        let bytes = UnsafeRawBufferPointer(start: frame.data, count: Int(frame.stride) * Int(frame.height))
        let skipped = Int(clamping: frame.skipped_before)
        skippedFrames += skipped
        let view = FrameView(pixels: bytes, width: Int(frame.width), height: Int(frame.height),
                             stride: Int(frame.stride), index: Int(frame.index), time: frame.timestamp_s,
                             skippedBefore: skipped)
        return try body(view)
    }
}
