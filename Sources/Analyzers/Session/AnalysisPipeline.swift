import PoseCore

/// Runs filter → kinematics → analyzers over a stream of pose frames (docs/method.md).
/// A pure function of its input: the same frames and configuration give the same result.
public struct AnalysisPipeline {
    public var registry: PluginRegistry
    public var config: AnalysisConfig
    public var profile: AthleteProfile?
    public var kinematics: KinematicsCalculator.Settings
    /// Ids of the filters to apply (default: none — analysis smooths its own signals).
    public var filterIDs: [String]

    public init(registry: PluginRegistry, config: AnalysisConfig = AnalysisConfig(), profile: AthleteProfile? = nil,
                kinematics: KinematicsCalculator.Settings = .init(), filterIDs: [String] = []) {
        self.registry = registry
        self.config = config
        self.profile = profile
        self.kinematics = kinematics
        self.filterIDs = filterIDs
    }

    /// A session for one input, its analyser chain ordered and checked (`AnalyzerOrder.ordered`).
    /// - Parameter retention: `.whole` for a finished input, `.rolling` for a live set.
    /// - Throws: `.invalidArgument` for an unknown filter, a bad setting, or an analyser whose
    ///   need no other emits (naming both).
    public func makeSession(header: LandmarkFileHeader, retention: AnalysisSession.Retention = .whole) throws -> AnalysisSession {
        try config.validate(against: registry)
        let filters: [any PoseFilter] = try filterIDs.map { id in
            guard let plugin = registry.filters.first(where: { $0.descriptor.id == id }) else {
                throw HingeCheckError(.invalidArgument, "unknown filter \"\(id)\"", hint: "see `hingecheck plugins --kind filter`")
            }
            return try plugin.makeFilter(settings: config.settings(for: plugin.descriptor))
        }
        let chain = try AnalyzerOrder.ordered(registry.analyzers)
        return try AnalysisSession(chain: chain, settings: chain.map { try config.settings(for: $0.descriptor) }, filters: filters,
                                   kinematics: kinematics, header: header, profile: profile, retention: retention)
    }

    /// Analyzes frames already in memory: one session, every frame pushed, then finished.
    public func analyze(frames: [PoseFrame], header: LandmarkFileHeader) throws -> AnalysisResult {
        var session = try makeSession(header: header)
        for frame in frames { session.push(frame) }
        return try session.finish()
    }

    /// The can't-tell warning: which reps, why, and what would fix it.
    static func addUnknownRepsWarning(_ result: inout AnalysisResult) {
        if result.reps.contains(where: { $0.postureLost == nil }) {
            let unknown = result.reps.filter { $0.postureLost == nil }
            let fixes = Set(unknown.compactMap(\.verdictReason)).sorted { $0.rawValue < $1.rawValue }.map(\.explanation)
            result.warn("unknown_reps", "Can't tell on \(RepVerdict.reasons(unknown)): \(fixes.joined(separator: "; ")).")
        }
    }
}
