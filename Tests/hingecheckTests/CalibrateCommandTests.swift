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

    @Test func noQuietStandingIsAClearError() throws {
        let moving = try write((0..<60).map { .init(inclination: 20 + Double($0 % 10), lumbar: 30) }, to: "moving.jsonl")
        let r = try runCLI(["calibrate", moving.path, "--name", "x", "-o", tempFolder().appendingPathComponent("p.json").path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no quiet standing"))
        #expect(r.stderr.contains(moving.path))
    }
}
