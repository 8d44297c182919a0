import Foundation
import PoseCore

/// One piece of advice a coach would give after watching the set, derived from the per-rep
/// verdicts and deciding values (rules and sources: docs/method.md, "Coaching advice").
///
/// The rules only read the analysis: which reps held, lost or can't be told, their deciding
/// values against the limit, and the trend across the set. Nothing here is measured anew.
public struct CoachingAdvice: Sendable, Hashable {
    /// What the advice is about; the report orders and colours items by it.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// End the set at a rep: rounding grew rep after rep until the curve was lost.
        case stopSet = "stop-set"
        /// The curve was lost from the start or on most reps: the load is too heavy for now.
        case lowerLoad = "lower-load"
        /// What to cue before each pull.
        case cue
        /// A rep to judge by eye in the video (within uncertainty, unsteady, a lone rounded rep).
        case watch
        /// How to film the next set so that HingeCheck can judge it.
        case refilm
        /// Nothing to change: every judged rep held.
        case keep
    }

    public var kind: Kind
    /// The advice in a few words: "Stop the set at rep 4".
    public var title: String
    /// Why, from this set's numbers, and what to do: one or two sentences.
    public var detail: String
    /// Where the claim comes from (a docs/method.md section, a study), nil when it is only this
    /// set's data.
    public var source: String?
    /// The reps the advice is about (1-based), for links to them.
    public var reps: [Int]
    /// A moment of the recording to watch, seconds, when one rep is the point.
    public var timeS: Double?

    public init(kind: Kind, title: String, detail: String, source: String? = nil, reps: [Int] = [], timeS: Double? = nil) {
        self.kind = kind
        self.title = title
        self.detail = detail
        self.source = source
        self.reps = reps
        self.timeS = timeS
    }
}

extension CoachingAdvice {
    /// fatigue-trend's default slope-threshold: rounding "grows rep after rep" at 1°/rep or more
    /// (5° over a 5-rep set, above measurement error; docs/method.md, Defaults).
    public static let growingSlopeDegPerRep = 1.0

    static let methodSource = "docs/method.md, Coaching advice"
    // Short forms; the full references are in docs/method.md, Coaching advice.
    static let fatigueSources = "Vazirian et al. 2016 (the lower back's share of bending grows with back-muscle fatigue and load); Hu & Ning 2015 (fatigued back extensors raise spinal loading)"
    static let loadSources = "Bengtsson et al. 2022 (heavier deadlifts add upper-lumbar flexion); Vazirian et al. 2016"

    /// The advice for one analysed set, most important first: stop or lower the load, then what
    /// to cue, then reps to watch by eye, then how to film again. Empty when there are no reps.
    /// - Parameter result: the analysis (reps with verdicts and deciding values, the trend).
    /// - Complexity: O(reps).
    public static func advice(for result: AnalysisResult) -> [CoachingAdvice] {
        let reps = result.reps
        guard !reps.isEmpty else { return [] }
        var out: [CoachingAdvice] = []
        let lost = reps.filter { $0.verdict == .lost }
        if let stop = stopSet(reps, fatigue: result.fatigue) {
            out.append(stop)
        } else if let load = lowerLoad(reps) {
            out.append(load)
        } else if !lost.isEmpty {
            out.append(loneRounding(lost))
        }
        if !lost.isEmpty { out.append(cue()) }
        if lost.isEmpty, let keep = keepGoing(reps, result: result) { out.append(keep) }
        out += watchByEye(reps)
        out += refilm(reps)
        return out
    }

    /// Full reps with a verdict (held or lost), in order: the reps a pattern is read from.
    static func judgedFullReps(_ reps: [Rep]) -> [Rep] {
        reps.filter { !$0.partial && $0.verdict != .cantTell }
    }

    /// Rounding grew rep after rep and the curve gave way after at least one held rep: stop at
    /// the first rep after the last held one that was not held (a rep within the uncertainty of
    /// the limit on the way to the first lost rep counts: the number could not clear it), and
    /// next time end after the last held rep.
    static func stopSet(_ reps: [Rep], fatigue: FatigueTrend?) -> CoachingAdvice? {
        let judged = judgedFullReps(reps)
        // Every judged rep before the first lost one held (judged reps are held or lost).
        guard let slope = fatigue?.slopeDegPerRep, slope >= growingSlopeDegPerRep,
              let first = judged.firstIndex(where: { $0.verdict == .lost }), first > 0 else { return nil }
        let lostRep = judged[first], lastHeld = judged[first - 1]
        let borderline = reps.first {
            !$0.partial && $0.index > lastHeld.index && $0.index < lostRep.index
                && ($0.cantTellReason == .withinUncertainty || $0.cantTellReason == .unsteady)
        }
        let stop = borderline ?? lostRep
        var detail = "Rounding grew by \(signed(slope))° a rep. "
        if let borderline {
            detail += "Rep \(borderline.index) reached the limit within the measurement's uncertainty\(value(borderline)) and rep \(lostRep.index) was the first to lose the curve\(value(lostRep)). "
        } else {
            detail += "Rep \(lostRep.index) was the first to lose the curve\(value(lostRep)) after \(HTMLText.plural(first, "held rep")). "
        }
        detail += "That is where a coach ends the set. Next time at this load, rack the bar after rep \(lastHeld.index), or lower the load so that every rep holds."
        return CoachingAdvice(kind: .stopSet, title: "Stop the set at rep \(stop.index)", detail: detail,
                              source: "\(methodSource); \(fatigueSources)", reps: [stop.index], timeS: stop.startS)
    }

