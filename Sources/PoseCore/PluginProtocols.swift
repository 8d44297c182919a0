import Foundation

/// Every plugin: a `Sendable` factory with a descriptor. Per-stream mutable state lives in the
/// sessions/streams it makes (the swift-log `LogHandler` split), never in the plugin itself.
public protocol HingeCheckPlugin: Sendable {
    var descriptor: PluginDescriptor { get }
}

/// Where frames come from.
public enum SourceInput: Sendable, Hashable, CustomStringConvertible {
    /// A video file, a landmark file (.jsonl) or an importable landmark export.
    case file(URL)
    /// A folder (images, or per-frame landmark files).
    case folder(URL)
    /// A camera by index or device path.
    case camera(index: Int, devicePath: String?)

    public var description: String {
        switch self {
        case .file(let url), .folder(let url): url.path
        case .camera(let index, let path): path ?? "camera \(index)"
        }
    }
}

/// A stream of pose frames from one input, owned by one task.
public protocol LandmarkStream: AnyObject {
    /// What the stream holds; known once the stream is open.
    var header: LandmarkFileHeader { get }
    /// The next frame, or nil at the end.
    /// - Throws: `HingeCheckError` when the input fails mid-stream; frames already returned stay valid.
    func next() throws -> PoseFrame?
    /// How many frames a video file says it holds (its container's count), so that a file that
    /// ends early can be told from one that is whole; nil when unknown (cameras, landmark files).
    var declaredFrameCount: Int? { get }
    /// Video frames skipped so far because they could not be decoded (damaged data): the
    /// stream went on after them, and the analysis says so. 0 for sources that read no video.
    var skippedFrames: Int { get }
    /// Per-stage wall times so far (decode, networks, outline), for sources that measure them.
    var stageTimes: StageTimes? { get }
}

extension LandmarkStream {
    public var declaredFrameCount: Int? { nil }
    public var skippedFrames: Int { 0 }
    public var stageTimes: StageTimes? { nil }
}

/// A landmark source plugin ("blazepose", "markers", "jsonl", importers).
///
/// Requirements: `canOpen` must be cheap (extension or header sniffing, no decoding); `open`
/// validates the input and throws `HingeCheckError` naming it; streams deliver frames in index
/// order with non-decreasing `time`.
public protocol LandmarkSourcePlugin: HingeCheckPlugin {
    func canOpen(_ input: SourceInput) -> Bool
    func open(_ input: SourceInput, settings: PluginSettings) throws -> any LandmarkStream
}

/// A per-stream pose filter (smoothing), made fresh for every stream.
public protocol PoseFilter {
    mutating func apply(_ frame: PoseFrame) -> PoseFrame
}

/// A filter plugin (none is built in: the analysers smooth their own signals).
public protocol PoseFilterPlugin: HingeCheckPlugin {
    func makeFilter(settings: PluginSettings) throws -> any PoseFilter
}

/// A per-stream analyzer session: sees every kinematic sample in order and judges each rep as
/// soon as the rep's frames are in, then adds what is left at the end. Sessions run in the
/// chain's order (`needs`/`emits` of the descriptors state the dependencies), so a later
/// analyzer reads what an earlier one wrote for the same sample.
///
/// Three steps:
/// - `observe(_:into:)`, once per frame: the per-rep work, with no state that grows with the
///   samples (a running count, a rep waiting for its last frames, a line per rep judged).
///   `result.samples` ends with the frame's sample; a live set keeps only the samples a session
///   still needs there (`retainFromS`).
/// - `finish(into:)`, once at the end of the stream: judges the reps whose frames ended with the
///   stream, and judges again any rep whose inputs a figure known only at the end changed (the
///   whole input's mean frame interval, for instance) when the samples are all still there.
/// - `concludeSet(_:)`, after every session's `finish`: what needs every rep of the set, over all
///   the reps so far, without the rep under way (a live snapshot's `finish` judges that one too).
public protocol AnalyzerSession {
    /// Called once per frame, in order, after the earlier sessions of the chain observed it.
    /// Complexity: O(1) amortised per sample, plus the work of a rep when it completes.
    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult)
    /// Called once at the end of the stream, in chain order; a live snapshot calls it on a copy
    /// of the session, with the rep under way added to `result.reps`.
    mutating func finish(into result: inout AnalysisResult)
    /// The earliest sample time this session may still read from `result.samples` (the start of
    /// a rep it has not judged yet, a reference it has not decided yet), seconds. A live set
    /// drops the samples every session is done with, so its memory and its cost per frame stay
    /// flat however long it runs. Default: −infinity, every sample is kept — right for a session
    /// that reads old samples, but a live set's memory then grows with its length.
    var retainFromS: Double { get }
    /// Called after every session's `finish`, in chain order, with every rep of the set so far
    /// (a rep still under way left out): set-level conclusions, such as which reps fall short of
    /// the set's typical depth (`reps`) or the trend across reps (`fatigue-trend`). It may read
    /// and write `reps` and set-level fields; it must not read `samples`, which in a live set
    /// hold only the recent samples. A function of `result`: a live snapshot whose result is
    /// the last one's reuses the last conclusions. Default: nothing.
    func concludeSet(_ result: inout AnalysisResult)
}

extension AnalyzerSession {
    public func concludeSet(_ result: inout AnalysisResult) {}
    public var retainFromS: Double { -.infinity }
}

/// A posture analyzer plugin ("reps", "lumbar-curve", "spine-rounding", "shear-guard", ...).
public protocol PostureAnalyzerPlugin: HingeCheckPlugin {
    func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession
}

/// A report exporter plugin ("json", "csv", "html", ...).
public protocol ReportExporterPlugin: HingeCheckPlugin {
    /// File names this exporter writes into the report folder.
    var outputFiles: [String] { get }
    /// Writes the files (atomically) into `folder`.
    func export(_ result: AnalysisResult, frames: [PoseFrame], header: LandmarkFileHeader,
                to folder: URL, settings: PluginSettings) throws
}
