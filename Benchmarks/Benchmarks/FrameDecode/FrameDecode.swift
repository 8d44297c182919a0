import Benchmark
import Foundation
import PoseCapture

/// Frame decoding (FFmpeg through the OpenCV shim) of a whole clip, BGR frames lent to a closure.
/// One iteration decodes the clip once: frames per second = frames / wall-clock time.
/// Clip: $HINGECHECK_BENCH_VIDEO, else SampleVideos/deadlift-fatigue.mp4 (640×360, H.264).
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let clip = ProcessInfo.processInfo.environment["HINGECHECK_BENCH_VIDEO"]
    ?? repository.appendingPathComponent("SampleVideos/deadlift-fatigue.mp4").path

func frameCount(_ path: String) throws -> Int {
    let source = try VideoFileSource(path: path)
    var n = 0
    while try source.read({ _ in () }) != nil { n += 1 }
    return n
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .peakMemoryResident, .mallocCountTotal],
                                           maxDuration: .seconds(10), maxIterations: 20)
    guard let frames = try? frameCount(clip), frames > 0 else {
        FileHandle.standardError.write(Data("FrameDecode: cannot decode \(clip); skipped\n".utf8))
        return
    }
    Benchmark("decode \(URL(fileURLWithPath: clip).lastPathComponent), \(frames) frames per iteration",
              configuration: .init(scalingFactor: .one)) { benchmark in
        let source = try VideoFileSource(path: clip)
        var checksum = 0
        while let v = try source.read({ view in Int(view.pixels[view.pixels.count / 2]) }) { checksum &+= v }
        blackHole(checksum)
    }
}
