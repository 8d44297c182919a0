/// A named stream of results that analysers read and write: what a plugin `needs` and `emits`
/// (`PluginDescriptor`). The analyser chain is ordered and checked on these when it is built
/// (`AnalyzerOrder` in the Analyzers module), so a plugin that needs a stream nobody writes fails
/// before any frame, naming both.
///
/// The built-in streams are the static members, each naming the `AnalysisResult` field it fills.
/// A third-party analyser may name its own (`"bar-path"`); in JSON it is a plain string.
public struct ResultStream: Hashable, Sendable, Comparable, Codable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let name: String

    public init(_ name: String) { self.name = name }
    public init(stringLiteral name: String) { self.name = name }

    /// Per-frame kinematic samples (`AnalysisResult.samples`): the session provides it.
    public static let kinematics: ResultStream = "kinematics"
    /// Reps with start, bottom, end and peak inclination (`reps`).
    public static let reps: ResultStream = "reps"
    /// The lumbar reference: neutral or absolute threshold (`reference`).
    public static let reference: ResultStream = "reference"
    /// Per-rep lumbar angle and flexion (`Rep.lumbarAngleDeg`, `peakLumbarFlexionDeg`).
    public static let repLumbar: ResultStream = "rep-lumbar"
    /// Per-rep thoracic angle and lumbopelvic ratio (`Rep.thoracicAngleDeg`, `lumbopelvicRatio`).
    public static let repRounding: ResultStream = "rep-rounding"
    /// Flagged moments (`events`).
    public static let events: ResultStream = "events"
    /// Per-rep verdict, deciding value and reason (`Rep.postureLost`, `decidingValueDeg`).
    public static let repVerdicts: ResultStream = "rep-verdicts"
    /// The trend across the set (`fatigue`).
    public static let fatigue: ResultStream = "fatigue"

    public var description: String { name }

    public static func < (a: ResultStream, b: ResultStream) -> Bool { a.name < b.name }

    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
