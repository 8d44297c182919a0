import Analyzers
import ArgumentParser
import Foundation
import PoseCapture
import PoseCore
import Reports
import Workflows

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Writes the per-rep report folder from a landmark file (no networks run).",
        usage: "hingecheck report <input> --out <out> [<options>]",
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
              hingecheck report pose.csv --out out/mp \\
                  --set mediapipe-csv.width=1920 --set mediapipe-csv.height=1080
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

    @OptionGroup var settings: AnalysisSettingsOptions

    func run() throws {
        let registry = try BuiltInPlugins.registry()
        let (analysisConfig, athlete) = try settings.load(registry: registry)

        let sourceInput = InputResolver.parse(input)
        if case .camera = sourceInput {
            throw HingeCheckError(.invalidArgument, "report reads landmark files, not cameras", path: input,
                                  hint: "use `hingecheck analyze \(input) --report DIR`")
        }
        let plugin = try InputResolver.plugin(for: sourceInput, id: settings.source, registry: registry)
        guard ReportBuilder.fileSourceIDs.contains(plugin.descriptor.id) else {
            throw HingeCheckError(.invalidArgument, "report reads landmark files; \"\(plugin.descriptor.id)\" would run the networks on this input",
                                  path: input,
                                  hint: "give a .jsonl, OpenPose JSON folder, MediaPipe CSV, .trc or spine keypoint file, or run `hingecheck analyze \(input) --report DIR`")
        }
        if let video, !FileManager.default.fileExists(atPath: video) {
            throw HingeCheckError(.notFound, "no such video", path: video)
        }
        let external = try ExternalAnalysisStage(config: analysisConfig, registry: registry)
        let stream = try plugin.open(sourceInput, settings: analysisConfig.settings(for: plugin.descriptor))
        var session = try AnalysisPipeline(registry: registry, config: analysisConfig, profile: athlete).makeSession(header: stream.header)
        // The session's sink spools the frames to a temporary file as they are read (the
        // exporters read them back in order): memory stays flat in the recording's length (issue #21).
        let spool = try FrameSpool()
        defer { spool.remove() }
        session.attach(spool)
        while let frame = try stream.next() {
            session.push(frame)
        }
        if let error = session.failure(of: spool) { throw error }
        let frames = PoseFrames(spool: spool)
        var result = try session.finish()
        let pluginErrors = external.run(on: &result, header: stream.header)
        let document = AnalysisDocument(input: input, header: stream.header, frameCount: frames.count, result: result)
        let progress = FrameProgress(label: noAnnotatedVideo ? "pictures" : "annotated video", total: frames.count, enabled: video != nil)
        let files = try ReportBuilder.write(document: document, frames: frames, header: stream.header, registry: registry,
                                            config: analysisConfig, folder: out, video: video, annotated: !noAnnotatedVideo,
                                            progress: { progress.update($0) },
                                            note: { FileHandle.standardError.write(Data("note: \($0)\n".utf8)) })
        if video != nil { progress.finish(frames.count) }
        try StandardOutput.write(document.verdict)
        FileHandle.standardError.write(Data("wrote \(files.joined(separator: ", ")) to \(out)\n".utf8))
        try ExternalAnalyzerFailures.report(pluginErrors)
    }
}
