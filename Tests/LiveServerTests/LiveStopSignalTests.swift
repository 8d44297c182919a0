import Foundation
import Testing
import TestSupport

/// `hingecheck live --record` stopped the ways a process is stopped: SIGTERM (kill, timeout,
/// systemd, docker stop) and SIGHUP (terminal closed) finish like Ctrl-C; SIGKILL cannot be
/// handled, and still leaves a video that plays and landmark lines that analyse.
/// The real binary, a sample clip played as the camera, real signals, ffprobe on the result.
@Suite(.serialized) struct LiveStopSignalTests {
    static let clip = LiveCommandTests.root.appendingPathComponent("SampleVideos/rdl-markers.mp4").path
    static var ffprobe: String? { LiveCommandTests.which("ffprobe") }

    static func folder() -> URL {
        TestFolders.make("hc-live-stop")
    }

    /// Whole lines in a file (0 when it is not there).
    static func lineCount(_ url: URL) -> Int {
        guard let data = try? Data(contentsOf: url) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Frames ffprobe decodes (nil when it cannot read the file at all).
    static func decodedFrames(_ path: String) throws -> Int? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ffprobe!)
        p.arguments = ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
                       "-of", "csv=p=0", path]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // MPEG-TS lists the stream twice (under its program and alone): the first number.
        return text.split(whereSeparator: \.isNewline).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }.first
    }

    /// A recording session on the sample clip (played in real time, 11 s), started.
    static func record(into dir: URL) throws -> LiveCommandTests.Running {
        try LiveCommandTests.Running(["live", "--source", clip, "--realtime", "--landmarks", "markers", "--no-sound", "--no-window",
                                      "--calibration-seconds", "0", "--record", dir.path])
    }

    /// Waits until `ready` holds; false if the session ended first or 90 s passed.
    static func waitFor(_ live: LiveCommandTests.Running, _ ready: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 90)
        while Date() < deadline && live.process.isRunning {
            if ready() { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// N from a stderr line "recorded N video frames to ... and M landmark frames to ...".
    static func recorded(_ stderr: String) -> (video: Int, landmarks: Int)? {
        guard let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("recorded ") }) else { return nil }
        let words = line.split(separator: " ")
        guard let video = Int(words[1]), let i = words.firstIndex(of: "and"), let marks = Int(words[i + 1]) else { return nil }
        return (video, marks)
    }

    @Test(.enabled(if: ffprobe != nil, "ffprobe not installed (apt-get install ffmpeg): test skipped"),
          arguments: [(SIGTERM, "SIGTERM"), (SIGHUP, "SIGHUP"), (SIGINT, "Ctrl-C")])
    func aStopSignalFinishesTheRecordingLikeCtrlC(signal: Int32, name: String) throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try Self.record(into: dir)
        defer { if live.process.isRunning { kill(live.process.processIdentifier, SIGKILL) } }
        let landmarks = dir.appendingPathComponent("landmarks.jsonl")
        let started = Self.waitFor(live) { Self.lineCount(landmarks) >= 31 }
        try #require(started, "no 30 landmark frames before the clip ended; stderr: \(live.stderr)")
        kill(live.process.processIdentifier, signal)
        let status = live.wait()
        #expect(status == 0, "stderr: \(live.stderr)")
        #expect(live.stderr.contains("stopped by \(name)"), "\(live.stderr)")
        let counts = try #require(Self.recorded(live.stderr), "\(live.stderr)")
        // The joined video plays, with every frame the recorder wrote; the segments are gone.
        let video = dir.appendingPathComponent("video.ts").path
        #expect(try Self.decodedFrames(video) == counts.video, "video frames: ffprobe vs recorder")
        #expect(counts.video >= 30)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("video-segments").path))
        // Every landmark frame under its own name (header + frames), nothing left hidden.
        #expect(Self.lineCount(landmarks) == counts.landmarks + 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(!names.contains { $0.hasPrefix(".") }, "\(names)")
        #expect(names.contains("live-session.json"))
        let report = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("report").path)
        #expect(report.contains("report.html"), "\(report)")
        #expect(live.stdout.contains("rep") || live.stdout.contains("no rep"), "\(live.stdout)")
    }

    @Test(.enabled(if: ffprobe != nil, "ffprobe not installed (apt-get install ffmpeg): test skipped"))
    func afterSIGKILLTheVideoPlaysAndTheLandmarksAnalyse() throws {
        let dir = Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let live = try Self.record(into: dir)
        defer { if live.process.isRunning { kill(live.process.processIdentifier, SIGKILL) } }
        let segments = dir.appendingPathComponent("video-segments")
        // Killed once the first segment is closed and the list names the second (written right
        // after the second is opened), mid-way through the second.
        let listURL = segments.appendingPathComponent("segments.ffconcat")
        let secondStarted = Self.waitFor(live) { ((try? String(contentsOf: listURL, encoding: .utf8)) ?? "").contains("0001.ts") }
        try #require(secondStarted, "the recording did not reach its second segment; stderr: \(live.stderr)")
        kill(live.process.processIdentifier, SIGKILL)
        _ = live.wait()
        #expect(live.process.terminationReason == .uncaughtSignal)

        let first = try #require(try Self.decodedFrames(segments.appendingPathComponent("0000.ts").path))
        #expect(first == 120, "a closed segment holds 4 s at 30 fps")
        let list = try String(contentsOf: listURL, encoding: .utf8)
        #expect(list.contains("file '0000.ts'") && list.contains("file '0001.ts'"), "\(list)")
        // FFmpeg joins what is there by the list, as docs/live.md says.
        #expect((try Self.decodedFrames("concat:" + segments.appendingPathComponent("0000.ts").path + "|"
                                        + segments.appendingPathComponent("0001.ts").path) ?? 0) >= first)

        // Landmarks: the header and whole lines for the frames so far, which analyse.
        let landmarks = dir.appendingPathComponent("landmarks.jsonl")
        let data = try Data(contentsOf: landmarks)
        #expect(data.last == 0x0A, "the last line is whole")
        #expect(Self.lineCount(landmarks) > 1, "the header and at least one frame")
        let analyse = try LiveCommandTests.run(["analyze", landmarks.path, "--json"])
        #expect(analyse.status == 0, "\(analyse.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(analyse.stdout.utf8)) as? [String: Any]
        #expect(document?["frame_count"] as? Int == Self.lineCount(landmarks) - 1, "every whole line is a frame analysed")
    }
}
