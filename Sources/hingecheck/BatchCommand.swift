import Analyzers
import ArgumentParser
import Dispatch
import Foundation
import PoseCore
import Reports
import Workflows

struct BatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Analyses many recorded lifts (videos and landmark files), each into its own report folder, with one summary.",
        discussion: """
            `hingecheck batch INPUT... --out DIR` runs the analysis of `hingecheck analyze --report` \
            on every input, a few at a time, and writes DIR/<name>-<hash>/ per input plus a summary: \
            DIR/index.html (a sortable table linking to every report), DIR/summary.csv and DIR/batch.json. \
            See docs/batch.md.

            `hingecheck batch merge DIR... --out DIR` builds one summary from the output folders of \
            sharded workers.

            Exit status: 0 when every input has a complete report, 1 when any failed (listed \
            with its error in the summary) or an external analyser failed on any (its report \
            has the built-in results), 130 when stopped by Ctrl-C or SIGTERM. \
            `hingecheck batch --help` lists the options of the run.
            """,
        subcommands: [Run.self, Merge.self],
        defaultSubcommand: Run.self
    )
}

extension BatchCommand {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Analyses the inputs (the default: `hingecheck batch INPUT... --out DIR`).",
            usage: "hingecheck batch <inputs> ... --out <out> [<options>]",
            discussion: """
                INPUT is a video, a landmark file (.jsonl, or any format `analyze` reads), a folder \
                (searched recursively for --ext files), a glob (quoted: '/data/**' is not supported, \
                '/data/*/*.mp4' is) or a .txt file listing paths, one per line (# comments).

                Each input gets its own report folder, named from its file name and a hash of its \
                full path. A folder is complete once done.json is written in it, last: a run skips \
                inputs with a complete report whose file has not changed (size and time) unless \
                --force, so after Ctrl-C, a crash or a failure, the same command picks up where it \
                stopped. One damaged or unreadable input does not stop the others; it is listed \
                with its error in the summary.

                Jobs: by default one per core and, with videos, no more than free memory / 1.5 GB. \
                OpenCV threads are set to cores / jobs. A progress line with rate and ETA goes to \
                stderr.

                --shard I/N analyses only the inputs whose path hash is I modulo N: N workers given \
                the same inputs and --out on shared storage split the batch without overlap (a \
                Kubernetes indexed Job: --shard $(JOB_COMPLETION_INDEX)/N; a Slurm array: --shard \
                ${SLURM_ARRAY_TASK_ID}/N). Each writes its own summary files (index.shard-I-of-N.html \
                ...); `hingecheck batch merge` joins them.

                Exit status: 0 when every input of this run (or shard) has a complete report; 1 when \
                any input failed, or an external analyser failed on any input (its report and the \
                summary still hold the built-in results; stderr names the analyser and the inputs, \
                and the next run redoes them), as `analyze` exits 1; 130 when stopped by Ctrl-C or \
                SIGTERM (the summary lists what was done; run the command again to finish).

                Examples:
                  hingecheck batch recordings/ --out reports/
                  hingecheck batch 'clips/*/*.mp4' landmarks/*.jsonl --out reports/ --jobs 2
                  hingecheck batch list.txt --out /shared/reports --shard 3/8
                  hingecheck batch recordings/ --out reports/ --force --report-video none
                """
        )

        @Argument(help: "Videos, landmark files, folders, globs or .txt lists of paths.")
        var inputs: [String]

        @Option(help: "Output folder: one report folder per input, and the summary.")
        var out: String

        @Option(help: "Inputs analysed at once (default: cores, and with videos at most free memory / 1.5 GB).")
        var jobs: Int?

        @Flag(help: "Redo inputs that already have a complete report.")
        var force = false

        @Option(help: ArgumentHelp("Analyse only shard I of N (0-based; see above).", valueName: "I/N"))
        var shard: String?

        @Option(help: ArgumentHelp("File extensions taken from folders and globs, comma-separated.",
                                   valueName: "list"))
        var ext: String = BatchInputs.defaultExtensions.sorted().joined(separator: ",")

        @Option(help: "Landmark source plugin id for every input (default: chosen per input).")
        var source: String?

        @Option(help: "Video in each report: none, pictures (a picture of each rep; default), annotated (pictures and annotated.mp4).")
        var reportVideo: ReportVideoChoice = .pictures

        @Flag(help: "Keep each video's landmarks as landmarks.jsonl in its report folder (re-analyse later without the networks).")
        var saveLandmarks = false

        @OptionGroup var analysis: AnalysisConfigOptions

        @Flag(help: "No progress line (errors and the final summary line still print).")
        var quiet = false

        /// Internal: the batch re-invokes itself with this for each input (`BatchChildProcess`).
        @Option(name: .customLong("child-job"), help: .private)
        var childJob: String?

        enum ReportVideoChoice: String, ExpressibleByArgument, CaseIterable {
            case none, pictures, annotated
        }

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("--jobs must be 1 or more") }
            if let shard { _ = try BatchShard(parsing: shard) }
            if extensions.isEmpty { throw ValidationError("--ext needs at least one extension, e.g. mp4,jsonl") }
        }

        var extensions: Set<String> {
            Set(ext.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ". ")).lowercased() }.filter { !$0.isEmpty })
        }

        func run() throws {
            let registry = try BuiltInPlugins.registry()
            let (analysisConfig, athlete) = try analysis.load(registry: registry)
            let runner = BatchRunner(registry: registry, options: BatchRunner.Options(
                arguments: inputs, outputFolder: out, jobs: jobs, force: force,
                shard: try shard.map { try BatchShard(parsing: $0) } ?? .all, extensions: extensions,
                sourceID: source, config: analysisConfig, profile: athlete,
                reportVideo: BatchRunner.ReportVideo(rawValue: reportVideo.rawValue) ?? .pictures, saveLandmarks: saveLandmarks,
                isolation: Self.childProcess()))
            if let childJob { return try Self.serve(childJob, runner) }
            let plan = try runner.plan()
            for note in plan.notes { printError("note: \(note)") }
            var line = "batch: \(plan.inputs.count) input\(plan.inputs.count == 1 ? "" : "s")"
            if plan.inputs.count != plan.foundCount { line += " in shard \(shard ?? "") of \(plan.foundCount) found" }
            line += "; \(plan.toRun.count) to analyse with \(plan.jobs) job\(plan.jobs == 1 ? "" : "s")"
            if let threads = plan.threads { line += " × \(threads) OpenCV thread\(threads == 1 ? "" : "s")" }
            if !plan.skipped.isEmpty { line += "; skipping \(plan.skipped.count) with a complete report (--force redoes them)" }
            printError(line)

            let stop = BatchStopFlag()
            let signals = Self.onInterrupt(stop)
            defer { withExtendedLifetime(signals) {} }
            let bar = ProgressLine.batch(enabled: !quiet)
            let outcome = try runner.run(plan, stop: stop) { bar.update($0) }
            bar.finish()
            let summary = outcome.summary
            let failed = summary.entries.filter(\.isFailure)
            var result = "batch: \(outcome.analysed) analysed, \(outcome.skipped) skipped, \(failed.count) not analysed"
            let pluginFailed = summary.entries.filter { !$0.failedExternalAnalyzers.isEmpty }.count
            if pluginFailed > 0 { result += ", \(pluginFailed) with a failed external analyser" }
            result += "; summary: \(outcome.summaryFiles.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ")) in \(out)"
            printError(result)
            if outcome.interrupted {
                printError("stopped: run the same command again to finish (complete reports are kept and skipped)")
                throw ExitCode(130)
            }
            if !failed.isEmpty {
                for e in failed.prefix(20) {
                    let why = e.error ?? e.status.rawValue
                    printError("failed: " + (why.contains(e.input) ? why : "\(e.input): \(why)"))
                }
                if failed.count > 20 { printError("... and \(failed.count - 20) more (see summary.csv)") }
            }
            // As `analyze` does: the reports are complete, but an external analyser failed, so exit 1.
            let pluginLines = externalAnalyzerFailureLines(summary.entries)
            for line in pluginLines { printError(line) }
            if !failed.isEmpty || !pluginLines.isEmpty { throw ExitCode(1) }
        }

        /// Per external analyser that failed on some inputs: its id, those inputs, and what to
        /// do (see its error with `analyze` on one of them, then rerun the batch, or turn it off).
        /// Empty when none failed.
        func externalAnalyzerFailureLines(_ entries: [BatchEntry]) -> [String] {
            var inputs: [String: [String]] = [:]
            for e in entries {
                for id in e.failedExternalAnalyzers { inputs[id, default: []].append(e.input) }
            }
            var lines: [String] = []
            for (id, failedOn) in inputs.sorted(by: { $0.key < $1.key }) {
                var list = failedOn.prefix(5).joined(separator: ", ")
                if failedOn.count > 5 { list += " and \(failedOn.count - 5) more (see summary.csv)" }
                lines.append("external analyser \(id) failed on \(failedOn.count) of \(entries.count) input\(entries.count == 1 ? "" : "s"): \(list); "
                             + "the report\(failedOn.count == 1 ? " has" : "s have") the built-in results without its own (its error is in summary.csv and each report)")
                var analyze = ["hingecheck", "analyze", failedOn[0]]
                if let source { analyze += ["--source", source] }
                if let config = analysis.config { analyze += ["--config", config] }
                for assignment in analysis.assignments { analyze += ["--set", assignment] }
                lines.append("  fix: run `\(analyze.map(Self.shellQuoted).joined(separator: " "))` to see the analyser's error, fix it "
                             + "and run this batch again (those inputs are redone); or turn it off: \(id) = false under "
                             + "[external-analyzers] in the config, or --set external-analyzers.\(id)=false")
            }
            return lines
        }

        /// `text` as one shell word.
        static func shellQuoted(_ text: String) -> String {
            let plain = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "/._-=:,+@%"))
            if !text.isEmpty, text.unicodeScalars.allSatisfy(plain.contains) { return text }
            return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
        }

        /// Each input in a child: this executable with this command line and `--child-job`.
        static func childProcess() -> BatchChildProcess {
            let arguments = Array(CommandLine.arguments.dropFirst())
            return BatchChildProcess(executable: BatchChildProcess.currentExecutable) { job in
                let json = (try? JSONEncoder().encode(job)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                return arguments + ["--child-job", json]
            }
        }

        /// The child's side: one input, its row on stdout.
        static func serve(_ json: String, _ runner: BatchRunner) throws {
            let job = try JSONDecoder().decode(BatchChildJob.self, from: Data(json.utf8))
            let stop = BatchStopFlag()
            let signals = onInterrupt(stop, quiet: true)
            defer { withExtendedLifetime(signals) {} }
            BatchChildProcess.serve(job, registry: runner.registry, options: runner.options, stop: stop)
        }

        /// SIGINT (Ctrl-C) and SIGTERM (Kubernetes eviction, Slurm's time limit) ask the batch to
        /// stop and write its summary; a second one ends the process at once.
        static func onInterrupt(_ stop: BatchStopFlag, quiet: Bool = false) -> StopRequest {
            StopRequest.onInterrupt(signals: StopRequest.batchSignals) { _, repeated in
                if repeated { Foundation.exit(130) }
                stop.stop()
                if quiet { return }
                FileHandle.standardError.write(Data("\nbatch: stopping; running inputs end at their next frame and the summary is written (again to quit now)\n".utf8))
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Builds one summary (index.html, summary.csv, batch.json) from the output folders of batch runs or shards.",
            discussion: """
                Reads every batch.json and batch.shard-I-of-N.json in each FOLDER, and the done.json \
                of every report folder in it (so inputs finished by a worker killed before writing \
                its summary are listed too). When an input appears twice, a complete report wins. \
                Links in index.html are relative to --out. Exit status 1 when any listed input failed \
                or an external analyser failed on it.

                Examples:
                  hingecheck batch merge /shared/reports --out /shared/reports
                  hingecheck batch merge out/shard-0 out/shard-1 out/shard-2 --out out/all
                """
        )

        @Argument(help: "Output folders of `hingecheck batch` runs.")
        var folders: [String]

        @Option(help: "Folder for the merged summary.")
        var out: String

        func run() throws {
            let outURL = URL(fileURLWithPath: BatchInputs.canonicalPath(out), isDirectory: true)
            try FileManager.default.createDirectory(at: outURL, withIntermediateDirectories: true)
            let summary = try BatchSummary.merge(folders.map { URL(fileURLWithPath: $0, isDirectory: true) }, into: outURL)
            let files = try summary.write(to: outURL)
            let failed = summary.entries.filter(\.isFailure)
            printError("merged \(summary.entries.count) inputs (\(summary.count(.done)) analysed, \(failed.count) not) into "
                       + files.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", ") + " in \(out)")
            let pluginFailed = summary.entries.filter { !$0.failedExternalAnalyzers.isEmpty }
            if !pluginFailed.isEmpty {
                let ids = Set(pluginFailed.flatMap(\.failedExternalAnalyzers)).sorted().joined(separator: ", ")
                printError("external analyser \(ids) failed on \(pluginFailed.count) listed input\(pluginFailed.count == 1 ? "" : "s") "
                           + "(their reports have the built-in results; the errors are in summary.csv)")
            }
            if !failed.isEmpty || !pluginFailed.isEmpty { throw ExitCode(1) }
        }
    }
}

private func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
