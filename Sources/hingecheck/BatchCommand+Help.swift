import ArgumentParser

extension BatchCommand {
    /// What `hingecheck batch --help` shows: the help of `batch run` — what
    /// `hingecheck batch INPUT... --out DIR` runs, with every option — then the other subcommand.
    /// swift-argument-parser shows only the subcommand list for a parent command, which left the
    /// options of the command people actually type one `--help` further than they look.
    /// - Parameter columns: the terminal width (nil: the terminal's, else 80).
    static func helpText(columns: Int?) -> String {
        HingeCheckCommand.helpMessage(for: Run.self, columns: columns) + """


            SUBCOMMANDS:
              run (default)           Analyses the inputs (the options above).
              merge                   Builds one summary from the output folders of batch
                                      runs or shards (`hingecheck batch merge --help`).
            """
    }

    /// Whether the command line (without the program name) asks for `batch`'s own help.
    static func isHelpRequest(_ arguments: [String]) -> Bool {
        arguments == ["batch", "--help"] || arguments == ["batch", "-h"] || arguments == ["help", "batch"]
    }
}
