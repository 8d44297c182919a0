import Analyzers
import ArgumentParser
import Foundation
import PoseCore
import Workflows

/// The options that choose how an analysis runs, shared by `analyze` and `report`: the landmark
/// source, a config file, `--set` overrides and an athlete profile.
struct AnalysisSettingsOptions: ParsableArguments {
    @Option(help: "Landmark source plugin id (default: chosen from the input; see `hingecheck plugins --kind landmark-source`).")
    var source: String?

    @Option(help: "Config file ([plugin-id] tables of parameter = value).")
    var config: String?

    @Option(name: .customLong("set"), help: "Override a parameter: PLUGIN.PARAMETER=VALUE (repeatable).")
    var assignments: [String] = []

    @Option(help: "Athlete profile JSON from `hingecheck calibrate` (neutral lumbar curve, thresholds).")
    var profile: String?

    /// The config file with the overrides applied and checked against the registry, and the profile.
    /// - Throws: `HingeCheckError` naming the config or profile file, or the bad assignment.
    func load(registry: PluginRegistry) throws -> (config: AnalysisConfig, profile: AthleteProfile?) {
        var analysisConfig = try config.map { try AnalysisConfig.load(from: URL(fileURLWithPath: $0)) } ?? AnalysisConfig()
        try analysisConfig.apply(assignments: assignments)
        try analysisConfig.validate(against: registry)
        return (analysisConfig, try profile.map { try ProfileFile.read($0) })
    }
}
