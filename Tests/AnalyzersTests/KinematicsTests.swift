import Foundation
import Testing
@testable import Analyzers
import PoseCore
import TestSupport

@Suite struct KinematicsTests {
    @Test(arguments: [Facing.right, .left])
    func anglesFollowTheConventions(facing: Facing) throws {
        let lift = SyntheticLift(facing: facing)
        var calc = KinematicsCalculator()
        for (incl, lumbar) in [(0.0, 30.0), (45, 20), (70, -10)] {
            let s = calc.sample(lift.frame(index: 0, truth: .init(inclination: incl, lumbar: lumbar)))
            #expect(s.facing == facing)
            #expect(abs(try #require(s.trunkInclinationDeg) - incl) < 0.01)
            #expect(abs(try #require(s.lumbarAngleDeg) - lumbar) < 0.01, "lumbar \(s.lumbarAngleDeg!) vs \(lumbar)")
            #expect(s.lumbarMethod == .spinePoints)
            // Hip flexion grows with the lean (thigh nearly vertical here).
            let hip = try #require(s.hipFlexionDeg)
            #expect(abs(hip - (incl + 9.46)) < 0.1)
            #expect(s.issues.isEmpty)
        }
    }

    @Test func missingAndUncertainLandmarks() {
        var calc = KinematicsCalculator()
        let none = calc.sample(PoseFrame(index: 0, time: 0))
        #expect(none.issues == ["no_person"])
        #expect(none.confidence == 0)
        #expect(none.trunkInclinationDeg == nil)
        let dim = calc.sample(SyntheticLift().frame(index: 1, truth: .init(inclination: 40, lumbar: 20, visibility: 0.2)))
        #expect(dim.issues.contains("low_confidence"))
        #expect(dim.confidence < 0.5)
    }

    /// A rounded back shortens the hip–shoulder chord but not the lifter: the minimum size is
    /// judged on the chord or 1.18 × the thigh, whichever is longer.
    @Test func roundingDoesNotMakeTheLifterTooSmall() {
        func frame(chord: Double, thigh: Double) -> PoseFrame {
            var marks = Array(repeating: Landmark(x: 300, y: 200, visibility: 0.9, presence: 1), count: 33)
            func put(_ b: BodyLandmark, _ x: Double, _ y: Double) { marks[b.rawValue] = Landmark(x: x, y: y, visibility: 0.9, presence: 1) }
            // Hip at (300, 200); trunk leaning forward 60°; thigh straight down, shank below it.
            let sx = 300 + chord * sin(.pi / 3), sy = 200 - chord * cos(.pi / 3)
            for b in [BodyLandmark.leftShoulder, .rightShoulder] { put(b, sx, sy) }
            for b in [BodyLandmark.leftHip, .rightHip] { put(b, 300, 200) }
            for b in [BodyLandmark.leftKnee, .rightKnee] { put(b, 305, 200 + thigh) }
            for b in [BodyLandmark.leftAnkle, .rightAnkle] { put(b, 300, 200 + 2 * thigh) }
            return PoseFrame(index: 0, time: 0, landmarks: marks, spine: [], personScore: 1)
        }
        var calc = KinematicsCalculator()
        // 50 px chord (rounded) on a lifter whose thigh is 55 px: 65 px of lifter.
        #expect(!calc.sample(frame(chord: 50, thigh: 55)).issues.contains("trunk_too_small"))
        // The same chord on a small lifter (40 px thigh, 47 px): too small.
        var small = KinematicsCalculator()
        #expect(small.sample(frame(chord: 50, thigh: 40)).issues.contains("trunk_too_small"))
        // A long chord passes whatever the thigh.
        var upright = KinematicsCalculator()
        #expect(!upright.sample(frame(chord: 70, thigh: 20)).issues.contains("trunk_too_small"))
    }

    @Test func frontOnViewIsNotSideOn() {
        var frame = SyntheticLift().frame(index: 0, truth: .init(inclination: 10, lumbar: 30))
        frame.landmarks[BodyLandmark.leftShoulder.rawValue].x += 60
        frame.landmarks[BodyLandmark.rightShoulder.rawValue].x -= 60
        var calc = KinematicsCalculator()
        #expect(calc.sample(frame).issues.contains("not_side_on"))
    }

