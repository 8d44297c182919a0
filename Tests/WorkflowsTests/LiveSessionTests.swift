import Analyzers
import Foundation
import PoseCapture
import PoseCore
import Reports
import Testing
import TestSupport
@testable import Workflows

/// The live path against `AnalysisJob` on the generated sample clips, and the recording's
/// "nothing lost" promise with a source that fails mid-set.
@Suite(.serialized) struct LiveSessionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static func clip(_ name: String) -> String { root.appendingPathComponent("SampleVideos/\(name)").path }

    static func registry() throws -> PluginRegistry {
        try PluginRegistry(sources: [JSONLLandmarkSource()] + LandmarkImporters.all + [BlazePoseSource(), MarkerSource()],
                           analyzers: BuiltInAnalyzers.all, exporters: ReportExporters.all)
    }

    static var modelsInstalled: Bool {
        ModelStore().status(checksums: false).files.allSatisfy { $0.state == .unverified }
    }

    static func tempFolder() -> URL {
        TestFolders.make("hc-live")
    }

    /// `hingecheck analyze CLIP --source ID` as a job.
    static func analyze(_ clip: String, source: String) throws -> AnalysisDocument {
        try AnalysisJob(registry: registry(), options: .init(input: clip, sourceID: source)).run().document
    }

    /// The clip played as a camera (paced by the wall clock): every source frame is captured and
    /// recorded, and the recording's report and landmark file agree with the live outcome. Which
    /// frames get analysed depends on the machine's speed, so the verdicts are checked on a
    /// simulated clock below.
    @Test func realtimeMarkersRecordEveryFrame() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let folder = Self.tempFolder()
        let outcome = try await LiveSession(registry: Self.registry(), options: .init(
            input: .file(path: clip, realtime: true), landmarks: .markers,
            recordFolder: folder.appendingPathComponent("rec").path)).run()
        let live = outcome.document
        // Every source frame was captured (pacing drops only what analysis did not take); how
        // fast they were processed is the machine's business: Benchmarks/live_latency.sh.
        #expect(outcome.latency.framesCaptured == 335)
        #expect(outcome.frames.count + outcome.latency.framesDropped == 335)
        // Recording: video, landmarks, report.
        let rec = try #require(outcome.recording)
        #expect(rec.videoFrames == 335)
        #expect(rec.landmarkFrames == outcome.frames.count)
        #expect(try LandmarkFile.read(from: URL(fileURLWithPath: rec.landmarksPath!)).frames.count == outcome.frames.count)
        #expect(outcome.reportFiles.contains("report.html"))
        #expect(outcome.reportFiles.contains("annotated.mp4"))
        // `analyze` of the recorded landmark file agrees with the live outcome.
        let replay = try Self.analyze(rec.landmarksPath!, source: "jsonl")
        #expect(replay.result.reps.count == live.result.reps.count)
        #expect(replay.flaggedReps == live.flaggedReps)
    }

    /// The marker clip from a camera on a machine that takes 45 ms a frame (about 22 fps against
    /// 30): a quarter of the frames are dropped, the same ones on any machine, and the live path
    /// still counts, times and flags the reps as `analyze` does, and calibrates its neutral.
    @Test func aSlowMachineFlagsTheSameRepsAsAnalyzeWithMarkers() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let expected = try Self.analyze(clip, source: "markers")
        let camera = SimulatedCamera(path: clip, processingCostS: 0.045)
        let outcome = try await LiveSession(registry: Self.registry(), options: camera.options(landmarks: .markers)).run()
        let live = outcome.document
        // What the simulated clock dropped: 1 - 33.3/45 of the frames, give or take the ends.
        #expect(camera.framesDelivered + camera.framesDropped == 335)
        #expect((70...100).contains(camera.framesDropped), "dropped \(camera.framesDropped)")
        #expect(outcome.frames.count == camera.framesDelivered)
        #expect(outcome.latency.framesDropped == 0)
        #expect(live.result.reps.count == expected.result.reps.count, "live \(live.result.reps.count) reps, analyze \(expected.result.reps.count)")
        #expect(live.flaggedReps == expected.flaggedReps)
        #expect(outcome.repsCuedLost == expected.flaggedReps)
        for (a, b) in zip(live.result.reps, expected.result.reps) {
            #expect(abs(a.startS - b.startS) < 0.3 && abs(a.endS - b.endS) < 0.3, "rep \(a.index): live \(a.startS)–\(a.endS), analyze \(b.startS)–\(b.endS)")
        }
        // The calibration step found the 2 s of standing and the neutral the analyzer finds.
        let neutral = try #require(outcome.calibratedProfile?.neutralLumbarDeg)
        #expect(abs(neutral - (expected.result.reference.neutralLumbarDeg ?? .nan)) < 1)
    }

    /// Ctrl-C in the middle of the clip, on the simulated clock: the stop fires as the 60th
    /// frame is handed on. The session ends within a frame or two (not at the end of the clip,
    /// about 250 frames on), every frame read is recorded, every frame processing took is in the
    /// outcome, the landmark file and the report, whatever the machine's speed.
    @Test func aStopMidFileEndsPromptlyWithTheReportOfTheFramesSoFar() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let stop = LiveSignal()
        let camera = SimulatedCamera(path: clip, processingCostS: 0.045, stopAfter: (60, stop))
        let folder = Self.tempFolder().appendingPathComponent("rec")
        let outcome = try await LiveSession(registry: Self.registry(), options: camera.options(landmarks: .markers, recordFolder: folder.path))
            .run(stop: stop)
        #expect(stop.isFired)
        // Capture stopped at once: the read in progress when the stop came, at most one more.
        #expect((60...62).contains(camera.framesDelivered), "delivered \(camera.framesDelivered)")
        #expect(outcome.captureFailure == nil)
        // What capture handed on was processed (lossless: at most the frame in hand is left);
        // the marker stream's held frames were flushed, in order, with none missing.
        let processed = outcome.frames.count
        #expect((58...camera.framesDelivered).contains(processed), "processed \(processed) of \(camera.framesDelivered)")
        #expect(outcome.latency.framesDropped == 0)
        #expect(outcome.latency.framesCaptured >= processed)
        let indices = try outcome.frames.array().map(\.index)
        #expect(indices == indices.sorted() && Set(indices).count == processed)
        // The report covers exactly those frames.
        #expect(outcome.document.frameCount == processed)
        let rec = try #require(outcome.recording)
        // Every frame read was recorded (the frames the simulated clock skipped are filled in with
        // copies, so the video keeps the source's indices) and nothing after the stop: the clip
        // has 335 frames, the camera got about 80 into it.
        let read = camera.framesDelivered + camera.framesDropped
        #expect((camera.framesDelivered...read).contains(rec.videoFrames), "video \(rec.videoFrames), read \(read)")
        #expect(read < 100, "read \(read) of 335")
        #expect(rec.landmarkFrames == processed)
        #expect(try LandmarkFile.read(from: URL(fileURLWithPath: try #require(rec.landmarksPath))).frames.count == processed)
        #expect(outcome.reportFiles.contains("report.json"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report/report.json").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("live-session.json").path))
    }

    /// A stop while capture waits to reconnect (a 1000-s backoff) ends the wait at once: the wait
    /// is a `Task.sleep` that the stop's cancellation ends, not a polled flag. The 40 frames read
    /// before the camera went are all processed (lossless) and the loss is not a failure.
    @Test(.timeLimit(.minutes(1))) func aStopDuringAReconnectWaitEndsItAtOnce() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let stop = LiveSignal()
        let open: LiveCapture.Opener = { attempt in
            guard attempt == 0 else { throw HingeCheckError(.notFound, "no camera") }
            let file = try VideoFileSource(path: clip)
            var read = 0
            return LiveFrameFeed(facts: file.facts) {
                read += 1
                if read > 40 { throw HingeCheckError(.badInput, "camera unplugged") }
                return try file.read { LiveFrameFeed.Frame(image: $0.copy(), index: $0.index, time: $0.time) }
            }
        }
        let outcome = try await LiveSession(
            registry: Self.registry(),
            options: .init(input: .custom(description: "fake camera", open: open, reconnect: true, realtime: false),
                           landmarks: .markers, calibrationS: 0, retryDelaysS: [1000], maxReconnectAttempts: 3),
            sinks: LiveSinks(note: { if $0.contains("camera lost") { stop.fire() } })).run(stop: stop)
        #expect(outcome.frames.count == 40)
        #expect(try outcome.frames.array().map(\.index) == Array(0..<40))
        #expect(outcome.reconnects == 0)
        #expect(outcome.captureFailure == nil)
    }

    /// A stop while a realtime source waits for a frame due 1000 s later ends the wait at once
    /// (`Task.sleep`, cancelled); the frame it waited for is not handed on.
    @Test(.timeLimit(.minutes(1))) func aStopDuringRealtimePacingEndsTheWaitAtOnce() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let stop = LiveSignal()
        let open: LiveCapture.Opener = { _ in
            let file = try VideoFileSource(path: clip)
            return LiveFrameFeed(facts: file.facts) {
                try file.read { view -> LiveFrameFeed.Frame in
                    guard view.index == 20 else { return LiveFrameFeed.Frame(image: view.copy(), index: view.index, time: view.time) }
                    stop.fire()
                    return LiveFrameFeed.Frame(image: view.copy(), index: view.index, time: view.time + 1000)
                }
            }
        }
        let outcome = try await LiveSession(registry: Self.registry(), options: .init(
            input: .custom(description: "paced source", open: open, reconnect: false, realtime: true),
            landmarks: .markers, calibrationS: 0)).run(stop: stop)
        #expect(outcome.latency.framesCaptured == 20)
        #expect(outcome.frames.count + outcome.latency.framesDropped == 20)
        #expect(try outcome.frames.array().allSatisfy { $0.index < 20 })
    }

    /// `analyze` of the fatigue clip with BlazePose, computed once for the tests below.
    static let fatigueExpected = Result { try analyze(clip("deadlift-fatigue.mp4"), source: "blazepose") }

    /// Every frame through the live path (a file without --realtime): the same frames as
    /// `analyze`, so the same verdicts, on any machine.
    @Test(.enabled(if: modelsInstalled, "BlazePose models not installed: run `hingecheck models install` (test skipped)"))
    func losslessBlazePoseGivesTheVerdictsOfAnalyze() async throws {
        let expected = try Self.fatigueExpected.get()
        #expect(expected.flaggedReps.count >= 2, "the sample clip's rounded reps")
        let outcome = try await LiveSession(registry: Self.registry(),
                                      options: .init(input: .file(path: Self.clip("deadlift-fatigue.mp4"), realtime: false))).run()
        #expect(outcome.latency.framesDropped == 0)
        #expect(outcome.frames.count == 403)
        #expect(outcome.document.result.reps.map(\.postureLost) == expected.result.reps.map(\.postureLost))
        #expect(outcome.document.flaggedReps == expected.flaggedReps)
        #expect(outcome.repsCuedLost == expected.flaggedReps, "cue changes: \(outcome.cues)")
        #expect(outcome.calibrationNote?.contains("markerless") == true)
    }

    /// The clip from a camera at 30 fps on a machine where BlazePose takes 45 ms a frame (about
    /// 22 fps, 2 idle cores), on a simulated clock: frames are dropped, the same ones whatever the
    /// machine's load, and the verdicts must still be those of `analyze`.
    @Test(.enabled(if: modelsInstalled, "BlazePose models not installed: run `hingecheck models install` (test skipped)"))
    func aSlowMachineFlagsTheSameRepsAsAnalyzeWithBlazePose() async throws {
        let expected = try Self.fatigueExpected.get()
        let camera = SimulatedCamera(path: Self.clip("deadlift-fatigue.mp4"), processingCostS: 0.045)
        let outcome = try await LiveSession(registry: Self.registry(), options: camera.options()).run()
        let live = outcome.document
        func spans(_ reps: [Rep]) -> String { reps.map { String(format: "%.1f-%.1f", $0.startS, $0.endS) }.joined(separator: " ") }
        let context = "dropped \(camera.framesDropped) of 403; live flagged \(live.flaggedReps), cued \(outcome.repsCuedLost), analyze flagged \(expected.flaggedReps); live reps \(spans(live.result.reps)), analyze reps \(spans(expected.result.reps))"
        #expect(camera.framesDelivered + camera.framesDropped == 403)
        #expect(camera.framesDropped > 50, "\(context)")
        #expect(outcome.frames.count == camera.framesDelivered)
        #expect(live.result.reps.count == expected.result.reps.count, "\(context)")
        #expect(live.flaggedReps == expected.flaggedReps, "\(context)")
        #expect(outcome.repsCuedLost == expected.flaggedReps, "\(context)")
    }

    @Test func losslessFileModeProcessesEveryFrame() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let outcome = try await LiveSession(registry: Self.registry(), options: .init(
            input: .file(path: clip, realtime: false), landmarks: .markers, maxDurationS: 3)).run()
        #expect(outcome.latency.framesDropped == 0)
        // Stopped at 3 s of video: 91 frames (0 ... 3.0 s), give or take the marker stream's look-ahead.
        #expect((88...120).contains(outcome.frames.count))
        #expect(try outcome.frames.array().map(\.index) == Array(0..<outcome.frames.count))
    }

    /// A camera that disappears after 40 frames, comes back once, then is gone for good.
    @Test func aCameraThatDisappearsIsRetriedAndNothingIsLost() async throws {
        let clip = Self.clip("rdl-markers.mp4")
        let opens = LockedCounter()
        let open: LiveCapture.Opener = { attempt in
            let n = opens.increment()
            if n > 2 { throw HingeCheckError(.notFound, "no camera at /dev/video9", path: "/dev/video9") }
            let file = try VideoFileSource(path: clip)
            var read = 0
            let failAfter = n == 1 ? 40 : 70
            return LiveFrameFeed(facts: file.facts) {
                read += 1
                if read > failAfter { throw HingeCheckError(.badInput, "camera unplugged") }
                return try file.read { LiveFrameFeed.Frame(image: $0.copy(), index: $0.index, time: $0.time) }
            }
        }
        let folder = Self.tempFolder().appendingPathComponent("rec")
        let notes = LockedLines()
        let outcome = try await LiveSession(
            registry: Self.registry(),
            options: .init(input: .custom(description: "fake camera", open: open, reconnect: true, realtime: false),
                           landmarks: .markers, recordFolder: folder.path, calibrationS: 0, retryDelaysS: [0.05, 0.1],
                           maxReconnectAttempts: 2),
            sinks: LiveSinks(note: { notes.append($0) })).run()
        #expect(outcome.reconnects == 1)
        #expect(outcome.captureFailure?.contains("no camera") == true)
        #expect(notes.lines.contains { $0.contains("camera lost") && $0.contains("retrying") })
        #expect(notes.lines.contains { $0.contains("camera back") })
        #expect(notes.lines.contains { $0.contains("capture stopped") })
        let rec = try #require(outcome.recording)
        #expect(rec.videoFrames == 110, "40 + 70 frames kept across the reconnect")
        let landmarks = try LandmarkFile.read(from: URL(fileURLWithPath: try #require(rec.landmarksPath)))
        #expect(landmarks.frames.count == outcome.frames.count)
        // Not paced (lossless): every frame is analysed whatever the machine's load.
        #expect(landmarks.frames.count == 110)
        // Indices and times run on across the reconnect.
        let indices = landmarks.frames.map(\.index)
        #expect(indices == indices.sorted() && Set(indices).count == indices.count && indices.last! <= 109)
        let times = landmarks.frames.map(\.time)
        #expect(zip(times, times.dropFirst()).allSatisfy { $0 < $1 })
        #expect(outcome.reportFiles.contains("report.json"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("report/report.html").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("live-session.json").path))
    }

    /// The final report runs the external analysers the configuration turns on, as `analyze`
    /// does: the hinge-depth example's per-rep fields are in report.json (the same as `analyze`
    /// of the recorded landmarks gives), and a plugin that crashes is a warning naming it, its
    /// error in the outcome, with the built-in results kept. Every frame is processed (a file
    /// without realtime), so the frames, and the values, do not depend on the machine's speed.
    @Test(.enabled(if: ProgramRunner.which("python3") != nil, "python3 is not installed"))
    func theFinalReportRunsTheExternalAnalysers() async throws {
        let folder = Self.tempFolder()
        let example = Self.root.appendingPathComponent("docs/plugins/hingecheck-analyzer-hinge-depth").path
        let crasher = folder.appendingPathComponent("hingecheck-analyzer-crasher")
        try """
            #!/usr/bin/env python3
            import json, sys
            sys.stdin.readline()
            print(json.dumps({"type": "describe", "protocol": 1, "id": "crasher", "version": "0.1", "summary": "crashes",
                              "needs": ["samples", "reps"], "emits": {"events": [], "rep_fields": []}}), flush=True)
            if not sys.stdin.readline(): sys.exit(0)
            for _ in range(5): sys.stdin.readline()
            sys.exit(3)

            """.write(to: crasher, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: crasher.path)
        var config = AnalysisConfig()
        config.overrides[ExternalAnalyzerSettings.table] = ["hinge-depth": example, "crasher": crasher.path]
        let record = folder.appendingPathComponent("rec")
        let outcome = try await LiveSession(registry: Self.registry(), options: .init(
            input: .file(path: Self.clip("rdl-markers.mp4"), realtime: false), landmarks: .markers, config: config,
            recordFolder: record.path)).run()
        #expect(outcome.latency.framesDropped == 0)

        // The crasher: its error for the command, a warning naming it, a failed record.
        #expect(outcome.pluginErrors.count == 1)
        #expect(outcome.pluginErrors.first?.path == crasher.path && outcome.pluginErrors.first?.message.contains("external analyser crasher") == true,
                "\(outcome.pluginErrors)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: record.appendingPathComponent("report/report.json"))) as? [String: Any])
        let external = try #require(json["external_analyzers"] as? [[String: Any]])
        #expect(external.map { "\($0["id"] ?? "")=\($0["status"] ?? "")" } == ["crasher=failed", "hinge-depth=ok"])
        let warnings = try #require(json["warnings"] as? [[String: Any]])
        #expect(warnings.contains { $0["code"] as? String == "external_analyzer_failed" && ($0["message"] as? String)?.contains(crasher.path) == true },
                "\(warnings)")

        // The example's per-rep fields, as `analyze` of the recorded landmarks gives them.
        let reps = try #require(json["reps"] as? [[String: Any]])
        #expect(reps.count == outcome.document.result.reps.count && reps.count >= 3, "\(reps.count) reps")
        let depths = reps.map { ((($0["plugins"] as? [String: Any])?["hinge-depth"] as? [String: Any])?["depth_deg"] as? Double) ?? .nan }
        let replay = try AnalysisJob(registry: Self.registry(), options: .init(
            input: try #require(outcome.recording?.landmarksPath), sourceID: "jsonl", config: config)).run()
        #expect(replay.pluginErrors.count == 1)
        let expected = replay.document.result.external.first { $0.id == "hinge-depth" }?.repValues
        #expect(replay.document.result.reps.count == reps.count)
        for (rep, depth) in zip(replay.document.result.reps, depths) {
            guard case .number(let want)? = expected?[rep.index]?["depth_deg"] else {
                Issue.record("analyze gave no depth for rep \(rep.index)")
                continue
            }
            // A Romanian deadlift's trunk travel, and the same as analyze's to the landmark file's precision.
            #expect(depth > 30 && depth < 100 && abs(depth - want) < 1, "rep \(rep.index): live \(depth)°, analyze \(want)°")
        }
        // The built-in results are kept: the verdicts of analyze on the same frames.
        #expect(outcome.document.flaggedReps == replay.document.flaggedReps)
        // The page and reps.csv carry them too.
        let html = try String(contentsOf: record.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("From external analysers"))
        let csv = try String(contentsOf: record.appendingPathComponent("report/reps.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").first?.contains("hinge-depth.depth_deg") == true)
    }

    @Test func aSourceThatCannotOpenFailsBeforeAnyFrame() async throws {
        let options = LiveSessionOptions(input: .camera(index: 0, devicePath: "/dev/video-hingecheck-none"), landmarks: .markers)
        await #expect(throws: HingeCheckError.self) { try await LiveSession(registry: Self.registry(), options: options).run() }
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func increment() -> Int { lock.withLock { value += 1; return value } }
}

final class LockedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}
