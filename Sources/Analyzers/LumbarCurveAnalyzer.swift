import PoseCore

/// The `lumbar-curve` analyzer: decides the reference (neutral) and measures each rep's lumbar
/// curve in the hinged position.
///
/// Spine points: neutral = median lumbar angle over quiet standing at the start of the set
/// (at least `quiet-standing-min` seconds under `quiet-standing-max-incl` before the first rep),
/// else over the most upright 10% of frames with an `uncalibrated` warning; a profile wins over
/// both. Per rep: the hinged-position angle (median near the bottom), the minimum, and the peak
/// flexion (neutral − minimum, smoothed), in degrees and as % of the profile's maximal flexion.
///
/// Markerless (dorsal contour): the standing silhouette is not a usable neutral (docs/method.md,
/// "The dorsal contour (markerless)"), so the reference is the absolute hinged-position lower-back angle
/// (`ContourAngles.lowerBackAngleDeg`); the study's two-tangent angle is reported beside it.
public struct LumbarCurveAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "lumbar-curve", kind: .analyzer,
            summary: "Lumbar curve per rep: neutral from quiet standing (spine points) or the hinged-position angle (markerless).",
            parameters: [
                PluginParameter("quiet-standing-max-incl", default: "10", unit: "deg",
                                summary: "Trunk inclination under which the lifter counts as standing.",
                                source: "upright stance sway is a few degrees; project convention", range: 0...45),
                PluginParameter("quiet-standing-min", default: "1.0", unit: "s",
                                summary: "Quiet standing needed at the start to calibrate neutral.",
                                source: "project convention; the live mode asks for 2 s", range: 0...60),
                PluginParameter("bottom-window", default: "8", unit: "deg",
                                summary: "Frames within this many degrees of the rep's peak inclination are 'the bottom'.",
                                source: "docs/method.md, Rules: measure at the deepest lean, not over the descent", range: 0...90),
                PluginParameter("bottom-min-duration", default: "0.3", unit: "s",
                                summary: "When the bottom is shorter (a rep that starts there, a fast swing), the frames nearest the deepest one are added up to this long.",
                                source: "the shear-guard's markerless smoothing window (0.3 s): a sustained loss needs that long to show", range: 0...10),
                PluginParameter("min-confidence", default: "0.5", unit: "fraction",
                                summary: "Frames below this confidence are not measured.", source: "project convention", range: 0...1),
            ],
            needs: [.kinematics, .reps], emits: [.reference, .repLumbar])
    }

    public func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        LumbarCurveSession(maxStandingIncl: try settings.number("quiet-standing-max-incl"),
                           minStandingS: try settings.number("quiet-standing-min"),
                           bottomWindowDeg: try settings.number("bottom-window"),
                           bottomMinS: try settings.number("bottom-min-duration"),
                           minConfidence: try settings.number("min-confidence"),
                           profile: context.profile)
    }
}

struct LumbarCurveSession: AnalyzerSession {
    let maxStandingIncl, minStandingS, bottomWindowDeg, bottomMinS, minConfidence: Double
    let profile: AthleteProfile?
    private var cursor = RepCursor()
    /// Frames measured with spine points and with the dorsal contour so far (the method is the
    /// majority's).
    private var spineFrames = 0, contourFrames = 0
    /// What each rep was judged with, for `finish` to tell which to judge again.
    private var judgedWith: [RepCursor.Segment: Inputs] = [:]
    /// The reference decided at the first rep, and the method and first rep it was decided for.
    private var decided: (inputs: Inputs, firstRepS: Double)?
    /// When the first frame with spine points came: the quiet standing before the first rep
    /// is looked for from there, so a live set keeps the samples from then until the reference
    /// is decided.
    private var firstSpineS: Double?
    /// The start of the first rep not judged yet (`retainFromS`).
    private var pendingFromS = Double.infinity

    /// What a rep's lumbar values depend on beyond its own frames.
    struct Inputs: Hashable {
        var method: LumbarMethod?
        var reference: LumbarReference
        /// The smoothing radius, samples.
        var radius: Int
    }

