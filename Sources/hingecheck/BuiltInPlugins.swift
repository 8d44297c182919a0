import Analyzers
import PoseCore

/// The explicit list of plugins this build ships (no global registry: the CLI passes it down).
enum BuiltInPlugins {
    static func registry() throws -> PluginRegistry {
        try PluginRegistry(
            sources: [JSONLLandmarkSource()],
            filters: [OneEuroSmoothing()],
            analyzers: BuiltInAnalyzers.all
        )
    }
}
