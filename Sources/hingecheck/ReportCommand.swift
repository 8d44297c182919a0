import Analyzers
import ArgumentParser
import Foundation
import PoseCapture
import PoseCore
import Reports

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Writes the per-rep report folder from a landmark file (no networks run).",
        discussion: """
            INPUT is a landmark file: HingeCheck's .jsonl (from `hingecheck landmarks`), a folder of \
            OpenPose JSON (*_keypoints.json, BODY_25 or COCO-18), a MediaPipe 33-landmark CSV \
            (FreeMoCap wide {name}_x/_y/_z or long frame,keypoint,x,y,z), a TRC marker file, or spine \
            keypoints (CSV frame,site,x,y,confidence or JSON; docs/formats.md).

            The folder gets report.html (open it in any browser, offline; prints cleanly), report.json \
            (schema: docs/report-schema.md), reps.csv, frames.csv, angles.mot (OpenSim), landmarks.trc \
            (pixels, Sports2D) and landmarks_m.trc (metres, OpenSim), openpose/ (one JSON per frame) and, \
            with --video, a picture of each rep's worst moment in the page and annotated.mp4. Files are \
            written one at a time, each complete or not at all.

            Examples:
              hingecheck report run.jsonl --out out/run
              hingecheck report run.jsonl --out out/run --video lift.mp4
              hingecheck report openpose_json/ --out out/op --set openpose.fps=60
              hingecheck report pose.csv --out out/mp --set mediapipe-csv.width=1920 --set mediapipe-csv.height=1080
            """
    )

    @Argument(help: "Landmark file or folder (.jsonl, OpenPose JSON folder, MediaPipe CSV, .trc, spine keypoints).")
    var input: String

    @Option(help: "Report folder to write (created if missing).")
    var out: String

    @Option(help: "The original video, for the rep pictures and annotated.mp4.")
    var video: String?

    @Flag(help: "With --video: pictures only, no annotated.mp4 (faster).")
    var noAnnotatedVideo = false

    @Option(help: "Landmark source plugin id (default: chosen from the input; see `hingecheck plugins --kind landmark-source`).")
    var source: String?

    @Option(help: "Config file ([plugin-id] tables of parameter = value).")
    var config: String?

    @Option(name: .customLong("set"), help: "Override a parameter: PLUGIN.PARAMETER=VALUE (repeatable).")
    var assignments: [String] = []

    @Option(help: "Athlete profile JSON from `hingecheck calibrate` (neutral lumbar curve, thresholds).")
    var profile: String?

    func run() throws {
        let registry = try BuiltInPlugins.registry()
        var analysisConfig = try config.map { try AnalysisConfig.load(from: URL(fileURLWithPath: $0)) } ?? AnalysisConfig()
        try analysisConfig.apply(assignments: assignments)
        try analysisConfig.validate(against: registry)
        let athlete = try profile.map { try ProfileFile.read($0) }

        let sourceInput = SourceInputParser.parse(input)
        if case .camera = sourceInput {
            throw HingeCheckError(.invalidArgument, "report reads landmark files, not cameras", path: input,
                                  hint: "use `hingecheck analyze \(input) --report DIR`")
        }
        let plugin = try SourceInputParser.plugin(for: sourceInput, id: source, registry: registry)
        guard ReportBuilder.fileSourceIDs.contains(plugin.descriptor.id) else {
            throw HingeCheckError(.invalidArgument, "report reads landmark files; \"\(plugin.descriptor.id)\" would run the networks on this input",
                                  path: input,
                                  hint: "give a .jsonl, OpenPose JSON folder, MediaPipe CSV, .trc or spine keypoint file, or run `hingecheck analyze \(input) --report DIR`")
        }
        if let video, !FileManager.default.fileExists(atPath: video) {
            throw HingeCheckError(.notFound, "no such video", path: video)
        }
        let stream = try plugin.open(sourceInput, settings: analysisConfig.settings(for: plugin.descriptor))
        var frames: [PoseFrame] = []
        while let frame = try stream.next() { frames.append(frame) }
        let pipeline = AnalysisPipeline(registry: registry, config: analysisConfig, profile: athlete)
        let result = try pipeline.analyze(frames: frames, header: stream.header)
        let document = AnalysisDocument(input: input, header: stream.header, frameCount: frames.count, result: result)
        let files = try ReportBuilder.write(document: document, frames: frames, header: stream.header, registry: registry,
                                            config: analysisConfig, folder: out, video: video, annotated: !noAnnotatedVideo)
        print(document.verdict)
        FileHandle.standardError.write(Data("wrote \(files.joined(separator: ", ")) to \(out)\n".utf8))
    }
}

/// The report-writing glue shared by `report` and `analyze --report`: pictures and the
/// annotated video from PoseCapture, files from Reports.
enum ReportBuilder {
    /// Landmark sources that read files (no networks): the ones `report` accepts.
    static var fileSourceIDs: Set<String> {
        Set(([JSONLLandmarkSource()] + LandmarkImporters.all).map(\.descriptor.id))
    }

    /// Writes the report folder; with a video, the rep pictures and (when `annotated`)
    /// annotated.mp4, which is written under a temporary name and moved into place last.
    /// - Returns: the names written.
    static func write(document: AnalysisDocument, frames: [PoseFrame], header: LandmarkFileHeader, registry: PluginRegistry,
                      config: AnalysisConfig, folder: String, video: String?, annotated: Bool) throws -> [String] {
        let folderURL = URL(fileURLWithPath: folder)
        try ReportFolderWriter.createFolder(folderURL)
        let loaded = try registry.descriptor(id: "shear-guard").map { try config.settings(for: $0).number("loaded-inclination") } ?? 30
        var report = ReportInput(document: document, frames: frames, header: header, loadedInclinationDeg: loaded,
                                 videoName: video.map { URL(fileURLWithPath: $0).lastPathComponent })
        var extra: [String] = []
        var tempVideo: URL?
        if let video {
            let overlay = HingeOverlay(result: document.result, loadedInclinationDeg: loaded)
            let temp = annotated ? folderURL.appendingPathComponent(".annotated.\(ProcessInfo.processInfo.processIdentifier).partial.mp4") : nil
            tempVideo = temp
            let progress = ProgressLine(label: annotated ? "annotated video" : "pictures", total: frames.count, enabled: true)
            let output: OverlayVideo.Output
            do {
                output = try OverlayVideo.render(OverlayVideo.Request(
                    videoPath: video, frames: frames, header: header, overlay: overlay,
                    pictureFrames: OverlayVideo.pictureFrames(result: document.result, frames: frames),
                    annotatedPath: temp?.path)) { progress.update($0) }
            } catch {
                if let temp { try? FileManager.default.removeItem(at: temp) }
                throw error
            }
            progress.finish(output.videoFrames)
            for note in output.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
            report.thumbnails = output.pictures.keys.sorted().map { rep in
                let p = output.pictures[rep]!
                return RepThumbnail(repIndex: rep, frameIndex: p.frameIndex, time: p.time, jpeg: Data(p.picture.jpeg),
                                    width: p.picture.width, height: p.picture.height)
            }
            if annotated { extra.append("annotated.mp4") }
        }
        defer { if let tempVideo { try? FileManager.default.removeItem(at: tempVideo) } }
        let written = try ReportFolderWriter.write(report, to: folderURL, extraFiles: extra) { try config.settings(for: $0) }
        var names = written.map(\.lastPathComponent)
        if let tempVideo {
            try AtomicFile.moveIntoPlace(tempVideo, to: folderURL.appendingPathComponent("annotated.mp4"))
            names.append("annotated.mp4")
        }
        return names
    }
}
