import Foundation
import PoseCore
@testable import Reports
import Testing
import Workflows

/// The coaching advice on the real analysis of SampleVideos/deadlift-fatigue.mp4 (BlazePose, the
/// back's outline): the truth rounds 4.8 → 30.9° over 5 reps; reps 1–2 hold, rep 3 sits on the
/// edge (lost or can't tell), reps 4–5 are lost (MarkerlessVerdictTests). A coach stops the set at
/// rep 3, the first rep that did not hold, and next time racks the bar after rep 2.
@Suite struct CoachingAdviceClipTests {
    @Test(.enabled(if: LiveSessionTests.modelsInstalled, "BlazePose models not installed: run `hingecheck models install` (test skipped)"))
    func fatigueClipStopsTheSetAtTheFirstRepThatDidNotHold() throws {
        let document = try LiveSessionTests.fatigueExpected.get()
        let reps = document.result.reps
        try #require(reps.count == 5 && reps[0].verdict == .held && reps[1].verdict == .held && reps[4].verdict == .lost,
                     "\(reps.map(\.verdictText))")
        let rep3Borderline = reps[2].verdict == .lost || reps[2].cantTellReason == .withinUncertainty || reps[2].cantTellReason == .unsteady
        let expected = rep3Borderline ? 3 : 4
        let advice = CoachingAdvice.advice(for: document.result)
        let stop = try #require(advice.first, "no advice")
        #expect(stop.kind == .stopSet && stop.title == "Stop the set at rep \(expected)", "\(stop.title): \(reps.map(\.verdictText))")
        #expect(stop.detail.contains("rack the bar after rep 2"), "\(stop.detail)")
        #expect(stop.timeS == reps[expected - 1].startS)
        #expect(advice.contains { $0.kind == .cue })
        #expect(!advice.contains { $0.kind == .lowerLoad || $0.kind == .keep })
        // The page says it, with a link to that rep in the video.
        var input = ReportInput(document: document, frames: [], header: LandmarkFileHeader(source: "blazepose", skeleton: .blazePose33, width: 640, height: 360, fps: document.fps))
        input.files = ["annotated.mp4"]
        let html = HTMLReport.render(input)
        #expect(html.contains("<strong>Stop the set at rep \(expected)</strong> <a class=\"seek\" href=\"annotated.mp4#t="))
    }
}
