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

    func run() throws {
        let descriptors = try BuiltInPlugins.registry().descriptors.filter { kind == nil || $0.kind == kind }
        if json {
            try StandardOutput.write(JSONText.encode(descriptors))
            return
        }
        for d in descriptors { print(Self.text(d)) }
    }

    /// One plugin as a person reads it: id and kind, summary, streams, then per parameter the
    /// `--set` argument at its default, its unit and range, what it does and where the default
    /// comes from.
    static func text(_ d: PluginDescriptor) -> String {
        var lines = ["\(d.id)  [\(d.kind.rawValue)]", "    \(d.summary)"]
        if !d.needs.isEmpty || !d.emits.isEmpty {
            lines.append("    reads: \(d.needs.joined(separator: ", "))  writes: \(d.emits.joined(separator: ", "))")
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
