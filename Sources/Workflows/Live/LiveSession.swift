import Analyzers
import Dispatch
import Foundation
import PoseCapture
import PoseCore
import Reports

/// A live form-checking session (`hingecheck live`): capture, landmarks and analysis in real
/// time with bounded latency.
///
/// Structured concurrency, one job per task, all child tasks of one task group in `run`:
/// - capture (`LiveCapture.run`, its blocking reads on the source's own thread through
///   `LiveSourceReader`) hands frames to processing through a bounded `LiveFrameStream` (one
///   frame, the newest: a frame processing has not taken is dropped and counted; lossless for a
///   file analysed frame for frame) and every frame to the recorder;
/// - processing (`process`): the landmarks and `LiveFrameProcessor` (calibration, kinematics,
///   the analyzers, the state) and the views;
/// - the renderer (`LiveRenderWorker`) and the recording's encoder (`LiveRecorder.encode`) consume
///   their own bounded buffers; the window keeps a thread of its own (highgui's rule);
/// - two stop watchers: `stop` (the command fires it on Ctrl-C, SIGTERM and SIGHUP) and the
///   session's own (a closed window, `maxDurationS`).
/// `LiveAnnouncer` carries notices from any of them. Live flags come from the analyzers
/// themselves (`LiveAnalyzer`), re-run on the samples so far whenever that costs under a tenth of
/// the time; between runs the newest frame is judged with the shear-guard rule's own thresholds
/// (provisional, then confirmed).
///
/// Stopping: a stop cancels the group. Capture then reads no more (a pacing or reconnect wait
/// ends at once) and ends the frame stream; processing takes the frame capture had handed on,
/// flushes the landmark source and returns what it computed; the renderer draws what it holds;
/// the encoder writes every frame capture recorded. The end of a file, a camera that did not come
/// back or a landmark error end processing, which cancels the group the same way. Nothing waits
/// on a semaphore or polls a flag.
///
/// "Nothing lost": after the group, the recording is finished and the per-rep report written
/// from what was processed. A process killed outright still leaves the closed video segments and
/// every landmark line (`LiveRecorder`).
public final class LiveSession: Sendable {
    public let registry: PluginRegistry
    public let options: LiveSessionOptions
    public let sinks: LiveSinks

    public init(registry: PluginRegistry, options: LiveSessionOptions, sinks: LiveSinks = LiveSinks()) {
        self.registry = registry
        self.options = options
        self.sinks = sinks
    }

