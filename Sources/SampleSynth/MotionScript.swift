import Foundation

/// The part of a rep a frame belongs to.
public enum MotionPhase: String, Sendable, Codable, Hashable, CaseIterable {
    /// Upright, before the first rep or after the last (quiet standing).
    case standing
    /// Hinging down.
    case descent
    /// At the bottom (including a pause there).
    case bottom
    /// Coming back up.
    case ascent
    /// Upright between reps (locked out).
    case lockout
}

/// What the legs do in a frame.
public enum LegTarget: Sendable, Hashable {
    /// Knee flexion in degrees (0 = straight).
    case kneeFlexion(Double)
    /// The grip (bar or handle centre) moves from its natural standing height towards
    /// `bottomHeightM` (metres above the floor) by `fraction` in [0, 1]; the knee angle that puts
    /// the hands there is solved. Used for lifts from the floor.
    case gripDrop(fraction: Double, bottomHeightM: Double)
}

/// How the load is held.
public enum ArmMode: String, Sendable, Codable, Hashable {
    /// Arms hang from the shoulders (deadlift, RDL, kettlebell), `armAngleDeg` from vertical.
    case hanging
    /// A bar rests on the upper back, hands holding it beside the shoulders (good morning).
    case barOnBack = "bar-on-back"
}

/// The load in the lifter's hands or on the back.
public enum SynthLoad: Sendable, Hashable {
    /// A barbell with plates of `plateRadiusM`; `massRatio` = load mass / body mass (for balance).
    case barbell(plateRadiusM: Double, massRatio: Double)
    /// A kettlebell held by its handle with both hands.
    case kettlebell(massRatio: Double)
    /// Nothing.
    case none

    var massRatio: Double {
        switch self {
        case .barbell(_, let m), .kettlebell(let m): m
        case .none: 0
        }
    }
}

/// The targets of one frame of the motion script. Angles in degrees, sagittal plane, the
/// lifter facing +x (docs/method.md, "Coordinate conventions").
public struct PoseTargets: Sendable, Hashable {
    /// Hip-midpoint→shoulder-midpoint from vertical, positive leaning forward.
    public var trunkInclinationDeg: Double
    public var legs: LegTarget
    /// Lumbar angle (`SpineAngles`), positive = lordosis.
    public var lumbarAngleDeg: Double
    /// Thoracic angle (`SpineAngles`), positive = kyphosis.
    public var thoracicAngleDeg: Double
    /// Arms from vertical, positive forward (hanging mode only).
    public var armAngleDeg: Double
    public var phase: MotionPhase
    /// 0-based rep index; nil while standing before or after the set.
    public var rep: Int?
}

/// How the lumbar curve is lost during a rep.
public enum RoundingProfile: String, Sendable, Codable, Hashable {
    /// Flexion grows with depth and peaks at the bottom.
    case gradual
    /// The curve holds on the way down, then collapses within 0.15 s as the load leaves the floor
    /// and stays lost until the trunk has risen to 60 % of its bottom inclination.
    case suddenOffFloor = "sudden-off-floor"
}

/// One rep of a set. Durations in seconds, angles in degrees.
public struct RepPlan: Sendable, Hashable {
    public var descentS: Double
    /// Pause at the bottom (0 for touch-and-go; a short turnaround is part of descent/ascent).
    public var bottomPauseS: Double
    public var ascentS: Double
    /// Time locked out after the rep.
    public var lockoutS: Double
    /// 1 = full range; less for a partial rep (fraction of the trunk and leg excursion).
    public var depth: Double
    public var bottomTrunkInclinationDeg: Double
    /// Bottom knee flexion (RDL, good morning, swing); nil when the grip height drives the knee.
    public var bottomKneeFlexionDeg: Double?
    /// Grip height at the bottom (floor lifts), metres.
    public var bottomGripHeightM: Double?
    /// Lumbar flexion from neutral at the worst moment of the rep.
    public var peakLumbarFlexionDeg: Double
    /// Flexion present anyway near the bottom in a `suddenOffFloor` rep before the collapse.
    public var baseLumbarFlexionDeg: Double
    public var rounding: RoundingProfile
    /// Thoracic angle added at the bottom.
    public var thoracicIncreaseDeg: Double
    /// Arm angle at the bottom (hanging mode), e.g. back between the legs in a swing.
    public var bottomArmAngleDeg: Double
    /// Arm angle at the top of the rep (a swing's float), 0 for lifts.
    public var topArmAngleDeg: Double

