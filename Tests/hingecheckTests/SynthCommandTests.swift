import Foundation
import Testing

@Suite struct SynthCommandTests {
    /// `synth --all DIR --silhouette-truth` writes the markerless truth of every sample clip and no
    /// video. On deadlift-fatigue the true lumbar flexion grows rep after rep (5 → 31°), so the
    /// exact silhouette's angle at each rep's bottom must grow too.
    @Test func aPartialRepThatDoesNotExistIsRefused() throws {
        let out = tempFolder().appendingPathComponent("x.mp4").path
        let r = try runCLI(["synth", "--scenario", "deadlift-neutral", "--reps", "3", "--partial-rep", "4", "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--partial-rep 4") && r.stderr.contains("reps 1…3"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func silhouetteTruthOfTheSampleSet() throws {
        let dir = tempFolder().appendingPathComponent("sil")
        let result = try runCLI(["synth", "--all", dir.path, "--silhouette-truth"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.count == 8 && files.allSatisfy { $0.hasSuffix(".silhouette.json") }, "\(files)")
        let data = try Data(contentsOf: dir.appendingPathComponent("deadlift-fatigue.silhouette.json"))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let angles = try #require(doc["lowerBackAngleDeg"] as? [Any])
        #expect((doc["lumbarTwoTangentDeg"] as? [Any])?.count == 403)
        #expect(angles.count == 403)  // the committed clip's frame count
        // Bottom frames of the five reps, from SampleVideos/deadlift-fatigue.truth.json.
        let truthURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleVideos/deadlift-fatigue.truth.json")
        let truth = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: truthURL)) as? [String: Any])
        let bottoms = try #require(truth["reps"] as? [[String: Any]]).compactMap { $0["bottomFrame"] as? Int }
        #expect(bottoms.count == 5)
        let values = bottoms.compactMap { angles[$0] as? Double }
        #expect(values.count == 5)
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(values)")
        #expect(values.last! - values.first! > 15, "\(values)")

        let misuse = try runCLI(["synth", "--scenario", "rdl", "-o", dir.appendingPathComponent("x.mp4").path, "--silhouette-truth"])
        #expect(misuse.status != 0)
        #expect(misuse.stderr.contains("--silhouette-truth goes with --all"))
    }
}
