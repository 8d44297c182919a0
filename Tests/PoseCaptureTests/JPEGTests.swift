import Foundation
import Testing
import PoseCore
@testable import PoseCapture

@Suite struct JPEGTests {
    @Test func encodeDecodeRoundTrip() throws {
        var image = BGRImage(width: 96, height: 64, fill: Color(r: 200, g: 100, b: 50))
        image.fillRect(x: 48, y: 0, width: 48, height: 64, color: Color(r: 20, g: 220, b: 120))
        let jpeg = try ImageFile.encodeJPEG(image, quality: 95)
        #expect(jpeg.starts(with: [0xFF, 0xD8]))   // SOI marker
        #expect(jpeg.suffix(2) == [0xFF, 0xD9])    // EOI marker
        let back = try ImageFile.decodeJPEG(jpeg)
        #expect(back.width == 96 && back.height == 64)
        // Colour order survives (BGR in, BGR out), within JPEG's tolerance away from the edge.
        let left = back.pixel(x: 10, y: 30), right = back.pixel(x: 80, y: 30)
        #expect(abs(Int(left.r) - 200) <= 6 && abs(Int(left.g) - 100) <= 6 && abs(Int(left.b) - 50) <= 6)
        #expect(abs(Int(right.r) - 20) <= 6 && abs(Int(right.g) - 220) <= 6 && abs(Int(right.b) - 120) <= 6)
    }

    @Test func qualityChangesSize() throws {
        var image = BGRImage(width: 128, height: 128)
        image.addNoise(standardDeviation: 40, seed: 7)
        #expect(try ImageFile.encodeJPEG(image, quality: 20).count < ImageFile.encodeJPEG(image, quality: 95).count)
    }

    @Test func garbageAndTruncatedJPEGAreErrors() throws {
        let garbage = try #require(throws: HingeCheckError.self) { _ = try ImageFile.decodeJPEG(Array("not a jpeg at all".utf8), name: "x.jpg") }
        #expect(garbage.code == .badInput)
        #expect(garbage.path == "x.jpg")
        #expect(garbage.message.contains("libjpeg"))
        let jpeg = try ImageFile.encodeJPEG(BGRImage(width: 32, height: 32, fill: .white))
        #expect(throws: HingeCheckError.self) { _ = try ImageFile.decodeJPEG(Array(jpeg.prefix(3))) }
        #expect(throws: HingeCheckError.self) { _ = try ImageFile.encodeJPEG(BGRImage(width: 8, height: 8), quality: 0) }
    }

    @Test func noiseIsDeterministicPerSeed() {
        var a = BGRImage(width: 32, height: 32, fill: Color(r: 128, g: 128, b: 128)), b = a, c = a
        a.addNoise(standardDeviation: 10, seed: 1)
        b.addNoise(standardDeviation: 10, seed: 1)
        c.addNoise(standardDeviation: 10, seed: 2)
        #expect(a == b)
        #expect(a != c)
    }
}
