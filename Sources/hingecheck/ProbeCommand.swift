import ArgumentParser
import Foundation
import PoseCapture
import PoseCore

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Prints what a video file, image folder or camera delivers: size, fps, frames, rotation.",
        discussion: """
            INPUT is a video file, a folder of images, a camera index (0, 1, ...) or a device path \
            such as /dev/video2. With --count every frame is decoded to count frames and check \
            timestamps (slow on long files).

            Examples:
              hingecheck probe SampleVideos/deadlift-neutral.mp4
              hingecheck probe frames/ --fps 60
              hingecheck probe 0 --json
            """
    )

    @Argument(help: "Video file, image folder, camera index or /dev/videoN.")
    var input: String

    @Option(help: "Frame rate to assume for an image folder.")
    var fps: Double = 30

    @Flag(help: "Decode every frame to count them and measure the timestamps.")
    var count = false

    @Flag(help: "Print JSON for machines.")
    var json = false

    struct Report: Encodable {
        var source: SourceFacts
        var decodedFrames: Int?
        /// Frames that could not be decoded (damaged data) and were skipped.
        var skippedFrames: Int?
        var firstTimestampS: Double?
        var lastTimestampS: Double?
        var meanFrameIntervalS: Double?
    }

    func run() throws {
        let source = try openFrameSource(input, folderFPS: fps)
        var report = Report(source: source.facts)
        if count {
            var n = 0
            var first: Double?, last: Double?
            while let t = try source.read({ $0.time }) {
                if first == nil { first = t }
                last = t
                n += 1
            }
            report.decodedFrames = n
            report.skippedFrames = source.skippedFrames
            report.firstTimestampS = first
            report.lastTimestampS = last
            if n > 1, let first, let last { report.meanFrameIntervalS = (last - first) / Double(n - 1) }
        }
        if json {
            try StandardOutput.write(JSONText.encode(report))
            return
        }
        let f = report.source
        print("input:      \(f.input)")
        print("kind:       \(f.kind.rawValue) (backend \(f.backend)\(f.codec.isEmpty ? "" : ", codec \(f.codec)"))")
        print("frame size: \(f.width) x \(f.height) px")
        print("fps:        \(f.fps > 0 ? String(format: "%.3f", f.fps) : "unknown")")
        print("frames:     \(f.frameCount.map(String.init) ?? "unknown") (declared)")
        print("duration:   \(f.durationS.map { String(format: "%.3f s", $0) } ?? "unknown")")
        if let m = f.colorMatrix {
            let name = [1: "BT.709", 5: "BT.601", 6: "BT.601", 9: "BT.2020"][m] ?? "code \(m)"
            let transfer = [16: ", PQ", 18: ", HLG"][f.colorTransfer ?? -1] ?? ""
            let note = f.hdrConverted ? " (HDR, converted to SDR BT.709)" : (f.colorCorrected ? " (decoded with BT.601, re-mapped to BT.709)" : "")
            print("colour:     \(name)\(transfer)\(note)")
        }
        print("rotation:   \(f.rotationDeg)°\(f.rotationDeg != 0 ? (f.rotationApplied ? " (applied: frames are upright)" : " (not applied)") : "")")
        if f.mirrored { print("mirrored:   yes (the display matrix mirrors it, as front cameras do; applied)") }
        if let n = report.decodedFrames {
            print("decoded:    \(n) frames")
            if let lost = report.skippedFrames, lost > 0 {
                print("warning:    \(lost) frames could not be decoded (damaged data) and were skipped")
            }
            if let a = report.firstTimestampS, let b = report.lastTimestampS {
                print(String(format: "timestamps: %.4f s … %.4f s", a, b))
            }
            if let dt = report.meanFrameIntervalS { print(String(format: "interval:   %.5f s mean", dt)) }
            if let declared = f.frameCount, declared != n + (report.skippedFrames ?? 0) {
                print("warning:    declared \(declared) frames but decoded \(n): the file may be truncated")
            }
        }
    }
}

/// Opens a file, folder or camera from one command-line string.
/// A bare integer is a camera index, /dev/... a device path, a folder an image folder.
func openFrameSource(_ input: String, folderFPS: Double = 30) throws -> any FrameSource {
    if let index = Int(input), index >= 0 {
        return try CameraSource(index: index)
    }
    if input.hasPrefix("/dev/") {
        return try CameraSource(devicePath: input)
    }
    var isDir: ObjCBool = false
    if FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
        return try ImageFolderSource(path: input, fps: folderFPS)
    }
    return try VideoFileSource(path: input)
}
