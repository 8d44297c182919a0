import Foundation
import PoseCore

/// OpenSim motion files (`.mot`): the per-frame angles in the layout OpenSim and Sports2D use.
///
///     angles.mot
///     version=1
///     nRows=120
///     nColumns=7
///     inDegrees=yes
///     ...
///     endheader
///     time  trunk_inclination  hip_flexion  knee_flexion  lumbar_angle  lumbar_flexion  thoracic_angle
///
/// Tab separated, one row per frame, angles in degrees (docs/method.md, "Coordinate conventions"),
/// `NaN` where a frame has no value. `nColumns` counts the time column, as OpenSim writes it.
public enum MOTExport {
    /// Column names after `time`.
    public static let columns = ["trunk_inclination", "hip_flexion", "knee_flexion", "lumbar_angle", "lumbar_flexion", "thoracic_angle"]

    /// The file's text. `lumbar_flexion` = neutral − lumbar angle when the analysis has a
    /// spine-point neutral, NaN otherwise.
    public static func text(_ result: AnalysisResult, name: String = "angles") -> String {
        var out = ""
        write(result, name: name, into: &out)
        return out
    }

    /// The file's text row by row into `out` (a file as it is written, or a `String`).
    public static func write<Out: TextOutputStream>(_ result: AnalysisResult, name: String = "angles", into out: inout Out) {
        let neutral = result.reference.neutralLumbarDeg
        var head = "\(name)\nversion=1\nnRows=\(result.samples.count)\nnColumns=\(columns.count + 1)\ninDegrees=yes\n\n"
        head += "Units are S.I. units (second, meters, Newtons, ...)\n"
        head += "Angles are in degrees. trunk_inclination: hip-mid to shoulder-mid from vertical, + leaning forward. "
        head += "lumbar_angle: spine points + lordosis / - kyphosis; markerless lower-back angle + flexed. "
        head += "lumbar_flexion: neutral - lumbar_angle (+ rounding). thoracic_angle: + kyphotic.\n\nendheader\n"
        head += "time\t" + columns.joined(separator: "\t") + "\n"
        out.write(head)
        for s in result.samples {
            let flexion: Double? = s.lumbarMethod == .spinePoints ? neutral.flatMap { n in s.lumbarAngleDeg.map { n - $0 } } : nil
            let values = [s.trunkInclinationDeg, s.hipFlexionDeg, s.kneeFlexionDeg, s.lumbarAngleDeg, flexion, s.thoracicAngleDeg]
            out.write(Fixed.text(s.time, 5) + "\t" + values.map { Fixed.text($0, 3, missing: "NaN") }.joined(separator: "\t") + "\n")
        }
    }
}
