import PoseCore

/// Counts of the per-frame issues (`KinematicSample.issues`) over every frame of a session, kept
/// as the frames arrive, and the whole-input warnings they call for. A live set keeps only the
/// recent samples, so the counts, not the samples, are what the warnings are drawn from:
/// a lifter who turned away for the first minute is still told so at the end.
struct FrameQualityTally {
    /// Frames seen.
    private(set) var frames = 0
    /// Frames without a person.
    private(set) var noPerson = 0
    /// Each issue's count among the frames with a person.
    private var counts: [String: Int] = [:]

    /// Complexity: O(issues of the sample).
    mutating func count(_ sample: KinematicSample) {
        frames += 1
        if sample.issues.contains("no_person") { noPerson += 1; return }
        for issue in sample.issues { counts[issue, default: 0] += 1 }
    }

    /// Share of the frames with a person that have `code`, 0...1.
    func share(_ code: String) -> Double {
        Double(counts[code] ?? 0) / Double(max(frames - noPerson, 1))
    }

    /// The whole-input warnings, in plain words. The share thresholds are project conventions:
    /// an issue in a minority of frames costs those frames their verdict, not the whole input.
    func warn(into result: inout AnalysisResult) {
        if frames == 0 || Double(noPerson) / Double(max(frames, 1)) > 0.5 {
            result.warn("no_person", "No person was found in most frames. Check that the whole lifter is in view.")
        }
        if share("not_side_on") > 0.3 {
            result.warn("not_side_on", "The camera is not side-on to the lifter: 2D angles are only valid when the movement stays in the camera's plane. Film from the side, camera level, at hip height.")
        }
        if share("low_confidence") > 0.2 {
            result.warn("low_confidence", "Landmarks were uncertain in many frames (occlusion, lighting, loose clothing); those frames give 'unknown', not a verdict.")
        }
        if share("trunk_too_small") > 0.3 {
            result.warn("trunk_too_small", "The lifter is small in the frame: the lumbar curve cannot be measured reliably. Move the camera closer so the lifter fills most of the frame height.")
        }
        if (counts["scene_cut"] ?? 0) > 0 {
            result.warn("scene_cut", "The video seems edited (cuts or jumps): frames around cuts are ignored.")
        }
        if share("no_outline") > 0.5 {
            result.warn("no_outline", "Most frames have body landmarks but neither spine markers nor the back's outline (segmentation mask), so the lumbar curve could not be measured. A landmark file made without --mask has no outline: extract it again with `hingecheck landmarks VIDEO --mask -o FILE.jsonl`, or analyze the video itself.")
        }
    }
}
