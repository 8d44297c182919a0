import Foundation

/// Changes to a preset's set (all optional).
public struct ScriptOverrides: Sendable, Hashable {
    /// Number of reps (the preset's per-rep pattern repeats its last rep when extended).
    public var reps: Int?
    /// Quiet standing before the first rep, seconds (0 = none).
    public var quietStandingS: Double?
    /// Pause at the bottom of every rep, seconds.
    public var bottomPauseS: Double?
    /// Makes this rep (1-based) a partial one, about half the range.
    public var partialRep: Int?

    public init(reps: Int? = nil, quietStandingS: Double? = nil, bottomPauseS: Double? = nil, partialRep: Int? = nil) {
        self.reps = reps
        self.quietStandingS = quietStandingS
        self.bottomPauseS = bottomPauseS
        self.partialRep = partialRep
    }
}

/// The named motion presets of `hingecheck synth`. Angles follow `SpineAngles` (standing
/// lordosis +20°, kyphosis +25°); trunk inclination is hip-mid→shoulder-mid from vertical.
public enum SynthScenario: String, CaseIterable, Sendable, Codable, Hashable {
    case deadliftNeutral = "deadlift-neutral"
    case deadliftFatigue = "deadlift-fatigue"
    case deadliftSudden = "deadlift-sudden"
    case deadliftPaused = "deadlift-paused"
    case rdl
    case goodMorning = "good-morning"
    case kbDeadlift = "kb-deadlift"
    case kbSwing = "kb-swing"

    /// One line for `hingecheck synth --list`.
    public var summary: String {
        switch self {
        case .deadliftNeutral:
            "Conventional deadlift from the floor, 5 reps, neutral spine (lumbar loss < 8°), 2 s quiet standing first."
        case .deadliftFatigue:
            "Deadlift, 5 reps, lumbar rounding growing rep by rep (4° to 30° from neutral); no quiet standing."
        case .deadliftSudden:
            "Deadlift, 4 reps; rep 3 rounds suddenly (28°) as the bar leaves the floor; 2 s quiet standing."
        case .deadliftPaused:
            "Deadlift, 4 reps with a 1 s pause at the bottom; rep 3 is a partial rep; 2 s quiet standing."
        case .rdl:
            "Romanian deadlift, 4 reps, trunk to about 78°, soft knees (22°), neutral spine; 2 s quiet standing."
        case .goodMorning:
            "Good morning with a light bar on the upper back, 4 reps, trunk to about 80°, neutral spine."
        case .kbDeadlift:
            "Kettlebell deadlift from the floor between the feet, 5 reps, neutral spine; 2 s quiet standing."
        case .kbSwing:
            "Two-hand kettlebell swing, 8 continuous swings (hinge to about 55°), neutral spine."
        }
    }

