import ArgumentParser
import Foundation
import PoseCore
import Workflows

/// `hingecheck config init [PATH]`: writes the commented config file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Writes a config file with every plugin parameter, its default, unit and source.",
        discussion: """
            A config file is read only where a command is given it with --config FILE (analyze, \
            report, batch, live); HingeCheck reads none on its own. --set PLUGIN.PARAMETER=VALUE \
            wins over the file.
            """,
        subcommands: [Init.self]
    )

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Writes a commented TOML config file with every parameter at its default.",
            discussion: """
                Every parameter is commented out at its default, so the file changes nothing as \
                written: uncomment a line and edit its value. Use it with --config on analyze, \
                report, batch or live (no config file is read without --config).

                Examples:
                  hingecheck config init
                  hingecheck config init coach.toml
                  hingecheck analyze lift.mp4 --config coach.toml
                """
        )

        @Argument(help: "The file to write.")
        var path = "hingecheck.toml"

        @Flag(help: "Replace the file if it exists.")
        var force = false

        func run() throws {
            let url = URL(fileURLWithPath: path)
            if FileManager.default.fileExists(atPath: url.path), !force {
                throw HingeCheckError(.invalidArgument, "the file exists and was left as it is", path: url.path,
                                      hint: "give another path, or add --force to replace it")
            }
            let text = ConfigTemplate.text(for: try BuiltInPlugins.registry().descriptors, version: HingeCheckVersion.current)
            do {
                try Data(text.utf8).write(to: url, options: .atomic)
            } catch {
                throw HingeCheckError(.io, "cannot write the config file (\(error.localizedDescription))", path: url.path,
                                      hint: "check that the folder exists and is writable")
            }
            print("wrote \(url.path): every parameter at its default, commented out; use it with --config \(path)")
        }
    }
}
