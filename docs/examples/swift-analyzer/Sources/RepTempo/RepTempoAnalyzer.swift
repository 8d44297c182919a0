import PoseCore

/// `rep-tempo`: how each rep was paced — descent, pause at the bottom, ascent — and the set's
/// time under tension. Tempo is how coaches prescribe hinges ("3-1-1": three seconds down, one
/// at the bottom, one up); a descent much faster than prescribed is a cue on its own.
///
/// A rep's bottom is the part where the trunk stays within `bottom-window` degrees of the rep's
/// deepest inclination: descent runs from the rep's start to the first such frame, ascent from
/// the last one to the rep's end. The reps come from the built-in `reps` analyser, which runs
/// before this one (it needs "reps").
public struct RepTempoAnalyzer: PostureAnalyzerPlugin {
    public init() {}

    public var descriptor: PluginDescriptor {
        PluginDescriptor(
            id: "rep-tempo", kind: .analyzer,
            summary: "Per-rep tempo: descent, pause at the bottom and ascent (seconds), and the set's time under tension.",
            parameters: [
                PluginParameter("bottom-window", default: "5", unit: "deg",
                                summary: "Frames within this many degrees of a rep's deepest trunk inclination count as its bottom.",
                                source: "about twice the 2–5° frame-to-frame jitter of BlazePose trunk angles, so a held bottom is not split",
                                range: 0...45),
            ],
            needs: ["kinematics", "reps"], emits: ["rep-tempo"])
    }

    public func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession {
        RepTempoSession(id: descriptor.id, bottomWindowDeg: try settings.number("bottom-window"))
    }
}
