import Foundation
import PoseCore

/// The `blazepose` landmark source: markerless pose from video files, image folders and cameras
/// through `BlazePoseEstimator` (Shims/models/README.md, Benchmarks/peers/README.md).
///
/// With several people in view it follows one: the tracked ROI stays on its person, and when
/// the track is lost the new detection nearest to where that person was is preferred.
public struct BlazePoseSource: LandmarkSourcePlugin {
    /// The models folder; nil resolves it when a stream opens (`ModelStore()` rules).
    public var models: ModelStore?

    public init(models: ModelStore? = nil) {
        self.models = models
    }

    /// Video file extensions this source claims (anything else that is a file is left to other
    /// sources; open() itself accepts any file FFmpeg can decode). Animated GIFs count: exercise
    /// demos often are GIFs, and FFmpeg reads their frame delays as timestamps.
    public static let videoExtensions: Set<String> = ["mp4", "m4v", "mov", "avi", "mkv", "webm", "mpg", "mpeg", "wmv", "ts", "gif"]

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "blazepose", kind: .landmarkSource,
            summary: "Markerless 33-point body pose (MediaPipe BlazePose full, ONNX through OpenCV DNN) from video, image folders or cameras.",
            parameters: [
                PluginParameter("threads", default: "0", unit: "threads",
                                summary: "OpenCV worker threads for the networks: 0 keeps OpenCV's default (one per core); N fixes it; auto measures one per core against one while it runs and keeps the faster (one wins when other programs share the cores). auto changes OpenCV's process-wide count while running, so it is for a process that runs one analysis at a time: `hingecheck analyze` uses it unless told otherwise.",
                                source: "measured with one competing process: one thread per core collapsed to half MediaPipe's speed (Sources/PoseCapture/ThreadTuner.swift, docs/benchmarks.md)"),
                PluginParameter("segments", default: "1",
                                summary: "Video files only: run the video in this many parts, each with its own track (restarted 15 frames before the part), at once on their own threads when threads = auto, else one after another with the same results. Faster on several cores, but landmarks after each boundary differ from one pass by fractions of a pixel. 1: one pass; auto: 2 for files of 200 frames or more.",
                                source: "one pass by default: on the real clips two segments ran 1.25–1.45× faster and kept every side-view verdict, but moved deciding values by up to 0.8° and lost one rep of an oblique clip at its boundary (Sources/PoseCapture/ParallelBlazePoseStream.swift, docs/benchmarks.md)"),
                PluginParameter("min-detection-score", default: "0.5", unit: "fraction",
                                summary: "Detector score needed to start tracking a person.",
                                source: "MediaPipe Pose min_detection_confidence default (mediapipe/python/solutions/pose.py)"),
                PluginParameter("min-presence", default: "0.5", unit: "fraction",
                                summary: "Pose presence needed to accept the landmarks and keep tracking; below it the detector runs again.",
                                source: "MediaPipe Pose min_tracking_confidence default; ThresholdingCalculator in pose_landmark_by_roi"),
                PluginParameter("nms-iou", default: "0.3", unit: "fraction",
                                summary: "Overlap above which detector boxes are merged (weighted non-maximum suppression).",
                                source: "mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt"),
                PluginParameter("tracking", default: "on",
                                summary: "on: track the person's ROI from frame to frame (video); off: detect in every frame (unrelated images).",
                                source: "MediaPipe Pose static_image_mode=False"),
                PluginParameter("mask", default: "off",
                                summary: "on: compute the segmentation mask and, from it, the dorsal contour (needed by the markerless lumbar analysis).",
                                source: "MediaPipe enable_segmentation=False; docs/method.md, section The dorsal contour (markerless)"),
                PluginParameter("mask-from-inclination", default: "20", unit: "deg",
                                summary: "With the mask on, compute it only from this trunk inclination up (predicted from the tracked pose); upright frames run the faster network without it. 0: every frame.",
                                source: "shear-guard judges frames from its loaded-inclination (30°) up; 10° below that, with a 0.2 s look-ahead and a 0.3 s hold, keeps its 0.3 s smoothing window measured (Sources/PoseCapture/MaskGate.swift, docs/benchmarks.md)",
                                range: 0...90),
                PluginParameter("mask-scale", default: "1", unit: "px",
                                summary: "Image pixels per mask pixel; 2 halves the mask's resolution (faster on large frames).",
                                source: "convention: full resolution, since lumbar bulges are 1-3 px on small figures (docs/method.md, section The dorsal contour (markerless))"),
                PluginParameter("folder-fps", default: "30", unit: "Hz",
                                summary: "Frame rate assumed for a folder of images (it drives timestamps and the ROI smoothing).",
                                source: "MediaPipe's Python solution timestamps frames at 30 fps"),
            ],
            emits: ["pose-frames", "landmarks", "world-landmarks", "dorsal-contour"])
    }

    public func canOpen(_ input: SourceInput) -> Bool {
        switch input {
        case .camera, .folder: true
        case .file(let url): Self.videoExtensions.contains(url.pathExtension.lowercased())
        }
    }

    public func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream {
        let stream = try openStream(input, settings: settings)
        guard stream.facts.kind == .file, let count = stream.declaredFrameCount else { return stream }
        let segments = try Self.segmentCount(frameCount: count, settings: settings)
        guard segments > 1 else { return stream }
        // At once (one thread each) unless the process's threads are fixed (batch: one job per
        // core) or the count is: then one after another, with the same boundaries and results.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let concurrent = cores > 1 && Self.tunesThreads(settings) && !CaptureLibrary.threadCountFixed
        var overrides = settings.overrides
        if concurrent { overrides["threads"] = "1" }
        let segmentSettings = try PluginSettings(descriptor: settings.descriptor, overrides: overrides)
        if concurrent { stream.fixThreads(1) }
        let source = self
        return ParallelBlazePoseStream(segments: segments, frameCount: count, warmupFrames: Self.segmentWarmupFrames,
                                       concurrent: concurrent, first: stream) {
            try source.openStream(input, settings: segmentSettings)
        }
    }

    /// Opens a stream with its concrete type (frame access and source facts for the CLI).
    /// - Throws: `HingeCheckError` naming the input (`.notFound`, `.badInput`) or the model file
    ///   (`.model`, with the install command as the fix); `.invalidArgument` for a bad parameter.
    public func openStream(_ input: SourceInput, settings: PluginSettings) throws -> BlazePoseStream {
        let options = try Self.options(from: settings)
        let folderFPS = try settings.number("folder-fps")
        guard folderFPS > 0 else {
            throw HingeCheckError(.invalidArgument, "blazepose.folder-fps must be positive, got \(folderFPS)")
        }
        // Models first: a missing model is the likelier problem and the cheaper check.
        let estimator = try BlazePoseEstimator(models: models ?? ModelStore(), options: options)
        let frames: any FrameSource
        switch input {
        case .file(let url): frames = try VideoFileSource(path: url.path)
        case .folder(let url): frames = try ImageFolderSource(path: url.path, fps: folderFPS)
        case .camera(let index, let path): frames = try CameraSource(index: index, devicePath: path)
        }
        // Its 0...90 range was checked with the settings (PluginParameter.range).
        let gate = options.computeMask ? MaskGate(fromInclinationDeg: try settings.number("mask-from-inclination")) : nil
        // A count someone fixed for the whole process (batch: one per job) is left alone.
        let tuner = Self.tunesThreads(settings) && !CaptureLibrary.threadCountFixed ? ThreadTuner(cores: ProcessInfo.processInfo.activeProcessorCount) : nil
        return BlazePoseStream(frames: frames, estimator: estimator, input: input.description, maskGate: gate,
                               threadTuner: tuner)
    }

    /// `threads = auto`: the count is measured and chosen while the stream runs (`ThreadTuner`).
    static func tunesThreads(_ settings: PluginSettings) -> Bool {
        settings.text("threads")?.lowercased() == "auto"
    }

    /// Frames a later segment computes before its first delivered frame, so that its track has
    /// settled (a detection, then a few tracked frames; measured: landmarks settle within a pixel
    /// by the first delivered frame with 15, Tests/PoseCaptureTests/ParallelBlazePoseStreamTests).
    static let segmentWarmupFrames = 15
    /// The shortest segment worth a second set of networks and a warm-up (over three times the
    /// warm-up).
    static let minimumSegmentFrames = 100

    /// How many segments `open` runs a video in (the default setting, 1, is one pass).
    /// `segments = auto` gives two for a file with a
    /// known frame count of at least two minimum segments, whatever the machine: the boundaries,
    /// and so the landmarks, depend on the video alone (two keep both cores of the 2-core machines
    /// this is measured on busy; more would add warm-ups without a gain there).
    /// - Throws: `.invalidArgument` naming `blazepose.segments` for a value that is neither auto
    ///   nor 1...64.
    static func segmentCount(frameCount count: Int, settings: PluginSettings) throws -> Int {
        let text = (settings.text("segments") ?? "1").lowercased()
        let wanted: Int
        if text == "auto" {
            wanted = 2
        } else {
            guard let n = Int(text), (1...64).contains(n) else {
                throw HingeCheckError(.invalidArgument, "blazepose.segments = \"\(text)\" must be auto or a whole number in 1...64")
            }
            wanted = n
        }
        return max(1, min(wanted, count / Self.minimumSegmentFrames))
    }

    /// Estimator options from plugin settings.
    /// - Throws: `.invalidArgument` naming the parameter when a value is not a number, not
    ///   on/off, or out of range.
    public static func options(from settings: PluginSettings) throws -> BlazePoseEstimator.Options {
        func unit(_ name: String) throws -> Double {
            let v = try settings.number(name)
            guard (0...1).contains(v) else {
                throw HingeCheckError(.invalidArgument, "blazepose.\(name) = \(v) is outside 0...1")
            }
            return v
        }
        func whole(_ name: String, _ range: ClosedRange<Int>) throws -> Int {
            let v = try settings.number(name)
            // The range is checked on the Double: `Int(v)` would trap on 1e300 before it.
            guard v == v.rounded(), v >= Double(range.lowerBound), v <= Double(range.upperBound) else {
                throw HingeCheckError(.invalidArgument, "blazepose.\(name) = \(v) must be a whole number in \(range.lowerBound)...\(range.upperBound)")
            }
            return Int(clampingRounded: v)
        }
        func flag(_ name: String) throws -> Bool {
            let text = (settings.text(name) ?? "").lowercased()
            switch text {
            case "on", "true", "yes", "1": return true
            case "off", "false", "no", "0": return false
            default: throw HingeCheckError(.invalidArgument, "blazepose.\(name) = \"\(text)\" must be on or off")
            }
        }
        let iou = try unit("nms-iou")
        guard iou > 0 else { throw HingeCheckError(.invalidArgument, "blazepose.nms-iou must be above 0") }
        let threads = tunesThreads(settings) ? 0 : try whole("threads", 0...256)
        return BlazePoseEstimator.Options(
            threads: threads, minDetectionScore: try unit("min-detection-score"),
            minPresence: try unit("min-presence"), nmsIoU: iou, tracking: try flag("tracking"),
            redetectOnLoss: true, computeMask: try flag("mask"), maskScale: try whole("mask-scale", 1...64))
    }
}

