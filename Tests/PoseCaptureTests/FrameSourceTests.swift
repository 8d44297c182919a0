import Foundation
import Testing
import PoseCore
@testable import PoseCapture

@Suite struct FrameSourceTests {
    @Test(arguments: ["mp4", "avi"])
    func videoRoundTrip(ext: String) throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("round.\(ext)").path
        let codec = try writePatternVideo(path, count: 30, fps: 25)
        #expect(ext == "mp4" ? ["avc1", "mp4v"].contains(codec) : codec == "MJPG")
        let source = try VideoFileSource(path: path)
        let facts = source.facts
        #expect(facts.width == 320 && facts.height == 240)
        #expect(abs(facts.fps - 25) < 0.01)
        #expect(facts.frameCount == 30)
        #expect(facts.backend == "FFMPEG")
        var times: [Double] = []
        var indices: [Int] = []
        while let (index, time, grey, squareLeft) = try source.read({ frame -> (Int, Double, Int, Int) in
            let p = frame.pixels
            let bg = Int(p[10 * frame.stride + 10 * 3 + 1])
            // First white column on row 120 (the square's left edge).
            var left = -1
            for x in 0..<frame.width where p[120 * frame.stride + x * 3 + 1] > 200 { left = x; break }
            return (frame.index, frame.time, bg, left)
        }) {
            indices.append(index)
            times.append(time)
            let expectedGrey = 40 + (index * 5) % 160
            #expect(abs(grey - expectedGrey) <= 6, "frame \(index) background \(grey), expected \(expectedGrey)")
            #expect(abs(squareLeft - (20 + 4 * index)) <= 2, "frame \(index) square at \(squareLeft)")
        }
        #expect(indices == Array(0..<30))
        for (i, t) in times.enumerated() { #expect(abs(t - Double(i) / 25) < 0.002, "frame \(i) at \(t) s") }
    }

    /// A BT.709-tagged video decodes to its own colours (OpenCV 4.6's FFmpeg decode alone uses
    /// BT.601 and misses this colour by 5, 2 and 5 levels in B, G, R), and an untagged one (BT.601,
    /// FFmpeg's default) is left alone. Both files are encoded by ffmpeg from the same RGB colour.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "ffmpeg not installed"),
          arguments: [true, false])
    func videoColoursFollowTheColourTag(tagged: Bool) throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent(tagged ? "bt709.mp4" : "untagged.mp4").path
        let matrix = tagged ? "bt709" : "bt601"
        var arguments = ["-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x3060C0:s=64x64:r=10,format=rgb24", "-t", "0.5",
                         "-vf", "scale=out_color_matrix=\(matrix):out_range=tv,format=yuv420p",
                         "-c:v", "libx264", "-crf", "0"]
        if tagged { arguments += ["-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709"] }
        let ffmpeg = Process()
        ffmpeg.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        ffmpeg.arguments = arguments + [path]
        try ffmpeg.run()
        ffmpeg.waitUntilExit()
        try #require(ffmpeg.terminationStatus == 0)

        let source = try VideoFileSource(path: path)
        #expect(source.facts.colorMatrix == (tagged ? 1 : nil))
        #expect(source.facts.colorCorrected == tagged)
        let bgr = try #require(try source.read { frame -> [Int] in
            let p = frame.pixels, o = 32 * frame.stride + 32 * 3
            return [Int(p[o]), Int(p[o + 1]), Int(p[o + 2])]
        })
        // Tolerance 2: 8-bit YUV rounding; decoding this BT.709 file as BT.601 gives BGR (187, 94, 53).
        for (got, want) in zip(bgr, [0xC0, 0x60, 0x30]) { #expect(abs(got - want) <= 2, "BGR \(bgr)") }
    }

    /// A phone clip's rotation tag: the frames come out the way ffmpeg (and every player) shows
    /// them, pixel for pixel within decoding rounding. OpenCV 4.6's own rotation turned 90 and
    /// 270 the wrong way (a portrait clip upside down: mean difference 211 levels before the fix).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "ffmpeg not installed"),
          arguments: [0, 90, 180, 270])
    func rotationTagsMatchFFmpeg(tag: Int) throws {
        let folder = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let upright = folder.appendingPathComponent("upright.mp4").path, tagged = folder.appendingPathComponent("tagged-\(tag).mp4").path
        func ffmpeg(_ arguments: [String]) throws -> Data {
            let p = Process(), out = Pipe()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
            p.arguments = ["-v", "error", "-y"] + arguments
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            try #require(p.terminationStatus == 0, "ffmpeg \(arguments)")
            return data
        }
        // A portrait test card (asymmetric: every turn and flip looks different), lossless.
        _ = try ffmpeg(["-f", "lavfi", "-i", "testsrc=size=96x160:rate=10", "-t", "0.3", "-c:v", "libx264", "-crf", "0",
                        "-pix_fmt", "yuv444p", upright])
        _ = try ffmpeg(["-i", upright, "-c", "copy", "-metadata:s:v:0", "rotate=\(tag)", tagged])
        let reference = try ffmpeg(["-i", tagged, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "bgr24", "-"])
        let source = try VideoFileSource(path: tagged)
        #expect(source.facts.rotationDeg == tag)
        let portrait = tag % 180 == 0
        #expect(source.facts.width == (portrait ? 96 : 160) && source.facts.height == (portrait ? 160 : 96))
        let ours = try #require(try source.read { frame -> [UInt8] in
            (0..<frame.height).flatMap { y in frame.pixels[(y * frame.stride)..<(y * frame.stride + frame.width * 3)] }
        })
        try #require(ours.count == reference.count, "\(ours.count) vs \(reference.count) bytes")
        let meanDiff = zip(ours, reference).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) } / ours.count
        #expect(meanDiff <= 3, "mean difference \(meanDiff) levels from ffmpeg's decode")
    }

    @Test func imageFolderInNameOrder() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for i in [2, 0, 1] { try ImageFile.write(patternFrame(index: i), to: dir.appendingPathComponent("f\(i).png").path) }
        try Data("not an image".utf8).write(to: dir.appendingPathComponent("notes.txt"))
        let source = try ImageFolderSource(path: dir.path, fps: 10)
        #expect(source.facts.frameCount == 3)
        #expect(source.facts.kind == .imageFolder)
        var seen: [(Int, Double, UInt8)] = []
        while let s = try source.read({ ($0.index, $0.time, $0.pixels[10 * $0.stride + 30]) }) { seen.append(s) }
        #expect(seen.map(\.0) == [0, 1, 2])
        #expect(seen.map(\.1) == [0, 0.1, 0.2])
        #expect(seen.map(\.2) == [40, 45, 50])  // PNG is lossless: exact values
    }

    @Test func frameCopyIsPacked() throws {
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("c.avi").path
        try writePatternVideo(path, count: 2, width: 322, height: 100)
        let source = try VideoFileSource(path: path)
        let copy = try #require(try source.read { $0.copy() })
        #expect(copy.width == 322 && copy.pixels.count == 322 * 100 * 3)
    }
}
