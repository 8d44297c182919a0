import Analyzers
import Foundation
import PoseCore
import Reports

/// One input analysed end to end: landmarks from its source, optionally saved, the analysis, and
/// optionally the report folder. Shared by `analyze`, `batch` and `live` so they all give the
/// same answer for the same input.
///
/// Failure policy ("nothing lost"): if the source fails mid-way, the frames read so far are
/// analysed and reported, and the source's error is returned in `Outcome.streamError` for the
/// caller to surface after showing the partial results.
public struct AnalysisJob {
    public struct Options {
        public var input: String
        /// Landmark source plugin id; nil chooses from the input.
        public var sourceID: String?
        public var config: AnalysisConfig
        public var profile: AthleteProfile?
        /// Write the landmarks here as they come (.jsonl).
        public var saveLandmarks: String?
        /// Write the report folder here.
        public var reportFolder: String?
        /// Use the input video for rep pictures and annotated.mp4 when it is a video.
        public var useVideo: Bool
        /// Keep the frames read in `Outcome.frames` (spooled to a temporary file), for a caller
        /// that writes the report itself afterwards (`batch`). Without it and without a report
        /// folder no frame is kept after the analysis has taken it.
        public var keepFrames: Bool

        public init(input: String, sourceID: String? = nil, config: AnalysisConfig = AnalysisConfig(),
                    profile: AthleteProfile? = nil, saveLandmarks: String? = nil, reportFolder: String? = nil,
                    useVideo: Bool = true, keepFrames: Bool = false) {
            self.keepFrames = keepFrames
            self.input = input
            self.sourceID = sourceID
            self.config = config
            self.profile = profile
            self.saveLandmarks = saveLandmarks
            self.reportFolder = reportFolder
            self.useVideo = useVideo
        }
    }

    public struct Outcome {
        public var document: AnalysisDocument
        /// Frames read from the source (the analysed ones).
        public var frameCount: Int
        /// The frames, read back from a temporary file, when `Options.keepFrames` was set; nil
        /// otherwise, and when the temporary file could not take them (then `reportError` says
        /// why). The file goes when the last copy of the outcome does.
        public var frames: PoseFrames?
        public var header: LandmarkFileHeader
        /// Names of the report files written (empty without a report folder).
        public var reportFiles: [String]
        /// The source's error when it stopped early; the results cover the frames before it.
        public var streamError: (any Error)?
        /// The report folder's error when writing it failed after the analysis (a full disk):
        /// the document is still here, for the caller to show before failing.
        public var reportError: (any Error)?
        /// External analysers that failed (docs/plugins.md): their errors, each naming the
        /// plugin. The results and the report are complete without them; the caller shows
        /// them after the results and fails.
        public var pluginErrors: [HingeCheckError] = []
        /// Wall time per stage: the source's own (decode, networks, outline) when it measures
        /// them, then the analysis and the report folder.
        public var stageTimes = StageTimes()
    }

    /// What a job reports while it runs.
    public enum Progress {
        /// Frames read from the source so far (and the declared total when known).
        case landmarks(done: Int, total: Int?)
        /// Video frames rendered for the report (pictures, annotated video).
        case reportVideo(done: Int, total: Int)
        /// A remark for people.
        case note(String)
    }

    public let registry: PluginRegistry
    public let options: Options

    public init(registry: PluginRegistry, options: Options) {
        self.registry = registry
        self.options = options
    }

    /// The source's settings for analysis: the markerless lumbar measure needs the segmentation
    /// mask (the dorsal contour), so a source that offers a `mask` parameter gets it switched on
    /// unless the configuration says otherwise.
    public static func analysisSettings(for plugin: any LandmarkSourcePlugin, config: AnalysisConfig) throws -> PluginSettings {
        var config = config
        let id = plugin.descriptor.id
        if plugin.descriptor.parameters.contains(where: { $0.name == "mask" }), config.overrides[id]?["mask"] == nil {
            config.overrides[id, default: [:]]["mask"] = "on"
        }
        // The mask gate's default sits a margin under the inclination shear-guard judges from by
        // default (both defaults are in their descriptors); a configuration that judges from lower
        // down moves the gate down with it, by the same margin.
        let shearGuard = ShearGuardAnalyzer().descriptor
        if let gateDefault = plugin.descriptor.defaultNumber("mask-from-inclination"),
           let loadedDefault = shearGuard.defaultNumber("loaded-inclination"), config.overrides[id]?["mask-from-inclination"] == nil {
            let loaded = try config.settings(for: shearGuard).number("loaded-inclination")
            if loaded < loadedDefault {
                config.overrides[id, default: [:]]["mask-from-inclination"] = String(max(0, loaded - (loadedDefault - gateDefault)))
            }
        }
        return try config.settings(for: plugin.descriptor)
    }

    /// A video that decodes to fewer frames than its container declares was most likely cut
    /// short (a copy or an upload that stopped): the verdicts cover only what was there. The
    /// 10 % and 3-frame allowance is for containers whose count is an estimate from duration
    /// times frame rate.
    static func shortInputWarning(read: Int, declared: Int, input: String) -> String? {
        guard declared - read >= 3, Double(read) < 0.9 * Double(declared) else { return nil }
        return "\(input) declares \(declared) frames but only \(read) could be decoded: the file is probably truncated, so the results cover the first \(read) frames only. Copy or export the video again (`hingecheck probe --count \(input)` checks it)."
    }

    /// A video with undecodable frames (damaged data) was read past them: the verdicts stand on
    /// the frames around the gaps, and the person should know how many are missing.
    static func skippedFramesWarning(skipped: Int, read: Int, input: String) -> String? {
        guard skipped > 0 else { return nil }
        return "\(skipped) of \(skipped + read) frames of \(input) could not be decoded (damaged data) and were skipped; the results cover the other \(read). Copy or export the video again if you have a whole one (`hingecheck probe --count \(input)` checks it)."
    }

