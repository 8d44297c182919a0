import Analyzers
import ArgumentParser
import Foundation
import PoseCore
import Reports
import Workflows

struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Finds the reps and flags the moments the lumbar curve was lost under load.",
        usage: "hingecheck analyze <input> [<options>]",
        discussion: """
            INPUT is a video file, a folder of images, a camera index, or a landmark file (.jsonl) \
            written by `hingecheck landmarks` (then no network runs and the output is byte-identical \
            every time). Film from the side, camera level at hip height, the whole lifter in view.

            Prints a per-rep table and the flagged moments in time order; --json prints the \
            versioned analysis document instead (schema in docs/report-schema.md).

            Examples:
              hingecheck analyze SampleVideos/deadlift-fatigue.mp4
              hingecheck analyze run.jsonl --json > analysis.json
              hingecheck analyze lift.mp4 --report out/lift --save-landmarks out/lift.jsonl
              hingecheck analyze lift.mp4 --config hinge.toml \\
                  --set shear-guard.markerless-threshold=2
              hingecheck analyze taped.mp4 --source markers \\
                  --set shear-guard.flexion-threshold=18
            """
    )

    @Argument(help: "Video file, image folder, camera index, or .jsonl landmark file.")
    var input: String

    @Flag(help: "Print the analysis as JSON.")
    var json = false

    @Option(help: "Write the report folder: report.html, report.json, reps.csv, frames.csv, angles.mot, landmarks.trc, openpose/ and, for a video input, annotated.mp4.")
    var report: String?

    @Flag(help: "With --report on a video: no rep pictures and no annotated.mp4 (faster).")
    var noVideo = false

    @Option(help: "Also save the landmarks as a .jsonl file (replay later without the networks).")
    var saveLandmarks: String?

    @Flag(help: "Print where the time went, stage by stage (decode, networks, mask, outline, analysis, report, output), to standard error.")
    var timings = false

    @OptionGroup var settings: AnalysisSettingsOptions

    func run() throws {
        let registry = try BuiltInPlugins.registry()
        var (analysisConfig, athlete) = try settings.load(registry: registry)
        // One analysis in this process: the networks' thread count may be tuned while it runs
        // (Sources/PoseCapture/ThreadTuner.swift), which a process running several at once must not do.
        if analysisConfig.overrides["blazepose"]?["threads"] == nil {
            analysisConfig.overrides["blazepose", default: [:]]["threads"] = "auto"
        }
        let job = AnalysisJob(registry: registry, options: AnalysisJob.Options(
            input: input, sourceID: settings.source, config: analysisConfig, profile: athlete,
            saveLandmarks: saveLandmarks, reportFolder: report, useVideo: !noVideo))
        // The landmark line starts with the first frame, when the source's declared frame count
        // (for the total, percentage and ETA) is known.
        let slow = try job.sourceIsSlow()
        var landmarkProgress: FrameProgress?
        var videoProgress: FrameProgress?
        let outcome = try job.run(progress: { event in
            switch event {
            case .landmarks(let done, let total):
                if landmarkProgress == nil { landmarkProgress = FrameProgress(label: "landmarks", total: total, enabled: slow) }
                landmarkProgress?.update(done)
            case .reportVideo(let done, let total):
                if videoProgress == nil {
                    landmarkProgress?.finish(total)
                    videoProgress = FrameProgress(label: "report video", total: total)
                }
                videoProgress?.update(done)
            case .note(let text): FileHandle.standardError.write(Data("note: \(text)\n".utf8))
            }
        })
        if let videoProgress { videoProgress.finish(outcome.frameCount) } else { landmarkProgress?.finish(outcome.frameCount) }
        let document = outcome.document
        if let report, outcome.reportError == nil {
            FileHandle.standardError.write(Data("wrote \(outcome.reportFiles.joined(separator: ", ")) to \(report)\n".utf8))
        }
        var times = outcome.stageTimes
        let outputTime = try ContinuousClock().measure {
            if json {
                try StandardOutput.write(String(decoding: try document.jsonData(), as: UTF8.self))
            } else {
                try StandardOutput.write(AnalysisTable.render(document))
            }
        }
        times.add(json ? "JSON output" : "table output", ms: outputTime.milliseconds)
        if timings { FileHandle.standardError.write(Data(StageTable.render(times, frames: outcome.frameCount).utf8)) }
        if let reportError = outcome.reportError {
            FileHandle.standardError.write(Data("the report could not be written; the results above are complete\n".utf8))
            throw reportError
        }
        if let streamError = outcome.streamError {
            FileHandle.standardError.write(Data("stopped after \(outcome.frameCount) frames; the results above cover those frames\n".utf8))
            throw streamError
        }
        try ExternalAnalyzerFailures.report(outcome.pluginErrors)
    }
}
