import Analyzers
import ArgumentParser
import Foundation
import PoseCore
import Workflows

/// How an analysis is configured: a config file, `--set` overrides and an athlete profile.
/// Shared by `analyze`, `report`, `batch` and `live`.
struct AnalysisConfigOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Config file (TOML: [plugin-id] tables of parameter = value). Read only from this path: no config file is read without --config. `hingecheck config init` writes one with every default. [external-analyzers] turns on external analysers (docs/plugins.md).",
        valueName: "file.toml"))
    var config: String?

    @Option(name: .customLong("set"), help: "Override a parameter: PLUGIN.PARAMETER=VALUE (repeatable).")
    var assignments: [String] = []

    @Option(help: "Athlete profile JSON from `hingecheck calibrate` (neutral lumbar curve, thresholds).")
    var profile: String?

    /// The config file with the overrides applied (then `adjust`, for a command's own shortcuts
    /// such as `live --threads`), checked against the registry, and the profile.
    /// - Throws: `HingeCheckError` naming the config or profile file, or the bad assignment.
    func load(registry: PluginRegistry, adjust: (inout AnalysisConfig) -> Void = { _ in })
        throws -> (config: AnalysisConfig, profile: AthleteProfile?) {
        var analysisConfig = try config.map { try AnalysisConfig.load(from: URL(fileURLWithPath: $0)) } ?? AnalysisConfig()
        try analysisConfig.apply(assignments: assignments)
        adjust(&analysisConfig)
        try analysisConfig.validate(against: registry)
        return (analysisConfig, try profile.map { try ProfileFile.read($0) })
    }
}

/// `analyze` and `report`: the landmark source plugin plus the analysis configuration.
struct AnalysisSettingsOptions: ParsableArguments {
    @Option(help: "Landmark source plugin id (default: chosen from the input; see `hingecheck plugins --kind landmark-source`).")
    var source: String?

    @OptionGroup var analysis: AnalysisConfigOptions

    func load(registry: PluginRegistry) throws -> (config: AnalysisConfig, profile: AthleteProfile?) {
        try analysis.load(registry: registry)
    }
}