/// Pose frames from one input, in frame order, owned by one task.
public final class BlazePoseStream: LandmarkStream {
    public let header: LandmarkFileHeader
    /// What the frame source reported when it opened (size, fps, declared frame count).
    public let facts: SourceFacts
    /// The estimator (its options, and `reset()` for scene cuts).
    public let estimator: BlazePoseEstimator
    private let frames: any FrameSource
    /// The full result of the last frame (ROI, detection details, mask).
    public private(set) var lastResult: BlazePoseResult?
    /// Decides per frame whether the mask is computed; nil: as the options say, every frame.
    private var maskGate: MaskGate?
    /// Chooses the thread count per frame (`threads = auto`); nil: as the options say.
    private var threadTuner: ThreadTuner?
    private var times = StageTimes()

    init(frames: any FrameSource, estimator: BlazePoseEstimator, input: String, maskGate: MaskGate? = nil,
         threadTuner: ThreadTuner? = nil) {
        self.frames = frames
        self.estimator = estimator
        self.maskGate = maskGate
        self.threadTuner = threadTuner
        facts = frames.facts
        header = LandmarkFileHeader(source: "blazepose", skeleton: .blazePose33, width: facts.width,
                                    height: facts.height, fps: facts.fps, input: input)
    }

    public func next() throws -> PoseFrame? {
        try next { _, _, _ in }
    }

