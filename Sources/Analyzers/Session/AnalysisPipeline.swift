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

    /// Whole-clip warnings from per-frame issues, in plain words.
    static func addQualityWarnings(_ result: inout AnalysisResult) {
        // One pass: counts of each per-frame issue among frames with a person.
        var counts: [String: Int] = [:]
        var noPerson = 0
        for s in result.samples {
            if s.issues.contains("no_person") { noPerson += 1; continue }
            for issue in s.issues { counts[issue, default: 0] += 1 }
        }
        let n = Double(max(result.samples.count, 1))
        let p = Double(max(result.samples.count - noPerson, 1))
        func share(_ code: String) -> Double { Double(counts[code] ?? 0) / p }
        if result.samples.isEmpty || Double(noPerson) / n > 0.5 {
            result.warn("no_person", "No person was found in most frames. Check that the whole lifter is in view.")
        }
        if share("not_side_on") > 0.3 {
            result.warn("not_side_on", "The camera is not side-on to the lifter: 2D angles are only valid when the movement stays in the camera's plane. Film from the side, camera level, at hip height.")
        }
        if share("low_confidence") > 0.2 {
            result.warn("low_confidence", "Landmarks were uncertain in many frames (occlusion, lighting, loose clothing); those frames give 'unknown', not a verdict.")
        }
        if share("trunk_too_small") > 0.3 {
            result.warn("trunk_too_small", "The lifter is small in the frame: the lumbar curve cannot be measured reliably. Move the camera closer so the lifter fills most of the frame height.")
        }
        if (counts["scene_cut"] ?? 0) > 0 {
            result.warn("scene_cut", "The video seems edited (cuts or jumps): frames around cuts are ignored.")
        }
        let noOutline = share("no_outline") > 0.5
        if noOutline {
            result.warn("no_outline", "Most frames have body landmarks but neither spine markers nor the back's outline (segmentation mask), so the lumbar curve could not be measured. A landmark file made without --mask has no outline: extract it again with `hingecheck landmarks VIDEO --mask -o FILE.jsonl`, or analyze the video itself.")
        }
        if result.reps.contains(where: { $0.postureLost == nil }) {
            let unknown = result.reps.filter { $0.postureLost == nil }
            let fixes = Set(unknown.compactMap(\.verdictReason)).sorted { $0.rawValue < $1.rawValue }.map(\.explanation)
            result.warn("unknown_reps", "Can't tell on \(RepVerdict.reasons(unknown)): \(fixes.joined(separator: "; ")).")
        }
    }
}
