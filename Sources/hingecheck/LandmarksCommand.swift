import ArgumentParser
import Dispatch
import Foundation
import PoseCapture
import PoseCore
import Workflows

struct LandmarksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landmarks",
        abstract: "Extracts BlazePose landmarks from a video, image folder or camera into a .jsonl landmark file.",
        usage: "hingecheck landmarks <input> --output <run.jsonl> [<options>]",
        discussion: """
            INPUT is a video file, a folder of images (read in name order), a camera index (0, 1, \
            ...) or a device path such as /dev/video2. Writes the native landmark file (a header \
            line, then one frame per line: 33 landmarks in pixels with visibility and presence, \
            world landmarks in metres, and with --mask the dorsal contour); `hingecheck analyze \
            run.jsonl` replays it without running the networks again.

            Needs the models (`hingecheck models install`). A progress line goes to stderr. Ctrl-C \
            stops early and still writes the frames done so far (the way to end a camera run).

            Examples:
              hingecheck landmarks lift.mp4 -o run.jsonl --mask    # for analyze
              hingecheck landmarks lift.mp4 -o run.jsonl --overlay lift-pose.mp4
              hingecheck landmarks frames/ -o run.jsonl --folder-fps 60
              hingecheck landmarks 0 -o live.jsonl --max-frames 300
              hingecheck landmarks lift.mp4 -o run.jsonl --threads 2 --set min-presence=0.6
            """
    )

    @Argument(help: "Video file, image folder, camera index or /dev/videoN.")
    var input: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Landmark file to write (.jsonl).", valueName: "run.jsonl"))
    var output: String

    @Option(help: ArgumentHelp("Also write a video with the pose drawn on each frame (.mp4, .avi, .webm).",
                               valueName: "out.mp4"))
    var overlay: String?

    @Option(help: "OpenCV worker threads for the networks (0 = one per core).")
    var threads: Int = 0

    @Flag(help: "Compute the segmentation mask and store the dorsal contour (for the markerless lumbar analysis; slower).")
    var mask = false

    @Flag(help: "Detect in every frame instead of tracking (for folders of unrelated photos).")
    var noTracking = false

    @Option(help: "Frame rate to assume for an image folder.")
    var folderFps: Double = 30

    @Option(help: "Stop after this many frames (0 = all; the way to bound a camera run).")
    var maxFrames: Int = 0

    @Option(help: "Models folder (default: $HINGECHECK_MODELS_DIR, else ~/.local/share/hingecheck/models).")
    var modelsDir: String?

    @Option(name: .customLong("set"),
            help: ArgumentHelp("Override a blazepose parameter, e.g. min-presence=0.6 (repeatable; see `hingecheck plugins`).",
                               valueName: "name=value"))
    var assignments: [String] = []

    @Flag(help: "No progress line.")
    var quiet = false

    func validate() throws {
        guard output.lowercased().hasSuffix(".jsonl") else {
            throw ValidationError("--output must end in .jsonl (that is how `hingecheck analyze` recognises landmark files)")
        }
        if let overlay {
            let ext = URL(fileURLWithPath: overlay).pathExtension.lowercased()
            guard ["mp4", "avi", "webm", "mkv", "mov"].contains(ext) else {
                throw ValidationError("--overlay must be a .mp4, .avi, .webm, .mkv or .mov file")
            }
        }
        guard (0...256).contains(threads) else { throw ValidationError("--threads must be 0...256") }
        guard folderFps > 0 else { throw ValidationError("--folder-fps must be positive") }
        guard maxFrames >= 0 else { throw ValidationError("--max-frames must be 0 or more") }
    }

    func run() throws {
        let plugin = BlazePoseSource(models: modelsDir.map { ModelStore(directory: URL(fileURLWithPath: $0, isDirectory: true)) })
        var overrides = ["threads": String(threads), "mask": mask ? "on" : "off", "tracking": noTracking ? "off" : "on",
                         "folder-fps": String(folderFps),
                         // A landmark file with --mask keeps the outline of every frame: what it
                         // will be used for is not known here (--set mask-from-inclination=20 gates it).
                         "mask-from-inclination": "0"]
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw HingeCheckError(.invalidArgument, "--set \(assignment): expected name=value")
            }
            let name = parts[0].hasPrefix("blazepose.") ? String(parts[0].dropFirst("blazepose.".count)) : parts[0]
            overrides[name] = parts[1]
        }
        let settings = try PluginSettings(descriptor: plugin.descriptor, overrides: overrides)

        let sourceInput = InputResolver.parse(input)
        if case .file(let url) = sourceInput, !FileManager.default.fileExists(atPath: url.path) {
            throw HingeCheckError(.notFound, "no such file or folder", path: url.path,
                                  hint: "give a video file, a folder of images, or a camera index such as 0")
        }
        let stream = try plugin.openStream(sourceInput, settings: settings)
        let facts = stream.facts
        let writer = try LandmarkFileWriter(url: URL(fileURLWithPath: output), header: stream.header)
        let video = try overlay.map {
            try VideoWriter(path: $0, width: facts.width, height: facts.height, fps: facts.fps > 0 ? facts.fps : folderFps)
        }
        var total = facts.frameCount
        if maxFrames > 0 { total = min(total ?? maxFrames, maxFrames) }
        let progress = FrameProgress(label: "landmarks", total: total, enabled: !quiet)
        let stop = StopRequest.onInterrupt()

        var done = 0, found = 0
        var failure: (any Error)?
        do {
            while maxFrames == 0 || done < maxFrames, !stop.isRequested {
                let frame = try stream.next { view, frame, result in
                    guard let video else { return }
                    var image = view.copy()
                    image.drawPose(frame, roi: result.found ? result.roi : nil)
                    try video.write(image)
                }
                guard let frame else { break }
                try writer.write(frame)
                done += 1
                if frame.hasPose { found += 1 }
                progress.update(done)
            }
        } catch {
            failure = error
        }
        progress.finish(done)
        try writer.finish()
        try video?.close()
        let share = done > 0 ? 100 * Double(found) / Double(done) : 0
        var summary = "wrote \(output): \(done) frames, a person in \(found) (\(String(format: "%.1f", share)) %)"
        if let overlay { summary += "; overlay \(overlay)" }
        if stream.skippedFrames > 0 { summary += "; \(stream.skippedFrames) undecodable frames skipped (damaged data)" }
        if let name = stop.signalName { summary += "; stopped by \(name == "SIGINT" ? "Ctrl-C" : name)" }
        FileHandle.standardError.write(Data((summary + "\n").utf8))
        if !mask && done > 0 {
            FileHandle.standardError.write(Data("note: without --mask the file holds no back outline, so `hingecheck analyze \(output)` can count reps but not judge the lower back; add --mask for that\n".utf8))
        }
        if let failure {
            FileHandle.standardError.write(Data("stopped after \(done) frames; those frames were written\n".utf8))
            throw failure
        }
        if done == 0 {
            throw HingeCheckError(.badInput, "the input delivered no frames", path: input)
        }
    }
}
