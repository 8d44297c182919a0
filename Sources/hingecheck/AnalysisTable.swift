import Foundation
import PoseCore
import Reports

/// The per-rep table and event list `hingecheck analyze` prints.
enum AnalysisTable {
    static func render(_ doc: AnalysisDocument) -> String {
        let r = doc.result
        var lines: [String] = []
        lines.append("\(doc.input): \(doc.frameCount) frames, source \(doc.source)")
        lines.append("reference: \(r.reference.detail)")
        if let n = r.reference.neutralLumbarDeg { lines.append(String(format: "  neutral lumbar angle %.1f°", n)) }
        if let t = r.reference.thresholdDeg { lines.append(String(format: "  threshold %.1f°", t)) }
        lines.append("")
        func f(_ v: Double?, _ fmt: String = "%.1f") -> String { v.map { String(format: fmt, $0) } ?? "—" }
        // The value column is the one that decided each verdict (+ = more rounded), with its
        // uncertainty, beside the limit it was judged against.
        let spine = r.reps.contains { $0.lumbarMethod == .spinePoints }
        let header = ["rep", "time (s)", "trunk°", spine ? "flexion° (+ rounder)" : "lower back° (+ rounder)", "limit", "posture", "lost (s)", "conf"]
        var rows: [[String]] = [header]
        for rep in r.reps {
            rows.append(["\(rep.index)\(rep.partial ? "*" : "")", String(format: "%.2f–%.2f", rep.startS, rep.endS),
                         f(rep.peakTrunkInclinationDeg), rep.decidingText, f(rep.thresholdDeg, spine ? "%.1f" : "%+.1f"),
                         rep.verdictText, String(format: "%.2f", rep.postureLostS), String(format: "%.2f", rep.confidence)])
        }
        let widths = header.indices.map { c in rows.map { $0[c].count }.max() ?? 0 }
        for row in rows {
            lines.append(row.enumerated().map { c, v in v.padding(toLength: widths[c], withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        if r.reps.contains(where: \.partial) { lines.append("* partial rep") }
        lines.append("")
        lines.append(doc.verdict)
        if !r.events.isEmpty {
            lines.append("")
            lines.append("flagged moments:")
            for e in r.events {
                // An external analyser's event says whose it is (docs/plugins.md).
                lines.append(String(format: "  %6.2f–%6.2f s  severity %.2f  ", e.startS, e.endS, e.severity) + (e.plugin.map { "[\($0)] " } ?? "") + e.message)
            }
        }
        if let t = r.fatigue { lines.append(""); lines.append(String(format: "fatigue trend: %+.1f°/rep — ", t.slopeDegPerRep) + t.verdict) }
        if !r.warnings.isEmpty {
            lines.append("")
            lines.append("warnings:")
            for w in r.warnings { lines.append("  [\(w.code)] \(w.message)") }
        }
        return lines.joined(separator: "\n")
    }
}
