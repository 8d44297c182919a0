import Foundation
import PoseCore
import Testing
import TestSupport

/// `hingecheck batch` as a person runs it: exit codes, the skip on a second run, shards and merge.
@Suite struct BatchCommandTests {
    func landmarkFile(_ url: URL, losses: [Double]) throws {
        let lift = SyntheticLift()
        try lift.writeLandmarkFile(lift.frames(lift.set(reps: losses)), to: url)
    }

    var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func csvRows(_ url: URL) throws -> [[String: String]] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            // Good enough for these rows: quoted fields (errors) only appear last.
            var fields = line.split(separator: ",", maxSplits: header.count - 1, omittingEmptySubsequences: false).map(String.init)
            while fields.count < header.count { fields.append("") }
            return Dictionary(uniqueKeysWithValues: zip(header, fields))
        }
    }

    @Test func failuresGiveExitOneAndASecondRunSkipsTheFinished() throws {
        let base = tempFolder()
        let input = base.appendingPathComponent("lifts")
        try landmarkFile(input.appendingPathComponent("anna_2026-11-20_set1.jsonl"), losses: [5, 25])
        try landmarkFile(input.appendingPathComponent("ben/ben_2026-11-21_set2.jsonl"), losses: [4, 5])
        let clip = try Data(contentsOf: repository.appendingPathComponent("SampleVideos/deadlift-neutral.mp4"))
        try clip.prefix(clip.count / 2).write(to: input.appendingPathComponent("cut.mp4"))
        try Data("not a landmark file\n".utf8).write(to: input.appendingPathComponent("text.jsonl"))
        let out = base.appendingPathComponent("reports")

        let first = try runCLI(["batch", input.path, "--out", out.path, "--report-video", "none"])
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stderr.contains("batch: 4 inputs; 4 to analyse"))
        #expect(first.stderr.contains("failed: ") && first.stderr.contains("text.jsonl") && first.stderr.contains("cut.mp4"))
        let rows = try csvRows(out.appendingPathComponent("summary.csv"))
        #expect(rows.map { URL(fileURLWithPath: $0["input"]!).lastPathComponent }
                == ["anna_2026-11-20_set1.jsonl", "ben_2026-11-21_set2.jsonl", "cut.mp4", "text.jsonl"])
        #expect(rows.map { $0["status"]! } == ["done", "done", "failed", "failed"])
        #expect(rows[0]["flagged"] == "2" && rows[0]["athlete"] == "anna" && rows[0]["date"] == "2026-11-20")
        #expect(rows[2]["error"]!.contains("cut.mp4") && rows[3]["error"]!.contains("text.jsonl"))
        // The text file failed before anything was written: no empty folder is left for it.
        let folders = try FileManager.default.contentsOfDirectory(atPath: out.path)
        #expect(!folders.contains { $0.hasPrefix("text-") }, "\(folders)")
        #expect(folders.contains { $0.hasPrefix("anna") }, "\(folders)")
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("2 of 4 inputs not analysed"))
        #expect(html.contains("<script>") && html.contains("aria-sort"))

        let second = try runCLI(["batch", input.path, "--out", out.path, "--report-video", "none"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("2 to analyse"))
        #expect(second.stderr.contains("skipping 2 with a complete report"))
        #expect(second.stderr.contains("0 analysed, 2 skipped, 2 not analysed"))

        // Only good inputs: exit 0.
        let good = try runCLI(["batch", input.appendingPathComponent("anna_2026-11-20_set1.jsonl").path,
                               input.appendingPathComponent("ben").path, "--out", base.appendingPathComponent("good").path])
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test func shardsAndMergeGiveTheSingleRunSummary() throws {
        let base = tempFolder()
        let input = base.appendingPathComponent("lifts")
        for i in 0..<6 { try landmarkFile(input.appendingPathComponent("cara_2026-10-0\(i + 1)_set1.jsonl"), losses: [5, Double(6 * i)]) }
        let list = base.appendingPathComponent("list.txt")
        try Data((["# all of them"] + (0..<6).map { "lifts/cara_2026-10-0\($0 + 1)_set1.jsonl" }).joined(separator: "\n").utf8).write(to: list)
        let single = base.appendingPathComponent("single")
        #expect(try runCLI(["batch", list.path, "--out", single.path]).status == 0)
        let shared = base.appendingPathComponent("shared")
        for i in 0..<2 {
            let r = try runCLI(["batch", input.path, "--out", shared.path, "--shard", "\(i)/2", "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merge = try runCLI(["batch", "merge", shared.path, "--out", shared.path])
        #expect(merge.status == 0, "\(merge.stderr)")
        #expect(merge.stderr.contains("merged 6 inputs"))
        for name in ["summary.csv", "index.html"] {
            #expect(try Data(contentsOf: shared.appendingPathComponent(name)) == Data(contentsOf: single.appendingPathComponent(name)), "\(name)")
        }
        let bad = try runCLI(["batch", input.path, "--out", shared.path, "--shard", "2/2"])
        #expect(bad.status != 0 && bad.stderr.contains("0 <= I < N"))
    }

    static var modelsInstalled: Bool {
        let models = ProcessInfo.processInfo.environment["HINGECHECK_MODELS_DIR"]
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/hingecheck/models").path
        return FileManager.default.fileExists(atPath: models + "/pose_landmark_full.onnx")
    }

    /// One short generated clip through the real markerless path (needs the models).
    @Test(.enabled(if: modelsInstalled, "needs the BlazePose models (hingecheck models install)"))
    func analysesAShortVideoWithTheLandmarkFiles() throws {
        let base = tempFolder()
        let clip = base.appendingPathComponent("lifts/dana_2026-09-01_set1.mp4")
        try FileManager.default.createDirectory(at: clip.deletingLastPathComponent(), withIntermediateDirectories: true)
        let synth = try runCLI(["synth", "--scenario", "deadlift-fatigue", "--reps", "1", "--duration", "3", "--size", "320x240",
                                "--quiet", "-o", clip.path])
        #expect(synth.status == 0, "\(synth.stderr)")
        try landmarkFile(base.appendingPathComponent("lifts/dana_2026-09-01_set2.jsonl"), losses: [5, 25])
        let out = base.appendingPathComponent("out")
        let r = try runCLI(["batch", base.appendingPathComponent("lifts").path, "--out", out.path, "--save-landmarks"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try csvRows(out.appendingPathComponent("summary.csv"))
        #expect(rows.map { $0["kind"]! } == ["video", "landmarks"])
        #expect(rows[0]["status"] == "done" && Int(rows[0]["frames"]!) == 90)
        let folder = out.appendingPathComponent(rows[0]["report"]!).deletingLastPathComponent()
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("landmarks.jsonl").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("done.json").path))
    }
}