    /// The curve was lost on the first judged rep, or on at least half the judged reps without
    /// a growing trend: the load, not fatigue, is the problem.
    static func lowerLoad(_ reps: [Rep]) -> CoachingAdvice? {
        let judged = judgedFullReps(reps)
        let lost = judged.filter { $0.verdict == .lost }
        guard let first = judged.first, !lost.isEmpty,
              first.verdict == .lost || 2 * lost.count >= judged.count else { return nil }
        let when = first.verdict == .lost ? "from the first rep (rep \(first.index)\(value(first)))" : "on \(lost.count) of \(judged.count) judged reps"
        var detail = "The curve was lost \(when), before fatigue could explain it: the load is heavier than this lifter can hold the lower back under today. Lower it until every rep holds, then build back up."
        // The one case where the outline itself can mislead on every rep alike (method.md, Known limits).
        if lost.contains(where: { $0.lumbarMethod == .dorsalContour }) {
            detail += " First check the pictures: a stiff or puffy top that stays off the hinged back reads like rounding on every rep."
        }
        return CoachingAdvice(kind: .lowerLoad, title: "Lower the load", detail: detail,
                              source: "\(methodSource); \(loadSources)", reps: lost.map(\.index), timeS: (first.verdict == .lost ? first : lost[0]).startS)
    }

    /// Lost reps without a pattern (held reps around them, no growing trend): watch them.
    static func loneRounding(_ lost: [Rep]) -> CoachingAdvice {
        let list = HTMLText.repList(lost.map(\.index))
        let detail = "\(list.prefix(1).uppercased() + list.dropFirst()) lost the curve\(lost.count == 1 ? value(lost[0]) : "") while the other judged reps held and rounding did not grow across the set: a lapse in set-up or bracing rather than fatigue. Watch \(lost.count == 1 ? "it" : "them") in the video and reset before each pull."
        return CoachingAdvice(kind: .watch, title: "Watch \(list)", detail: detail, source: methodSource,
                              reps: lost.map(\.index), timeS: lost[0].startS)
    }

    /// The cues for a lost curve; each has its source or says it is coaching practice.
    static func cue() -> CoachingAdvice {
        let detail = "Before each pull: brace (breathe in, tighten the trunk all round), set the lats (pull the bar into the legs, armpits over the bar), and push the hips back so the bend comes from the hips, not the lower back."
        let source = "\(methodSource); bracing: Cholewicki et al. 1999, Grenier & McGill 2007 (abdominal pressure and a full brace stiffen the lumbar spine); lats: coaching practice (they tension the fascia that holds the curve); hips back: Vazirian et al. 2016"
        return CoachingAdvice(kind: .cue, title: "Cue: brace, set the lats, hips back", detail: detail, source: source)
    }

    /// Every judged rep held: say so, and when rounding still grew, the rep at which the trend
    /// line would reach the limit.
    static func keepGoing(_ reps: [Rep], result: AnalysisResult) -> CoachingAdvice? {
        let judged = judgedFullReps(reps)
        guard !judged.isEmpty else { return nil }
        var detail = "Every judged rep held the curve under load (the largest deciding value was \(largestValue(judged)))."
        if let f = result.fatigue, f.slopeDegPerRep >= growingSlopeDegPerRep, let limitRep = repReachingLimit(judged, slope: f.slopeDegPerRep) {
            detail += " Rounding still grew by \(signed(f.slopeDegPerRep))° a rep: at that rate rep \(limitRep) would reach the limit, so keep the set shorter than that at this load."
            return CoachingAdvice(kind: .keep, title: "Keep the load; end the set before rep \(limitRep)", detail: detail,
                                  source: "\(methodSource); \(fatigueSources)", reps: [])
        }
        detail += " Keep the load and the set length; film the heavier sets too."
        return CoachingAdvice(kind: .keep, title: "Keep going: the lower back held", detail: detail, source: methodSource)
    }

    /// Where the least-squares line through the judged reps' deciding values reaches their
    /// limit: the first rep index past the last judged one at or over it, nil when far off.
    static func repReachingLimit(_ judged: [Rep], slope: Double) -> Int? {
        let points = judged.compactMap { r in r.decidingValueDeg.map { (Double(r.index), $0) } }
        guard slope > 0, points.count >= 2, let limit = judged.compactMap(\.thresholdDeg).first else { return nil }
        let mx = points.map(\.0).reduce(0, +) / Double(points.count), my = points.map(\.1).reduce(0, +) / Double(points.count)
        let reach = mx + (limit - my) / slope
        guard reach.isFinite else { return nil }
        let rep = Int(clampingRounded: reach, .up)
        let last = judged.last!.index
        // Beyond twice the set's length the projection says nothing a coach can use.
        return rep > last && rep <= 2 * last ? rep : nil
    }

