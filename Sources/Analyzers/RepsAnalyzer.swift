import PoseCore

/// The `reps` analyzer plugin.
public struct RepsAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "reps", kind: .analyzer,
            summary: "Segments hinge reps from trunk inclination with hysteresis (standing, descent, bottom, ascent, lockout).",
            parameters: [
                PluginParameter("enter-deg", default: "30", unit: "deg",
                                summary: "Trunk inclination that starts a rep.",
                                source: "half of a typical deadlift start (45–60°, Bengtsson et al. 2022) — clears walking and bracing sway", range: 1...90),
                PluginParameter("exit-deg", default: "15", unit: "deg",
                                summary: "Inclination below which the lifter is back at lockout.",
                                source: "hysteresis band of 15° against landmark jitter (about 2–5° on BlazePose trunk angles)", range: 0...90),
                PluginParameter("min-duration", default: "0.5", unit: "s",
                                summary: "Shorter excursions are noise, not reps.",
                                source: "fastest kettlebell swing reps last about 1 s", range: 0...60),
                PluginParameter("partial-fraction", default: "0.6", unit: "fraction",
                                summary: "A rep whose peak is under this share of the set's median peak is partial.",
                                source: "project convention", range: 0...1),
                PluginParameter("smoothing", default: "0.1", unit: "s",
                                summary: "Moving-median window on the inclination.", source: "about 3 frames at 30 fps", range: 0...10),
            ],
            needs: [.kinematics], emits: [.reps])
    }

    public func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        RepsSession(segmenter: try Self.segmenter(settings: settings))
    }

    /// The segmenter these settings describe.
    public static func segmenter(settings: PluginSettings) throws -> RepSegmenter {
        RepSegmenter(enterDeg: try settings.number("enter-deg"), exitDeg: try settings.number("exit-deg"),
                     minDurationS: try settings.number("min-duration"), partialFraction: try settings.number("partial-fraction"),
                     smoothingS: try settings.number("smoothing"))
    }
}

/// Segments the reps as the samples arrive (`RepSegmentingStream`), a rep at its lockout;
/// marks the ones short of the set's typical depth in `concludeSet`, over every rep of the set.
struct RepsSession: RepSegmentingSession {
    /// Longest stretch before a rep that a live set keeps for it, seconds: a lifter who rests
    /// leaning between the exit and enter inclinations (bent over, a slouch held for minutes)
    /// starts no rep, but the rep that follows would date from the last upright sample. Past
    /// this the older samples go; the rep keeps its start, peak and mean confidence (the stream
    /// adds them up as they come), and its judgement reads the samples that are left.
    static let maxLeadS = 60.0

    let segmenter: RepSegmenter
    /// What `finish` found: `AnalysisSession` takes the rep under way from it.
    private(set) var segmentation: RepSegmentation?
    private var stream: RepSegmentingStream

    init(segmenter: RepSegmenter) {
        self.segmenter = segmenter
        stream = RepSegmentingStream(segmenter: segmenter)
    }

    /// Where the next rep may start (the reps found are the later analysers' to keep).
    var retainFromS: Double { max(stream.pendingFromS, stream.newestS - Self.maxLeadS) }

    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {
        for rep in stream.push(sample) { publish(rep, into: &result.reps) }
    }

    mutating func finish(into result: inout AnalysisResult) {
        for rep in stream.finish() { publish(rep, into: &result.reps) }
        // A live set's older samples are gone: its reps stand as found.
        if stream.radiiUsed.isSubset(of: [stream.radius]) || result.samples.count != stream.count {
            segmentation = RepSegmentation(reps: result.reps, unfinishedDescentS: stream.openDescentS)
        } else {
            // The frame interval estimated on the way moved the smoothing radius: segment again
            // with the whole input's, keeping the reps (and what later analysers wrote into
            // them) that come out the same.
            let found = segmenter.segmentWithTail(result.samples, markingShallow: false)
            var reps: [Rep] = []
            for rep in found.reps { publish(rep, into: &reps) }
            let before = Dictionary(result.reps.map { (RepCursor.Segment($0), $0) }) { first, _ in first }
            result.reps = reps.map { rep in before[RepCursor.Segment(rep)].flatMap { $0.partial == rep.partial ? $0 : nil } ?? rep }
            segmentation = RepSegmentation(reps: result.reps, unfinishedDescentS: found.unfinishedDescentS)
        }
        if let unfinished = segmentation?.unfinishedDescentS {
            result.warn("unfinished_rep", String(format: "The clip ends in a descent from %.1f s that never returns to lockout: not counted as a rep.", unfinished))
        }
    }

    /// Adds a rep found by the segmenter to `reps`, numbered on.
    private func publish(_ rep: Rep, into reps: inout [Rep]) {
        var rep = rep
        rep.index = reps.count + 1
        reps.append(rep)
    }

    func concludeSet(_ result: inout AnalysisResult) {
        segmenter.markShallow(&result.reps)
    }
}
