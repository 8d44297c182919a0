import Analyzers
import Dispatch
import Foundation
import PoseCapture
import PoseCore
import Reports

/// What a live session reads and what it keeps.
public struct LiveSessionOptions: Sendable {
    /// Where frames come from.
    public enum Input: Sendable {
        /// A webcam by index (/dev/videoN) or device path; reconnects when it disappears.
        case camera(index: Int, devicePath: String?)
        /// A video file; `realtime` plays it at its own frame rate as a camera would (dropping
        /// frames processing cannot take in time); otherwise every frame is processed.
        case file(path: String, realtime: Bool)
        /// Any frame source (tests, other front ends).
        case custom(description: String, open: LiveCapture.Opener, reconnect: Bool, realtime: Bool)

        public var description: String {
            switch self {
            case .camera(let index, let path): path ?? "camera \(index)"
            case .file(let path, _): path
            case .custom(let description, _, _, _): description
            }
        }
    }

    public var input: Input
    public var landmarks: LiveLandmarker.Kind
    public var config: AnalysisConfig
    /// A saved profile (neutral, thresholds); skips the calibration when it has a neutral.
    public var profile: AthleteProfile?
    public var models: ModelStore?
    /// `--record DIR`: video, landmark file and, at the end, the report folder.
    public var recordFolder: String?
    /// Seconds of quiet standing asked for at the start (0: none).
    public var calibrationS: Double
    /// Stop after this much source time, seconds (nil: until the source ends or Ctrl-C).
    public var maxDurationS: Double?
    /// Waits before reconnect attempts, seconds, and how many attempts.
    public var retryDelaysS: [Double]
    public var maxReconnectAttempts: Int
    /// Show a window (the caller checked the display).
    public var window: Bool
    /// JPEG quality of the browser view's frames.
    public var jpegQuality: Int

    public init(input: Input, landmarks: LiveLandmarker.Kind = .blazepose, config: AnalysisConfig = AnalysisConfig(),
                profile: AthleteProfile? = nil, models: ModelStore? = nil, recordFolder: String? = nil,
                calibrationS: Double = 2, maxDurationS: Double? = nil, retryDelaysS: [Double] = [0.5, 1, 2, 4],
                maxReconnectAttempts: Int = 8, window: Bool = false, jpegQuality: Int = 75) {
        self.input = input
        self.landmarks = landmarks
        self.config = config
        self.profile = profile
        self.models = models
        self.recordFolder = recordFolder
        self.calibrationS = calibrationS
        self.maxDurationS = maxDurationS
        self.retryDelaysS = retryDelaysS
        self.maxReconnectAttempts = maxReconnectAttempts
        self.window = window
        self.jpegQuality = jpegQuality
    }
}

/// Where a live session shows what it sees.
public struct LiveSinks: Sendable {
    /// The terminal view (without a window).
    public var terminal: LiveTerminalView?
    /// The browser view's feed.
    public var broadcast: LiveBroadcast?
    /// The sound when the posture is lost.
    public var sound: LiveSoundCue?
    /// Lines for people (calibration, camera lost, ...), besides the terminal view.
    public var note: (@Sendable (String) -> Void)?

    public init(terminal: LiveTerminalView? = nil, broadcast: LiveBroadcast? = nil, sound: LiveSoundCue? = nil,
                note: (@Sendable (String) -> Void)? = nil) {
        self.terminal = terminal
        self.broadcast = broadcast
        self.sound = sound
        self.note = note
    }
}

/// What a live session leaves behind.
public struct LiveOutcome {
    /// The analysis of every processed frame by `AnalysisPipeline` (what `analyze` of the
    /// recorded landmark file gives).
    public var document: AnalysisDocument
    public var frames: [PoseFrame]
    public var header: LandmarkFileHeader
    public var latency: LiveLatency.Report
    /// Capture-to-picture latency (frame rendered and handed to the window/browser), when rendered.
    public var renderLatency: LiveLatency.Report?
    /// One entry per change of the cue.
    public var cues: [CueChange]
    /// The reps that got a confirmed live cue while they were under way (or right after).
    public var repsCuedLost: [Int]
    /// The neutral the session calibrated (spine points), as a profile.
    public var calibratedProfile: AthleteProfile?
    public var calibrationNote: String?
    public var recording: LiveRecorder.Summary?
    /// Report files written under `recordFolder/report`.
    public var reportFiles: [String]
    public var reconnects: Int
    /// Why capture ended early (a camera that did not come back, a file that failed).
    public var captureFailure: String?
    /// Frames shown in the window.
    public var windowFrames: Int
    /// Remarks for people.
    public var notes: [String]

