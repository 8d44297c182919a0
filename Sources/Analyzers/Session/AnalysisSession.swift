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
/// frames are in (`RepCursor`), from the samples around it, and keeps no state that grows with
/// the samples; `finish` judges what the end of the input completed, and again what a figure known
/// only at the end (the mean frame interval the smoothing radii come from) changed. The sessions
/// are made once and observe every frame as it is pushed, in both retentions. A snapshot
/// finishes copies of them, so the rep under way and the reps whose frames are not all in yet
/// are judged as they stand, and the sessions go on untouched.
///
/// What keeps a live set's cost flat is the rolling retention: the samples every session is done
/// with (`AnalyzerSession.retainFromS`) are dropped, so a snapshot judges only the reps not
/// judged yet, over the few seconds of samples around them. What needs every rep of the set
/// (which reps fall short of its typical depth, the trend across reps) is drawn afterwards by each
/// analyser's `concludeSet`, and the whole-input warnings come from counts kept frame by frame
/// (`FrameQualityTally`): so a live set's conclusions are the whole set's.
///
/// Sinks (`attach(_:)`) see every frame with its sample as it is pushed: the report's frame
/// spool is one, so the frames reach the report through the same session as the verdicts.
public struct AnalysisSession {
    /// Which samples the session keeps.
    public enum Retention: Sendable, Hashable {
        /// Every sample: the result holds them all, and `finish()` can judge a rep again with
        /// the whole input's figures.
        case whole
        /// Only the samples a session may still read (`AnalyzerSession.retainFromS`, plus
        /// `marginS`), so memory and the cost of a snapshot stay the same in minute 60 of a set
        /// as in minute 1.
        case rolling
    }

    /// Samples kept before the earliest one a session asked for, seconds.
    static let marginS = 1.0
    /// Samples dropped at a time (dropping from the front of an array moves the rest).
    static let trimChunk = 64

