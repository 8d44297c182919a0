import Foundation
import PoseCore

/// Inline charts for the HTML report: the shapes (bands, grid, lines, bars) in an SVG that
/// stretches to the box, the words and numbers in HTML laid over it at percentage positions.
///
/// Why not SVG text: an SVG scaled to a 390 px phone shrinks its text with it (12 px labels
/// rendered at 4 px); HTML labels keep the page's font size at every width, and
/// `vector-effect: non-scaling-stroke` keeps the lines' widths. No script, no external asset;
/// styled by the page's CSS classes, so it prints and follows the page's fonts.
enum ChartFrame {
    /// The SVG's user space: 0...1000 both ways, stretched to the plot box
    /// (`preserveAspectRatio="none"`), so a position is also a percentage × 10.
    static let size = 1000.0

    static func n(_ v: Double) -> String { Fixed.text(v, 1) }

    /// A percentage for CSS, from user units.
    static func pct(_ v: Double) -> String { Fixed.text(max(0, min(size, v)) / 10, 2) + "%" }

    static func open(id: String, title: String, yLabel: String, height: String) -> String {
        var out = "<div class=\"chart-box\"><div class=\"chart-ylabel\" aria-hidden=\"true\">\(HTMLText.escape(yLabel))</div>"
        out += "<div class=\"plot \(height)\">"
        out += "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 1000 1000\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"\(id)-title\">"
        out += "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
        return out
    }

    /// A label over the plot: `kind` is its CSS class (y, x, rep, limit, bar-value, x-end).
    static func label(_ text: String, kind: String, x: Double? = nil, y: Double? = nil, href: String? = nil, title: String? = nil) -> String {
        var style: [String] = []
        if let x { style.append("left:\(pct(x))") }
        if let y { style.append("top:\(pct(y))") }
        let attrs = (style.isEmpty ? "" : " style=\"\(style.joined(separator: ";"))\"")
            + (title.map { " title=\"\(HTMLText.escape($0))\"" } ?? "")
        if let href {
            return "<a class=\"lbl \(kind) seek\" href=\"\(HTMLText.escape(href))\"\(attrs)>\(HTMLText.escape(text))</a>"
        }
        return "<span class=\"lbl \(kind)\" aria-hidden=\"true\"\(attrs)>\(HTMLText.escape(text))</span>"
    }

    static func threshold(_ threshold: (value: Double, label: String)?, y: (Double) -> Double) -> (svg: String, labels: String) {
        guard let threshold else { return ("", "") }
        let ty = y(threshold.value)
        return ("<line class=\"threshold\" x1=\"0\" x2=\"1000\" y1=\"\(n(ty))\" y2=\"\(n(ty))\"/>",
                label(threshold.label, kind: "limit", y: ty))
    }
}

struct TimeSeriesChart {
    /// A span of time: `href` makes its label a link (to the video at its start).
    struct Band { var start: Double; var end: Double; var label: String?; var href: String? = nil }
    /// A line: points in time order; nil breaks the line.
    struct Series { var points: [(t: Double, v: Double?)]; var cssClass: String }

    var id: String
    var title: String
    var yLabel: String
    var series: [Series]
    var threshold: (value: Double, label: String)?
    /// Posture-lost intervals (shaded red).
    var lost: [Band] = []
    /// Rep spans (light bands, numbered).
    var reps: [Band] = []
    var timeRange: ClosedRange<Double>

    static let maxPointsPerLine = 1600

