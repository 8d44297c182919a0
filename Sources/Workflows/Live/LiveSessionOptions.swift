import Analyzers
import Foundation
import PoseCapture
import PoseCore

/// What a live session reads and what it keeps.
public struct LiveSessionOptions: Sendable {
    /// Where frames come from.
    public enum Input: Sendable {
        /// A webcam by index (/dev/videoN) or device path; reconnects when it disappears.
        case camera(index: Int, devicePath: String?)
        /// A video file; `realtime` plays it at its own frame rate as a camera would (dropping
        /// frames processing cannot take in time); otherwise every frame is processed.
        case file(path: String, realtime: Bool)
        /// Any frame source (tests, other front ends).
        case custom(description: String, open: LiveCapture.Opener, reconnect: Bool, realtime: Bool)

        public var description: String {
            switch self {
            case .camera(let index, let path): path ?? "camera \(index)"
            case .file(let path, _): path
            case .custom(let description, _, _, _): description
            }
        }
    }

    public var input: Input
    public var landmarks: LiveLandmarker.Kind
    public var config: AnalysisConfig
    /// A saved profile (neutral, thresholds); skips the calibration when it has a neutral.
    public var profile: AthleteProfile?
    public var models: ModelStore?
    /// `--record DIR`: video, landmark file and, at the end, the report folder.
    public var recordFolder: String?
    /// Seconds of quiet standing asked for at the start (0: none).
    public var calibrationS: Double
    /// Stop after this much source time, seconds (nil: until the source ends or Ctrl-C).
    public var maxDurationS: Double?
    /// A file input plays again from its start when it ends, until the session is stopped.
    public var loop = false
    /// Waits before reconnect attempts, seconds, and how many attempts.
    public var retryDelaysS: [Double]
    public var maxReconnectAttempts: Int
    /// Show a window (the caller checked the display).
    public var window: Bool
    /// JPEG quality of the browser view's frames.
    public var jpegQuality: Int

    public init(input: Input, landmarks: LiveLandmarker.Kind = .blazepose, config: AnalysisConfig = AnalysisConfig(),
                profile: AthleteProfile? = nil, models: ModelStore? = nil, recordFolder: String? = nil,
                calibrationS: Double = 2, maxDurationS: Double? = nil, retryDelaysS: [Double] = [0.5, 1, 2, 4],
                maxReconnectAttempts: Int = 8, window: Bool = false, jpegQuality: Int = 75) {
        self.input = input
        self.landmarks = landmarks
        self.config = config
        self.profile = profile
        self.models = models
        self.recordFolder = recordFolder
        self.calibrationS = calibrationS
        self.maxDurationS = maxDurationS
        self.retryDelaysS = retryDelaysS
        self.maxReconnectAttempts = maxReconnectAttempts
        self.window = window
        self.jpegQuality = jpegQuality
    }
}
