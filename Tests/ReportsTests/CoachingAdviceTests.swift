import Foundation
import PoseCore
@testable import Reports
import Testing
import TestSupport

/// The coaching advice is read from the per-rep verdicts: sets analysed from SyntheticLift
/// (spine points, known lumbar flexion per rep, limit 15°), and verdicts changed by hand for
/// the can't-tell reasons.
@Suite struct CoachingAdviceTests {
    func set(_ losses: [Double]) throws -> AnalysisResult {
        let lift = SyntheticLift()
        return try ReportFixtures.analysed(lift.frames(lift.set(reps: losses)), source: "markers").document.result
    }

    func kinds(_ advice: [CoachingAdvice]) -> [CoachingAdvice.Kind] { advice.map(\.kind) }

    @Test func noRepsNoAdvice() throws {
        #expect(CoachingAdvice.advice(for: AnalysisResult()).isEmpty)
    }

    @Test func roundingThatGrowsStopsTheSetAtTheFirstLostRep() throws {
        let result = try set([4, 6, 9, 25, 28])
        #expect(result.reps.map(\.verdict) == [.held, .held, .held, .lost, .lost], "\(result.reps.map(\.decidingText))")
        #expect((result.fatigue?.slopeDegPerRep ?? 0) >= CoachingAdvice.growingSlopeDegPerRep)
        let advice = CoachingAdvice.advice(for: result)
        let stop = try #require(advice.first)
        #expect(stop.kind == .stopSet)
        #expect(stop.title == "Stop the set at rep 4")
        #expect(stop.reps == [4] && stop.timeS == result.reps[3].startS)
        #expect(stop.detail.contains("rack the bar after rep 3"), "\(stop.detail)")
        #expect(stop.detail.contains(result.reps[3].decidingText), "the deciding value that shows it")
        #expect(stop.source?.contains("Vazirian") == true)
        #expect(kinds(advice) == [.stopSet, .cue], "\(kinds(advice))")
    }

    @Test func aBorderlineRepBeforeTheFirstLostOneIsWhereToStop() throws {
        var result = try set([4, 6, 9, 25, 28])
        // As on the real fatigue clip: rep 3 within uncertainty of the limit, then lost reps.
        result.reps[2].postureLost = nil
        result.reps[2].verdictReason = .withinUncertainty
        let stop = try #require(CoachingAdvice.advice(for: result).first)
        #expect(stop.title == "Stop the set at rep 3")
        #expect(stop.detail.contains("rep 4 was the first to lose the curve") && stop.detail.contains("rack the bar after rep 2"), "\(stop.detail)")
    }

    @Test func everyRepHeldGivesNoStopNoLoadNoCue() throws {
        let result = try set([4, 5, 4, 5])
        #expect(result.reps.allSatisfy { $0.verdict == .held })
        let advice = CoachingAdvice.advice(for: result)
        #expect(kinds(advice) == [.keep], "\(kinds(advice))")
        #expect(!advice.contains { $0.title.contains("Stop") || $0.title.contains("Lower") })
        // The largest deciding value is named, with its rep.
        let largest = try #require(result.reps.max { $0.decidingValueDeg! < $1.decidingValueDeg! })
        #expect(advice[0].detail.contains("\(largest.decidingText) on rep \(largest.index)"), "\(advice[0].detail)")
    }

    @Test func heldButGrowingSaysWhereTheTrendReachesTheLimit() throws {
        let result = try set([2, 5, 8, 11])
        #expect(result.reps.allSatisfy { $0.verdict == .held }, "\(result.reps.map(\.decidingText))")
        let keep = try #require(CoachingAdvice.advice(for: result).first)
        #expect(keep.kind == .keep)
        // The least-squares line through the deciding values reaches 15° between reps 5 and 6.
        let values = result.reps.map { $0.decidingValueDeg! }
        let slope = try #require(result.fatigue?.slopeDegPerRep)
        let mean = values.reduce(0, +) / 4
        let limitRep = Int(clampingRounded: 2.5 + (15 - mean) / slope, .up)
        #expect(limitRep > 4 && limitRep <= 8)
        #expect(keep.title == "Keep the load; end the set before rep \(limitRep)", "\(keep.title)")
    }

    @Test func lostFromTheFirstRepLowersTheLoad() throws {
        let result = try set([25, 26, 27])
        let advice = CoachingAdvice.advice(for: result)
        #expect(kinds(advice) == [.lowerLoad, .cue], "\(kinds(advice))")
        #expect(advice[0].detail.contains("from the first rep (rep 1"), "\(advice[0].detail)")
        #expect(advice[0].source?.contains("Bengtsson") == true)
    }

    @Test func markerlessLossOnEveryRepSaysToCheckTheTopFirst() throws {
        var result = try set([25, 26, 27])
        #expect(!CoachingAdvice.advice(for: result)[0].detail.contains("puffy top"), "spine points see through clothing")
        for k in result.reps.indices { result.reps[k].lumbarMethod = .dorsalContour }
        let advice = CoachingAdvice.advice(for: result)
        #expect(advice[0].kind == .lowerLoad)
        #expect(advice[0].detail.contains("stiff or puffy top"), "\(advice[0].detail)")
    }

    @Test func oneRoundedRepAmongHeldOnesIsWatchedNotALoadProblem() throws {
        let result = try set([4, 25, 5, 4])
        #expect(result.reps.map(\.verdict) == [.held, .lost, .held, .held])
        let advice = CoachingAdvice.advice(for: result)
        #expect(kinds(advice) == [.watch, .cue], "\(kinds(advice))")
        #expect(advice[0].title == "Watch rep 2" && advice[0].reps == [2])
    }

    @Test func cantTellReasonsGiveOneFixEach() throws {
        var result = try set([4, 5, 4, 5, 4])
        func cantTell(_ k: Int, _ reason: RepVerdict.Reason) {
            result.reps[k].postureLost = nil
            result.reps[k].verdictReason = reason
        }
        cantTell(0, .view)
        cantTell(2, .view)
        cantTell(3, .tooSmall)
        cantTell(4, .withinUncertainty)
        let advice = CoachingAdvice.advice(for: result)
        #expect(kinds(advice) == [.keep, .watch, .refilm, .refilm], "\(kinds(advice))")
        let view = try #require(advice.first { $0.title == "Film from the side" })
        #expect(view.reps == [1, 3] && view.detail.hasPrefix("Reps 1 and 3: not side-on"), "\(view.detail)")
        let small = try #require(advice.first { $0.title == "Move the camera closer" })
        #expect(small.reps == [4] && small.detail.contains("60 pixels"))
        let watch = try #require(advice.first { $0.kind == .watch })
        #expect(watch.reps == [5] && watch.timeS == (result.reps[4].judgedStartS ?? result.reps[4].bottomS))
        // Every reason has its fix, except those judged by eye.
        for reason in RepVerdict.Reason.allCases {
            #expect((CoachingAdvice.refilmFix(reason) == nil) == (reason == .withinUncertainty || reason == .unsteady), "\(reason)")
        }
    }
}
