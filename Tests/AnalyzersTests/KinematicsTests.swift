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

    @Test func frontOnViewIsNotSideOn() {
        var frame = SyntheticLift().frame(index: 0, truth: .init(inclination: 10, lumbar: 30))
        frame.landmarks[BodyLandmark.leftShoulder.rawValue].x += 60
        frame.landmarks[BodyLandmark.rightShoulder.rawValue].x -= 60
        var calc = KinematicsCalculator()
        #expect(calc.sample(frame).issues.contains("not_side_on"))
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
