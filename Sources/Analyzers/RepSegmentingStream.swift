import PoseCore

/// `RepSegmenter` run one sample at a time, with state bounded by the smoothing window: the
/// `reps` analyser's session feeds it from `observe`, and `RepSegmenter.segmentWithTail` runs it
/// over a whole array, so the streaming and the whole-input segmentation are one algorithm.
///
/// The smoothed inclination of sample i is the median over samples i − r … i + r (a centred
/// moving median, nil-aware, `SignalTools.movingMedian`), so it is known once sample i + r has
/// arrived: a rep is found `r` samples after its lockout. The radius r comes from the mean frame
/// interval (`[KinematicSample].samples(covering:count:span:)`): fixed when the caller knows the whole input,
/// else estimated from the samples so far. `radiiUsed` says which radii were used, so the caller
/// can tell whether the result equals the whole input's (one radius, the whole input's).
public struct RepSegmentingStream {
    public let segmenter: RepSegmenter
    /// Seconds of stream before an estimated radius is used (the first rep is found no sooner).
    public static let estimateAfterS = 1.0
    /// The radius to use throughout; nil: estimate it from the samples so far.
    private let fixedRadius: Int?
    /// Every radius the smoothing used, samples.
    public private(set) var radiiUsed: Set<Int> = []
    /// Samples pushed so far.
    public private(set) var count = 0
    private var firstTime: Double?
    private var lastTime = 0.0
    /// Raw inclinations (nil: no pose) from absolute index `rawBase` on.
    private var raw: [Double?] = []
    private var rawBase = 0
    /// Samples not yet smoothed, from absolute index `next` on (`waiting[waitingHead...]`).
    private var waiting: [KinematicSample] = []
    private var waitingHead = 0
    /// Absolute index of the next sample to smooth.
    private var next = 0
    // The hysteresis state (see `RepSegmenter`).
    private var seenValid = false
    private var startedHinged = false
    private var lastLow: Int?
    private var start: Int?
    /// The frames since `lastLow` (or since `start` without one): the rep they may become.
    private var run = Run()
    /// Reps found so far.
    public private(set) var found = 0

    /// What a rep's frames add up to, kept as they arrive so no frame has to be kept.
    private struct Run {
        var startS = 0.0
        var bottomS = 0.0
        var peak: Double?
        var peakHip: Double?
        var confidenceSum = 0.0
        var frames = 0

        /// Starts again at one frame.
        mutating func reset(_ s: KinematicSample, smoothed x: Double?) {
            self = Run(startS: s.time, bottomS: s.time, peak: x, peakHip: s.hipFlexionDeg, confidenceSum: 0 + s.confidence, frames: 1)
        }

        /// Adds the next frame (the deepest frame is the first at the largest smoothed value).
        mutating func add(_ s: KinematicSample, smoothed x: Double?) {
            if (x ?? -.infinity) > (peak ?? -.infinity) { peak = x; bottomS = s.time }
            if let h = s.hipFlexionDeg { peakHip = max(peakHip ?? h, h) }
            confidenceSum += s.confidence
            frames += 1
        }
    }

    /// - Parameter radius: the smoothing radius in samples when the whole input is known; nil estimates it.
    public init(segmenter: RepSegmenter, radius: Int? = nil) {
        self.segmenter = segmenter
        fixedRadius = radius
    }

    /// The start of a descent under way that has not returned to lockout (among the samples
    /// smoothed so far), seconds; nil when none is.
    public var openDescentS: Double? { start == nil ? nil : run.startS }

    /// The earliest time a rep not found yet may start, seconds: the start of the run under way
    /// (the last lockout before a descent), else the first sample not smoothed yet; +infinity
    /// before any sample.
    public var pendingFromS: Double {
        if start != nil || lastLow != nil { return run.startS }
        return waitingHead < waiting.count ? waiting[waitingHead].time : .infinity
    }

    /// The time of the newest sample pushed, seconds.
    public var newestS: Double { lastTime }

