import Analyzers
import Foundation
import PoseCore
import Reports
import Testing
import TestSupport
@testable import Workflows

/// Issue 19, "hostile data": mutated athlete profiles and TOML configs. Each is either refused
/// by its reader (or by the check before any work) with a `HingeCheckError` naming the file —
/// and the field or line when the file is readable enough to have one — or it is used for a
/// whole analysis whose report reads back complete. Never a crash.
@Suite struct SettingsFileFuzzTests {
    static let mutations = 300

    /// The lift every accepted profile or config analyses: the JSONL seed with spine points.
    static func liftInput(in folder: URL) throws -> String {
        let seed = try FuzzSeeds.all(frameCount: 40).first { $0.name == "jsonl" }!
        return try WholePathFuzzTests.place(seed.bytes, as: seed, in: folder)
    }

    static let profileFields = ["name", "neutralLumbarDeg", "maxFlexionDeg", "markerlessThresholdDeg", "markerlessMeasure", "createdAt"]

    @Test func mutatedProfilesAreRefusedByNameOrAnalysed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-fuzz-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.liftInput(in: folder)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let seed = Array(try encoder.encode(AthleteProfile(name: "alex", neutralLumbarDeg: 32.5, maxFlexionDeg: 48,
                                                           markerlessThresholdDeg: 3.5, createdAt: "2026-11-20T10:00:00Z")))
        let path = folder.appendingPathComponent("alex.json").path
        var fuzzer = MutationFuzzer(seed: 0x5EED_2000)
        var outcomes: [String: Int] = [:]
        for n in 0..<Self.mutations {
            let bytes = n == 0 ? seed : fuzzer.mutate(seed)
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let profile: AthleteProfile
            do {
                profile = try ProfileFile.read(path)
            } catch let error as HingeCheckError {
                #expect(error.path == path, "profile mutation \(n): \(error)")
                // A file that is JSON names the field at fault.
                if let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], !object.isEmpty {
                    #expect(Self.profileFields.contains { error.message.contains($0) }, "profile mutation \(n): \(error)")
                }
                outcomes["refused", default: 0] += 1
                continue
            }
            let outcome = try WholePathFuzzTests.analyse(input: input, sourceID: "jsonl", folder: folder, profile: profile,
                                                         what: "profile mutation \(n)")
            #expect(outcome == .reported, "profile mutation \(n)")
            outcomes["analysed", default: 0] += 1
        }
        #expect((outcomes["refused"] ?? 0) >= 30 && (outcomes["analysed"] ?? 0) >= 30, "\(outcomes)")
        print("profile fuzz (\(seed.count) bytes): \(Self.mutations) inputs, \(outcomes)")
    }

    /// A coach's short config, and `config init`'s file with every parameter uncommented.
    static func configSeeds() throws -> [String] {
        let coach = """
            # coach's settings
            [shear-guard]
            flexion-threshold = 18   # deg
            loaded-inclination = 30
            [reps]
            enter-deg = 35
            [trc-export]
            lifter-height = 1.80
            [openpose-export]
            model = "body25"

            """
        let template = ConfigTemplate.text(for: try WholePathFuzzTests.registry().descriptors, version: HingeCheckVersion.current)
        // "# name = value" lines are the parameters; the other comment lines stay comments.
        let everything = template.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.wholeMatch(of: /# [a-z0-9-]+ = .*/) != nil ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
        return [coach, everything]
    }

    @Test(arguments: 0..<2)
    func mutatedConfigsAreRefusedByNameOrAnalysed(seedIndex: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-fuzz-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try Self.liftInput(in: folder)
        let seed = Array(try Self.configSeeds()[seedIndex].utf8)
        let url = folder.appendingPathComponent("coach.toml")
        var fuzzer = MutationFuzzer(seed: 0x5EED_3000 + UInt64(seedIndex))
        var outcomes: [String: Int] = [:]
        for n in 0..<Self.mutations {
            let bytes = n == 0 ? seed : fuzzer.mutate(seed)
            try Data(bytes).write(to: url)
            let config: AnalysisConfig
            do {
                config = try AnalysisConfig.load(from: url)
                try config.validate(against: try WholePathFuzzTests.registry())
            } catch let error as HingeCheckError {
                #expect(error.path == url.path, "config \(seedIndex) mutation \(n): \(error)")
                outcomes["refused", default: 0] += 1
                continue
            }
            let outcome = try WholePathFuzzTests.analyse(input: input, sourceID: "jsonl", folder: folder, config: config,
                                                         what: "config \(seedIndex) mutation \(n)")
            #expect(outcome == .reported, "config \(seedIndex) mutation \(n)")
            outcomes["analysed", default: 0] += 1
        }
        #expect((outcomes["refused"] ?? 0) >= 30 && (outcomes["analysed"] ?? 0) >= 10, "\(outcomes)")
        print("config fuzz \(seedIndex) (\(seed.count) bytes): \(Self.mutations) inputs, \(outcomes)")
    }

    /// Found by the config fuzz test: an OpenPose model or a lifter height a config file got
    /// wrong passed the check before analysis and failed only when the report was written,
    /// without the file's name. Now the file is refused first, at its line.
    @Test(arguments: [("[openpose-export]\nmodel = \"bodyinf\"\n", "line 2: openpose-export.model = \"bodyinf\" is not one of body25, coco18"),
                      ("[trc-export]\n\nlifter-height = 1e308\n", "line 3: trc-export.lifter-height")])
    func anExporterValueIsRefusedAtItsConfigLine(toml: String, message: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hc-config-\(UUID().uuidString).toml")
        try Data(toml.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let config = try AnalysisConfig.load(from: url)
        let error = try #require(throws: HingeCheckError.self) { try config.validate(against: try WholePathFuzzTests.registry()) }
        #expect(error.path == url.path)
        #expect(error.message.hasPrefix(message), "\(error.message)")
    }

    /// A profile whose JSON is readable names the field at fault (it said only "not a HingeCheck
    /// athlete profile").
    @Test(arguments: [(#"{"name":"x","maxFlexionDeg":"forty"}"#, "wrong type at maxFlexionDeg"), (#"{"neutralLumbarDeg":30}"#, "missing \"name\""),
                      (#"{"name":"x","markerlessThresholdDeg":3,"markerlessMeasure":"two-tangent"}"#, "markerlessMeasure \"two-tangent\"")])
    func aDamagedProfileNamesItsField(json: String, fragment: String) throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hc-profile-\(UUID().uuidString).json").path
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: HingeCheckError.self) { try ProfileFile.read(path) }
        #expect(error.path == path)
        #expect(error.message.contains(fragment), "\(error.message)")
    }
}
