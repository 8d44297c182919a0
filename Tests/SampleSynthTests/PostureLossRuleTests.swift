import Foundation
import PoseCore
import Testing
@testable import SampleSynth

@Suite("Posture-lost rule")
struct PostureLossRuleTests {
    private func frames(_ flex: [Double], trunk: Double = 50) -> [FrameTruth] {
        flex.enumerated().map { i, f in
            FrameTruth(index: i, time: Double(i) / 30, phase: .bottom, rep: 0, trunkInclinationDeg: trunk, hipFlexionDeg: 0,
                       kneeFlexionDeg: 0, lumbarAngleDeg: 30 - f, lumbarFlexionDeg: f, thoracicAngleDeg: 25, loaded: true,
                       postureLost: false, landmarks: [], spine: [], markers: [])
        }
    }

    @Test("no frames, no intervals")
    func empty() {
        #expect(PostureLossRule.default.intervals(of: [], fps: 30).isEmpty)
    }

    @Test("a run shorter than 0.2 s is ignored; 6 frames at 30 fps is an interval")
    func minimumDuration() {
        let rule = PostureLossRule.default
        let five = frames([0, 16, 16, 16, 16, 16, 0])
        #expect(rule.intervals(of: five, fps: 30).isEmpty)
        let six = frames([0, 16, 16, 16, 16, 16, 16, 0, 20])
        let iv = rule.intervals(of: six, fps: 30)
        #expect(iv.count == 1)
        #expect(iv.first?.startFrame == 1 && iv.first?.endFrame == 6)
        #expect(abs((iv.first?.durationS ?? 0) - 0.2) < 1e-9)
        #expect(iv.first?.peakLumbarFlexionDeg == 16)
    }

    @Test("thresholds are inclusive and both conditions are needed")
    func thresholds() {
        let rule = PostureLossRule.default
        #expect(rule.isFlagged(trunkInclinationDeg: 30, lumbarFlexionDeg: 15))
        #expect(!rule.isFlagged(trunkInclinationDeg: 29.999, lumbarFlexionDeg: 40))
        #expect(!rule.isFlagged(trunkInclinationDeg: 80, lumbarFlexionDeg: 14.999))
        #expect(rule.intervals(of: frames(Array(repeating: 20, count: 20), trunk: 20), fps: 30).isEmpty)
    }

    @Test("the truth's intervals follow the written rule", arguments: [SynthScenario.deadliftFatigue, .deadliftSudden, .deadliftNeutral])
    func truthFollowsRule(scenario: SynthScenario) throws {
        let synth = try SampleSynthesizer(options: testOptions(scenario, width: 160, height: 90))
        let truth = synth.truth(videoFile: "x.mp4")
        let rule = truth.rule
        #expect(rule == PostureLossRule.default)
        #expect(rule.text.contains("15") && rule.text.contains("30") && rule.text.contains("0.2"))
        // Recompute independently: runs of flagged frames of at least ceil(0.2 × fps) frames.
        let fps = truth.video.fps
        let minFrames = Int((rule.minDurationS * fps - 1e-9).rounded(.up))
        var expected: [ClosedRange<Int>] = []
        var start: Int?
        for f in truth.frames {
            let flagged = f.trunkInclinationDeg >= 30 && f.lumbarFlexionDeg >= 15
            if flagged, start == nil { start = f.index }
            if !flagged, let s = start {
                if f.index - s >= minFrames { expected.append(s...(f.index - 1)) }
                start = nil
            }
        }
        if let s = start, truth.frames.count - s >= minFrames { expected.append(s...(truth.frames.count - 1)) }
        #expect(truth.postureLost.map { $0.startFrame...$0.endFrame } == expected)
        for f in truth.frames {
            #expect(f.postureLost == expected.contains { $0.contains(f.index) })
            #expect(f.loaded == (f.trunkInclinationDeg >= 30))
        }
        switch scenario {
        case .deadliftFatigue:
            #expect(truth.reps.map(\.postureLost) == [false, false, true, true, true])
        case .deadliftSudden:
            #expect(truth.reps.map(\.postureLost) == [false, false, true, false])
            let iv = try #require(truth.postureLost.first)
            // Sudden: lost as the bar leaves the floor, i.e. after the bottom of rep 3.
            #expect(iv.startTimeS >= truth.reps[2].bottomEndTimeS && iv.startTimeS < truth.reps[2].bottomEndTimeS + 0.3)
        default:
            #expect(truth.postureLost.isEmpty)
        }
    }
}
