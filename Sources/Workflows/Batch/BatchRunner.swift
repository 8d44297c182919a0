import Analyzers
import Foundation
import PoseCapture
import PoseCore
import Reports

/// A stop request shared by the batch's jobs (Ctrl-C).
public final class BatchStopFlag: Sendable {
    private struct State {
        var stopped = false
        var nextID = 0
        var observers: [Int: @Sendable () -> Void] = [:]
    }
    private let state = LockedValue(State())

    public init() {}

    /// Asks every job to stop at its next frame and no new job to start, and tells the
    /// observers (once). They run under the lock, so once `removeObserver` has returned none of
    /// them is still running (they must be quick and must not call back into the flag).
    public func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            for (_, observer) in state.observers.sorted(by: { $0.key < $1.key }) { observer() }
            state.observers.removeAll()
        }
    }

    public var isStopped: Bool { state.get().stopped }

    /// Calls `action` when the batch is asked to stop (at once if it already was), until
    /// `removeObserver` with the returned id: a stop reaches a child process as it happens,
    /// with nothing polling the flag.
    public func onStop(_ action: @escaping @Sendable () -> Void) -> Int {
        let (id, stopped) = state.withLock { state -> (Int, Bool) in
            state.nextID += 1
            if !state.stopped { state.observers[state.nextID] = action }
            return (state.nextID, state.stopped)
        }
        if stopped { action() }
        return id
    }

    public func removeObserver(_ id: Int) {
        _ = state.withLock { $0.observers.removeValue(forKey: id) }
    }
}

/// Where a batch run stands, for a progress line. Counts are of this run's inputs.
public struct BatchProgress: Sendable {
    /// Inputs in this shard.
    public var total = 0
    /// Inputs with a complete report from an earlier run, not redone.
    public var skipped = 0
    /// Inputs to analyse in this run.
    public var toRun = 0
    /// Inputs finished in this run (done or failed).
    public var finished = 0
    public var failed = 0
    public var running = 0
    /// Landmark frames read in this run, over all jobs.
    public var frames = 0
    /// Size of the inputs to analyse, and of those finished.
    public var bytesTotal: Int64 = 0
    public var bytesFinished: Int64 = 0
    public var elapsedS = 0.0
    /// The input that just finished, when this update is about one.
    public var justFinished: BatchEntry?

    /// Seconds left, from the input bytes finished per second so far; nil before the first input
    /// finishes.
    public var etaS: Double? {
        guard bytesFinished > 0, elapsedS > 0 else { return nil }
        return Double(bytesTotal - bytesFinished) / (Double(bytesFinished) / elapsedS)
    }

    /// Frames per second over all jobs.
    public var framesPerSecond: Double { elapsedS > 0 ? Double(frames) / elapsedS : 0 }
}

/// Analyses many inputs, each into its own report folder under one output folder, a bounded
/// number at a time, and writes a summary (`index.html`, `summary.csv`, `batch.json`).
///
/// - Each input is isolated: an error in one (missing, damaged, not a landmark file) is recorded
///   in its summary row and the others go on; with `Options.isolation` (the CLI) each input runs
///   in its own process, so a crash (trap, abort, segfault, out-of-memory kill) is recorded as
///   that input's failure too (`BatchChildProcess`).
/// - Resumable: an input's folder is complete only once `done.json` is written, last; an input
///   whose `done.json` matches its current size and modification time is skipped unless `force`.
/// - Jobs run on an `OperationQueue` bounded by `jobs` (each on its own thread: analysis is
///   synchronous, CPU-bound work that must not hold Swift's cooperative pool). Each video job has
///   its own BlazePose estimator. OpenCV's thread count is process-wide, so it is set once before
///   the jobs start (to cores / jobs) and the jobs' estimators leave it alone.
public struct BatchRunner: Sendable {
    /// How much of the video goes into each report.
    public enum ReportVideo: String, Sendable, CaseIterable {
        /// No rep pictures, no annotated video (the fastest).
        case none
        /// A picture of each rep's worst moment (one more decoding pass).
        case pictures
        /// Rep pictures and annotated.mp4 (decode and encode: about doubles the time).
        case annotated
    }

    public struct Options: Sendable {
        /// Folders, files, globs and .txt lists (`BatchInputs.expand`).
        public var arguments: [String]
        public var outputFolder: String
        /// Jobs at once; nil = `BatchResources.defaultJobs`.
        public var jobs: Int?
        /// Redo inputs that have a complete report.
        public var force: Bool
        public var shard: BatchShard
        public var extensions: Set<String>
        public var sourceID: String?
        public var config: AnalysisConfig
        public var profile: AthleteProfile?
        public var reportVideo: ReportVideo
        /// Keep each video's landmarks as landmarks.jsonl in its report folder.
        public var saveLandmarks: Bool
        /// Run each input in a child process (`hingecheck batch` does), so that a crash ends
        /// that input only; nil runs them on threads of this process.
        public var isolation: BatchChildProcess?