    func html() -> String {
        let size = ChartFrame.size
        let values = series.flatMap { $0.points.compactMap(\.v) } + (threshold.map { [$0.value] } ?? [])
        var (lo, hi) = (values.min() ?? 0, values.max() ?? 10)
        if hi - lo < 10 { let mid = (hi + lo) / 2; lo = mid - 5; hi = mid + 5 }
        let yTicks = Self.ticks(lo, hi, count: 5)
        lo = min(lo, yTicks.first ?? lo); hi = max(hi, yTicks.last ?? hi)
        let t0 = timeRange.lowerBound, t1 = max(timeRange.upperBound, t0 + 0.001)
        func x(_ t: Double) -> Double { (t - t0) / (t1 - t0) * size }
        func y(_ v: Double) -> Double { (1 - (v - lo) / (hi - lo)) * size }
        let n = ChartFrame.n

        var svg = "", labels = ""
        // Rep bands and their numbers (links to the video when there is one).
        for (k, band) in reps.enumerated() {
            let a = max(x(band.start), 0), b = min(x(band.end), size)
            guard b > a else { continue }
            svg += "<rect class=\"rep-band\(k % 2 == 1 ? " odd" : "")\" x=\"\(n(a))\" y=\"0\" width=\"\(n(b - a))\" height=\"1000\"/>"
            if let label = band.label {
                labels += ChartFrame.label(label, kind: "rep", x: (a + b) / 2, href: band.href, title: band.href == nil ? nil : "play rep \(label)")
            }
        }
        // Posture-lost intervals.
        for band in lost {
            let a = max(x(band.start), 0), b = min(x(band.end), size)
            guard b >= a else { continue }
            svg += "<rect class=\"lost\" x=\"\(n(a))\" y=\"0\" width=\"\(n(max(b - a, 2)))\" height=\"1000\"><title>posture lost \(Fixed.text(band.start, 2))–\(Fixed.text(band.end, 2)) s</title></rect>"
        }
        // Grid and axes.
        for v in yTicks {
            svg += "<line class=\"grid\" x1=\"0\" x2=\"1000\" y1=\"\(n(y(v)))\" y2=\"\(n(y(v)))\"/>"
            labels += ChartFrame.label(Self.label(v), kind: "y", y: y(v))
        }
        for t in Self.ticks(t0, t1, count: 8) where t >= t0 - 1e-9 && t <= t1 + 1e-9 {
            svg += "<line class=\"tick-mark\" x1=\"\(n(x(t)))\" x2=\"\(n(x(t)))\" y1=\"1000\" y2=\"1030\"/>"
            labels += ChartFrame.label(Self.label(t), kind: "x", x: x(t))
        }
        svg += "<line class=\"axis\" x1=\"0\" x2=\"1000\" y1=\"1000\" y2=\"1000\"/>"
        labels += ChartFrame.label("time (s)", kind: "x-end")
        let limit = ChartFrame.threshold(threshold, y: y)
        svg += limit.svg
        labels += limit.labels
        // Lines.
        for s in series {
            let d = Self.path(Self.decimate(s.points), x: x, y: y)
            if !d.isEmpty { svg += "<path class=\"\(s.cssClass)\" d=\"\(d)\"/>" }
        }
        return ChartFrame.open(id: id, title: title, yLabel: yLabel, height: "tall") + svg + "</svg>" + labels + "</div></div>"
    }

    static func path(_ points: [(t: Double, v: Double?)], x: (Double) -> Double, y: (Double) -> Double) -> String {
        var d = ""
        var pen = false
        for p in points {
            guard let v = p.v, v.isFinite else { pen = false; continue }
            d += (pen ? "L" : "M") + Fixed.text(x(p.t), 1) + " " + Fixed.text(y(v), 1)
            pen = true
        }
        return d
    }

    /// Keeps the minimum and maximum of each bucket so peaks survive on long clips.
    static func decimate(_ points: [(t: Double, v: Double?)]) -> [(t: Double, v: Double?)] {
        guard points.count > maxPointsPerLine else { return points }
        let bucket = Int(clampingRounded: Double(points.count) / Double(maxPointsPerLine / 2), .up)
        var out: [(t: Double, v: Double?)] = []
        var start = 0
        while start < points.count {
            let slice = points[start..<min(start + bucket, points.count)]
            let known = slice.filter { $0.v != nil }
            if known.count < slice.count { out.append((slice.first!.t, nil)) }
            if let lo = known.min(by: { $0.v! < $1.v! }), let hi = known.max(by: { $0.v! < $1.v! }) {
                out += lo.t <= hi.t ? [lo, hi] : [hi, lo]
            }
            start += bucket
        }
        return out
    }

    /// Round tick values covering lo...hi (steps of 1, 2 or 5 × 10^k).
    static func ticks(_ lo: Double, _ hi: Double, count: Int) -> [Double] {
        guard hi > lo, lo.isFinite, hi.isFinite else { return [lo] }
        let raw = (hi - lo) / Double(max(count, 1))
        let mag = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        var out: [Double] = []
        var v = floor(lo / step) * step
        while v <= hi + step * 0.999 && out.count < 50 {
            out.append(abs(v) < step * 1e-6 ? 0 : v)
            v += step
        }
        return out
    }

    static func label(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        let text = Fixed.text(r, r == r.rounded() ? 0 : 1)
        return text.replacingOccurrences(of: "-", with: "−")
    }
}

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
