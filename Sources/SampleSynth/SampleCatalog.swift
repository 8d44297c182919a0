/// The committed sample set (`hingecheck synth --all SampleVideos/`): file names and the options
/// that generate them. Each clip is 8–15 s at 30 fps, 640×360 unless noted.
public enum SampleCatalog {
    /// One committed clip.
    public struct Entry: Sendable, Hashable {
        /// Video file name, e.g. "deadlift-neutral.mp4" (the truth is "deadlift-neutral.truth.json").
        public var file: String
        public var options: SynthOptions
        /// What the clip shows (for the README and `--list`).
        public var note: String
    }

    public static let entries: [Entry] = [
        Entry(file: "deadlift-neutral.mp4",
              options: SynthOptions(scenario: .deadliftNeutral, overrides: ScriptOverrides(reps: 4), plates: false, seed: 1),
              note: "side view, bar without plates, 2 s quiet standing, 4 neutral reps"),
        Entry(file: "deadlift-fatigue.mp4",
              options: SynthOptions(scenario: .deadliftFatigue, plates: false, seed: 2),
              note: "side view, bar without plates, no quiet standing, rounding grows 4° → 30° over 5 reps (reps 3–5 lose the posture)"),
        Entry(file: "deadlift-sudden-left.mp4",
              options: SynthOptions(scenario: .deadliftSudden, facing: .left, plates: false, seed: 3),
              note: "facing left, bar without plates, rep 3 rounds suddenly (28°) as the bar leaves the floor"),
        Entry(file: "deadlift-paused.mp4",
              options: SynthOptions(scenario: .deadliftPaused, seed: 7),
              note: "side view, bumper plates, 1 s pause at the bottom of each rep, rep 3 partial"),
        Entry(file: "rdl-markers.mp4",
              options: SynthOptions(scenario: .rdl, overrides: ScriptOverrides(reps: 3), height: 480, markers: true,
                                    plates: false, seed: 4),
              note: "640×480, ArUco 4x4_50 markers on C7, T8, T12, L3, S1, hip, knee, ankle (ids 0–7), bar without plates"),
        Entry(file: "kb-deadlift-oblique45.mp4",
              options: SynthOptions(scenario: .kbDeadlift, overrides: ScriptOverrides(reps: 4), view: .oblique45, seed: 5),
              note: "kettlebell deadlift, lifter turned 45° towards the camera"),
        Entry(file: "good-morning-loose.mp4",
              options: SynthOptions(scenario: .goodMorning, overrides: ScriptOverrides(reps: 3), clothing: .loose, seed: 6),
              note: "good morning, loose shirt bridging the lumbar hollow and hanging at the hem (neutral spine underneath)"),
        Entry(file: "kb-swing.mp4",
              options: SynthOptions(scenario: .kbSwing, seed: 8),
              note: "two-hand kettlebell swing, 8 continuous swings, side view"),
    ]
}
