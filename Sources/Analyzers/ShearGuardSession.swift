import Foundation
import PoseCore

/// One analysis run of `ShearGuardAnalyzer`: judges every rep and writes its verdict, deciding
/// value and flagged moment into the result.
struct ShearGuardSession: AnalyzerSession {
    /// Flexion beyond the threshold at which severity's flexion factor reaches 1 (see the analyzer).
    static let severitySpanDeg = 15.0
    let loadedDeg, markerlessSmoothingS, markerlessWindowDeg, flexionThresholdDeg, markerlessThresholdDeg, minDurationS, hysteresisDeg, minConfidence: Double
    let viewShare: Double
    /// Markerless deciding value: the median, the largest value held for min-duration, or the
    /// median unless the rep is unsteady (`markerless-statistic`).
    let markerlessStatistic: MarkerlessStatistic
    let minJudgedFrames: Int
    /// Whether the configuration set each threshold, and the profile: a value for the other
    /// kind of measurement is named as unused rather than silently ignored.
    let flexionThresholdSet, markerlessThresholdSet: Bool
    let profile: AthleteProfile?

    /// Which reps have been judged (each once its frames are in, after `lumbar-curve`).
    var cursor = RepCursor()
    /// Whether a frame so far had landmarks but no back outline (the can't-tell reason when no
    /// frame has a lumbar measure).
    var sawNoOutline = false
    /// What each rep was judged with, for `finish` to tell which to judge again.
    var judgedWith: [RepCursor.Segment: Judged] = [:]
    /// The start of the first rep not judged yet.
    var retainFromS = Double.infinity

    /// What a rep's verdict depends on beyond its own frames.
    struct Inputs: Hashable {
        /// The smoothing radius, samples.
        var radius: Int
        var kind: LumbarReference.Kind
        var neutralLumbarDeg: Double?
        var noOutline: Bool
    }

    /// A rep's inputs, and its lower-back angle as `lumbar-curve` wrote it and as this judgement
    /// left it (markerless: the value that decided): if `lumbar-curve` judges the rep again, it
    /// writes its own over it.
    struct Judged: Hashable {
        var inputs: Inputs
        var lumbarAngleBeforeDeg: Double?
        var lumbarAngleDeg: Double?

        /// Whether a judgement with `inputs` of a rep as it is now would write the same.
        func stands(for rep: Rep, with inputs: Inputs) -> Bool {
            self.inputs == inputs && lumbarAngleDeg == rep.lumbarAngleDeg
        }
    }

    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {
        cursor.observe(sample)
        if sample.issues.contains("no_outline") { sawNoOutline = true }
        while true {
            let inputs = inputs(result)
            guard let r = cursor.ready(in: result, radius: inputs.radius) else { break }
            let lumbarBefore = result.reps[r].lumbarAngleDeg
            judge(at: r, inputs: inputs, result: &result)
            // What `finish` compares against (it records nothing: nothing follows it).
            judgedWith[RepCursor.Segment(result.reps[r])] = Judged(inputs: inputs, lumbarAngleBeforeDeg: lumbarBefore,
                                                                   lumbarAngleDeg: result.reps[r].lumbarAngleDeg)
            cursor.advance()
        }
        retainFromS = cursor.pendingFromS(in: result)
    }

