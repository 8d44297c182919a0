import Foundation
import PoseCore

/// Ground truth of a generated clip, written next to the video as `<name>.truth.json`.
/// Load it with `SynthTruth.load(from:)`.
///
/// Conventions (also written in `conventions`): image pixels, origin top-left, y down; angles in
/// degrees, sagittal plane, as if the lifter faced +x (docs/method.md, "Coordinate conventions"); lumbar and thoracic
/// angles as `SpineAngles` defines them; times in seconds from the first frame (frame i at i / fps).
public struct SynthTruth: Codable, Sendable, Hashable {
    /// "hingecheck-synth-truth".
    public var format: String
    public var version: Int
    /// How the clip was made: scenario, seed and every option.
    public var generator: Generator
    public var video: Video
    public var conventions: [String: String]
    /// The scenario's standing lordosis: the neutral that `lumbarFlexionDeg` is measured against.
    public var neutralLumbarAngleDeg: Double
    public var neutralThoracicAngleDeg: Double
    public var rule: PostureLossRule
    /// Marker id → site (present also when markers are off, for reference).
    public var markerLayout: [MarkerAssignment]
    /// Names of `FrameTruth.landmarks` in order (BlazePose's 33).
    public var landmarkNames: [String]
    public var reps: [RepTruth]
    /// Intervals where the shear-resisting posture is lost, by `rule`.
    public var postureLost: [LostInterval]
    public var frames: [FrameTruth]

    public struct Generator: Codable, Sendable, Hashable {
        public var scenario: String
        public var seed: UInt64
        public var clothing: String
        public var view: String
        public var cameraYawDeg: Double
        public var markers: Bool
        public var markerSizeM: Double
        /// Barbell plates drawn.
        public var plates: Bool
        public var noiseStdDev: Double
        public var blurSigma: Double
        public var reps: Int
        public var quietStandingS: Double
        /// A `hingecheck synth` command line that regenerates the clip.
        public var command: String
        /// The lifter's build (`BodyBuild`); absent = average.
        public var build: String? = nil
        /// The camera's height (`CameraHeight`); absent = hip.
        public var cameraHeight: String? = nil
        /// The view's pitch in degrees, positive looking down; absent = 0.
        public var cameraPitchDeg: Double? = nil
        /// Lifter height / image height; absent = 0.8.
        public var personScale: Double? = nil
        /// The population member the options were drawn for (`PopulationMember`); absent = none.
        public var populationMember: UInt64? = nil
    }

    public struct Video: Codable, Sendable, Hashable {
        /// File name of the video (no folder).
        public var file: String
        public var width: Int
        public var height: Int
        public var fps: Double
        public var frameCount: Int
        public var durationS: Double
        public var facing: Facing
        /// Pixels per metre in the sagittal plane (before oblique foreshortening).
        public var pixelsPerMetre: Double
        /// Image y of the floor.
        public var floorY: Double
    }

    public struct MarkerAssignment: Codable, Sendable, Hashable {
        public var id: Int
        public var site: String
        public var dictionary: String
    }

    /// Reads a truth file.
    /// - Throws: `HingeCheckError` (`.notFound`, `.badInput`, `.versionMismatch`) naming the file.
    public static func load(from path: String) throws -> SynthTruth {
        guard FileManager.default.fileExists(atPath: path) else {
            throw HingeCheckError(.notFound, "no such truth file", path: path,
                                  hint: "generate it with `hingecheck synth --scenario NAME -o clip.mp4`")
        }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw HingeCheckError(.io, "cannot read: \(error.localizedDescription)", path: path)
        }
        let truth: SynthTruth
        do { truth = try JSONDecoder().decode(SynthTruth.self, from: data) } catch {
            throw HingeCheckError(.badInput, "not a synth truth file: \(error)", path: path)
        }
        guard truth.format == Self.formatName else {
            throw HingeCheckError(.badInput, "format is \"\(truth.format)\", expected \"\(Self.formatName)\"", path: path)
        }
        guard truth.version == Self.currentVersion else {
            throw HingeCheckError(.versionMismatch, "truth version \(truth.version), this build reads \(Self.currentVersion)", path: path,
                                  hint: "regenerate the clip with this build's `hingecheck synth`")
        }
        return truth
    }

    /// The truth file path for a video path: same folder and base name, `.truth.json`.
    public static func path(forVideo video: String) -> String {
        let url = URL(fileURLWithPath: video)
        return url.deletingPathExtension().path + ".truth.json"
    }

    /// Deterministic JSON bytes (sorted keys, compact, one trailing newline).
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }

    /// The frames as the native `PoseFrame`s (blazepose-33 landmarks, spine points).
    public var poseFrames: [PoseFrame] { frames.map(\.poseFrame) }

    public static let formatName = "hingecheck-synth-truth"
    public static let currentVersion = 1
}

