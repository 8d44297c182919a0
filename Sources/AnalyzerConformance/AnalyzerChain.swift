import Analyzers
import PoseCore

/// The analyser under test with the analysers that emit what it needs, in their registry order,
/// run the way `AnalysisPipeline` runs them: every sample observed by every session in order,
/// then `finish` in chain order, each reading what the earlier ones wrote, then `concludeSet`
/// in chain order.
struct AnalyzerChain {
    var prerequisites: [any PostureAnalyzerPlugin]
    var plugin: any PostureAnalyzerPlugin

    /// The providers (in their order) that emit, directly or through their own needs, what
    /// `plugin` needs.
    /// - Throws: `.invalidArgument` naming a need no provider emits.
    init(_ plugin: any PostureAnalyzerPlugin, providers: [any PostureAnalyzerPlugin]) throws {
        let id = plugin.descriptor.id
        let candidates = providers.filter { $0.descriptor.id != id }
        var wanted = Set(plugin.descriptor.needs).subtracting(AnalyzerOrder.pipelineStreams)
        var chosen = Set<String>()
        var changed = true
        while changed {
            changed = false
            for p in candidates where !chosen.contains(p.descriptor.id) && !wanted.isDisjoint(with: p.descriptor.emits) {
                chosen.insert(p.descriptor.id)
                wanted.formUnion(Set(p.descriptor.needs).subtracting(AnalyzerOrder.pipelineStreams))
                changed = true
            }
        }
        let emitted = candidates.filter { chosen.contains($0.descriptor.id) }.flatMap(\.descriptor.emits)
        if let missing = plugin.descriptor.needs.first(where: { !AnalyzerOrder.pipelineStreams.contains($0) && !emitted.contains($0) }) {
            throw HingeCheckError(.invalidArgument, "\(id) needs \"\(missing)\", which no analyser emits",
                                  hint: "name a stream an analyser emits (the built-in ones: \(Self.streams(providers))), or pass the analyser that emits it as a provider")
        }
        prerequisites = candidates.filter { chosen.contains($0.descriptor.id) }
        self.plugin = plugin
        try AnalyzerOrder.check(all)
    }

    var all: [any PostureAnalyzerPlugin] { prerequisites + [plugin] }

    static func streams(_ providers: [any PostureAnalyzerPlugin]) -> String {
        (AnalyzerOrder.pipelineStreams.sorted() + providers.flatMap(\.descriptor.emits)).map(\.name).joined(separator: ", ")
    }

    /// Runs the chain over `stream`, the plugin under test with `settings` and the others at
    /// their defaults. `stopBefore`: finish the prerequisites only (what the plugin started from).
    func run(_ stream: ConformanceInputs.Stream, settings: PluginSettings? = nil, stopBefore: Bool = false) throws -> AnalysisResult {
        let context = AnalysisContext(header: stream.header)
        let chain = stopBefore ? prerequisites : all
        var sessions: [any AnalyzerSession] = try chain.map { p in
            let own = p.descriptor.id == plugin.descriptor.id ? settings : nil
            return try p.makeSession(settings: own ?? PluginSettings(descriptor: p.descriptor), context: context)
        }
        var result = AnalysisResult()
        for sample in stream.samples {
            result.samples.append(sample)
            for i in sessions.indices { sessions[i].observe(sample, into: &result) }
        }
        for i in sessions.indices { sessions[i].finish(into: &result) }
        for session in sessions { session.concludeSet(&result) }
        return result
    }
}
