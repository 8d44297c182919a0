import Foundation
import Testing
@testable import PoseCore

@Suite struct LandmarkFileTests {
    let dir: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-lmf-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func sampleFrames() -> [PoseFrame] {
        (0..<5).map { i in
            let lms = (0..<33).map { k in Landmark(x: Double(k) * 10.25 + Double(i), y: 200.5 - Double(k), z: -0.125, visibility: 0.9, presence: 0.99) }
            return PoseFrame(index: i, time: Double(i) / 30, landmarks: i == 2 ? [] : lms,
                             spine: [SpinePoint(site: .l3, x: 100.5, y: 200.25, confidence: 1, interpolated: i == 3)],
                             dorsalContour: DorsalContour(hip: Point2(1, 2), shoulder: Point2(3, 4), depths: [1.5, nil, 2.5]),
                             personScore: 0.97)
        }
    }

    @Test func roundTripKeepsEveryValue() throws {
        let url = dir.appendingPathComponent("run.jsonl")
        let header = LandmarkFileHeader(source: "blazepose", skeleton: .blazePose33, width: 640, height: 360, fps: 30, input: "clip.mp4", facing: "right")
        let writer = try LandmarkFileWriter(url: url, header: header)
        for f in sampleFrames() { try writer.write(f) }
        try writer.finish()
        let file = try LandmarkFile.read(from: url)
        #expect(file.header == header)
        #expect(file.frames == sampleFrames())
        #expect(file.frames[2].landmarks.isEmpty)
        #expect(file.frames[3].spine[0].interpolated)
        #expect(file.frames[0].dorsalContour?.depths[1] == nil)
    }

    @Test func writingTwiceGivesIdenticalBytes() throws {
        func write(_ name: String) throws -> Data {
            let url = dir.appendingPathComponent(name)
            let w = try LandmarkFileWriter(url: url, header: LandmarkFileHeader(source: "jsonl", skeleton: .blazePose33, width: 1, height: 1, fps: 30))
            for f in sampleFrames() { try w.write(f) }
            try w.finish()
            return try Data(contentsOf: url)
        }
        #expect(try write("a.jsonl") == write("b.jsonl"))
    }

    @Test func overwritingAnExistingFile() throws {
        let url = dir.appendingPathComponent("again.jsonl")
        for n in [3, 1] {
            let w = try LandmarkFileWriter(url: url, header: LandmarkFileHeader(source: "x", skeleton: .blazePose33, width: 1, height: 1, fps: 1))
            for f in sampleFrames().prefix(n) { try w.write(f) }
            try w.finish()
        }
        #expect(try LandmarkFile.read(from: url).frames.count == 1)
    }

    @Test func unfinishedWriterLeavesNoFile() throws {
        let url = dir.appendingPathComponent("gone.jsonl")
        do {
            let w = try LandmarkFileWriter(url: url, header: LandmarkFileHeader(source: "x", skeleton: .blazePose33, width: 1, height: 1, fps: 1))
            try w.write(sampleFrames()[0])
        }
        #expect(!FileManager.default.fileExists(atPath: url.path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("gone") }
        #expect(leftovers.isEmpty)
    }