    /// Whether the chosen source runs networks or decodes video (worth a progress bar).
    public func sourceIsSlow() throws -> Bool {
        let plugin = try InputResolver.plugin(for: InputResolver.parse(options.input), id: options.sourceID, registry: registry)
        return !ReportBuilder.fileSourceIDs.contains(plugin.descriptor.id)
    }

    /// Runs the job.
    /// - Parameter shouldStop: polled once per frame; returning true ends reading early (Ctrl-C),
    ///   and the frames so far are analysed and reported.
    /// - Throws: configuration, input and report-folder errors before any frame is read; a report
    ///   that fails later is returned in `Outcome.reportError` with the analysis.
    public func run(progress: (Progress) -> Void = { _ in }, shouldStop: () -> Bool = { false }) throws -> Outcome {
        try options.config.validate(against: registry)
        // External analysers are found and handshaken now: a config mistake fails before any frame.
        let external = try ExternalAnalysisStage(config: options.config, registry: registry)
        // A folder that cannot be made fails now, not after minutes of landmarks.
        if let folder = options.reportFolder { try ReportFolderWriter.createFolder(URL(fileURLWithPath: folder)) }
        let sourceInput = InputResolver.parse(options.input)
        let plugin = try InputResolver.plugin(for: sourceInput, id: options.sourceID, registry: registry)
        let stream = try plugin.open(sourceInput, settings: Self.analysisSettings(for: plugin, config: options.config))
        let writer = try options.saveLandmarks.map { try LandmarkFileWriter(url: URL(fileURLWithPath: $0), header: stream.header) }

        // Frames go into the analysis session as they are read (it keeps only their kinematic
        // samples); the report folder needs the frames too, so the session's sink spools them to
        // a temporary file (unlinked at once, gone with the spool) and the exporters read them
        // back: memory stays flat in the recording's length (issue #21).
        var session = try AnalysisPipeline(registry: registry, config: options.config, profile: options.profile)
            .makeSession(header: stream.header)
        var spool = options.reportFolder != nil || options.keepFrames ? try FrameSpool() : nil
        if let spool { session.attach(spool) }
        let clock = ContinuousClock()
        var analysisTime = Duration.zero
        var frameCount = 0
        var streamError: (any Error)?
        do {
            while !shouldStop(), let frame = try stream.next() {
                frameCount += 1
                analysisTime += clock.measure { session.push(frame) }
                try writer?.write(frame)
                progress(.landmarks(done: frameCount, total: stream.declaredFrameCount))
            }
        } catch {
            streamError = error
        }
        try writer?.finish()
        // A full temporary disk detached the spool (which released its file then): the analysis
        // went on, the report fails (reportError).
        let spoolError = spool.flatMap { session.failure(of: $0) }
        if spoolError != nil { spool = nil }
        // Nothing to analyse is a failure, not an empty report (batch says the same).
        if frameCount == 0, !shouldStop() {
            throw streamError ?? HingeCheckError(.badInput, "no frame could be read", path: options.input,
                                                 hint: "check that the file plays and is a whole recording (`hingecheck probe --count FILE`), or that a landmark file has frames after its header")
        }

        var times = stream.stageTimes ?? StageTimes()
        var result: AnalysisResult!
        analysisTime += try clock.measure { result = try session.finish() }
        times.add("analysis (kinematics, analyzers)", ms: analysisTime.milliseconds)
        let skipped = stream.skippedFrames
        // Skipped frames were there, only damaged: they do not make the file look cut short.
        if streamError == nil, !shouldStop(), let declared = stream.declaredFrameCount,
           let warning = Self.shortInputWarning(read: frameCount + skipped, declared: declared, input: options.input) {
            result.warn("truncated_input", warning)
            progress(.note(warning))
        }
        if let warning = Self.skippedFramesWarning(skipped: skipped, read: frameCount, input: options.input) {
            result.warn("skipped_frames", warning)
            progress(.note(warning))
        }
        let externalStart = clock.now
        let pluginErrors = external.run(on: &result, header: stream.header)
        if !external.isEmpty { times.add("external analysers", ms: (clock.now - externalStart).milliseconds) }
        let frames = spool.map { PoseFrames(spool: $0) }
        let document = AnalysisDocument(input: options.input, header: stream.header, frameCount: frameCount, result: result,
                                        skippedFrames: skipped)
        var files: [String] = []
        // Without every frame there is no report (it would cover some of them only).
        var reportError: (any Error)? = spoolError
        if let folder = options.reportFolder, let frames {
            var video: String?
            if case .file(let url) = sourceInput, !ReportBuilder.fileSourceIDs.contains(plugin.descriptor.id), options.useVideo {
                video = url.path
            }
            let start = clock.now
            defer { times.add("report folder", ms: (clock.now - start).milliseconds) }
            do {
                files = try ReportBuilder.write(document: document, frames: frames, header: stream.header, registry: registry,
                                            config: options.config, folder: folder, video: video, annotated: video != nil,
                                            progress: { progress(.reportVideo(done: $0, total: frameCount)) },
                                            note: { progress(.note($0)) })
            } catch {
                reportError = error
            }
        }
        if !options.keepFrames { spool?.remove() }
        return Outcome(document: document, frameCount: frameCount, frames: options.keepFrames ? frames : nil, header: stream.header, reportFiles: files, streamError: streamError,
                       reportError: reportError, pluginErrors: pluginErrors, stageTimes: times)
    }
}
