import PoseCore

/// One analysis run fed one pose frame at a time: filters → kinematics → analysers → sinks.
///
/// Every mode drives it. `analyze`, `batch`, `report` and `calibrate` push a whole input and call
/// `finish()`; `live` pushes frames as they arrive and asks for a `snapshot()` (the verdicts so
/// far and the rep under way) whenever it has time. The chain is built once, by
/// `AnalysisPipeline.makeSession`: analysers are put in the order their needs and emits ask for
/// (`AnalyzerOrder`), and a need nobody emits fails then, before any frame.
///
/// Analysers do their work as frames arrive: each judges a rep in `observe` once the rep's
/// frames are in (`RepCursor`), from the samples around it, and keeps no more than a rep's worth
/// of state; `finish` judges what the end of the input completed, and again what a figure known
/// only at the end (the mean frame interval the smoothing radii come from) changed. With whole
/// retention the sessions observe every frame as it is pushed. What keeps a live set's cost flat
/// is the rolling retention: a snapshot runs the chain over the samples since the last settled
/// lockout only (`RollingWindow`), not over the whole set. What needs every rep of the set (which
/// reps fall short of its typical depth, the trend across reps) is drawn afterwards by each
/// analyser's `concludeSet`, over the settled reps and the window's together, and the whole-input
/// warnings come from counts kept frame by frame (`FrameQualityTally`): so a live set's
/// conclusions are the whole set's, not the window's.
///
/// Sinks (`attach(_:)`) see every frame with its sample as it is pushed: the report's frame
/// spool is one, so the frames reach the report through the same session as the verdicts.
public struct AnalysisSession {
    /// Which samples the session keeps.
    public enum Retention: Sendable, Hashable {
        /// Every sample: `finish()` judges the whole input at once; a snapshot costs O(n).
        case whole
        /// Only the samples since the last settled lockout, so a snapshot costs the same in
        /// minute 60 of a set as in minute 1 (`RollingWindow` says when a rep is settled).
        case rolling
    }

    public let header: LandmarkFileHeader
    public let retention: Retention
    /// The analysers, in the order they run.
    public let chain: [any PostureAnalyzerPlugin]
    /// Athlete profile the analysers judge against (the live calibration may set one).
    public private(set) var profile: AthleteProfile?
    private let settings: [PluginSettings]
    private var filters: [any PoseFilter]
    private var calculator: KinematicsCalculator
    /// Whole retention: the sessions that observe every sample as it is pushed.
    private var sessions: [any AnalyzerSession]
    /// The analysis so far: whole retention, every sample and what the sessions judged as they
    /// went; rolling, only the window's samples (its analysers run at each snapshot).
    private var progress = AnalysisResult()
    /// Whole retention: every sample; rolling: the window.
    public var samples: [KinematicSample] { progress.samples }
    private var window: RollingWindow
    /// The segmenter of the analyser that segments reps (`RepSegmentingSession`; nil without
    /// one): its exit inclination is where the rolling window may be cut.
    public let segmenter: RepSegmenter?
    /// Per-frame issues over every frame pushed, for the whole-input warnings.
    private var quality = FrameQualityTally()
    /// The sinks still attached, in the order attached.
    private var sinks: [any AnalysisSink] = []
    /// What each detached sink threw, by the sink's identity.
    private var sinkFailures: [ObjectIdentifier: any Error] = [:]

    init(chain: [any PostureAnalyzerPlugin], settings: [PluginSettings], filters: [any PoseFilter],
         kinematics: KinematicsCalculator.Settings, header: LandmarkFileHeader, profile: AthleteProfile?,
         retention: Retention) throws {
        self.chain = chain
        self.settings = settings
        self.filters = filters
        self.header = header
        self.profile = profile
        self.retention = retention
        calculator = KinematicsCalculator(settings: kinematics.forImage(of: header))
        // Made once: whole retention observes with them; rolling retention only reads the segmenter.
        let fresh = try Self.makeSessions(chain, settings: settings, context: AnalysisContext(header: header, profile: profile))
        segmenter = Self.repSegmenterIndex(chain, fresh).flatMap { fresh[$0] as? any RepSegmentingSession }?.segmenter
        window = RollingWindow(exitDeg: segmenter?.exitDeg ?? RepSegmenter().exitDeg)
        sessions = retention == .whole ? fresh : []
    }

    /// Filters and measures the next frame, hands its sample to the analysers, and the frame as
    /// read with its sample to the sinks.
    /// Complexity: O(1) per frame, plus what the sinks do.
    @discardableResult
    public mutating func push(_ frame: PoseFrame) -> KinematicSample {
        var f = frame
        for i in filters.indices { f = filters[i].apply(f) }
        let sample = calculator.sample(f)
        progress.samples.append(sample)
        for i in sessions.indices { sessions[i].observe(sample, into: &progress) }
        quality.count(sample)
        deliver(frame, sample: sample)
        return sample
    }

