import PoseCore

/// Checks the `needs`/`emits` of an analyser chain before anything runs: sessions run in the
/// registry's order and read what earlier ones wrote into the result, so an analyser placed
/// before its input (or needing a stream nobody writes) would silently see nothing.
public enum AnalyzerOrder {
    /// Streams the pipeline itself provides before any analyser runs.
    public static let pipelineStreams: Set<ResultStream> = [.kinematics]

    /// The analysers in the order their needs ask for: each after every analyser that emits
    /// something it needs, otherwise in the order given (a stable topological sort, so the
    /// built-in chain keeps its order and an added analyser may be listed anywhere).
    /// - Throws: `.invalidArgument` naming an analyser whose need no analyser emits, or two
    ///   analysers that each need what the other emits.
    public static func ordered(_ analyzers: [any PostureAnalyzerPlugin]) throws -> [any PostureAnalyzerPlugin] {
        var emitters: [ResultStream: [Int]] = [:]
        for (i, a) in analyzers.enumerated() { for stream in a.descriptor.emits { emitters[stream, default: []].append(i) } }
        var after: [Set<Int>] = []
        for (i, a) in analyzers.enumerated() {
            var needs = Set<Int>()
            for need in a.descriptor.needs where !pipelineStreams.contains(need) {
                guard let from = emitters[need]?.filter({ $0 != i }), !from.isEmpty else {
                    let available = (pipelineStreams.sorted() + emitters.keys.sorted()).map(\.name).joined(separator: ", ")
                    throw HingeCheckError(.invalidArgument, "analyzer \"\(a.descriptor.id)\" needs \"\(need)\", which no analyzer emits",
                                          hint: "streams the chain provides: \(available); fix the descriptor's needs or add the analyser that emits it")
                }
                needs.formUnion(from)
            }
            after.append(needs)
        }
        var placed: [Int] = []
        var done = Set<Int>()
        while placed.count < analyzers.count {
            guard let next = analyzers.indices.first(where: { !done.contains($0) && after[$0].isSubset(of: done) }) else {
                let stuck = analyzers.indices.filter { !done.contains($0) }
                let a = stuck[0], b = after[a].subtracting(done).first ?? a
                throw HingeCheckError(.invalidArgument, "analyzers \"\(analyzers[a].descriptor.id)\" and \"\(analyzers[b].descriptor.id)\" each need what the other emits",
                                      hint: "one of them must work without the other's stream: fix its descriptor's needs")
            }
            placed.append(next)
            done.insert(next)
        }
        return placed.map { analyzers[$0] }
    }

    /// - Throws: `.invalidArgument` naming the first analyser whose need is not met, the stream,
    ///   and where it would come from (the analyser that emits it, if it runs later).
    public static func check(_ analyzers: [any PostureAnalyzerPlugin]) throws {
        var available = pipelineStreams
        for (i, plugin) in analyzers.enumerated() {
            let d = plugin.descriptor
            for need in d.needs where !available.contains(need) {
                let later = analyzers[(i + 1)...].first { $0.descriptor.emits.contains(need) }?.descriptor.id
                let hint = later.map { "\"\($0)\" emits it but runs later: add \"\(d.id)\" after it" }
                    ?? "streams available at that point: \(available.sorted().map(\.name).joined(separator: ", ")); fix the descriptor's needs or add the analyser that emits it first"
                throw HingeCheckError(.invalidArgument, "analyzer \"\(d.id)\" needs \"\(need)\", which no analyzer before it emits",
                                      hint: hint)
            }
            available.formUnion(d.emits)
        }
    }
}
