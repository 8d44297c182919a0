import Foundation
import PoseCore

/// Per-rep bars of the lumbar measure, the threshold, and the trend line.
struct RepBarChart {
    /// One rep's bar: `href` makes its label a link (to the video at the rep).
    struct Bar { var rep: Int; var value: Double?; var cssClass: String; var partial: Bool; var href: String? = nil }
    var id: String
    var title: String
    var yLabel: String
    var bars: [Bar]
    var threshold: (value: Double, label: String)?
    /// Least-squares line over the full reps: value = intercept + slope × rep.
    var trend: (slope: Double, intercept: Double)?

    func html() -> String {
        let size = ChartFrame.size
        let values = bars.compactMap(\.value) + (threshold.map { [$0.value] } ?? []) + [0]
        var lo = min(0, values.min() ?? 0), hi = max(values.max() ?? 10, 5)
        // Headroom above the tallest bar for its value label.
        hi += (hi - lo) * 0.12
        let ticks = TimeSeriesChart.ticks(lo, hi, count: 5)
        lo = min(lo, ticks.first ?? lo); hi = max(hi, ticks.last ?? hi)
        func y(_ v: Double) -> Double { (1 - (v - lo) / (hi - lo)) * size }
        let n = ChartFrame.n
        let slot = size / Double(max(bars.count, 1))
        let barW = min(70, slot * 0.6)
        func cx(_ k: Int) -> Double { slot * (Double(k) + 0.5) }

        var svg = "", labels = ""
        for v in ticks {
            svg += "<line class=\"grid\" x1=\"0\" x2=\"1000\" y1=\"\(n(y(v)))\" y2=\"\(n(y(v)))\"/>"
            labels += ChartFrame.label(TimeSeriesChart.label(v), kind: "y", y: y(v))
        }
        if let trend, let first = bars.first?.rep, let last = bars.last?.rep, bars.count >= 2 {
            func px(_ rep: Int) -> Double { cx(bars.firstIndex { $0.rep == rep } ?? 0) }
            let a = trend.intercept + trend.slope * Double(first), b = trend.intercept + trend.slope * Double(last)
            svg += "<line class=\"trend\" x1=\"\(n(px(first)))\" x2=\"\(n(px(last)))\" y1=\"\(n(y(a)))\" y2=\"\(n(y(b)))\"/>"
        }
        for (k, bar) in bars.enumerated() {
            if let v = bar.value {
                let top = y(max(v, 0)), bottom = y(min(v, 0))
                svg += "<rect class=\"bar \(bar.cssClass)\(bar.partial ? " partial" : "")\" x=\"\(n(cx(k) - barW / 2))\" y=\"\(n(top))\" width=\"\(n(barW))\" height=\"\(n(max(bottom - top, 1)))\"><title>rep \(bar.rep): \(HTMLText.escape(HTMLText.deg(v)))</title></rect>"
                labels += ChartFrame.label(HTMLText.deg(v), kind: "bar-value", x: cx(k), y: top)
            } else {
                labels += ChartFrame.label("?", kind: "bar-value", x: cx(k), y: y(0))
            }
            // The number alone: "rep 10*" under each of ten bars overlaps on a phone; "rep" is
            // said once at the axis's end.
            labels += ChartFrame.label("\(bar.rep)\(bar.partial ? "*" : "")", kind: "x", x: cx(k), href: bar.href,
                                       title: bar.href == nil ? nil : "play rep \(bar.rep)")
        }
        svg += "<line class=\"axis\" x1=\"0\" x2=\"1000\" y1=\"\(n(y(0)))\" y2=\"\(n(y(0)))\"/>"
        labels += ChartFrame.label("rep", kind: "x-end")
        let limit = ChartFrame.threshold(threshold, y: y)
        svg += limit.svg
        labels += limit.labels
        return ChartFrame.open(id: id, title: title, yLabel: yLabel, height: "short") + svg + "</svg>" + labels + "</div></div>"
    }
}