    /// Reps within uncertainty or unsteady: judge them by eye at their judged frames.
    static func watchByEye(_ reps: [Rep]) -> [CoachingAdvice] {
        let close = reps.filter { $0.cantTellReason == .withinUncertainty || $0.cantTellReason == .unsteady }
        guard let first = close.first else { return [] }
        let list = HTMLText.repList(close.map(\.index))
        let detail = "\(list.prefix(1).uppercased() + list.dropFirst()) came within the measurement's uncertainty of the limit (or changed within the bottom), so the numbers cannot decide. Watch the bottom of \(close.count == 1 ? "it" : "each") in the video; if the lower back visibly rounds, treat it as lost."
        return [CoachingAdvice(kind: .watch, title: "Judge \(list) by eye", detail: detail, source: "docs/method.md, Rules",
                               reps: close.map(\.index), timeS: first.judgedStartS ?? first.bottomS)]
    }

    /// One item per filming problem among the can't-tell reps, with the fix.
    static func refilm(_ reps: [Rep]) -> [CoachingAdvice] {
        var byReason: [(RepVerdict.Reason, [Rep])] = []
        for rep in reps {
            guard let reason = rep.cantTellReason, let _ = refilmFix(reason) else { continue }
            if let k = byReason.firstIndex(where: { $0.0 == reason }) { byReason[k].1.append(rep) } else { byReason.append((reason, [rep])) }
        }
        return byReason.map { reason, reps in
            let fix = refilmFix(reason)!
            let list = HTMLText.repList(reps.map(\.index))
            return CoachingAdvice(kind: .refilm, title: fix.title, detail: "\(list.prefix(1).uppercased() + list.dropFirst()): \(fix.detail)",
                                  source: fix.source, reps: reps.map(\.index), timeS: reps[0].startS)
        }
    }

    /// What to change in the filming for a can't-tell reason; nil for the reasons filming does
    /// not fix (within uncertainty and unsteady are watched by eye).
    static func refilmFix(_ reason: RepVerdict.Reason) -> (title: String, detail: String, source: String)? {
        switch reason {
        case .view:
            ("Film from the side", "not side-on. Put the camera at right angles to the lifter, level with the hips, so both shoulders line up in the picture.",
             "docs/method.md, Rules (can't tell: view) and Known limits")
        case .tooSmall:
            ("Move the camera closer", "the lifter was too small. Hip to shoulder must span at least 60 pixels: have the lifter fill most of the frame's height, or film at a higher resolution.",
             "docs/method.md, Defaults (min trunk length 60 px)")
        case .outOfFrame:
            ("Keep the whole lifter in view", "the lower back was cut off by the edge of the picture. Frame the lifter from head to feet with the bar's whole path, and no zoomed close-ups.",
             "docs/method.md, Known limits")
        case .noOutline:
            ("Analyse the video itself", "these landmarks carry no back outline. Run hingecheck on the video, or extract landmarks with --mask; a lower-back verdict needs the outline.",
             "docs/method.md, The dorsal contour")
        case .maskUnreliable:
            ("Film against a plain background in fitted clothing", "the back's outline was unreliable. Fitted top tucked in (loose tops and hoodies look like rounding), a plain wall behind, nothing between camera and lifter.",
             "docs/method.md, Known limits")
        case .lowConfidence:
            ("Light the lifter and clear the view", "the body landmarks were unsure. Light the lifter evenly from the camera's side and keep people and equipment out of the line of sight.",
             "docs/method.md, Rules (confidence under 0.5 is not judged)")
        case .notLoaded:
            ("Nothing to refilm for these reps", "the trunk never leaned the 30° that loads the back in shear, so there was no hinge to judge (a squat, a shrug or a partial rep).",
             "docs/method.md, Defaults (shear-guard.loaded-inclination)")
        case .withinUncertainty, .unsteady:
            nil
        }
    }

    /// " (+6.2 ± 1.0° against the +3.5° limit)", or "" when the rep has no deciding value.
    static func value(_ rep: Rep) -> String {
        guard rep.decidingValueDeg != nil else { return "" }
        let limit = rep.thresholdDeg.map { " against the " + HTMLText.deg($0, signed: rep.lumbarMethod != .spinePoints, digits: 1) + " limit" } ?? ""
        return " (\(rep.decidingText)\(limit))"
    }

    static func largestValue(_ reps: [Rep]) -> String {
        guard let rep = reps.filter({ $0.decidingValueDeg != nil }).max(by: { $0.decidingValueDeg! < $1.decidingValueDeg! }) else { return "not measured" }
        return "\(rep.decidingText) on rep \(rep.index)" + (rep.thresholdDeg.map { ", limit " + HTMLText.deg($0, signed: rep.lumbarMethod != .spinePoints, digits: 1) } ?? "")
    }

    static func signed(_ v: Double) -> String { (v >= 0 ? "+" : "−") + Fixed.text(abs(v), 1) }
}
