import Analyzers
import Foundation
import PoseCore
import Testing
@testable import Workflows

/// The checks on what an external analyser says (docs/plugins.md): its handshake and each
/// result line, against what it declared and the reps it was sent. The whole exchange with a
/// real process is tested through the binary in hingecheckTests/ExternalAnalyzerTests.
@Suite struct ExternalAnalyzerProtocolTests {
    static let executable = "/plugins/hingecheck-analyzer-depth"

    static let handshake = """
        {"type":"describe","protocol":1,"id":"depth","version":"2.1","summary":"Depth.",\
        "parameters":[{"name":"limit","default":85,"unit":"%","minimum":0,"maximum":100,"summary":"s"},\
        {"name":"mode","default":"fast","choices":["fast","slow"]}],\
        "needs":["samples","reps"],"emits":{"events":["shallow_rep"],"rep_fields":[{"name":"depth_pct","unit":"%","summary":"x"}]}}
        """

    static func context() throws -> ExternalAnalyzerReply.Context {
        ExternalAnalyzerReply.Context(description: try ExternalAnalyzerDescription.parse(handshake, executable: executable),
                                      executable: executable, repIndices: [1, 2, 3])
    }

    /// The error a line gives, as text.
    static func failure(_ line: String) -> String {
        do {
            _ = try ExternalAnalyzerReply.parse(line, number: 7, context: try context())
            return "no error"
        } catch { return "\(error)" }
    }

    static func handshakeFailure(_ line: String) -> HingeCheckError? {
        do { _ = try ExternalAnalyzerDescription.parse(line, executable: executable); return nil } catch { return error as? HingeCheckError }
    }

    @Test func theHandshakeBecomesADescriptorWithCheckedParameters() throws {
        let d = try ExternalAnalyzerDescription.parse(Self.handshake, executable: Self.executable)
        #expect(d.id == "depth" && d.version == "2.1" && d.needs == [.samples, .reps])
        #expect(d.parameters.map(\.defaultValue) == ["85", "fast"])
        #expect(d.descriptor.emits == ["event:shallow_rep", "rep:depth_pct"])
        // Its parameters are checked as a built-in plugin's are: range and choices.
        #expect(throws: HingeCheckError.self) { try PluginSettings(descriptor: d.descriptor, overrides: ["limit": "120"]) }
        #expect(throws: HingeCheckError.self) { try PluginSettings(descriptor: d.descriptor, overrides: ["mode": "medium"]) }
        #expect(try PluginSettings(descriptor: d.descriptor, overrides: ["limit": "70"]).number("limit") == 70)
    }

    @Test func aBadHandshakeIsRefusedNamingTheExecutable() throws {
        let future = try #require(Self.handshakeFailure(Self.handshake.replacingOccurrences(of: "\"protocol\":1", with: "\"protocol\":2")))
        #expect(future.code == .versionMismatch && future.path == Self.executable)
        #expect(future.message.contains("speaks protocol version 2; this hingecheck speaks 1"))
        let cases = [
            ("{\"type\":\"hello\"}", "expected {\"type\": \"describe\""),
            (Self.handshake.replacingOccurrences(of: "\"id\":\"depth\"", with: "\"id\":\"Depth_X\""), "kebab-case"),
            (Self.handshake.replacingOccurrences(of: "\"needs\":[\"samples\",\"reps\"]", with: "\"needs\":[\"video\"]"), "\"needs\" may hold only"),
            (Self.handshake.replacingOccurrences(of: "\"shallow_rep\"", with: "\"posture_lost\""), "posture_lost is the built-in verdict's"),
            (Self.handshake.replacingOccurrences(of: "\"maximum\":100,", with: ""), "give both \"minimum\" and \"maximum\""),
            ("not json", "not a JSON object"),
        ]
        for (line, fragment) in cases {
            let error = try #require(Self.handshakeFailure(line), "\(line)")
            #expect(error.message.contains(fragment) && error.path == Self.executable, "\(error)")
        }
    }

