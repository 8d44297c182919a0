import Foundation
import PoseCore
import Testing
import TestSupport

@Suite struct CalibrateCommandTests {
    func write(_ truth: [SyntheticLift.Truth], to name: String) throws -> URL {
        let lift = SyntheticLift()
        return try lift.writeLandmarkFile(lift.frames(truth), to: tempFolder().appendingPathComponent(name))
    }

    @Test func profileFromStandingAndBendThenUsedByAnalyze() throws {
        let standing = try write(Array(repeating: .init(inclination: 1, lumbar: 34), count: 75), to: "stand.jsonl")
        let bend = try write((0..<60).map { .init(inclination: Double($0), lumbar: 34 - Double($0) * 0.8) }, to: "bend.jsonl")
        let profile = tempFolder().appendingPathComponent("alex.json")
        let r = try runCLI(["calibrate", standing.path, "--max-flexion", bend.path, "--name", "alex", "-o", profile.path])
        #expect(r.status == 0, "\(r.stderr)")
        let saved = try JSONDecoder().decode(AthleteProfile.self, from: Data(contentsOf: profile))
        #expect(abs(try #require(saved.neutralLumbarDeg) - 34) < 0.1)
        #expect(abs(try #require(saved.maxFlexionDeg) - 47.2) < 0.5)
        // A set without quiet standing: the profile supplies neutral, no `uncalibrated` warning.
        let lift = SyntheticLift()
        let set = try write(lift.set(standingS: 0, reps: [10, 10, 10], neutral: 34), to: "set.jsonl")
        let a = try runCLI(["analyze", set.path, "--json", "--profile", profile.path])
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.contains("\"kind\" : \"profile\""))
        #expect(!a.stdout.contains("uncalibrated"))
    }

    /// A markerless threshold is tagged with the measure it was set for; a profile from before the
    /// lower-back angle (threshold for the two-tangent angle, no tag) is refused with the fix,
    /// not silently applied to the new measure.
    @Test func markerlessThresholdCarriesItsMeasure() throws {
        let lift = SyntheticLift()
        let set = try write(lift.set(reps: [5, 20]), to: "set.jsonl")
        let fresh = tempFolder().appendingPathComponent("sam.json")
        let made = try runCLI(["calibrate", "--name", "sam", "--markerless-threshold", "3", "-o", fresh.path])
        #expect(made.status == 0, "\(made.stderr)")
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fresh)) as? [String: Any])
        #expect(saved["markerlessMeasure"] as? String == "lower-back-angle")
        #expect(try runCLI(["analyze", set.path, "--json", "--profile", fresh.path]).status == 0)

        let old = tempFolder().appendingPathComponent("old-sam.json")
        try Data(#"{"name": "sam", "markerlessThresholdDeg": 8}"#.utf8).write(to: old)
        let refused = try runCLI(["analyze", set.path, "--json", "--profile", old.path])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains(old.path) && refused.stderr.contains("two-tangent"), "\(refused.stderr)")
        #expect(refused.stderr.contains("hingecheck calibrate --name sam --markerless-threshold"), "\(refused.stderr)")
        // An old profile without a markerless threshold (spine points only) is still fine.
        let spineOnly = tempFolder().appendingPathComponent("old-alex.json")
        try Data(#"{"name": "alex", "neutralLumbarDeg": 30}"#.utf8).write(to: spineOnly)
        #expect(try runCLI(["analyze", set.path, "--json", "--profile", spineOnly.path]).status == 0)
    }

    @Test func noQuietStandingIsAClearError() throws {
        let moving = try write((0..<60).map { .init(inclination: 20 + Double($0 % 10), lumbar: 30) }, to: "moving.jsonl")
        let r = try runCLI(["calibrate", moving.path, "--name", "x", "-o", tempFolder().appendingPathComponent("p.json").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no quiet standing"))
        #expect(r.stderr.contains(moving.path))
    }

    /// A markerless standing clip has no neutral to take: say so, not "no quiet standing";
    /// and the profile's name and threshold are checked.
    @Test func markerlessStandingAndBadValuesAreRefused() throws {
        let lift = SyntheticLift(withSpine: false)
        let standing = try lift.writeLandmarkFile(lift.frames(Array(repeating: .init(inclination: 1, lumbar: 30), count: 75)),
                                                  to: tempFolder().appendingPathComponent("bare.jsonl"))
        let out = tempFolder().appendingPathComponent("p.json").path
        let r = try runCLI(["calibrate", standing.path, "--name", "x", "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("has no spine points") && r.stderr.contains("--markerless-threshold"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try runCLI(["calibrate", "--name", " ", "--markerless-threshold", "2", "-o", out]).status != 0)
        let far = try runCLI(["calibrate", "--name", "x", "--markerless-threshold", "500", "-o", out])
        #expect(far.status != 0 && far.stderr.contains("-45…45"), "\(far.stderr)")
        #expect(try runCLI(["calibrate", "--name", "x", "--markerless-threshold", "2", "-o", out]).status == 0)
    }
}
