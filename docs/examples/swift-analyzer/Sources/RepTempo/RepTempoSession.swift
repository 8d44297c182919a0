import PoseCore

/// One stream's tempo: measures each rep in `observe` as soon as its frames are in (`RepCursor`
/// says when), from the samples around it, so it keeps nothing of the stream but each rep's three
/// values, and tells a live set which samples it still needs (`retainFromS`); `finish` measures
/// what the stream's end completed (live, a snapshot finishes a copy of the session, the rep
/// under way included); the set's totals and means come in `concludeSet`, over every rep but the
/// one under way (docs/plugins-swift.md).
struct RepTempoSession: AnalyzerSession {
    let id: String
    let bottomWindowDeg: Double
    private var cursor = RepCursor()
    /// Each measured rep's phases (nil: no inclination inside it), by the rep it was measured on:
    /// a rep segmented again at the end is another rep.
    private var measured: [RepCursor.Segment: [String: Double]?] = [:]
    /// The start of the first rep not measured yet: a live set keeps the samples from there.
    private(set) var retainFromS = Double.infinity

    init(id: String, bottomWindowDeg: Double) {
        self.id = id
        self.bottomWindowDeg = bottomWindowDeg
    }

    mutating func observe(_ sample: KinematicSample, into result: inout AnalysisResult) {
        cursor.observe(sample)
        while let r = cursor.ready(in: result) {
            measure(result.reps[r], in: result.samples)
            cursor.advance()
        }
        retainFromS = cursor.pendingFromS(in: result)
    }

    /// Measures the reps not measured yet and writes every rep's phases.
    mutating func finish(into result: inout AnalysisResult) {
        var output = AnalyzerOutput(units: ["descent_s": "s", "bottom_s": "s", "ascent_s": "s", "time_under_tension_s": "s",
                                            "mean_descent_s": "s", "mean_ascent_s": "s"])
        for rep in result.reps {
            if measured[RepCursor.Segment(rep)] == nil { measure(rep, in: result.samples) }
            if let phases = measured[RepCursor.Segment(rep)] ?? nil { output.repValues[rep.index] = phases }
        }
        cursor.advanceAll(in: result)
        result.analyzerOutputs[id] = output
    }

    private mutating func measure(_ rep: Rep, in stream: [KinematicSample]) {
        let trace = RepCursor.window(around: rep, in: stream, radius: 0).compactMap { s in
            s.trunkInclinationDeg.flatMap { $0.isFinite ? (time: s.time, inclination: $0) : nil }
        }
        let tempo = RepTempo(rep: rep, trace: trace, bottomWindowDeg: bottomWindowDeg)
        measured[RepCursor.Segment(rep)] = .some(tempo.map { ["descent_s": $0.descentS, "bottom_s": $0.bottomS, "ascent_s": $0.ascentS] })
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