    init(maxStandingIncl: Double, minStandingS: Double, bottomWindowDeg: Double, bottomMinS: Double, minConfidence: Double,
         profile: AthleteProfile?) {
        self.maxStandingIncl = maxStandingIncl
        self.minStandingS = minStandingS
        self.bottomWindowDeg = bottomWindowDeg
        self.bottomMinS = bottomMinS
        self.minConfidence = minConfidence
        self.profile = profile
    }

    /// The samples of the reps not judged yet and, until the reference is decided, those since
    /// the first frame with spine points.
    var retainFromS: Double {
        decided == nil && profile?.neutralLumbarDeg == nil ? min(firstSpineS ?? .infinity, pendingFromS) : pendingFromS
    }

    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {
        cursor.observe(sample)
        if sample.lumbarMethod == .spinePoints {
            spineFrames += 1
            if firstSpineS == nil { firstSpineS = sample.time }
        } else if sample.lumbarMethod == .dorsalContour {
            contourFrames += 1
        }
        while let r = cursor.ready(in: result) {
            let inputs = currentInputs(result)
            result.reference = inputs.reference
            judge(&result.reps[r], in: result.samples, inputs: inputs)
            judgedWith[RepCursor.Segment(result.reps[r])] = inputs
            cursor.advance()
        }
        pendingFromS = cursor.pendingFromS(in: result)
    }

    /// The inputs for judging a rep now: the reference decided at the first rep (again if the
    /// method changed since) and the radius the samples so far give.
    private mutating func currentInputs(_ result: AnalysisResult) -> Inputs {
        let firstRepS = result.reps.first?.startS ?? .infinity
        // A live set has let the samples before the first rep go: its reference stands.
        if let decided, !cursor.holdsEverySample(result) || (decided.inputs.method == method && decided.firstRepS == firstRepS) {
            return Inputs(method: method, reference: decided.inputs.reference, radius: radius)
        }
        let inputs = Inputs(method: method, reference: reference(result.samples, method: method, reps: result.reps).reference, radius: radius)
        decided = (inputs, firstRepS)
        return inputs
    }

    mutating func finish(into result: inout AnalysisResult) {
        guard cursor.holdsEverySample(result) else {
            // A live set: the reps not judged yet (the last ones, the rep under way), with the
            // reference decided at its first rep.
            let inputs = currentInputs(result)
            result.reference = inputs.reference
            if inputs.reference.kind == .uprightFrames { warnUncalibrated(&result) }
            for r in cursor.judged..<result.reps.count { judge(&result.reps[r], in: result.samples, inputs: inputs) }
            cursor.advanceAll(in: result)
            return
        }
        // The whole input's figures: a rep judged with others is judged again.
        let (reference, uncalibrated) = reference(result.samples, method: method, reps: result.reps)
        let inputs = Inputs(method: method, reference: reference, radius: radius)
        result.reference = reference
        if uncalibrated { warnUncalibrated(&result) }
        for r in result.reps.indices where judgedWith[RepCursor.Segment(result.reps[r])] != inputs {
            judge(&result.reps[r], in: result.samples, inputs: inputs)
        }
        cursor.advanceAll(in: result)
    }

    private func warnUncalibrated(_ result: inout AnalysisResult) {
        result.warn("uncalibrated", "No quiet standing before the first rep: neutral was taken from the most upright frames. Stand still for 2 s before lifting, or use --profile, for a reliable neutral.")
    }

