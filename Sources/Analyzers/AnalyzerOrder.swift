import PoseCore

/// Checks the `needs`/`emits` of an analyser chain before anything runs: sessions run in the
/// registry's order and read what earlier ones wrote into the result, so an analyser placed
/// before its input (or needing a stream nobody writes) would silently see nothing.
public enum AnalyzerOrder {
    /// Streams the pipeline itself provides before any analyser runs.
    public static let pipelineStreams: Set<String> = ["kinematics"]

    /// - Throws: `.invalidArgument` naming the first analyser whose need is not met, the stream,
    ///   and where it would come from (the analyser that emits it, if it runs later).
    public static func check(_ analyzers: [any PostureAnalyzerPlugin]) throws {
        var available = pipelineStreams
        for (i, plugin) in analyzers.enumerated() {
            let d = plugin.descriptor
            for need in d.needs where !available.contains(need) {
                let later = analyzers[(i + 1)...].first { $0.descriptor.emits.contains(need) }?.descriptor.id
                let hint = later.map { "\"\($0)\" emits it but runs later: add \"\(d.id)\" after it" }
                    ?? "streams available at that point: \(available.sorted().joined(separator: ", ")); fix the descriptor's needs or add the analyser that emits it first"
                throw HingeCheckError(.invalidArgument, "analyzer \"\(d.id)\" needs \"\(need)\", which no analyzer before it emits",
                                      hint: hint)
            }
            available.formUnion(d.emits)
        }
    }
}
