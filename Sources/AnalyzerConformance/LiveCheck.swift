import Analyzers
import PoseCore

/// `live` judges a set a window at a time (`AnalysisSession.Retention.rolling`): the analyser,
/// run with its providers through the same `AnalysisPipeline` as every mode, must conclude a
/// long set the way the whole analysis of the same frames does. An analyser that takes a
/// set-level value (a mean, a total, a trend) in `finish` sees only the last window live and
/// fails here; such values belong in `concludeSet` (docs/plugins-swift.md).
struct LiveCheck {
    let chain: AnalyzerChain
    var id: String { chain.plugin.descriptor.id }

    /// Three sets of five reps with 15 s of standing between them, at two depths and with
    /// rounding that grows from set to set: long enough for the window to be cut twice.
    static func frames() -> [PoseFrame] {
        let lift = SyntheticLift()
        let rest = Array(repeating: SyntheticLift.Truth(inclination: 2, lumbar: 30), count: Int(15 * lift.fps))
        var truth = lift.set(standingS: 2, reps: [2, 4, 6, 8, 10], peakDeg: 45) + rest
        truth += lift.set(standingS: 2, reps: [12, 14, 16, 18, 20], peakDeg: 75) + rest
        truth += lift.set(standingS: 2, reps: [22, 24, 26, 28, 30], peakDeg: 75)
        return lift.frames(truth)
    }

    func run(into report: inout ConformanceReport) {
        report.ran("session.live-matches-whole")
        do {
            let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: chain.all))
            let frames = Self.frames()
            let whole = try pipeline.analyze(frames: frames, header: ConformanceInputs.header)
            var live = try pipeline.makeSession(header: ConformanceInputs.header, retention: .rolling)
            for (i, frame) in frames.enumerated() {
                live.push(frame)
                if i % 15 == 0 { _ = try live.snapshot() }
            }
            let rolling = try live.finish()
            let differing = Self.differences(rolling, whole)
            if !differing.isEmpty {
                report.fail("session.live-matches-whole", "\(id): judged a window at a time, as `live` does, a 3-set session gave other \(differing.joined(separator: ", ")) than the whole analysis of the same frames; judge each rep from the samples around it in `finish`, and draw what needs every rep (a mean, a total, a trend) in `concludeSet`, which sees every rep of the set")
            }
        } catch {
            report.fail("session.live-matches-whole", "\(id) threw when judged a window at a time, as `live` does: \(error)")
        }
    }

    /// The parts of the results that differ, by their report.json names.
    static func differences(_ a: AnalysisResult, _ b: AnalysisResult) -> [String] {
        var out: [String] = []
        if a.reps != b.reps { out.append("reps") }
        if a.events != b.events { out.append("events") }
        if a.reference != b.reference { out.append("reference") }
        if a.fatigue != b.fatigue { out.append("fatigue") }
        if a.warnings != b.warnings { out.append("warnings") }
        for id in Set(a.analyzerOutputs.keys).union(b.analyzerOutputs.keys).sorted() where a.analyzerOutputs[id] != b.analyzerOutputs[id] {
            out.append("analyzers.\(id)")
        }
        return out
    }
}
