import Analyzers
import Benchmark
import Foundation
import PoseCore
import Reports

/// The report folder of one minute of lifting (1,800 frames at 30 fps, 17 reps, spine points):
/// report.html with its charts, report.json, reps.csv, frames.csv, angles.mot, landmarks.trc and
/// openpose/ (one JSON per frame), written to a temporary folder. Analysis before the measurement.
let frameCount = 1_800

func syntheticFrames(_ n: Int) -> [PoseFrame] {
    (0..<n).map { i in
        let t = Double(i) / 30
        let depth = max(0, sin(t * 2 * .pi / 3.5))                        // a rep every 3.5 s
        let incl = 2 + 58 * depth, lumbar = 30 - 20 * depth * (1 + Double(i) / Double(n))
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

    Benchmark("report folder, 1 min of lifting (1,800 frames)") { (benchmark: Benchmark, report: ReportInput) in
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-bench-report-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        benchmark.startMeasurement()
        let written = try ReportFolderWriter.write(report, to: folder)
        benchmark.stopMeasurement()
        blackHole(written.count)
    } setup: { () -> ReportInput in
        let frames = syntheticFrames(frameCount)
        let header = LandmarkFileHeader(source: "bench", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        let result = try! AnalysisPipeline(registry: try! PluginRegistry(analyzers: BuiltInAnalyzers.all)).analyze(frames: frames, header: header)
        let document = AnalysisDocument(input: "bench.jsonl", header: header, frameCount: frames.count, result: result)
        return ReportInput(document: document, frames: frames, header: header)
    }
}
