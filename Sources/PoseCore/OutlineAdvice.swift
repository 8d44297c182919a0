/// What to tell a person when the lower back could not be judged for lack of its outline.
///
/// A lower-back verdict needs the back's outline (from the video's segmentation mask) or
/// spine markers. Exchange formats of body keypoints — OpenPose JSON, TRC, MediaPipe CSV — have
/// no place for an outline, so a file in one of them (HingeCheck's own exports included) can
/// never give one: telling the person to extract it "with --mask" would send them to a flag
/// that does not apply to their file.
public enum OutlineAdvice {
    /// Landmark source ids whose file formats cannot carry the back's outline.
    public static let outlineFreeFormats: Set<String> = ["openpose", "trc", "mediapipe-csv"]

    /// The format's name as a person knows it.
    static func formatName(_ source: String) -> String {
        switch source {
        case "openpose": "OpenPose JSON"
        case "trc": "TRC"
        case "mediapipe-csv": "MediaPipe CSV"
        default: source
        }
    }

    /// The warning for an analysis where most frames had body landmarks but no outline.
    /// - Parameter source: the landmark source id of the input (`LandmarkFileHeader.source`).
    public static func noOutlineWarning(source: String) -> String {
        guard outlineFreeFormats.contains(source) else {
            return "Most frames have body landmarks but neither spine markers nor the back's outline (segmentation mask), so the lumbar curve could not be measured. A landmark file made without --mask has no outline: extract it again with `hingecheck landmarks VIDEO --mask -o FILE.jsonl`, or analyze the video itself."
        }
        return "A lower-back verdict needs the back's outline (or spine markers), and \(formatName(source)) files do not carry it: they hold body keypoints only, so every rep is \"can't tell\". Analyze the video itself (`hingecheck analyze VIDEO`), or keep the landmarks as HingeCheck's own JSONL with the outline (`hingecheck landmarks VIDEO --mask -o FILE.jsonl`, then `hingecheck analyze FILE.jsonl`)."
    }
}
