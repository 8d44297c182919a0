import Analyzers
import Foundation
import PoseCore
import Testing
import Workflows
@testable import hingecheck

/// `hingecheck config init`: the file lists every parameter of every plugin, and loads back
/// through the real config reader (`AnalysisConfig`) as the defaults — as written, and with every
/// parameter line uncommented.
@Suite struct ConfigCommandTests {
    static func template() throws -> (text: String, registry: PluginRegistry) {
        let registry = try BuiltInPlugins.registry()
        return (ConfigTemplate.text(for: registry.descriptors, version: "test"), registry)
    }

    /// Every parameter's commented `name = value` line made active.
    static func uncommented(_ text: String, registry: PluginRegistry) -> String {
        let names = Set(registry.descriptors.flatMap { $0.parameters.map(\.name) })
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("# "), let eq = line.range(of: " = ") else { return String(line) }
            let name = line[line.index(line.startIndex, offsetBy: 2)..<eq.lowerBound]
            return names.contains(String(name)) ? String(line.dropFirst(2)) : String(line)
        }.joined(separator: "\n")
    }

    @Test func asWrittenItLoadsAndChangesNothing() throws {
        let (text, registry) = try Self.template()
        let config = try AnalysisConfig.parse(text, path: "hingecheck.toml")
        try config.validate(against: registry)
        // One table per plugin, none with a value.
        #expect(Set(config.overrides.keys) == Set(registry.descriptors.map(\.id)))
        let valued = config.overrides.filter { !$0.value.isEmpty }.map(\.key)
        #expect(valued == [])
    }

    @Test func everyParameterUncommentedGivesTheDefaults() throws {
        let (text, registry) = try Self.template()
        let config = try AnalysisConfig.parse(Self.uncommented(text, registry: registry), path: "hingecheck.toml")
        try config.validate(against: registry)
        var checked = 0
        for d in registry.descriptors {
            let settings = try config.settings(for: d)
            #expect(Set(config.overrides[d.id]?.keys.map { $0 } ?? []) == Set(d.parameters.map(\.name)), "\(d.id)")
            for p in d.parameters {
                if p.choices == nil, let number = Double(p.defaultValue) {
                    #expect(try settings.number(p.name) == number, "\(d.id).\(p.name)")
                } else {
                    #expect(settings.text(p.name) == p.defaultValue, "\(d.id).\(p.name)")
                }
                checked += 1
            }
        }
        #expect(checked == registry.descriptors.reduce(0) { $0 + $1.parameters.count })
        #expect(checked > 40)
    }

    /// Each parameter has its meaning, default with unit, and the source of the default when
    /// the plugin names one.
    @Test func eachParameterIsDocumented() throws {
        let (text, registry) = try Self.template()
        let shear = try #require(registry.descriptor(id: "shear-guard"))
        let p = try #require(shear.parameters.first { $0.name == "markerless-threshold" })
        let block = text.components(separatedBy: "[shear-guard]")[1]
        #expect(block.contains("# markerless-threshold: \(p.summary)"))
        #expect(block.contains("#   default \(p.defaultValue) deg"))
        if let source = p.source { #expect(block.contains("#   default from: \(source)")) }
        #expect(block.contains("# markerless-threshold = \(p.defaultValue)"))
        #expect(text.contains("--config FILE"))
    }

    @Test func tomlValues() {
        #expect(ConfigTemplate.tomlValue(PluginParameter("a", default: ".5", summary: "")) == "0.5")
        #expect(ConfigTemplate.tomlValue(PluginParameter("a", default: "15", summary: "")) == "15")
        #expect(ConfigTemplate.tomlValue(PluginParameter("a", default: "auto", summary: "")) == "\"auto\"")
        #expect(ConfigTemplate.tomlValue(PluginParameter("a", default: "1", summary: "", choices: ["1", "2"])) == "\"1\"")
        #expect(ConfigTemplate.tomlValue(PluginParameter("a", default: "say \"hi\"", summary: "")) == "\"say \\\"hi\\\"\"")
    }

    /// The command writes the file, refuses to overwrite it without --force, and `plugins`
    /// prints what a person types.
    @Test func commandWritesAndRefusesToOverwrite() throws {
        let folder = tempFolder()
        let path = folder.appendingPathComponent("coach.toml").path
        let first = try runCLI(["config", "init", path])
        #expect(first.status == 0, "\(first.stderr)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        let registry = try BuiltInPlugins.registry()
        try AnalysisConfig.load(from: URL(fileURLWithPath: path)).validate(against: registry)
        #expect(written.contains("[shear-guard]"))
        let again = try runCLI(["config", "init", path])
        #expect(again.status != 0)
        #expect(again.stderr.contains(path) && again.stderr.contains("--force"))
        #expect(try runCLI(["config", "init", path, "--force"]).status == 0)

        let plugins = try runCLI(["plugins", "--kind", "analyzer"])
        #expect(plugins.stdout.contains("--set shear-guard.markerless-threshold="))
        #expect(!plugins.stdout.contains("    --markerless-threshold"))
    }
}