    public var declaredFrameCount: Int? { facts.kind == .file ? facts.frameCount : nil }

    public var skippedFrames: Int { frames.skippedFrames }

    /// Decode, detector, landmark network (with and without the mask head), mask and outline,
    /// summed over the frames so far.
    public var stageTimes: StageTimes? { times }

    /// Runs every later frame with `threads` OpenCV threads, without tuning (the segments of a
    /// `ParallelBlazePoseStream` run one thread each).
    func fixThreads(_ threads: Int) {
        threadTuner = nil
        estimator.setThreads(threads)
    }

    /// Decodes and drops the frames before index `first` (no network): a segment's way to its
    /// start (`ParallelBlazePoseStream`).
    func discard(before first: Int) throws {
        guard first > 0 else { return }
        while let index = try frames.read({ $0.index }), index < first - 1 {}
    }

    /// The next frame, lending the decoded pixels and the full result to `visit` first (e.g. to
    /// draw an overlay); nil at the end of the input.
    /// Complexity: one or two network passes per frame (see `BlazePoseEstimator.process`).
    /// - Throws: `HingeCheckError` when decoding fails mid-stream, or what `visit` throws.
    public func next(_ visit: (borrowing FrameView, PoseFrame, BlazePoseResult) throws -> Void) throws -> PoseFrame? {
        let estimator = self.estimator
        let gate = maskGate
        let threads = threadTuner?.threadsForNextFrame()
        let readStart = ContinuousClock.now
        var decode = Duration.zero
        let out: (PoseFrame, BlazePoseResult, outline: Duration)? = try frames.read { view in
            decode = ContinuousClock.now - readStart
            let want = gate?.wantsMask(at: view.time)
            if let want { estimator.setMaskWanted(want) }
            if let threads { estimator.setThreads(threads) }
            let result = try estimator.process(view)
            var frame = result.poseFrame(index: view.index, time: view.time)
            let outlineStart = ContinuousClock.now
            if let mask = result.mask, result.found {
                frame.dorsalContour = DorsalContourExtractor.extract(mask: mask, frame: frame)
            }
            let outline = ContinuousClock.now - outlineStart
            frame.outlineSkipped = want == false && result.found
            try visit(view, frame, result)
            return (frame, result, outline)
        }
        guard let out else { return nil }
        record(decode: decode, outline: out.outline, usedMask: out.1.mask != nil)
        threadTuner?.record(estimator.lastTiming)
        maskGate?.observe(out.0)
        lastResult = out.1
        return out.0
    }

    /// Adds one frame's stage times (decode: from asking for the frame to getting its pixels).
    private func record(decode: Duration, outline: Duration, usedMask: Bool) {
        let t = estimator.lastTiming
        times.add("decode", ms: decode.milliseconds)
        if t.detectorMs > 0 { times.add("detector", ms: t.detectorMs) }
        times.add(t.maskNetwork ? "landmark network with mask head" : "landmark network without mask head", ms: t.landmarkMs)
        if usedMask {
            times.add("mask (sigmoid, un-warp)", ms: t.maskMs)
            times.add("outline (dorsal contour)", ms: outline.milliseconds)
        }
    }
}