    /// The radius the smoothing uses now: the fixed one, or the one the samples so far give.
    public var radius: Int {
        fixedRadius ?? [KinematicSample].samples(covering: segmenter.smoothingS, count: count, span: lastTime - (firstTime ?? lastTime)) / 2
    }

    /// Takes the next sample; returns the reps it completed (those whose lockout is now `radius`
    /// samples back), numbered on from the reps found before.
    /// Complexity: O(r log r) amortised, r the radius.
    public mutating func push(_ sample: KinematicSample) -> [Rep] {
        if firstTime == nil { firstTime = sample.time }
        lastTime = sample.time
        count += 1
        raw.append(sample.confidence > 0 ? sample.trunkInclinationDeg : nil)
        waiting.append(sample)
        // An estimated radius waits for `estimateAfterS` of stream: from the first two samples
        // alone it would be anything.
        guard fixedRadius != nil || lastTime - (firstTime ?? lastTime) >= Self.estimateAfterS else { return [] }
        let r = radius
        var reps: [Rep] = []
        while next + r <= count - 1 { smoothNext(radius: r, into: &reps) }
        trim(radius: r)
        return reps
    }

    /// Smooths the last samples with what is there (the window is cut at the end, as over a
    /// whole array) and returns the reps they completed. A descent under way stays open.
    public mutating func finish() -> [Rep] {
        let r = radius
        var reps: [Rep] = []
        while next < count { smoothNext(radius: r, into: &reps) }
        return reps
    }

    private mutating func smoothNext(radius r: Int, into reps: inout [Rep]) {
        radiiUsed.insert(r)
        let i = next
        let sample = waiting[waitingHead]
        var x: Double?
        if raw[i - rawBase] != nil {
            var window: [Double] = []
            window.reserveCapacity(2 * r + 1)
            for j in max(rawBase, i - r)...min(count - 1, i + r) { if let v = raw[j - rawBase] { window.append(v) } }
            x = SignalTools.median(&window)
        }
        next += 1
        waitingHead += 1
        step(sample, index: i, smoothed: x, into: &reps)
    }

    /// The hysteresis (`RepSegmenter`), one smoothed sample at a time.
    private mutating func step(_ s: KinematicSample, index i: Int, smoothed x: Double?, into reps: inout [Rep]) {
        if start != nil || lastLow != nil { run.add(s, smoothed: x) }
        guard let v = x else { return }
        if !seenValid {
            seenValid = true
            if v > segmenter.enterDeg { start = i; startedHinged = true; run.reset(s, smoothed: x) }
        }
        if start != nil {
            if v < segmenter.exitDeg {
                if let rep = close(at: s) { reps.append(rep) }
                start = nil
                startedHinged = false
                lastLow = i
                run.reset(s, smoothed: x)
            }
        } else if v <= segmenter.exitDeg {
            lastLow = i
            run.reset(s, smoothed: x)
        } else if v > segmenter.enterDeg {
            if let low = lastLow { start = low } else { start = i; run.reset(s, smoothed: x) }
        }
    }

    /// The rep of the run ending at `end` (lockout), unless it is shorter than `minDurationS`.
    private mutating func close(at end: KinematicSample) -> Rep? {
        guard end.time - run.startS >= segmenter.minDurationS else { return nil }
        found += 1
        var rep = Rep(index: found, startS: run.startS, bottomS: run.bottomS, endS: end.time, partial: startedHinged)
        rep.peakTrunkInclinationDeg = run.peak
        rep.peakHipFlexionDeg = run.peakHip
        rep.confidence = run.confidenceSum / Double(run.frames)
        return rep
    }

    /// Drops what no later window reaches, in chunks so the cost stays amortised O(1).
    private mutating func trim(radius r: Int) {
        let keepFrom = max(rawBase, next - 2 * r - 2)
        if keepFrom - rawBase >= 1024 {
            raw.removeFirst(keepFrom - rawBase)
            rawBase = keepFrom
        }
        if waitingHead >= 1024 {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
    }
}
