import Benchmark
import Foundation
import PoseCapture

/// BlazePose (detector once, then the landmark model on the tracked ROI) per frame, on frames
/// decoded before the measurement: the networks alone, without decoding. Two variants: landmarks
/// only, and with the segmentation mask and dorsal contour (what `analyze` runs on video).
/// One iteration processes every frame of the clip once: frames per second = frames / time.
/// Skipped (with a note) when the models are not installed (`hingecheck models install`).
/// Clip: $HINGECHECK_BENCH_VIDEO, else SampleVideos/deadlift-fatigue.mp4; at most 150 frames.
/// Threads: $HINGECHECK_BENCH_THREADS (default 0 = OpenCV's default, one per core).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let clip = ProcessInfo.processInfo.environment["HINGECHECK_BENCH_VIDEO"]
    ?? repository.appendingPathComponent("SampleVideos/deadlift-fatigue.mp4").path
let threads = Int(ProcessInfo.processInfo.environment["HINGECHECK_BENCH_THREADS"] ?? "") ?? 0

func decodedFrames(_ path: String, limit: Int) throws -> [(BGRImage, Double)] {
    let source = try VideoFileSource(path: path)
    var out: [(BGRImage, Double)] = []
    while out.count < limit, let f = try source.read({ view in (view.copy(), view.time) }) { out.append(f) }
    return out
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident],
                                           maxDuration: .seconds(15), maxIterations: 10)
    let models = ModelStore()
    guard (try? models.verify()) != nil else {
        let note = "Landmarks: BlazePose models not found in \(models.directory.path) (\(ModelStore.installHint)); benchmarks skipped\n"
        FileHandle.standardError.write(Data(note.utf8))
        return
    }
    guard let frames = try? decodedFrames(clip, limit: 150), !frames.isEmpty else {
        FileHandle.standardError.write(Data("Landmarks: cannot decode \(clip); skipped\n".utf8))
        return
    }
    for mask in [false, true] {
        let name = "blazepose \(mask ? "landmarks+mask" : "landmarks"), \(frames.count) frames of \(URL(fileURLWithPath: clip).lastPathComponent)"
        Benchmark(name) { benchmark in
            let estimator = try BlazePoseEstimator(models: models, options: .init(threads: threads, computeMask: mask))
            benchmark.startMeasurement()
            var found = 0
            for (image, time) in frames where try estimator.process(image, time: time).found { found += 1 }
            blackHole(found)
        }
    }
}
