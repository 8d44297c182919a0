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

    @Test func badInputsAndOptions() throws {
        let missing = try runCLI(["analyze", "/nonexistent/lift.jsonl"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("/nonexistent/lift.jsonl"))
        let input = try fixture()
        let badSet = try runCLI(["analyze", input.path, "--set", "shear-guard.nope=1"])
        #expect(badSet.status != 0)
        #expect(badSet.stderr.contains("has no parameter"))
        let noWrite = try runCLI(["analyze", input.path, "--report", "/proc/hc-report"])
        #expect(noWrite.status != 0)
        #expect(noWrite.stderr.contains("/proc/hc-report"))
    }
}
