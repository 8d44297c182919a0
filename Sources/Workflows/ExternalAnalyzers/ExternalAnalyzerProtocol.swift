import Foundation
import PoseCore

/// The lines HingeCheck writes to an external analyser's stdin (docs/plugins.md, "The protocol (version 1)"):
/// `hello`, then for an analysis `start`, the `sample`s and `rep`s it asked for, and `end`.
/// One JSON object per line, keys snake_case, angles in degrees, times in seconds.
enum ExternalAnalyzerProtocol {
    /// Bumped when a message changes meaning or loses a key; new keys may come within a version
    /// (plugins must ignore keys they do not know).
    static let version = 1

    static func hello() -> String {
        line(["type": "hello", "protocol": version, "hingecheck": HingeCheckVersion.current])
    }

    static func start(parameters: [String: String], header: LandmarkFileHeader, sampleCount: Int, repCount: Int) -> String {
        line(["type": "start", "parameters": parameters,
              "input": ["source": header.source, "fps": header.fps, "width": header.width, "height": header.height,
                        "sample_count": sampleCount, "rep_count": repCount] as [String: Any]])
    }

    static func sample(_ s: KinematicSample) -> String {
        line(["type": "sample", "index": s.index, "time_s": s.time, "facing": s.facing?.rawValue ?? NSNull(),
              "trunk_inclination_deg": s.trunkInclinationDeg ?? NSNull(), "hip_flexion_deg": s.hipFlexionDeg ?? NSNull(),
              "knee_flexion_deg": s.kneeFlexionDeg ?? NSNull(), "lumbar_angle_deg": s.lumbarAngleDeg ?? NSNull(),
              "lumbar_method": s.lumbarMethod?.rawValue ?? NSNull(), "thoracic_angle_deg": s.thoracicAngleDeg ?? NSNull(),
              "trunk_length_px": s.trunkLengthPx ?? NSNull(), "confidence": s.confidence, "issues": s.issues])
    }

    static func rep(_ r: Rep) -> String {
        line(["type": "rep", "index": r.index, "start_s": r.startS, "bottom_s": r.bottomS, "end_s": r.endS, "partial": r.partial,
              "peak_trunk_inclination_deg": r.peakTrunkInclinationDeg ?? NSNull(), "peak_hip_flexion_deg": r.peakHipFlexionDeg ?? NSNull(),
              "verdict": r.verdict.rawValue, "deciding_value_deg": r.decidingValueDeg ?? NSNull()])
    }

    static func end() -> String { line(["type": "end"]) }

    /// One compact line, keys sorted (the same input gives the same bytes to the plugin).
    private static func line(_ object: [String: Any]) -> String {
        // Only plain dictionaries, numbers, strings and NSNull go in: serialisation cannot fail,
        // and a non-finite number is sent as null rather than breaking the stream.
        let data = (try? JSONSerialization.data(withJSONObject: finite(object), options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    private static func finite(_ value: Any) -> Any {
        switch value {
        case let d as Double: d.isFinite ? d : NSNull()
        case let dict as [String: Any]: dict.mapValues(finite)
        case let array as [Any]: array.map(finite)
        default: value
        }
    }
}
