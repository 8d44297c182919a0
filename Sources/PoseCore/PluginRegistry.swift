/// The plugins available to a run: an explicit list passed down from the CLI (no global
/// mutable registry). Ids are unique across kinds.
public struct PluginRegistry: Sendable {
    public var sources: [any LandmarkSourcePlugin]
    public var filters: [any PoseFilterPlugin]
    public var analyzers: [any PostureAnalyzerPlugin]
    public var exporters: [any ReportExporterPlugin]

    /// - Throws: `.internal` when two plugins share an id.
    public init(sources: [any LandmarkSourcePlugin] = [], filters: [any PoseFilterPlugin] = [],
                analyzers: [any PostureAnalyzerPlugin] = [], exporters: [any ReportExporterPlugin] = []) throws {
        self.sources = sources
        self.filters = filters
        self.analyzers = analyzers
        self.exporters = exporters
        var seen = Set<String>()
        for d in descriptors where !seen.insert(d.id).inserted {
            throw HingeCheckError(.internal, "two plugins share the id \"\(d.id)\"")
        }
    }

    /// All descriptors, grouped by kind in pipeline order.
    public var descriptors: [PluginDescriptor] {
        sources.map(\.descriptor) + filters.map(\.descriptor) + analyzers.map(\.descriptor) + exporters.map(\.descriptor)
    }

    /// The descriptor with this id.
    public func descriptor(id: String) -> PluginDescriptor? { descriptors.first { $0.id == id } }

    /// The landmark source with this id.
    public func source(id: String) -> (any LandmarkSourcePlugin)? { sources.first { $0.descriptor.id == id } }

    /// The first source that can open the input (sources are tried in registration order).
    public func source(for input: SourceInput) -> (any LandmarkSourcePlugin)? { sources.first { $0.canOpen(input) } }
}
