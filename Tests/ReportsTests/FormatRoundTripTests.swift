import Analyzers
import Foundation
import PoseCore
import Reports
import Testing
import TestSupport

@Suite struct FormatRoundTripTests {
    static func settings(_ plugin: any LandmarkSourcePlugin, _ overrides: [String: String] = [:]) throws -> PluginSettings {
        try PluginSettings(descriptor: plugin.descriptor, overrides: overrides)
    }

    /// Frames with body landmarks, spine points and uneven values (not on the written grid).
    static func frames(facing: Facing = .right) -> [PoseFrame] {
        let lift = SyntheticLift(facing: facing)
        var frames = lift.frames(lift.set(standingS: 0.5, reps: [5, 20], repS: 1.5))
        for i in frames.indices {
            for k in frames[i].landmarks.indices {
                frames[i].landmarks[k].x += Double(k) * 0.123456789
                frames[i].landmarks[k].z = Double(k - 16) * 1.7182818
                frames[i].landmarks[k].visibility = 0.5 + Double((i + k) % 50) / 100.123
            }
        }
        frames[3].landmarks = []          // a frame without a person
        frames[4].spine.removeLast()      // a missing spine site
        return frames
    }

    static let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: 30)

    @Test func trcPixelsRoundTrip() throws {
        let frames = Self.frames()
        let text = TRCExport.pixels(frames, header: Self.header).text(fileName: "landmarks.trc")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "PathFileType\t4\t(X/Y/Z)\tlandmarks.trc")
        #expect(lines[1] == "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames")
        #expect(lines[2] == "30.00\t30.00\t\(frames.count)\t38\tpx\t30.00\t1\t\(frames.count)")
        #expect(lines[3].hasPrefix("Frame#\tTime\tnose\t\t\tleft_eye_inner\t\t\t"))
        #expect(lines[4].hasPrefix("\t\tX1\tY1\tZ1\tX2"))
        #expect(lines[5].split(separator: "\t", omittingEmptySubsequences: false).count == 2 + 38 * 3)

        let file = try TRCFile.parse(text, path: "landmarks.trc")
        let (header, back) = try TRCLandmarkSource.frames(file, path: "landmarks.trc", fileName: "landmarks.trc",
                                                          settings: Self.settings(TRCLandmarkSource()))
        #expect(header.fps == 30)
        #expect(back.count == frames.count)
        for (a, b) in zip(frames, back) {
            #expect(a.index == b.index)
            #expect(abs(a.time - b.time) <= 5e-6)
            #expect(a.landmarks.isEmpty == b.landmarks.isEmpty)
            for (la, lb) in zip(a.landmarks, b.landmarks) {
                #expect(abs(la.x - lb.x) <= 0.0005 + 1e-9 && abs(la.y - lb.y) <= 0.0005 + 1e-9 && abs(la.z - lb.z) <= 0.0005 + 1e-9)
            }
            #expect(a.spine.map(\.site) == b.spine.map(\.site))
            for (sa, sb) in zip(a.spine, b.spine) { #expect(abs(sa.x - sb.x) <= 0.0005 + 1e-9 && abs(sa.y - sb.y) <= 0.0005 + 1e-9) }
        }
    }

    /// The metric file keeps the angles: re-imported at the scale it was written with, the
    /// analysis sees the same trunk inclination and lumbar angle, for either facing (a left-
    /// facing lifter is turned 180° so X is forward).
    @Test(arguments: [Facing.right, .left]) func trcMetresKeepTheAngles(facing: Facing) throws {
        let lift = SyntheticLift(facing: facing)
        let frames = lift.frames(lift.set(reps: [4, 25]))
        let input = try ReportFixtures.analysed(frames, source: "markers")
        let result = input.document.result
        let scale = try #require(TRCExport.metricScale(result, lifterHeightM: 1.75))
        // SyntheticLift's trunk is 150 px: 150 / (0.288 × 1.75).
        #expect(abs(scale - 150 / (0.288 * 1.75)) < 0.01)
        let trc = TRCExport.metric(frames, header: input.header, facing: facing, pxPerMetre: scale)
        let text = trc.text(fileName: "landmarks_m.trc")
        #expect(text.contains("\tm\t"))
        let parsed = try TRCFile.parse(text, path: "landmarks_m.trc")
        // Y is up: the head is above the hips.
        let nose = parsed.markers.firstIndex(of: "nose")!, hip = parsed.markers.firstIndex(of: "left_hip")!
        #expect(parsed.rows[0].values[3 * nose + 1]! > parsed.rows[0].values[3 * hip + 1]!)
        // X forward: the toes are ahead of the heels.
        let toe = parsed.markers.firstIndex(of: "left_foot_index")!, heel = parsed.markers.firstIndex(of: "left_heel")!
        #expect(parsed.rows[0].values[3 * toe]! > parsed.rows[0].values[3 * heel]!)
        let (header, back) = try TRCLandmarkSource.frames(parsed, path: "m.trc", fileName: "m.trc",
                                                          settings: Self.settings(TRCLandmarkSource(), ["px-per-m": Fixed6.text(scale)]))
        let again = try ReportFixtures.analysed(back, source: header.source).document.result
        for (a, b) in zip(result.samples, again.samples) {
            #expect(abs((a.trunkInclinationDeg ?? .nan) - (b.trunkInclinationDeg ?? .nan)) < 0.01)
            #expect(abs((a.lumbarAngleDeg ?? .nan) - (b.lumbarAngleDeg ?? .nan)) < 0.05)
        }
        #expect(again.reps.map(\.postureLost) == result.reps.map(\.postureLost))
    }

    /// A 2D capture's metric file has Z = 0 for every marker present (the model's relative
    /// depth would pull OpenSim's inverse kinematics out of the sagittal plane); X and Y keep the
    /// image's geometry, and the pixel file keeps the model's z.
    @Test(arguments: [Facing.right, .left]) func trcMetresWriteZeroDepth(facing: Facing) throws {
        let frames = Self.frames(facing: facing)
        let metric = TRCExport.metric(frames, header: Self.header, facing: facing, pxPerMetre: 300)
        let parsed = try TRCFile.parse(metric.text(fileName: "landmarks_m.trc"), path: "landmarks_m.trc")
        let zs = parsed.rows.flatMap { row in stride(from: 2, to: row.values.count, by: 3).compactMap { row.values[$0] } }
        #expect(zs.count > 1000)
        #expect(zs.allSatisfy { $0 == 0 })
        // X and Y are still measured: the shoulder is 0.1 m or more above the hip in every frame.
        let shoulder = try #require(parsed.markers.firstIndex(of: "left_shoulder"))
        let hip = try #require(parsed.markers.firstIndex(of: "left_hip"))
        for row in parsed.rows where row.values[3 * hip] != nil {
            #expect(row.values[3 * shoulder + 1]! - row.values[3 * hip + 1]! > 0.1)
        }
        let pixels = TRCExport.pixels(frames, header: Self.header)
        let nose = try #require(pixels.markers.firstIndex(of: "nose"))
        #expect(abs(pixels.rows[0].values[3 * nose + 2]! - frames[0].landmarks[0].z) < 1e-9)
        #expect(frames[0].landmarks[0].z != 0)
    }

    @Test(arguments: [OpenPoseModel.body25, .coco18]) func openPoseRoundTrip(model: OpenPoseModel) throws {
        let frames = Self.frames()
        let folder = ReportFixtures.tempFolder("openpose")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for f in frames {
            try OpenPoseJSON.text(f, model: model).write(to: folder.appendingPathComponent(OpenPoseJSON.fileName(stem: "clip", index: f.index)),
                                                         atomically: true, encoding: .utf8)
        }
        let first = try String(contentsOf: folder.appendingPathComponent("clip_000000000000_keypoints.json"), encoding: .utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
        let people = try #require(object["people"] as? [[String: Any]])
        #expect((people[0]["pose_keypoints_2d"] as? [Any])?.count == model.count * 3)
        #expect((object["version"] as? Double) == 1.3)

        let source = OpenPoseLandmarkSource()
        #expect(source.canOpen(.folder(folder)))
        let stream = try source.open(.folder(folder), settings: Self.settings(source, ["mirror-missing-sides": "0"]))
        var back: [PoseFrame] = []
        while let f = try stream.next() { back.append(f) }
        #expect(back.count == frames.count)
        let mapped = Set(model.sources.compactMap { if case .landmark(let b) = $0 { b } else { nil } })
        #expect(mapped.count == (model == .body25 ? 21 : 17))
        for (a, b) in zip(frames, back) {
            #expect(a.index == b.index)
            #expect(a.landmarks.isEmpty == b.landmarks.isEmpty)
            guard !a.landmarks.isEmpty else { continue }
            for body in BodyLandmark.allCases {
                let la = a.landmarks[body.rawValue], lb = b.landmarks[body.rawValue]
                if mapped.contains(body) {
                    #expect(abs(la.x - lb.x) <= 0.0005 + 1e-9 && abs(la.y - lb.y) <= 0.0005 + 1e-9, "\(body)")
                    #expect(abs(la.visibility - lb.visibility) <= 0.00005 + 1e-9, "\(body)")
                } else {
                    #expect(lb.visibility == 0 && lb.presence == 0, "\(body) should be missing")
                }
            }
        }
        // Neck and MidHip are the shoulder and hip midpoints.
        let kp = OpenPoseJSON.keypoints(frames[0], model: model)
        let ls = frames[0].landmarks[BodyLandmark.leftShoulder.rawValue], rs = frames[0].landmarks[BodyLandmark.rightShoulder.rawValue]
        #expect(abs(kp[3] - (ls.x + rs.x) / 2) < 1e-9)
    }

    @Test func openPoseMissingPointsAndPeople() throws {
        // Zeros are missing; the far side mirrors the near side with visibility 0; the most
        // confident person wins.
        var weak = [Double](repeating: 0, count: 75), strong = [Double](repeating: 0, count: 75)
        func set(_ a: inout [Double], _ i: Int, _ x: Double, _ y: Double, _ c: Double) { a[3 * i] = x; a[3 * i + 1] = y; a[3 * i + 2] = c }
        set(&strong, 2, 300, 200, 0.9)   // RShoulder
        set(&strong, 9, 310, 350, 0.8)   // RHip
        set(&weak, 2, 10, 10, 0.1)
        let json = "{\"people\":[{\"pose_keypoints_2d\":\(weak)},{\"pose_keypoints_2d\":\(strong)}]}"
        let person = try #require(try OpenPoseJSON.parse(Data(json.utf8), path: "f.json"))
        #expect(person.keypoints[6] == 300)
        let folder = ReportFixtures.tempFolder("op")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try json.write(to: folder.appendingPathComponent("x_000000000007_keypoints.json"), atomically: true, encoding: .utf8)
        let source = OpenPoseLandmarkSource()
        let stream = try source.open(.folder(folder), settings: Self.settings(source))
        let frame = try #require(try stream.next())
        #expect(frame.index == 7 && abs(frame.time - 7.0 / 30) < 1e-12)
        let points = frame.landmarks
        #expect(points[BodyLandmark.rightShoulder.rawValue].x == 300)
        #expect(points[BodyLandmark.leftShoulder.rawValue].x == 300 && points[BodyLandmark.leftShoulder.rawValue].visibility == 0)
        #expect(points[BodyLandmark.nose.rawValue].visibility == 0 && points[BodyLandmark.nose.rawValue].presence == 0)
        // Wrong count and non-numbers are errors naming the file.
        #expect(throws: HingeCheckError.self) { try OpenPoseJSON.parse(Data("{\"people\":[{\"pose_keypoints_2d\":[1,2,3]}]}".utf8), path: "x.json") }
        #expect(throws: HingeCheckError.self) { try OpenPoseJSON.parse(Data("{\"people\":[{\"pose_keypoints_2d\":[1,2]}]}".utf8), path: "x.json") }
        #expect(throws: HingeCheckError.self) { try OpenPoseJSON.parse(Data("{\"nobody\":[]}".utf8), path: "x.json") }
        #expect(try OpenPoseJSON.parse(Data("{\"version\":1.3,\"people\":[]}".utf8), path: "x.json") == nil)
    }

    @Test func motLayout() throws {
        let input = try ReportFixtures.spineSet()
        let text = MOTExport.text(input.document.result)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let end = try #require(lines.firstIndex(of: "endheader"))
        #expect(lines.contains("nRows=\(input.document.result.samples.count)"))
        #expect(lines.contains("nColumns=7"))
        #expect(lines.contains("inDegrees=yes"))
        #expect(lines[end + 1] == "time\ttrunk_inclination\thip_flexion\tknee_flexion\tlumbar_angle\tlumbar_flexion\tthoracic_angle")
        let rows = lines[(end + 2)...].filter { !$0.isEmpty }
        #expect(rows.count == input.document.result.samples.count)
        for row in rows {
            let cells = row.split(separator: "\t")
            #expect(cells.count == 7)
            #expect(cells.allSatisfy { $0 == "NaN" || Double($0) != nil })
        }
        // lumbar_flexion = neutral - lumbar_angle.
        let neutral = try #require(input.document.result.reference.neutralLumbarDeg)
        let cells = rows[100].split(separator: "\t").map { Double($0)! }
        #expect(abs(cells[5] - (neutral - cells[4])) < 0.002)
    }

    @Test func mediaPipeWideAndLong() throws {
        let frames = Array(Self.frames().prefix(40))
        var wide = "frame,time," + BodyLandmark.allCases.map { "\($0.name)_x,\($0.name)_y,\($0.name)_z,\($0.name)_visibility" }.joined(separator: ",") + "\n"
        var long = "frame,keypoint,x,y,z,visibility\n"
        for f in frames {
            wide += "\(f.index),\(f.time)"
            for b in BodyLandmark.allCases {
                if f.landmarks.isEmpty { wide += ",,,,"; continue }
                let l = f.landmarks[b.rawValue]
                wide += ",\(l.x),\(l.y),\(l.z),\(l.visibility)"
                long += "\(f.index),\(b.name),\(l.x),\(l.y),\(l.z),\(l.visibility)\n"
            }
            wide += "\n"
        }
        let source = MediaPipeCSVSource()
        let (h1, a) = try MediaPipeCSVSource.frames(wide, path: "wide.csv", name: "wide.csv", settings: Self.settings(source))
        let (_, b) = try MediaPipeCSVSource.frames(long, path: "long.csv", name: "long.csv", settings: Self.settings(source))
        #expect(h1.fps == 30)
        #expect(a.count == frames.count)
        #expect(b.count == frames.count - 1)   // the empty frame has no rows in the long layout
        for f in frames where !f.landmarks.isEmpty {
            let fa = try #require(a.first { $0.index == f.index }), fb = try #require(b.first { $0.index == f.index })
            #expect(fa.landmarks == f.landmarks.map { Landmark(x: $0.x, y: $0.y, z: $0.z, visibility: $0.visibility, presence: 1) })
            #expect(fb.landmarks == fa.landmarks)
            #expect(abs(fb.time - f.time) < 1e-12)
        }
        // Normalised coordinates need the image size, and are scaled by it.
        let norm = "frame,keypoint,x,y,z\n0,left_hip,0.5,0.25,0\n0,right_hip,0.5,0.25,0\n"
        #expect(throws: HingeCheckError.self) { try MediaPipeCSVSource.frames(norm, path: "n.csv", name: "n", settings: Self.settings(source)) }
        let (_, n) = try MediaPipeCSVSource.frames(norm, path: "n.csv", name: "n", settings: Self.settings(source, ["width": "1920", "height": "1080"]))
        #expect(n[0].landmarks[BodyLandmark.leftHip.rawValue].x == 960 && n[0].landmarks[BodyLandmark.leftHip.rawValue].y == 270)
    }

    @Test func spineKeypointsCSVAndJSON() throws {
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(reps: [4, 25]))
        var csv = "frame,time,site,x,y,confidence\n"
        var jsonFrames: [String] = []
        for f in frames {
            var kp: [String] = []
            for sp in f.spine {
                let name = sp.site == .t12 ? "T12/L1" : (sp.site == .s1 ? "L5" : sp.site.rawValue)
                csv += "\(f.index),\(f.time),\(name),\(sp.x),\(sp.y),0.9\n"
                kp.append("\"\(name)\":[\(sp.x),\(sp.y),0.9]")
            }
            for b in [BodyLandmark.leftShoulder, .rightShoulder, .leftHip, .rightHip, .leftKnee, .leftAnkle, .nose, .leftEar, .leftFootIndex, .leftHeel] {
                let l = f.landmarks[b.rawValue]
                csv += "\(f.index),\(f.time),\(b.name),\(l.x),\(l.y),\(l.visibility)\n"
                kp.append("\"\(b.name)\":[\(l.x),\(l.y),\(l.visibility)]")
            }
            jsonFrames.append("{\"frame\":\(f.index),\"time\":\(f.time),\"keypoints\":{\(kp.joined(separator: ","))}}")
        }
        let json = "{\"format\":\"hingecheck-spine-keypoints\",\"version\":1,\"fps\":30,\"width\":640,\"height\":480,\"frames\":[\(jsonFrames.joined(separator: ","))]}"
        let source = SpineKeypointsSource()
        let (_, a) = try SpineKeypointsSource.fromCSV(csv, path: "s.csv", name: "s.csv", settings: Self.settings(source))
        let (hb, b) = try SpineKeypointsSource.fromJSON(Data(json.utf8), path: "s.json", name: "s.json", settings: Self.settings(source))
        #expect(hb.width == 640 && hb.fps == 30)
        #expect(a.count == b.count)
        for (fa, fb) in zip(a, b) {
            // JSONSerialization and Double(String) may differ in the last bit.
            #expect(fa.index == fb.index && abs(fa.time - fb.time) < 1e-9)
            #expect(zip(fa.landmarks, fb.landmarks).allSatisfy { abs($0.x - $1.x) < 1e-9 && abs($0.y - $1.y) < 1e-9 && $0.visibility == $1.visibility })
            #expect(zip(fa.spine, fb.spine).allSatisfy { $0.site == $1.site && abs($0.x - $1.x) < 1e-9 && abs($0.y - $1.y) < 1e-9 })
        }
        #expect(a[0].spine.map(\.site) == [.c7, .t8, .t12, .l3, .l5])
        // The analysis measures the lumbar curve from the imported spine points and flags rep 2.
        let result = try ReportFixtures.analysed(a, source: "spine-keypoints").document.result
        #expect(result.samples.contains { $0.lumbarMethod == .spinePoints })
        #expect(result.reps.map(\.postureLost) == [false, true])
    }
}

/// Six decimals, for passing a scale through a settings string without losing precision.
enum Fixed6 {
    static func text(_ v: Double) -> String { String(format: "%.10f", v) }
}