    /// A change of the live cue.
    public struct CueChange: Sendable, Hashable, Codable {
        public var frameIndex: Int
        public var timeS: Double
        public var banner: LiveBanner
        public var repIndex: Int?
    }
}

/// A live form-checking session (`hingecheck live`): capture, landmarks and analysis in real
/// time with bounded latency.
///
/// Threads: the capture task owns the source and fills a one-slot "latest frame" buffer (a
/// frame processing has not taken is dropped and counted); the processing task (the caller's
/// thread) runs landmarks, kinematics and the analyzers and publishes the cue; the recorder and
/// the window have their own threads with their own bounded buffers. Live flags come from the
/// analyzers themselves (`LiveAnalyzer`), re-run on the samples so far whenever that costs
/// under a tenth of the time; between runs the newest frame is judged with the shear-guard
/// rule's own thresholds (provisional, then confirmed).
///
/// "Nothing lost": on a stop (`shouldStop`: the command turns Ctrl-C, SIGTERM and SIGHUP into
/// it), the end of a file, a closed window or a camera that did not come back, the recording is
/// finished and the per-rep report written from what was recorded. A process killed outright
/// still leaves the closed video segments and every landmark line (`LiveRecorder`).
public final class LiveSession {
    public let registry: PluginRegistry
    public let options: LiveSessionOptions
    public let sinks: LiveSinks

    public init(registry: PluginRegistry, options: LiveSessionOptions, sinks: LiveSinks = LiveSinks()) {
        self.registry = registry
        self.options = options
        self.sinks = sinks
    }

