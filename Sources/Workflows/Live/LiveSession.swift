import Analyzers
import Dispatch
import Foundation
import PoseCapture
import PoseCore
import Reports

/// A live form-checking session (`hingecheck live`): capture, landmarks and analysis in real
/// time with bounded latency.
///
/// Pieces, one job each: `LiveCaptureThread` owns the source on its own thread and fills a
/// one-slot "latest frame" buffer (a frame processing has not taken is dropped and counted);
/// the processing loop here (the caller's thread) runs the landmarks and `LiveFrameProcessor`
/// (calibration, kinematics, the analyzers, the state) and shows the result; `LiveAnnouncer`
/// carries notices from either thread; the recorder, the renderer and the window have their own
/// threads with their own bounded buffers. Live flags come from the
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
        try options.config.validate(against: registry)
        // External analysers are found and handshaken now, as `analyze` does: a config mistake
        // fails before any frame. They run once, on the final report (not per frame).
        let external = try ExternalAnalysisStage(config: options.config, registry: registry)
        let analyzer = try LiveAnalyzer(registry: registry, config: options.config, profile: options.profile)
        let plugin: any LandmarkSourcePlugin = options.landmarks == .markers ? MarkerSource() : BlazePoseSource()
        let sourceSettings = try AnalysisJob.analysisSettings(for: registry.source(id: plugin.descriptor.id) ?? plugin,
                                                              config: options.config)
        let stopFlag = LockedValue(false)
        let stop: @Sendable () -> Bool = { shouldStop() || stopFlag.get() }
        let announcer = LiveAnnouncer(sinks: sinks)
        let capture = LiveCaptureThread(Self.capture(for: options), announcer: announcer, shouldStop: stop)
        let facts: SourceFacts
        switch capture.waitForOpening() {
        case .failure(let error):
            _ = capture.finish()
            throw error
        case .success(let opened):
            facts = opened
        }
        var views: Views
        do {
            views = try openViews(facts: facts, settings: sourceSettings, capture: capture, announcer: announcer)
        } catch {
            stopFlag.set(true)
            _ = capture.finish()
            _ = try? capture.recorder.get()?.finish()
            throw error
        }
        var processor = try LiveFrameProcessor(registry: registry, options: options, analyzer: analyzer,
                                               header: views.landmarker.header, announcer: announcer)
        if views.display != nil || sinks.broadcast != nil {
            views.renderer = LiveRenderWorker(display: views.display, broadcast: sinks.broadcast, jpegQuality: options.jpegQuality)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let processingError = try process(with: &processor, views: views, capture: capture, announcer: announcer,
                                      stopFlag: stopFlag)

        // Wind down: capture ends (slot closed) once the stop is seen; processing ended above.
        stopFlag.set(true)
        let summary = capture.finish()
        let renderLatency = views.renderer?.finish() ?? LiveLatency()
        let windowFrames = views.display?.framesShown ?? 0
        views.display?.close()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let (stored, dropped) = capture.slot.counts
        let latencyReport = processor.latency.report(captured: stored, processed: processor.frames.count, dropped: dropped,
                                                     durationS: elapsed, sourceFPS: facts.fps)
        let renderReport = renderLatency.count > 0
            ? renderLatency.report(captured: stored, processed: renderLatency.count, dropped: dropped, durationS: elapsed, sourceFPS: facts.fps)
            : nil
        var notes: [String] = []
        let recording = Self.finishRecording(capture.recorder.get(), notes: &notes)

        // The per-rep analysis of everything processed: the pipeline `analyze` runs, then its
        // external analysers (one that fails is a warning in the report naming it; the built-in
        // results stay, and the command exits non-zero after the report, as `analyze` does).
        let header = views.landmarker.header
        let pipeline = AnalysisPipeline(registry: registry, config: options.config,
                                        profile: processor.calibratedProfile ?? options.profile)
        var result = try pipeline.analyze(frames: processor.frames, header: header)
        let pluginErrors = external.run(on: &result, header: header)
        let document = AnalysisDocument(input: options.input.description, header: header, frameCount: processor.frames.count,
                                        result: result)
        var reportFiles: [String] = []
        if let recorder = capture.recorder.get() {
            reportFiles = try writeReport(document, frames: processor.frames, header: header, recorder: recorder,
                                          recording: recording, notes: &notes)
            let sessionFile = LiveSessionFile(input: options.input.description, landmarks: options.landmarks.rawValue,
                                              latency: latencyReport, renderLatency: renderReport, cues: processor.cues,
                                              calibration: processor.calibrationNote, reconnects: summary.reconnects,
                                              captureFailure: summary.failure)
            try? sessionFile.jsonData().write(to: recorder.folder.appendingPathComponent("live-session.json"))
        }
        let finalState = processor.ended(with: result)
        views.terminal?.finish(finalState)
        sinks.broadcast?.publish(stateJSON: finalState.jsonData())
        sinks.broadcast?.finish()
        if let processingError { throw processingError }
        return LiveOutcome(document: document, frames: processor.frames, header: header, latency: latencyReport,
                           renderLatency: renderReport, cues: processor.cues, repsCuedLost: processor.repsCued.sorted(),
                           calibratedProfile: processor.calibratedProfile, calibrationNote: processor.calibrationNote,
                           recording: recording, reportFiles: reportFiles, reconnects: summary.reconnects,
                           captureFailure: summary.failure, windowFrames: windowFrames, notes: notes,
                           pluginErrors: pluginErrors)
    }

    /// What the processing loop shows its results on, and the landmark source it reads.
    private struct Views {
        var landmarker: LiveLandmarker
        var display: LiveDisplay?
        var terminal: LiveTerminalView?
        /// Draws pictures for the window and the browser (started once processing can begin).
        var renderer: LiveRenderWorker? = nil
    }

    /// Set-up that needs the frame size: the recording, the window, the landmark source (which
    /// lets the capture start reading), the landmark file and the terminal view.
    /// - Throws: what fails; the caller then lets capture end and closes what was opened.
    private func openViews(facts: SourceFacts, settings: PluginSettings, capture: LiveCaptureThread,
                           announcer: LiveAnnouncer) throws -> Views {
        if let folder = options.recordFolder {
            capture.recorder.set(try LiveRecorder(folder: folder, width: facts.width, height: facts.height, fps: facts.fps))
        }
        var display: LiveDisplay?
        if options.window {
            do {
                display = try LiveDisplay(title: "HingeCheck live - q to quit", width: facts.width, height: facts.height)
            } catch {
                announcer.announce("no window (\(error)); showing the terminal view")
            }
        }
        do {
            let landmarker = try LiveLandmarker(kind: options.landmarks, facts: facts, input: options.input.description,
                                                settings: settings, models: options.models, slot: capture.slot,
                                                startCapture: capture.startFrames)
            try capture.recorder.get()?.startLandmarks(header: landmarker.header)
            let terminal = display == nil ? sinks.terminal ?? (options.window ? LiveTerminalView() : nil) : sinks.terminal
            return Views(landmarker: landmarker, display: display, terminal: terminal)
        } catch {
            display?.close()
            throw error
        }
    }

    /// The processing loop: landmarks, analysis, views and the stop conditions, frame after frame
    /// until capture ends or a stop is asked for.
    /// - Returns: the landmark source's error, when it ended the loop (thrown after the wind-down,
    ///   so the recording is still finished).
    /// - Throws: configuration errors from the analyzers, at once.
    private func process(with processor: inout LiveFrameProcessor, views: Views, capture: LiveCaptureThread,
                         announcer: LiveAnnouncer, stopFlag: LockedValue<Bool>) throws -> (any Error)? {
        while true {
            let next: (pose: PoseFrame, captured: LiveCapturedFrame)?
            do {
                next = try views.landmarker.next()
            } catch {
                stopFlag.set(true)
                return error
            }
            guard let (pose, captured) = next else { return nil }
            announcer.frameArrived(at: pose.time)
            let sample = processor.sample(pose)
            do {
                try capture.recorder.get()?.write(pose)
            } catch {
                announcer.announce("landmark file: \(error)")
            }
            let step = try processor.process(pose, sample: sample, slotCounts: capture.slot.counts)
            show(processor.state, step: step, views: views, announcer: announcer)
            processor.cueShown(capturedAtNs: captured.capturedAtNs)

            // Picture for the window and the browser (only when someone looks), on the render thread.
            if let renderer = views.renderer, views.display != nil || sinks.broadcast?.wantsFrames == true {
                renderer.submit(.init(image: captured.image, pose: pose, sample: step.sample, analysis: step.analysis,
                                      state: processor.state, capturedAtNs: captured.capturedAtNs))
            }
            if let display = views.display, display.quitRequested { stopFlag.set(true) }
            if let limit = options.maxDurationS, pose.time >= limit { stopFlag.set(true) }
        }
    }

    /// The frame's state on the terminal and in the browser, and the sound when the cue turned red.
    private func show(_ state: LiveState, step: LiveFrameProcessor.Step, views: Views, announcer: LiveAnnouncer) {
        views.terminal?.update(state)
        sinks.broadcast?.publish(stateJSON: state.jsonData())
        announcer.published(state)
        if step.confirmedNow { sinks.sound?.play() }
    }

    /// Finishes the video and the landmark file; what went wrong becomes a note.
    private static func finishRecording(_ recorder: LiveRecorder?, notes: inout [String]) -> LiveRecorder.Summary? {
        guard let recorder else { return nil }
        do {
            let recording = try recorder.finish()
            if let e = recording.videoError { notes.append("video recording: \(e)") }
            if recording.videoFramesDropped > 0 {
                notes.append("the video encoder fell behind: \(recording.videoFramesDropped) frames were replaced by a copy of the previous one")
            }
            return recording
        } catch {
            notes.append("recording: \(error)")
            return nil
        }
    }

    /// The report folder under the recording, with the recorded video when there is one.
    private func writeReport(_ document: AnalysisDocument, frames: [PoseFrame], header: LandmarkFileHeader,
                             recorder: LiveRecorder, recording: LiveRecorder.Summary?, notes: inout [String]) throws -> [String] {
        let videoOK = (recording?.videoFrames ?? 0) > 0 && recording?.videoError == nil
        return try ReportBuilder.write(
            document: document, frames: frames, header: header, registry: registry, config: options.config,
            folder: recorder.reportURL.path, video: videoOK ? recorder.videoURL.path : nil, annotated: videoOK,
            note: { notes.append($0) })
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
