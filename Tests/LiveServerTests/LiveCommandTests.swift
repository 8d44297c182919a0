import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
import TestSupport

/// `hingecheck live` run as a person would: the browser view in headless Chromium, the token,
/// the refusal of a public address without one, and the display check (no abort without X).
@Suite(.serialized) struct LiveCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let clip = root.appendingPathComponent("SampleVideos/rdl-markers.mp4").path

    static func binary() -> URL {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for dir in [here, here.deletingLastPathComponent()] {
            let candidate = dir.appendingPathComponent("hingecheck")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return root.appendingPathComponent(".build/debug/hingecheck")
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static var chromium: String? { which("chromium") ?? which("chromium-browser") }

    /// A running `hingecheck live`, its stderr collected as it comes.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let lock = NSLock()
        private var errText = ""
        private var outText = ""

        init(_ arguments: [String], environment: [String: String?] = [:]) throws {
            process.executableURL = LiveCommandTests.binary()
            process.arguments = arguments
            var env = ProcessInfo.processInfo.environment
            for (k, v) in environment { env[k] = v }
            process.environment = env
            let err = Pipe(), out = Pipe()
            process.standardError = err
            process.standardOutput = out
            // At end of file the handler sees empty data: unhook it (it would fire again and again).
            err.fileHandleForReading.readabilityHandler = { [weak self] h in
                let d = h.availableData
                if d.isEmpty { h.readabilityHandler = nil; return }
                self?.appendErr(String(decoding: d, as: UTF8.self))
            }
            out.fileHandleForReading.readabilityHandler = { [weak self] h in
                let d = h.availableData
                if d.isEmpty { h.readabilityHandler = nil; return }
                self?.appendOut(String(decoding: d, as: UTF8.self))
            }
            try process.run()
        }

        private func appendErr(_ text: String) { lock.withLock { errText += text } }
        private func appendOut(_ text: String) { lock.withLock { outText += text } }

        var stderr: String { lock.withLock { errText } }
        var stdout: String { lock.withLock { outText } }

        /// The browser view's URL once it is printed.
        func pageURL(timeout: Double = 30) -> String? {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while Date() < deadline {
                if let line = stderr.split(separator: "\n").first(where: { $0.hasPrefix("browser view: ") }) {
                    return String(line.dropFirst("browser view: ".count))
                }
                if !process.isRunning { return nil }
                Thread.sleep(forTimeInterval: 0.1)
            }
            return nil
        }

        func wait(timeout: Double = 120) -> Int32? {
            let deadline = Date(timeIntervalSinceNow: timeout)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            if process.isRunning { process.terminate(); return nil }
            Thread.sleep(forTimeInterval: 0.2)
            return process.terminationStatus
        }
    }

    static func run(_ arguments: [String], environment: [String: String?] = [:]) throws -> (status: Int32?, stderr: String, stdout: String) {
        let r = try Running(arguments, environment: environment)
        let status = r.wait()
        return (status, r.stderr, r.stdout)
    }

    /// `<body ...>` attributes of the page after Chromium ran its script for `budgetMs` of virtual time.
    static func dumpBody(_ url: String, budgetMs: Int = 2500) throws -> [String: String] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: chromium!)
        let profile = TestFolders.make("hc-chromium")
        p.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile.path)",
                       "--virtual-time-budget=\(budgetMs)", "--dump-dom", url]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        try? FileManager.default.removeItem(at: profile)
        let html = String(decoding: data, as: UTF8.self)
        guard let start = html.range(of: "<body "), let end = html[start.upperBound...].firstIndex(of: ">") else { return [:] }
        var attributes: [String: String] = [:]
        let text = html[start.upperBound..<end]
        let regex = try NSRegularExpression(pattern: #"([a-z-]+)="([^"]*)""#)
        for m in regex.matches(in: String(text), range: NSRange(text.startIndex..., in: text)) {
            let s = String(text)
            attributes[String(s[Range(m.range(at: 1), in: s)!])] = String(s[Range(m.range(at: 2), in: s)!])
        }
        return attributes
    }

    /// `clip` played `times` times in a row, as one file in a temporary folder (ffmpeg's stream
    /// copy, no re-encoding); the clip itself when ffmpeg is not installed.
    static func loopedClip(times: Int) throws -> String {
        guard let ffmpeg = which("ffmpeg") else { return clip }
        // Removed when the test process exits (TestFolders).
        let out = TestFolders.make("hc-live").appendingPathComponent("looped.mp4").path
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ffmpeg)
        p.arguments = ["-v", "error", "-y", "-stream_loop", String(times - 1), "-i", clip, "-c", "copy", out]
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? out : clip
    }

    static func httpStatus(_ url: String, header: (String, String)? = nil) async throws -> Int {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 5
        if let header { request.setValue(header.1, forHTTPHeaderField: header.0) }
        let (_, response) = try await URLSession.shared.data(for: request)
        return (response as? HTTPURLResponse)?.statusCode ?? -1
    }

    @Test(.enabled(if: chromium != nil, "chromium not installed (apt-get install chromium): test skipped"))
    func theBrowserViewShowsFramesAndMetricsUpdating() throws {
        // Chromium can take seconds per dump on a loaded machine: the clip played three times
        // (33 s) keeps the session serving for as long as the dumps below may need.
        let live = try Running(["live", "--source", try Self.loopedClip(times: 3), "--realtime", "--landmarks", "markers", "--no-sound",
                                "--no-window", "--serve", "127.0.0.1:0"])
        defer { if live.process.isRunning { live.process.interrupt() } }
        let url = try #require(live.pageURL(), "no browser view URL; stderr: \(live.stderr)")
        // Each dump is a fresh page: it connects, receives for a moment, and its DOM is dumped.
        // Under load the first frame may take longer than one dump: try a few times.
        var dumps: [[String: String]] = []
        for _ in 0..<6 where dumps.filter({ Int($0["data-video-frames"] ?? "") ?? 0 >= 1 }).count < 2 {
            Thread.sleep(forTimeInterval: 0.7)
            dumps.append(try Self.dumpBody(url, budgetMs: 4000))
        }
        let withFrames = dumps.filter { (Int($0["data-video-frames"] ?? "") ?? 0) >= 1 }
        #expect(dumps.contains { $0["data-connected"] == "true" }, "\(dumps)")
        #expect(withFrames.count >= 2, "video frames shown in the dumps: \(dumps.map { $0["data-video-frames"] ?? "-" })")
        #expect(dumps.allSatisfy { (Int($0["data-state-messages"] ?? "") ?? 0) >= 1 }, "state messages: \(dumps.map { $0["data-state-messages"] ?? "-" })")
        let first = withFrames.first ?? [:], second = withFrames.last ?? [:]
        let index1 = Int(first["data-frame-index"] ?? "") ?? -1, index2 = Int(second["data-frame-index"] ?? "") ?? -1
        #expect(index2 > index1, "the frame index moves on between dumps: \(index1) → \(index2)")
        #expect(["calibrating", "live"].contains(second["data-phase"] ?? ""))
        let status = live.wait()
        #expect(status == 0, "stderr: \(live.stderr)")
        #expect(live.stderr.contains("capture-to-cue latency p50"))
        #expect(live.stdout.contains("rep "))
    }

    /// The clip loops (`--loop`), so the server stays up however long a busy machine takes over
    /// the requests; the test stops the session when it is done.
    @Test func theTokenIsEnforcedOnTheRunningServer() async throws {
        let live = try Running(["live", "--source", Self.clip, "--realtime", "--loop", "--landmarks", "markers", "--no-sound",
                                "--no-window", "--serve", "127.0.0.1:0", "--token", "T0ken"])
        defer { if live.process.isRunning { live.process.interrupt() } }
        let url = try #require(live.pageURL(), "stderr: \(live.stderr)")
        #expect(url.hasSuffix("/?token=T0ken"))
        let base = String(url.dropLast("?token=T0ken".count))
        #expect(try await Self.httpStatus(base) == 401)
        #expect(try await Self.httpStatus(base + "state.json?token=nope") == 401)
        #expect(try await Self.httpStatus(url) == 200)
        // Authorised: 200, or 204 while the session has nothing to show yet (the marker stream reads 1 s ahead).
        #expect([200, 204].contains(try await Self.httpStatus(base + "state.json", header: ("Authorization", "Bearer T0ken"))))
        #expect([200, 204].contains(try await Self.httpStatus(base + "frame.jpg", header: ("X-HingeCheck-Token", "T0ken"))))
        #expect(try await Self.httpStatus(base + "frame.jpg", header: ("Authorization", "Bearer wrong")) == 401)
        #expect(live.process.isRunning, "a looped clip keeps the session up")
        live.process.interrupt()
        #expect(live.wait() == 0, "stderr: \(live.stderr)")
    }

    /// `--loop` plays the file again: frame numbers run on past the clip's end, and a stop ends
    /// the session with its report. No timing: the session is stopped once the state shows a
    /// frame beyond the clip's last.
    @Test func aLoopedClipPlaysOnUntilStopped() async throws {
        let live = try Running(["live", "--source", Self.clip, "--loop", "--landmarks", "markers", "--no-sound",
                                "--no-window", "--serve", "127.0.0.1:0", "--json"])
        defer { if live.process.isRunning { live.process.interrupt() } }
        let url = try #require(live.pageURL(), "stderr: \(live.stderr)")
        let clipFrames = 335
        var frame = 0
        for _ in 0..<600 where frame <= clipFrames {
            if let data = try? Data(contentsOf: URL(string: url + "state.json")!),
               let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                frame = object["frameIndex"] as? Int ?? frame
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(frame > clipFrames, "the session is at frame \(frame) of a \(clipFrames)-frame clip")
        live.process.interrupt()
        #expect(live.wait() == 0, "stderr: \(live.stderr)")
        // The terminal view's lines come first, then the JSON document.
        let document = live.stdout.range(of: "\n{").map { String(live.stdout[$0.lowerBound...]) } ?? live.stdout
        let json = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any], "stdout: \(live.stdout)")
        #expect((json["frame_count"] as? Int ?? 0) > clipFrames)
    }

    @Test func loopNeedsAFile() throws {
        let r = try Self.run(["live", "--loop", "--camera", "0"])
        #expect(r.status == 64)
        #expect(r.stderr.contains("--loop applies to --source FILE"))
    }

    @Test func aPublicAddressWithoutATokenIsRefused() throws {
        let r = try Self.run(["live", "--source", Self.clip, "--no-window", "--serve", "0.0.0.0:0"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("refusing to serve the live view on 0.0.0.0"), "\(r.stderr)")
        #expect(r.stderr.contains("--token"))
    }

    @Test func withoutADisplayThereIsNoWindowAndNoAbort() throws {
        let r = try Self.run(["live", "--source", Self.clip, "--landmarks", "markers", "--no-sound", "--max-seconds", "1"],
                             environment: ["DISPLAY": nil, "QT_QPA_PLATFORM": nil, "WAYLAND_DISPLAY": nil])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("no window: DISPLAY is not set"), "\(r.stderr)")
        #expect(!r.stderr.split(separator: "\n").contains { $0.hasPrefix("window: ") })
    }

    @Test func aDisplayThatDoesNotConnectIsNoDisplay() throws {
        // :87 has no X server here (Qt would abort the process if highgui were asked to open it).
        let r = try Self.run(["live", "--source", Self.clip, "--landmarks", "markers", "--no-sound", "--max-seconds", "1"],
                             environment: ["DISPLAY": ":87", "QT_QPA_PLATFORM": nil])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("X display :87 does not accept a connection"), "\(r.stderr)")
    }

    @Test(.enabled(if: which("Xvfb") != nil, "Xvfb not installed (apt-get install xvfb): window test skipped"))
    func theWindowShowsFramesUnderXvfb() throws {
        let xvfb = Process()
        xvfb.executableURL = URL(fileURLWithPath: Self.which("Xvfb")!)
        xvfb.arguments = [":93", "-screen", "0", "1024x768x24", "-nolisten", "tcp"]
        xvfb.standardError = FileHandle.nullDevice
        xvfb.standardOutput = FileHandle.nullDevice
        try xvfb.run()
        defer {
            // Xvfb started through Foundation's Process may not react to SIGTERM: SIGKILL after a moment.
            xvfb.terminate()
            let deadline = Date(timeIntervalSinceNow: 0.5)
            while xvfb.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            if xvfb.isRunning { kill(xvfb.processIdentifier, SIGKILL) }
        }
        Thread.sleep(forTimeInterval: 1.5)
        let r = try Self.run(["live", "--source", Self.clip, "--realtime", "--landmarks", "markers", "--no-sound", "--max-seconds", "3"],
                             environment: ["DISPLAY": ":93", "QT_QPA_PLATFORM": nil])
        #expect(r.status == 0, "\(r.stderr)")
        let line = r.stderr.split(separator: "\n").first { $0.hasPrefix("window: ") }
        let shown = line.flatMap { Int($0.split(separator: " ")[1]) } ?? 0
        // How many of the 90 frames the window gets to show depends on the machine's speed (it
        // shows the newest picture when its event loop runs); that it shows them at all does not.
        #expect(shown >= 2, "\(r.stderr)")
    }
}
