import Foundation
import PoseCapture
import PoseCore

/// The landmark step of a live session: takes frames from the capture stream and turns them into
/// pose frames with the same landmark sources `analyze` uses (BlazePose with the segmentation
/// mask, or the ArUco marker stream), each paired with the captured frame it came from.
///
/// Owned by the processing task (not `Sendable`).
public final class LiveLandmarker {
    /// Landmark sources a live session can run.
    public enum Kind: String, Sendable, CaseIterable {
        case blazepose
        case markers
    }

    public let kind: Kind
    /// The landmark file header (source, size, fps; facing for markers once known).
    public var header: LandmarkFileHeader {
        switch backend {
        case .blazepose: blazeHeader
        case .markers(let stream): stream.header
        }
    }

    private enum Backend {
        case blazepose(BlazePoseEstimator)
        case markers(MarkerStream)
    }

    private var backend: Backend
    private let blazeHeader: LandmarkFileHeader
    private var frames: LiveFrameStream<LiveCapturedFrame>.Receiver
    /// Frames taken from the stream for the marker stream, and those it has not returned yet.
    private let feedBox: FeedBox
    /// BlazePose: the mask (and the outline the live cue judges) only on inclined frames.
    private var maskGate: MaskGate?

    /// The marker stream reads through a synchronous `FrameSource`, the capture stream is awaited:
    /// the processing task awaits frames into `pending`, and the feed hands them out. When the
    /// marker stream wants a frame that has not been awaited yet, the feed throws `Starved` before
    /// anything is decoded (so the stream's state is unchanged) and `next()` awaits one more frame
    /// and asks again. Same task only.
    private final class FeedBox {
        /// Awaited, not yet handed to the marker stream.
        var pending: [LiveCapturedFrame] = []
        /// The capture stream ended: the feed reports the end, and the stream flushes what it holds.
        var ended = false
        /// Handed to the marker stream and not yet returned (it holds frames while bridging gaps).
        var inFlight: [Int: LiveCapturedFrame] = [:]
    }

    private struct Starved: Error {}

    /// Sets up the landmark source. For markers this awaits up to one second of frames from the
    /// stream (the marker stream decides which way the lifter faces).
    /// - Parameters:
    ///   - settings: the source's plugin settings (`AnalysisJob.analysisSettings`, so the mask is on).
    ///   - models: BlazePose models folder (nil: `ModelStore()` rules).
    ///   - startCapture: called once, when frames are first needed. BlazePose calls it after
    ///     loading and dry-running its networks (a second or more on a busy machine), so a file
    ///     played in real time does not lose its first rep to model loading and the lifter is told
    ///     to stand still only once frames are measured; the marker stream calls it first, because
    ///     it reads its first second of frames while it sets up.
    /// - Throws: `HingeCheckError` for a missing model or a bad setting.
    public init(kind: Kind, facts: SourceFacts, input: String, settings: PluginSettings, models: ModelStore?,
                frames: LiveFrameStream<LiveCapturedFrame>, startCapture: () -> Void) async throws {
        self.kind = kind
        var receiver = frames.makeReceiver()
        let box = FeedBox()
        feedBox = box
        blazeHeader = LandmarkFileHeader(source: kind.rawValue, skeleton: .blazePose33, width: facts.width,
                                         height: facts.height, fps: facts.fps, input: input)
        switch kind {
        case .blazepose:
            let options = try BlazePoseSource.options(from: settings)
            backend = .blazepose(try BlazePoseEstimator(models: models ?? ModelStore(), options: options))
            if options.computeMask { maskGate = MaskGate(fromInclinationDeg: try settings.number("mask-from-inclination")) }
            startCapture()
        case .markers:
            startCapture()
            // What `MarkerStream.init` reads ahead: frames until one a second after the first, or the end.
            var first: Double?
            while true {
                guard let frame = await receiver.next() else {
                    box.ended = true
                    break
                }
                box.pending.append(frame)
                if first == nil { first = frame.time }
                if frame.time - first! >= 1 { break }
            }
            let feed = LiveFrameFeed(facts: facts) {
                guard !box.pending.isEmpty else {
                    if box.ended { return nil }
                    throw Starved()
                }
                let frame = box.pending.removeFirst()
                box.inFlight[frame.index] = frame
                return LiveFrameFeed.Frame(image: frame.image, index: frame.index, time: frame.time)
            }
            do {
                backend = .markers(try MarkerStream(frames: feed, settings: MarkerStream.Settings(settings), input: input))
            } catch is Starved {
                throw HingeCheckError(.internal, "the marker stream read more than a second ahead while it opened")
            }
        }
        self.frames = receiver
    }

    /// The next pose frame and the captured frame it was measured on; nil when capture ended.
    /// Complexity: one BlazePose pass (about 45 ms on 2 cores) or one marker detection (10-25 ms).
    /// - Throws: `HingeCheckError` from the landmark source.
    public func next() async throws -> (pose: PoseFrame, captured: LiveCapturedFrame)? {
        switch backend {
        case .blazepose(let estimator):
            guard let captured = await frames.next() else { return nil }
            let want = maskGate?.wantsMask(at: captured.time)
            if let want { estimator.setMaskWanted(want) }
            let result = try estimator.process(captured.image, time: captured.time)
            var pose = result.poseFrame(index: captured.index, time: captured.time)
            if let mask = result.mask, result.found {
                pose.dorsalContour = DorsalContourExtractor.extract(mask: mask, frame: pose)
            }
            pose.outlineSkipped = want == false && result.found
            maskGate?.observe(pose)
            return (pose, captured)
        case .markers(let stream):
            let pose: PoseFrame?
            while true {
                do {
                    pose = try stream.next()
                    break
                } catch is Starved {
                    if let frame = await frames.next() {
                        feedBox.pending.append(frame)
                    } else {
                        feedBox.ended = true
                    }
                }
            }
            guard let pose else { return nil }
            let captured = feedBox.inFlight[pose.index]
            feedBox.inFlight = feedBox.inFlight.filter { $0.key > pose.index }
            guard let captured else {
                throw HingeCheckError(.internal, "the marker stream returned frame \(pose.index), which was never captured")
            }
            return (pose, captured)
        }
    }
}
