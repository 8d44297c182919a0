import Foundation
import PoseCore
import Testing
import TestSupport

/// Issue 19, "hostile data": inputs made to break HingeCheck give a clear error and exit 1 (or
/// are analysed), never a crash or a hang.
@Suite struct HostileInputTests {
    var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `runCLI` with a deadline: a hang before the fix fails the test instead of stalling the run.
    func runCLIWithDeadline(_ arguments: [String], timeoutS: Double) throws -> (result: CLIResult, timedOut: Bool) {
        let process = Process()
        process.executableURL = hingecheckBinary()
        process.arguments = arguments
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("hc-out-\(UUID().uuidString)")
        let err = FileManager.default.temporaryDirectory.appendingPathComponent("hc-err-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        let deadline = Date().addingTimeInterval(timeoutS)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        let timedOut = process.isRunning
        if timedOut {
            process.terminate()
            process.waitUntilExit()
        }
        let result = CLIResult(status: process.terminationStatus,
                               stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                               stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
        return (result, timedOut)
    }

    // MARK: 1. A tiny positive time step

    static let tinyStepFiles: [(name: String, text: String)] = [
        ("t.csv", "frame,time,site,x,y\n0,0,L3,1,1\n1,1e-300,L3,1,1\n"),
        ("t.jsonl", #"{"format":"hingecheck-landmarks","version":1,"source":"markers","skeleton":"spine-only","width":100,"height":100,"fps":30,"generator":"g"}"#
            + "\n{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":1e-300}\n"),
        ("t.trc", "PathFileType\t4\t(X/Y/Z)\tt.trc\n"
            + "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n"
            + "0\t0\t2\t1\tpx\t0\t1\t2\nFrame#\tTime\tL3\t\t\n\t\tX1\tY1\tZ1\n1\t0\t1\t1\t0\n2\t1e-300\t1\t1\t0\n"),
    ]

    /// `seconds / dt` was infinite and `Int(_:)` trapped (SIGILL) in every importer.
    @Test(arguments: tinyStepFiles)
    func aTinyTimeStepIsAnalysedNotACrash(file: (name: String, text: String)) throws {
        let url = tempFolder().appendingPathComponent(file.name)
        try Data(file.text.utf8).write(to: url)
        let r = try runCLI(["analyze", url.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("2 frames"), "\(r.stdout)")
        #expect(r.stdout.contains("No hinge reps found."), "\(r.stdout)")
        #expect(!r.stderr.contains("Fatal error"), "\(r.stderr)")
    }

    // MARK: 2. Profile values

    static let badProfiles: [(json: String, field: String, range: String)] = [
        (#"{"name":"x","neutralLumbarDeg":20,"maxFlexionDeg":1e-300}"#, "maxFlexionDeg", "2…180"),
        (#"{"name":"x","neutralLumbarDeg":20,"maxFlexionDeg":1e308}"#, "maxFlexionDeg", "2…180"),
        (#"{"name":"x","neutralLumbarDeg":20,"maxFlexionDeg":-30}"#, "maxFlexionDeg", "2…180"),
        (#"{"name":"x","neutralLumbarDeg":1e308}"#, "neutralLumbarDeg", "-90…90"),
        (#"{"name":"x","markerlessThresholdDeg":-300,"markerlessMeasure":"lower-back-angle"}"#, "markerlessThresholdDeg", "-45…45"),
    ]

    /// A profile value out of range is refused before anything runs, naming the file, the field
    /// and the valid range (it crashed the HTML report, or failed with an unnamed encoding error).
    @Test(arguments: badProfiles)
    func aProfileValueOutOfRangeIsRefused(profile: (json: String, field: String, range: String)) throws {
        let dir = tempFolder()
        let path = dir.appendingPathComponent("p.json").path
        try Data(profile.json.utf8).write(to: URL(fileURLWithPath: path))
        let lift = SyntheticLift()
        let input = try lift.writeLandmarkFile(lift.frames(lift.set(reps: [4, 25])), to: dir.appendingPathComponent("set.jsonl"))
        let r = try runCLI(["analyze", input.path, "--profile", path, "--report", dir.appendingPathComponent("x").path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(path), "\(r.stderr)")
        #expect(r.stderr.contains(profile.field), "\(r.stderr)")
        #expect(r.stderr.contains(profile.range), "\(r.stderr)")
        #expect(r.stdout.isEmpty, "nothing should run: \(r.stdout)")
    }

    /// The reproduction from the issue, on the marker clip: the valid edge of the range works.
    @Test func theSmallestValidMaximalFlexionReportsOnTheMarkerClip() throws {
        let dir = tempFolder()
        let path = dir.appendingPathComponent("p.json").path
        try Data(#"{"name":"x","neutralLumbarDeg":20,"maxFlexionDeg":2}"#.utf8).write(to: URL(fileURLWithPath: path))
        let r = try runCLI(["analyze", repository.appendingPathComponent("SampleVideos/rdl-markers.mp4").path, "--source", "markers",
                            "--profile", path, "--report", dir.appendingPathComponent("x").path])
        #expect(r.status == 0, "\(r.stderr)")
        let html = try String(contentsOf: dir.appendingPathComponent("x/report.html"), encoding: .utf8)
        #expect(html.contains("% of max"))
    }

    // MARK: 3. The JSONL importer

    static let header = #"{"format":"hingecheck-landmarks","version":1,"source":"markers","skeleton":"spine-only","width":100,"height":100,"fps":30,"generator":"g"}"#

    /// A bad frame line: the frames before it are analysed and shown, then the error names the
    /// file and the line, exit 1.
    @Test(arguments: [
        ("{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":2,\"t\":0.2}\n", "line 4", "time goes backwards"),
        ("{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":1,\"t\":0.6}\n", "line 4", "frame 1 does not follow frame 1"),
        ("{\"i\":0,\"t\":0}\n{\"i\":1,\"t\":0.5}\n{\"i\":-3,\"t\":0.6}\n", "line 4", "frame -3"),
    ])
    func aBadFrameLineStopsTheStreamThere(frames: String, line: String, fragment: String) throws {
        let url = tempFolder().appendingPathComponent("bad.jsonl")
        try Data((Self.header + "\n" + frames).utf8).write(to: url)
        let r = try runCLI(["analyze", url.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stdout.contains("2 frames"), "the frames before the bad line are shown: \(r.stdout)")
        #expect(r.stderr.contains("stopped after 2 frames"), "\(r.stderr)")
        #expect(r.stderr.contains(url.path + ": " + line), "\(r.stderr)")
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    @Test(arguments: [
        ("\"fps\":30", "\"fps\":-30", "fps -30"),
        ("\"width\":100", "\"width\":-5", "width -5"),
        ("\"height\":100", "\"height\":-1", "height -1"),
    ])
    func aNegativeHeaderValueIsRefused(good: String, bad: String, fragment: String) throws {
        let url = tempFolder().appendingPathComponent("hdr.jsonl")
        try Data((Self.header.replacingOccurrences(of: good, with: bad) + "\n{\"i\":0,\"t\":0}\n").utf8).write(to: url)
        let r = try runCLI(["analyze", url.path])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(url.path + ": line 1"), "\(r.stderr)")
        #expect(r.stderr.contains(fragment), "\(r.stderr)")
    }

    // MARK: 4. summary.csv

    /// An athlete name from a file name such as `@SUM(1+1)_2026-11-20_set1.jsonl` must not become a
    /// spreadsheet formula; the negative lumbar angle beside it stays a number.
    @Test func batchSummaryNeutralisesFormulaText() throws {
        let base = tempFolder()
        let input = base.appendingPathComponent("lifts")
        let lift = SyntheticLift()
        try lift.writeLandmarkFile(lift.frames(lift.set(reps: [4, 25])), to: input.appendingPathComponent("@SUM(1+1)_2026-11-20_set1.jsonl"))
        let out = base.appendingPathComponent("reports")
        let r = try runCLI(["batch", input.path, "--out", out.path, "--report-video", "none"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8).split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let cells = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let column = { (name: String) in cells[header.firstIndex(of: name)!] }
        #expect(column("athlete") == "'@SUM(1+1)", "\(lines[1])")
        let angle = try #require(Double(column("worst_lumbar_angle_deg")), "\(lines[1])")
        #expect(angle.isFinite)
        #expect(column("date") == "2026-11-20")
    }

    // MARK: 5. Non-regular files

    /// A FIFO given as a video hung OpenCV's VideoCapture::open forever (nobody writes to it).
    @Test func aFIFOIsRefusedNotWaitedOn() throws {
        let dir = tempFolder()
        let fifo = dir.appendingPathComponent("lift.mp4").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let (r, timedOut) = try runCLIWithDeadline(["analyze", fifo], timeoutS: 30)
        #expect(!timedOut, "hingecheck waited on the FIFO")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(fifo) && r.stderr.contains("FIFO"), "\(r.stderr)")
        let landmarks = dir.appendingPathComponent("lift.jsonl").path
        #expect(mkfifo(landmarks, 0o600) == 0)
        let (j, jTimedOut) = try runCLIWithDeadline(["analyze", landmarks], timeoutS: 30)
        #expect(!jTimedOut, "hingecheck waited on the FIFO")
        #expect(j.status == 1, "\(j.stderr)")
        #expect(j.stderr.contains(landmarks) && j.stderr.contains("FIFO"), "\(j.stderr)")
    }

    /// A device under /dev is taken for a camera; one reached through a video's name (a link) is
    /// refused before opening (/dev/zero would be read forever).
    @Test func aCharacterDeviceIsRefused() throws {
        let link = tempFolder().appendingPathComponent("zero.mp4").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/zero")
        let (r, timedOut) = try runCLIWithDeadline(["analyze", link, "--source", "markers"], timeoutS: 30)
        #expect(!timedOut)
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(link) && r.stderr.contains("character device"), "\(r.stderr)")
    }
}
