import Foundation
import PoseCore
import Reports
import Testing
import TestSupport

/// Seeded random-mutation fuzzing of every importer, the native JSONL reader included (seeds and
/// mutator in TestSupport's `FuzzSeeds` and `MutationFuzzer`): thousands of damaged files, each must
/// either import into sane frames or fail with a `HingeCheckError` — never crash, never throw
/// anything else.
@Suite struct ImporterFuzzTests {
    enum Outcome { case imported, rejected }

    /// Imports one file through the plugin's real entry point (the OpenPose JSON as a one-file
    /// folder) and checks what comes out.
    static func importOnce(_ plugin: any LandmarkSourcePlugin, bytes: [UInt8], folder: URL, ext: String) throws -> Outcome {
        let input: SourceInput
        if plugin is OpenPoseLandmarkSource {
            let dir = folder.appendingPathComponent("op")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: dir.appendingPathComponent("x_000000000003_keypoints.json"))
            input = .folder(dir)
        } else {
            let url = folder.appendingPathComponent("input.\(ext)")
            try Data(bytes).write(to: url)
            input = .file(url)
        }
        _ = plugin.canOpen(input)
        do {
            let stream = try plugin.open(input, settings: try PluginSettings(descriptor: plugin.descriptor))
            var previous: PoseFrame?
            while let f = try stream.next() {
                #expect(f.time.isFinite && f.index >= 0)
                #expect(f.landmarks.isEmpty || f.landmarks.count == 33)
                #expect(f.landmarks.allSatisfy { $0.x.isFinite && $0.y.isFinite && $0.z.isFinite && (0...1).contains($0.visibility) })
                #expect(f.spine.allSatisfy { $0.x.isFinite && $0.y.isFinite && (0...1).contains($0.confidence) })
                if let previous { #expect(f.time >= previous.time) }
                previous = f
            }
            return .imported
        } catch let error as HingeCheckError {
            // The message names the file or folder.
            #expect(error.path != nil || error.code == .invalidArgument, "\(error)")
            return .rejected
        }
    }

    @Test(arguments: 0..<8) func mutatedInputsNeverCrash(format: Int) throws {
        let seed = try FuzzSeeds.all()[format]
        let folder = ReportFixtures.tempFolder("fuzz-\(seed.name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // The unmutated seed imports.
        #expect(try Self.importOnce(seed.plugin, bytes: seed.bytes, folder: folder, ext: seed.ext) == .imported, "\(seed.name)")
        var fuzzer = MutationFuzzer(seed: 0x5EED_0000 + UInt64(format))
        var outcomes: [Outcome: Int] = [:]
        for _ in 0..<1000 {
            let bytes = fuzzer.mutate(seed.bytes)
            outcomes[try Self.importOnce(seed.plugin, bytes: bytes, folder: folder, ext: seed.ext), default: 0] += 1
        }
        // Both outcomes happen: the mutations reach the parsers' error paths and their tolerant paths.
        #expect((outcomes[.rejected] ?? 0) > 50, "\(seed.name): \(outcomes)")
        #expect((outcomes[.imported] ?? 0) > 5, "\(seed.name): \(outcomes)")
    }

    @Test func malformedFilesNameTheLine() throws {
        let folder = ReportFixtures.tempFolder("bad")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        func error(_ plugin: any LandmarkSourcePlugin, _ name: String, _ text: String) throws -> HingeCheckError {
            let url = folder.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            do {
                _ = try plugin.open(.file(url), settings: try PluginSettings(descriptor: plugin.descriptor))
            } catch let e as HingeCheckError { return e }
            Issue.record("\(name) imported")
            return HingeCheckError(.internal, "")
        }
        let a = try error(MediaPipeCSVSource(), "a.csv", "frame,keypoint,x,y,z\n0,left_hip,1,2,3\n1,left_hip,abc,2,3\n")
        #expect(a.path?.hasSuffix("a.csv") == true && a.message.contains("line 3"))
        let b = try error(SpineKeypointsSource(), "b.csv", "frame,site,x,y,confidence\n0,L3,1,2,1\n0,L9,1,2,1\n")
        #expect(b.message.contains("line 3") && b.message.contains("L9"))
        let seed = try FuzzSeeds.all()[0]
        var trc = String(decoding: seed.bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        trc[7] = trc[7].replacingOccurrences(of: "\t", with: "\tx", options: [], range: trc[7].range(of: "\t"))
        let c = try error(TRCLandmarkSource(), "c.trc", trc.joined(separator: "\n"))
        #expect(c.path?.hasSuffix("c.trc") == true && c.message.contains("line 8"), "\(c)")
        let d = try error(SpineKeypointsSource(), "d.json", "{\"format\":\"hingecheck-spine-keypoints\",\"frames\":[{\"frame\":0,\"keypoints\":{\"L3\":[1]}}]}")
        #expect(d.message.contains("frames[0]"))
        let e = try error(TRCLandmarkSource(), "e.trc", "")
        #expect(e.message.contains("empty"))
    }
}
