import Foundation
import Testing

@Suite struct ProbeCommandTests {
    @Test func versionAndHelp() throws {
        let version = try runCLI(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").count == 3)
        let help = try runCLI(["probe", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:"))
    }

    @Test func probeJSONOfAGeneratedVideo() throws {
        let dir = tempFolder()
        let video = dir.appendingPathComponent("clip.mp4").path
        // ffmpeg is a documented dependency (installed by the set-up command).
        // ffmpeg 5.1 keeps rotation metadata only when remuxing, so encode, then remux with it.
        let plain = dir.appendingPathComponent("plain.mp4").path
        try runTool("/usr/bin/ffmpeg", ["-v", "error", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=20", "-t", "1.5",
                                        "-pix_fmt", "yuv420p", plain])
        try runTool("/usr/bin/ffmpeg", ["-v", "error", "-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", video])
        let result = try runCLI(["probe", video, "--json", "--count"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["fps"] as? Double == 20)
        #expect(source["frame_count"] as? Int == 30)
        #expect(json["decoded_frames"] as? Int == 30)
        // Rotation metadata of 90° is reported and applied: frames come out portrait.
        #expect(source["rotation_deg"] as? Int == 90 || source["rotation_deg"] as? Int == 270)
        #expect(source["width"] as? Int == 120 && source["height"] as? Int == 160)
    }

    func runTool(_ path: String, _ args: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0, "\(path) \(args) failed")
    }

    @Test func badInputsExitNonZeroNamingTheFile() throws {
        let dir = tempFolder()
        let empty = dir.appendingPathComponent("empty.mp4").path
        FileManager.default.createFile(atPath: empty, contents: Data())
        let text = dir.appendingPathComponent("text.mp4").path
        try Data(String(repeating: "hello\n", count: 100).utf8).write(to: URL(fileURLWithPath: text))
        let noImages = dir.appendingPathComponent("noimages")
        try FileManager.default.createDirectory(at: noImages, withIntermediateDirectories: true)
        let cases: [(String, String)] = [
            (dir.appendingPathComponent("missing.mp4").path, "no such file"),
            (empty, "empty"),
            (text, "cannot open"),
            (noImages.path, "no images"),
            ("9", "no camera"),
        ]
        for (input, fragment) in cases {
            let r = try runCLI(["probe", input])
            #expect(r.status != 0, "\(input) should fail")
            #expect(r.stderr.contains(fragment), "\(input): \(r.stderr)")
            #expect(r.stderr.contains("fix:"), "\(input): \(r.stderr)")
            #expect(!r.stderr.contains("moov atom"), "FFmpeg's own log leaked: \(r.stderr)")
        }
    }

    @Test func pluginsListsIdsAndParameters() throws {
        let r = try runCLI(["plugins"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("jsonl"))
        // The one-euro filter was removed (it never ran).
        #expect(!r.stdout.contains("one-euro"))
        // What a person types, at the default, then the unit.
        #expect(r.stdout.contains("--set shear-guard.flexion-threshold=15\n        default 15 deg"))
        #expect(!r.stdout.contains("--flexion-threshold ="))
        #expect(r.stdout.contains("default from:"))
    }
}
