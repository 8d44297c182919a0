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
        RepsSession(segmenter: try Self.segmenter(settings: settings), continuation: context.continuation)
    }

    /// The segmenter these settings describe.
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
