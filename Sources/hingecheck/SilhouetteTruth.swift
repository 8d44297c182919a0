import Analyzers
import Foundation
import PoseCore
import SampleSynth

/// The markerless measurement's own truth for a generated clip: the lumbar two-tangent angle of
/// the figure's exact silhouette (`SampleSynthesizer.personMask`) at the true landmarks, per
/// frame. The spine-point truth is a different quantity (the skin over the spinous processes,
/// not the outline with the erector muscles and buttocks), so a markerless reading is judged
/// against this. Written by `hingecheck synth --all DIR --silhouette-truth`.
struct SilhouetteTruth: Codable {
    var file: String
    /// Per frame, degrees (positive = flexed, as `ContourAngles`); nil where no contour.
    var lumbarTwoTangentDeg: [Double?]

    static func compute(_ synth: SampleSynthesizer, file: String) -> SilhouetteTruth {
        let angles = (0..<synth.frameCount).map { i -> Double? in
            let (mask, truth) = synth.personMask(i)
            guard let contour = DorsalContourExtractor.extract(mask: mask, frame: truth.poseFrame) else { return nil }
            return ContourAngles.lumbarTwoTangentDeg(contour).map { ($0 * 1000).rounded() / 1000 }
        }
        return SilhouetteTruth(file: file, lumbarTwoTangentDeg: angles)
    }

    /// NAME.silhouette.json beside where NAME.mp4 would be.
    static func path(forVideo path: String) -> String {
        URL(fileURLWithPath: path).deletingPathExtension().path + ".silhouette.json"
    }
}
