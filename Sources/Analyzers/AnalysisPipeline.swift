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

    /// Analyzes frames already in memory.
    public func analyze(frames: [PoseFrame], header: LandmarkFileHeader) throws -> AnalysisResult {
        try config.validate(against: registry)
        var filters: [any PoseFilter] = try filterIDs.map { id in
            guard let plugin = registry.filters.first(where: { $0.descriptor.id == id }) else {
                throw HingeCheckError(.invalidArgument, "unknown filter \"\(id)\"", hint: "see `hingecheck plugins --kind filter`")
            }
            return try plugin.makeFilter(settings: config.settings(for: plugin.descriptor))
        }
        let context = AnalysisContext(header: header, profile: profile)
        var sessions: [any AnalyzerSession] = try registry.analyzers.map {
            try $0.makeSession(settings: config.settings(for: $0.descriptor), context: context)
        }
        var calculator = KinematicsCalculator(settings: kinematics.forImage(of: header))
        var result = AnalysisResult()
        result.samples.reserveCapacity(frames.count)
        for frame in frames {
            var f = frame
            for i in filters.indices { f = filters[i].apply(f) }
            let sample = calculator.sample(f)
            for i in sessions.indices { sessions[i].observe(sample) }
            result.samples.append(sample)
        }
        for i in sessions.indices { sessions[i].finish(into: &result) }
        Self.addQualityWarnings(&result)
        return result
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
