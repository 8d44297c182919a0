import Foundation
import PoseCore

/// OpenPose's keypoint layouts and how they map to BlazePose's 33 points.
public enum OpenPoseModel: String, Sendable, CaseIterable {
    /// 25 points: COCO's 18 plus mid-hip and six foot points (OpenPose's default).
    case body25 = "body25"
    /// 18 points (OpenPose's COCO model).
    case coco18 = "coco18"

    /// Point names in OpenPose's order.
    public var names: [String] {
        switch self {
        case .body25:
            ["Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "MidHip", "RHip", "RKnee",
             "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar", "LBigToe", "LSmallToe", "LHeel",
             "RBigToe", "RSmallToe", "RHeel"]
        case .coco18:
            ["Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist", "RHip", "RKnee", "RAnkle",
             "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar"]
        }
    }

    public var count: Int { names.count }

    /// What each OpenPose point is made of, in BlazePose terms.
    public enum Source: Sendable, Hashable {
        /// One BlazePose landmark.
        case landmark(BodyLandmark)
        /// The midpoint of two (Neck = shoulders, MidHip = hips), confidence the lower of the two.
        case midpoint(BodyLandmark, BodyLandmark)
        /// No BlazePose equivalent (small toes): written as zeros.
        case none
    }

    /// The source of each point, in OpenPose's order. Big toe = MediaPipe's foot index.
    public var sources: [Source] {
        names.map { name in
            switch name {
            case "Neck": .midpoint(.leftShoulder, .rightShoulder)
            case "MidHip": .midpoint(.leftHip, .rightHip)
            case "LSmallToe", "RSmallToe": .none
            default: BodyPointNames.body(name).map(Source.landmark) ?? .none
            }
        }
    }

    /// The model with this many keypoints per person.
    public init?(keypointCount: Int) {
        switch keypointCount {
        case 25: self = .body25
        case 18: self = .coco18
        default: return nil
        }
    }
}

/// OpenPose's per-frame JSON: `{"version":1.3,"people":[{"person_id":[-1],"pose_keypoints_2d":[x,y,c,...],...}]}`,
/// image pixels, zeros for a missing point. One file per frame, named
/// `<stem>_<frame, 12 digits>_keypoints.json`.
public enum OpenPoseJSON {
    /// Decimals written for x and y (pixels) and for confidences.
    public static let decimals = (xy: 3, c: 4)

    /// File name of a frame.
    public static func fileName(stem: String, index: Int) -> String {
        let digits = String(index)
        return "\(stem)_\(String(repeating: "0", count: max(0, 12 - digits.count)))\(digits)_keypoints.json"
    }

    /// The keypoint triples of a frame (empty when the frame has no body landmarks). A landmark
    /// with visibility and presence both 0 (missing) is written as zeros.
    public static func keypoints(_ frame: PoseFrame, model: OpenPoseModel = .body25) -> [Double] {
        guard frame.landmarks.count == BodyLandmark.allCases.count else { return [] }
        func point(_ b: BodyLandmark) -> (Double, Double, Double)? {
            let l = frame.landmarks[b.rawValue]
            guard l.visibility > 0 || l.presence > 0, l.x.isFinite, l.y.isFinite else { return nil }
            return (l.x, l.y, min(1, max(0, l.visibility)))
        }
        var out: [Double] = []
        out.reserveCapacity(model.count * 3)
        for source in model.sources {
            var p: (Double, Double, Double)?
            switch source {
            case .landmark(let b): p = point(b)
            case .midpoint(let a, let b):
                if let pa = point(a), let pb = point(b) { p = ((pa.0 + pb.0) / 2, (pa.1 + pb.1) / 2, min(pa.2, pb.2)) }
            case .none: p = nil
            }
            // A present point with confidence 0 would read back as missing: keep it just above.
            if let q = p { out += [q.0, q.1, max(q.2, 0.0001)] } else { out += [0, 0, 0] }
        }
        return out
    }

