import Foundation
import PoseCore
import Testing
import TestSupport
@testable import Workflows
import Analyzers
import Reports

@Suite struct AnalysisJobTests {
    func landmarkFile(_ losses: [Double]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-job-\(UUID().uuidString)/set.jsonl")
        let lift = SyntheticLift()
        return try lift.writeLandmarkFile(lift.frames(lift.set(reps: losses)), to: url)
    }

    @Test func jobAnalysesSavesAndReports() throws {
        let input = try landmarkFile([5, 25, 25])
        let folder = input.deletingLastPathComponent().appendingPathComponent("report").path
        let saved = input.deletingLastPathComponent().appendingPathComponent("copy.jsonl").path
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all, exporters: ReportExporters.all)
        var seen = 0
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path, saveLandmarks: saved, reportFolder: folder))
            .run(progress: { if case .landmarks(let n, _) = $0 { seen = n } })
        #expect(outcome.document.flaggedReps == [2, 3])
        #expect(seen == outcome.frames.count)
        #expect(outcome.streamError == nil)
        #expect(outcome.reportFiles.contains("report.html"))
        #expect(try LandmarkFile.read(from: URL(fileURLWithPath: saved)).frames == LandmarkFile.read(from: input).frames)
    }

    @Test func stoppingEarlyKeepsTheFramesSoFar() throws {
        let input = try landmarkFile([5, 5, 5])
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all)
        var n = 0
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path)).run(shouldStop: { n += 1; return n > 100 })
        #expect(outcome.frames.count == 100)
    }
}
