import Analyzers
import ArgumentParser
import Foundation
import PoseCore
import Workflows

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Lists every registered plugin with its id, summary and parameters.",
        discussion: """
            Each parameter is shown as you would type it, at its default: \
            --set PLUGIN.PARAMETER=VALUE on analyze, report, batch or live, or PARAMETER = VALUE \
            under [PLUGIN] in a config file given with --config FILE (no config file is read \
            without --config). Then its unit, range and the source of the default. \
            `hingecheck config init` writes all of them to a commented file.

            External analysers (programs named hingecheck-analyzer-NAME in the config's \
            folder, $HINGECHECK_PLUGIN_PATH or PATH, or named under [external-analyzers] in \
            --config FILE) are listed after the built-in ones, with where each was found and \
            whether the config turns it on (docs/plugins.md).

            Examples:
              hingecheck plugins
              hingecheck plugins --kind analyzer
              hingecheck plugins --json
            """
    )

    @Option(help: "Only plugins of this kind (\(PluginKind.allCases.map(\.rawValue).joined(separator: ", "))).")
    var kind: PluginKind?

    @Flag(help: "Print JSON for machines.")
    var json = false

    @Option(help: ArgumentHelp("Config file whose [external-analyzers] table names external analysers and plugin folders.", valueName: "file.toml"))
    var config: String?

    func run() throws {
        let descriptors = try BuiltInPlugins.registry().descriptors.filter { kind == nil || $0.kind == kind }
        let analysisConfig = try config.map { try AnalysisConfig.load(from: URL(fileURLWithPath: $0)) } ?? AnalysisConfig()
        let external = kind == nil || kind == .analyzer ? try ExternalAnalyzerListing.all(config: analysisConfig) : []
        if json {
            try StandardOutput.write(JSONText.encode(descriptors.map { ListedPlugin(descriptor: $0, external: nil) }
                + external.map { ListedPlugin(descriptor: $0.descriptor ?? Self.placeholder($0), external: $0) }))
            return
        }
        for d in descriptors { print(Self.text(d)) }
        for listing in external { print(Self.text(listing)) }
    }

    /// An external analyser: as a built-in one when its handshake worked, then where it was
    /// found and whether analyses run it; otherwise why it cannot be described.
    static func text(_ listing: ExternalAnalyzerListing) -> String {
        let place = "    external: \(listing.location.executable), found in \(listing.location.foundBy); "
            + (listing.enabled ? "runs in analyses" : "not turned on (\(listing.location.id) = true under [external-analyzers] in --config FILE)")
        guard let d = listing.descriptor else {
            return ["\(listing.location.id)  [analyzer, external]", place,
                    "    cannot be described: \(listing.error?.description ?? "unknown error")"].joined(separator: "\n") + "\n"
        }
        var lines = text(d).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[0] = "\(d.id)  [analyzer, external \(listing.version ?? "")]"
        lines.insert(place, at: 2)
        return lines.joined(separator: "\n")
    }

    static func placeholder(_ listing: ExternalAnalyzerListing) -> PluginDescriptor {
        PluginDescriptor(id: listing.location.id, kind: .analyzer, summary: "(cannot be described: \(listing.error?.message ?? "unknown error"))")
    }

    /// `--json`: a descriptor, plus for an external analyser where it is and how it answered.
    struct ListedPlugin: Encodable {
        var descriptor: PluginDescriptor
        var external: ExternalAnalyzerListing?
        enum K: String, CodingKey { case external }
        enum E: String, CodingKey { case executable, foundBy = "found_by", enabled, version, error }
        func encode(to encoder: any Encoder) throws {
            try descriptor.encode(to: encoder)
            guard let external else { return }
            var c = encoder.container(keyedBy: K.self)
            var e = c.nestedContainer(keyedBy: E.self, forKey: .external)
            try e.encode(external.location.executable, forKey: .executable)
            try e.encode(external.location.foundBy, forKey: .foundBy)
            try e.encode(external.enabled, forKey: .enabled)
            try e.encode(external.version, forKey: .version)
            try e.encode(external.error?.description, forKey: .error)
        }
    }

    /// One plugin as a person reads it: id and kind, summary, streams, then per parameter the
    /// `--set` argument at its default, its unit and range, what it does and where the default
    /// comes from.
    static func text(_ d: PluginDescriptor) -> String {
        var lines = ["\(d.id)  [\(d.kind.rawValue)]", "    \(d.summary)"]
        if !d.needs.isEmpty || !d.emits.isEmpty {
            lines.append("    reads: \(d.needs.map(\.name).joined(separator: ", "))  writes: \(d.emits.map(\.name).joined(separator: ", "))")
        }
        if !d.parameters.isEmpty {
            lines.append("    parameters (--set \(d.id).NAME=VALUE, or NAME = VALUE under [\(d.id)] in --config FILE):")
        }
        for p in d.parameters {
            lines.append("    --set \(d.id).\(p.name)=\(p.defaultValue)")
            lines.append("        " + ConfigTemplate.facts(p))
            lines.append("        \(p.summary)")
            if let source = p.source { lines.append("        default from: \(source)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PluginKind: ExpressibleByArgument {}
