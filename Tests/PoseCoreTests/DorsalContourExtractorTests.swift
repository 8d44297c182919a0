import Foundation
import Testing
@testable import PoseCore

/// A synthetic side-on trunk: a mask whose back edge is a known curve.
@Suite struct DorsalContourExtractorTests {
    /// Frame facing +x with hips at (200, 300) and shoulders at (200, 100): trunk 200 px, upright.
    func uprightFrame(facing: Facing) -> PoseFrame {
        var lms = Array(repeating: Landmark(x: 200, y: 200, visibility: 0.9), count: 33)
        let s: Double = facing == .right ? 1 : -1
        lms[BodyLandmark.leftShoulder.rawValue] = Landmark(x: 200, y: 100)
        lms[BodyLandmark.rightShoulder.rawValue] = Landmark(x: 200, y: 100)
        lms[BodyLandmark.leftHip.rawValue] = Landmark(x: 200, y: 300)
        lms[BodyLandmark.rightHip.rawValue] = Landmark(x: 200, y: 300)
        lms[BodyLandmark.nose.rawValue] = Landmark(x: 200 + 20 * s, y: 60)
        lms[BodyLandmark.leftEar.rawValue] = Landmark(x: 200, y: 60)
        lms[BodyLandmark.rightEar.rawValue] = Landmark(x: 200, y: 60)
        return PoseFrame(index: 0, time: 0, landmarks: lms)
    }

    /// Back edge at x = 200 − depth(y) for facing right (mirrored for left).
    func mask(facing: Facing, depth: (Double) -> Double, hole: ClosedRange<Int>? = nil) -> SegmentationMask {
        let w = 400, h = 400
        var values = [UInt8](repeating: 0, count: w * h)
        for y in 0..<h {
            let d = depth(Double(y) + 0.5)
            for x in 0..<w {
                let xc = Double(x) + 0.5
                let inside = facing == .right ? (xc > 200 - d && xc < 260) : (xc < 200 + d && xc > 140)
                if inside, !(hole?.contains(y) == true && abs(xc - (facing == .right ? 200 - d / 2 : 200 + d / 2)) < 4) {
                    values[y * w + x] = 255
                }
            }
        }
        return SegmentationMask(width: w, height: h, values: values)
    }

    @Test(arguments: [Facing.right, .left])
    func straightBackGivesConstantDepth(facing: Facing) throws {
        let c = try #require(DorsalContourExtractor.extract(mask: mask(facing: facing) { _ in 30 }, frame: uprightFrame(facing: facing)))
        #expect(c.depths.count == 41)
        for d in c.depths.dropFirst().dropLast() { #expect(abs(try #require(d) - 30) < 1.0) }
    }

    @Test func curvedBackIsFollowed() throws {
        // Depth 20 + 15·sin(π·t): a bulge in the middle of the trunk.
        let depth: (Double) -> Double = { y in 20 + 15 * sin(Double.pi * (300 - y) / 200) }
        let c = try #require(DorsalContourExtractor.extract(mask: mask(facing: .right, depth: depth), frame: uprightFrame(facing: .right)))
        let mid = try #require(c.depths[20])
        #expect(abs(mid - 35) < 1.0)
        let quarter = try #require(c.depths[10])
        #expect(abs(quarter - (20 + 15 * sin(Double.pi * 0.25))) < 1.0)
    }

    @Test func holesInTheMaskAreFilled() throws {
        let c = try #require(DorsalContourExtractor.extract(mask: mask(facing: .right, depth: { _ in 30 }, hole: 180...220), frame: uprightFrame(facing: .right)))
        // Rays through the hole (y 180...220 ↔ t 0.4...0.6) still find the outer edge.
        for i in 16...24 { #expect(abs(try #require(c.depths[i]) - 30) < 1.0) }
    }

    @Test func smallTrunkOrNoFacingGivesNil() {
        var frame = uprightFrame(facing: .right)
        frame.landmarks[BodyLandmark.leftHip.rawValue].y = 120
        frame.landmarks[BodyLandmark.rightHip.rawValue].y = 120
        #expect(DorsalContourExtractor.extract(mask: mask(facing: .right) { _ in 30 }, frame: frame) == nil)
        #expect(DorsalContourExtractor.extract(mask: mask(facing: .right) { _ in 30 }, frame: PoseFrame(index: 0, time: 0)) == nil)
    }
}
