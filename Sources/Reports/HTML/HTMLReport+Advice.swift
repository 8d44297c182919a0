import Foundation
import PoseCore

/// "What to do": the coaching advice (`CoachingAdvice`) as a short list under the verdict.
extension HTMLReport {
    static func adviceSection(_ report: ReportInput, links: VideoLinks) -> String {
        let advice = CoachingAdvice.advice(for: report.document.result)
        guard !advice.isEmpty else { return "" }
        var out = "<section id=\"advice\">\n<h2>What to do</h2>\n<ol class=\"advice\">\n"
        for item in advice {
            out += "<li class=\"advice-\(item.kind.rawValue)\" data-kind=\"\(item.kind.rawValue)\"><strong>\(HTMLText.escape(item.title))</strong>"
            if item.timeS != nil, let rep = item.reps.first {
                out += " " + links.link("▶ rep \(rep)", at: item.timeS, play: true, title: "play rep \(rep) in the video")
            }
            out += "<p>\(HTMLText.escape(item.detail))</p>"
            if let source = item.source { out += "<p class=\"source\">Source: \(HTMLText.escape(source))</p>" }
            out += "</li>\n"
        }
        out += "</ol>\n"
        out += "<p class=\"hint\">Advice from this set's numbers, for a coach's eye to confirm; the rules and their sources are in docs/method.md, “Coaching advice”.</p>\n"
        return out + "</section>\n"
    }
}
