import PoseCore

/// One stream's tempo: keeps each sample's time and trunk inclination as it comes (the reps are
/// known only at the end, from the `reps` analyser), then measures every rep in `finish`.
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

    mutating func finish(into result: inout AnalysisResult) {
        var output = AnalyzerOutput(units: ["descent_s": "s", "bottom_s": "s", "ascent_s": "s", "time_under_tension_s": "s",
                                            "mean_descent_s": "s", "mean_ascent_s": "s"])
        var descents: [Double] = [], ascents: [Double] = []
        for rep in result.reps {
            guard let tempo = RepTempo(rep: rep, trace: trace, bottomWindowDeg: bottomWindowDeg) else { continue }
            output.repValues[rep.index] = ["descent_s": tempo.descentS, "bottom_s": tempo.bottomS, "ascent_s": tempo.ascentS]
            descents.append(tempo.descentS)
            ascents.append(tempo.ascentS)
        }
        // Time under tension: the reps' durations added up (the standing between reps is rest).
        output.values["time_under_tension_s"] = result.reps.map { $0.endS - $0.startS }.reduce(0, +)
        if !descents.isEmpty {
            output.values["mean_descent_s"] = descents.reduce(0, +) / Double(descents.count)
            output.values["mean_ascent_s"] = ascents.reduce(0, +) / Double(ascents.count)
        }
        result.analyzerOutputs[id] = output
    }
}
