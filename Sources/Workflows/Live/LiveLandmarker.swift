import Foundation
import PoseCapture
import PoseCore

/// The landmark step of a live session: takes frames from the capture slot and turns them into
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
    private let slot: LiveFrameSlot<LiveCapturedFrame>
    /// Frames handed to the marker stream and not yet returned (it holds frames while bridging gaps).
    private let inFlightBox: InFlightBox
    /// BlazePose: the mask (and the outline the live cue judges) only on inclined frames.
    private var maskGate: MaskGate?

    /// Frames handed out to the marker stream, shared with its feed closure (same thread).
    private final class InFlightBox {
        var frames: [Int: LiveCapturedFrame] = [:]
    }

    /// Sets up the landmark source. For markers this reads up to one second of frames from the
    /// slot (the stream decides which way the lifter faces), so call it on the processing thread.
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
                slot: LiveFrameSlot<LiveCapturedFrame>, startCapture: () -> Void) throws {
        self.kind = kind
        self.slot = slot
        let box = InFlightBox()
        inFlightBox = box
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
            let feed = LiveFrameFeed(facts: facts) {
                guard let frame = slot.take() else { return nil }
                box.frames[frame.index] = frame
                return LiveFrameFeed.Frame(image: frame.image, index: frame.index, time: frame.time)
            }
            backend = .markers(try MarkerStream(frames: feed, settings: MarkerStream.Settings(settings), input: input))
        }
    }

    /// The next pose frame and the captured frame it was measured on; nil when capture ended.
    /// Complexity: one BlazePose pass (about 45 ms on 2 cores) or one marker detection (10-25 ms).
    /// - Throws: `HingeCheckError` from the landmark source.
    public func next() throws -> (pose: PoseFrame, captured: LiveCapturedFrame)? {
        switch backend {
        case .blazepose(let estimator):
            guard let captured = slot.take() else { return nil }
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
            guard let pose = try stream.next() else { return nil }
            let captured = inFlightBox.frames[pose.index]
            inFlightBox.frames = inFlightBox.frames.filter { $0.key > pose.index }
            guard let captured else {
                throw HingeCheckError(.internal, "the marker stream returned frame \(pose.index), which was never captured")
            }
            return (pose, captured)
        }
    }
}