    /// Runs the session until the source ends, `stop` fires (or the calling task is cancelled),
    /// the window is closed or `maxDurationS` is reached, then writes the report of what was
    /// processed.
    /// - Throws: before any frame: configuration errors, a source that cannot be opened, a
    ///   missing model; at the end: report-writing errors. A source that fails mid-set is not
    ///   thrown: see `LiveOutcome.captureFailure`.
    public func run(stop: LiveSignal = LiveSignal()) async throws -> LiveOutcome {
        try options.config.validate(against: registry)
        // External analysers are found and handshaken now, as `analyze` does: a config mistake
        // fails before any frame. They run once, on the final report (not per frame).
        let external = try ExternalAnalysisStage(config: options.config, registry: registry)
        let analyzer = try LiveAnalyzer(registry: registry, config: options.config, profile: options.profile)
        let plugin: any LandmarkSourcePlugin = options.landmarks == .markers ? MarkerSource() : BlazePoseSource()
        let sourceSettings = try AnalysisJob.analysisSettings(for: registry.source(id: plugin.descriptor.id) ?? plugin,
                                                              config: options.config)
        let announcer = LiveAnnouncer(sinks: sinks)
        let capture = Self.capture(for: options)
        let reader = LiveSourceReader(open: capture.open)
        let facts = try await reader.open(attempt: 0)
        announcer.capture(.opened(facts))
        // The session's own stop (a closed window, the time limit).
        let ending = LiveSignal()
        let opened: OpenedViews
        do {
            opened = try await openViews(facts: facts, announcer: announcer, ending: ending)
        } catch {
            await reader.close()
            throw error
        }
        let recorder = opened.recorder
        let renderer = opened.display != nil || sinks.broadcast != nil
            ? LiveRenderWorker(display: opened.display, broadcast: sinks.broadcast, jpegQuality: options.jpegQuality)
            : nil
        let frames = LiveFrameStream<LiveCapturedFrame>(lossless: capture.waitsForProcessing)
        let start = LiveSignal()
        let started = DispatchTime.now().uptimeNanoseconds

        let processed: Processed, summary: LiveCapture.Summary, renderLatency: LiveLatency
        do {
            (processed, summary, renderLatency) = try await runStages(
                capture: capture, reader: reader, frames: frames, start: start, stop: stop, ending: ending, opened: opened,
                renderer: renderer, facts: facts, settings: sourceSettings, analyzer: analyzer, announcer: announcer)
        } catch {
            // Set-up or configuration errors: the tasks have ended; close what was opened.
            await opened.display?.close()
            _ = try? recorder?.finish()
            throw error
        }
        var processor = processed.processor
        let processingError = processed.error
        let views = Views(landmarker: processed.landmarker, display: opened.display, terminal: opened.terminal)
        let windowFrames = views.display?.framesShown ?? 0
        await views.display?.close()
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let (stored, dropped) = frames.counts
        let latencyReport = processor.latency.report(captured: stored, processed: processor.frames.count, dropped: dropped,
                                                     durationS: elapsed, sourceFPS: facts.fps)
        let renderReport = renderLatency.count > 0
            ? renderLatency.report(captured: stored, processed: renderLatency.count, dropped: dropped, durationS: elapsed, sourceFPS: facts.fps)
            : nil
        var notes: [String] = []
        let recording = Self.finishRecording(recorder, notes: &notes)

        // The per-rep analysis of everything processed: the pipeline `analyze` runs, then its
        // external analysers (one that fails is a warning in the report naming it; the built-in
        // results stay, and the command exits non-zero after the report, as `analyze` does).
        let header = views.landmarker.header
        let pipeline = AnalysisPipeline(registry: registry, config: options.config,
                                        profile: processor.calibratedProfile ?? options.profile)
        let poses = PoseFrames(spool: processor.frames)
        var analysis = try pipeline.makeSession(header: header)
        try poses.forEach { analysis.push($0) }
        var result = try analysis.finish()
        let pluginErrors = external.run(on: &result, header: header)
        let document = AnalysisDocument(input: options.input.description, header: header, frameCount: poses.count,
                                        result: result)
        var reportFiles: [String] = []
        if let recorder {
            reportFiles = try writeReport(document, frames: poses, header: header, recorder: recorder,
                                          recording: recording, notes: &notes)
            let sessionFile = LiveSessionFile(input: options.input.description, landmarks: options.landmarks.rawValue,
                                              latency: latencyReport, renderLatency: renderReport, cues: processor.cues,
                                              calibration: processor.calibrationNote, reconnects: summary.reconnects,
                                              captureFailure: summary.failure)
            try? sessionFile.jsonData().write(to: recorder.folder.appendingPathComponent("live-session.json"))
        }
        if summary.lateFrames > 0 {
            notes.append("\(summary.lateFrames) frames of the file were decoded more than 50 ms later than real time: this machine cannot decode it at its frame rate while analysing (drop --realtime to analyse every frame).")
        }
        let finalState = processor.ended(with: result)
        views.terminal?.finish(finalState)
        sinks.broadcast?.publish(stateJSON: finalState.jsonData())
        sinks.broadcast?.finish()
        if let processingError { throw processingError }
        return LiveOutcome(document: document, frames: poses, header: header, latency: latencyReport,
                           renderLatency: renderReport, cues: processor.cues, repsCuedLost: processor.repsCued.sorted(),
                           calibratedProfile: processor.calibratedProfile, calibrationNote: processor.calibrationNote,
                           recording: recording, reportFiles: reportFiles, reconnects: summary.reconnects,
                           captureFailure: summary.failure, windowFrames: windowFrames, notes: notes,
                           pluginErrors: pluginErrors)
    }