    @Test func newerVersionIsAClearError() throws {
        let url = dir.appendingPathComponent("v9.jsonl")
        try Data(#"{"format":"hingecheck-landmarks","version":9,"source":"x","skeleton":"blazepose-33","width":1,"height":1,"fps":30,"generator":"future"}"#.utf8).write(to: url)
        let error = try #require(throws: HingeCheckError.self) { try LandmarkFile.read(from: url) }
        #expect(error.code == .versionMismatch)
        #expect(error.path == url.path)
        #expect(error.message.contains("version 9"))
        #expect(error.hint?.contains("update HingeCheck") == true)
    }

    @Test(arguments: [
        ("", HingeCheckError.Code.badInput, "empty"),
        ("hello\n", .badInput, "line 1"),
        (#"{"format":"other","version":1,"source":"x","skeleton":"s","width":1,"height":1,"fps":1,"generator":"g"}"#, .badInput, "names format"),
        (#"{"format":"hingecheck-landmarks","version":1,"source":"x","skeleton":"s","width":1,"height":1,"fps":1,"generator":"g"}"# + "\n{\"i\":0,\"t\":0}\n{broken\n", .badInput, "line 3"),
    ])
    func malformedFilesNameTheProblem(content: String, code: HingeCheckError.Code, fragment: String) throws {
        let url = dir.appendingPathComponent("bad-\(abs(content.hashValue)).jsonl")
        try Data(content.utf8).write(to: url)
        let error = try #require(throws: HingeCheckError.self) { try LandmarkFile.read(from: url) }
        #expect(error.code == code)
        #expect(error.message.contains(fragment))
        #expect(error.path == url.path)
    }

    /// A file cut off mid-line keeps the frames before it, and says which line broke and why;
    /// a bad line in the middle is called damage, not a cut.
    @Test func framesBeforeABadLineAreKept() throws {
        let header = #"{"format":"hingecheck-landmarks","version":1,"source":"x","skeleton":"s","width":1,"height":1,"fps":1,"generator":"g"}"#
        let cut = header + "\n{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":2,\"t\":1,\"lm\":[[1,"
        let (file, bad) = try LandmarkFile.parsePrefix(Data(cut.utf8), path: "cut.jsonl")
        #expect(file.frames.map(\.index) == [0, 1])
        let error = try #require(bad)
        #expect(error.message.contains("line 4 of 4") && error.message.contains("not valid JSON"), "\(error.message)")
        #expect(error.hint?.contains("cut off") == true)
        let middle = header + "\n{\"i\":0,\"t\":0}\n{\"t\":0.5}\n{\"i\":2,\"t\":1}\n"
        let (kept, damage) = try LandmarkFile.parsePrefix(Data(middle.utf8), path: "m.jsonl")
        #expect(kept.frames.count == 1)
        #expect(damage?.message.contains("missing \"i\"") == true, "\(String(describing: damage))")
        #expect(damage?.hint?.contains("edited or damaged") == true)
        #expect(throws: HingeCheckError.self) { try LandmarkFile.parse(Data(middle.utf8), path: "m.jsonl") }
    }

    /// The checks the TRC and CSV importers make, line by line: the frames before the bad line
    /// are kept, the error names the line.
    @Test(arguments: [
        ("{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":2,\"t\":0.2}\n", "line 4 of 4: time goes backwards (0.2 s after 0.5 s)"),
        ("{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":1,\"t\":0.6}\n", "line 4 of 4: frame 1 does not follow frame 1"),
        ("{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":-3,\"t\":0.6}\n", "line 4 of 4: frame -3 is not a whole number ≥ 0"),
    ])
    func aFrameThatBreaksTheOrderEndsTheStream(frames: String, message: String) throws {
        let header = #"{"format":"hingecheck-landmarks","version":1,"source":"x","skeleton":"s","width":1,"height":1,"fps":1,"generator":"g"}"#
        let (file, bad) = try LandmarkFile.parsePrefix(Data((header + "\n" + frames).utf8), path: "o.jsonl")
        #expect(file.frames.map(\.index) == [0, 1])
        let error = try #require(bad)
        #expect(error.code == .badInput)
        #expect(error.path == "o.jsonl")
        #expect(error.message.hasPrefix(message), "\(error.message)")
        #expect(error.hint?.isEmpty == false)
    }

    @Test(arguments: [
        ("\"fps\":1", "\"fps\":-30", "line 1: fps -30 must be 0 (unknown) or above 0 and at most 10000"),
        ("\"fps\":1", "\"fps\":1e9", "line 1: fps 1000000000 must be 0 (unknown) or above 0 and at most 10000"),
        ("\"width\":1", "\"width\":-5", "line 1: width -5 is outside 0…100000"),
        ("\"height\":1", "\"height\":-1", "line 1: height -1 is outside 0…100000"),
    ])
    func aHeaderWithANegativeRateOrSizeIsRefused(good: String, bad: String, message: String) throws {
        let header = #"{"format":"hingecheck-landmarks","version":1,"source":"x","skeleton":"s","width":1,"height":1,"fps":1,"generator":"g"}"#
        let text = header.replacingOccurrences(of: good, with: bad) + "\n{\"i\":0,\"t\":0}\n"
        let error = try #require(throws: HingeCheckError.self) { try LandmarkFile.parsePrefix(Data(text.utf8), path: "h.jsonl") }
        #expect(error.message == message)
        #expect(error.path == "h.jsonl")
    }

    @Test func aFIFOIsRefusedBeforeReading() throws {
        let fifo = dir.appendingPathComponent("pipe.jsonl")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        let error = try #require(throws: HingeCheckError.self) { try LandmarkFile.readPrefix(from: fifo) }
        #expect(error.code == .badInput)
        #expect(error.path == fifo.path)
        #expect(error.message.contains("FIFO"), "\(error.message)")
    }

    @Test func missingFileAndDirectory() throws {
        let missing = try #require(throws: HingeCheckError.self) { try LandmarkFile.read(from: dir.appendingPathComponent("nope.jsonl")) }
        #expect(missing.code == .notFound)
        let folder = try #require(throws: HingeCheckError.self) { try LandmarkFile.read(from: dir) }
        #expect(folder.code == .badInput)
        #expect(folder.message.contains("directory"))
    }
}