/// The truth of one frame.
public struct FrameTruth: Codable, Sendable, Hashable {
    public var index: Int
    public var time: Double
    public var phase: MotionPhase
    /// 0-based rep, nil while standing before/after the set.
    public var rep: Int?
    public var trunkInclinationDeg: Double
    public var hipFlexionDeg: Double
    public var kneeFlexionDeg: Double
    /// Lumbar angle from the spine points (positive = lordosis).
    public var lumbarAngleDeg: Double
    /// neutralLumbarAngleDeg − lumbarAngleDeg (positive = rounding).
    public var lumbarFlexionDeg: Double
    /// Thoracic angle (positive = kyphosis).
    public var thoracicAngleDeg: Double
    /// Trunk inclination ≥ the rule's threshold.
    public var loaded: Bool
    /// Inside one of the clip's posture-lost intervals.
    public var postureLost: Bool
    /// The 33 BlazePose landmarks in `SynthTruth.landmarkNames` order.
    public var landmarks: [TruthLandmark]
    /// Skin points over C7, T8, T12, L3, S1 (image pixels), cranial to caudal.
    public var spine: [SpinePoint]
    /// Markers drawn in this frame (empty when markers are off).
    public var markers: [MarkerTruth]

    /// This frame as a native `PoseFrame`.
    public var poseFrame: PoseFrame {
        PoseFrame(index: index, time: time,
                  landmarks: landmarks.map { Landmark(x: $0.x, y: $0.y, visibility: $0.visibility, presence: $0.presence) },
                  spine: spine, personScore: 1)
    }

    /// The landmark for a body point.
    public subscript(_ body: BodyLandmark) -> TruthLandmark { landmarks[body.rawValue] }
}

/// A landmark's true image position, encoded compactly as `[x, y, visibility]`.
/// Visibility is 1 when the point is in the frame and not hidden by another body part or the
/// load, 0 otherwise (presence is 1 when inside the frame).
public struct TruthLandmark: Codable, Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var visibility: Double
    public var presence: Double

    public init(x: Double, y: Double, visibility: Double, presence: Double) {
        self.x = x
        self.y = y
        self.visibility = visibility
        self.presence = presence
    }

    public var point: Point2 { Point2(x, y) }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        x = try c.decode(Double.self)
        y = try c.decode(Double.self)
        visibility = try c.decode(Double.self)
        presence = try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(x)
        try c.encode(y)
        try c.encode(visibility)
        try c.encode(presence)
    }
}

/// A marker's truth: id, site, centre and corners (OpenCV order: top-left, top-right,
/// bottom-right, bottom-left of the marker), image pixels.
public struct MarkerTruth: Codable, Sendable, Hashable {
    public var id: Int
    public var site: String
    public var center: Point2
    public var corners: [Point2]
}

/// A rep's boundaries and summary.
public struct RepTruth: Codable, Sendable, Hashable {
    public var index: Int
    /// Leaves upright / reaches the bottom / leaves the bottom / upright again (seconds).
    public var startTimeS: Double
    public var bottomStartTimeS: Double
    public var bottomEndTimeS: Double
    public var endTimeS: Double
    /// First frame at or after each time.
    public var startFrame: Int
    public var bottomFrame: Int
    public var endFrame: Int
    /// 1 for a full rep, about 0.55 for a partial one.
    public var depth: Double
    public var partial: Bool
    /// False when the clip ends before the rep does.
    public var complete: Bool
    public var peakTrunkInclinationDeg: Double
    public var peakLumbarFlexionDeg: Double
    /// Any posture-lost interval overlaps this rep.
    public var postureLost: Bool
    /// Seconds of the rep inside posture-lost intervals.
    public var postureLostS: Double
}

