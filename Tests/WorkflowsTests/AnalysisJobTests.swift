import Foundation
import PoseCore
import Testing
import TestSupport
@testable import Workflows
import PoseCapture
import Analyzers
import Reports

@Suite struct AnalysisJobTests {
    /// A set's landmark file, in a temporary folder of its own that the caller removes.
    func landmarkFile(_ losses: [Double]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-job-\(UUID().uuidString)/set.jsonl")
        let lift = SyntheticLift()
        return try lift.writeLandmarkFile(lift.frames(lift.set(reps: losses)), to: url)
    }

    /// The BlazePose source analyses with its mask on, and its mask gate follows shear-guard's
    /// loaded inclination down by the margin between the two descriptors' defaults (20° under 30°).
    @Test(arguments: [([String](), "on", 20.0), (["shear-guard.loaded-inclination=25"], "on", 15.0),
                      (["shear-guard.loaded-inclination=5"], "on", 0.0), (["shear-guard.loaded-inclination=45"], "on", 20.0),
                      (["shear-guard.loaded-inclination=25", "blazepose.mask-from-inclination=12"], "on", 12.0),
                      (["blazepose.mask=off"], "off", 20.0)])
    func blazePoseSettingsFollowShearGuard(assignments: [String], mask: String, gate: Double) throws {
        var config = AnalysisConfig()
        try config.apply(assignments: assignments)
        let settings = try AnalysisJob.analysisSettings(for: BlazePoseSource(), config: config)
        #expect(settings.text("mask") == mask)
        #expect(try settings.number("mask-from-inclination") == gate)
    }

    @Test func jobAnalysesSavesAndReports() throws {
        let input = try landmarkFile([5, 25, 25])
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let folder = input.deletingLastPathComponent().appendingPathComponent("report").path
        let saved = input.deletingLastPathComponent().appendingPathComponent("copy.jsonl").path
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all, exporters: ReportExporters.all)
        var seen = 0
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path, saveLandmarks: saved, reportFolder: folder))
            .run(progress: { if case .landmarks(let n, _) = $0 { seen = n } })
        #expect(outcome.document.flaggedReps == [2, 3])
        #expect(seen == outcome.frameCount)
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
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all)
        let error = try #require(throws: HingeCheckError.self) { try AnalysisJob(registry: registry, options: .init(input: input.path)).run() }
        #expect(error.message.contains("no frame") && error.path == input.path)
    }

    @Test func stoppingEarlyKeepsTheFramesSoFar() throws {
        let input = try landmarkFile([5, 5, 5])
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all)
        var n = 0
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path)).run(shouldStop: { n += 1; return n > 100 })
        #expect(outcome.frameCount == 100)
    }

    /// `analyze --report` spools the frames and writes the folder from the spool: the same bytes
    /// as the report written from the frames in memory, and no frame kept in the outcome.
    @Test func theSpooledReportIsTheInMemoryReport() throws {
        let input = try landmarkFile([5, 25, 8, 25])
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let base = input.deletingLastPathComponent()
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all, exporters: ReportExporters.all)
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path, reportFolder: base.appendingPathComponent("job").path))
            .run()
        #expect(outcome.frames == nil && outcome.reportError == nil)
        let frames = try LandmarkFile.read(from: input).frames
        #expect(outcome.frameCount == frames.count)
        let memory = base.appendingPathComponent("memory").path
        _ = try ReportBuilder.write(document: outcome.document, frames: frames, header: outcome.header, registry: registry,
                                    config: AnalysisConfig(), folder: memory, video: nil, annotated: false)
        let fm = FileManager.default
        let names = try fm.subpathsOfDirectory(atPath: memory).sorted()
        #expect(try fm.subpathsOfDirectory(atPath: base.appendingPathComponent("job").path).sorted() == names)
        #expect(names.contains("landmarks.trc") && names.contains("openpose"))
        for name in names {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: memory + "/" + name, isDirectory: &isDir), !isDir.boolValue else { continue }
            #expect(fm.contents(atPath: memory + "/" + name) == fm.contents(atPath: base.appendingPathComponent("job/" + name).path),
                    "\(name) differs")
        }
    }

    /// `keepFrames` (batch) gives the frames back from the spool, equal to the file's.
    @Test func keptFramesAreTheFramesRead() throws {
        let input = try landmarkFile([5, 25])
        defer { try? FileManager.default.removeItem(at: input.deletingLastPathComponent()) }
        let registry = try PluginRegistry(sources: [JSONLLandmarkSource()], analyzers: BuiltInAnalyzers.all)
        let outcome = try AnalysisJob(registry: registry, options: .init(input: input.path, keepFrames: true)).run()
        let frames = try LandmarkFile.read(from: input).frames
        let kept = try #require(outcome.frames)
        #expect(try kept.array() == frames)
        // The rep pictures' frames, found in one pass over the spool, are those of the array:
        // for each rep, the first frame closest in time to its worst moment (bottom when unknown).
        var closest: [Int: Int] = [:]
        for rep in outcome.document.result.reps {
            let t = rep.worstMomentS ?? rep.bottomS
            closest[rep.index] = frames.min { abs($0.time - t) < abs($1.time - t) }!.index
        }
        #expect(try OverlayVideo.pictureFrames(result: outcome.document.result, frames: kept) == closest)
        #expect(!outcome.document.result.reps.isEmpty)
    }
}