    public init(descentS: Double, bottomPauseS: Double, ascentS: Double, lockoutS: Double, depth: Double = 1,
                bottomTrunkInclinationDeg: Double, bottomKneeFlexionDeg: Double? = nil, bottomGripHeightM: Double? = nil,
                peakLumbarFlexionDeg: Double, baseLumbarFlexionDeg: Double = 4, rounding: RoundingProfile = .gradual,
                thoracicIncreaseDeg: Double = 4, bottomArmAngleDeg: Double = 0, topArmAngleDeg: Double = 0) {
        self.descentS = descentS
        self.bottomPauseS = bottomPauseS
        self.ascentS = ascentS
        self.lockoutS = lockoutS
        self.depth = depth
        self.bottomTrunkInclinationDeg = bottomTrunkInclinationDeg
        self.bottomKneeFlexionDeg = bottomKneeFlexionDeg
        self.bottomGripHeightM = bottomGripHeightM
        self.peakLumbarFlexionDeg = peakLumbarFlexionDeg
        self.baseLumbarFlexionDeg = baseLumbarFlexionDeg
        self.rounding = rounding
        self.thoracicIncreaseDeg = thoracicIncreaseDeg
        self.bottomArmAngleDeg = bottomArmAngleDeg
        self.topArmAngleDeg = topArmAngleDeg
    }

    /// Total time of the rep including its lockout.
    public var durationS: Double { descentS + bottomPauseS + ascentS + lockoutS }
}

/// Rep boundaries in seconds from the clip's start.
public struct RepTiming: Sendable, Hashable {
    /// Leaves the upright position.
    public var start: Double
    /// Reaches the bottom (start of the bottom pause).
    public var bottomStart: Double
    /// Leaves the bottom.
    public var bottomEnd: Double
    /// Upright again (locked out).
    public var end: Double
}

/// A whole set as a function of time: per frame, the trunk hinge, the legs, the lumbar and
/// thoracic curves and the arms. Pure value: evaluating it twice gives identical numbers.
public struct MotionScript: Sendable, Hashable {
    public var armMode: ArmMode
    public var load: SynthLoad
    /// Standing lumbar lordosis (the neutral the truth's flexion is measured against), degrees.
    public var neutralLumbarAngleDeg: Double
    /// Standing thoracic kyphosis, degrees.
    public var neutralThoracicAngleDeg: Double
    public var standingTrunkInclinationDeg: Double
    public var standingKneeFlexionDeg: Double
    /// Quiet standing before the first rep (0 = the set starts straight away).
    public var quietStandingS: Double
    public var reps: [RepPlan]
    /// Standing after the last rep's lockout.
    public var endStandingS: Double
    /// Floor lifts: the legs follow the grip height (knees extend before the hips on the way up).
    public var legsLead: Bool
    /// Reps flow into each other (kettlebell swing): no upright lockout, the top is the float.
    public var continuous: Bool
    /// Phase of the small standing sway, radians (from the seed).
    public var swayPhase: Double

    public init(armMode: ArmMode, load: SynthLoad, neutralLumbarAngleDeg: Double = 20, neutralThoracicAngleDeg: Double = 25,
                standingTrunkInclinationDeg: Double = 2, standingKneeFlexionDeg: Double = 3, quietStandingS: Double,
                reps: [RepPlan], endStandingS: Double = 0.5, legsLead: Bool, continuous: Bool = false, swayPhase: Double = 0) {
        self.armMode = armMode
        self.load = load
        self.neutralLumbarAngleDeg = neutralLumbarAngleDeg
        self.neutralThoracicAngleDeg = neutralThoracicAngleDeg
        self.standingTrunkInclinationDeg = standingTrunkInclinationDeg
        self.standingKneeFlexionDeg = standingKneeFlexionDeg
        self.quietStandingS = quietStandingS
        self.reps = reps
        self.endStandingS = endStandingS
        self.legsLead = legsLead
        self.continuous = continuous
        self.swayPhase = swayPhase
    }

    /// Length of the whole script in seconds.
    public var durationS: Double { quietStandingS + reps.reduce(0) { $0 + $1.durationS } + endStandingS }

