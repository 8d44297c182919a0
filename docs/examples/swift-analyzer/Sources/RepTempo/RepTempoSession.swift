import PoseCore

/// One stream's tempo: keeps each sample's time and trunk inclination as it comes (the reps are
/// known only at the end, from the `reps` analyser), measures every rep in `finish`, and takes
/// the set's totals and means in `concludeSet`, over every rep: live, `finish` sees one window of
/// the set at a time, `concludeSet` the whole set so far (docs/plugins-swift.md).
struct RepTempoSession: AnalyzerSession {
    let id: String
    let bottomWindowDeg: Double
    /// (time, trunk inclination) of the samples that have one, in order.
    private var trace: [(time: Double, inclination: Double)] = []

    init(id: String, bottomWindowDeg: Double) {
        self.id = id
        self.bottomWindowDeg = bottomWindowDeg
    }

    mutating func observe(_ sample: KinematicSample) {
        if let inclination = sample.trunkInclinationDeg, inclination.isFinite { trace.append((sample.time, inclination)) }
    }

    /// Each rep's phases, from the samples around it.
    mutating func finish(into result: inout AnalysisResult) {
        var output = AnalyzerOutput(units: ["descent_s": "s", "bottom_s": "s", "ascent_s": "s", "time_under_tension_s": "s",
                                            "mean_descent_s": "s", "mean_ascent_s": "s"])
        for rep in result.reps {
            guard let tempo = RepTempo(rep: rep, trace: trace, bottomWindowDeg: bottomWindowDeg) else { continue }
            output.repValues[rep.index] = ["descent_s": tempo.descentS, "bottom_s": tempo.bottomS, "ascent_s": tempo.ascentS]
        }
        result.analyzerOutputs[id] = output
    }

    /// The set's time under tension and mean phases, over every rep.
    func concludeSet(_ result: inout AnalysisResult) {
        var output = result.analyzerOutputs[id] ?? AnalyzerOutput()
        // Time under tension: the reps' durations added up (the standing between reps is rest).
        output.values["time_under_tension_s"] = result.reps.map { $0.endS - $0.startS }.reduce(0, +)
        let phases = result.reps.compactMap { output.repValues[$0.index] }
        let descents = phases.compactMap { $0["descent_s"] }, ascents = phases.compactMap { $0["ascent_s"] }
        output.values["mean_descent_s"] = descents.isEmpty ? nil : descents.reduce(0, +) / Double(descents.count)
        output.values["mean_ascent_s"] = ascents.isEmpty ? nil : ascents.reduce(0, +) / Double(ascents.count)
        result.analyzerOutputs[id] = output
    }
}
