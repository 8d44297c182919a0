import Analyzers
import PoseCore

/// `live` runs the same sessions as `analyze` but keeps only the samples some session may still
/// read (`AnalysisSession.Retention.rolling`, `AnalyzerSession.retainFromS`). The analyser, run
/// with its providers through the same `AnalysisPipeline` as every mode, must conclude a long
/// set the way the whole analysis of the same frames does (an analyser that reads, in `finish`,
/// samples it said it was done with sees them gone), and must let the samples go (one that keeps
/// them all makes a live set's memory grow with its length).
struct LiveCheck {
    let chain: AnalyzerChain
    var id: String { chain.plugin.descriptor.id }

    /// Three sets of five reps with 15 s of standing between them, at two depths and with
    /// rounding that grows from set to set: the first two sets' samples are long done with by the end.
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
        report.ran("session.live-bounded")
        do {
            let pipeline = AnalysisPipeline(registry: try PluginRegistry(analyzers: chain.all))
            let frames = Self.frames()
            let whole = try pipeline.analyze(frames: frames, header: ConformanceInputs.header)
            var live = try pipeline.makeSession(header: ConformanceInputs.header, retention: .rolling)
            for (i, frame) in frames.enumerated() {
                live.push(frame)
                if i % 15 == 0 { _ = try live.snapshot() }
            }
            let kept = live.samples.count
            let rolling = try live.finish()
            let differing = Self.differences(rolling, whole)
            if !differing.isEmpty {
                report.fail("session.live-matches-whole", "\(id): run as `live` runs it, keeping only the samples the sessions may still read, a 3-set session gave other \(differing.joined(separator: ", ")) than the whole analysis of the same frames; judge each rep in `observe` from the samples around it, report the earliest sample you still need in `retainFromS`, and draw what needs every rep (a mean, a total, a trend) in `concludeSet`")
            }
            if kept > frames.count / 4 {
                report.fail("session.live-bounded", "\(id): run as `live` runs it, a 3-set session of \(frames.count) frames still kept \(kept) samples at its end: a long live set would keep them all; report in `retainFromS` the earliest sample time the session may still read (the start of the first rep it has not judged: `RepCursor.pendingFromS(in:)`)")
            }
        } catch {
            report.fail("session.live-matches-whole", "\(id) threw when run as `live` runs it: \(error)")
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