    public let header: LandmarkFileHeader
    public let retention: Retention
    /// The analysers, in the order they run.
    public let chain: [any PostureAnalyzerPlugin]
    /// Athlete profile the analysers judge against (the live calibration may set one).
    public private(set) var profile: AthleteProfile?
    private let settings: [PluginSettings]
    private var filters: [any PoseFilter]
    private var calculator: KinematicsCalculator
    /// The analysers' sessions, in chain order: they observe every sample as it is pushed.
    private var sessions: [any AnalyzerSession]
    /// The analysis so far: the samples kept, the reps found and what the sessions judged.
    private var progress = AnalysisResult()
    /// Whole retention: every sample; rolling: those still needed.
    public var samples: [KinematicSample] { progress.samples }
    /// Where in the chain the rep segmenter is (`RepSegmentingSession`; nil without one): after
    /// it, a snapshot adds the rep under way.
    private let segmenterAt: Int?
    /// The segmenter of the analyser that segments reps (nil without one).
    public var segmenter: RepSegmenter? {
        segmenterAt.flatMap { (sessions[$0] as? any RepSegmentingSession)?.segmenter }
    }
    /// The last snapshot's set-level conclusions and the result they were drawn from (without
    /// samples). Between reps a snapshot's result does not change; comparing it costs nothing
    /// then (arrays that share storage compare equal at once), and the conclusions over every
    /// rep of the set are not drawn again.
    private var concluded: (from: AnalysisResult, result: AnalysisResult)?
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
        sessions = try Self.makeSessions(chain, settings: settings, context: AnalysisContext(header: header, profile: profile))
        segmenterAt = Self.repSegmenterIndex(chain, sessions)
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
        if retention == .rolling { trim() }
        deliver(frame, sample: sample)
        return sample
    }

    /// Drops the samples before the earliest one a session may still read (less `marginS`),
    /// `trimChunk` or more at a time so the cost per frame stays O(1) amortised.
    private mutating func trim() {
        var earliestS = Double.infinity
        for session in sessions { earliestS = min(earliestS, session.retainFromS) }
        let keepFromS = earliestS - Self.marginS
        guard let first = progress.samples.first, first.time < keepFromS else { return }
        let drop = progress.samples.indices(from: -.infinity, through: keepFromS).upperBound
        // Never the newest sample: the analysers read the stream so far from the result.
        let count = min(drop, progress.samples.count - 1)
        if count >= Self.trimChunk { progress.samples.removeFirst(count) }
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
    /// the end: it ends the analysers' sessions.
    /// - Throws: errors from the analysers' sessions.
    public mutating func finish() throws -> AnalysisResult {
        var result = progress
        // An unfinished descent is no rep: no rep under way is added.
        _ = Self.finish(&sessions, into: &result, segmenterAt: segmenterAt, openRep: nil)
        conclude(&result, by: sessions, openIndex: nil)
        quality.warn(into: &result)
        AnalysisPipeline.addUnknownRepsWarning(&result)
        return result
    }

    /// The verdicts so far, with the rep under way (a descent that has not returned to lockout)
    /// handed to the analysers as a rep ending now, so it is judged before lockout. It finishes
    /// copies of the sessions: they go on as they were.
    /// Complexity: judging the reps not judged yet; between reps O(1); while a rep is under way
    /// O(reps so far), to copy the reps and draw the set-level conclusions again.
    /// - Throws: errors from the analysers' sessions.
    public mutating func snapshot() throws -> AnalysisSnapshot {
        var copies = sessions
        var result = progress
        let samples = progress.samples
        let openIndex = Self.finish(&copies, into: &result, segmenterAt: segmenterAt) { startS, reps in
            Self.openRep(from: startS, after: reps, in: samples)
        }
        var key = result
        key.samples = []
        if openIndex == nil, let concluded, concluded.from == key {
            result = concluded.result
            result.samples = progress.samples
            // Equal content in other storage (written back unchanged): keep this storage, so the
            // next comparison is one of identity.
            self.concluded = (key, concluded.result)
        } else {
            conclude(&result, by: copies, openIndex: openIndex)
            if openIndex == nil {
                var kept = result
                kept.samples = []
                concluded = (key, kept)
            }
        }
        return AnalysisSnapshot(result: result, openRepIndex: openIndex, analysedUntilS: progress.samples.last?.time ?? -.infinity,
                                samplesAnalysed: progress.samples.count)
    }

    /// Finishes `sessions` in chain order; after the rep segmenter, appends the rep `openRep`
    /// makes of the descent under way (if any) so the later analysers judge it too. Returns its number.
    private static func finish(_ sessions: inout [any AnalyzerSession], into result: inout AnalysisResult, segmenterAt: Int?,
                               openRep: ((Double?, [Rep]) -> Rep?)?) -> Int? {
        var openIndex: Int?
        for i in sessions.indices {
            sessions[i].finish(into: &result)
            guard i == segmenterAt, let openRep else { continue }
            let descentS = (sessions[i] as? any RepSegmentingSession)?.segmentation?.unfinishedDescentS
            if let open = openRep(descentS, result.reps) {
                result.reps.append(open)
                openIndex = open.index
                result.warnings.removeAll { $0.code == "unfinished_rep" }
            }
        }
        return openIndex
    }

    /// Each analyser's set-level conclusions over every rep so far, in chain order. The rep under
    /// way is left out: its depth and lumbar value are still changing, and it may yet be no rep.
    /// The open rep is the last of `result.reps` (`finish` appends it), so the search from the end
    /// finds it at once and setting it aside costs nothing however many reps the set has.
    private func conclude(_ result: inout AnalysisResult, by sessions: [any AnalyzerSession], openIndex: Int?) {
        let openAt = openIndex.flatMap { i in result.reps.lastIndex { $0.index == i } }
        let open = openAt.map { result.reps.remove(at: $0) }
        for session in sessions { session.concludeSet(&result) }
        if let open, let openAt { result.reps.insert(open, at: min(openAt, result.reps.count)) }
    }

    /// Judges against another profile from now on (after the live calibration): the sessions
    /// start again over the samples kept (in a live set, the calibration comes before the first
    /// rep, and the samples since the first spine-point frame are kept until it).
    public mutating func use(profile: AthleteProfile?) throws {
        self.profile = profile
        sessions = try Self.makeSessions(chain, settings: settings, context: AnalysisContext(header: header, profile: profile))
        let kept = progress.samples
        progress = AnalysisResult()
        progress.samples.reserveCapacity(kept.count)
        for sample in kept {
            progress.samples.append(sample)
            for i in sessions.indices { sessions[i].observe(sample, into: &progress) }
        }
    }

    private static func makeSessions(_ chain: [any PostureAnalyzerPlugin], settings: [PluginSettings],
                                     context: AnalysisContext) throws -> [any AnalyzerSession] {
        try chain.indices.map { try chain[$0].makeSession(settings: settings[$0], context: context) }
    }

    /// Where the rep segmenter is: the first analyser that emits reps and whose session is a
    /// `RepSegmentingSession`.
    private static func repSegmenterIndex(_ chain: [any PostureAnalyzerPlugin], _ sessions: [any AnalyzerSession]) -> Int? {
        chain.indices.first { chain[$0].descriptor.emits.contains(.reps) && sessions[$0] is any RepSegmentingSession }
    }

    /// The rep under way: from `startS`, the start of a descent that has not returned to lockout, to now.
    private static func openRep(from startS: Double?, after reps: [Rep], in samples: [KinematicSample]) -> Rep? {
        guard let startS, let last = samples.last, last.time > startS else { return nil }
        let range = samples[samples.indices(from: startS, through: .infinity)]
        guard var bottom = range.first else { return nil }
        for s in range where (s.trunkInclinationDeg ?? -.infinity) > (bottom.trunkInclinationDeg ?? -.infinity) { bottom = s }
        var rep = Rep(index: (reps.last?.index ?? 0) + 1, startS: startS, bottomS: bottom.time, endS: last.time, partial: false)
        rep.peakTrunkInclinationDeg = bottom.trunkInclinationDeg
        rep.peakHipFlexionDeg = range.compactMap(\.hipFlexionDeg).max()
        rep.confidence = range.map(\.confidence).reduce(0, +) / Double(range.count)
        return rep
    }
}