    /// The preset's motion script. `seed` varies each rep by a degree or two and a few percent
    /// of its timing; the same seed gives the same script.
    public func script(seed: UInt64, overrides: ScriptOverrides = ScriptOverrides()) -> MotionScript {
        var rng = SplitMix64.stream(seed: seed, 0x5C21)
        func jitter(_ amount: Double) -> Double { rng.uniform(-amount, amount) }
        let plate = 0.225
        var script: MotionScript
        var plans: [RepPlan] = []
        func deadliftRep(flexion: Double, rounding: RoundingProfile = .gradual, pause: Double = 0.3, trunk: Double = 57) -> RepPlan {
            RepPlan(descentS: 0.85 * (1 + jitter(0.05)), bottomPauseS: pause, ascentS: 0.95 * (1 + jitter(0.05)),
                    lockoutS: 0.4, bottomTrunkInclinationDeg: trunk + jitter(2), bottomGripHeightM: plate,
                    peakLumbarFlexionDeg: flexion, rounding: rounding, thoracicIncreaseDeg: 4 + jitter(1))
        }
        switch self {
        case .deadliftNeutral:
            plans = (0..<5).map { _ in deadliftRep(flexion: 4.5 + jitter(1.5)) }
            script = MotionScript(armMode: .hanging, load: .barbell(plateRadiusM: plate, massRatio: 1.2),
                                  quietStandingS: 2, reps: plans, legsLead: true)
        case .deadliftFatigue:
            plans = [4.0, 10, 16, 23, 30].enumerated().map { i, f in
                deadliftRep(flexion: f + jitter(1), trunk: 55 + 1.2 * Double(i))
            }
            script = MotionScript(armMode: .hanging, load: .barbell(plateRadiusM: plate, massRatio: 1.2),
                                  quietStandingS: 0.4, reps: plans, legsLead: true)
        case .deadliftSudden:
            plans = (0..<4).map { i in
                i == 2 ? deadliftRep(flexion: 28 + jitter(1), rounding: .suddenOffFloor) : deadliftRep(flexion: 4.5 + jitter(1.5))
            }
            script = MotionScript(armMode: .hanging, load: .barbell(plateRadiusM: plate, massRatio: 1.2),
                                  quietStandingS: 2, reps: plans, legsLead: true)
        case .deadliftPaused:
            plans = (0..<4).map { _ in deadliftRep(flexion: 5 + jitter(1.5), pause: 1.0) }
            plans[2].depth = 0.55
            script = MotionScript(armMode: .hanging, load: .barbell(plateRadiusM: plate, massRatio: 1.2),
                                  quietStandingS: 2, reps: plans, legsLead: true)
        case .rdl:
            plans = (0..<4).map { _ in
                RepPlan(descentS: 1.3 * (1 + jitter(0.05)), bottomPauseS: 0.2, ascentS: 1.1 * (1 + jitter(0.05)), lockoutS: 0.3,
                        bottomTrunkInclinationDeg: 78 + jitter(2), bottomKneeFlexionDeg: 22 + jitter(2),
                        peakLumbarFlexionDeg: 5.5 + jitter(1.5), thoracicIncreaseDeg: 5 + jitter(1))
            }
            script = MotionScript(armMode: .hanging, load: .barbell(plateRadiusM: plate, massRatio: 0.9),
                                  quietStandingS: 2, reps: plans, legsLead: false)
        case .goodMorning:
            plans = (0..<4).map { _ in
                RepPlan(descentS: 1.4 * (1 + jitter(0.05)), bottomPauseS: 0.2, ascentS: 1.2 * (1 + jitter(0.05)), lockoutS: 0.3,
                        bottomTrunkInclinationDeg: 80 + jitter(2), bottomKneeFlexionDeg: 16 + jitter(2),
                        peakLumbarFlexionDeg: 5.5 + jitter(1.5), thoracicIncreaseDeg: 3 + jitter(1))
            }
            script = MotionScript(armMode: .barOnBack, load: .barbell(plateRadiusM: 0.13, massRatio: 0.4),
                                  quietStandingS: 1.5, reps: plans, legsLead: false)
        case .kbDeadlift:
            plans = (0..<5).map { _ in
                RepPlan(descentS: 0.8 * (1 + jitter(0.05)), bottomPauseS: 0.2, ascentS: 0.8 * (1 + jitter(0.05)), lockoutS: 0.4,
                        bottomTrunkInclinationDeg: 50 + jitter(2), bottomGripHeightM: 0.268,
                        peakLumbarFlexionDeg: 4.5 + jitter(1.5), thoracicIncreaseDeg: 3 + jitter(1))
            }
            script = MotionScript(armMode: .hanging, load: .kettlebell(massRatio: 0.35),
                                  quietStandingS: 2, reps: plans, legsLead: true)
        case .kbSwing:
            plans = (0..<8).map { _ in
                RepPlan(descentS: 0.45, bottomPauseS: 0, ascentS: 0.45, lockoutS: 0.05,
                        bottomTrunkInclinationDeg: 55 + jitter(2), bottomKneeFlexionDeg: 24 + jitter(2),
                        peakLumbarFlexionDeg: 5 + jitter(1.5), thoracicIncreaseDeg: 3,
                        bottomArmAngleDeg: -22 + jitter(2), topArmAngleDeg: 80 + jitter(3))
            }
            script = MotionScript(armMode: .hanging, load: .kettlebell(massRatio: 0.3),
                                  quietStandingS: 1.5, reps: plans, endStandingS: 1.0, legsLead: false, continuous: true)
        }
        script.swayPhase = rng.uniform(0, 2 * .pi)
        // Overrides.
        if let n = overrides.reps, n >= 1 {
            var extended = Array(script.reps.prefix(n))
            while extended.count < n { extended.append(script.reps[script.reps.count - 1]) }
            script.reps = extended
        }
        if let s = overrides.quietStandingS { script.quietStandingS = max(0, s) }
        if let p = overrides.bottomPauseS { for i in script.reps.indices { script.reps[i].bottomPauseS = max(0, p) } }
        if let k = overrides.partialRep, k >= 1, k <= script.reps.count { script.reps[k - 1].depth = 0.55 }
        return script
    }
}