    /// One rep's lumbar values, from the samples around it.
    private func judge(_ rep: inout Rep, in stream: [KinematicSample], inputs: Inputs) {
        rep.lumbarMethod = nil
        rep.lumbarAngleDeg = nil
        rep.lumbarTwoTangentDeg = nil
        rep.minLumbarAngleDeg = nil
        rep.peakLumbarFlexionDeg = nil
        rep.peakLumbarFlexionPct = nil
        guard let peak = rep.peakTrunkInclinationDeg else { return }
        let method = inputs.method
        let samples = RepCursor.window(around: rep, in: stream, radius: inputs.radius)
        let smoothed = SignalTools.movingMedian(samples.map { $0.confidence >= minConfidence ? $0.lumbarAngleDeg : nil },
                                                radius: inputs.radius)
        let range = SignalTools.indices(from: rep.startS, to: rep.endS, in: samples)
        let bottom = SignalTools.bottomFrames(of: range, in: samples, peakDeg: peak, windowDeg: bottomWindowDeg,
                                              minSeconds: bottomMinS)
        rep.lumbarMethod = method
        rep.lumbarAngleDeg = SignalTools.median(of: bottom.compactMap { smoothed[$0] })
        if method == .dorsalContour {
            rep.lumbarTwoTangentDeg = SignalTools.median(of: bottom.compactMap {
                samples[$0].confidence >= minConfidence ? samples[$0].lumbarTwoTangentDeg : nil })
        }
        if method == .spinePoints {
            let values = range.compactMap { smoothed[$0] }
            rep.minLumbarAngleDeg = values.min()
            if let neutral = inputs.reference.neutralLumbarDeg, let low = values.min() {
                let flexion = neutral - low
                rep.peakLumbarFlexionDeg = flexion
                if let maxFlex = inputs.reference.maxFlexionDeg, maxFlex > 0 {
                    rep.peakLumbarFlexionPct = 100 * flexion / maxFlex
                }
            }
        }
    }

    /// The majority's method over the frames so far (spine points on a tie); nil without any
    /// lumbar measure.
    private var method: LumbarMethod? {
        if spineFrames == 0 && contourFrames == 0 { return nil }
        return spineFrames >= contourFrames ? .spinePoints : .dorsalContour
    }

    /// The smoothing radius of the lumbar angle (0.1 s) at the stream's mean frame interval so far, samples.
    private var radius: Int { cursor.samples(covering: 0.1) / 2 }

    /// The reference, and whether it is the uncalibrated fallback (the most upright frames).
    func reference(_ samples: [KinematicSample], method: LumbarMethod?, reps: [Rep]) -> (reference: LumbarReference, uncalibrated: Bool) {
        switch method {
        case nil:
            return (LumbarReference(kind: .none, detail: "no lumbar measurement in any frame"), false)
        case .dorsalContour:
            return (LumbarReference(kind: .hingedPositionAbsolute, thresholdDeg: profile?.markerlessThresholdDeg,
                                   detail: "markerless: the lower-back angle of the back's silhouette (hip level to mid-trunk, against the hip–shoulder axis) in the hinged position, judged against an absolute threshold (a standing silhouette is no usable neutral)"), false)
        case .spinePoints:
            if let neutral = profile?.neutralLumbarDeg {
                return (LumbarReference(kind: .profile, neutralLumbarDeg: neutral, maxFlexionDeg: profile?.maxFlexionDeg,
                                       detail: "neutral from athlete profile \"\(profile!.name)\""), false)
            }
            let firstRep = reps.first?.startS ?? .infinity
            let rule = QuietStanding(maxInclinationDeg: maxStandingIncl, minDurationS: minStandingS, minConfidence: minConfidence)
            if let standing = rule.neutral(of: samples.prefix { $0.time < firstRep }.filter(rule.isQuiet)) {
                return (LumbarReference(kind: .quietStanding, neutralLumbarDeg: standing.neutralLumbarDeg,
                                       detail: String(format: "neutral from %.1f s of quiet standing before the first rep", standing.durationS)), false)
            }
            // (inclination, index, lumbar) triples: sorting small tuples, not whole samples.
            let upright = samples.compactMap { s -> (Double, Int, Double)? in
                guard s.lumbarMethod == .spinePoints, s.confidence >= minConfidence,
                      let incl = s.trunkInclinationDeg, let lumbar = s.lumbarAngleDeg else { return nil }
                return (incl, s.index, lumbar)
            }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            let top = upright.prefix(max(1, upright.count / 10))
            return (LumbarReference(kind: .uprightFrames, neutralLumbarDeg: SignalTools.median(of: top.map(\.2)),
                                   maxFlexionDeg: profile?.maxFlexionDeg,
                                   detail: "neutral from the most upright 10% of frames (no quiet standing found)"), true)
        }
    }
}
