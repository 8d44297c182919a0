import Foundation
import Testing
import TestSupport

/// A video with undecodable frames in the middle: `probe`, `analyze` and `batch` read past them
/// and say how many were skipped (probe's count, the report's `skipped_frames` and warning, the
/// batch entry and its line), instead of stopping at the first one as OpenCV 4.6 alone did.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "ffmpeg not installed"))
struct DamagedVideoCommandTests {
    var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func tool(_ path: String, _ args: [String]) throws -> String { try ProgramRunner.output(path, args) }

    /// 90 frames of the marker sample (fast to analyse: no networks), with the slice headers of
    /// frames 40, 41 and 70 flipped (5 bytes each after the packet's length prefix and NAL
    /// header): those three cannot be decoded; ffmpeg decodes the other 87.
    func damagedClip(in dir: URL) throws -> String {
        let whole = dir.appendingPathComponent("whole.mp4").path
        _ = try tool("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", repository.appendingPathComponent("SampleVideos/rdl-markers.mp4").path,
                                         "-frames:v", "90", "-an", "-c:v", "libx264", "-g", "30", "-threads", "1", whole])
        let positions = try tool("/usr/bin/ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "packet=pos",
                                                      "-of", "csv=p=0", whole])
            .split(separator: "\n").compactMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: ", "))) }
        try #require(positions.count == 90)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: whole))
        for k in [40, 41, 70] { for i in 0..<5 { bytes[positions[k] + 5 + i] ^= 0xFF } }
        let damaged = dir.appendingPathComponent("lifts/anna_2026-11-20_set1.mp4")
        try FileManager.default.createDirectory(at: damaged.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: damaged)
        let decoded = try tool("/usr/bin/ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0",
                                                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", damaged.path])
        try #require(decoded.trimmingCharacters(in: .whitespacesAndNewlines) == "87", "ffmpeg decodes \(decoded)")
        return damaged.path
    }

    @Test func probeAnalyzeAndBatchCountTheSkippedFrames() throws {
        let dir = tempFolder()
        let damaged = try damagedClip(in: dir)

        let probe = try runCLI(["probe", damaged, "--count", "--json"])
        #expect(probe.status == 0, "\(probe.stderr)")
        let facts = try #require(try JSONSerialization.jsonObject(with: Data(probe.stdout.utf8)) as? [String: Any])
        #expect(facts["decoded_frames"] as? Int == 87)
        #expect(facts["skipped_frames"] as? Int == 3)
        let probeText = try runCLI(["probe", damaged, "--count"])
        #expect(probeText.stdout.contains("3 frames could not be decoded (damaged data) and were skipped"), "\(probeText.stdout)")
        #expect(!probeText.stdout.contains("truncated"), "skipped frames are not a cut")

        let report = dir.appendingPathComponent("report")
        let analyze = try runCLI(["analyze", damaged, "--source", "markers", "--json", "--report", report.path])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(analyze.stderr.contains("3 of 90 frames"), "\(analyze.stderr)")
        let reportData = try Data(contentsOf: report.appendingPathComponent("report.json"))
        for data in [Data(analyze.stdout.utf8), reportData] {
            let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            #expect(doc["frame_count"] as? Int == 87)
            #expect(doc["skipped_frames"] as? Int == 3)
            let warnings = try #require(doc["warnings"] as? [[String: Any]])
            #expect(warnings.contains { $0["code"] as? String == "skipped_frames" }, "\(warnings)")
            #expect(!warnings.contains { $0["code"] as? String == "truncated_input" }, "\(warnings)")
        }

        let out = dir.appendingPathComponent("batch")
        let batch = try runCLI(["batch", dir.appendingPathComponent("lifts").path, "--out", out.path, "--source", "markers",
                                "--report-video", "none"])
        #expect(batch.status == 0, "\(batch.stderr)")
        #expect(batch.stderr.contains("done (warning: 3 undecodable frames skipped)"), "\(batch.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("batch.json"))) as? [String: Any])
        let entries = try #require(summary["entries"] as? [[String: Any]], "\(summary.keys)")
        #expect(entries.first?["skipped_frames"] as? Int == 3)
        #expect((entries.first?["warnings"] as? [String])?.contains("skipped_frames") == true)
    }

    /// The undamaged clip: nothing skipped, and the report says 0.
    @Test func aWholeVideoReportsNoSkippedFrames() throws {
        let dir = tempFolder()
        let whole = dir.appendingPathComponent("whole.mp4").path
        _ = try tool("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-i", repository.appendingPathComponent("SampleVideos/rdl-markers.mp4").path,
                                         "-frames:v", "30", "-an", "-c:v", "libx264", whole])
        let analyze = try runCLI(["analyze", whole, "--source", "markers", "--json"])
        #expect(analyze.status == 0, "\(analyze.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(analyze.stdout.utf8)) as? [String: Any])
        #expect(doc["skipped_frames"] as? Int == 0)
        #expect(doc["frame_count"] as? Int == 30)
    }
}
