/// Where one frame's BlazePose time went, wall-clock milliseconds measured in the shim
/// (`hc_pose_result`): for profiling only, never part of a result.
public struct BlazePoseTiming: Sendable, Hashable {
    /// The detector pass (letterbox, network, decoding, NMS); 0 when it did not run.
    public var detectorMs = 0.0
    /// The landmark passes (crop, network, heatmap refinement).
    public var landmarkMs = 0.0
    /// Turning the segmentation into the full-frame mask; 0 without a mask.
    public var maskMs = 0.0
    /// True when the landmark pass ran the network with the segmentation head.
    public var maskNetwork = false

    public init(detectorMs: Double = 0, landmarkMs: Double = 0, maskMs: Double = 0, maskNetwork: Bool = false) {
        self.detectorMs = detectorMs
        self.landmarkMs = landmarkMs
        self.maskMs = maskMs
        self.maskNetwork = maskNetwork
    }
}
