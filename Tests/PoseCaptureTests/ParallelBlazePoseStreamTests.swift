import Foundation
import PoseCore
import Testing
@testable import PoseCapture

/// Segments of one video run at once (`blazepose.segments`).
@Suite struct ParallelBlazePoseStreamTests {
    static func settings(_ overrides: [String: String]) throws -> PluginSettings {
        try PluginSettings(descriptor: BlazePoseSource().descriptor, overrides: overrides)
    }

    /// The count depends on the video and the setting only, never on the machine: the same
    /// boundaries, so the same landmarks, on any machine and in batch.
    @Test func segmentCountFollowsTheSettingAndTheLengthOnly() throws {
        // One pass unless asked.
        #expect(try BlazePoseSource.segmentCount(frameCount: 4000, settings: Self.settings([:])) == 1)
        let auto = try Self.settings(["segments": "auto"])
        #expect(try BlazePoseSource.segmentCount(frameCount: 403, settings: auto) == 2)
        #expect(try BlazePoseSource.segmentCount(frameCount: 40_000, settings: auto) == 2)
        #expect(try BlazePoseSource.segmentCount(frameCount: 200, settings: auto) == 2)
        #expect(try BlazePoseSource.segmentCount(frameCount: 199, settings: auto) == 1)
        #expect(try BlazePoseSource.segmentCount(frameCount: 4000, settings: Self.settings(["threads": "2", "segments": "auto"])) == 2)
        #expect(try BlazePoseSource.segmentCount(frameCount: 4000, settings: Self.settings(["segments": "3"])) == 3)
        #expect(try BlazePoseSource.segmentCount(frameCount: 250, settings: Self.settings(["segments": "3"])) == 2)
        #expect(try BlazePoseSource.segmentCount(frameCount: 4000, settings: Self.settings(["segments": "1"])) == 1)
        for bad in ["0", "many", "1.5", "65"] {
            let error = #expect(throws: HingeCheckError.self) {
                try BlazePoseSource.segmentCount(frameCount: 4000, settings: Self.settings(["segments": bad]))
            }
            #expect(error?.message.contains("blazepose.segments") == true)
        }
    }

    /// Two segments of a real clip: every frame once, in order, with the one-pass stream's
    /// landmarks before the boundary and, after it, the same body points to a fraction of a pixel
    /// (the restarted track's ROI smoothing has another history).
    @Test(.enabled(if: BlazePoseFixtures.modelsInstalled, BlazePoseFixtures.skipMessage))
    func twoSegmentsDeliverEveryFrameInOrder() throws {
        let clip = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleVideos/deadlift-fatigue.mp4")
        func read(_ overrides: [String: String]) throws -> (frames: [PoseFrame], stream: any LandmarkStream) {
            let stream = try BlazePoseSource().open(.file(clip), settings: Self.settings(overrides.merging(["mask": "on"]) { $1 }))
            var frames: [PoseFrame] = []
            while let f = try stream.next() { frames.append(f) }
            return (frames, stream)
        }
        let one = try read(["segments": "1", "threads": "2"])
        let two = try read(["segments": "2"])
        // Fixed threads: the same two segments, one after another, the same landmarks.
        let inTurn = try read(["segments": "2", "threads": "2"])
        let parallel = try #require(two.stream as? ParallelBlazePoseStream)
        // One after another with the library's default threads (0): running them at once needs
        // threads = auto, which `analyze` sets in its own process (AnalyzeCommandTests checks
        // both ways give the same JSON); a test process running other suites must not retune
        // OpenCV's process-wide threads.
        #expect(!parallel.concurrent)
        #expect((inTurn.stream as? ParallelBlazePoseStream)?.concurrent == false)
        #expect(inTurn.frames.map(\.landmarks) == two.frames.map(\.landmarks))
        #expect(inTurn.frames.map(\.dorsalContour) == two.frames.map(\.dorsalContour))
        #expect(!(one.stream is ParallelBlazePoseStream))
        // Equal work: the second segment's 15 warm-up frames are taken from the first's share.
        #expect(parallel.boundaries == [209])
        #expect(ParallelBlazePoseStream.boundaries(segments: 3, frameCount: 300, warmupFrames: 30) == [120, 210])
        let b = parallel.boundaries[0]
        #expect(two.frames.count == one.frames.count && one.frames.count == 403)
        #expect(two.frames.map(\.index) == Array(0..<403))
        #expect(zip(two.frames, two.frames.dropFirst()).allSatisfy { $0.time < $1.time })
        #expect(two.frames.map(\.time) == one.frames.map(\.time))
        // Before the boundary: the same computation (one thread each way).
        for i in 0..<b {
            let shifts = zip(one.frames[i].landmarks, two.frames[i].landmarks).map { $0.point.distance(to: $1.point) }
            #expect((shifts.max() ?? 0) < 0.01, "frame \(i)")
        }
        // After it: shoulders and hips within 2 px (measured: 0.7 px at most with the kernels of
        // 2026-12-06, 1.4 px with those of 2026-12-07: the later segment's track has another
        // history, and where the two settle depends on the last bits of the network's sums), half
        // of all landmarks within 0.3 px; a frame out of order or from the wrong segment moves
        // them by tens.
        var body: [Double] = [], all: [Double] = []
        for i in b..<403 {
            let shifts = zip(one.frames[i].landmarks, two.frames[i].landmarks).map { $0.point.distance(to: $1.point) }
            try #require(shifts.count == 33, "frame \(i) lost its person")
            body += [11, 12, 23, 24].map { shifts[$0] }
            all += shifts
        }
        #expect((body.max() ?? 0) < 2.0, "shoulders/hips moved by up to \(body.max() ?? 0) px")
        #expect(all.sorted()[all.count / 2] < 0.3, "median shift \(all.sorted()[all.count / 2]) px")
        // Stage times count the second segment's warm-up frames too.
        let stages = try #require(two.stream.stageTimes)
        let networkFrames = stages.stages.filter { $0.name.hasPrefix("landmark network") }.reduce(0) { $0 + $1.count }
        #expect(networkFrames >= 403 + BlazePoseSource.segmentWarmupFrames)
    }
}