    /// The session's task group: capture, processing, the renderer, the recording's encoder and
    /// the stop watchers are its child tasks. A stop, or the end of processing, cancels the
    /// group; each task then ends after handing on what it holds (see `run`). Returns once every
    /// task has ended.
    private func runStages(capture: LiveCapture, reader: LiveSourceReader, frames: LiveFrameStream<LiveCapturedFrame>,
                           start: LiveSignal, stop: LiveSignal, ending: LiveSignal, opened: OpenedViews,
                           renderer: LiveRenderWorker?, facts: SourceFacts, settings: PluginSettings,
                           analyzer: LiveAnalyzer, announcer: LiveAnnouncer)
        async throws -> (Processed, LiveCapture.Summary, LiveLatency) {
        let recorder = opened.recorder
        let record: (@Sendable (LiveCapturedFrame) -> Void)? = if let recorder { { recorder.record($0) } } else { nil }
        return try await withThrowingTaskGroup(of: Stage.self) { group in
            // Capture: reads once the landmark source is ready, until the source ends or gives up
            // or the group is cancelled; then ends the frame stream and the video.
            group.addTask {
                await start.wait()
                let summary = await capture.run(reader: reader, into: frames, recorder: record) { announcer.capture($0) }
                recorder?.endVideo()
                await reader.close()
                return .captured(summary)
            }
            // Stops: from outside (`stop`: the signals) and inside (`ending`: window, time limit).
            for signal in [stop, ending] {
                group.addTask {
                    await signal.wait()
                    return .stopRequested
                }
            }
            if let recorder {
                group.addTask {
                    await recorder.encode()
                    return .encoded
                }
            }
            if let renderer {
                group.addTask { .rendered(await renderer.run()) }
            }
            group.addTask {
                let processed = try await self.process(facts: facts, settings: settings, analyzer: analyzer, frames: frames,
                                                       start: start, ending: ending, opened: opened, renderer: renderer,
                                                       announcer: announcer)
                renderer?.finish()
                return .processed(Handover(processed))
            }
            var processed: Processed?
            var summary = LiveCapture.Summary()
            var renderLatency = LiveLatency()
            for try await stage in group {
                switch stage {
                case .stopRequested:
                    group.cancelAll()
                case .processed(let handover):
                    processed = handover.value
                    group.cancelAll()
                case .captured(let captured):
                    summary = captured
                case .rendered(let latency):
                    renderLatency = latency
                case .encoded:
                    break
                }
            }
            guard let processed else {
                throw HingeCheckError(.internal, "the live processing task ended without a result")
            }
            return (processed, summary, renderLatency)
        }
    }

    /// What the session's child tasks return.
    private enum Stage: Sendable {
        case captured(LiveCapture.Summary)
        case processed(Handover<Processed>)
        case rendered(LiveLatency)
        case encoded
        case stopRequested
    }

    /// The processing task's state, handed to the session once that task has ended (the report
    /// is built from it). Nothing else holds it by then, hence `@unchecked Sendable`.
    private struct Handover<Value>: @unchecked Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    /// What the processing loop leaves for the report.
    private struct Processed {
        var landmarker: LiveLandmarker
        var processor: LiveFrameProcessor
        /// The landmark source's error, when it ended the loop (thrown after the wind-down, so
        /// the recording is still finished).
        var error: (any Error)?
    }

    /// What the processing loop showed its results on, and the landmark source it read.
    private struct Views {
        var landmarker: LiveLandmarker
        var display: LiveDisplay?
        var terminal: LiveTerminalView?
    }

    /// What is opened before capture starts reading.
    private struct OpenedViews: Sendable {
        var recorder: LiveRecorder?
        var display: LiveDisplay?
        var terminal: LiveTerminalView?
    }

