import Foundation
import PoseCore

/// BlazePose over one video file in segments, each with its own estimator (its own track),
/// delivered in frame order as one stream (`blazepose.segments`).
///
/// Why: the landmark pass of frame n+1 needs frame n's landmarks (the tracked ROI), so one
/// stream cannot use two cores except inside each layer, and there two threads gain only about
/// 1.3× (many small layers, each waiting for its slowest thread) and collapse when another
/// program holds a core. Independent segments keep every core busy with one thread each, without
/// waiting on each other (docs/benchmarks.md).
///
/// The same numbers everywhere: where the segments start depends only on the video's frame count
/// (`BlazePoseSource.segmentCount`), never on the machine, and a run that may not use more
/// threads (batch, one job per core) computes the same segments one after another. So `analyze`
/// on any machine, `batch` and `analyze --save-landmarks` replayed give the same landmarks.
///
/// What it costs: each later segment starts `warmupFrames` early, with a detection, and its
/// warm-up frames are computed and dropped, so that by its first delivered frame the track has
/// settled. From there its landmarks differ from those of one pass over the whole video by up
/// to about a pixel and a half on a clear side view (median 0.1 px), a few pixels on a jittery
/// oblique one (the ROI smoothing has another history). On the real clips every side-view verdict stayed, deciding
/// values moved by up to 0.8°, and one oblique clip lost a rep that began at the boundary
/// (docs/measurements.md), which is why one pass stays the default. Each later segment also
/// decodes the video up to its start and, when run at once, holds its own networks.
public final class ParallelBlazePoseStream: LandmarkStream {
    public let header: LandmarkFileHeader
    public let declaredFrameCount: Int?
    /// The last segment decodes the whole file, so its count covers every damaged frame.
    public var skippedFrames: Int { workers.last?.skippedFrames ?? 0 }
    public var stageTimes: StageTimes? {
        var all = first?.stageTimes ?? firstTimes
        for w in workers { all.merge(w.stageTimes) }
        return all
    }

    /// First frame index of each later segment.
    public let boundaries: [Int]
    /// True when the segments run at once (one thread each), false when one after another.
    public let concurrent: Bool
    /// The first segment's stream, released when it is done (its networks with it).
    private var first: BlazePoseStream?
    private var firstTimes = StageTimes()
    private let workers: [SegmentWorker]
    private var position = 0   // 0: the first segment, k: workers[k - 1]

    /// - Parameters:
    ///   - segments: how many segments (2 or more).
    ///   - frameCount: the file's declared frame count.
    ///   - concurrent: run the later segments at once, beside the first; else each starts when
    ///     the one before it has been read.
    ///   - first: the first segment's stream (over the whole file; it stops at the first boundary).
    ///   - open: opens another such stream (own estimator, one thread).
    init(segments: Int, frameCount: Int, warmupFrames: Int, concurrent: Bool, first: BlazePoseStream,
         open: @escaping @Sendable () throws -> BlazePoseStream) {
        precondition(segments >= 2)
        header = first.header
        declaredFrameCount = first.declaredFrameCount
        self.first = first
        self.concurrent = concurrent
        let starts = Self.boundaries(segments: segments, frameCount: frameCount, warmupFrames: warmupFrames)
        boundaries = starts
        workers = starts.enumerated().map { k, start in
            SegmentWorker(open: open, start: start, end: k + 1 < starts.count ? starts[k + 1] : nil,
                          warmupFrames: warmupFrames)
        }
        if concurrent { workers.forEach { $0.start() } }
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
        if position == 0, let stream = first {
            if let frame = try stream.next(), frame.index < boundaries[0] { return frame }
            firstTimes = stream.stageTimes ?? StageTimes()
            first = nil
            position = 1
        }
        while position <= workers.count {
            let worker = workers[position - 1]
            worker.start()   // one after another: now; at once: already running
            if let frame = try worker.take() { return frame }
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

    private let open: @Sendable () throws -> BlazePoseStream
    private let range: (start: Int, end: Int?, warmup: Int)
    private var started = false

    init(open: @escaping @Sendable () throws -> BlazePoseStream, start: Int, end: Int?, warmupFrames: Int) {
        self.open = open
        range = (start, end, warmupFrames)
    }

    /// Starts the segment's thread (once), which opens its own stream and runs it.
    func start() {
        condition.lock()
        defer { condition.unlock() }
        guard !started else { return }
        started = true
        let (start, end, warmupFrames) = range
        let open = self.open
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
