import Analyzers
import PoseCapture
import PoseCore
import Reports

/// The one place the plugin registry is assembled: every command (`analyze`, `report`, `batch`,
/// `live`, `calibrate`, `plugins`, `config`) calls `registry()`, and a tool built on this library
/// calls `registry(adding:)` to run its own plugins beside the built-in ones (docs/plugins-swift.md).
/// No global registry: the caller passes the result down.
public enum BuiltInPlugins {
    /// Landmark sources that read files and run no network: the ones `report` accepts. JSON Lines
    /// first: it is the native format, and importers sniff their own formats after it.
    public static var fileSources: [any LandmarkSourcePlugin] { [JSONLLandmarkSource()] + LandmarkImporters.all }

    /// Every landmark source, in the order they are tried: files, then the networks on video
    /// (BlazePose), then markers, so a plain video goes to BlazePose unless `--source markers` is given.
    public static var sources: [any LandmarkSourcePlugin] { fileSources + [BlazePoseSource(), MarkerSource()] }

    /// No built-in filter: the pipeline's filter stage is there for plugins (the one-euro filter
    /// that sat here never ran and was removed).
    public static var filters: [any PoseFilterPlugin] { [] }

    /// The analysers in the order they run (each reads what earlier ones wrote).
    public static var analyzers: [any PostureAnalyzerPlugin] { BuiltInAnalyzers.all }

    public static var exporters: [any ReportExporterPlugin] { ReportExporters.all }

    /// The built-in plugins plus `plugins`. Added sources are tried after the built-in ones,
    /// added exporters write after the built-in ones. Analysers run in the order their needs and
    /// emits ask for (`AnalyzerOrder.ordered`): an added one runs after every analyser that emits
    /// what it needs, and otherwise after the built-in ones in the order given.
    /// - Throws: `.invalidArgument` when an added plugin takes an id already in use, or an added
    ///   analyser needs a stream that no analyser emits (both name the plugin and the fix).
    public static func registry(adding plugins: Additions = Additions()) throws -> PluginRegistry {
        try plugins.checkIDs(against: (sources + filters + analyzers + exporters).map(\.descriptor.id))
        return try PluginRegistry(sources: sources + plugins.sources, filters: filters + plugins.filters,
                                  analyzers: AnalyzerOrder.ordered(analyzers + plugins.analyzers),
                                  exporters: exporters + plugins.exporters)
    }

    /// The built-in plugins plus some analysers (the common case for a third party).
    public static func registry(adding analyzers: [any PostureAnalyzerPlugin]) throws -> PluginRegistry {
        try registry(adding: Additions(analyzers: analyzers))
    }

    /// Plugins a tool adds to the built-in ones.
    public struct Additions: Sendable {
        public var sources: [any LandmarkSourcePlugin]
        public var filters: [any PoseFilterPlugin]
        public var analyzers: [any PostureAnalyzerPlugin]
        public var exporters: [any ReportExporterPlugin]

        public init(sources: [any LandmarkSourcePlugin] = [], filters: [any PoseFilterPlugin] = [],
                    analyzers: [any PostureAnalyzerPlugin] = [], exporters: [any ReportExporterPlugin] = []) {
            self.sources = sources
            self.filters = filters
            self.analyzers = analyzers
            self.exporters = exporters
        }

        var descriptors: [PluginDescriptor] {
            sources.map(\.descriptor) + filters.map(\.descriptor) + analyzers.map(\.descriptor) + exporters.map(\.descriptor)
        }

        /// A clearer error than the registry's own (an added plugin's id is the author's to change).
        func checkIDs(against builtIn: [String]) throws {
            var taken = Set(builtIn)
            for d in descriptors where !taken.insert(d.id).inserted {
                throw HingeCheckError(.invalidArgument, "plugin \"\(d.id)\" takes an id that is already in use",
                                      hint: "give it another id in its descriptor; `hingecheck plugins` lists the ids in use")
            }
        }
    }
}
