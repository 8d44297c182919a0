import Foundation
import PoseCore
import Reports

/// Small valid inputs of every format HingeCheck imports, from one synthetic lift: what the
/// fuzz tests mutate.
public enum FuzzSeeds {
    public struct Seed: Sendable {
        public var name: String
        /// The file's extension (the JSON of `openpose` goes in a one-file folder).
        public var ext: String
        public var plugin: any LandmarkSourcePlugin
        public var bytes: [UInt8]
    }

    /// Every format's seed, `frameCount` frames each (OpenPose: one frame file).
    /// - Parameter frameCount: 10 is enough for the importers; analysis needs a rep (about 40).
    public static func all(frameCount: Int = 10) throws -> [Seed] {
        let lift = SyntheticLift()
        let frames = Array(lift.frames(lift.set(standingS: 0.2, reps: [20], repS: 1.0, pauseS: 0.1)).prefix(frameCount))
        let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        let trc = TRCExport.pixels(frames, header: header).text(fileName: "x.trc")
        let bodies = BodyLandmark.allCases.prefix(28)
        var wide = "frame,time," + bodies.map { "\($0.name)_x,\($0.name)_y,\($0.name)_z,\($0.name)_visibility" }.joined(separator: ",") + "\n"
        var long = "frame,keypoint,x,y,z,visibility\n"
        var spine = "frame,time,site,x,y,confidence\n"
        var json: [String] = []
        for f in frames {
            wide += "\(f.index),\(f.time)" + bodies.map { b in
                let l = f.landmarks[b.rawValue]
                return ",\(fixed3(l.x)),\(fixed3(l.y)),0,0.9"
            }.joined() + "\n"
            for b in [BodyLandmark.leftShoulder, .rightShoulder, .leftHip, .rightHip, .leftKnee] {
                let l = f.landmarks[b.rawValue]
                long += "\(f.index),\(b.name),\(fixed3(l.x)),\(fixed3(l.y)),0,0.9\n"
            }
            var kp: [String] = []
            for sp in f.spine {
                spine += "\(f.index),\(f.time),\(sp.site.rawValue),\(fixed3(sp.x)),\(fixed3(sp.y)),1\n"
                kp.append("\"\(sp.site.rawValue)\":[\(fixed3(sp.x)),\(fixed3(sp.y)),1]")
            }
            json.append("{\"frame\":\(f.index),\"keypoints\":{\(kp.joined(separator: ","))}}")
        }
        let spineJSON = "{\"format\":\"hingecheck-spine-keypoints\",\"version\":1,\"fps\":30,\"frames\":[\(json.joined(separator: ","))]}"
        let openpose = OpenPoseJSON.text(frames[min(5, frames.count - 1)])
        return [Seed(name: "trc", ext: "trc", plugin: TRCLandmarkSource(), bytes: Array(trc.utf8)),
                Seed(name: "wide", ext: "csv", plugin: MediaPipeCSVSource(), bytes: Array(wide.utf8)),
                Seed(name: "long", ext: "csv", plugin: MediaPipeCSVSource(), bytes: Array(long.utf8)),
                Seed(name: "spine-csv", ext: "csv", plugin: SpineKeypointsSource(), bytes: Array(spine.utf8)),
                Seed(name: "spine-json", ext: "json", plugin: SpineKeypointsSource(), bytes: Array(spineJSON.utf8)),
                Seed(name: "openpose", ext: "json", plugin: OpenPoseLandmarkSource(), bytes: Array(openpose.utf8)),
                Seed(name: "jsonl", ext: "jsonl", plugin: JSONLLandmarkSource(),
                     bytes: try jsonl(frames, header: header)),
                Seed(name: "jsonl-dorsal", ext: "jsonl", plugin: JSONLLandmarkSource(),
                     bytes: try jsonl(markerless(Array(SyntheticLift(withSpine: false).frames(
                         lift.set(standingS: 0.2, reps: [20], repS: 1.0, pauseS: 0.1)).prefix(frameCount))),
                                      header: LandmarkFileHeader(source: "blazepose", skeleton: .blazePose33, width: 640, height: 480,
                                                                 fps: 30, facing: "right")))]
    }

    /// The frames with a dorsal contour from hip to shoulder midpoints, as a markerless source
    /// with a mask gives it: 16 rays bulging 20 ± 4 px, one ray rejected (nil).
    static func markerless(_ frames: [PoseFrame]) -> [PoseFrame] {
        frames.map { f in
            var f = f
            guard let lh = f[.leftHip], let rh = f[.rightHip], let ls = f[.leftShoulder], let rs = f[.rightShoulder] else { return f }
            let depths: [Double?] = (0..<16).map { i in i == 7 ? nil : 20 + 4 * sin(Double(i) / 15 * .pi) }
            f.dorsalContour = DorsalContour(hip: (lh.point + rh.point) / 2, shoulder: (ls.point + rs.point) / 2, depths: depths)
            f.personScore = 0.98
            return f
        }
    }

    /// The native landmark file's bytes, written by the real writer.
    static func jsonl(_ frames: [PoseFrame], header: LandmarkFileHeader) throws -> [UInt8] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-seed-\(UUID().uuidString).jsonl")
        defer { try? FileManager.default.removeItem(at: url) }
        let writer = try LandmarkFileWriter(url: url, header: header)
        for frame in frames { try writer.write(frame) }
        try writer.finish()
        return Array(try Data(contentsOf: url))
    }

    static func fixed3(_ v: Double) -> String { String(format: "%.3f", v) }
}