    @Test func resultLinesBecomeEventsAndFields() throws {
        let event = try ExternalAnalyzerReply.parse(
            #"{"type":"event","code":"shallow_rep","rep_index":3,"start_s":9.6,"end_s":12.6,"severity":0.2,"message":"Rep 3 short."}"#,
            number: 4, context: try Self.context())
        #expect(event == .event(PostureEvent(code: "shallow_rep", startS: 9.6, endS: 12.6, repIndex: 3, severity: 0.2,
                                             message: "Rep 3 short.", plugin: "depth")))
        let fields = try ExternalAnalyzerReply.parse(#"{"type":"rep_fields","rep_index":2,"values":{"depth_pct":74.1}}"#,
                                                     number: 5, context: try Self.context())
        #expect(fields == .repFields(repIndex: 2, values: ["depth_pct": .number(74.1)]))
        // true stays a boolean and 1 a number (JSONSerialization would blur them).
        #expect(try ExternalAnalyzerReply.parse(#"{"type":"rep_fields","rep_index":1,"values":{"depth_pct":true}}"#, number: 6, context: try Self.context())
                == .repFields(repIndex: 1, values: ["depth_pct": .flag(true)]))
        let warning = try ExternalAnalyzerReply.parse(#"{"type":"warning","code":"few","message":"m"}"#, number: 6, context: try Self.context())
        #expect(warning == .warning(AnalysisWarning(code: "depth.few", message: "depth: m")))
    }

    @Test func resultLinesOutsideTheHandshakeAreBadLines() {
        let cases = [
            (#"{"type":"rep_fields","rep_index":9,"values":{"depth_pct":1}}"#, "must be the index of a rep it was sent (1, 2, 3)"),
            (#"{"type":"rep_fields","rep_index":1,"values":{"depth_deg":1}}"#, "field \"depth_deg\" was not declared"),
            (#"{"type":"rep_fields","rep_index":1,"values":{"depth_pct":[1]}}"#, "must be a number, a string, true/false or null"),
            (#"{"type":"event","code":"deep_rep","start_s":1,"end_s":2,"message":"m"}"#, "must be one the handshake declared (shallow_rep)"),
            (#"{"type":"event","code":"shallow_rep","start_s":3,"end_s":2,"message":"m"}"#, "\"start_s\" ≤ \"end_s\""),
            (#"{"type":"event","code":"shallow_rep","start_s":1,"end_s":2,"severity":3,"message":"m"}"#, "\"severity\" must be in 0…1"),
            (#"{"type":"result"}"#, "unknown message type \"result\""),
            ("rep 2 depth 41", "output line 7: not a JSON object: `rep 2 depth 41`"),
        ]
        for (line, fragment) in cases {
            let text = Self.failure(line)
            #expect(text.contains(fragment) && text.contains(Self.executable) && text.contains("external analyser depth"), "\(line): \(text)")
        }
    }

    @Test func theConfigTableTurnsPluginsOnAndResolvesPathsFromTheConfigFile() throws {
        let config = try AnalysisConfig.parse("""
            [external-analyzers]
            depth = "bin/hingecheck-analyzer-depth"
            path-lookup = true
            off = false
            timeout = 2.5
            folder = "plugins"
            [depth]
            limit = 80
            """, path: "/etc/hc/hinge.toml")
        let settings = try ExternalAnalyzerSettings(config)
        #expect(settings.entries == [.init(id: "depth", path: "/etc/hc/bin/hingecheck-analyzer-depth"), .init(id: "path-lookup", path: nil)])
        #expect(settings.timeoutS == 2.5 && settings.folders == ["/etc/hc/plugins"])
        // validate leaves the plugin's own table to its handshake, not to the built-in registry.
        try config.validate(against: try PluginRegistry())
        let bad = try AnalysisConfig.parse("[external-analyzers]\ntimeout = -1\n", path: "/etc/hc/hinge.toml")
        #expect(throws: HingeCheckError.self) { try ExternalAnalyzerSettings(bad) }
        do { _ = try ExternalAnalyzerSettings(bad) } catch let e as HingeCheckError {
            #expect(e.path == "/etc/hc/hinge.toml" && e.message.hasPrefix("line 2: external-analyzers.timeout"))
        }
        // A table for a plugin that is not turned on is still an unknown plugin.
        let stray = try AnalysisConfig.parse("[depth]\nlimit = 80\n", path: "h.toml")
        #expect(throws: HingeCheckError.self) { try stray.validate(against: try PluginRegistry()) }
    }

    @Test func anOldConfigsEmptyOneEuroTableIsLetBeAndAValueInItRefused() throws {
        let old = try AnalysisConfig.parse("[one-euro]\n# min-cutoff = 1.5\n", path: "old.toml")
        try old.validate(against: try PluginRegistry())
        let valued = try AnalysisConfig.parse("[one-euro]\nmin-cutoff = 1.5\n", path: "old.toml")
        do {
            try valued.validate(against: try PluginRegistry())
            Issue.record("a one-euro value was accepted")
        } catch let e as HingeCheckError {
            #expect(e.path == "old.toml" && e.message.contains("line 2: one-euro.min-cutoff: the one-euro filter was removed"), "\(e)")
            #expect(e.hint?.contains("delete the [one-euro] table") == true)
        }
    }
}