    /// The JSON text of one frame.
    public static func text(_ frame: PoseFrame, model: OpenPoseModel = .body25) -> String {
        let kp = keypoints(frame, model: model)
        guard !kp.isEmpty else { return "{\"version\":1.3,\"people\":[]}\n" }
        let values = kp.enumerated().map { i, v in
            i % 3 == 2 ? Fixed.text(v, decimals.c, missing: "0") : Fixed.text(v, decimals.xy, missing: "0")
        }.joined(separator: ",")
        let empty = ["face_keypoints_2d", "hand_left_keypoints_2d", "hand_right_keypoints_2d", "pose_keypoints_3d",
                     "face_keypoints_3d", "hand_left_keypoints_3d", "hand_right_keypoints_3d"].map { "\"\($0)\":[]" }.joined(separator: ",")
        return "{\"version\":1.3,\"people\":[{\"person_id\":[-1],\"pose_keypoints_2d\":[\(values)],\(empty)}]}\n"
    }

    /// One parsed frame file: the keypoints of the most confident person (nil when nobody).
    public struct Person: Sendable, Hashable {
        public var model: OpenPoseModel
        /// x, y, c triples.
        public var keypoints: [Double]
    }

    /// Parses one frame file. People are ranked by the sum of their confidences (OpenPose does
    /// not track identities across frames); the first of the best is returned.
    /// - Throws: `.badInput` naming the file when it is not OpenPose JSON.
    public static func parse(_ data: Data, path: String, model forced: OpenPoseModel? = nil) throws -> Person? {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            throw HingeCheckError(.badInput, "not valid JSON", path: path, hint: "expected OpenPose output: {\"people\":[{\"pose_keypoints_2d\":[x,y,c,...]}]}")
        }
        guard let root = object as? [String: Any], let people = root["people"] as? [Any] else {
            throw HingeCheckError(.badInput, "no \"people\" array: not an OpenPose keypoint file", path: path,
                                  hint: "expected OpenPose output: {\"people\":[{\"pose_keypoints_2d\":[x,y,c,...]}]}")
        }
        var best: Person?
        var bestScore = -1.0
        for (n, entry) in people.enumerated() {
            guard let person = entry as? [String: Any], let raw = person["pose_keypoints_2d"] as? [Any] else {
                throw HingeCheckError(.badInput, "people[\(n)] has no pose_keypoints_2d array", path: path)
            }
            if raw.isEmpty { continue }
            var values: [Double] = []
            values.reserveCapacity(raw.count)
            for (k, v) in raw.enumerated() {
                guard let number = JSONValue.number(v) else {
                    throw HingeCheckError(.badInput, "people[\(n)].pose_keypoints_2d[\(k)] is not a finite number", path: path)
                }
                values.append(number)
            }
            guard values.count % 3 == 0 else {
                throw HingeCheckError(.badInput, "people[\(n)].pose_keypoints_2d has \(values.count) numbers, not x,y,c triples", path: path)
            }
            guard let model = OpenPoseModel(keypointCount: values.count / 3) else {
                throw HingeCheckError(.badInput, "people[\(n)] has \(values.count / 3) keypoints: neither BODY_25 (25) nor COCO (18)", path: path,
                                      hint: "export with OpenPose's BODY_25 or COCO model")
            }
            if let forced, forced != model {
                throw HingeCheckError(.badInput, "people[\(n)] has \(model.count) keypoints, but the model was set to \(forced.rawValue)", path: path)
            }
            let score = stride(from: 2, to: values.count, by: 3).reduce(0.0) { $0 + values[$1] }
            if score > bestScore {
                bestScore = score
                best = Person(model: model, keypoints: values)
            }
        }
        return best
    }

    /// BlazePose landmarks from one person's keypoints: mapped points get (x, y), visibility =
    /// confidence and presence 1; the rest are missing (see `LandmarkAssembler`).
    public static func landmarks(_ person: Person, mirrorMissingSides: Bool = true) -> [Landmark] {
        landmarks(person, assembler: LandmarkAssembler(mirrorMissingSides: mirrorMissingSides))
    }

    static func landmarks(_ person: Person, assembler: LandmarkAssembler) -> [Landmark] {
        var points: [BodyLandmark: Landmark] = [:]
        for (i, source) in person.model.sources.enumerated() {
            guard case .landmark(let b) = source else { continue }
            let x = person.keypoints[3 * i], y = person.keypoints[3 * i + 1], c = person.keypoints[3 * i + 2]
            if x == 0 && y == 0 && c == 0 { continue }
            if c <= 0 { continue }
            points[b] = Landmark(x: x, y: y, visibility: min(1, c), presence: 1)
        }
        return assembler.landmarks(points)
    }
}