    /// Runs the session on the calling thread until the source ends, `shouldStop` returns true
    /// (polled at least once per frame), the window is closed or `maxDurationS` is reached.
    /// - Throws: before any frame: configuration errors, a source that cannot be opened, a
    ///   missing model; at the end: report-writing errors. A source that fails mid-set is not
    ///   thrown: see `LiveOutcome.captureFailure`.
    public func run(shouldStop: @escaping @Sendable () -> Bool = { false }) throws -> LiveOutcome {
        let options = self.options
        try options.config.validate(against: registry)
        let analyzer = try LiveAnalyzer(registry: registry, config: options.config, profile: options.profile)
        let plugin: any LandmarkSourcePlugin = options.landmarks == .markers ? MarkerSource() : BlazePoseSource()
        let sourceSettings = try AnalysisJob.analysisSettings(for: registry.source(id: plugin.descriptor.id) ?? plugin,
                                                              config: options.config)
        let stopFlag = LockedValue(false)
        let stop: @Sendable () -> Bool = { shouldStop() || stopFlag.get() }
        var notes: [String] = []
        let noticeBox = LockedValue(LiveNotices())
        // The newest frame's time: notices from the capture thread are posted at it.
        let sessionTime = LockedValue(0.0)
        let sinks = self.sinks
        let announce: @Sendable (String, Bool) -> Void = { text, untilFirstRep in
            noticeBox.update { $0.post(text, at: sessionTime.get(), untilFirstRep: untilFirstRep) }
            sinks.terminal?.note(text)
            sinks.note?(text)
        }
        let say: @Sendable (String) -> Void = { announce($0, false) }
        let connection = LockedValue("live")
        // The newest state, so the capture task can tell the browser "reconnecting" while no frame comes.
        let lastState = LockedValue<LiveState?>(nil)
        let publishPhase: @Sendable (String) -> Void = { phase in
            guard var state = lastState.get(), let broadcast = sinks.broadcast else { return }
            state.phase = phase
            state.banner = .none
            state.notices = noticeBox.get().visible(at: state.timeS, repStarted: !state.reps.isEmpty)
            broadcast.publish(stateJSON: state.jsonData())
        }

        // Capture task.
        let capture = Self.capture(for: options)
        let slot = LiveFrameSlot<LiveCapturedFrame>()
        let recorderBox = LockedValue<LiveRecorder?>(nil)
        let opened = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        let openResult = LockedValue<Result<SourceFacts, any Error>?>(nil)
        let captureDone = DispatchSemaphore(value: 0)
        let captureSummary = LockedValue<LiveCapture.Summary?>(nil)
        let captureThread = Thread {
            let summary = capture.run(
                slot: slot,
                recorder: { frame in recorderBox.get()?.record(frame) },
                firstOpen: { result in
                    openResult.set(result)
                    opened.signal()
                    go.wait()
                },
                events: { event in
                    switch event {
                    case .opened: break
                    case .lost(let reason, let attempt, let retry):
                        connection.set("reconnecting")
                        say(String(format: "camera lost (%@): retrying in %.1f s (attempt %d); everything so far is kept", reason, retry, attempt))
                        publishPhase("reconnecting")
                    case .reconnected(let attempt):
                        connection.set("live")
                        say("camera back after \(attempt) attempt\(attempt == 1 ? "" : "s"); recording continues")
                    case .gaveUp(let reason):
                        say("capture stopped: \(reason); writing what was recorded")
                    case .ended:
                        break
                    }
                },
                shouldStop: stop)
            captureSummary.set(summary)
            captureDone.signal()
        }
        captureThread.name = "hingecheck.live.capture"
        captureThread.start()
        opened.wait()
        let facts: SourceFacts
        switch openResult.get()! {
        case .failure(let error):
            go.signal()
            captureDone.wait()
            throw error
        case .success(let f):
            facts = f
        }

        // Set-up that needs the frame size; on failure let capture end before throwing.
        var display: LiveDisplay?
        let landmarker: LiveLandmarker
        do {
            if let folder = options.recordFolder {
                recorderBox.set(try LiveRecorder(folder: folder, width: facts.width, height: facts.height, fps: facts.fps))
            }
            if options.window {
                do {
                    display = try LiveDisplay(title: "HingeCheck live - q to quit", width: facts.width, height: facts.height)
                } catch {
                    say("no window (\(error)); showing the terminal view")
                }
            }
            landmarker = try LiveLandmarker(kind: options.landmarks, facts: facts, input: options.input.description,
                                            settings: sourceSettings, models: options.models, slot: slot,
                                            startCapture: { go.signal() })
            try recorderBox.get()?.startLandmarks(header: landmarker.header)
        } catch {
            stopFlag.set(true)
            go.signal()
            while slot.take(waitingAtMost: 0.05) != nil || !slot.isClosed {}
            captureDone.wait()
            display?.close()
            _ = try? recorderBox.get()?.finish()
            throw error
        }
        let terminal = display == nil ? sinks.terminal ?? (options.window ? LiveTerminalView() : nil) : sinks.terminal

        // Processing task (this thread).
        // The lumbar-curve analyzer's quiet-standing rule and the reps analyzer's start, as configured.
        let reps = try options.config.settings(of: RepsAnalyzer(), in: registry)
        let lumbar = try options.config.settings(of: LumbarCurveAnalyzer(), in: registry)
        var calibration = LiveCalibration(spinePoints: options.landmarks == .markers, holdS: options.calibrationS,
                                          minHoldS: try lumbar.number("quiet-standing-min"),
                                          maxInclinationDeg: try lumbar.number("quiet-standing-max-incl"),
                                          repStartDeg: try reps.number("enter-deg"),
                                          minConfidence: analyzer.minConfidence, profile: options.profile)
        var calibratedProfile: AthleteProfile?
        var calibrationNote: String?
        if case .done(_, let note) = calibration.status { calibrationNote = note }
        else { say("Stand tall, side-on to the camera, and keep still for \(String(format: "%.0f", options.calibrationS)) s") }

        // As in analyze: the image size, so an outline cut by the frame's border is not the back.
        var kinematics = KinematicsCalculator(settings: KinematicsCalculator.Settings().forImage(of: landmarker.header))
        var frames: [PoseFrame] = []
        var tracker = LiveCueTracker(analyzer: analyzer, header: landmarker.header)
        var latency = LiveLatency()
        let renderer = display != nil || sinks.broadcast != nil
            ? LiveRenderWorker(display: display, broadcast: sinks.broadcast, jpegQuality: options.jpegQuality) : nil
        var cues: [LiveOutcome.CueChange] = []
        var repsCued: Set<Int> = []
        var lastBanner = LiveBanner.none
        var processedTimes: [UInt64] = []
        var state = LiveState()
        state.landmarks = options.landmarks.rawValue
        state.input = options.input.description
        state.loadedInclinationDeg = analyzer.loadedInclinationDeg
        let started = DispatchTime.now().uptimeNanoseconds
        var processingError: (any Error)?

        while true {
            let next: (pose: PoseFrame, captured: LiveCapturedFrame)?
            do {
                next = try landmarker.next()
            } catch {
                processingError = error
                stopFlag.set(true)
                break
            }
            guard let (pose, captured) = next else { break }
            sessionTime.set(pose.time)
            frames.append(pose)
            let sample = kinematics.sample(pose)
            do {
                try recorderBox.get()?.write(pose)
            } catch {
                say("landmark file: \(error)")
            }

            if !calibration.isDone {
                calibration.observe(sample)
                if case .done(let neutral, let note) = calibration.status {
                    calibrationNote = note
                    if let neutral, options.profile?.neutralLumbarDeg == nil {
                        var profile = options.profile ?? AthleteProfile(name: "live calibration")
                        profile.name = options.profile.map { "\($0.name) + live calibration" } ?? "live calibration"
                        profile.neutralLumbarDeg = neutral
                        calibratedProfile = profile
                        try tracker.use(profile: profile)
                    }
                    announce("calibration: \(note)", true)
                }
            }

            // The analyzers on the set so far, and the cue for this frame.
            let (banner, measure) = try tracker.observe(sample)
            let analysis = tracker.analysis
            let analyzer = tracker.analyzer
            let now = DispatchTime.now().uptimeNanoseconds

            // State and cue.
            let completed = analysis.completedReps
            state.phase = calibration.isDone ? connection.get() : "calibrating"
            state.calibration = calibration.instruction
            if case .waiting(let held) = calibration.status { state.calibrationProgress = min(1, held / max(calibration.holdS, 1e-9)) } else { state.calibrationProgress = 1 }
            state.frameIndex = pose.index
            state.timeS = pose.time
            state.repCount = completed.count
            state.currentRep = analysis.openRepIndex
            state.movement = !pose.hasPose && pose.spine.isEmpty ? "no person" : (analysis.openRepIndex != nil ? "in rep" : "standing")
            state.trunkInclinationDeg = sample.trunkInclinationDeg
            state.lumbarAngleDeg = sample.lumbarAngleDeg
            state.lumbarMeasureDeg = measure
            let method = sample.lumbarMethod ?? (options.landmarks == .markers ? .spinePoints : .dorsalContour)
            state.thresholdDeg = analyzer.threshold(for: method)
            state.measureName = method == .dorsalContour ? "LOWER BACK" : "LUMBAR FLEXION"
            state.loaded = (sample.trunkInclinationDeg ?? -.infinity) >= analyzer.loadedInclinationDeg
            state.banner = banner
            state.reps = analysis.result.reps.map { LiveState.RepRow($0, open: $0.index == analysis.openRepIndex) }
            state.events = analysis.result.events.filter { $0.code == "posture_lost" }.map(LiveState.EventRow.init)
            state.notices = noticeBox.get().visible(at: pose.time, repStarted: !analysis.result.reps.isEmpty)
            let (stored, dropped) = slot.counts
            state.stats.framesCaptured = stored
            state.stats.framesDropped = dropped
            state.stats.framesProcessed = frames.count
            processedTimes.append(now)
            processedTimes.removeAll { now - $0 > 1_000_000_000 }
            if let first = processedTimes.first, processedTimes.count > 1 {
                state.stats.processingFPS = Double(processedTimes.count - 1) / max(Double(now - first) / 1e9, 1e-3)
            }
            state.stats.latencyP50Ms = latency.recentQuantile(0.5)
            state.stats.latencyP95Ms = latency.recentQuantile(0.95)

            terminal?.update(state)
            sinks.broadcast?.publish(stateJSON: state.jsonData())
            lastState.set(state)
            if banner != lastBanner {
                cues.append(.init(frameIndex: pose.index, timeS: pose.time, banner: banner, repIndex: analysis.openRepIndex))
                if banner == .confirmed { sinks.sound?.play() }
                lastBanner = banner
            }
            if banner == .confirmed, let rep = analysis.openRepIndex ?? completed.last(where: { pose.time <= $0.endS + 0.05 })?.index {
                repsCued.insert(rep)
            }
            let cueNs = DispatchTime.now().uptimeNanoseconds
            latency.record(ms: Double(cueNs &- captured.capturedAtNs) / 1e6)

            // Picture for the window and the browser (only when someone looks), on the render thread.
            if let renderer, display != nil || sinks.broadcast?.wantsFrames == true {
                renderer.submit(.init(image: captured.image, pose: pose, sample: sample, analysis: analysis, state: state,
                                      capturedAtNs: captured.capturedAtNs))
            }
            if let display, display.quitRequested { stopFlag.set(true) }
            if let limit = options.maxDurationS, pose.time >= limit { stopFlag.set(true) }
        }

        // Wind down: capture ends (slot closed), processing drained above.
        stopFlag.set(true)
        while slot.take(waitingAtMost: 0.05) != nil || !slot.isClosed {}
        captureDone.wait()
        let renderLatency = renderer?.finish() ?? LiveLatency()
        let windowFrames = display?.framesShown ?? 0
        display?.close()
        let summary = captureSummary.get() ?? LiveCapture.Summary()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let (stored, dropped) = slot.counts
        let latencyReport = latency.report(captured: stored, processed: frames.count, dropped: dropped, durationS: elapsed,
                                           sourceFPS: facts.fps)
        let renderReport = renderLatency.count > 0
            ? renderLatency.report(captured: stored, processed: renderLatency.count, dropped: dropped, durationS: elapsed, sourceFPS: facts.fps)
            : nil

        var recording: LiveRecorder.Summary?
        if let recorder = recorderBox.get() {
            do {
                recording = try recorder.finish()
                if let e = recording?.videoError { notes.append("video recording: \(e)") }
                if let d = recording?.videoFramesDropped, d > 0 {
                    notes.append("the video encoder fell behind: \(d) frames were replaced by a copy of the previous one")
                }
            } catch {
                notes.append("recording: \(error)")
            }
        }

        // The per-rep analysis of everything processed: the pipeline `analyze` runs.
        let profile = calibratedProfile ?? options.profile
        let pipeline = AnalysisPipeline(registry: registry, config: options.config, profile: profile)
        let result = try pipeline.analyze(frames: frames, header: landmarker.header)
        let document = AnalysisDocument(input: options.input.description, header: landmarker.header, frameCount: frames.count,
                                        result: result)
        var reportFiles: [String] = []
        if let recorder = recorderBox.get() {
            let videoOK = (recording?.videoFrames ?? 0) > 0 && recording?.videoError == nil
            reportFiles = try ReportBuilder.write(
                document: document, frames: frames, header: landmarker.header, registry: registry, config: options.config,
                folder: recorder.reportURL.path, video: videoOK ? recorder.videoURL.path : nil, annotated: videoOK,
                note: { notes.append($0) })
            let sessionFile = LiveSessionFile(input: options.input.description, landmarks: options.landmarks.rawValue,
                                              latency: latencyReport, renderLatency: renderReport, cues: cues,
                                              calibration: calibrationNote, reconnects: summary.reconnects,
                                              captureFailure: summary.failure)
            try? sessionFile.jsonData().write(to: recorder.folder.appendingPathComponent("live-session.json"))
        }
        state.phase = "ended"
        state.reps = result.reps.map { LiveState.RepRow($0, open: false) }
        state.repCount = result.reps.count
        state.currentRep = nil
        state.events = result.events.filter { $0.code == "posture_lost" }.map(LiveState.EventRow.init)
        state.banner = .none
        terminal?.finish(state)
        sinks.broadcast?.publish(stateJSON: state.jsonData())
        sinks.broadcast?.finish()
        if let processingError { throw processingError }
        return LiveOutcome(document: document, frames: frames, header: landmarker.header, latency: latencyReport,
                           renderLatency: renderReport, cues: cues, repsCuedLost: repsCued.sorted(),
                           calibratedProfile: calibratedProfile, calibrationNote: calibrationNote, recording: recording,
                           reportFiles: reportFiles, reconnects: summary.reconnects, captureFailure: summary.failure,
                           windowFrames: windowFrames, notes: notes)
    }

