import Foundation
import Testing
import PoseCore
@testable import PoseCapture

@Suite struct MarkerDetectorTests {
    @Test func emptyFrameHasNoMarkers() throws {
        let detector = try MarkerDetector()
        #expect(try detector.detect(BGRImage(width: 64, height: 48, fill: .white)).isEmpty)
    }

    @Test func badOptionsAndIDsAreRejected() throws {
        #expect(throws: HingeCheckError.self) { try MarkerDetector(options: .init(minSidePx: 2)) }
        let detector = try MarkerDetector()
        #expect(throws: HingeCheckError.self) { try detector.setWantedIDs([50]) }
    }

    /// Sub-pixel centres at random positions, sizes and turns (blur 0.5 px, noise 2 grey levels).
    @Test(arguments: [12.0, 16.0, 24.0, 40.0])
    func centresAreSubPixel(side: Double) throws {
        let detector = try MarkerDetector()
        var rng = MarkerTestRandom(seed: UInt64(side))
        var errors: [Double] = []
        var found = 0
        let trials = 20
        for k in 0..<trials {
            var image = BGRImage(width: 160, height: 120, fill: Color(r: 120, g: 120, b: 120))
            let centre = Point2(80 + rng.unit() * 8 - 4, 60 + rng.unit() * 8 - 4)
            let id = k % 8
            MarkerPainter.draw(try MarkerPattern(id: id), on: &image, center: centre, side: side, angle: (rng.unit() - 0.5) * 1.2)
            image.blur(sigma: 0.5)
            image.addNoise(standardDeviation: 2, seed: UInt64(k))
            let markers = try detector.detect(image)
            #expect(markers.allSatisfy { $0.id == id }, "only the drawn marker is reported")
            if let m = markers.first {
                found += 1
                errors.append(m.center.distance(to: centre))
                #expect(abs(m.sidePx - side) < 0.6, "side \(m.sidePx) for \(side)")
                #expect(m.aspectRatio > 0.95)
            }
        }
        #expect(found >= trials - 1, "found \(found) of \(trials) markers of \(side) px")
        let mean = errors.reduce(0, +) / Double(max(errors.count, 1))
        // Measured: 0.04-0.06 px mean, 0.10-0.21 px worst at 12-40 px.
        #expect(mean < 0.15, "mean centre error \(mean) px at \(side) px")
        #expect(errors.max() ?? 0 < 0.4)
    }

    /// The 2x pass finds small markers the 1x pass misses.
    @Test func upscalingFindsSmallMarkers() throws {
        let always = try MarkerDetector(options: .init(upscale: .always))
        let never = try MarkerDetector(options: .init(upscale: .never))
        var seenAlways = 0, seenNever = 0
        for k in 0..<24 {
            var image = BGRImage(width: 96, height: 96, fill: Color(r: 120, g: 120, b: 120))
            MarkerPainter.draw(try MarkerPattern(id: k % 8), on: &image, center: Point2(48 + Double(k % 5) * 0.2, 48.3),
                               side: 11, angle: Double(k) * 0.05)
            image.blur(sigma: 0.5)
            image.addNoise(standardDeviation: 2, seed: UInt64(k))
            seenAlways += try always.detect(image).count
            seenNever += try never.detect(image).count
        }
        #expect(seenAlways >= 20)
        #expect(seenAlways > seenNever)
    }

    @Test func foreshortenedMarkerHasLowAspect() throws {
        var image = BGRImage(width: 120, height: 120, fill: Color(r: 120, g: 120, b: 120))
        MarkerPainter.draw(try MarkerPattern(id: 3), on: &image, center: Point2(60, 60), side: 40, angle: 0.3, squash: 0.7)
        let m = try #require(try MarkerDetector().detect(image).first)
        #expect(abs(m.aspectRatio - 0.7) < 0.03)
    }

    @Test func wantedIDsFilterTheRest() throws {
        var image = BGRImage(width: 200, height: 100, fill: Color(r: 120, g: 120, b: 120))
        MarkerPainter.draw(try MarkerPattern(id: 1), on: &image, center: Point2(50, 50), side: 30)
        MarkerPainter.draw(try MarkerPattern(id: 9), on: &image, center: Point2(150, 50), side: 30)
        let detector = try MarkerDetector()
        #expect(try detector.detect(image).map(\.id) == [1, 9])
        try detector.setWantedIDs([9])
        #expect(try detector.detect(image).map(\.id) == [9])
    }
}

/// A small deterministic generator for test positions (SplitMix64).
struct MarkerTestRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
