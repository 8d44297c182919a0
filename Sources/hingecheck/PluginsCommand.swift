import ArgumentParser
import Foundation
import PoseCore

struct PluginsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugins",
        abstract: "Lists every registered plugin with its id, summary and parameters.",
        discussion: """
            Parameters show their default, unit and the source of the default. Override them in a \
            config file or with --set PLUGIN.PARAMETER=VALUE on analyze.

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
        for d in descriptors {
            print("\(d.id)  [\(d.kind.rawValue)]")
            print("    \(d.summary)")
            if !d.needs.isEmpty || !d.emits.isEmpty {
                print("    reads: \(d.needs.joined(separator: ", "))  writes: \(d.emits.joined(separator: ", "))")
            }
            for p in d.parameters {
                let unit = p.unit.map { " \($0)" } ?? ""
                print("    --\(p.name) = \(p.defaultValue)\(unit)  \(p.summary)\(p.rangeText.map { " (\($0))" } ?? "")")
                if let source = p.source { print("        default from: \(source)") }
            }
            print("")
        }
    }
}

extension PluginKind: ExpressibleByArgument {}
