import ArgumentParser
import Foundation
import Testing
@testable import hingecheck

/// Every command's help, rendered at 80 columns as a terminal shows it: no line wider than the
/// terminal, and every example a whole command (a long one broken with a trailing ` \` and an
/// indented continuation, never wrapped mid-command by the help renderer).
@Suite struct HelpLayoutTests {
    /// Every command below the root, depth first, with its path ("batch run").
    static func commands(_ root: ParsableCommand.Type = HingeCheckCommand.self, path: [String] = []) -> [(String, ParsableCommand.Type)] {
        root.configuration.subcommands.flatMap { sub -> [(String, ParsableCommand.Type)] in
            let p = path + [sub._commandName]
            return [(p.joined(separator: " "), sub)] + commands(sub, path: p)
        }
    }

    static func helps() -> [(String, String)] {
        [("hingecheck", HingeCheckCommand.helpMessage(columns: 80)), ("batch (as shown)", BatchCommand.helpText(columns: 80))]
            + commands().map { ($0.0, HingeCheckCommand.helpMessage(for: $0.1, columns: 80)) }
    }

    /// The lines of a help's "Examples:" section.
    static func exampleLines(_ help: String) -> [String] {
        var out: [String] = []
        var inside = false
        for line in help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.trimmingCharacters(in: .whitespaces) == "Examples:" { inside = true; continue }
            if inside && line.trimmingCharacters(in: .whitespaces).isEmpty { inside = false }
            if inside { out.append(line) }
        }
        return out
    }

    /// A line that starts a command: `hingecheck ...`, optionally after VAR=value assignments.
    static func startsACommand(_ line: String) -> Bool {
        var words = line.split(separator: " ")[...]
        while let w = words.first, w.contains("="), !w.hasPrefix("-") { words = words.dropFirst() }
        return words.first == "hingecheck"
    }

    @Test func everyCommandIsCovered() {
        let names = Set(Self.commands().map(\.0))
        for expected in ["analyze", "batch", "batch run", "batch merge", "config", "config init", "plugins", "live", "landmarks"] {
            #expect(names.contains(expected), "\(expected)")
        }
    }

    @Test func noLineIsWiderThan80Columns() {
        for (name, help) in Self.helps() {
            for line in help.split(separator: "\n") where line.count > 80 {
                Issue.record("`\(name) --help` has a \(line.count)-column line: \(line)")
            }
        }
    }

    @Test func examplesAreWholeCommands() {
        var examples = 0
        for (name, help) in Self.helps() {
            var continued = false
            for line in Self.exampleLines(help) {
                let text = line.trimmingCharacters(in: .whitespaces)
                if continued {
                    #expect(line.hasPrefix("      "), "`\(name) --help`: continuation not indented: \(line)")
                } else {
                    #expect(Self.startsACommand(text), "`\(name) --help`: example broken mid-command: \(line)")
                    examples += 1
                }
                continued = text.hasSuffix(" \\")
            }
            #expect(!continued, "`\(name) --help`: the last example ends with a continuation")
        }
        #expect(examples > 30)
    }

    /// `batch --help` shows the options of what `hingecheck batch INPUT... --out DIR` runs, and
    /// the merge subcommand.
    @Test func batchHelpShowsItsOptions() throws {
        let help = BatchCommand.helpText(columns: 80)
        for option in ["--out <out>", "--jobs <jobs>", "--force", "--shard", "--config <file.toml>"] {
            #expect(help.contains(option), "\(option)")
        }
        #expect(help.contains("merge"))
        let shown = try runCLI(["batch", "--help"], environment: ["COLUMNS": "80"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("--out <out>") && shown.stdout.contains("--jobs <jobs>"))
        let short = try runCLI(["batch", "-h"])
        #expect(short.stdout.contains("--out <out>"))
    }

    /// Each command that reads a config file says where from.
    @Test func configLocationIsInTheHelp() {
        for (name, type) in Self.commands() where ["analyze", "report", "batch run", "live"].contains(name) {
            let help = HingeCheckCommand.helpMessage(for: type, columns: 200)
            #expect(help.contains("no config file is read without --config"), "\(name)")
        }
    }
}
