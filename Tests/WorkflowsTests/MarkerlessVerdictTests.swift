import Analyzers
import Foundation
import PoseCore
import Testing
import Workflows

/// The markerless verdict end to end on committed sample videos: decode, BlazePose with the mask,
/// the dorsal contour, the lower-back angle, the flags. The generated figure's true lumbar flexion
/// on deadlift-fatigue grows 4.8 → 10.1 → 15.0 → 23.5 → 30.9° from its 20° standing lordosis
/// (lordosis left at the bottom: 15.2, 9.9, 5.0, −3.5, −10.9°); the markerless rule flags a rep
/// when its lower back no longer converges toward the trunk axis (docs/method.md), which on this
/// figure happens from rep 3, as the truth's 15° rule does.
@Suite struct MarkerlessVerdictTests {
    @Test(.enabled(if: LiveSessionTests.modelsInstalled, "BlazePose models not installed: run `hingecheck models install` (test skipped)"))
    func fatigueClipIsFlaggedOnceTheCurveIsGone() throws {
        let reps = try LiveSessionTests.fatigueExpected.get().result.reps
        #expect(reps.count == 5)
        #expect(reps.allSatisfy { $0.lumbarMethod == .dorsalContour && $0.lumbarTwoTangentDeg != nil })
        let angles = reps.compactMap(\.lumbarAngleDeg)
        #expect(angles.count == 5)
        // Each rep rounder than the one before, and the set spans the threshold.
        #expect(zip(angles, angles.dropFirst()).allSatisfy { $0 < $1 }, "\(angles)")
        #expect(angles.first! < -5 && angles.last! > 5, "\(angles)")
        #expect(reps.map(\.postureLost) == [false, false, true, true, true], "\(angles)")
    }

    @Test(.enabled(if: LiveSessionTests.modelsInstalled, "BlazePose models not installed: run `hingecheck models install` (test skipped)"))
    func neutralClipIsNeverFlagged() throws {
        let doc = try LiveSessionTests.analyze(LiveSessionTests.clip("deadlift-neutral.mp4"), source: "blazepose")
        let reps = doc.result.reps
        #expect(reps.count == 4)
        #expect(reps.allSatisfy { $0.postureLost == false }, "\(reps.map(\.lumbarAngleDeg))")
        #expect(doc.result.events.isEmpty)
        // Clear of the 0° threshold (measured −7.6 … −5.8° on 2026-12-07; the near-threshold
        // warning's margin is 2°), not a near miss.
        #expect(reps.allSatisfy { ($0.lumbarAngleDeg ?? 0) < -4 }, "\(reps.map(\.lumbarAngleDeg))")
    }
}