    /// Adds a sink: it receives every frame pushed from now on.
    public mutating func attach(_ sink: any AnalysisSink) {
        sinks.append(sink)
    }

    /// What `sink` threw when it was detached; nil while it works (or was never attached).
    public func failure(of sink: any AnalysisSink) -> (any Error)? {
        sinkFailures[ObjectIdentifier(sink)]
    }

    private mutating func deliver(_ frame: PoseFrame, sample: KinematicSample) {
        var i = 0
        while i < sinks.count {
            do {
                try sinks[i].receive(frame, sample: sample)
                i += 1
            } catch {
                sinkFailures[ObjectIdentifier(sinks[i])] = error
                sinks.remove(at: i)
            }
        }
    }

    /// The whole input's result: every rep judged, whole-clip warnings added. Call it once, at
    /// the end (with whole retention it ends the analysers' sessions).
    /// - Throws: errors from the analysers' sessions.
    public mutating func finish() throws -> AnalysisResult {
        var result: AnalysisResult
        switch retention {
        case .whole:
            result = progress
            for i in sessions.indices { sessions[i].finish(into: &result) }
            conclude(&result, by: sessions, openIndex: nil)
        case .rolling:
            // The settled reps and the window's, without a rep under way (an unfinished descent is no rep).
            let window = try judge(samples, context: windowContext, withOpenRep: false)
            result = withSettled(window.result)
            conclude(&result, by: window.sessions, openIndex: nil)
        }
        quality.warn(into: &result)
        AnalysisPipeline.addUnknownRepsWarning(&result)
        return result
    }

    /// The verdicts so far, with the rep under way (a descent that has not returned to lockout)
    /// handed to the analysers as a rep ending now, so it is judged before lockout.
    /// Complexity: O(window) with rolling retention, O(samples so far) with whole.
    /// - Throws: errors from the analysers' sessions.
    public mutating func snapshot() throws -> AnalysisSnapshot {
        let (result, openIndex, segmentation, sessions) = try judge(samples, context: windowContext, withOpenRep: true)
        guard retention == .rolling else {
            var concluded = result
            conclude(&concluded, by: sessions, openIndex: openIndex)
            return AnalysisSnapshot(result: concluded, openRepIndex: openIndex, analysedUntilS: samples.last?.time ?? -.infinity,
                                    samplesAnalysed: samples.count)
        }
        let analysed = samples.count
        // The reps analyser's own smoothing of this window: smoothing it again would double the work.
        let x = segmentation?.smoothedInclination ?? samples.map { _ in nil }
        // Settled as the window judged them: set-level conclusions are drawn anew on every snapshot.
        if let cut = window.settle(result, openIndex: openIndex, samples: samples, smoothed: x, profile: profile) {
            progress.samples.removeFirst(cut)
        }
        var whole = withSettled(result)
        conclude(&whole, by: sessions, openIndex: openIndex)
        return AnalysisSnapshot(result: whole, openRepIndex: openIndex, analysedUntilS: result.samples.last?.time ?? -.infinity,
                                samplesAnalysed: analysed)
    }

    /// Each analyser's set-level conclusions over every rep so far, in chain order. The rep under
    /// way is left out: its depth and lumbar value are still changing, and it may yet be no rep.
    /// The open rep is the last of `result.reps` (`judge` appends it), so the search from the end
    /// finds it at once and setting it aside costs nothing however many reps the set has.
    private func conclude(_ result: inout AnalysisResult, by sessions: [any AnalyzerSession], openIndex: Int?) {
        let openAt = openIndex.flatMap { i in result.reps.lastIndex { $0.index == i } }
        let open = openAt.map { result.reps.remove(at: $0) }
        for session in sessions { session.concludeSet(&result) }
        if let open, let openAt { result.reps.insert(open, at: min(openAt, result.reps.count)) }
    }

    /// A window's result with the settled reps, flagged moments and plugins' per-rep values
    /// before its own (those it settled just now are in both: the window's copies are dropped),
    /// and the pinned reference.
    private func withSettled(_ windowResult: AnalysisResult) -> AnalysisResult {
        var result = windowResult
        let first = window.continuation.firstRepIndex
        result.reps = window.settledReps + result.reps.filter { $0.index >= first }
        result.events = window.settledEvents + result.events.filter { ($0.repIndex ?? .max) >= first }
        for (id, settled) in window.settledOutputs {
            var output = result.analyzerOutputs[id] ?? AnalyzerOutput()
            output.repValues = output.repValues.filter { $0.key >= first }.merging(settled.repValues) { own, _ in own }
            output.units.merge(settled.units) { own, _ in own }
            result.analyzerOutputs[id] = output
        }
        if let pinned = pinnedReference { result.reference = pinned }
        return result
    }

