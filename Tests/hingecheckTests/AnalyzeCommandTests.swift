import Foundation
import PoseCore
import Testing
import TestSupport

@Suite struct AnalyzeCommandTests {
    /// A landmark file of a 4-rep set whose last two reps round by 25°.
    func fixture() throws -> URL {
        let lift = SyntheticLift()
        return try lift.writeLandmarkFile(lift.frames(lift.set(reps: [4, 5, 25, 25])), to: tempFolder().appendingPathComponent("set.jsonl"))
    }

    @Test func jsonHasTheContractFieldsAndIsByteIdentical() throws {
        let input = try fixture()
        let a = try runCLI(["analyze", input.path, "--json"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try runCLI(["analyze", input.path, "--json"])
        #expect(a.stdout == b.stdout)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(a.stdout.utf8)) as? [String: Any])
        #expect(doc["schema"] as? String == "hingecheck-analysis")
        let reps = try #require(doc["reps"] as? [[String: Any]])
        #expect(reps.count == 4)
        for key in ["index", "start_s", "end_s", "peak_trunk_inclination_deg", "lumbar_angle_deg", "peak_lumbar_flexion_deg",
                    "posture_lost", "posture_lost_s", "worst_moment_s", "confidence"] {
            #expect(reps[0].keys.contains(key), "missing \(key)")
        }
        #expect(reps.map { $0["posture_lost"] as? Bool } == [false, false, true, true])
        let events = try #require(doc["events"] as? [[String: Any]])
        #expect(events.map { $0["rep_index"] as? Int } == [3, 4])
        let reference = try #require(doc["reference"] as? [String: Any])
        #expect(reference["kind"] as? String == "quiet-standing")
        #expect(doc["warnings"] is [Any])
    }

    /// Two segments of a video run at once (analyze's own process tunes the threads) and one
    /// after another (threads fixed, as batch runs them) give the same JSON: the boundaries depend
    /// on the video alone. The timings table names the networks.
    @Test(.enabled(if: BatchCommandTests.modelsInstalled, "BlazePose models not installed (hingecheck models install): skipped"))
    func segmentsGiveTheSameResultAtOnceAndInTurn() throws {
        let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleVideos/deadlift-fatigue.mp4").path
        let atOnce = try runCLI(["analyze", clip, "--json", "--timings", "--set", "blazepose.segments=auto"])
        #expect(atOnce.status == 0, "\(atOnce.stderr)")
        let inTurn = try runCLI(["analyze", clip, "--json", "--set", "blazepose.segments=auto", "--set", "blazepose.threads=1"])
        #expect(inTurn.status == 0, "\(inTurn.stderr)")
        #expect(atOnce.stdout == inTurn.stdout)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(atOnce.stdout.utf8)) as? [String: Any])
        #expect((doc["reps"] as? [[String: Any]])?.count == 5)
        #expect(atOnce.stderr.contains("landmark network with mask head") && atOnce.stderr.contains("all stages"))
    }

    @Test func tableAndReportFolder() throws {
        let input = try fixture()
        let out = tempFolder().appendingPathComponent("report")
        let r = try runCLI(["analyze", input.path, "--report", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("LOST"))
        #expect(r.stdout.contains("Lumbar curve lost under load on reps 3, 4 of 4."))
        for name in ["report.json", "reps.csv", "frames.csv"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(name).path), "\(name)")
        }
        let csv = try String(contentsOf: out.appendingPathComponent("reps.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 5)
    }

    /// A video cut short (index at the front, the end missing, as after a stopped copy) is
    /// analysed as far as it goes, with a truncated_input warning; the whole file has none.
    @Test func aTruncatedVideoIsAnalysedWithAWarning() throws {
        let dir = tempFolder()
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let whole = dir.appendingPathComponent("whole.mp4").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-v", "error", "-i", repository.appendingPathComponent("SampleVideos/rdl-markers.mp4").path,
                       "-c", "copy", "-movflags", "+faststart", whole]
        try p.run()
        p.waitUntilExit()
        try #require(p.terminationStatus == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: whole))
        let cut = dir.appendingPathComponent("cut.mp4")
        try data.prefix(data.count * 2 / 5).write(to: cut)

        let r = try runCLI(["analyze", cut.path, "--source", "markers", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let warnings = try #require(doc["warnings"] as? [[String: Any]])
        let truncated = try #require(warnings.first { $0["code"] as? String == "truncated_input" }, "\(warnings)")
        #expect((truncated["message"] as? String ?? "").contains(cut.path))
        #expect(r.stderr.contains("probably truncated"))
        let full = try runCLI(["analyze", whole, "--source", "markers", "--json"])
        #expect(full.status == 0)
        #expect(!full.stdout.contains("truncated_input"))
    }

    /// A landmark file whose writer died mid-line: the table covers the whole frames, the error
    /// names the line, and the exit code is 1.
    @Test func aCutOffLandmarkFileShowsWhatItHasThenFails() throws {
        let input = try fixture()
        var text = try String(contentsOf: input, encoding: .utf8)
        let lines = text.split(separator: "\n")
        text += String(lines[lines.count - 1].prefix(40))
        try text.write(to: input, atomically: true, encoding: .utf8)
        let r = try runCLI(["analyze", input.path])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Lumbar curve lost under load on reps 3, 4 of 4"), "\(r.stdout)")
        #expect(r.stderr.contains("stopped after \(lines.count - 1) frames"), "\(r.stderr)")
        #expect(r.stderr.contains("line \(lines.count + 1) of \(lines.count + 1)") && r.stderr.contains("cut off"), "\(r.stderr)")
    }

    @Test func badInputsAndOptions() throws {
        let missing = try runCLI(["analyze", "/nonexistent/lift.jsonl"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/lift.jsonl"))
        #expect(missing.stderr.contains("fix: check the path"), "the error should say how to fix it: \(missing.stderr)")
        let input = try fixture()
        let badSet = try runCLI(["analyze", input.path, "--set", "shear-guard.nope=1"])
        #expect(badSet.status != 0)
        #expect(badSet.stderr.contains("has no parameter"))
        let noWrite = try runCLI(["analyze", input.path, "--report", "/proc/hc-report"])
        #expect(noWrite.status != 0)
        #expect(noWrite.stderr.contains("/proc/hc-report"))
    }
}
