import Analyzers
import Benchmark
import BenchmarkFixtures
import Foundation
import PoseCore

/// The analyzer chain (kinematics + every built-in analyzer) over a long synthetic set of
/// hinges, with spine points (markers) and with a dorsal contour per frame (markerless: the
/// contour's angles are computed per frame). Target (issue 5): ≥ 1,000,000 frames per second on one core.
/// One iteration analyses 100,000 frames: frames per second = 100,000 / wall-clock time.
let frameCount = 100_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(10), maxIterations: 20)

    for markerless in [false, true] {
        let name = markerless ? "analyzer chain, markerless (dorsal contour), 100k frames per iteration"
                              : "analyzer chain, 100k frames per iteration"
        Benchmark(name) { benchmark, frames in
            let registry = try PluginRegistry(analyzers: BuiltInAnalyzers.all)
            let pipeline = AnalysisPipeline(registry: registry)
            let header = LandmarkFileHeader(source: "bench", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
            benchmark.startMeasurement()
            let result = try pipeline.analyze(frames: frames, header: header)
            // A chain that judged nothing would be fast for the wrong reason.
            precondition(!result.reps.isEmpty && result.reps.allSatisfy { $0.postureLost != nil })
            blackHole(result.reps.count)
        } setup: {
            syntheticHingeFrames(frameCount, markerless: markerless)
        }
    }
}
