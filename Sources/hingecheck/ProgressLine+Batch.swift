import Foundation
import Workflows

/// The batch's progress on the shared `ProgressLine`: inputs done of total, failures, jobs
/// running, frames per second over all jobs, and an ETA from the input bytes finished per second.
/// A line every 10 s off a terminal, and one per finished input.
extension ProgressLine {
    static func batch(enabled: Bool) -> ProgressLine {
        ProgressLine(enabled: enabled, terminalInterval: 0.25, plainInterval: 10)
    }

    /// Called by the runner one update at a time (under its lock).
    func update(_ p: BatchProgress) {
        if let e = p.justFinished {
            var what = e.status == .done ? "done" : "\(e.status.rawValue): \(e.error ?? "")"
            // Not a plain "done": the results stand on the frames around the damage.
            if let lost = e.skippedFrames, lost > 0 { what += " (warning: \(lost) undecodable frames skipped)" }
            // Nor when an external analyser failed: the report lacks its results.
            if e.status == .done, !e.failedExternalAnalyzers.isEmpty {
                what += " (warning: external analyser \(e.failedExternalAnalyzers.joined(separator: ", ")) failed; built-in results only)"
            }
            post("\(URL(fileURLWithPath: e.input).lastPathComponent): \(what)")
        }
        update(force: p.justFinished != nil) { Self.text(p) }
    }

    static func text(_ p: BatchProgress) -> String {
        var s = "batch " + bar(p.toRun > 0 ? Double(p.finished) / Double(p.toRun) : 1) + " "
        s += "\(p.finished)/\(p.toRun)"
        if p.failed > 0 { s += ", \(p.failed) failed" }
        if p.skipped > 0 { s += ", \(p.skipped) skipped" }
        s += ", \(p.running) running"
        // Rates from the first moments of a run are noise (a near-zero interval): as for frames.
        if p.elapsedS >= FrameProgress.minRateS {
            s += String(format: ", %.0f frames/s", p.framesPerSecond)
            s += String(format: ", %.2f inputs/min", Double(p.finished) / p.elapsedS * 60)
            if let eta = p.etaS, p.finished < p.toRun { s += ", ETA " + duration(eta) }
        }
        s += ", " + duration(p.elapsedS) + " elapsed"
        return s
    }
}
