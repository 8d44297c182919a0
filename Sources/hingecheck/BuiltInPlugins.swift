import Analyzers
import PoseCore
import Reports
import Workflows

/// The old name of `InputResolver`, kept for the commands that use it.
typealias SourceInputParser = InputResolver

/// The explicit list of plugins this build ships (no global registry: the CLI passes it down).
enum BuiltInPlugins {
    static func registry() throws -> PluginRegistry {
        try PluginRegistry(
            sources: [JSONLLandmarkSource()] + LandmarkImporters.all + markerlessSources + markerSources,
            analyzers: BuiltInAnalyzers.all,
            exporters: ReportExporters.all
        )
    }
}
