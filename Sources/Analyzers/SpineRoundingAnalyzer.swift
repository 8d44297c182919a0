import PoseCore

/// The `spine-rounding` analyzer: thoracic rounding at the bottom of each rep and the
/// lumbopelvic rhythm (how much of the forward bend comes from the lumbar spine rather than
/// the hips — it rises with load and back-muscle fatigue, Vazirian et al. 2016).
///
/// Lumbopelvic ratio = change in lumbar flexion / change in hip flexion from the rep's start to
/// its bottom (dimensionless; spine points: flexion = −Δ lumbar angle; markerless: Δ of the
/// lower-back angle). Supporting evidence only, never a verdict on its own (docs/method.md, "Rules").
public struct SpineRoundingAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "spine-rounding", kind: .analyzer,
            summary: "Thoracic rounding at the bottom and the lumbopelvic ratio of each rep (supporting evidence).",
            parameters: [
                PluginParameter("min-hip-change", default: "10", unit: "deg",
                                summary: "Smallest hip-flexion change for which a lumbopelvic ratio is reported.",
                                source: "below it the ratio divides noise by noise", range: 0...180),
            ],
            needs: [.kinematics, .reps, .repLumbar], emits: [.repRounding])
    }

    public func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        SpineRoundingSession(minHipChange: try settings.number("min-hip-change"))
    }
}

/// Judges each rep once its frames are in (`RepCursor`), after `lumbar-curve` judged it.
struct SpineRoundingSession: AnalyzerSession {
    let minHipChange: Double
    private var cursor = RepCursor()
    /// The lumbar method each rep was judged with (its sign convention): `finish` judges again
    /// a rep that `lumbar-curve` judged again with another.
    private var judgedWith: [RepCursor.Segment: LumbarMethod?] = [:]
    /// The start of the first rep not judged yet (`retainFromS`).
    private(set) var retainFromS = Double.infinity

    init(minHipChange: Double) {
        self.minHipChange = minHipChange
    }

    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {
        cursor.observe(sample)
        while let r = cursor.ready(in: result) {
            judge(at: r, in: &result)
            cursor.advance()
        }
        retainFromS = cursor.pendingFromS(in: result)
    }

    mutating func finish(into result: inout AnalysisResult) {
        // With every sample still there, also the reps `lumbar-curve` judged again.
        let from = cursor.holdsEverySample(result) ? 0 : cursor.judged
        for r in from..<result.reps.count where judgedWith[RepCursor.Segment(result.reps[r])] != .some(result.reps[r].lumbarMethod) {
            judge(&result.reps[r], in: result.samples)
        }
        cursor.advanceAll(in: result)
    }

    /// Judges `result.reps[r]` and records what with. Kept out of `observe`'s loop: written
    /// inline there, the release build copied `result.reps` on every frame (a live set's reps are
    /// shared with the last snapshot), whether a rep was ready or not, so the cost per frame grew
    /// with the set (Benchmarks/live_flat_cost.sh).
    @inline(never)
    private mutating func judge(at r: Int, in result: inout AnalysisResult) {
        var rep = result.reps[r]
        judge(&rep, in: result.samples)
        result.reps[r] = rep
        // What `finish` compares against (it records nothing: nothing follows it).
        judgedWith[RepCursor.Segment(rep)] = .some(rep.lumbarMethod)
    }

    private func judge(_ rep: inout Rep, in stream: [KinematicSample]) {
        rep.thoracicAngleDeg = nil
        rep.lumbopelvicRatio = nil
        let samples = RepCursor.window(around: rep, in: stream, radius: 0)
        let start = samples[SignalTools.indices(from: rep.startS - 0.1, to: rep.startS + 0.1, in: samples)]
        let bottom = samples[SignalTools.indices(from: rep.bottomS - 0.1, to: rep.bottomS + 0.1, in: samples)]
        rep.thoracicAngleDeg = SignalTools.median(of: bottom.compactMap(\.thoracicAngleDeg))
        guard let l0 = SignalTools.median(of: start.compactMap(\.lumbarAngleDeg)),
              let l1 = SignalTools.median(of: bottom.compactMap(\.lumbarAngleDeg)),
              let h0 = SignalTools.median(of: start.compactMap(\.hipFlexionDeg)),
              let h1 = SignalTools.median(of: bottom.compactMap(\.hipFlexionDeg)),
              abs(h1 - h0) >= minHipChange else { return }
        // Spine points: flexion is a fall of the lordosis angle; contour: a rise of its angle.
        let lumbarFlexionChange = rep.lumbarMethod == .dorsalContour ? l1 - l0 : l0 - l1
        rep.lumbopelvicRatio = lumbarFlexionChange / (h1 - h0)
    }
}