    /// Set-up that needs the frame size: the recording, the window and the terminal view.
    /// - Throws: what fails; what was opened is closed.
    private func openViews(facts: SourceFacts, announcer: LiveAnnouncer, ending: LiveSignal) async throws -> OpenedViews {
        let recorder = try options.recordFolder.map {
            try LiveRecorder(folder: $0, width: facts.width, height: facts.height, fps: facts.fps)
        }
        var display: LiveDisplay?
        if options.window {
            do {
                display = try await LiveDisplay.open(title: "HingeCheck live - q to quit", width: facts.width,
                                                     height: facts.height, onQuit: { ending.fire() })
            } catch {
                announcer.announce("no window (\(error)); showing the terminal view")
            }
        }
        let terminal = display == nil ? sinks.terminal ?? (options.window ? LiveTerminalView() : nil) : sinks.terminal
        return OpenedViews(recorder: recorder, display: display, terminal: terminal)
    }

    /// The processing loop: sets up the landmark source (which lets capture start) and the frame
    /// processor, then landmarks, analysis, views and the stop conditions, frame after frame
    /// until the frame stream ends (the source ended, or a stop ended capture).
    /// - Returns: the landmark source and processor, and the landmark source's error when it
    ///   ended the loop.
    /// - Throws: set-up errors (a missing model, a bad setting) and configuration errors from the
    ///   analyzers, at once.
    private func process(facts: SourceFacts, settings: PluginSettings, analyzer: LiveAnalyzer,
                         frames: LiveFrameStream<LiveCapturedFrame>, start: LiveSignal, ending: LiveSignal,
                         opened: OpenedViews, renderer: LiveRenderWorker?, announcer: LiveAnnouncer) async throws -> Processed {
        let landmarker = try await LiveLandmarker(kind: options.landmarks, facts: facts, input: options.input.description,
                                                  settings: settings, models: options.models, frames: frames,
                                                  startCapture: { start.fire() })
        try opened.recorder?.startLandmarks(header: landmarker.header)
        var processor = try LiveFrameProcessor(registry: registry, options: options, analyzer: analyzer,
                                               header: landmarker.header, lossless: frames.lossless, announcer: announcer)
        while true {
            let next: (pose: PoseFrame, captured: LiveCapturedFrame)?
            do {
                next = try await landmarker.next()
            } catch {
                return Processed(landmarker: landmarker, processor: processor, error: error)
            }
            guard let (pose, captured) = next else {
                return Processed(landmarker: landmarker, processor: processor, error: nil)
            }
            announcer.frameArrived(at: pose.time)
            let sample = try processor.sample(pose)
            do {
                try opened.recorder?.write(pose)
            } catch {
                announcer.announce("landmark file: \(error)")
            }
            let step = try processor.process(pose, sample: sample, slotCounts: frames.counts)
            show(processor.state, step: step, terminal: opened.terminal, announcer: announcer)
            processor.cueShown(capturedAtNs: captured.capturedAtNs)

            // Picture for the window and the browser (only when someone looks), in the render task.
            if let renderer, opened.display != nil || sinks.broadcast?.wantsFrames == true {
                renderer.submit(.init(image: captured.image, pose: pose, sample: step.sample, analysis: step.analysis,
                                      state: processor.state, capturedAtNs: captured.capturedAtNs))
            }
            if let limit = options.maxDurationS, pose.time >= limit { ending.fire() }
        }
    }

    /// The frame's state on the terminal and in the browser, and the sound when the cue turned red.
    private func show(_ state: LiveState, step: LiveFrameProcessor.Step, terminal: LiveTerminalView?, announcer: LiveAnnouncer) {
        terminal?.update(state)
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
    private func writeReport(_ document: AnalysisDocument, frames: PoseFrames, header: LandmarkFileHeader,
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
            return LiveCapture(settings: LiveCaptureSettings(realtime: realtime, lossless: !realtime, reconnect: false, loop: options.loop)) { _ in
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