/// A posture-lost interval: frames `startFrame…endFrame` inclusive; `endTimeS` is the end of
/// the last frame (its time + 1/fps), so `durationS` = frame count / fps.
public struct LostInterval: Codable, Sendable, Hashable {
    public var startFrame: Int
    public var endFrame: Int
    public var startTimeS: Double
    public var endTimeS: Double
    public var durationS: Double
    public var peakLumbarFlexionDeg: Double
    public var peakTrunkInclinationDeg: Double
    public var rep: Int?
}

/// The rule that marks the shear-resisting posture as lost in the ground truth (it mirrors the
/// analyser's defaults, without the analyser's exit hysteresis):
///
/// A frame is **flagged** when trunk inclination ≥ `loadedTrunkInclinationMinDeg` (the loaded
/// phase, 30°) AND lumbar flexion from neutral ≥ `lumbarFlexionMinDeg` (15°). A posture-lost
/// interval is a maximal run of consecutive flagged frames whose length (frame count / fps) is
/// ≥ `minDurationS` (0.2 s, i.e. at least 6 frames at 30 fps); shorter runs are ignored.
public struct PostureLossRule: Codable, Sendable, Hashable {
    public var loadedTrunkInclinationMinDeg: Double
    public var lumbarFlexionMinDeg: Double
    public var minDurationS: Double
    /// The rule in words (written into the truth file).
    public var text: String

    public init(loadedTrunkInclinationMinDeg: Double = 30, lumbarFlexionMinDeg: Double = 15, minDurationS: Double = 0.2) {
        self.loadedTrunkInclinationMinDeg = loadedTrunkInclinationMinDeg
        self.lumbarFlexionMinDeg = lumbarFlexionMinDeg
        self.minDurationS = minDurationS
        text = "A frame is flagged when trunkInclinationDeg >= \(loadedTrunkInclinationMinDeg) (loaded phase) AND "
            + "lumbarFlexionDeg >= \(lumbarFlexionMinDeg) (lumbarFlexionDeg = neutralLumbarAngleDeg - lumbarAngleDeg). "
            + "A posture-lost interval is a maximal run of consecutive flagged frames lasting at least "
            + "\(minDurationS) s, where duration = frame count / fps; shorter runs are not intervals. No hysteresis."
    }

    public static let `default` = PostureLossRule()

    /// Whether a frame is in the loaded phase.
    public func isLoaded(trunkInclinationDeg: Double) -> Bool { trunkInclinationDeg >= loadedTrunkInclinationMinDeg }

    /// Whether a frame is flagged (before the duration filter).
    public func isFlagged(trunkInclinationDeg: Double, lumbarFlexionDeg: Double) -> Bool {
        isLoaded(trunkInclinationDeg: trunkInclinationDeg) && lumbarFlexionDeg >= lumbarFlexionMinDeg
    }

    /// The posture-lost intervals of a frame sequence (frames in index order, consecutive).
    /// - Complexity: O(frames).
    public func intervals(of frames: [FrameTruth], fps: Double) -> [LostInterval] {
        var out: [LostInterval] = []
        var i = 0
        while i < frames.count {
            guard isFlagged(trunkInclinationDeg: frames[i].trunkInclinationDeg, lumbarFlexionDeg: frames[i].lumbarFlexionDeg) else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < frames.count,
                  isFlagged(trunkInclinationDeg: frames[j + 1].trunkInclinationDeg, lumbarFlexionDeg: frames[j + 1].lumbarFlexionDeg) {
                j += 1
            }
            let count = j - i + 1
            let duration = Double(count) / fps
            if duration >= minDurationS - 1e-9 {
                let run = frames[i...j]
                out.append(LostInterval(
                    startFrame: frames[i].index, endFrame: frames[j].index, startTimeS: frames[i].time,
                    endTimeS: rounded(Double(frames[j].index + 1) / fps, 6), durationS: rounded(duration, 6),
                    peakLumbarFlexionDeg: run.map(\.lumbarFlexionDeg).max()!,
                    peakTrunkInclinationDeg: run.map(\.trunkInclinationDeg).max()!,
                    rep: run.compactMap(\.rep).first))
            }
            i = j + 1
        }
        return out
    }
}
