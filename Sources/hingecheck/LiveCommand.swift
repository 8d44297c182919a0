import Analyzers
import ArgumentParser
import Dispatch
import Foundation
import LiveServer
import PoseCapture
import PoseCore
import Workflows

struct LiveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "live",
        abstract: "Checks the back live from a webcam (or a file played as one): real-time cues in a window, the terminal or a browser.",
        discussion: """
            A capture task reads the camera into a one-slot buffer (frames processing cannot take \
            in time are dropped and counted, so the cue never lags behind a queue); a processing \
            task runs the landmarks, kinematics and the same analyzers as `hingecheck analyze` on \
            the set so far. The banner turns amber while the lumbar curve is over its limit with \
            the trunk loaded, red once the shear-guard analyzer confirms it; a bell (and a beep \
            through paplay/aplay when present) sounds when it turns red.

            Start standing tall, side-on to the camera, for two seconds: with markers this \
            calibrates the neutral lumbar curve (or give --profile); markerless, neutral is not \
            used (docs/method.md).

            A window opens when an X display really accepts a connection (or QT_QPA_PLATFORM=offscreen); \
            otherwise a terminal view is drawn. --serve adds a browser view (video, banner, gauge, \
            rep counter, per-rep table); it binds to loopback, and any other address needs --token. \
            --record DIR keeps video.ts and landmarks.jsonl and, at the end or on Ctrl-C/SIGTERM/SIGHUP, writes \
            the per-rep report to DIR/report. External analysers turned on in the config \
            (docs/plugins.md) run once, on that final report; one that fails is a warning in it \
            and, as with analyze, the exit status is 1. A camera that disappears is retried with \
            backoff; everything recorded so far is kept. Details: docs/live.md.

            Examples:
              hingecheck live --camera 0 --record out/session1
              hingecheck live --camera 0 --landmarks markers --profile me.json \\
                  --serve 127.0.0.1:8080
              hingecheck live --source SampleVideos/deadlift-fatigue.mp4 --realtime \\
                  --no-window
              hingecheck live --source SampleVideos/rdl-markers.mp4 --realtime \\
                  --landmarks markers --latency-report lat.json
              hingecheck live --camera 0 --serve 0.0.0.0:8080 --token s3cret
            """
    )

    enum Landmarks: String, ExpressibleByArgument, CaseIterable {
        case blazepose, markers
    }

    @Option(help: "Camera index (/dev/videoN). The default when no --source is given is 0.")
    var camera: Int?

    @Option(help: ArgumentHelp("Camera device path instead of an index.", valueName: "/dev/videoN"))
    var device: String?

    @Option(help: ArgumentHelp("A video file instead of a camera.", valueName: "file.mp4"))
    var source: String?

    @Flag(help: "With --source: play the file at its own frame rate as if it were a camera (frames are dropped when processing is late). Without it every frame is processed.")
    var realtime = false

    @Flag(help: "With --source: play the file again from its start when it ends, until stopped (Ctrl-C or --max-seconds): a demo, or a browser view that stays up. Frame numbers and times run on.")
    var loop = false

    @Option(help: "Landmark source: blazepose (markerless) or markers (ArUco markers on the spine).")
    var landmarks: Landmarks = .blazepose

    @OptionGroup var analysis: AnalysisConfigOptions

    @Option(help: ArgumentHelp("Keep video.ts and landmarks.jsonl here (both usable even after a crash), and write the per-rep report to DIR/report at the end.", valueName: "DIR"))
    var record: String?

    @Option(help: ArgumentHelp("Serve the browser view on HOST:PORT (default loopback; another address needs --token).", valueName: "HOST:PORT"))
    var serve: String?

    @Option(help: "Token every browser-view request must carry (?token=T or Authorization: Bearer T).")
    var token: String?

    @Option(name: .customLong("allow-host"), help: ArgumentHelp("Another name the browser view may be reached by (its Host header), e.g. the machine's DNS name; repeatable. The bound address, and the loopback names on loopback, are always allowed.", valueName: "NAME"))
    var allowHosts: [String] = []

    @Flag(help: "No window even when a display is available (terminal view instead).")
    var noWindow = false

    @Flag(help: "No bell or beep when the posture is lost.")
    var noSound = false

    @Option(help: "Seconds of standing tall asked for at the start (0 skips the step).")
    var calibrationSeconds: Double = 2

    @Option(help: "Stop after this many seconds of video (default: until the source ends or Ctrl-C).")
    var maxSeconds: Double?

    @Option(help: ArgumentHelp("Write the capture-to-cue latency and frame-drop figures as JSON here.", valueName: "FILE"))
    var latencyReport: String?

    @Option(help: "OpenCV worker threads for the networks (0 = one per core).")
    var threads: Int?

    @Option(help: "Models folder (default: $HINGECHECK_MODELS_DIR, else ~/.local/share/hingecheck/models).")
    var modelsDir: String?

    @Flag(help: "Print the final analysis as JSON instead of the table.")
    var json = false

    func validate() throws {
        if source != nil && (camera != nil || device != nil) {
            throw ValidationError("give either --source FILE or --camera N / --device PATH, not both")
        }
        if realtime && source == nil { throw ValidationError("--realtime applies to --source FILE (a camera is always real time)") }
        if loop && source == nil { throw ValidationError("--loop applies to --source FILE") }
        if token != nil && serve == nil { throw ValidationError("--token applies to --serve") }
        if !allowHosts.isEmpty && serve == nil { throw ValidationError("--allow-host applies to --serve") }
        if let camera, camera < 0 { throw ValidationError("--camera must be 0 or more") }
        guard calibrationSeconds >= 0 else { throw ValidationError("--calibration-seconds must be 0 or more") }
        if let maxSeconds, maxSeconds <= 0 { throw ValidationError("--max-seconds must be positive") }
        if let threads, !(0...256).contains(threads) { throw ValidationError("--threads must be 0...256") }
    }

    func run() async throws {
        let registry = try BuiltInPlugins.registry()
        let (analysisConfig, athlete) = try analysis.load(registry: registry) { config in
            if let threads { config.overrides["blazepose", default: [:]]["threads"] = String(threads) }
        }
        let serverSettings = try serve.map { try LiveServerSettings(address: $0, token: token, allowedHosts: allowHosts) }
        let input = try resolvedInput()
        let availability = LiveWindow.displayAvailability()
        let window = !noWindow && availability.available
        if !noWindow && !availability.available {
            liveNote("no window: \(availability.reason); showing the terminal view (--no-window hides this note)")
        }
        let broadcast = serverSettings == nil ? nil : LiveBroadcast()
        let note: (@Sendable (String) -> Void)? = window ? liveNote : nil
        let sinks = LiveSinks(terminal: window ? nil : LiveTerminalView(), broadcast: broadcast,
                              sound: noSound ? nil : LiveSoundCue(), note: note)
        // The one handler of SIGINT, SIGTERM and SIGHUP: the first one stops the session.
        let sessionStop = LiveSignal()
        let stop = StopRequest.onInterrupt { _, _ in sessionStop.fire() }

        var options = LiveSessionOptions(
            input: input, landmarks: landmarks == .markers ? .markers : .blazepose, config: analysisConfig, profile: athlete,
            models: modelsDir.map { ModelStore(directory: URL(fileURLWithPath: $0, isDirectory: true)) },
            recordFolder: record, calibrationS: calibrationSeconds, maxDurationS: maxSeconds, window: window)
        options.loop = loop
        let session = LiveSession(registry: registry, options: options, sinks: sinks)
        let outcome = try await Self.run(session, stop: sessionStop, serving: serverSettings.flatMap { s in broadcast.map { (s, $0) } })
        try report(outcome, stoppedBy: stop, options: options, window: window)
    }

    /// The video file or camera the options name.
    /// - Throws: `.notFound` for a video file that is not there.
    private func resolvedInput() throws -> LiveSessionOptions.Input {
        guard let source else { return .camera(index: camera ?? 0, devicePath: device) }
        guard FileManager.default.fileExists(atPath: source) else {
            throw HingeCheckError(.notFound, "no such video file", path: source, hint: "give a video file, or --camera N for a webcam")
        }
        return .file(path: source, realtime: realtime)
    }

    /// The browser view and the session as child tasks of one group; the server is cancelled
    /// once the session has ended (or failed).
    private static func run(_ session: LiveSession, stop: LiveSignal,
                            serving: (settings: LiveServerSettings, broadcast: LiveBroadcast)?) async throws -> LiveOutcome {
        try await withThrowingTaskGroup(of: Void.self, returning: LiveOutcome.self) { group in
            if let serving { try await startServer(serving.settings, broadcast: serving.broadcast, in: &group) }
            do {
                let outcome = try await session.run(stop: stop)
                group.cancelAll()
                return outcome
            } catch {
                serving?.broadcast.finish()
                group.cancelAll()
                throw error
            }
        }
    }

    /// Starts the browser view's server in `group` and waits until it listens.
    /// - Throws: `.io` when it cannot listen (a port in use) or has not started within 15 s.
    private static func startServer(_ settings: LiveServerSettings, broadcast: LiveBroadcast,
                                    in group: inout ThrowingTaskGroup<Void, any Error>) async throws {
        let server = try LiveWebServer(settings: settings, broadcast: broadcast)
        let ready = LiveSignal()
        let failure = LockedValue<String?>(nil)
        group.addTask {
            do {
                try await server.run { port in
                    liveNote("browser view: \(settings.pageURL(port: port))")
                    ready.fire()
                }
            } catch {
                failure.set("\(error)")
                ready.fire()
                throw error
            }
        }
        guard await Self.waitFor(ready, atMostS: 15) else {
            group.cancelAll()
            throw HingeCheckError(.io, "the browser view did not start within 15 s on \(settings.host):\(settings.port)")
        }
        if let text = failure.get() {
            throw HingeCheckError(.io, "cannot serve the browser view on \(settings.host):\(settings.port): \(text)",
                                  hint: "is the port in use? pick another with --serve HOST:PORT")
        }
    }

    /// What the session ended with: notes and latencies on stderr, the latency file, the
    /// results on stdout, and the exit status.
    private func report(_ outcome: LiveOutcome, stoppedBy stop: StopRequest, options: LiveSessionOptions, window: Bool) throws {
        if let name = stop.signalName { liveNote("stopped by \(name == "SIGINT" ? "Ctrl-C" : name): the recording and report were finished") }
        for note in outcome.notes { liveNote("note: \(note)") }
        liveNote(outcome.latency.summary)
        if let render = outcome.renderLatency {
            liveNote(String(format: "capture-to-picture (window/browser) p50 %.0f ms, p95 %.0f ms", render.p50Ms, render.p95Ms))
        }
        if let latencyReport { try writeLatencyFile(outcome, options: options, to: latencyReport) }
        if window { liveNote("window: \(outcome.windowFrames) frames shown") }
        if let recording = outcome.recording {
            var line = "recorded \(recording.videoFrames) video frames to \(recording.videoPath)"
            if let path = recording.landmarksPath { line += " and \(recording.landmarkFrames) landmark frames to \(path)" }
            liveNote(line)
        }
        if let record, !outcome.reportFiles.isEmpty {
            liveNote("wrote \(outcome.reportFiles.joined(separator: ", ")) to \(record)/report")
        }
        if json {
            print(String(decoding: try outcome.document.jsonData(), as: UTF8.self))
        } else {
            print(AnalysisTable.render(outcome.document))
        }
        if let failure = outcome.captureFailure, !stop.isRequested {
            liveNote("capture ended early: \(failure); the results above cover the \(outcome.frames.count) frames processed")
            if outcome.pluginErrors.isEmpty { throw ExitCode(1) }
        }
        // As `analyze`: the results and the report are complete; a failed external analyser exits 1.
        try ExternalAnalyzerFailures.report(outcome.pluginErrors)
    }

    /// `--latency-report FILE`: the session's latencies, and which reps were flagged and cued.
    private func writeLatencyFile(_ outcome: LiveOutcome, options: LiveSessionOptions, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var report = LiveLatencyFile(input: options.input.description, landmarks: landmarks.rawValue, realtime: realtime,
                                     latency: outcome.latency, renderLatency: outcome.renderLatency,
                                     repsFlagged: outcome.document.result.reps.filter { $0.postureLost == true }.map(\.index),
                                     repsCuedLost: outcome.repsCuedLost)
        report.command = CommandLine.arguments.joined(separator: " ")
        try encoder.encode(report).write(to: URL(fileURLWithPath: path))
    }

}

extension LiveCommand {
    /// Waits until `signal` fires or `seconds` pass (a `Task.sleep`, cancelled once the signal fires).
    /// - Returns: false on time-out.
    static func waitFor(_ signal: LiveSignal, atMostS seconds: Double) async -> Bool {
        await withTaskGroup(of: Bool.self, returning: Bool.self) { group in
            group.addTask {
                await signal.wait()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }
}

@Sendable private func liveNote(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// The `--latency-report` file.
struct LiveLatencyFile: Codable {
    var input: String
    var landmarks: String
    var realtime: Bool
    var latency: LiveLatency.Report
    var renderLatency: LiveLatency.Report?
    var repsFlagged: [Int]
    var repsCuedLost: [Int]
    var command: String?
}

