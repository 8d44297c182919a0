import Analyzers
import Benchmark
import Foundation
import PoseCore

/// The analyzer chain (kinematics + every built-in analyzer) over a long synthetic set of
/// hinges with spine points. Target (issue 5): ≥ 1,000,000 frames per second on one core.
/// One iteration analyses 100,000 frames: frames per second = 100,000 / wall-clock time.
let frameCount = 100_000

func syntheticFrames(_ n: Int) -> [PoseFrame] {
    (0..<n).map { i in
        let t = Double(i) / 30
        let incl = 2 + 58 * max(0, sin(t * 2 * .pi / 3.5))            // a rep every 3.5 s
        let lumbar = 30 - 20 * max(0, sin(t * 2 * .pi / 3.5))
        let th = incl * .pi / 180, hip = Point2(320, 300)
        let sh = hip + Point2(sin(th), -cos(th)) * 150
        var lms = Array(repeating: Landmark(x: 320, y: 300, visibility: 0.9), count: 33)
        lms[BodyLandmark.leftShoulder.rawValue] = Landmark(x: sh.x, y: sh.y, visibility: 0.9)
        lms[BodyLandmark.rightShoulder.rawValue] = Landmark(x: sh.x, y: sh.y, visibility: 0.9)
        lms[BodyLandmark.leftKnee.rawValue] = Landmark(x: 340, y: 420, visibility: 0.9)
        lms[BodyLandmark.leftAnkle.rawValue] = Landmark(x: 330, y: 540, visibility: 0.9)
        lms[BodyLandmark.nose.rawValue] = Landmark(x: sh.x + 40, y: sh.y - 30, visibility: 0.9)
        lms[BodyLandmark.leftFootIndex.rawValue] = Landmark(x: 360, y: 540, visibility: 0.9)
        let b = lumbar * .pi / 360
        let s1 = Point2(300, 300), l3 = s1 + Point2(sin(th + b), -cos(th + b)) * 45, t12 = l3 + Point2(sin(th - b), -cos(th - b)) * 45
        return PoseFrame(index: i, time: t, landmarks: lms,
                         spine: [SpinePoint(site: .t12, x: t12.x, y: t12.y), SpinePoint(site: .l3, x: l3.x, y: l3.y),
                                 SpinePoint(site: .s1, x: s1.x, y: s1.y)], personScore: 0.95)
    }
}

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
        syntheticFrames(frameCount)
    }
}
