import Foundation
import PoseCore
import Reports
import Testing
import TestSupport

/// Seeded random-mutation fuzzing of every importer: thousands of damaged files, each must
/// either import into sane frames or fail with a `HingeCheckError` — never crash, never throw
/// anything else.
@Suite struct ImporterFuzzTests {
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let tokens: [[UInt8]] = [",", "\t", "\n", "\r\n", "\"", "-", ".", "e", "9", "0", "nan", "NaN", "inf", "1e309", "-1",
                                    "99999999999999999999", "{", "}", "[", "]", ":", "null", "true", "false", "\u{0}", "é", "T12/L1",
                                    "left_hip", "Frame#", "-0", "1e-320", "\"\"", ",,,,", "\t\t\t"].map { Array($0.utf8) } + [[0xFF], [0xC3]]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var b = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !b.isEmpty else { b = Self.tokens.randomElement(using: &rng)!; continue }
            let at = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: b.removeSubrange(at..<min(b.count, at + Int.random(in: 1...20, using: &rng)))
            case 1: b.insert(contentsOf: Self.tokens.randomElement(using: &rng)!, at: at)
            case 2: b.removeSubrange(at...)
            case 3: b[at] = UInt8.random(in: 0...255, using: &rng)
            case 4, 5:
                // Replace a number (a run of digits) with a token.
                var s = at
                while s < b.count, !(48...57).contains(b[s]) { s += 1 }
                var e = s
                while e < b.count, (48...57).contains(b[e]) || b[e] == 46 { e += 1 }
                if s < b.count { b.replaceSubrange(s..<e, with: Self.tokens.randomElement(using: &rng)!) }
            default:
                // Duplicate or drop a line.
                let lines = b.split(separator: 10, omittingEmptySubsequences: false)
                guard lines.count > 1 else { continue }
                var l = Array(lines)
                let i = Int.random(in: 0..<l.count, using: &rng)
                if Bool.random(using: &rng) { l.insert(l[i], at: Int.random(in: 0...l.count, using: &rng)) } else { l.remove(at: i) }
                b = Array(l.joined(separator: [10]))
            }
        }
        return b
    }

    /// Small valid inputs of every format (10 frames).
    static func seeds() -> [(name: String, ext: String, plugin: any LandmarkSourcePlugin, bytes: [UInt8])] {
        let lift = SyntheticLift()
        let frames = Array(lift.frames(lift.set(standingS: 0.2, reps: [20], repS: 0.3, pauseS: 0.1)).prefix(10))
        let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        let trc = TRCExport.pixels(frames, header: header).text(fileName: "x.trc")
        var wide = "frame,time," + BodyLandmark.allCases.prefix(28).map { "\($0.name)_x,\($0.name)_y,\($0.name)_z,\($0.name)_visibility" }.joined(separator: ",") + "\n"
        var long = "frame,keypoint,x,y,z,visibility\n"
        var spine = "frame,time,site,x,y,confidence\n"
        var json: [String] = []
        for f in frames {
            wide += "\(f.index),\(f.time)" + BodyLandmark.allCases.prefix(28).map { b in
                let l = f.landmarks[b.rawValue]
                return ",\(Fixed3.t(l.x)),\(Fixed3.t(l.y)),0,0.9"
            }.joined() + "\n"
            for b in [BodyLandmark.leftShoulder, .rightShoulder, .leftHip, .rightHip, .leftKnee] {
                let l = f.landmarks[b.rawValue]
                long += "\(f.index),\(b.name),\(Fixed3.t(l.x)),\(Fixed3.t(l.y)),0,0.9\n"
            }
            var kp: [String] = []
            for sp in f.spine {
                spine += "\(f.index),\(f.time),\(sp.site.rawValue),\(Fixed3.t(sp.x)),\(Fixed3.t(sp.y)),1\n"
                kp.append("\"\(sp.site.rawValue)\":[\(Fixed3.t(sp.x)),\(Fixed3.t(sp.y)),1]")
            }
            json.append("{\"frame\":\(f.index),\"keypoints\":{\(kp.joined(separator: ","))}}")
        }
        let spineJSON = "{\"format\":\"hingecheck-spine-keypoints\",\"version\":1,\"fps\":30,\"frames\":[\(json.joined(separator: ","))]}"
        let openpose = OpenPoseJSON.text(frames[5])
        return [("trc", "trc", TRCLandmarkSource(), Array(trc.utf8)),
                ("wide", "csv", MediaPipeCSVSource(), Array(wide.utf8)),
                ("long", "csv", MediaPipeCSVSource(), Array(long.utf8)),
                ("spine-csv", "csv", SpineKeypointsSource(), Array(spine.utf8)),
                ("spine-json", "json", SpineKeypointsSource(), Array(spineJSON.utf8)),
                ("openpose", "json", OpenPoseLandmarkSource(), Array(openpose.utf8))]
    }

    enum Outcome { case imported, rejected }

    /// Imports one file through the plugin's real entry point (the OpenPose JSON as a one-file
    /// folder) and checks what comes out.
    static func importOnce(_ plugin: any LandmarkSourcePlugin, bytes: [UInt8], folder: URL, ext: String) throws -> Outcome {
        let input: SourceInput
        if plugin is OpenPoseLandmarkSource {
            let dir = folder.appendingPathComponent("op")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: dir.appendingPathComponent("x_000000000003_keypoints.json"))
            input = .folder(dir)
        } else {
            let url = folder.appendingPathComponent("input.\(ext)")
            try Data(bytes).write(to: url)
            input = .file(url)
        }
        _ = plugin.canOpen(input)
        do {
            let stream = try plugin.open(input, settings: try PluginSettings(descriptor: plugin.descriptor))
            var previous: PoseFrame?
            while let f = try stream.next() {
                #expect(f.time.isFinite && f.index >= 0)
                #expect(f.landmarks.isEmpty || f.landmarks.count == 33)
                #expect(f.landmarks.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite && (0...1).contains($0.visibility) })
                #expect(f.spine.allSatisfy { $0.x.isFinite && $0.y.isFinite && (0...1).contains($0.confidence) })
                if let previous { #expect(f.time >= previous.time) }
                previous = f
            }
            return .imported
        } catch let error as HingeCheckError {
            // The message names the file or folder.
            #expect(error.path != nil || error.code == .invalidArgument, "\(error)")
            return .rejected
        }
    }

    @Test(arguments: 0..<6) func mutatedInputsNeverCrash(format: Int) throws {
        let seed = Self.seeds()[format]
        let folder = ReportFixtures.tempFolder("fuzz-\(seed.name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The unmutated seed imports.
        #expect(try Self.importOnce(seed.plugin, bytes: seed.bytes, folder: folder, ext: seed.ext) == .imported, "\(seed.name)")
        var rng = SplitMix64(state: 0x5EED_0000 + UInt64(format))
        var outcomes: [Outcome: Int] = [:]
        for _ in 0..<1000 {
            let bytes = Self.mutate(seed.bytes, &rng)
            outcomes[try Self.importOnce(seed.plugin, bytes: bytes, folder: folder, ext: seed.ext), default: 0] += 1
        }
        // Both outcomes happen: the mutations reach the parsers' error paths and their tolerant paths.
        #expect((outcomes[.rejected] ?? 0) > 50, "\(seed.name): \(outcomes)")
        #expect((outcomes[.imported] ?? 0) > 5, "\(seed.name): \(outcomes)")
    }

    @Test func malformedFilesNameTheLine() throws {
        let folder = ReportFixtures.tempFolder("bad")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func error(_ plugin: any LandmarkSourcePlugin, _ name: String, _ text: String) throws -> HingeCheckError {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            do {
                _ = try plugin.open(.file(url), settings: try PluginSettings(descriptor: plugin.descriptor))
            } catch let e as HingeCheckError { return e }
            Issue.record("\(name) imported")
            return HingeCheckError(.internal, "")
        }
        let a = try error(MediaPipeCSVSource(), "a.csv", "frame,keypoint,x,y,z\n0,left_hip,1,2,3\n1,left_hip,abc,2,3\n")
        #expect(a.path?.hasSuffix("a.csv") == true && a.message.contains("line 3"))
        let b = try error(SpineKeypointsSource(), "b.csv", "frame,site,x,y,confidence\n0,L3,1,2,1\n0,L9,1,2,1\n")
        #expect(b.message.contains("line 3") && b.message.contains("L9"))
        let seed = Self.seeds()[0]
        var trc = String(decoding: seed.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        trc[7] = trc[7].replacingOccurrences(of: "\t", with: "\tx", options: [], range: trc[7].range(of: "\t"))
        let c = try error(TRCLandmarkSource(), "c.trc", trc.joined(separator: "\n"))
        #expect(c.path?.hasSuffix("c.trc") == true && c.message.contains("line 8"), "\(c)")
        let d = try error(SpineKeypointsSource(), "d.json", "{\"format\":\"hingecheck-spine-keypoints\",\"frames\":[{\"frame\":0,\"keypoints\":{\"L3\":[1]}}]}")
        #expect(d.message.contains("frames[0]"))
        let e = try error(TRCLandmarkSource(), "e.trc", "")
        #expect(e.message.contains("empty"))
    }
}

enum Fixed3 { static func t(_ v: Double) -> String { String(format: "%.3f", v) } }
