import Foundation
import Testing
import TestSupport
@testable import PoseCore

/// The `jsonl` source reads its file frame by frame (issue #21) and still gives what reading the
/// whole file gave: the same frames, and a bad line's error after the frames before it.
@Suite struct LandmarkFileStreamTests {
    static func write(_ frames: [PoseFrame], appending extra: String = "") throws -> URL {
        let url = TestFolders.make("hc-jsonl").appendingPathComponent("frames.jsonl")
        let header = LandmarkFileHeader(source: "test", skeleton: .blazePose33, width: 640, height: 480, fps: 30)
        let writer = try LandmarkFileWriter(url: url, header: header)
        for f in frames { try writer.write(f) }
        try writer.finish()
        if !extra.isEmpty {
            let h = try FileHandle(forWritingTo: url)
            try h.seekToEnd()
            try h.write(contentsOf: Data(extra.utf8))
            try h.close()
        }
        return url
    }

    static func frames(_ n: Int, from start: Int = 0) -> [PoseFrame] {
        (start..<(start + n)).map { i in
            PoseFrame(index: i, time: Double(i) / 30, landmarks: (0..<33).map { k in Landmark(x: Double(i * 33 + k) + 0.1, y: 0.3, z: -0.7) },
                      personScore: 0.9)
        }
    }

    static func all(_ stream: any LandmarkStream) -> (frames: [PoseFrame], error: (any Error)?) {
        var out: [PoseFrame] = []
        do {
            while let f = try stream.next() { out.append(f) }
        } catch {
            return (out, error)
        }
        return (out, nil)
    }

    @Test func theStreamGivesTheFileFrames() throws {
        let url = try Self.write(Self.frames(250), appending: "\n\n")
        let stream = try JSONLLandmarkSource().open(.file(url), settings: try PluginSettings(descriptor: JSONLLandmarkSource().descriptor))
        let (frames, error) = Self.all(stream)
        #expect(error == nil)
        #expect(frames == (try LandmarkFile.read(from: url).frames))
        #expect(frames.count == 250 && stream.header.width == 640)
    }

    @Test func aBadLineEndsTheStreamAfterTheFramesBeforeIt() throws {
        let url = try Self.write(Self.frames(40), appending: "{\"i\":40,\"t\":not json}\n" + "{\"i\":41,\"t\":1.4}\n")
        let (prefix, badLine) = try LandmarkFile.readPrefix(from: url)
        let stream = try JSONLLandmarkSource().open(.file(url), settings: try PluginSettings(descriptor: JSONLLandmarkSource().descriptor))
        let (frames, error) = Self.all(stream)
        #expect(frames == prefix.frames && frames.count == 40)
        let streamed = try #require(error as? HingeCheckError)
        #expect(streamed.message == badLine?.message && streamed.message.contains("line 42 of 43"))
        #expect(try stream.next() == nil)   // thrown once, then the end
    }

    @Test func aBadFirstFrameFailsAtOpen() throws {
        let url = try Self.write([], appending: "{\"i\":0}\n")
        let error = try #require(throws: HingeCheckError.self) { try JSONLLandmarkSource().open(.file(url), settings: try PluginSettings(descriptor: JSONLLandmarkSource().descriptor)) }
        #expect(error.message.contains("line 2"))
    }
}