        public init(arguments: [String], outputFolder: String, jobs: Int? = nil, force: Bool = false,
                    shard: BatchShard = .all, extensions: Set<String> = BatchInputs.defaultExtensions,
                    sourceID: String? = nil, config: AnalysisConfig = AnalysisConfig(), profile: AthleteProfile? = nil,
                    reportVideo: ReportVideo = .pictures, saveLandmarks: Bool = false, isolation: BatchChildProcess? = nil) {
            self.arguments = arguments
            self.outputFolder = outputFolder
            self.jobs = jobs
            self.force = force
            self.shard = shard
            self.extensions = extensions
            self.sourceID = sourceID
            self.config = config
            self.profile = profile
            self.reportVideo = reportVideo
            self.saveLandmarks = saveLandmarks
            self.isolation = isolation
        }
    }

    /// What a run will do.
    public struct Plan: Sendable {
        /// Every input found, before sharding.
        public var foundCount: Int
        /// This shard's inputs, sorted by path.
        public var inputs: [BatchInput]
        /// Those to analyse now.
        public var toRun: [BatchInput]
        /// Rows of the inputs skipped (complete reports), from their `done.json`.
        public var skipped: [BatchEntry]
        public var jobs: Int
        /// OpenCV worker threads set for the run (video inputs only; nil: left as it is).
        public var threads: Int?
        /// Remarks for people (globs that matched nothing, memory).
        public var notes: [String]
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public var summary: BatchSummary
        public var analysed: Int
        public var failed: Int
        public var skipped: Int
        public var interrupted: Bool
        /// The summary files written, with their folder.
        public var summaryFiles: [String]
        /// Whether every input of this shard has a complete report (exit code 0).
        public var allSucceeded: Bool { summary.entries.allSatisfy { !$0.isFailure } }
    }

    public let registry: PluginRegistry
    public let options: Options

    public init(registry: PluginRegistry, options: Options) {
        self.registry = registry
        self.options = options
    }

    var outputURL: URL { URL(fileURLWithPath: BatchInputs.canonicalPath(options.outputFolder), isDirectory: true) }

    /// Finds the inputs, keeps this shard's, and sorts out which have complete reports.
    /// - Throws: `.invalidArgument` for a bad configuration, `.notFound` when no input was found.
    public func plan() throws -> Plan {
        try options.config.validate(against: registry)
        let expansion = BatchInputs.expand(options.arguments, extensions: options.extensions, excluding: [outputURL.path])
        guard !expansion.inputs.isEmpty else {
            throw HingeCheckError(.notFound, "no input found in \(options.arguments.joined(separator: " "))",
                                  hint: "give video files, .jsonl landmark files, folders holding them, globs or a .txt list of paths"
                                      + (expansion.notes.isEmpty ? "" : " (\(expansion.notes.joined(separator: "; ")))"))
        }
        let mine = options.shard.select(expansion.inputs)
        var toRun: [BatchInput] = []
        var skipped: [BatchEntry] = []
        for input in mine {
            if !options.force, let marker = BatchMarker.read(in: outputURL.appendingPathComponent(input.folderName)),
               marker.isComplete(for: input, now: BatchMarker.Fingerprint.of(input.path)) {
                var entry = marker.entry
                entry.folder = input.folderName
                skipped.append(entry)
            } else {
                toRun.append(input)
            }
        }
        var notes = expansion.notes
        let hasVideo = toRun.contains { $0.kind == .video }
        var jobs = options.jobs ?? BatchResources.defaultJobs(hasVideo: hasVideo)
        jobs = max(1, min(jobs, max(1, toRun.count)))
        if hasVideo, let jobs = options.jobs, let memory = BatchResources.availableMemoryBytes(),
           Int64(jobs) * BatchResources.bytesPerVideoJob > memory {
            notes.append("--jobs \(jobs) may need more memory than is free (\(memory / 1_000_000) MB; about "
                         + "\(BatchResources.bytesPerVideoJob / 1_000_000) MB per video job)")
        }
        var threads: Int?
        if hasVideo, registry.source(id: "blazepose") != nil {
            let asked = options.config.overrides["blazepose"]?["threads"].flatMap { Int($0) } ?? 0
            threads = asked > 0 ? asked : BatchResources.threadsPerJob(jobs: jobs)
        }
        return Plan(foundCount: expansion.inputs.count, inputs: mine, toRun: toRun, skipped: skipped, jobs: jobs,
                    threads: threads, notes: notes)
    }