    static func capture(for options: LiveSessionOptions) -> LiveCapture {
        let retry = options.retryDelaysS, attempts = options.maxReconnectAttempts
        switch options.input {
        case .camera(let index, let path):
            return LiveCapture(settings: LiveCaptureSettings(realtime: false, reconnect: true, retryDelaysS: retry, maxAttempts: attempts)) { _ in
                try CameraSource(index: index, devicePath: path)
            }
        case .file(let path, let realtime):
            return LiveCapture(settings: LiveCaptureSettings(realtime: realtime, lossless: !realtime, reconnect: false)) { _ in
                try VideoFileSource(path: path)
            }
        case .custom(_, let open, let reconnect, let realtime):
            // Not paced: lossless, so a replayed or scripted source is analysed frame for frame
            // whatever the machine's load (a real camera is `.camera`, latest frame wins).
            return LiveCapture(settings: LiveCaptureSettings(realtime: realtime, lossless: !realtime, reconnect: reconnect,
                                                             retryDelaysS: retry, maxAttempts: attempts), open: open)
        }
    }
}

/// `live-session.json` in the recording folder: latency, cue changes, calibration, capture.
public struct LiveSessionFile: Codable, Sendable {
    public var input: String
    public var landmarks: String
    public var latency: LiveLatency.Report
    public var renderLatency: LiveLatency.Report?
    public var cues: [LiveOutcome.CueChange]
    public var calibration: String?
    public var reconnects: Int
    public var captureFailure: String?

    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }
}
