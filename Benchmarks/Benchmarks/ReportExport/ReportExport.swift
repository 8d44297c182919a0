import Analyzers
import Benchmark
import BenchmarkFixtures
import Foundation
import PoseCore
import Reports

/// The report folder of one minute of lifting (1,800 frames at 30 fps, 17 reps, spine points):
/// report.html with its charts, report.json, reps.csv, frames.csv, angles.mot, landmarks.trc and
/// openpose/ (one JSON per frame), written to a temporary folder. Analysis before the measurement.
let frameCount = 1_800

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("report folder, 1 min of lifting (1,800 frames)") { (benchmark: Benchmark, report: ReportInput) in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-bench-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        benchmark.startMeasurement()
        let written = try ReportFolderWriter.write(report, to: folder)
        benchmark.stopMeasurement()
        blackHole(written.count)
    } setup: { () -> ReportInput in
        let frames = syntheticHingeFrames(frameCount, fatigue: 1)
        let header = LandmarkFileHeader(source: "bench", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        let result = try! AnalysisPipeline(registry: try! PluginRegistry(analyzers: BuiltInAnalyzers.all)).analyze(frames: frames, header: header)
        let document = AnalysisDocument(input: "bench.jsonl", header: header, frameCount: frames.count, result: result)
        return ReportInput(document: document, frames: frames, header: header)
    }
}
