import Analyzers
import PoseCore
import Testing
import TestSupport

/// The session every mode drives: a rolling (live) session judges a long set as the whole
/// analysis does while going over a window that does not grow with the set; the chain is
/// ordered by needs and emits.
@Suite struct AnalysisSessionTests {
    static let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: 30)

    /// `sets` sets of five reps (two of them rounded), each after 2 s of standing, with `restS` of
    /// standing between sets.
    static func longSession(sets: Int, restS: Double = 20) -> [PoseFrame] {
        let lift = SyntheticLift()
        var truth: [SyntheticLift.Truth] = []
        for _ in 0..<sets {
            truth += lift.set(standingS: 2, reps: [5, 25, 8, 22, 4])
            truth += Array(repeating: SyntheticLift.Truth(inclination: 2, lumbar: 30), count: Int(restS * lift.fps))
        }
        return lift.frames(truth)
    }

    @Test func aRollingSessionJudgesALongSetAsTheWholeAnalysisDoes() throws {
        let frames = Self.longSession(sets: 6)
        let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: BuiltInAnalyzers.all))
        let whole = try pipeline.analyze(frames: frames, header: Self.header)
        #expect(whole.reps.count == 30)
        #expect(whole.reps.filter { $0.postureLost == true }.count == 12)

        var session = try pipeline.makeSession(header: Self.header, retention: .rolling)
        var windows: [Int] = []
        var lastSnapshot = AnalysisSnapshot()
        for (i, frame) in frames.enumerated() {
            session.push(frame)
            if i % 5 == 0 {
                lastSnapshot = try session.snapshot()
                windows.append(lastSnapshot.samplesAnalysed)
            }
        }
        // Snapshots during the set carry the reps settled long ago with their verdicts.
        #expect(lastSnapshot.result.reps.count == 30)
        let rolling = try session.finish()
        #expect(rolling.reps == whole.reps)
        #expect(rolling.events == whole.events)
        #expect(rolling.reference == whole.reference)
        // The window: at most the 10 s before a cut, plus the rep under way and a second each side.
        let largest = try #require(windows.max())
        #expect(largest <= 20 * 30, "largest window \(largest) samples")
        #expect(session.samples.count < frames.count / 10)
        // Flat: the last set's windows are no larger than the first set's.
        let third = windows.count / 3
        #expect(windows.suffix(third).max()! <= windows.prefix(third).max()! + 30)
    }

    @Test func aLongLeaningRestStillBoundsTheWindow() throws {
        // Between sets the lifter rests bent over at 20° (between the reps analyser's exit, 15°,
        // and enter, 30°) for 90 s: a rep that followed would date from before the rest, but the
        // session keeps at most the last 60 s for it (`RepsSession.maxLeadS`, plus a second and
        // a trimming chunk of 64 samples), and the reps and verdicts stay those of the whole analysis.
        let lift = SyntheticLift()
        var truth: [SyntheticLift.Truth] = []
        for _ in 0..<3 {
            truth += lift.set(standingS: 2, reps: [5, 25, 8])
            truth += Array(repeating: SyntheticLift.Truth(inclination: 20, lumbar: 30), count: Int(90 * lift.fps))
        }
        let frames = lift.frames(truth)
        let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: BuiltInAnalyzers.all))
        let whole = try pipeline.analyze(frames: frames, header: Self.header)
        var session = try pipeline.makeSession(header: Self.header, retention: .rolling)
        var largest = 0
        for (i, frame) in frames.enumerated() {
            session.push(frame)
            if i % 10 == 0 { largest = max(largest, try session.snapshot().samplesAnalysed) }
        }
        #expect(largest <= 61 * 30 + 64, "largest window \(largest) samples")
        let rolling = try session.finish()
        #expect(rolling.reps.map(\.postureLost) == whole.reps.map(\.postureLost))
        #expect(rolling.reps.count == 9)
    }

    /// A rolling snapshot, over the samples the analysers still need, is the snapshot of a
    /// session that keeps every sample. The set leans between the exit and enter inclinations
    /// straight into a rep (samples dropped too early would move that rep's start) and ends in a
    /// descent (an open rep from a stale segmentation would show).
    @Test func everyRollingSnapshotIsTheWholeSessionsSnapshot() throws {
        let lift = SyntheticLift()
        var truth = lift.set(standingS: 2, reps: [5, 25, 8])
        truth += Array(repeating: SyntheticLift.Truth(inclination: 2, lumbar: 30), count: Int(12 * lift.fps))
        truth += Array(repeating: SyntheticLift.Truth(inclination: 20, lumbar: 30), count: Int(12 * lift.fps))
        truth += lift.set(standingS: 0, reps: [22]).drop { $0.inclination < 20 }
        truth += lift.set(standingS: 1, reps: [4])
        truth += lift.set(standingS: 1, reps: [20]).prefix(Int(2.5 * lift.fps))
        let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: BuiltInAnalyzers.all))
        var rolling = try pipeline.makeSession(header: Self.header, retention: .rolling)
        var whole = try pipeline.makeSession(header: Self.header)
        var open = 0, cut = 0
        for (i, frame) in lift.frames(truth).enumerated() {
            rolling.push(frame)
            whole.push(frame)
            guard i % 10 == 0 else { continue }
            let r = try rolling.snapshot(), w = try whole.snapshot()
            #expect(r.openRepIndex == w.openRepIndex, "frame \(i)")
            #expect(r.result.reps == w.result.reps, "frame \(i)")
            #expect(r.result.events == w.result.events, "frame \(i)")
            if w.openRepIndex != nil { open += 1 }
            if r.samplesAnalysed < w.samplesAnalysed { cut += 1 }
        }
        #expect(open > 10 && cut > 10, "\(open) snapshots with a rep under way, \(cut) of a cut window")
    }

    /// What needs every rep of the set is the whole set's in a live session too, not the last
    /// window's: the first set is shallow beside the later ones (its reps are partial by depth
    /// once the deeper sets come, not before), rounding grows set after set (a fatigue trend that
    /// only the whole set shows), and the first 150 s have no person (over half the frames, long
    /// cut out of the window by the end).
    @Test func aRollingSessionConcludesOverTheWholeSet() throws {
        let lift = SyntheticLift()
        var truth: [SyntheticLift.Truth] = []
        let rest = Array(repeating: SyntheticLift.Truth(inclination: 2, lumbar: 30), count: Int(20 * lift.fps))
        truth += lift.set(standingS: 2, reps: [2, 3, 4, 5, 6], peakDeg: 40) + rest
        let firstSetEnd = 150 * Int(lift.fps) + truth.count
        truth += lift.set(standingS: 2, reps: [8, 10, 12, 14, 16], peakDeg: 80) + rest
        truth += lift.set(standingS: 2, reps: [18, 20, 22, 24, 26], peakDeg: 80) + rest
        let absent = (0..<150 * Int(lift.fps)).map { PoseFrame(index: $0, time: Double($0) / lift.fps) }
        let frames = absent + lift.frames(truth).map {
            PoseFrame(index: $0.index + absent.count, time: $0.time + 150, landmarks: $0.landmarks, spine: $0.spine)
        }
        let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: BuiltInAnalyzers.all))
        let whole = try pipeline.analyze(frames: frames, header: Self.header)
        #expect(whole.reps.count == 15)
        #expect(whole.reps.map(\.partial) == Array(repeating: true, count: 5) + Array(repeating: false, count: 10))
        let trend = try #require(whole.fatigue)
        #expect(trend.slopeDegPerRep > 1, "slope \(trend.slopeDegPerRep)")
        #expect(whole.warnings.map(\.code).contains("no_person"))

        var session = try pipeline.makeSession(header: Self.header, retention: .rolling)
        var afterFirstSet: AnalysisSnapshot?
        for (i, frame) in frames.enumerated() {
            session.push(frame)
            guard i % 15 == 0 else { continue }
            let snapshot = try session.snapshot()
            if i >= firstSetEnd && afterFirstSet == nil { afterFirstSet = snapshot }
        }
        // After the first set alone, its reps are the set's typical depth: none is partial.
        let early = try #require(afterFirstSet)
        #expect(early.result.reps.count == 5)
        #expect(early.result.reps.allSatisfy { !$0.partial })
        let rolling = try session.finish()
        #expect(session.samples.count < frames.count / 10)
        #expect(rolling.reps == whole.reps)
        #expect(rolling.fatigue == whole.fatigue)
        #expect(rolling.warnings == whole.warnings)
    }

    @Test func aWholeSessionKeepsEverySample() throws {
        let frames = Self.longSession(sets: 1, restS: 2)
        var session = try AnalysisPipeline(registry: try PluginRegistry(analyzers: BuiltInAnalyzers.all)).makeSession(header: Self.header)
        for frame in frames { session.push(frame) }
        #expect(try session.snapshot().samplesAnalysed == frames.count)
        #expect(session.samples.count == frames.count)
    }

    /// Sinks see every frame as read with its sample, in order; one that throws is detached with
    /// its error kept, and neither changes the verdicts.
    @Test func sinksSeeEveryFrameAndAFailingOneIsDetached() throws {
        final class Recorder: AnalysisSink {
            var seen: [(index: Int, frameTime: Double, sampleTime: Double)] = []
            func receive(_ frame: PoseFrame, sample: KinematicSample) throws {
                seen.append((frame.index, frame.time, sample.time))
            }
        }
        struct DiskFull: Error {}
        final class FailsAtTen: AnalysisSink {
            var calls = 0
            func receive(_ frame: PoseFrame, sample: KinematicSample) throws {
                calls += 1
                if calls == 10 { throw DiskFull() }
            }
        }
        let frames = Self.longSession(sets: 1, restS: 2)
        let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: BuiltInAnalyzers.all))
        var plain = try pipeline.makeSession(header: Self.header)
        var session = try pipeline.makeSession(header: Self.header)
        let recorder = Recorder(), failing = FailsAtTen(), spool = try FrameSpool()
        defer { spool.remove() }
        session.attach(recorder)
        session.attach(failing)
        session.attach(spool)
        for frame in frames {
            plain.push(frame)
            session.push(frame)
        }
        #expect(recorder.seen.map(\.index) == frames.map(\.index))
        #expect(recorder.seen.allSatisfy { $0.frameTime == $0.sampleTime })
        #expect(failing.calls == 10, "detached after its error, not called again")
        #expect(session.failure(of: failing) is DiskFull)
        #expect(session.failure(of: recorder) == nil && session.failure(of: spool) == nil)
        // The sinks after the failing one still got every frame.
        #expect(spool.count == frames.count)
        #expect(try PoseFrames(spool: spool).array() == frames)
        let withSinks = try session.finish(), without = try plain.finish()
        #expect(withSinks.reps == without.reps && withSinks.events == without.events)
        #expect(withSinks.reps.count == 5)
    }

    struct Stub: PostureAnalyzerPlugin {
        var id: String
        var needs: [ResultStream]
        var emits: [ResultStream]
        var descriptor: PluginDescriptor { PluginDescriptor(id: id, kind: .analyzer, summary: "test", needs: needs, emits: emits) }
        func makeSession(settings: PluginSettings, context: AnalysisContext) throws -> any AnalyzerSession { Session() }
        struct Session: AnalyzerSession {
            mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {}
            mutating func finish(into result: inout AnalysisResult) {}
        }
    }

    @Test func needsAndEmitsDecideTheOrder() throws {
        let late = Stub(id: "depth", needs: ["reps", "rep-verdicts"], emits: ["depth"])
        let order = try AnalyzerOrder.ordered([late] + BuiltInAnalyzers.all).map(\.descriptor.id)
        #expect(order == ["reps", "lumbar-curve", "spine-rounding", "shear-guard", "depth", "fatigue-trend"])
        // The built-in chain keeps its order.
        #expect(try AnalyzerOrder.ordered(BuiltInAnalyzers.all).map(\.descriptor.id) == BuiltInAnalyzers.all.map(\.descriptor.id))
    }

    @Test func aMissingInputOrACycleFailsWhenTheChainIsBuilt() throws {
        let orphan = Stub(id: "bar-path", needs: ["bar"], emits: ["bar-path"])
        let missing = #expect(throws: HingeCheckError.self) { try AnalyzerOrder.ordered(BuiltInAnalyzers.all + [orphan]) }
        #expect(missing?.message.contains("\"bar-path\" needs \"bar\"") == true)
        let a = Stub(id: "a", needs: ["b-out"], emits: ["a-out"]), b = Stub(id: "b", needs: ["a-out"], emits: ["b-out"])
        let cycle = #expect(throws: HingeCheckError.self) { try AnalyzerOrder.ordered([a, b]) }
        #expect(cycle?.message.contains("\"a\" and \"b\"") == true)
        // The session is built with the same check.
        let registry = try PluginRegistry(analyzers: BuiltInAnalyzers.all + [orphan])
        #expect(throws: HingeCheckError.self) { try AnalysisPipeline(registry: registry).makeSession(header: Self.header) }
    }
}