    mutating func finish(into result: inout AnalysisResult) {
        let inputs = inputs(result)
        if inputs.kind != .none {
            let threshold = inputs.kind != .hingedPositionAbsolute ? flexionThresholdDeg : markerlessThresholdDeg
            if result.reference.thresholdDeg == nil { result.reference.thresholdDeg = threshold }
            warnAboutUnusedSettings(spine: inputs.kind != .hingedPositionAbsolute, threshold: threshold, into: &result)
        }
        // The whole input's figures: a rep judged with others (or whose lower-back angle
        // `lumbar-curve` wrote again) is judged again, its flagged moment with it.
        // A live set (older samples gone): only the reps not judged yet.
        let from = cursor.holdsEverySample(result) ? 0 : cursor.judged
        let stale = (from..<result.reps.count).filter { judgedWith[RepCursor.Segment(result.reps[$0])]?.stands(for: result.reps[$0], with: inputs) != true }
        if !stale.isEmpty {
            let standing = Set(result.reps.indices.filter { !stale.contains($0) }.map { result.reps[$0].index })
            result.events.removeAll { $0.code == PostureEvent.postureLost && $0.plugin == nil && !standing.contains($0.repIndex ?? -1) }
            for r in stale { judge(at: r, inputs: inputs, result: &result) }
        }
        cursor.advanceAll(in: result)
        // Judged rep by rep in `observe`, the events are in order; only reps judged here, or other
        // analysers' events in a whole input, can be out of it.
        if inputs.kind != .none && (!stale.isEmpty || cursor.holdsEverySample(result)) && !Self.inOrder(result.events) {
            result.events.sort { ($0.startS, $0.repIndex ?? 0) < ($1.startS, $1.repIndex ?? 0) }
        }
    }

    /// Whether `events` are already in time order (judged rep by rep they nearly always are):
    /// sorting a live set's events on every snapshot would copy them all.
    static func inOrder(_ events: [PostureEvent]) -> Bool {
        var i = 1
        while i < events.count {
            if (events[i].startS, events[i].repIndex ?? 0) < (events[i - 1].startS, events[i - 1].repIndex ?? 0) { return false }
            i += 1
        }
        return true
    }

    /// The inputs a rep is judged with now: the reference `lumbar-curve` decided, and the
    /// smoothing radius of its kind over the samples so far.
    private func inputs(_ result: AnalysisResult) -> Inputs {
        let spine = result.reference.kind != .hingedPositionAbsolute
        let radius = cursor.samples(covering: spine ? ShearGuardAnalyzer.spinePointsSmoothingS : markerlessSmoothingS) / 2
        return Inputs(radius: radius, kind: result.reference.kind, neutralLumbarDeg: result.reference.neutralLumbarDeg, noOutline: sawNoOutline)
    }

    /// Judges `result.reps[r]` from the samples around it, appending its flagged moment.
    private func judge(at r: Int, inputs: Inputs, result: inout AnalysisResult) {
        var rep = Self.unjudged(result.reps[r], before: judgedWith[RepCursor.Segment(result.reps[r])])
        defer { result.reps[r] = rep }
        guard inputs.kind != .none else {
            // No lumbar measure at all: no threshold applies, every verdict is can't tell.
            rep.postureLost = nil
            rep.verdictReason = inputs.noOutline ? .noOutline : .maskUnreliable
            return
        }
        let spine = inputs.kind != .hingedPositionAbsolute
        let threshold = spine ? flexionThresholdDeg : markerlessThresholdDeg
        let samples = RepCursor.window(around: rep, in: result.samples, radius: inputs.radius)
        // Per-frame measure, positive = more rounded; nil when not confident.
        let neutral = inputs.neutralLumbarDeg
        let raw: [Double?] = samples.map { s in
            guard s.confidence >= minConfidence, let a = s.lumbarAngleDeg else { return nil }
            if spine { return neutral.map { $0 - a } }
            return a
        }
        let smoothed = SignalTools.movingMedian(raw, radius: inputs.radius)
        judge(&rep, spine: spine, threshold: threshold, raw: raw, smoothed: smoothed, samples: samples, events: &result.events)
    }

    /// `rep` without what an earlier judgement of it wrote: its verdict fields cleared, and
    /// `lumbar-curve`'s lower-back angle back where the markerless deciding value replaced it.
    static func unjudged(_ rep: Rep, before: Judged?) -> Rep {
        var rep = rep
        if let before, rep.lumbarAngleDeg == before.lumbarAngleDeg { rep.lumbarAngleDeg = before.lumbarAngleBeforeDeg }
        rep.postureLost = nil
        rep.verdictReason = nil
        rep.decidingValueDeg = nil
        rep.decidingStatistic = nil
        rep.decidingUncertaintyDeg = nil
        rep.thresholdDeg = nil
        rep.judgedStartS = nil
        rep.judgedEndS = nil
        rep.postureLostS = 0
        rep.postureLostShare = nil
        rep.worstMomentS = nil
        return rep
    }

