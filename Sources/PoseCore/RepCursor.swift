/// How far a streaming analyser has got through the reps of a stream: which reps of
/// `AnalysisResult.reps` it has judged, and whether the next one's frames are in.
///
/// A rep is ready `lookaheadS` after its lockout, and once at least as many samples follow it
/// as that span holds at the stream's mean frame interval: every built-in judgement reads at
/// most 0.15 s past a rep (a smoothing radius, the ±0.1 s windows of `spine-rounding`), so by
/// then nothing later can change it. All analysers that use the same rule judge a rep at the
/// same sample, in chain order, so one reads what the one before it wrote.
public struct RepCursor: Sendable, Hashable {
    /// Seconds after a rep's lockout before it is judged.
    public static let lookaheadS = 0.5
    /// Seconds of samples kept on either side of a rep for its judgement (`window(around:in:radius:)`):
    /// the ±0.1 s windows around its start and bottom, with room to spare.
    public static let marginS = 0.2

    /// How many reps of `result.reps`, from the first, have been judged.
    public private(set) var judged = 0
    /// Samples observed so far, kept or not.
    public private(set) var observed = 0
    private var firstS: Double?
    private var lastS = 0.0

    public init() {}

    /// Counts a sample of the stream (call it first thing in `observe`).
    public mutating func observe(_ sample: KinematicSample) {
        if firstS == nil { firstS = sample.time }
        lastS = sample.time
        observed += 1
    }

    /// How many samples cover `seconds` at the mean frame interval of every sample observed so
    /// far (a live set keeps only its recent samples; this counts them all): the radius of a
    /// smoothing window of that length is half of it.
    public func samples(covering seconds: Double) -> Int {
        [KinematicSample].samples(covering: seconds, count: observed, span: lastS - (firstS ?? lastS))
    }

    /// Whether `result.samples` still holds every sample observed. Only then can `finish` judge a
    /// rep again with the whole input's figures; in a live set, where the older samples are gone,
    /// it judges only the reps not judged yet.
    public func holdsEverySample(_ result: AnalysisResult) -> Bool {
        result.samples.count == observed
    }

    /// The start of the first rep not judged yet, seconds; +infinity when every rep of `result`
    /// is judged (for `AnalyzerSession.retainFromS`).
    public func pendingFromS(in result: AnalysisResult) -> Double {
        judged < result.reps.count ? result.reps[judged].startS : .infinity
    }

    /// The position in `result.reps` of the next rep to judge, when its frames are in.
    /// - Parameter radius: samples the caller's own judgement reads past the rep's last frame
    ///   (a smoothing radius longer than the built-in ones).
    /// Complexity: O(log n).
    public func ready(in result: AnalysisResult, radius: Int = 0) -> Int? {
        guard judged < result.reps.count, let first = result.samples.first, let last = result.samples.last else { return nil }
        let end = result.reps[judged].endS
        guard last.time - end >= Self.lookaheadS else { return nil }
        let after = result.samples.count - result.samples.indices(from: -.infinity, through: end).upperBound
        let needed = max(radius, [KinematicSample].samples(covering: Self.lookaheadS, count: result.samples.count, span: last.time - first.time))
        return after >= needed + 1 ? judged : nil
    }

    /// Marks the next rep judged.
    public mutating func advance() { judged += 1 }

    /// Marks every rep of `result` judged (after `finish` judged the rest).
    public mutating func advanceAll(in result: AnalysisResult) { judged = result.reps.count }

    /// The samples a rep's judgement reads, copied out of the stream: from `marginS` and
    /// `radius` + 2 samples before its start to as far after its end, as far as the stream
    /// goes. A centred smoothing of radius `radius` over them gives, within the rep, the
    /// values it gives over the whole stream; every frame of the rep keeps both neighbours.
    public static func window(around rep: Rep, in samples: [KinematicSample], radius: Int) -> [KinematicSample] {
        let span = samples.indices(from: rep.startS, through: rep.endS)
        let wide = samples.indices(from: rep.startS - marginS, through: rep.endS + marginS)
        let lo = max(0, min(wide.lowerBound, span.lowerBound - radius - 2))
        let hi = min(samples.count, max(wide.upperBound, span.upperBound + radius + 2))
        return Array(samples[lo..<hi])
    }

    /// What a rep's judgement depends on from the segmentation: a rep with another segment is
    /// another rep (`finish` judges it again).
    public struct Segment: Sendable, Hashable {
        public var index: Int
        public var startS, bottomS, endS: Double
        public var peakTrunkInclinationDeg: Double?

        public init(_ rep: Rep) {
            index = rep.index
            startS = rep.startS
            bottomS = rep.bottomS
            endS = rep.endS
            peakTrunkInclinationDeg = rep.peakTrunkInclinationDeg
        }
    }
}
