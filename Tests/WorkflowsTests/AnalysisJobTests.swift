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

    /// A video that decodes to far fewer frames than declared is named truncated; small
    /// shortfalls (containers that estimate their count) are not.
    @Test func shortInputWarningNeedsARealShortfall() throws {
        let warning = try #require(AnalysisJob.shortInputWarning(read: 151, declared: 374, input: "lift.mp4"))
        #expect(warning.contains("lift.mp4") && warning.contains("374") && warning.contains("151"))
        #expect(AnalysisJob.shortInputWarning(read: 374, declared: 374, input: "x") == nil)
        #expect(AnalysisJob.shortInputWarning(read: 370, declared: 374, input: "x") == nil)   // within 10 %
        #expect(AnalysisJob.shortInputWarning(read: 8, declared: 10, input: "x") == nil)      // under 3 frames
        #expect(AnalysisJob.shortInputWarning(read: 336, declared: 374, input: "x") != nil)
    }

    /// A landmark file with a header and no frames fails, naming the file, as batch does.
    @Test func aFileWithoutFramesFails() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-job-\(UUID().uuidString)/empty.jsonl")
        let input = try SyntheticLift().writeLandmarkFile([], to: url)
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all)
        let error = try #require(throws: HingeCheckError.self) { try AnalysisJob(registry: registry, options: .init(input: input.path)).run() }
        #expect(error.message.contains("no frame") && error.path == input.path)
    }

    @Test func stoppingEarlyKeepsTheFramesSoFar() throws {
        let input = try landmarkFile([5, 5, 5])
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all)
        var n = 0
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path)).run(shouldStop: { n += 1; return n > 100 })
        #expect(outcome.frames.count == 100)
    }
}