    /// One rep: the judged frames, the reason it can't be judged if any, else the decision, the
    /// verdict and (when lost) the flagged moment.
    func judge(_ rep: inout Rep, spine: Bool, threshold: Double, raw: [Double?], smoothed: [Double?], samples: [KinematicSample],
               events: inout [PostureEvent]) {
        let range = SignalTools.indices(from: rep.startS, to: rep.endS, in: samples)
        rep.thresholdDeg = threshold
        rep.postureLost = nil
        rep.postureLostS = 0
        let judged = judgedFrames(rep, range: range, spine: spine, samples: samples)
        if let reason = unjudgeable(range: range, judged: judged, smoothed: smoothed, samples: samples) {
            rep.verdictReason = reason
            return
        }
        let decision = spine
            ? RepJudge.sustainedMaximum(frames: judged, smoothed: smoothed, raw: raw, minSeconds: minDurationS, samples: samples)
            : markerlessDecision(frames: judged, raw: raw, smoothed: smoothed, samples: samples)
        guard let decision else {
            // Spine points with no run as long as min-duration: nothing sustained to judge.
            rep.verdictReason = .maskUnreliable
            return
        }
        finishJudging(&rep, decision: decision, judged: judged, spine: spine, threshold: threshold, smoothed: smoothed,
                      samples: samples, events: &events)
    }

    /// Markerless: the median over the judged frames; with `sustained`, or with `adaptive` when
    /// the rep is unsteady (the frames' spread alone ≥ `RepJudge.unsteadySpreadDeg`: the posture
    /// changed within the bottom, so no median describes it), the largest value held for
    /// min-duration, with the spread over those frames and the hip term as its uncertainty.
    func markerlessDecision(frames: [Int], raw: [Double?], smoothed: [Double?], samples: [KinematicSample]) -> RepJudge.Decision? {
        guard let median = RepJudge.markerless(frames: frames, smoothed: smoothed, raw: raw, samples: samples) else { return nil }
        let unsteady = median.spread >= RepJudge.unsteadySpreadDeg
        guard markerlessStatistic == .sustained || (markerlessStatistic == .adaptive && unsteady),
              let sustained = RepJudge.sustainedMaximum(frames: frames, smoothed: smoothed, raw: raw, minSeconds: minDurationS, samples: samples)
        else { return median }
        var d = RepJudge.withHipTerm(sustained, samples: samples)
        // The rep's own steadiness, for the can't-tell reason.
        d.spread = median.spread
        return d
    }

    /// The verdict, the deciding value and (when lost) the flagged moment of a measured rep.
    func finishJudging(_ rep: inout Rep, decision: RepJudge.Decision, judged: [Int], spine: Bool, threshold: Double,
                       smoothed: [Double?], samples: [KinematicSample], events: inout [PostureEvent]) {
        rep.decidingValueDeg = decision.value
        rep.decidingStatistic = decision.statistic
        rep.decidingUncertaintyDeg = decision.uncertainty
        rep.judgedStartS = samples[decision.frames.first!].time
        rep.judgedEndS = samples[decision.frames.last!].time
        // Markerless: the rep's lower-back angle is the value that decided, from the same frames.
        if !spine { rep.lumbarAngleDeg = decision.value }
        let worst = decision.frames.max { (smoothed[$0] ?? -.infinity, -$0) < (smoothed[$1] ?? -.infinity, -$1) }
        rep.worstMomentS = worst.map { samples[$0].time }
        rep.postureLost = RepJudge.verdict(decision, threshold: threshold)
        if rep.postureLost == nil {
            // Unsteady is the outline's reason (spine points jitter about one posture).
            rep.verdictReason = !spine && decision.spread >= RepJudge.unsteadySpreadDeg ? .unsteady : .withinUncertainty
        } else {
            rep.verdictReason = nil
        }
        let loadedS = judged.reduce(0.0) { $0 + SignalTools.duration(of: $1, in: samples) }
        guard rep.postureLost == true else {
            rep.postureLostShare = loadedS > 0 ? 0 : nil
            return
        }
        // The flagged moments lie inside the judged frames: every run at or over the threshold.
        let intervals = spine ? lostIntervals(judged, smoothed, threshold, samples)
                              : overThreshold(judged, smoothed, threshold)
        for (a, b) in intervals {
            rep.postureLostS += (a...b).reduce(0.0) { $0 + SignalTools.duration(of: $1, in: samples) }
        }
        rep.postureLostShare = loadedS > 0 ? min(1, rep.postureLostS / loadedS) : nil
        events.append(event(rep, decision: decision, intervals: intervals, threshold: threshold, spine: spine, samples: samples))
    }

