import Analyzers
import Foundation
import PoseCore

/// The per-frame cue logic of a live session: pushes each frame into a rolling `AnalysisSession`,
/// takes a snapshot when that costs under a tenth of the time since the last one (in practice
/// every frame; a source that waits gets one at every frame, `snapshotEveryFrame`), and judges
/// the newest sample with `LiveAnalyzer.banner` on a short median of its lumbar measure over the
/// smoothing window `shear-guard` uses for that kind of measure (`LiveAnalyzer.smoothingS`:
/// 0.1 s on spine points, `markerless-smoothing` without).
///
/// The rolling session keeps only the samples its analysers may still read, and a snapshot judges
/// only the reps not judged yet, so it costs the same an hour into a session as in its first
/// minute (Benchmarks/live_flat_cost.sh).
public struct LiveCueTracker {
    public private(set) var analyzer: LiveAnalyzer
    public private(set) var analysis = LiveAnalysis()
    public private(set) var session: AnalysisSession
    public var header: LandmarkFileHeader { session.header }
    /// Share of the time the analyzer may take (0.1: a run costing 2 ms waits 18 ms).
    public var analysisDuty = 0.1
    /// A snapshot at every frame whatever it costs: for a source that waits for processing
    /// (nothing is dropped, so there is no real time to keep up with), whose cues must then not
    /// depend on how fast the machine is.
    public var snapshotEveryFrame = false
    /// Monotonic nanoseconds: the real clock, or a simulated one (tests, the flat-cost benchmark).
    private let clock: @Sendable () -> UInt64
    private var recent: [(time: Double, value: Double)] = []
    private var lastAnalysisNs: UInt64 = 0

    /// - Parameter retention: `.rolling` (live); `.whole` re-judges the whole set every time
    ///   (the cost that grows with the session, kept for comparison in the benchmark).
    /// - Throws: configuration errors from the analyzers.
    public init(analyzer: LiveAnalyzer, header: LandmarkFileHeader, retention: AnalysisSession.Retention = .rolling,
                clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) throws {
        self.analyzer = analyzer
        self.clock = clock
        session = try AnalysisPipeline(registry: analyzer.registry, config: analyzer.config, profile: analyzer.profile)
            .makeSession(header: header, retention: retention)
    }

    /// Switches to a profile (after the calibration) and re-analyses at the next sample.
    public mutating func use(profile: AthleteProfile?) throws {
        analyzer = try analyzer.with(profile: profile)
        try session.use(profile: profile)
        lastAnalysisNs = 0
    }

    /// Measures the next frame (the session's filters and kinematics).
    public mutating func push(_ pose: PoseFrame) -> KinematicSample {
        session.push(pose)
    }

    /// Pushes the next frame and returns its sample, cue and (smoothed) lumbar measure.
    /// - Parameter forceAnalysis: take a snapshot whatever it costs (tests).
    /// - Throws: configuration errors from the analyzers.
    public mutating func observe(_ pose: PoseFrame, forceAnalysis: Bool = false) throws -> (sample: KinematicSample, banner: LiveBanner, measure: Double?) {
        let sample = push(pose)
        let (banner, measure) = try cue(for: sample, forceAnalysis: forceAnalysis)
        return (sample, banner, measure)
    }

    /// The cue for the newest pushed sample.
    /// - Parameter forceAnalysis: take a snapshot whatever it costs (tests).
    /// - Throws: configuration errors from the analyzers.
    public mutating func cue(for sample: KinematicSample, forceAnalysis: Bool = false) throws -> (banner: LiveBanner, measure: Double?) {
        let now = clock()
        if forceAnalysis || snapshotEveryFrame || lastAnalysisNs == 0 || Double(now &- lastAnalysisNs) / 1e9 * analysisDuty >= analysis.costS * (1 - analysisDuty) {
            let started = clock()
            let snapshot = try session.snapshot()
            lastAnalysisNs = clock()
            analysis = LiveAnalysis(snapshot, costS: Double(lastAnalysisNs &- started) / 1e9)
        }
        var measure: Double?
        if let m = analyzer.lumbarMeasure(sample, reference: analysis.result.reference) {
            recent.append((sample.time, m))
            recent.removeAll { $0.time < sample.time - analyzer.smoothingS(for: sample.lumbarMethod) }
            measure = SignalTools.median(of: recent.map(\.value))
        } else {
            recent.removeAll()
        }
        return (analyzer.banner(sample: sample, measure: measure, analysis: analysis), measure)
    }
}
