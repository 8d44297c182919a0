import Foundation
import PoseCore

/// Builds `blazepose-33` landmark arrays from the points an importer found.
///
/// Points a format does not carry, or marks missing, get `visibility` and `presence` 0 at (0, 0).
/// When one side of a left/right pair is missing and the other present (the far side of a
/// side-on lifter is often occluded in OpenPose and CSV exports), the missing point takes the
/// present one's position with visibility 0 (`mirrorMissingSides`): the trunk midpoints then
/// follow the visible side instead of being pulled toward (0, 0), and the point still counts
/// as unseen.
struct LandmarkAssembler {
    var mirrorMissingSides = true

    static let pairs: [(BodyLandmark, BodyLandmark)] = [
        (.leftEye, .rightEye), (.leftEyeInner, .rightEyeInner), (.leftEyeOuter, .rightEyeOuter),
        (.leftEar, .rightEar), (.mouthLeft, .mouthRight), (.leftShoulder, .rightShoulder),
        (.leftElbow, .rightElbow), (.leftWrist, .rightWrist), (.leftPinky, .rightPinky),
        (.leftIndex, .rightIndex), (.leftThumb, .rightThumb), (.leftHip, .rightHip),
        (.leftKnee, .rightKnee), (.leftAnkle, .rightAnkle), (.leftHeel, .rightHeel),
        (.leftFootIndex, .rightFootIndex),
    ]

    /// - Returns: 33 landmarks, or `[]` when no point is present (no person in the frame).
    func landmarks(_ points: [BodyLandmark: Landmark]) -> [Landmark] {
        guard !points.isEmpty else { return [] }
        let missing = Landmark(x: 0, y: 0, z: 0, visibility: 0, presence: 0)
        var out = Array(repeating: missing, count: BodyLandmark.allCases.count)
        for (body, landmark) in points { out[body.rawValue] = landmark }
        if mirrorMissingSides {
            for (l, r) in Self.pairs {
                switch (points[l], points[r]) {
                case (let a?, nil): out[r.rawValue] = Landmark(x: a.x, y: a.y, z: a.z, visibility: 0, presence: 0)
                case (nil, let b?): out[l.rawValue] = Landmark(x: b.x, y: b.y, z: b.z, visibility: 0, presence: 0)
                default: break
                }
            }
        }
        return out
    }
}

/// Names other tools give body points, mapped to BlazePose's 33 (MediaPipe snake_case names
/// are always accepted; these aliases cover OpenPose / Pose2Sim / Sports2D marker names).
enum BodyPointNames {
    static let aliases: [String: BodyLandmark] = [
        "nose": .nose, "leye": .leftEye, "reye": .rightEye, "lear": .leftEar, "rear": .rightEar,
        "lshoulder": .leftShoulder, "rshoulder": .rightShoulder, "lelbow": .leftElbow, "relbow": .rightElbow,
        "lwrist": .leftWrist, "rwrist": .rightWrist, "lhip": .leftHip, "rhip": .rightHip,
        "lknee": .leftKnee, "rknee": .rightKnee, "lankle": .leftAnkle, "rankle": .rightAnkle,
        "lheel": .leftHeel, "rheel": .rightHeel, "lbigtoe": .leftFootIndex, "rbigtoe": .rightFootIndex,
        "lpinky": .leftPinky, "rpinky": .rightPinky, "lindex": .leftIndex, "rindex": .rightIndex,
        "lthumb": .leftThumb, "rthumb": .rightThumb, "leyeinner": .leftEyeInner, "reyeinner": .rightEyeInner,
        "leyeouter": .leftEyeOuter, "reyeouter": .rightEyeOuter, "lmouth": .mouthLeft, "rmouth": .mouthRight,
    ]

    /// The body point a marker or keypoint name stands for.
    static func body(_ name: String) -> BodyLandmark? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let b = BodyLandmark(name: trimmed.lowercased()) { return b }
        return aliases[trimmed.lowercased().replacingOccurrences(of: "_", with: "")]
    }

    /// The spine site a name stands for: "C7", "T3", "T8", "T12", "L1", "L3", "L5", "S1", and
    /// "T12/L1" (SpinePose's thoracolumbar junction, read as T12), any case.
    static func spine(_ name: String) -> SpineSite? {
        let t = name.trimmingCharacters(in: .whitespaces).uppercased()
        if t == "T12/L1" || t == "T12-L1" || t == "TL" { return .t12 }
        return SpineSite(rawValue: t)
    }
}

/// Time stamps for imported frames: from the file when it has them, else index / fps.
enum ImportTiming {
    /// Frames per second from time stamps (median step), or nil with fewer than two.
    static func fps(fromTimes times: [Double]) -> Double? {
        guard times.count >= 2 else { return nil }
        var steps = zip(times.dropFirst(), times).map { $0 - $1 }.filter { $0 > 0 }
        guard !steps.isEmpty else { return nil }
        steps.sort()
        let step = steps[steps.count / 2]
        return step > 0 ? (1 / step * 1000).rounded() / 1000 : nil
    }

    /// The `fps` parameter, checked.
    static func fps(_ settings: PluginSettings) throws -> Double {
        let fps = try settings.number("fps")
        guard fps > 0, fps <= 10_000 else {
            throw HingeCheckError(.invalidArgument, "\(settings.descriptor.id).fps = \(fps) must be above 0 and at most 10000")
        }
        return fps
    }

    static func size(_ settings: PluginSettings, _ name: String) throws -> Int {
        let v = try settings.number(name)
        guard v >= 0, v <= 100_000 else {
            throw HingeCheckError(.invalidArgument, "\(settings.descriptor.id).\(name) = \(v) must be in 0...100000")
        }
        return Int(clampingRounded: v, .towardZero)
    }

    /// Checks that time never goes backwards.
    static func checkOrder(_ frames: [PoseFrame], path: String, where position: (Int) -> String) throws {
        for i in frames.indices.dropFirst() where frames[i].time < frames[i - 1].time {
            throw HingeCheckError(.badInput, "\(position(i)): time goes backwards (\(frames[i].time) s after \(frames[i - 1].time) s)", path: path)
        }
    }
}

/// The common parameters of the importers.
enum ImportParameters {
    static let fps = PluginParameter("fps", default: "30", unit: "Hz",
                                     summary: "Frame rate when the file has no time stamps.", source: "the most common camera rate")
    static let width = PluginParameter("width", default: "0", unit: "px",
                                       summary: "Image width the coordinates refer to (0 = unknown; normalised coordinates need it).",
                                       source: "convention: 0 = not given")
    static let height = PluginParameter("height", default: "0", unit: "px",
                                        summary: "Image height the coordinates refer to (0 = unknown; normalised coordinates need it).",
                                        source: "convention: 0 = not given")
    static let mirror = PluginParameter("mirror-missing-sides", default: "1", unit: "bool",
                                        summary: "1: a missing left/right point takes its visible partner's position with visibility 0.",
                                        source: "side-on video: the far side is occluded and lies close to the near side in 2D")
}

/// A stream over frames an importer read in full.
func importedStream(_ header: LandmarkFileHeader, _ frames: [PoseFrame]) -> any LandmarkStream {
    ReplayStream(file: LandmarkFile(header: header, frames: frames))
}