    /// The frames a verdict may use: loaded (trunk inclination ≥ loaded-inclination); markerless
    /// also only the hinged position — within markerless-window of the rep's peak inclination,
    /// and at least markerless-smoothing long (a rep that starts at the bottom, a fast swing),
    /// else a sustained loss cannot show.
    func judgedFrames(_ rep: Rep, range: Range<Int>, spine: Bool, samples: [KinematicSample]) -> [Int] {
        let peak = rep.peakTrunkInclinationDeg ?? .infinity
        let bottom = spine ? [] : Set(SignalTools.bottomFrames(of: range, in: samples, peakDeg: peak,
                                                              windowDeg: markerlessWindowDeg, minSeconds: markerlessSmoothingS))
        return range.filter { (samples[$0].trunkInclinationDeg ?? 0) >= loadedDeg && (spine || bottom.contains($0)) }
    }

    /// Why a rep cannot be judged, in order: its own frames are not side-on; it never reached the
    /// loaded inclination; too few judged frames were measured (then the commonest cause among
    /// them: too small, no outline, landmarks unsure, else the outline itself).
    func unjudgeable(range: Range<Int>, judged: [Int], smoothed: [Double?], samples: [KinematicSample]) -> RepVerdict.Reason? {
        let withPerson = range.filter { !samples[$0].issues.contains("no_person") }
        let offView = withPerson.filter { samples[$0].issues.contains("not_side_on") }.count
        if !withPerson.isEmpty && Double(offView) > viewShare * Double(withPerson.count) { return .view }
        if judged.isEmpty { return .notLoaded }
        let known = judged.filter { smoothed[$0] != nil }.count
        guard known < max(minJudgedFrames, (judged.count + 1) / 2) else { return nil }
        func share(_ issue: String) -> Int { judged.filter { samples[$0].issues.contains(issue) }.count }
        let causes: [(Int, RepVerdict.Reason)] = [(share("trunk_too_small"), .tooSmall), (share("outline_cut"), .outOfFrame),
                                                   (share("no_outline"), .noOutline),
                                                   (share("low_confidence"), .lowConfidence)]
        if let top = causes.max(by: { $0.0 < $1.0 }), top.0 * 2 > judged.count { return top.1 }
        return .maskUnreliable
    }

