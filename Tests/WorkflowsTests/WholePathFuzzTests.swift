import Analyzers
import Foundation
import PoseCore
import Reports
import Testing
import TestSupport
@testable import Workflows

/// Issue 19, "hostile data": mutated inputs of every format (HingeCheck's JSONL with and without
/// the back outline included) go the whole way — import, analysis, every exporter — through
/// `AnalysisJob`, as `analyze --report` runs them. Each either gives a complete report that
/// reads back (`ReportFolderCheck`), or is rejected with a `HingeCheckError` naming the input;
/// a file that goes bad part-way does both (the frames before the bad line are reported).
/// Never a crash, never another error type. The same is done to athlete profiles and configs.
@Suite struct WholePathFuzzTests {
    /// Mutations per seed: a few hundred keep each test within seconds on a 2-core machine.
    static let mutationsPerSeed = 300

    static func registry() throws -> PluginRegistry {
        try PluginRegistry(sources: [JSONLLandmarkSource()] + LandmarkImporters.all, analyzers: BuiltInAnalyzers.all,
                           exporters: ReportExporters.all)
    }

    enum Outcome: Hashable { case reported, reportedThenRejected, rejected }

    /// Writes `bytes` where `seed`'s plugin reads them (the OpenPose JSON as a one-file folder);
    /// returns the input path.
    static func place(_ bytes: [UInt8], as seed: FuzzSeeds.Seed, in folder: URL) throws -> String {
        if seed.plugin is OpenPoseLandmarkSource {
            let dir = folder.appendingPathComponent("op")
            try? FileManager.default.removeItem(at: dir)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(bytes).write(to: dir.appendingPathComponent("x_000000000003_keypoints.json"))
            return dir.path
        }
        let url = folder.appendingPathComponent("input.\(seed.ext)")
        try Data(bytes).write(to: url)
        return url.path
    }

    /// One run of `analyze INPUT --report FOLDER`, checked: what it gave.
    static func analyse(input: String, sourceID: String?, folder: URL, config: AnalysisConfig = AnalysisConfig(),
                        profile: AthleteProfile? = nil, what: String) throws -> Outcome {
        let report = folder.appendingPathComponent("report")
        try? FileManager.default.removeItem(at: report)
        let job = AnalysisJob(registry: try registry(), options: .init(input: input, sourceID: sourceID, config: config, profile: profile,
                                                                       reportFolder: report.path))
        let outcome: AnalysisJob.Outcome
        do {
            outcome = try job.run()
        } catch let error as HingeCheckError {
            // Rejected: the error names the input (a file, or a file in the input folder), and no
            // report is left behind.
            #expect(error.path.map { $0.hasPrefix(input) } == true, "\(what): \(error)")
            let left = (try? FileManager.default.contentsOfDirectory(atPath: report.path)) ?? []
            #expect(left.isEmpty, "\(what): a rejected input left \(left)")
            return .rejected
        }
        #expect(outcome.reportError == nil, "\(what): the report failed: \(String(describing: outcome.reportError))")
        let problems = ReportFolderCheck.problems(in: report, frameCount: outcome.frameCount)
        #expect(problems.isEmpty, "\(what): \(problems.prefix(5))")
        guard let streamError = outcome.streamError else { return .reported }
        let named = (streamError as? HingeCheckError)?.path.map { $0.hasPrefix(input) } == true
        #expect(named, "\(what): the source stopped with \(streamError)")
        return .reportedThenRejected
    }

    static let seedNames = ["trc", "wide", "long", "spine-csv", "spine-json", "openpose", "jsonl", "jsonl-dorsal"]

    @Test(arguments: seedNames.indices)
    func mutatedInputsReportOrAreRejected(seedIndex: Int) throws {
        let seed = try FuzzSeeds.all(frameCount: 40)[seedIndex]
        #expect(seed.name == Self.seedNames[seedIndex])
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-fuzz-\(seed.name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let id = seed.plugin.descriptor.id
        // The seed itself gives a complete report.
        #expect(try Self.analyse(input: Self.place(seed.bytes, as: seed, in: folder), sourceID: id, folder: folder,
                                 what: "\(seed.name) seed") == .reported)
        var fuzzer = MutationFuzzer(seed: 0x5EED_1900 + UInt64(seedIndex))
        var outcomes: [Outcome: Int] = [:]
        for n in 0..<Self.mutationsPerSeed {
            let bytes = fuzzer.mutate(seed.bytes)
            let input = try Self.place(bytes, as: seed, in: folder)
            outcomes[try Self.analyse(input: input, sourceID: id, folder: folder, what: "\(seed.name) mutation \(n)"), default: 0] += 1
        }
        // Both ends are reached: the analysis and exporters see damaged-but-readable data, and the
        // readers' error paths run.
        #expect((outcomes[.reported] ?? 0) >= 10, "\(seed.name): \(outcomes)")
        #expect((outcomes[.rejected] ?? 0) + (outcomes[.reportedThenRejected] ?? 0) >= 10, "\(seed.name): \(outcomes)")
        print("whole-path fuzz \(seed.name) (\(seed.bytes.count) bytes): \(Self.mutationsPerSeed) inputs, \(outcomes)")
    }

    /// The issue's "NaN reaches the JSON encoder": the largest finite values JSON can carry, in
    /// every field of a JSONL frame the analysis reads (coordinates, time, the back outline's
    /// axis and depths, world points), give a complete report of finite numbers, not an unnamed
    /// encoding error. (Not reproduced on this build: every case below already reported.)
    @Test(arguments: [
        ("\"x\":200", "\"x\":1.7976931348623157e308"),
        ("\"x\":200", "\"x\":-1.7976931348623157e308"),
        ("\"y\":300", "\"y\":1e308"),
        ("\"depths\":[", "\"depths\":[1e308,"),
        ("\"hip\":{\"x\":", "\"hip\":{\"x\":-1e308,\"_\":"),
    ])
    func extremeFiniteValuesGiveAFiniteReport(find: String, replace: String) throws {
        let seed = try FuzzSeeds.all(frameCount: 40).first { $0.name == "jsonl-dorsal" }!
        var lines = String(decoding: seed.bytes, as: UTF8.self).split(separator: "\n").map(String.init)
        // Frames 10…20 (mid-descent) carry the value; the first match in each line is replaced.
        for k in 11...21 {
            let x = lines[k].replacingOccurrences(of: #""x":\d+(\.\d+)?"#, with: "\"x\":200", options: .regularExpression,
                                                  range: lines[k].range(of: #""x":\d+(\.\d+)?"#, options: .regularExpression))
            let y = x.replacingOccurrences(of: #""y":\d+(\.\d+)?"#, with: "\"y\":300", options: .regularExpression,
                                           range: x.range(of: #""y":\d+(\.\d+)?"#, options: .regularExpression))
            lines[k] = y.replacingOccurrences(of: find, with: replace, options: [], range: y.range(of: find))
            #expect(lines[k].contains(replace), "\(lines[k].prefix(200))")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-extreme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.place(Array((lines.joined(separator: "\n") + "\n").utf8), as: seed, in: folder)
        #expect(try Self.analyse(input: input, sourceID: "jsonl", folder: folder, what: replace) == .reported)
    }
}
