import Testing
@testable import Analyzers
import PoseCore
import TestSupport

/// The built-in analysers do their work as the samples arrive: the reps analyser finds a rep
/// at its lockout, and each rep is judged in `observe` once its frames are in, so `finish`
/// has nothing left but what a figure known only at the end changes.
@Suite struct StreamingAnalysisTests {
    static let header = AnalysisSessionTests.header

    /// The built-in chain's sessions, as a whole-input session makes them.
    static func sessions() throws -> [any AnalyzerSession] {
        try AnalyzerOrder.ordered(BuiltInAnalyzers.all).map {
            try $0.makeSession(settings: PluginSettings(descriptor: $0.descriptor), context: AnalysisContext(header: header))
        }
    }

    static func samples(_ frames: [PoseFrame]) -> [KinematicSample] {
        var kinematics = KinematicsCalculator(settings: KinematicsCalculator.Settings().forImage(of: header))
        return frames.map { kinematics.sample($0) }
    }

    @Test func theSegmenterFindsEachRepRadiusSamplesAfterItsLockout() {
        let samples = Self.samples(AnalysisSessionTests.longSession(sets: 2))
        var stream = RepSegmentingStream(segmenter: RepSegmenter())
        var found: [(rep: Rep, at: Int)] = []
        for (i, sample) in samples.enumerated() {
            for rep in stream.push(sample) { found.append((rep, i)) }
        }
        #expect(stream.finish().isEmpty)
        // The same reps as the whole-input pass, each as soon as its smoothed lockout is known.
        #expect(found.map(\.rep) == RepSegmenter().segmentWithTail(samples, markingShallow: false).reps)
        #expect(found.count == 10)
        #expect(stream.radiiUsed == [1])   // 0.1 s at 30 fps: 3 samples, 1 each side
        for (rep, at) in found {
            let lockout = try! #require(samples.firstIndex { $0.time == rep.endS })
            #expect(at == lockout + 1)
        }
    }

    @Test func eachRepIsJudgedInObserveOnceItsFramesAreIn() throws {
        let frames = AnalysisSessionTests.longSession(sets: 1)
        var sessions = try Self.sessions()
        var result = AnalysisResult()
        var judgedAtS: [Int: Double] = [:]
        for sample in Self.samples(frames) {
            result.samples.append(sample)
            for i in sessions.indices { sessions[i].observe(sample, into: &result) }
            for rep in result.reps where judgedAtS[rep.index] == nil && rep.thresholdDeg != nil {
                // Judged at this sample by shear-guard; lumbar-curve and spine-rounding before it.
                #expect(rep.peakLumbarFlexionDeg != nil && rep.thoracicAngleDeg != nil)
                judgedAtS[rep.index] = sample.time
            }
        }
        #expect(result.reps.count == 5)
        for rep in result.reps {
            let at = try #require(judgedAtS[rep.index], "rep \(rep.index) was not judged in observe")
            #expect(at >= rep.endS + RepCursor.lookaheadS && at < rep.endS + RepCursor.lookaheadS + 0.1)
        }
        // Two of the five reps are rounded (`longSession`).
        #expect(result.reps.map(\.postureLost) == [false, true, false, true, false])
        #expect(result.events.count == 2)
        // A steady 30 fps stream: the end changes no judgement.
        let observed = result
        for i in sessions.indices { sessions[i].finish(into: &result) }
        #expect(result.reps == observed.reps)
        #expect(result.events == observed.events)
    }

    @Test func aRepJudgedWithTheWrongRadiusIsJudgedAgainAtTheEnd() throws {
        // The first set filmed at 60 fps, the second at 15 fps: while the first set is judged the
        // frame interval says 3 samples each side for 0.1 s; the whole input's mean says fewer.
        let fast = SyntheticLift(fps: 60), slow = SyntheticLift(fps: 15)
        var frames = fast.frames(fast.set(standingS: 2, reps: [5, 25, 8]))
        let offset = frames.count, start = frames.last!.time + 1 / 15
        for var frame in slow.frames(slow.set(standingS: 2, reps: [5, 25, 8])) {
            frame.index += offset
            frame.time += start
            frames.append(frame)
        }
        let samples = Self.samples(frames)
        var sessions = try Self.sessions()
        var result = AnalysisResult()
        for sample in samples {
            result.samples.append(sample)
            for i in sessions.indices { sessions[i].observe(sample, into: &result) }
        }
        let observed = result
        for i in sessions.indices { sessions[i].finish(into: &result) }

        // What the whole input gives: the segmentation and the lumbar minimum at its radius.
        let reps = RepSegmenter().segmentWithTail(samples, markingShallow: false).reps
        #expect(result.reps.map(RepCursor.Segment.init) == reps.map(RepCursor.Segment.init))
        let radius = SignalTools.samples(for: 0.1, in: samples) / 2
        let lumbar = SignalTools.movingMedian(samples.map { $0.confidence >= 0.5 ? $0.lumbarAngleDeg : nil }, radius: radius)
        let expected = result.reps.map { rep in
            SignalTools.indices(from: rep.startS, to: rep.endS, in: samples).compactMap { lumbar[$0] }.min()
        }
        #expect(result.reps.map(\.minLumbarAngleDeg) == expected)
        // ... which is not what the first set was judged with on the way.
        #expect(radius != 3)
        #expect(observed.reps.prefix(3).map(\.minLumbarAngleDeg) != Array(expected.prefix(3)))
    }
}