    /// Markerless: the judged frames whose smoothed angle is at or over the threshold, as runs
    /// of consecutive frames (the flagged moments lie inside the frames that decided).
    func overThreshold(_ frames: [Int], _ smoothed: [Double?], _ threshold: Double) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        for i in frames where (smoothed[i] ?? -.infinity) >= threshold {
            if let last = out.last, last.1 + 1 == i { out[out.count - 1].1 = i } else { out.append((i, i)) }
        }
        return out
    }

    /// The flagged moment of a lost rep: from its first to its last frame over the threshold,
    /// carrying the deciding value (the number a person reads is the one that decided).
    func event(_ rep: Rep, decision: RepJudge.Decision, intervals: [(Int, Int)], threshold: Double, spine: Bool,
               samples: [KinematicSample]) -> PostureEvent {
        let a = intervals.first?.0 ?? decision.frames.first!, b = intervals.last?.1 ?? decision.frames.last!
        let incl = decision.frames.compactMap { samples[$0].trunkInclinationDeg }.max() ?? loadedDeg
        let f = decision.value
        let severity = sin(incl * .pi / 180) * (0.5 + 0.5 * min(1, max(0, f - threshold) / Self.severitySpanDeg))
        let plusMinus = String(format: "± %.1f°", decision.uncertainty)
        let lean = String(format: "%.0f°", incl)
        return PostureEvent(
            code: PostureEvent.postureLost, startS: samples[a].time, endS: samples[b].time + SignalTools.duration(of: b, in: samples),
            repIndex: rep.index, severity: severity,
            peakLumbarFlexionDeg: spine ? f : nil, lumbarAngleDeg: spine ? nil : f, trunkInclinationDeg: incl,
            message: spine
                ? "Rep \(rep.index): lumbar curve lost under load — \(Self.degrees(f)) \(plusMinus) of flexion from neutral (limit \(Self.degrees(threshold))) at \(lean) trunk inclination"
                : "Rep \(rep.index): lower back rounded under load — lower-back angle \(Self.degrees(f, signed: true)) \(plusMinus) (limit \(Self.degrees(threshold, signed: true))) at \(lean) trunk inclination")
    }

    /// Names a threshold or profile value that belongs to the other kind of measurement (spine
    /// points vs the silhouette): the user asked for it, so say it did not apply.
    func warnAboutUnusedSettings(spine: Bool, threshold: Double, into result: inout AnalysisResult) {
        var unused: [String] = []
        if spine {
            if markerlessThresholdSet { unused.append("shear-guard.markerless-threshold") }
            if profile?.markerlessThresholdDeg != nil && profile?.neutralLumbarDeg == nil {
                unused.append("the profile \"\(profile!.name)\" (it holds only a markerless threshold)")
            }
        } else {
            if flexionThresholdSet { unused.append("shear-guard.flexion-threshold") }
            if profile?.neutralLumbarDeg != nil && profile?.markerlessThresholdDeg == nil {
                unused.append("the profile \"\(profile!.name)\" (its neutral is for spine markers)")
            }
        }
        guard !unused.isEmpty else { return }
        let measure = spine ? "spine points, judged by shear-guard.flexion-threshold (flexion from neutral)"
                            : "markerless, judged by shear-guard.markerless-threshold (the silhouette's lower-back angle)"
        result.warn("setting_not_used", "Not used: \(unused.joined(separator: "; ")). This analysis is \(measure), at \(Self.degrees(threshold, signed: !spine)).")
    }

    /// Degrees for messages: "2°", "2.5°", signed "+1.0°"; a value that rounds to zero prints as
    /// 0, never "−0.0°".
    static func degrees(_ value: Double, signed: Bool = false) -> String {
        let tenths = (value * 10).rounded() / 10
        let v = tenths == 0 ? 0 : tenths
        if signed { return String(format: "%+.1f°", v) }
        return v == v.rounded() ? String(format: "%.0f°", v) : String(format: "%.1f°", v)
    }

    /// Spine points: runs of loaded, known frames over threshold (entry) held until below
    /// threshold − hysteresis, at least `minDurationS` long.
    func lostIntervals(_ loaded: [Int], _ flex: [Double?], _ threshold: Double, _ samples: [KinematicSample]) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var start: Int?
        var last: Int?
        func close() {
            if let s = start, let e = last, samples[e].time + SignalTools.duration(of: e, in: samples) - samples[s].time >= minDurationS {
                out.append((s, e))
            }
            start = nil
        }
        for i in loaded {
            // A gap in the loaded frames (unloaded in between) ends a run.
            if let l = last, i != l + 1 { close() }
            guard let f = flex[i] else { close(); last = i; continue }
            if start == nil {
                if f >= threshold { start = i }
            } else if f < threshold - hysteresisDeg {
                close()
            }
            last = i
        }
        close()
        return out
    }
}
