import AnalyzerConformance
import Analyzers
import Foundation
import PoseCore
import RepTempo
import Testing
import Workflows

/// `rep-tempo` passes HingeCheck's conformance kit, measures a set of known tempo, and reaches
/// report.json through the standard analysis.
@Suite struct RepTempoTests {
    static let fps = 30.0

    /// Standing 1 s at 2°, descent to 60° in `descentS`, held 1 s, ascent in `ascentS`, standing 1 s; twice.
    static func set(descentS: Double, ascentS: Double) -> (frames: [PoseFrame], descentStarts: [Double]) {
        var truth: [SyntheticLift.Truth] = [], starts: [Double] = []
        func add(_ seconds: Double, _ inclination: (Double) -> Double) {
            let n = Int((seconds * fps).rounded())
            for k in 0..<n { truth.append(SyntheticLift.Truth(inclination: inclination(Double(k) / Double(n)), lumbar: 30)) }
        }
        for _ in 0..<2 {
            add(1) { _ in 2 }
            starts.append(Double(truth.count) / fps)
            add(descentS) { 2 + 58 * $0 }
            add(1) { _ in 60 }
            add(ascentS) { 60 - 58 * $0 }
        }
        add(1) { _ in 2 }
        let lift = SyntheticLift(fps: fps)
        return (lift.frames(truth), starts)
    }

    @Test func passesTheConformanceKit() {
        let report = AnalyzerConformance.check(RepTempoAnalyzer())
        #expect(report.passed, "\(report)")
    }

    /// 2 s down, 1 s held, 1 s up, with a 5° bottom window: the bottom is reached 53/58 of the
    /// way down and left 5/58 of the way up.
    @Test func measuresAKnownTempo() throws {
        let (frames, starts) = Self.set(descentS: 2, ascentS: 1)
        let registry = try BuiltInPlugins.registry(adding: [RepTempoAnalyzer()])
        let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: Self.fps)
        let result = try AnalysisPipeline(registry: registry).analyze(frames: frames, header: header)
        #expect(result.reps.count == 2)
        let output = try #require(result.analyzerOutputs["rep-tempo"])
        let frame = 1 / Self.fps + 1e-9
        for (rep, start) in zip(result.reps, starts) {
            let tempo = try #require(output.repValues[rep.index])
            let reached = start + 2 * 53 / 58, left = start + 2 + 1 + 1 * 5 / 58
            #expect(abs(tempo["descent_s"]! - (reached - rep.startS)) <= frame, "\(tempo)")
            #expect(abs(tempo["bottom_s"]! - (left - reached)) <= frame, "\(tempo)")
            #expect(abs(tempo["ascent_s"]! - (rep.endS - left)) <= frame, "\(tempo)")
            #expect(abs(tempo["descent_s"]! + tempo["bottom_s"]! + tempo["ascent_s"]! - (rep.endS - rep.startS)) < 1e-9)
        }
        let tut = result.reps.map { $0.endS - $0.startS }.reduce(0, +)
        #expect(output.values["time_under_tension_s"] == tut)
    }

    /// A slow descent and a fast ascent read as such, and the window parameter is honoured.
    @Test func tellsSlowDescentFromFastAscent() throws {
        let (frames, _) = Self.set(descentS: 3, ascentS: 0.8)
        var config = AnalysisConfig()
        try config.apply(assignments: ["rep-tempo.bottom-window=0"])
        let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: Self.fps)
        let result = try AnalysisPipeline(registry: BuiltInPlugins.registry(adding: [RepTempoAnalyzer()]), config: config)
            .analyze(frames: frames, header: header)
        let output = try #require(result.analyzerOutputs["rep-tempo"])
        #expect(output.values["mean_descent_s"]! > 2 * output.values["mean_ascent_s"]!, "\(output.values)")
        // Window 0: the bottom is the frames at 60° only: the 1 s hold and the ascent's first frame.
        for rep in result.reps { #expect(abs(output.repValues[rep.index]!["bottom_s"]! - 1) < 1e-6) }
    }

    /// The standard job writes report.json with the tempo next to the built-in results.
    @Test func reportJSONHoldsTheTempo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("rep-tempo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try SyntheticLift(fps: Self.fps).writeLandmarkFile(Self.set(descentS: 2, ascentS: 1).frames,
                                                                       to: folder.appendingPathComponent("set.jsonl"))
        let job = AnalysisJob(registry: try BuiltInPlugins.registry(adding: [RepTempoAnalyzer()]),
                              options: AnalysisJob.Options(input: input.path, reportFolder: folder.appendingPathComponent("report").path))
        let outcome = try job.run()
        #expect(outcome.reportFiles.contains("report.json"))
        let data = try Data(contentsOf: folder.appendingPathComponent("report/report.json"))
        let json = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let tempo = try #require((json["analyzers"] as? [String: Any])?["rep-tempo"] as? [String: Any])
        let reps = try #require(tempo["reps"] as? [[String: Any]])
        #expect(reps.map { $0["index"] as? Int } == [1, 2])
        #expect((tempo["units"] as? [String: String])?["descent_s"] == "s")
        #expect((json["summary"] as? [String: Any])?["rep_count"] as? Int == 2)
    }
}
