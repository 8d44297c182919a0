/// The three outcomes of a rep, as every view shows them (terminal, report, batch index, live,
/// CSV, JSON): the posture that resists shear was *held*, was *lost*, or HingeCheck *can't tell*
/// and says why. `Rep.postureLost` carries the same as true / false / nil.
public enum RepVerdict: String, Sendable, Codable, Hashable, CaseIterable {
    case held
    case lost
    case cantTell = "cant_tell"

    public init(postureLost: Bool?) {
        switch postureLost {
        case true?: self = .lost
        case false?: self = .held
        case nil: self = .cantTell
        }
    }

    /// The word a person reads: "held", "LOST", "can't tell".
    public var word: String {
        switch self {
        case .held: "held"
        case .lost: "LOST"
        case .cantTell: "can't tell"
        }
    }

    /// Why a rep could not be judged. Stable codes (JSON `verdict_reason`), each with the words
    /// and the fix a person reads.
    public enum Reason: String, Sendable, Codable, Hashable, CaseIterable {
        /// The rep's own frames were not side-on (horizontal shoulder separation over trunk length).
        case view
        /// The lifter was too small in the frame for the lumbar curve to show.
        case tooSmall = "too_small"
        /// The frame's border cut the lower back's outline (a close-up, hips cropped).
        case outOfFrame = "out_of_frame"
        /// Body landmarks but neither spine points nor the back's outline.
        case noOutline = "no_outline"
        /// The outline was missing or implausible in most judged frames.
        case maskUnreliable = "mask_unreliable"
        /// Landmarks were uncertain (occlusion, lighting) in most judged frames.
        case lowConfidence = "low_confidence"
        /// The trunk never reached the loaded inclination: there was no hinged position to judge.
        case notLoaded = "not_loaded"
        /// The deciding value's uncertainty interval straddles the threshold.
        case withinUncertainty = "within_uncertainty"
        /// As `withinUncertainty`, because the value itself changed a lot within the judged
        /// frames (a brief rounding, or clothing or the mask moving).
        case unsteady

        /// Short words for tables: "view", "too small", ...
        public var short: String {
            switch self {
            case .view: "not side-on"
            case .tooSmall: "too small"
            case .outOfFrame: "lower back out of frame"
            case .noOutline: "no outline"
            case .maskUnreliable: "outline unreliable"
            case .lowConfidence: "landmarks unsure"
            case .notLoaded: "not hinged"
            case .withinUncertainty: "within uncertainty"
            case .unsteady: "changed within the bottom"
            }
        }

        /// One sentence: why, and what to do.
        public var explanation: String {
            switch self {
            case .view: "this rep was not filmed side-on; film from the side, camera level at hip height"
            case .tooSmall: "the lifter is too small in the frame; move the camera closer"
            case .outOfFrame: "the lower back was cut off by the edge of the picture (a close-up or cropped framing); keep the whole lifter in view"
            case .noOutline: "a lower-back verdict needs the back's outline or spine markers, which these landmarks do not carry (OpenPose, TRC and CSV files never do); analyze the video itself, or make a landmark file with the outline: `hingecheck landmarks VIDEO --mask`"
            case .maskUnreliable: "the back's outline was missing or implausible in most judged frames (clothing, background, plates); film against a plain background in fitted clothing"
            case .lowConfidence: "the body landmarks were uncertain (occlusion, lighting)"
            case .notLoaded: "the trunk never leaned far enough to load the back in shear"
            case .withinUncertainty: "the value's uncertainty reaches across the threshold; check by eye"
            case .unsteady: "the lower back's angle changed a lot within the bottom of the rep (a brief rounding, or clothing or the outline moving); watch this rep in the video"
            }
        }
    }
}

extension RepVerdict {
    /// The can't-tell reps with their reasons, commonest first: "reps 2, 3 (within uncertainty);
    /// rep 5 (not side-on)". Reps that were judged are left out.
    public static func reasons(_ reps: [Rep]) -> String {
        var byReason: [(Reason, [Int])] = []
        for rep in reps {
            guard let reason = rep.cantTellReason else { continue }
            if let k = byReason.firstIndex(where: { $0.0 == reason }) { byReason[k].1.append(rep.index) } else { byReason.append((reason, [rep.index])) }
        }
        return byReason.sorted { $0.1.count > $1.1.count }.map { reason, reps in
            "rep\(reps.count > 1 ? "s" : "") \(reps.map(String.init).joined(separator: ", ")) (\(reason.short))"
        }.joined(separator: "; ")
    }
}
