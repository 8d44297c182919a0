import Foundation
import PoseCapture
import PoseCore
import Testing
@testable import SampleSynth

@Suite("Video output")
struct VideoOutputTests {
    @Test("the written clip has the expected frame count and size, and its truth loads back")
    func writeAndReadBack() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("clip.mp4").path
        let synth = try SampleSynthesizer(options: testOptions(.kbDeadlift, width: 320, height: 240, noise: 2, blur: 0.5, duration: 2))
        var calls = 0
        let written = try synth.writeClip(videoPath: path) { done, total in
            calls += 1
            #expect(done <= total)
        }
        #expect(calls == 60)
        let source = try VideoFileSource(path: path)
        #expect(source.facts.width == 320 && source.facts.height == 240)
        var n = 0
        while try source.read({ _ in true }) != nil { n += 1 }
        #expect(n == 60)
        let truthPath = folder.appendingPathComponent("clip.truth.json").path
        #expect(SynthTruth.path(forVideo: path) == truthPath)
        let loaded = try SynthTruth.load(from: truthPath)
        #expect(loaded == written)
        #expect(loaded.video.frameCount == 60 && loaded.frames.count == 60)
        #expect(loaded.video.file == "clip.mp4")
        #expect(loaded.generator.command.contains("--scenario kb-deadlift"))
        #expect(loaded.landmarkNames == BodyLandmark.allCases.map(\.name))
        let frames = loaded.poseFrames
        #expect(frames.count == 60 && frames[0].landmarks.count == 33 && frames[0].spine.count == 5)
    }

    @Test("loading a missing or foreign file fails with a useful error")
    func loadErrors() throws {
        #expect(throws: HingeCheckError.self) { try SynthTruth.load(from: "/nonexistent/x.truth.json") }
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.truth.json")
        try Data("{\"format\": \"other\"}".utf8).write(to: bad)
        do {
            _ = try SynthTruth.load(from: bad.path)
            Issue.record("expected an error")
        } catch let e as HingeCheckError {
            #expect(e.code == .badInput && e.path == bad.path)
        }
    }

    @Test("truth JSON encodes landmarks compactly and decodes to the same value")
    func truthRoundTrip() throws {
        let synth = try SampleSynthesizer(options: testOptions(.goodMorning, clothing: .loose, duration: 1))
        let truth = synth.truth(videoFile: "gm.mp4")
        let data = try truth.encoded()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasSuffix("}\n"))
        #expect(text.contains("\"landmarks\":[["))
        #expect(try JSONDecoder().decode(SynthTruth.self, from: data) == truth)
    }
}