    /// Runs the plan and writes the summary files.
    /// - Parameters:
    ///   - stop: set it (e.g. on Ctrl-C) to stop: running jobs stop at their next frame and are
    ///     listed as interrupted, jobs not started are listed as pending, and the summary is written.
    ///   - progress: called after each frame and each finished input, from the jobs' threads, one
    ///     call at a time.
    /// - Throws: `.io` when the output folder or the summary cannot be written (an input's own
    ///   errors are recorded in its row, never thrown).
    public func run(_ plan: Plan, stop: BatchStopFlag = BatchStopFlag(),
                    progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }) throws -> Outcome {
        let out = outputURL
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        } catch {
            throw HingeCheckError(.io, "cannot create the output folder: \(error.localizedDescription)", path: out.path,
                                  hint: "check the path and that it is writable")
        }
        if let threads = plan.threads { CaptureLibrary.setThreadCount(threads) }

        let state = RunState(plan: plan)
        let queue = OperationQueue()
        queue.name = "hingecheck.batch"
        queue.maxConcurrentOperationCount = plan.jobs
        let registry = self.registry, options = self.options
        for input in plan.toRun {
            queue.addOperation {
                guard !stop.isStopped else { return }
                state.started(progress)
                let addFrames: (Int) -> Void = { frames in state.addFrames(frames, progress) }
                let entry = options.isolation.map { $0.run(BatchChildJob(input: input, threads: plan.threads), stop: stop, frames: addFrames) }
                    ?? BatchRunner.analyse(input, registry: registry, options: options, out: out, stop: stop, frames: addFrames)
                state.finished(entry, bytes: BatchMarker.Fingerprint.of(input.path)?.bytes ?? 0, progress)
            }
        }
        queue.waitUntilAllOperationsAreFinished()

        var entries = plan.skipped
        let ran = state.entries
        for input in plan.toRun {
            entries.append(ran[input.path] ?? BatchEntry(input: input, status: .pending, error: "not started: the run was interrupted"))
        }
        let summary = BatchSummary(entries: entries, shard: options.shard)
        let files = try summary.write(to: out)
        let analysed = ran.values.filter { $0.status == .done }.count
        return Outcome(summary: summary, analysed: analysed, failed: ran.values.filter { $0.status == .failed }.count,
                       skipped: plan.skipped.count, interrupted: stop.isStopped, summaryFiles: files)
    }

    /// One input, start to finish; never throws (errors go into the row).
    static func analyse(_ input: BatchInput, registry: PluginRegistry, options: Options, out: URL, stop: BatchStopFlag,
                        frames: (Int) -> Void) -> BatchEntry {
        var entry = BatchEntry(input: input, status: .failed)
        let fm = FileManager.default
        let folder = out.appendingPathComponent(input.folderName)
        do {
            // The marker goes first: until it is written again the folder counts as incomplete.
            try? fm.removeItem(at: folder.appendingPathComponent(BatchMarker.fileName))
            guard let before = BatchMarker.Fingerprint.of(input.path) else {
                throw HingeCheckError(.notFound, "no such file, or it cannot be read", path: input.path,
                                      hint: "check the path and its permissions")
            }
            var config = options.config
            if registry.source(id: "blazepose") != nil {
                // OpenCV's thread count is process-wide and was set for the whole run; an estimator
                // setting it while others run would race.
                config.overrides["blazepose", default: [:]]["threads"] = "0"
            }
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            let landmarks = options.saveLandmarks && input.kind == .video ? folder.appendingPathComponent("landmarks.jsonl").path : nil
            let job = AnalysisJob(registry: registry, options: AnalysisJob.Options(
                input: input.path, sourceID: options.sourceID, config: config, profile: options.profile,
                saveLandmarks: landmarks, reportFolder: nil, useVideo: false, keepFrames: true))
            var seen = 0
            let outcome = try job.run(progress: { event in
                if case .landmarks(let done, _) = event {
                    frames(done - seen)
                    seen = done
                }
            }, shouldStop: { stop.isStopped })
            if stop.isStopped {
                entry.status = .interrupted
                entry.error = "interrupted after \(outcome.frameCount) frames"
                return entry
            }
            if outcome.frameCount == 0 {
                throw outcome.streamError ?? HingeCheckError(.badInput, "no frame could be read", path: input.path,
                                                             hint: "check that the file plays and is a whole recording")
            }
            // The frames are spooled on disk (`keepFrames`); none when the temporary file failed.
            guard let frames = outcome.frames else {
                throw outcome.reportError ?? HingeCheckError(.io, "the frames could not be kept for the report", path: input.path)
            }
            entry.record(outcome.document)
            let video = input.kind == .video && options.reportVideo != .none ? input.path : nil
            _ = try ReportBuilder.write(document: outcome.document, frames: frames, header: outcome.header,
                                        registry: registry, config: config, folder: folder.path, video: video,
                                        annotated: options.reportVideo == .annotated)
            // An external analyser that failed leaves a complete report of the built-in results:
            // the input is done (listed with its verdict), the row names the analyser and its
            // error, and the batch exits 1 at the end (as `analyze` does).
            let pluginFailure = outcome.pluginErrors.isEmpty ? nil : Self.describePluginFailures(outcome.pluginErrors, ids: entry.failedExternalAnalyzers)
            if let streamError = outcome.streamError {
                entry.status = .failed
                entry.error = "stopped after \(outcome.frameCount) frames (report covers those): " + describe(streamError)
                    + (pluginFailure.map { "; " + $0 } ?? "")
                return entry
            }
            guard BatchMarker.Fingerprint.of(input.path) == before else {
                throw HingeCheckError(.badInput, "the file changed while it was analysed", path: input.path,
                                      hint: "run the batch again once the file is complete")
            }
            entry.status = .done
            entry.error = pluginFailure
            try BatchMarker(input: input.path, fingerprint: before, entry: entry).write(in: folder)
        } catch {
            entry.status = .failed
            entry.error = describe(error)
            // A failure before anything was written leaves no empty folder behind (the summary
            // holds the error); a folder with partial results is kept.
            if let contents = try? fm.contentsOfDirectory(atPath: folder.path), contents.isEmpty {
                try? fm.removeItem(at: folder)
            }
        }
        return entry
    }

    /// The row's error when external analysers failed: which, that the report is complete
    /// without them, and each one's error.
    static func describePluginFailures(_ errors: [HingeCheckError], ids: [String]) -> String {
        let names = ids.isEmpty ? "an external analyser" : "external analyser\(ids.count == 1 ? "" : "s") \(ids.joined(separator: ", "))"
        return "\(names) failed (the report holds the built-in results without \(ids.count == 1 ? "its" : "their") own): "
            + errors.map(describe).joined(separator: "; ")
    }

    /// One line for a summary row.
    static func describe(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: "; ")
    }

    /// Counters and finished rows, shared by the jobs; each change and its progress callback
    /// happen under one lock, so callbacks arrive one at a time and in order.
    final class RunState: Sendable {
        private struct Counts {
            var progress = BatchProgress()
            var finishedEntries: [String: BatchEntry] = [:]
        }

        private let counts = LockedValue(Counts())
        private let start = Date()

        init(plan: Plan) {
            counts.withLock {
                $0.progress.total = plan.inputs.count
                $0.progress.skipped = plan.skipped.count
                $0.progress.toRun = plan.toRun.count
                $0.progress.bytesTotal = plan.toRun.reduce(0) { $0 + (BatchMarker.Fingerprint.of($1.path)?.bytes ?? 0) }
            }
        }

        var entries: [String: BatchEntry] { counts.get().finishedEntries }

        func started(_ report: (BatchProgress) -> Void) {
            change(report) { $0.progress.running += 1 }
        }

        func addFrames(_ n: Int, _ report: (BatchProgress) -> Void) {
            change(report) { $0.progress.frames += n }
        }

        func finished(_ entry: BatchEntry, bytes: Int64, _ report: (BatchProgress) -> Void) {
            change(report, justFinished: entry) {
                $0.finishedEntries[entry.input] = entry
                $0.progress.running -= 1
                if entry.status == .done || entry.status == .failed {
                    $0.progress.finished += 1
                    $0.progress.bytesFinished += bytes
                }
                if entry.status == .failed { $0.progress.failed += 1 }
            }
        }

        /// Applies `body`, stamps the time and reports, all under the lock; `justFinished` names
        /// the input of this event only.
        private func change(_ report: (BatchProgress) -> Void, justFinished: BatchEntry? = nil,
                            _ body: (inout Counts) -> Void) {
            counts.withLock {
                body(&$0)
                $0.progress.justFinished = justFinished
                $0.progress.elapsedS = Date().timeIntervalSince(start)
                report($0.progress)
            }
        }
    }
}
