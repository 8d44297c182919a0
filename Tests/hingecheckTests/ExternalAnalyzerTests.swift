import Foundation
import PoseCore
import Testing
import TestSupport

/// External analysers (docs/plugins.md) run through the real `hingecheck` binary: the shipped
/// Python example on a generated set with known trunk angles, and small misbehaving plugins
/// (a crash mid-stream, a bad line, another protocol version, a hang), each of which must be
/// named in the error while the built-in results and the report are kept.
@Suite struct ExternalAnalyzerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let example = root.appendingPathComponent("docs/plugins/hingecheck-analyzer-hinge-depth").path
    static let python = toolPath("python3")

    /// Two reps to 60° of trunk inclination, one to 45°, from 2° standing, no lumbar rounding:
    /// trunk travel 58°, 58°, 43°, so the third rep reaches 43/58 = 74.1 % of the deepest.
    static func landmarks(in folder: URL) throws -> URL {
        let lift = SyntheticLift()
        let truth = lift.set(reps: [0, 0], peakDeg: 60) + lift.set(standingS: 0, reps: [0], peakDeg: 45)
        return try lift.writeLandmarkFile(lift.frames(truth), to: folder.appendingPathComponent("set.jsonl"))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    static func object(_ url: URL) throws -> [String: Any] {
        try json(String(contentsOf: url, encoding: .utf8))
    }

    /// A plugin script in `folder`, executable, named as discovery expects.
    static func plugin(_ id: String, in folder: URL, python body: String) throws -> URL {
        let url = folder.appendingPathComponent("hingecheck-analyzer-\(id)")
        try ("#!/usr/bin/env python3\nimport json, sys, time\n" + body).write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    /// The handshake of a small test plugin, answering hello; `protocolVersion` may be wrong on purpose.
    static func describe(_ id: String, protocolVersion: Int = 1) -> String {
        """
        sys.stdin.readline()
        print(json.dumps({"type": "describe", "protocol": \(protocolVersion), "id": "\(id)", "version": "0.1",
                          "summary": "test plugin", "needs": ["samples", "reps"],
                          "emits": {"events": [], "rep_fields": [{"name": "n", "unit": None, "summary": "x"}]}}), flush=True)
        if not sys.stdin.readline(): sys.exit(0)

        """
    }

    // MARK: The example plugin

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func hingeDepthExampleAddsPerRepDepthsAndFlagsTheShallowRep() throws {
        let folder = tempFolder()
        let input = try Self.landmarks(in: folder)
        let out = folder.appendingPathComponent("report")
        let r = try runCLI(["analyze", input.path, "--json", "--report", out.path,
                            "--set", "external-analyzers.hinge-depth=\(Self.example)"])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try Self.json(r.stdout)
        let reps = try #require(doc["reps"] as? [[String: Any]])
        try #require(reps.count == 3, "\(reps.count) reps")
        let fields = try reps.map { try #require(($0["plugins"] as? [String: Any])?["hinge-depth"] as? [String: Any]) }
        let depth = fields.map { $0["depth_deg"] as? Double ?? .nan }
        let pct = fields.map { $0["depth_pct"] as? Double ?? .nan }
        // Trunk travel from the truth (2° standing to 60°, 60°, 45°), to the kinematics' precision.
        for (got, want) in zip(depth, [58.0, 58, 43]) { #expect(abs(got - want) < 1.5, "depth \(depth)") }
        #expect(abs(pct[0] - 100) < 2 && abs(pct[1] - 100) < 2, "\(pct)")
        #expect(abs(pct[2] - 100 * 43 / 58) < 2, "\(pct)")
        // 3 s reps, symmetric: the deepest frame half-way.
        for f in fields {
            let descent = f["descent_s"] as? Double ?? .nan, ascent = f["ascent_s"] as? Double ?? .nan
            #expect(descent > 0.8 && descent < 1.6 && ascent > 0.8 && ascent < 1.6, "\(f)")
        }
        let events = try #require(doc["events"] as? [[String: Any]])
        let shallow = events.filter { $0["plugin"] as? String == "hinge-depth" }
        #expect(shallow.count == 1 && shallow.first?["code"] as? String == "shallow_rep" && shallow.first?["rep_index"] as? Int == 3, "\(shallow)")
        #expect(events.filter { $0["plugin"] is NSNull }.count == events.count - shallow.count)
        let external = try #require(doc["external_analyzers"] as? [[String: Any]])
        #expect(external.count == 1 && external[0]["status"] as? String == "ok" && external[0]["version"] as? String == "1.0.0")
        #expect((external[0]["fields"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" }
                == ["depth_deg", "depth_pct", "descent_s", "ascent_s", "hip_range_deg"])

        // reps.csv: the plugin's columns after the built-in ones, the same values.
        let csv = try String(contentsOf: out.appendingPathComponent("reps.csv"), encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let column = try #require(csv[0].firstIndex(of: "hinge-depth.depth_pct"))
        #expect(csv[0].last == "hinge-depth.hip_range_deg")
        #expect(Double(String(csv[3][column])) == pct[2])
        // The page: the plugin's table with units, and its flagged moment.
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("From external analysers") && html.contains("<th scope=\"col\">depth (%)</th>") && html.contains("<th scope=\"col\">hip range (deg)</th>") && html.contains("Rep 3 hinged to 74%"))
        // The same report.json as --json (the plugin's output is deterministic).
        #expect(try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8) + "\n" == r.stdout)

        // Its parameter reaches it: at 70 % the third rep is not shallow.
        let lenient = try runCLI(["analyze", input.path, "--json", "--set", "external-analyzers.hinge-depth=\(Self.example)",
                                  "--set", "hinge-depth.shallow-pct=70"])
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let lenientEvents = try #require(try Self.json(lenient.stdout)["events"] as? [[String: Any]])
        #expect(!lenientEvents.contains { $0["plugin"] as? String == "hinge-depth" })
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func configFileFindsThePluginByRelativePathAndChecksItsParameters() throws {
        let folder = tempFolder()
        let input = try Self.landmarks(in: folder)
        try FileManager.default.copyItem(atPath: Self.example, toPath: folder.appendingPathComponent("hingecheck-analyzer-hinge-depth").path)
        let config = folder.appendingPathComponent("hinge.toml")
        try "[external-analyzers]\nhinge-depth = \"hingecheck-analyzer-hinge-depth\"\n[hinge-depth]\nshallow-pct = 80\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let ok = try runCLI(["report", input.path, "--out", folder.appendingPathComponent("r").path, "--config", config.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        let doc = try Self.object(folder.appendingPathComponent("r/report.json"))
        #expect(((doc["external_analyzers"] as? [[String: Any]])?.first?["status"] as? String) == "ok")

        // A parameter the plugin does not declare: refused before any work, at its line.
        try "[external-analyzers]\nhinge-depth = \"hingecheck-analyzer-hinge-depth\"\n[hinge-depth]\nshalow-pct = 80\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let bad = try runCLI(["analyze", input.path, "--config", config.path, "--report", folder.appendingPathComponent("r2").path])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("hinge.toml") && bad.stderr.contains("line 4") && bad.stderr.contains("shalow-pct"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("r2/report.json").path))
    }

    @Test func aPluginTurnedOnButMissingStopsBeforeAnyWork() throws {
        let folder = tempFolder()
        let input = try Self.landmarks(in: folder)
        let r = try runCLI(["analyze", input.path, "--set", "external-analyzers.nope=true"],
                           environment: ["HINGECHECK_PLUGIN_PATH": folder.path])
        #expect(r.status != 0)
        #expect(r.stderr.contains("no executable hingecheck-analyzer-nope was found"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        // A built-in plugin's id is not free for an external one.
        let taken = try runCLI(["analyze", input.path, "--set", "external-analyzers.reps=true"])
        #expect(taken.status != 0 && taken.stderr.contains("\"reps\" is the id of a built-in plugin"), "\(taken.stderr)")
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func pluginsListsExternalAnalysersWithWhereTheyWereFound() throws {
        let folder = tempFolder()
        try FileManager.default.copyItem(atPath: Self.example, toPath: folder.appendingPathComponent("hingecheck-analyzer-hinge-depth").path)
        _ = try Self.plugin("old", in: folder, python: Self.describe("old", protocolVersion: 2))
        let r = try runCLI(["plugins", "--kind", "analyzer"], environment: ["HINGECHECK_PLUGIN_PATH": folder.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("shear-guard  [analyzer]"))
        #expect(r.stdout.contains("hinge-depth  [analyzer, external 1.0.0]"))
        #expect(r.stdout.contains("found in HINGECHECK_PLUGIN_PATH folder \(folder.path); not turned on"))
        #expect(r.stdout.contains("--set hinge-depth.shallow-pct=85\n        default 85 %; range 0…100 %"))
        #expect(r.stdout.contains("old  [analyzer, external]") && r.stdout.contains("speaks protocol version 2"), "\(r.stdout)")
        let json = try runCLI(["plugins", "--json"], environment: ["HINGECHECK_PLUGIN_PATH": folder.path])
        let list = try #require(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let entry = try #require(list.first { $0["id"] as? String == "hinge-depth" })
        #expect((entry["external"] as? [String: Any])?["executable"] as? String == folder.appendingPathComponent("hingecheck-analyzer-hinge-depth").path)
        #expect(list.contains { $0["id"] as? String == "reps" && $0["external"] == nil })
    }

    // MARK: Misbehaving plugins

    /// Runs `analyze --report` with one misbehaving plugin and checks what every failure must
    /// give: a non-zero exit naming the plugin's executable and `fragments`, the built-in
    /// results as without the plugin, and the report written with the failure recorded.
    func expectFailure(_ id: String, python body: String, extra: [String] = [], _ fragments: [String]) throws {
        let folder = tempFolder()
        let input = try Self.landmarks(in: folder)
        let plugin = try Self.plugin(id, in: folder, python: body)
        let out = folder.appendingPathComponent("report")
        let plain = try runCLI(["analyze", input.path, "--json"])
        let r = try runCLI(["analyze", input.path, "--json", "--report", out.path, "--set", "external-analyzers.\(id)=\(plugin.path)"] + extra)
        #expect(r.status != 0, "\(id) should fail")
        #expect(r.stderr.contains(plugin.path), "\(id): \(r.stderr)")
        for fragment in fragments { #expect(r.stderr.contains(fragment), "\(id): \(r.stderr)") }
        #expect(r.stderr.contains("fix:"), "\(r.stderr)")
        // The built-in results, as without the plugin.
        let doc = try Self.json(r.stdout), before = try Self.json(plain.stdout)
        #expect((doc["summary"] as? NSDictionary) == (before["summary"] as? NSDictionary))
        #expect((doc["reps"] as? [[String: Any]])?.count == 3)
        #expect((doc["events"] as? NSArray) == (before["events"] as? NSArray))
        // The report folder, with the failure in it.
        let report = try Self.object(out.appendingPathComponent("report.json"))
        let external = try #require(report["external_analyzers"] as? [[String: Any]])
        #expect(external.count == 1 && external[0]["status"] as? String == "failed" && external[0]["id"] as? String == id)
        #expect((report["reps"] as? [[String: Any]])?.allSatisfy { ($0["plugins"] as? [String: Any])?.isEmpty == true } == true)
        let warning = (report["warnings"] as? [[String: Any]])?.first { $0["code"] as? String == "external_analyzer_failed" }
        #expect((warning?["message"] as? String)?.contains(plugin.path) == true, "\(String(describing: warning))")
        let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
        #expect(html.contains("It failed, so its results are missing"))
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func aPluginThatCrashesMidStream() throws {
        // It reads five samples of some 380 (over 100 KB, more than a pipe holds) and exits.
        try expectFailure("crasher", python: Self.crasherBody, ["external analyser crasher exited with status 3 while HingeCheck was sending it the samples and reps", "boom: out of cheese"])
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func aPluginThatWritesABadLine() throws {
        try expectFailure("liar", python: Self.describe("liar") + """
            while json.loads(sys.stdin.readline())["type"] != "end": pass
            print("rep 2 depth 41", flush=True)
            print(json.dumps({"type": "done"}), flush=True)
            """, ["external analyser liar, output line 2: not a JSON object: `rep 2 depth 41`"])
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func aPluginThatSpeaksAnotherProtocolVersion() throws {
        try expectFailure("future", python: Self.describe("future", protocolVersion: 2),
                          ["external analyser future speaks protocol version 2; this hingecheck speaks 1", "update the plugin to protocol 1"])
    }

    /// A plugin that crashes after reading five samples (some 380 are sent, over 100 KB).
    static let crasherBody = describe("crasher") + """
        for _ in range(5): sys.stdin.readline()
        sys.stderr.write("boom: out of cheese\\n")
        sys.exit(3)
        """

    // MARK: batch and live

    /// A batch of two inputs with a config turning on the example plugin and one that crashes:
    /// every report and the summary are written (with the example's results and the built-in
    /// verdicts), but the batch exits 1, as `analyze` does, naming the plugin, both inputs and
    /// the fix; a second run redoes those inputs, and with the plugin turned off it exits 0.
    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func batchExitsOneWhenAPluginFailsAndKeepsEveryReport() throws {
        let folder = tempFolder()
        let lifts = folder.appendingPathComponent("lifts")
        let lift = SyntheticLift()
        var inputs: [URL] = []
        for (name, peak) in [("anna_2026-11-20_set1.jsonl", 60.0), ("ben_2026-11-21_set2.jsonl", 50.0)] {
            inputs.append(try lift.writeLandmarkFile(lift.frames(lift.set(reps: [0, 0], peakDeg: peak)), to: lifts.appendingPathComponent(name)))
        }
        let crasher = try Self.plugin("crasher", in: folder, python: Self.crasherBody)
        let config = folder.appendingPathComponent("hc.toml")
        try "[external-analyzers]\nhinge-depth = \"\(Self.example)\"\ncrasher = \"\(crasher.path)\"\n".write(to: config, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("reports")

        // What `analyze` does on one of them: results, report, exit 1.
        let analyze = try runCLI(["analyze", inputs[0].path, "--config", config.path])
        #expect(analyze.status == 1, "\(analyze.stderr)")

        let r = try runCLI(["batch", lifts.path, "--out", out.path, "--config", config.path, "--report-video", "none", "--quiet"])
        #expect(r.status == analyze.status, "\(r.stderr)")
        #expect(r.stderr.contains("2 analysed, 0 skipped, 0 not analysed, 2 with a failed external analyser"), "\(r.stderr)")
        #expect(r.stderr.contains("external analyser crasher failed on 2 of 2 inputs: \(inputs[0].path), \(inputs[1].path)"), "\(r.stderr)")
        #expect(r.stderr.contains("fix: run `hingecheck analyze \(inputs[0].path) --config \(config.path)` to see the analyser's error"), "\(r.stderr)")
        #expect(r.stderr.contains("crasher = false under [external-analyzers]"), "\(r.stderr)")
        #expect(!r.stderr.contains("hinge-depth failed") && !r.stderr.contains("failed: "), "\(r.stderr)")

        // Every report written, with the example's results and the crasher's failure.
        let summary = try Self.object(out.appendingPathComponent("batch.json"))
        let entries = try #require(summary["entries"] as? [[String: Any]])
        #expect(entries.map { $0["input"] as? String } == inputs.map(\.path))
        for (entry, peak) in zip(entries, [60.0, 50.0]) {
            #expect(entry["status"] as? String == "done" && entry["verdict"] as? String == "held", "\(entry)")
            #expect(entry["failed_external_analyzers"] as? [String] == ["crasher"], "\(entry)")
            #expect((entry["error"] as? String)?.contains("external analyser crasher failed (the report holds the built-in results without its own)") == true, "\(entry)")
            #expect((entry["error"] as? String)?.contains("exited with status 3") == true, "\(entry)")
            let folderName = try #require(entry["folder"] as? String)
            let report = try Self.object(out.appendingPathComponent(folderName).appendingPathComponent("report.json"))
            let external = try #require(report["external_analyzers"] as? [[String: Any]])
            #expect(external.map { "\($0["id"] ?? "")=\($0["status"] ?? "")" } == ["crasher=failed", "hinge-depth=ok"])
            let reps = try #require(report["reps"] as? [[String: Any]])
            #expect(reps.count == 2)
            // Trunk travel from 2° standing to each set's peak.
            for rep in reps {
                let depth = ((rep["plugins"] as? [String: Any])?["hinge-depth"] as? [String: Any])?["depth_deg"] as? Double ?? .nan
                #expect(abs(depth - (peak - 2)) < 1.5, "\(rep)")
            }
            #expect((report["warnings"] as? [[String: Any]])?.contains { $0["code"] as? String == "external_analyzer_failed" && ($0["message"] as? String)?.contains(crasher.path) == true } == true)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(folderName).appendingPathComponent("report.html").path))
        }
        let html = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(html.contains("Lower back held in all 2 recordings") && html.contains("/report.html\""), "index.html")
        #expect(html.contains("The external analyser crasher failed on 2 of 2 inputs: their reports have the built-in results without its own"))
        // merge of that folder says so too.
        let merged = try runCLI(["batch", "merge", out.path, "--out", folder.appendingPathComponent("merged").path])
        #expect(merged.status == 1 && merged.stderr.contains("external analyser crasher failed on 2 listed inputs"), "\(merged.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("summary.csv"), encoding: .utf8).contains("external analyser crasher failed"))

        // The next run redoes them (the plugin may be fixed by then) ...
        let again = try runCLI(["batch", lifts.path, "--out", out.path, "--config", config.path, "--report-video", "none", "--quiet"])
        #expect(again.status == 1 && again.stderr.contains("2 to analyse") && !again.stderr.contains("skipping"), "\(again.stderr)")
        // ... and with it turned off they are complete: exit 0, then skipped.
        let off = ["batch", lifts.path, "--out", out.path, "--config", config.path, "--set", "external-analyzers.crasher=false", "--quiet"]
        let fixed = try runCLI(off)
        #expect(fixed.status == 0, "\(fixed.stderr)")
        #expect(!fixed.stderr.contains("external analyser"), "\(fixed.stderr)")
        let rows = try #require(try Self.object(out.appendingPathComponent("batch.json"))["entries"] as? [[String: Any]])
        #expect(rows.allSatisfy { $0["error"] is NSNull && ($0["failed_external_analyzers"] as? [String])?.isEmpty == true }, "\(rows)")
        let third = try runCLI(off)
        #expect(third.status == 0 && third.stderr.contains("skipping 2 with a complete report"), "\(third.stderr)")
    }

    /// `live` runs the configured external analysers on its final report, as `analyze` does: a
    /// plugin that fails is named and the command exits 1 after writing the report.
    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func liveExitsOneWhenAPluginFailsAfterWritingTheReport() throws {
        let folder = tempFolder()
        let crasher = try Self.plugin("crasher", in: folder, python: Self.crasherBody)
        let record = folder.appendingPathComponent("rec")
        let clip = Self.root.appendingPathComponent("SampleVideos/rdl-markers.mp4").path
        let r = try runCLI(["live", "--source", clip, "--landmarks", "markers", "--no-window", "--no-sound", "--max-seconds", "4",
                            "--record", record.path, "--set", "external-analyzers.crasher=\(crasher.path)"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains(crasher.path) && r.stderr.contains("external analyser crasher") && r.stderr.contains("exited with status 3"), "\(r.stderr)")
        #expect(r.stderr.contains("the built-in results and the report are complete; 1 external analyser failed"), "\(r.stderr)")
        let report = try Self.object(record.appendingPathComponent("report/report.json"))
        let external = try #require(report["external_analyzers"] as? [[String: Any]])
        #expect(external.count == 1 && external[0]["id"] as? String == "crasher" && external[0]["status"] as? String == "failed")
    }

    @Test(.enabled(if: python != nil, "python3 is not installed"))
    func aPluginThatHangsIsStoppedAfterItsTimeout() throws {
        // A 3 s allowance against a plugin that would sleep for ten minutes once it has its
        // input. (On a busy machine even the handshake may take over 3 s: that is a timeout
        // too, so the message is checked up to where the two differ.)
        try expectFailure("sleeper", python: Self.describe("sleeper") + """
            while json.loads(sys.stdin.readline())["type"] != "end": pass
            time.sleep(600)
            """, extra: ["--set", "external-analyzers.timeout=3"],
            ["external analyser sleeper timed out: nothing for 3 s while HingeCheck waited for its", "it was stopped", "timeout = SECONDS"])
    }
}
