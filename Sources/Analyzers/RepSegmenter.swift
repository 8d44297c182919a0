import PoseCore

/// Splits a stream into hinge repetitions from trunk inclination, with hysteresis
/// (standing → descent → bottom → ascent → lockout).
///
/// A rep starts when the smoothed inclination rises above `enterDeg` (its start is the last
/// moment it was at or below `exitDeg`) and ends when it falls back below `exitDeg`, i.e. at
/// lockout. Reps shorter than `minDurationS` are discarded as noise. Counting rule (the same as
/// the real-clip labels): a rep counts when the lifter reaches lockout after a bottom position;
/// a clip may start at the bottom (that rep is marked partial), and a final descent that never
/// returns to lockout is not a rep (`unfinishedDescentS` records it). A rep whose peak
/// inclination stays under `partialFraction` of the set's median peak is also marked partial.
public struct RepSegmenter: Sendable, Hashable {
    public var enterDeg: Double
    public var exitDeg: Double
    public var minDurationS: Double
    public var partialFraction: Double
    public var smoothingS: Double

    public init(enterDeg: Double = 30, exitDeg: Double = 15, minDurationS: Double = 0.5,
                partialFraction: Double = 0.6, smoothingS: Double = 0.1) {
        self.enterDeg = enterDeg
        self.exitDeg = exitDeg
        self.minDurationS = minDurationS
        self.partialFraction = partialFraction
        self.smoothingS = smoothingS
    }

    /// Complexity: O(n) in the number of samples (plus the median smoothing window).
    public func segment(_ samples: [KinematicSample]) -> [Rep] {
        segmentWithTail(samples).reps
    }

    /// Reps, the start time of a final descent that never returned to lockout (if any), and the
    /// smoothed inclination they were found on.
    /// - Parameter markingShallow: whether to mark partial the reps short of these samples'
    ///   typical depth (`markShallow`). The `reps` analyser leaves it to its `concludeSet`, which
    ///   sees every rep of a live set rather than one window's.
    public func segmentWithTail(_ samples: [KinematicSample], markingShallow: Bool = true) -> RepSegmentation {
        guard !samples.isEmpty else { return RepSegmentation() }
        let x = smoothedInclination(samples)
        var reps: [Rep] = []
        var lastLow: Int?          // last index at or below exitDeg
        var start: Int?            // current rep's start
        var startedHinged = false
        var seenValid = false
        for i in samples.indices {
            guard let v = x[i] else { continue }
            if !seenValid {
                seenValid = true
                if v > enterDeg { start = i; startedHinged = true }
            }
            if let s = start {
                if v < exitDeg {
                    appendRep(&reps, samples, x, s, i, partial: startedHinged)
                    start = nil
                    startedHinged = false
                    lastLow = i
                }
            } else if v <= exitDeg {
                lastLow = i
            } else if v > enterDeg {
                start = lastLow ?? i
            }
        }
        // A final descent that never returns to lockout is not a rep.
        let unfinished = start.map { samples[$0].time }
        if markingShallow { markShallow(&reps) }
        for i in reps.indices { reps[i].index = i + 1 }
        return RepSegmentation(reps: reps, unfinishedDescentS: unfinished, smoothedInclination: x)
    }

    /// Partial by depth: marks partial every rep whose peak inclination is under
    /// `partialFraction` of the median peak of `reps` not already partial (a rep that starts
    /// at the bottom is partial and does not count towards the typical depth).
    /// Complexity: O(r log r) in the number of reps.
    public func markShallow(_ reps: inout [Rep]) {
        let peaks = reps.filter { !$0.partial }.compactMap(\.peakTrunkInclinationDeg)
        guard let typical = SignalTools.median(of: peaks) else { return }
        for i in reps.indices where (reps[i].peakTrunkInclinationDeg ?? 0) < partialFraction * typical {
            reps[i].partial = true
        }
    }

    /// The inclination the segmentation follows: a centred moving median over `smoothingS`,
    /// nil where there is no pose (degrees, + = forward lean).
    public func smoothedInclination(_ samples: [KinematicSample]) -> [Double?] {
        let radius = SignalTools.samples(for: smoothingS, in: samples) / 2
        return SignalTools.movingMedian(samples.map { $0.confidence > 0 ? $0.trunkInclinationDeg : nil }, radius: radius)
    }

    private func appendRep(_ reps: inout [Rep], _ samples: [KinematicSample], _ x: [Double?], _ s: Int, _ e: Int, partial: Bool) {
        guard samples[e].time - samples[s].time >= minDurationS else { return }
        var bottom = s
        for j in s...e where (x[j] ?? -.infinity) > (x[bottom] ?? -.infinity) { bottom = j }
        var rep = Rep(index: reps.count + 1, startS: samples[s].time, bottomS: samples[bottom].time,
                      endS: samples[e].time, partial: partial)
        rep.peakTrunkInclinationDeg = x[bottom]
        rep.peakHipFlexionDeg = samples[s...e].compactMap(\.hipFlexionDeg).max()
        rep.confidence = samples[s...e].map(\.confidence).reduce(0, +) / Double(e - s + 1)
        reps.append(rep)
    }
}

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
        RepsSession(segmenter: try Self.segmenter(settings: settings), continuation: context.continuation)
    }

    /// The segmenter these settings describe (the live view segments the open rep with the same one).
    public static func segmenter(settings: PluginSettings) throws -> RepSegmenter {
        RepSegmenter(enterDeg: try settings.number("enter-deg"), exitDeg: try settings.number("exit-deg"),
                     minDurationS: try settings.number("min-duration"), partialFraction: try settings.number("partial-fraction"),
                     smoothingS: try settings.number("smoothing"))
    }
}

/// Segments the reps in `finish`; marks the ones short of the set's typical depth in
/// `concludeSet`, over every rep of the set.
struct RepsSession: RepSegmentingSession {
    let segmenter: RepSegmenter
    /// The settled part of a live set, when these samples are its recent window.
    let continuation: AnalysisContext.Continuation?
    /// What `finish` found, before the settled part's reps were dropped: `AnalysisSession` takes
    /// the rep under way and the rolling window's cut from it rather than segmenting again.
    private(set) var segmentation: RepSegmentation?

    mutating func observe(_ sample: KinematicSample) {}
    mutating func finish(into result: inout AnalysisResult) {
        let found = segmenter.segmentWithTail(result.samples, markingShallow: false)
        segmentation = found
        var reps = found.reps
        if let continuation {
            // The window opens a second before its cut: a rep seen there is a settled one's end.
            reps.removeAll { $0.startS < continuation.fromS }
            for i in reps.indices { reps[i].index = continuation.firstRepIndex + i }
        }
        result.reps = reps
        if let unfinished = found.unfinishedDescentS {
            result.warn("unfinished_rep", String(format: "The clip ends in a descent from %.1f s that never returns to lockout: not counted as a rep.", unfinished))
        }
    }

    func concludeSet(_ result: inout AnalysisResult) {
        segmenter.markShallow(&result.reps)
    }
}
