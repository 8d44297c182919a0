import Foundation
import PoseCore

/// The square region of interest the landmark model looked at, in image pixels.
///
/// `rotationRad` follows MediaPipe: the crop's x axis points along (cos r, sin r) in image
/// coordinates (y down), so a positive angle turns clockwise on screen; 0 means the person's
/// hip→shoulder direction points straight up in the crop.
public struct BlazePoseROI: Sendable, Hashable, Codable {
    public var center: Point2
    /// Side of the square, pixels.
    public var size: Double
    public var rotationRad: Double

    public init(center: Point2, size: Double, rotationRad: Double) {
        self.center = center
        self.size = size
        self.rotationRad = rotationRad
    }

    /// The four corners in image pixels (top-left, top-right, bottom-right, bottom-left of the crop).
    public var corners: [Point2] {
        let c = cos(rotationRad), s = sin(rotationRad), h = size / 2
        return [(-h, -h), (h, -h), (h, h), (-h, h)].map { dx, dy in
            Point2(center.x + c * dx - s * dy, center.y + s * dx + c * dy)
        }
    }
}

/// What the BlazePose pipeline found in one frame.
public struct BlazePoseResult: Sendable, Hashable {
    /// True when a pose passed the presence threshold.
    public var found: Bool
    /// True when the detector ran and started (or restarted) the track in this frame; false when
    /// the ROI was tracked from the previous frame.
    public var detected: Bool
    /// People the detector found when it ran in this frame (0 when it did not run).
    public var detections: Int
    /// Detector score (0...1) of the detection that started the current track.
    public var detectionScore: Double
    /// The landmark model's pose presence (0...1) for the ROI it used, also when below threshold.
    public var presence: Double
    /// The ROI the landmarks come from (meaningful when `found`).
    public var roi: BlazePoseROI?
    /// 33 body landmarks in image pixels (MediaPipe order), empty when not found.
    public var landmarks: [Landmark]
    /// 33 world landmarks in metres (hip-centred), empty when not found.
    public var world: [WorldLandmark]
    /// Person probability over the frame, when the mask was asked for and a pose was found.
    public var mask: SegmentationMask?

    public init(found: Bool = false, detected: Bool = false, detections: Int = 0, detectionScore: Double = 0,
                presence: Double = 0, roi: BlazePoseROI? = nil, landmarks: [Landmark] = [],
                world: [WorldLandmark] = [], mask: SegmentationMask? = nil) {
        self.found = found
        self.detected = detected
        self.detections = detections
        self.detectionScore = detectionScore
        self.presence = presence
        self.roi = roi
        self.landmarks = landmarks
        self.world = world
        self.mask = mask
    }

    /// The frame as it flows through the pipeline: landmarks, world landmarks and the pose
    /// presence as `personScore`; an empty frame (no landmarks) when nothing was found.
    public func poseFrame(index: Int, time: Double, dorsalContour: DorsalContour? = nil) -> PoseFrame {
        guard found else { return PoseFrame(index: index, time: time, personScore: presence) }
        return PoseFrame(index: index, time: time, landmarks: landmarks, world: world,
                         dorsalContour: dorsalContour, personScore: presence)
    }
}
