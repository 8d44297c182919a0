import PoseCore

/// The landmark importers this module ships, in the order the CLI tries them (before the
/// network sources, so a folder of OpenPose JSON is not taken for an image folder).
public enum LandmarkImporters {
    public static let all: [any LandmarkSourcePlugin] = [
        SpineKeypointsSource(), MediaPipeCSVSource(), OpenPoseLandmarkSource(), TRCLandmarkSource(),
    ]
}
