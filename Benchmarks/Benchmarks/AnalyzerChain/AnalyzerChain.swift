import Analyzers
import Benchmark
import BenchmarkFixtures
import Foundation
import PoseCore

/// The analyzer chain (kinematics + every built-in analyzer) over a long synthetic set of
/// hinges with spine points. Target (issue 5): ≥ 1,000,000 frames per second on one core.
/// One iteration analyses 100,000 frames: frames per second = 100,000 / wall-clock time.
let frameCount = 100_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("analyzer chain, 100k frames per iteration") { benchmark, frames in
        let registry = try PluginRegistry(analyzers: BuiltInAnalyzers.all)
        let pipeline = AnalysisPipeline(registry: registry)
        let header = LandmarkFileHeader(source: "bench", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        benchmark.startMeasurement()
        let result = try pipeline.analyze(frames: frames, header: header)
        blackHole(result.reps.count)
    } setup: {
        syntheticHingeFrames(frameCount)
    }
}