    @Test func contourLowerBackAngleSign() throws {
        // Depths along the dorsal rays, hip (t = 0) to shoulder (t = 1), trunk 200 px long.
        func contour(_ f: (Double) -> Double) -> DorsalContour {
            DorsalContour(hip: Point2(0, 200), shoulder: Point2(0, 0), depths: (0..<41).map { f(Double($0) / 40) })
        }
        // Parallel to the trunk axis: 0°.
        #expect(abs(try #require(ContourAngles.lowerBackAngleDeg(contour { _ in 30 }))) < 1e-9)
        // Neutral: the outline comes in from the buttock toward the axis by 20 px over the lower
        // half (100 px): atan(−0.2) ≈ −11.3°. The upper half does not count.
        let neutral = try #require(ContourAngles.lowerBackAngleDeg(contour { $0 <= 0.5 ? 40 - 40 * $0 : 20 + 30 * ($0 - 0.5) }))
        #expect(abs(neutral + atan(0.2) * 180 / .pi) < 0.5)
        // Flexed: the lower back bows away from the axis by 15 px over the same 100 px: +8.5°.
        let flexed = try #require(ContourAngles.lowerBackAngleDeg(contour { $0 <= 0.5 ? 30 + 30 * $0 : 45 - 20 * ($0 - 0.5) }))
        #expect(abs(flexed - atan(0.15) * 180 / .pi) < 0.5)
        // Too few valid rays in the lower half: unknown, whatever the upper half holds.
        #expect(ContourAngles.lowerBackAngleDeg(contour { _ in 30 }.withDepths { i, d in i <= 20 && i % 8 != 0 ? nil : d }) == nil)
    }

    @Test func contourTwoTangentAngleSign() throws {
        // Straight back: 0°. A bulge at 0.4 (convex = rounded): positive. A hollow: negative.
        func contour(_ f: (Double) -> Double) -> DorsalContour {
            DorsalContour(hip: Point2(0, 200), shoulder: Point2(0, 0), depths: (0..<41).map { f(Double($0) / 40) })
        }
        #expect(abs(try #require(ContourAngles.lumbarTwoTangentDeg(contour { _ in 30 }))) < 1e-9)
        let rounded = try #require(ContourAngles.lumbarTwoTangentDeg(contour { 30 - 100 * abs($0 - 0.4) * 0.3 }))
        // Depth changes 30 px per trunk length (200 px): slopes ±0.15 → 2·atan(0.15) ≈ 17.1°.
        // (The 3-ray median flattens the apex a little: within 1.5°.)
        #expect(abs(rounded - 2 * atan(0.15) * 180 / .pi) < 1.5)
        let hollow = try #require(ContourAngles.lumbarTwoTangentDeg(contour { 30 + 100 * abs($0 - 0.4) * 0.2 }))
        #expect(abs(hollow + 2 * atan(0.1) * 180 / .pi) < 1.5)
        // Too few valid rays: unknown.
        #expect(ContourAngles.lumbarTwoTangentDeg(DorsalContour(hip: Point2(0, 200), shoulder: .zero, depths: Array(repeating: nil, count: 41))) == nil)
    }
}

private extension DorsalContour {
    /// The same contour with each ray's depth replaced by `f(ray index, depth)`.
    func withDepths(_ f: (Int, Double?) -> Double?) -> DorsalContour {
        DorsalContour(hip: hip, shoulder: shoulder, depths: depths.enumerated().map { f($0.offset, $0.element) })
    }
}

/// An outline whose lower-back rays end on the image border is where the frame cuts the
/// silhouette (a close-up, hips cropped), not the back: the frame gets no lumbar value and the
/// `outline_cut` issue; the same outline inside the picture is measured.
@Suite struct OutlineCutByFrameTests {
    func sample(hipX: Double, width: Double) -> KinematicSample {
        let lift = SyntheticLift(withSpine: false)
        var frame = lift.frame(index: 0, truth: .init(inclination: 60, lumbar: 0))
        // A contour along the synthetic trunk, 40 px deep on the dorsal side.
        let hip = Point2(hipX, 300), shoulder = Point2(hipX + 130, 225)
        frame.dorsalContour = DorsalContour(hip: hip, shoulder: shoulder, depths: Array(repeating: 40, count: 41))
        var settings = KinematicsCalculator.Settings()
        settings.imageWidth = width
        settings.imageHeight = 480
        var calc = KinematicsCalculator(settings: settings)
        return calc.sample(frame)
    }

    @Test func raysOnTheBorderAreNotTheBack() {
        let inside = sample(hipX: 300, width: 640)
        #expect(!inside.issues.contains("outline_cut"))
        #expect(inside.lumbarAngleDeg != nil)
        // The same outline with the picture's edge 10 px from the hip: its rays reach the border.
        let cut = sample(hipX: 300, width: 310)
        #expect(cut.issues.contains("outline_cut"))
        #expect(cut.lumbarAngleDeg == nil)
    }
}
