import Analyzers
import Foundation
import PoseCore
import Testing
import TestSupport
@testable import Workflows

/// The live cue logic on synthetic sets with known losses (no video).
@Suite struct LiveAnalysisTests {
    static func registry() throws -> PluginRegistry { try PluginRegistry(analyzers: BuiltInAnalyzers.all) }
    static let header = LandmarkFileHeader(source: "markers", skeleton: .blazePose33, width: 640, height: 480, fps: 30)

    /// Feeds a set frame by frame as the live session does.
    static func replay(_ losses: [Double], profile: AthleteProfile? = nil) throws -> (banners: [(KinematicSample, LiveBanner)], tracker: LiveCueTracker, frames: [PoseFrame]) {
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(reps: losses))
        var tracker = try LiveCueTracker(analyzer: try LiveAnalyzer(registry: registry(), config: AnalysisConfig(), profile: profile), header: header)
        var out: [(KinematicSample, LiveBanner)] = []
        for f in frames {
            let step = try tracker.observe(f, forceAnalysis: true)
            out.append((step.sample, step.banner))
        }
        return (out, tracker, frames)
    }

    @Test func confirmedCuesFallInTheRoundedRepsOnly() throws {
        let (banners, tracker, frames) = try Self.replay([5, 25, 25])
        let batch = try AnalysisPipeline(registry: Self.registry()).analyze(frames: frames, header: Self.header)
        let flagged = batch.reps.filter { $0.postureLost == true }
        #expect(flagged.map(\.index) == [2, 3])
        for rep in batch.reps {
            let during = banners.filter { $0.0.time >= rep.startS && $0.0.time <= rep.endS }
            let confirmed = during.contains { $0.1 == .confirmed }
            #expect(confirmed == (rep.postureLost == true), "rep \(rep.index)")
        }
        // Provisional comes first; confirmed once shear-guard's 0.2 s minimum is met (its centred median
        // dates the run from a frame or two before the trailing live median crossed the threshold).
        let rep2 = batch.reps[1]
        let seq = banners.filter { $0.0.time >= rep2.startS && $0.0.time <= rep2.endS }
        let firstProvisional = try #require(seq.first { $0.1 == .provisional }?.0.time)
        let firstConfirmed = try #require(seq.first { $0.1 == .confirmed }?.0.time)
        #expect(firstProvisional < firstConfirmed)
        #expect(firstConfirmed - firstProvisional >= 0.06 && firstConfirmed - firstProvisional <= 0.4, "provisional at \(firstProvisional) s, confirmed at \(firstConfirmed) s")
        // The live analysis at the end is the batch analysis (no rep open any more).
        #expect(tracker.analysis.openRepIndex == nil)
        #expect(tracker.analysis.result.reps.map(\.postureLost) == batch.reps.map(\.postureLost))
        #expect(tracker.analysis.result.events.count == batch.events.count)
    }

    @Test func aNeutralSetNeverShowsTheRedBanner() throws {
        let (banners, _, _) = try Self.replay([4, 6, 5])
        #expect(!banners.contains { $0.1 == .confirmed })
    }

    @Test func theOpenRepIsJudgedBeforeLockout() throws {
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(reps: [25]))
        let batch = try AnalysisPipeline(registry: Self.registry()).analyze(frames: frames, header: Self.header)
        let rep = try #require(batch.reps.first)
        // Cut the set just after the bottom: the segmenter has no rep yet, the live analysis has an open one.
        var session = try AnalysisPipeline(registry: Self.registry()).makeSession(header: Self.header, retention: .rolling)
        for f in frames where f.time <= rep.bottomS + 0.3 { session.push(f) }
        #expect(RepSegmenter().segment(session.samples).isEmpty)
        let live = try session.snapshot()
        #expect(live.openRepIndex == 1)
        #expect(live.result.reps.count == 1)
        #expect(live.result.reps[0].postureLost == true)
        #expect(!live.result.warnings.contains { $0.code == "unfinished_rep" })
    }

    @Test func calibrationFindsTheStandingNeutral() throws {
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(standingS: 2.5, reps: [5], neutral: 30))
        var kin = KinematicsCalculator()
        var calibration = LiveCalibration(spinePoints: true, holdS: 2, profile: nil)
        var doneAt: Double?
        for f in frames {
            let s = kin.sample(f)
            calibration.observe(s)
            if doneAt == nil, calibration.isDone { doneAt = s.time }
        }
        guard case .done(let neutral?, let note) = calibration.status else {
            Issue.record("calibration did not finish: \(calibration.status)")
            return
        }
        #expect(abs(neutral - 30) < 1.5)
        #expect(note.contains("quiet standing"))
        #expect(abs((doneAt ?? 0) - 2) < 0.1)
    }

    @Test func calibrationWithoutStandingSaysSo() throws {
        let lift = SyntheticLift()
        let frames = lift.frames(lift.set(standingS: 0.2, reps: [5]))
        var kin = KinematicsCalculator()
        var calibration = LiveCalibration(spinePoints: true, holdS: 2, profile: nil)
        for f in frames { calibration.observe(kin.sample(f)) }
        guard case .done(nil, let note) = calibration.status else {
            Issue.record("expected an uncalibrated outcome, got \(calibration.status)")
            return
        }
        #expect(note.contains("uncalibrated"))
    }

    @Test func aProfileSkipsCalibrationAndMarkerlessSaysNeutralIsUnused() {
        let withProfile = LiveCalibration(spinePoints: true, profile: AthleteProfile(name: "me", neutralLumbarDeg: 28))
        #expect(withProfile.isDone)
        var markerless = LiveCalibration(spinePoints: false, holdS: 0.1, profile: nil)
        for i in 0..<10 {
            markerless.observe(KinematicSample(index: i, time: Double(i) / 30, trunkInclinationDeg: 2, lumbarAngleDeg: -5,
                                               lumbarMethod: .dorsalContour, confidence: 0.9))
        }
        guard case .done(nil, let note) = markerless.status else {
            Issue.record("markerless calibration: \(markerless.status)")
            return
        }
        #expect(note.contains("docs/method.md"))
    }
}