    /// Start, bottom and end of every rep.
    public var repTimings: [RepTiming] {
        var t = quietStandingS
        return reps.map { r in
            let timing = RepTiming(start: t, bottomStart: t + r.descentS, bottomEnd: t + r.descentS + r.bottomPauseS,
                                   end: t + r.descentS + r.bottomPauseS + r.ascentS)
            t += r.durationS
            return timing
        }
    }

    /// The targets at time `t` seconds (clamped to the script).
    /// - Complexity: O(reps).
    public func targets(at t: Double) -> PoseTargets {
        let sway = sin(2 * .pi * 0.31 * t + swayPhase)
        let breath = sin(2 * .pi * 0.23 * t + 1.7 * swayPhase)
        let standing = PoseTargets(
            trunkInclinationDeg: standingTrunkInclinationDeg + 0.4 * sway,
            legs: .kneeFlexion(standingKneeFlexionDeg),
            lumbarAngleDeg: neutralLumbarAngleDeg + 0.4 * breath,
            thoracicAngleDeg: neutralThoracicAngleDeg - 0.3 * breath,
            armAngleDeg: 0, phase: .standing, rep: nil)
        let timings = repTimings
        guard let i = timings.lastIndex(where: { $0.start <= t }) else { return standing }
        let r = reps[i], timing = timings[i]
        // Progress of the trunk and of the legs from upright (0) to the bottom (1).
        var pTrunk = 0.0, pLegs = 0.0
        var phase: MotionPhase
        if t < timing.bottomStart {
            phase = .descent
            let u = (t - timing.start) / r.descentS
            if legsLead {
                // Hips back first, knees bend once the bar is past them.
                pTrunk = ease(u / 0.85)
                pLegs = ease((u - 0.15) / 0.85)
            } else {
                pTrunk = ease(u)
                pLegs = pTrunk
            }
        } else if t < timing.bottomEnd {
            phase = .bottom
            pTrunk = 1
            pLegs = 1
        } else if t < timing.end {
            phase = .ascent
            let u = (t - timing.bottomEnd) / r.ascentS
            if legsLead {
                pLegs = 1 - ease(u / 0.8)
                pTrunk = 1 - ease((u - 0.12) / 0.88)
            } else {
                pTrunk = 1 - ease(u)
                pLegs = pTrunk
            }
            // The first instant of the ascent still counts as the bottom (turnaround).
            if u < 0.04 { phase = .bottom }
        } else {
            phase = i == reps.count - 1 && t >= timing.end + r.lockoutS ? .standing : .lockout
            if phase == .standing { return standing }
        }
        let depth = r.depth
        var out = standing
        out.phase = phase
        out.rep = i
        out.trunkInclinationDeg = lerp(standingTrunkInclinationDeg, r.bottomTrunkInclinationDeg, depth * pTrunk)
            + 0.4 * sway * (1 - pTrunk)
        if let knee = r.bottomKneeFlexionDeg {
            out.legs = .kneeFlexion(lerp(standingKneeFlexionDeg, knee, depth * pLegs))
        } else {
            out.legs = .gripDrop(fraction: depth * pLegs, bottomHeightM: r.bottomGripHeightM ?? 0.25)
        }
        // Lumbar flexion from neutral.
        var flexion: Double
        switch r.rounding {
        case .gradual:
            flexion = r.peakLumbarFlexionDeg * pow(depth * pTrunk, 1.4)
        case .suddenOffFloor:
            flexion = r.baseLumbarFlexionDeg * depth * pTrunk
            if t >= timing.bottomEnd {
                let rise = ease((t - timing.bottomEnd) / 0.15)
                let hold = clamp01((pTrunk - 0.35) / 0.25)  // 1 while pTrunk ≥ 0.6, 0 below 0.35
                flexion += (r.peakLumbarFlexionDeg - r.baseLumbarFlexionDeg) * depth * min(rise, hold)
            }
        }
        out.lumbarAngleDeg = neutralLumbarAngleDeg - flexion + 0.4 * breath * (1 - pTrunk)
        out.thoracicAngleDeg = neutralThoracicAngleDeg + r.thoracicIncreaseDeg * depth * pTrunk
            + 0.35 * flexion - 0.3 * breath * (1 - pTrunk)
        // A swing floats the bell between reps; the first hike starts and the last rep ends hanging.
        let goingDown = phase == .descent
        let top = continuous && (goingDown ? i > 0 : i < reps.count - 1) ? r.topArmAngleDeg : 0
        out.armAngleDeg = lerp(top, r.bottomArmAngleDeg, pTrunk)
        return out
    }
}
