import PoseCore

/// The settled part of a live set, so a snapshot need not judge its samples again
/// (`AnalysisSession.Retention.rolling`).
///
/// A rep is settled once the lifter has been back at lockout for `settleS`: nothing later can
/// change its frames' smoothed values (the longest smoothing window of the built-in analysers is
/// `shear-guard`'s 0.3 s markerless median) or its segmentation (the segmenter forgets everything
/// at a sample under its exit inclination). The window is then cut at such a sample; it keeps
/// `marginS` before the cut so the smoothing there sees the same samples as over the whole set,
/// and the reps analyser drops what it finds before the cut (`AnalysisContext.Continuation`).
struct RollingWindow {
    /// Age a lockout sample must have before the window may be cut there, seconds (3× the
    /// longest built-in smoothing window).
    static let settleS = 1.0
    /// Samples kept before the cut, seconds (over the longest smoothing radius, 0.15 s).
    static let marginS = 1.0
    /// Windows shorter than this are not cut, seconds: cutting more often changes no result, and
    /// 10 s at 30 fps is 300 samples, well under a millisecond of analysis.
    static let minSpanS = 10.0
    /// Past this span the window may also be cut where the lifter leans between the exit and
    /// enter inclinations (resting bent over, a slouch held for minutes), so it stays bounded;
    /// such a cut can move the start of the next rep (the segmenter would date it from the
    /// last upright sample, now gone), never drop one. Seconds.
    static let maxSpanS = 60.0

    /// The segmenter's exit inclination: under it no rep is under way, degrees.
    let exitDeg: Double
    private(set) var settledReps: [Rep] = []
    private(set) var settledEvents: [PostureEvent] = []
    /// Per analyser id, the per-rep values (and their units) that plugins without a typed field
    /// wrote for the settled reps (`AnalysisResult.analyzerOutputs`); set-level values are not
    /// kept: `concludeSet` draws them again over every rep.
    private(set) var settledOutputs: [String: AnalyzerOutput] = [:]
    private(set) var continuation = AnalysisContext.Continuation(firstRepIndex: 1, fromS: -.infinity)
    /// The neutral found in the first window (quiet standing before the set's first rep), kept
    /// for the later windows, which start after it: handed to their analysers as a profile,
    /// and reported as the reference it is.
    private(set) var pinnedProfile: AthleteProfile?
    private(set) var pinnedReference: LumbarReference?

    init(exitDeg: Double) {
        self.exitDeg = exitDeg
    }

    /// Settles the reps of `result` (the analysis of `samples`, the current window) that ended
    /// before the newest possible cut, and returns how many samples to drop from the window's
    /// front; nil when the window stays as it is.
    /// - Parameter smoothed: the segmenter's smoothed inclination of `samples`.
    mutating func settle(_ result: AnalysisResult, openIndex: Int?, samples: [KinematicSample], smoothed: [Double?],
                         profile: AthleteProfile?) -> Int? {
        guard let first = samples.first, let last = samples.last, last.time - first.time >= Self.minSpanS,
              let cut = cutIndex(result, openIndex: openIndex, samples: samples, smoothed: smoothed) else { return nil }
        let cutS = samples[cut].time
        let settled = result.reps.filter { $0.index != openIndex && $0.index >= continuation.firstRepIndex && $0.endS <= cutS }
        let indices = Set(settled.map(\.index))
        settledReps += settled
        settledEvents += result.events.filter { $0.repIndex.map(indices.contains) ?? false }
        for (id, output) in result.analyzerOutputs {
            var kept = settledOutputs[id] ?? AnalyzerOutput()
            for (rep, values) in output.repValues where indices.contains(rep) { kept.repValues[rep] = values }
            kept.units.merge(output.units) { _, new in new }
            settledOutputs[id] = kept
        }
        continuation = AnalysisContext.Continuation(firstRepIndex: continuation.firstRepIndex + settled.count, fromS: cutS)
        pin(result.reference, profile: profile)
        return samples.firstIndex { $0.time >= cutS - Self.marginS }
    }

    /// The newest sample older than `settleS` where no rep is under way: the smoothed inclination
    /// is under the exit inclination (or there is no pose; any inclination once the window spans
    /// `maxSpanS`), outside every rep and before the open one.
    private func cutIndex(_ result: AnalysisResult, openIndex: Int?, samples: [KinematicSample], smoothed: [Double?]) -> Int? {
        guard let first = samples.first, let last = samples.last else { return nil }
        let openStartS = openIndex.flatMap { i in result.reps.first { $0.index == i }?.startS } ?? .infinity
        let relaxed = last.time - first.time >= Self.maxSpanS
        for i in samples.indices.reversed() {
            let t = samples[i].time
            if t - first.time < Self.marginS { return nil }
            guard t <= last.time - Self.settleS, t < openStartS, relaxed || (smoothed[i].map({ $0 < exitDeg }) ?? true),
                  !result.reps.contains(where: { $0.startS < t && t < $0.endS }) else { continue }
            return i
        }
        return nil
    }

    /// Keeps the quiet-standing neutral of the set's start (spine points, no profile neutral).
    private mutating func pin(_ reference: LumbarReference, profile: AthleteProfile?) {
        guard pinnedProfile == nil, profile?.neutralLumbarDeg == nil, reference.kind == .quietStanding,
              let neutral = reference.neutralLumbarDeg else { return }
        var pinned = profile ?? AthleteProfile(name: "quiet standing before the first rep")
        pinned.neutralLumbarDeg = neutral
        pinnedProfile = pinned
        pinnedReference = reference
    }
}
