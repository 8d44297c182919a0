import Foundation
import Testing
import TestSupport

/// A batch survives any one input: an input whose analysis really crashes (the child process
/// calls `abort()` through the documented test hook HINGECHECK_TEST_CRASH_ON) is listed as that
/// input's failure with the signal's name, the other inputs finish, and a rerun picks it up.
@Suite struct BatchCrashIsolationTests {
    func landmarkFile(_ url: URL, losses: [Double]) throws {
        let lift = SyntheticLift()
        try lift.writeLandmarkFile(lift.frames(lift.set(reps: losses)), to: url)
    }

    /// summary.csv rows keyed by file name: (status, error).
    func rows(_ url: URL) throws -> [String: (status: String, error: String)] {
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let inputColumn = try #require(header.firstIndex(of: "input")), statusColumn = try #require(header.firstIndex(of: "status"))
        var result: [String: (String, String)] = [:]
        for line in lines.dropFirst() {
            let fields = line.split(separator: ",", maxSplits: header.count - 1, omittingEmptySubsequences: false).map(String.init)
            result[URL(fileURLWithPath: fields[inputColumn]).lastPathComponent] = (fields[statusColumn], fields.last ?? "")
        }
        return result
    }

    @Test func aCrashingInputIsItsOwnFailureAndTheOthersFinish() throws {
        let base = tempFolder()
        defer { try? FileManager.default.removeItem(at: base) }
        let input = base.appendingPathComponent("lifts")
        try landmarkFile(input.appendingPathComponent("anna.jsonl"), losses: [5, 25])
        try landmarkFile(input.appendingPathComponent("crash-me.jsonl"), losses: [4])
        try landmarkFile(input.appendingPathComponent("zoe.jsonl"), losses: [4, 5])
        let out = base.appendingPathComponent("reports")
        let arguments = ["batch", input.path, "--out", out.path, "--report-video", "none", "--jobs", "2", "--quiet"]

        let first = try runCLI(arguments, environment: ["HINGECHECK_TEST_CRASH_ON": "crash-me.jsonl"])
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.stderr.contains("2 analysed, 0 skipped, 1 not analysed"), "\(first.stderr)")
        #expect(first.stderr.contains("failed: ") && first.stderr.contains("crashed (SIGABRT)"), "\(first.stderr)")
        let table = try rows(out.appendingPathComponent("summary.csv"))
        #expect(table["anna.jsonl"]?.status == "done")
        #expect(table["zoe.jsonl"]?.status == "done")
        #expect(table["crash-me.jsonl"]?.status == "failed")
        #expect(table["crash-me.jsonl"]?.error.contains("crashed (SIGABRT)") == true, "\(table["crash-me.jsonl"]?.error ?? "-")")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out.path)
        for name in ["anna", "zoe"] {
            let folder = try #require(folders.first { $0.hasPrefix(name + "-") }, "\(folders)")
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(folder).appendingPathComponent("done.json").path))
        }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("batch.json").path))

        // Resumed without the crash: only the crashed input is analysed again.
        let second = try runCLI(arguments)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("1 to analyse"), "\(second.stderr)")
        #expect(second.stderr.contains("1 analysed, 2 skipped, 0 not analysed"), "\(second.stderr)")
        #expect(try rows(out.appendingPathComponent("summary.csv"))["crash-me.jsonl"]?.status == "done")
    }
}
