import Foundation
import PoseCore
import Testing
import TestSupport

/// `hingecheck report` and `analyze --report`, run as a person would.
@Suite struct ReportCommandTests {
    /// A 4-rep landmark file (reps 3 and 4 round by 25°) and, with ffmpeg, a matching 640×480
    /// 30 fps video of the same length (a plain background; the overlay draws the pose).
    func fixture(video: Bool = false) throws -> (landmarks: URL, video: URL?) {
        let folder = tempFolder()
        let url = folder.appendingPathComponent("set.jsonl")
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(reps: [4, 5, 25, 25]))
        try lift.writeLandmarkFile(frames, to: url)
        guard video, let ffmpeg = Self.ffmpeg else { return (url, nil) }
        let mp4 = folder.appendingPathComponent("lift.mp4")
        let r = try runTool(ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x5a6470:s=640x480:r=30",
                                     "-frames:v", "\(frames.count)", "-pix_fmt", "yuv420p", "-c:v", "libx264", mp4.path])
        #expect(r.status == 0, "\(r.stderr)")
        return (url, mp4)
    }

    static let ffmpeg = toolPath("ffmpeg")
    static let chromium = toolPath("chromium") ?? toolPath("chromium-browser")

    static let files = ["report.html", "report.json", "reps.csv", "frames.csv", "landmarks.trc", "landmarks_m.trc", "angles.mot", "openpose"]

    @Test func reportFromALandmarkFile() throws {
        let (input, _) = try fixture()
        let out = tempFolder().appendingPathComponent("r")
        let r = try runCLI(["report", input.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Lumbar curve lost under load on reps 3, 4 of 4."))
        for name in Self.files { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)") }
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("annotated.mp4").path))
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("Lower back rounded under load on 2 of 4 reps"))
        #expect(!html.contains("data:image/jpeg"))
        // The same report.json as analyze --json.
        let json = try runCLI(["analyze", input.path, "--json"])
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) + "\n" == json.stdout)
    }

    @Test(.enabled(if: ffmpeg != nil, "ffmpeg is not installed"))
    func withTheVideoPicturesAndAnnotatedVideo() throws {
        let (input, video) = try fixture(video: true)
        let out = tempFolder().appendingPathComponent("r")
        let r = try runCLI(["report", input.path, "--out", out.path, "--video", video!.path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.components(separatedBy: "src=\"data:image/jpeg;base64,").count - 1 == 4)
        #expect(html.contains("href=\"annotated.mp4\""))
        let annotated = out.appendingPathComponent("annotated.mp4")
        #expect(FileManager.default.fileExists(atPath: annotated.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "\(leftovers)")
        if let ffprobe = toolPath("ffprobe") {
            let p = try runTool(ffprobe, ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                                          "stream=nb_read_frames,width,height", "-of", "csv=p=0", annotated.path])
            #expect(p.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "640,480,\(lift4Frames)", "\(p.stdout)")
            // Frame 200 lies in rep 3's flagged interval: the red banner is at the top.
            let png = out.deletingLastPathComponent().appendingPathComponent("f.ppm")
            let time = try flaggedTime(out)
            _ = try runTool(toolPath("ffmpeg")!, ["-v", "error", "-y", "-ss", String(format: "%.3f", time), "-i", annotated.path,
                                                  "-frames:v", "1", "-f", "image2", "-vcodec", "ppm", png.path])
            let ppm = try Data(contentsOf: png)
            // P6 header "P6\n640 480\n255\n" then RGB; sample the banner at row 4, column 600
            // (right of its text).
            let headerEnd = ppm.prefix(32).indices.filter { ppm[$0] == 10 }.prefix(3).last! + 1
            let o = headerEnd + (4 * 640 + 600) * 3
            #expect(ppm[o] > 180 && ppm[o + 1] < 90 && ppm[o + 2] < 90, "banner pixel \(ppm[o]) \(ppm[o + 1]) \(ppm[o + 2])")
            // During rep 1 (held) there is no banner: the background shows.
            _ = try runTool(toolPath("ffmpeg")!, ["-v", "error", "-y", "-ss", "3.5", "-i", annotated.path,
                                                  "-frames:v", "1", "-f", "image2", "-vcodec", "ppm", png.path])
            let held = try Data(contentsOf: png)
            #expect(held[o] < 120 && abs(Int(held[o]) - Int(held[o + 1])) < 30, "no banner \(held[o]) \(held[o + 1]) \(held[o + 2])")
        }
        // The page renders in a browser with its four pictures.
        if let chromium = Self.chromium {
            let shot = out.deletingLastPathComponent().appendingPathComponent("shot.png")
            let c = try runTool(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
                                           "--user-data-dir=\(out.deletingLastPathComponent().appendingPathComponent(".chrome").path)",
                                           "--screenshot=\(shot.path)", "--window-size=1200,2000", out.appendingPathComponent("report.html").absoluteString])
            #expect(FileManager.default.fileExists(atPath: shot.path), "\(c.stderr)")
            #expect(!c.stderr.contains(":CONSOLE"), "\(c.stderr)")
        }
    }

    var lift4Frames: Int { let l = SyntheticLift(); return l.set(reps: [4, 5, 25, 25]).count }

    func flaggedTime(_ out: URL) throws -> Double {
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as! [String: Any]
        let event = (doc["events"] as! [[String: Any]])[0]
        return ((event["start_s"] as! Double) + (event["end_s"] as! Double)) / 2
    }

    @Test func importedFormatsAndTheirErrors() throws {
        let (input, _) = try fixture()
        let out = tempFolder().appendingPathComponent("r")
        #expect(try runCLI(["report", input.path, "--out", out.path]).status == 0)
        // The report's own exports read back: OpenPose folder and pixel TRC give the same reps.
        for imported in [out.appendingPathComponent("openpose").path, out.appendingPathComponent("landmarks.trc").path] {
            let again = tempFolder().appendingPathComponent("again")
            let r = try runCLI(["report", imported, "--out", again.path])
            #expect(r.status == 0, "\(imported): \(r.stderr)")
            let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: again.appendingPathComponent("report.json"))) as! [String: Any]
            #expect((doc["reps"] as! [Any]).count == 4, "\(imported)")
        }
        // A malformed CSV: the file and the line.
        let bad = tempFolder().appendingPathComponent("pose.csv")
        try "frame,keypoint,x,y,z\n0,left_hip,1,2,3\n1,left_hip,oops,2,3\n".write(to: bad, atomically: true, encoding: .utf8)
        let r = try runCLI(["report", bad.path, "--out", tempFolder().path])
        #expect(r.status != 0)
        #expect(r.stderr.contains(bad.path) && r.stderr.contains("line 3"), "\(r.stderr)")
        // A video is not a landmark file.
        let video = tempFolder().appendingPathComponent("lift.mp4")
        try Data([0, 0, 0]).write(to: video)
        let v = try runCLI(["report", video.path, "--out", tempFolder().path])
        #expect(v.status != 0)
        #expect(v.stderr.contains("analyze"), "\(v.stderr)")
    }

    @Test func analyzeWritesTheFullReportAndUnwritableIsClear() throws {
        let (input, _) = try fixture()
        let out = tempFolder().appendingPathComponent("a")
        let r = try runCLI(["analyze", input.path, "--report", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        for name in Self.files { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)") }
        let file = tempFolder().appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        let w = try runCLI(["report", input.path, "--out", file.appendingPathComponent("sub").path])
        #expect(w.status != 0)
        #expect(w.stderr.contains(file.appendingPathComponent("sub").path), "\(w.stderr)")
    }
}

func toolPath(_ name: String) -> String? { ProgramRunner.which(name) }

/// Runs ffmpeg, ffprobe and the like (TestSupport's ProgramRunner; an hour's limit, so no test
/// run is cut short by it).
func runTool(_ executable: String, _ arguments: [String]) throws -> CLIResult {
    let r = try ProgramRunner.run(executable, arguments, timeout: 3600)
    return CLIResult(status: r.status, stdout: r.stdout, stderr: r.stderr)
}