    /// Judges against another profile from now on (after the live calibration).
    public mutating func use(profile: AthleteProfile?) throws {
        self.profile = profile
        if retention == .whole {
            // Whole retention: the sessions start again over the samples so far.
            sessions = try makeSessions(context: AnalysisContext(header: header, profile: profile))
            let all = progress.samples
            progress = AnalysisResult()
            for sample in all {
                progress.samples.append(sample)
                for i in sessions.indices { sessions[i].observe(sample, into: &progress) }
            }
        }
    }

    /// The first window's quiet-standing reference, reported for the later windows (which were
    /// judged against its neutral) unless a profile brought its own neutral.
    private var pinnedReference: LumbarReference? {
        profile?.neutralLumbarDeg == nil ? window.pinnedReference : nil
    }

    /// What the analysers of a snapshot are told: the profile, and where the window continues a longer set.
    private var windowContext: AnalysisContext {
        // A profile's own neutral (the live calibration's) wins over the one pinned from the first window.
        AnalysisContext(header: header, profile: profile?.neutralLumbarDeg != nil ? profile : (window.pinnedProfile ?? profile),
                        continuation: retention == .rolling ? window.continuation : nil)
    }

    private func makeSessions(context: AnalysisContext) throws -> [any AnalyzerSession] {
        try Self.makeSessions(chain, settings: settings, context: context)
    }

    private static func makeSessions(_ chain: [any PostureAnalyzerPlugin], settings: [PluginSettings],
                                     context: AnalysisContext) throws -> [any AnalyzerSession] {
        try chain.indices.map { try chain[$0].makeSession(settings: settings[$0], context: context) }
    }

    /// Runs fresh sessions of the chain over `samples` up to `finish`; after the analyser that
    /// segments reps, the rep under way (if any) is appended so the later analysers judge it too.
    /// Also returns that analyser's segmentation of `samples` (nil without one) and the sessions,
    /// for their set-level conclusions.
    private func judge(_ samples: [KinematicSample], context: AnalysisContext, withOpenRep: Bool) throws
        -> (result: AnalysisResult, openIndex: Int?, segmentation: RepSegmentation?, sessions: [any AnalyzerSession]) {
        var sessions = try makeSessions(context: context)
        var result = AnalysisResult()
        result.samples.reserveCapacity(samples.count)
        for sample in samples {
            result.samples.append(sample)
            for i in sessions.indices { sessions[i].observe(sample, into: &result) }
        }
        var openIndex: Int?
        var segmentation: RepSegmentation?
        let segmenterAt = Self.repSegmenterIndex(chain, sessions)
        for i in sessions.indices {
            sessions[i].finish(into: &result)
            guard i == segmenterAt else { continue }
            segmentation = (sessions[i] as? any RepSegmentingSession)?.segmentation
            if withOpenRep, let open = openRep(from: segmentation?.unfinishedDescentS, after: result.reps,
                                               firstIndex: context.continuation?.firstRepIndex ?? 1) {
                result.reps.append(open)
                openIndex = open.index
                result.warnings.removeAll { $0.code == "unfinished_rep" }
            }
        }
        return (result, openIndex, segmentation, sessions)
    }

    /// Where in the chain the rep segmenter is: the first analyser that emits reps and whose
    /// session is a `RepSegmentingSession` (for the window's cut and the open rep alike).
    private static func repSegmenterIndex(_ chain: [any PostureAnalyzerPlugin], _ sessions: [any AnalyzerSession]) -> Int? {
        chain.indices.first { chain[$0].descriptor.emits.contains(.reps) && sessions[$0] is any RepSegmentingSession }
    }

    /// The rep under way: from `startS`, the start of a descent that has not returned to lockout, to now.
    private func openRep(from startS: Double?, after reps: [Rep], firstIndex: Int) -> Rep? {
        guard let startS, let last = samples.last, last.time > startS else { return nil }
        let range = samples.filter { $0.time >= startS }
        var bottom = range[0]
        for s in range where (s.trunkInclinationDeg ?? -.infinity) > (bottom.trunkInclinationDeg ?? -.infinity) { bottom = s }
        var rep = Rep(index: (reps.last?.index ?? firstIndex - 1) + 1, startS: startS, bottomS: bottom.time, endS: last.time, partial: false)
        rep.peakTrunkInclinationDeg = bottom.trunkInclinationDeg
        rep.peakHipFlexionDeg = range.compactMap(\.hipFlexionDeg).max()
        rep.confidence = range.map(\.confidence).reduce(0, +) / Double(range.count)
        return rep
    }
}
