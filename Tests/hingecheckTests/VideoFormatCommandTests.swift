import Foundation
import Testing
import TestSupport

/// `analyze` and `landmarks` on formats people have, through the real markerless path: an animated
/// GIF (analyze refused it: "no landmark source can read this input", while landmarks read it) and
/// a variable-frame-rate phone-style clip, whose landmark times must be the container's.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") && BatchCommandTests.modelsInstalled,
                "needs ffmpeg and the BlazePose models (hingecheck models install)"))
struct VideoFormatCommandTests {
    var sample: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleVideos/deadlift-fatigue.mp4").path
    }

    func tool(_ path: String, _ args: [String]) throws -> String { try ProgramRunner.output(path, args) }

    @Test func analyzeAndLandmarksReadAnAnimatedGIF() throws {
        let dir = tempFolder()
        let gif = dir.appendingPathComponent("demo.gif").path
        _ = try tool("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", sample, "-frames:v", "12", "-vf", "fps=10,scale=320:-2", gif])
        let analyze = try runCLI(["analyze", gif, "--json"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])
        #expect(doc["source"] as? String == "blazepose")
        #expect(doc["frame_count"] as? Int == 12)
        #expect(doc["skipped_frames"] as? Int == 0)
        let out = dir.appendingPathComponent("demo.jsonl").path
        let landmarks = try runCLI(["landmarks", gif, "-o", out, "--quiet"])
        #expect(landmarks.status == 0, "\(landmarks.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 13, "a header and 12 frames")
        #expect(lines.first?.contains("\"width\":320") == true && lines.first?.contains("\"height\":180") == true, "\(lines.first ?? "")")
    }

    /// 12 frames at 30 fps, then 12 at 10 fps: the landmark times are ffprobe's pts, where
    /// index / average fps would be off by up to 0.3 s.
    @Test func landmarkTimesOfAVariableFrameRateClipAreTheContainers() throws {
        let dir = tempFolder()
        let vfr = dir.appendingPathComponent("phone-vfr.mp4").path
        _ = try tool("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", sample, "-frames:v", "24", "-an",
                                         "-vf", "setpts='if(lt(N,12),N/30,0.4+(N-12)/10)/TB'", "-fps_mode", "vfr",
                                         "-enc_time_base", "1:600", "-c:v", "libx264", vfr])
        let pts = try tool("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time",
                                                "-of", "csv=p=0", vfr])
            .split(separator: "\n").compactMap { Double($0.trimmingCharacters(in: CharacterSet(charactersIn: ", "))) }
        try #require(pts.count == 24)
        let out = dir.appendingPathComponent("vfr.jsonl").path
        let r = try runCLI(["landmarks", vfr, "-o", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let frames = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").dropFirst().map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let times = frames.compactMap { $0["t"] as? Double }
        try #require(times.count == 24)
        for (i, (ours, theirs)) in zip(times, pts.sorted()).enumerated() {
            #expect(abs(ours - theirs) < 0.0015, "frame \(i) at \(ours) s, ffprobe says \(theirs) s")
        }
        #expect(abs(times[23] - 1.5) < 0.0015, "the last frame is at 0.4 + 11/10 s by construction")
    }
}
