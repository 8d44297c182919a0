import Foundation
import PoseCore

/// BlazePose over one video file in several segments at once, one thread and one estimator per
/// segment, delivered in frame order as one stream (`blazepose.segments`).
///
/// Why: the landmark pass of frame n+1 needs frame n's landmarks (the tracked ROI), so one
/// stream cannot use two cores except inside each layer, and there two threads gain only about
/// 1.3× (many small layers, each waiting for its slowest thread) and collapse when another
/// program holds a core. Independent segments keep every core busy with one thread each, without
/// waiting on each other (docs/benchmarks.md).
///
/// What it costs: each later segment starts `warmupFrames` early, with a detection, and its
/// warm-up frames are computed and dropped, so that by its first delivered frame the track (ROI
/// and its smoothing) has settled. Landmarks there can differ from one long run's by small
/// fractions of a pixel for a while (the ROI smoothing's history differs); verdicts on the
/// validation clips are unchanged (docs/measurements.md). Each segment also decodes the video up
/// to its start, and holds its own networks (about 60 MB each).
public final class ParallelBlazePoseStream: LandmarkStream {
    public var header: LandmarkFileHeader { first.header }
    public var declaredFrameCount: Int? { first.declaredFrameCount }
    /// The last segment decodes the whole file, so its count covers every damaged frame.
    public var skippedFrames: Int { workers.last?.skippedFrames ?? first.skippedFrames }
    public var stageTimes: StageTimes? {
        var all = first.stageTimes ?? StageTimes()
        for w in workers { all.merge(w.stageTimes) }
        return all
    }

    /// First frame index of each later segment.
    public let boundaries: [Int]
    private let first: BlazePoseStream
    private let workers: [SegmentWorker]
    private var position = 0   // 0: the first segment, k: workers[k - 1]

    /// - Parameters:
    ///   - open: opens one sequential stream over the whole file (own estimator, one thread).
    ///   - frameCount: the file's declared frame count.
    ///   - segments: how many segments (2 or more).
    init(segments: Int, frameCount: Int, warmupFrames: Int, first: BlazePoseStream,
         open: @escaping @Sendable () throws -> BlazePoseStream) {
        precondition(segments >= 2)
        self.first = first
        let starts = Self.boundaries(segments: segments, frameCount: frameCount, warmupFrames: warmupFrames)
        boundaries = starts
        workers = starts.enumerated().map { k, start in
            SegmentWorker(open: open, start: start, end: k + 1 < starts.count ? starts[k + 1] : nil,
                          warmupFrames: warmupFrames)
        }
    }

    /// Where the later segments start so that every segment computes as many frames: the first
    /// runs [0, b1), segment k [b_k − warm-up, b_(k+1)), all of length L = (count + (S − 1) W) / S.
    static func boundaries(segments: Int, frameCount: Int, warmupFrames: Int) -> [Int] {
        let length = (frameCount + (segments - 1) * warmupFrames) / segments
        return (1..<segments).map { k in k * length - (k - 1) * warmupFrames }
    }

    deinit {
        for w in workers { w.cancel() }
    }

    public func next() throws -> PoseFrame? {
        if position == 0 {
            if let frame = try first.next(), frame.index < boundaries[0] { return frame }
            position = 1
        }
        while position <= workers.count {
            if let frame = try workers[position - 1].take() { return frame }
            position += 1
        }
        return nil
    }
}

/// One later segment: its own stream on its own thread, frames handed over in order.
final class SegmentWorker: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var ready: [PoseFrame] = []
    private var head = 0   // ready[..<head] were taken
    private var finished = false
    private var failure: (any Error)?
    private var cancelled = false
    private var times = StageTimes()
    private var skipped = 0

    /// Starts the segment's thread, which opens its own stream (networks loaded in parallel with
    /// the first segment's work) and runs it.
    init(open: @escaping @Sendable () throws -> BlazePoseStream, start: Int, end: Int?, warmupFrames: Int) {
        let thread = Thread { [self] in
            do {
                run(try open(), start: start, end: end, warmupFrames: warmupFrames)
            } catch {
                condition.lock()
                failure = error
                finished = true
                condition.broadcast()
                condition.unlock()
            }
        }
        thread.name = "blazepose segment from frame \(start)"
        thread.start()
    }

    private func run(_ stream: BlazePoseStream, start: Int, end: Int?, warmupFrames: Int) {
        do {
            try stream.discard(before: max(0, start - warmupFrames))
            while !isCancelled, let frame = try stream.next() {
                if let end, frame.index >= end { break }
                guard frame.index >= start else { continue }   // warm-up: tracked, not delivered
                condition.lock()
                ready.append(frame)
                condition.signal()
                condition.unlock()
            }
        } catch {
            condition.lock()
            failure = error
            condition.unlock()
        }
        condition.lock()
        times = stream.stageTimes ?? StageTimes()
        skipped = stream.skippedFrames
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private var isCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return cancelled
    }

    /// The next frame of the segment, waiting for it; nil at its end.
    /// - Throws: what the segment's stream threw, after the frames before it.
    func take() throws -> PoseFrame? {
        condition.lock()
        defer { condition.unlock() }
        while head == ready.count && !finished { condition.wait() }
        if head < ready.count {
            head += 1
            return ready[head - 1]
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        condition.lock()
        cancelled = true
        condition.unlock()
    }

    var stageTimes: StageTimes {
        condition.lock()
        defer { condition.unlock() }
        return times
    }

    var skippedFrames: Int {
        condition.lock()
        defer { condition.unlock() }
        return skipped
    }
}
