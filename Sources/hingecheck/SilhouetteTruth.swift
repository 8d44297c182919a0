import Analyzers
import Foundation
import PoseCore
import SampleSynth

/// The markerless measurement's own truth for a generated clip: the lower-back angle (the verdict's
/// measure) and the lumbar two-tangent angle of the figure's exact silhouette
/// (`SampleSynthesizer.personMask`) at the true landmarks, per frame. The spine-point truth is a
/// different quantity (the skin over the spinous processes, not the outline with the erector
/// muscles and buttocks), so a markerless reading is judged against this. Written by
/// `hingecheck synth --all DIR --silhouette-truth`.
struct SilhouetteTruth: Codable {
    var file: String
    /// Per frame, degrees (positive = flexed, as `ContourAngles`); nil where no contour.
    var lowerBackAngleDeg: [Double?]
    var lumbarTwoTangentDeg: [Double?]

    static func compute(_ synth: SampleSynthesizer, file: String) -> SilhouetteTruth {
        // Both angles of a frame from one smoothing pass (`ContourAngles.angles`).
        let angles = (0..<synth.frameCount).map { i -> ContourAngles.Angles? in
            let (mask, truth) = synth.personMask(i)
            return DorsalContourExtractor.extract(mask: mask, frame: truth.poseFrame).map(ContourAngles.angles)
        }
        func rounded(_ angle: (ContourAngles.Angles) -> Double?) -> [Double?] {
            angles.map { a in a.flatMap(angle).map { ($0 * 1000).rounded() / 1000 } }
        }
        return SilhouetteTruth(file: file, lowerBackAngleDeg: rounded(\.lowerBackDeg),
                               lumbarTwoTangentDeg: rounded(\.lumbarTwoTangentDeg))
    }

    /// NAME.silhouette.json beside where NAME.mp4 would be.
    static func path(forVideo path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().path + ".silhouette.json"
    }
}
