import Foundation
import PoseCore

/// Inline SVG charts for the HTML report: no scripts, no external assets, styled by the page's
/// CSS classes (so they print and follow the page's fonts).
struct TimeSeriesChart {
    struct Band { var start: Double; var end: Double; var label: String? }
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

    static let width = 960.0, height = 250.0
    static let margin = (left: 52.0, right: 18.0, top: 26.0, bottom: 34.0)
    static let maxPointsPerLine = 1600

    func svg() -> String {
        let w = Self.width, h = Self.height, m = Self.margin
        let plotW = w - m.left - m.right, plotH = h - m.top - m.bottom
        let values = series.flatMap { $0.points.compactMap(\.v) } + (threshold.map { [$0.value] } ?? [])
        var (lo, hi) = (values.min() ?? 0, values.max() ?? 10)
        if hi - lo < 10 { let mid = (hi + lo) / 2; lo = mid - 5; hi = mid + 5 }
        let yTicks = Self.ticks(lo, hi, count: 5)
        lo = min(lo, yTicks.first ?? lo); hi = max(hi, yTicks.last ?? hi)
        let t0 = timeRange.lowerBound, t1 = max(timeRange.upperBound, t0 + 0.001)
        func x(_ t: Double) -> Double { m.left + (t - t0) / (t1 - t0) * plotW }
        func y(_ v: Double) -> Double { m.top + (1 - (v - lo) / (hi - lo)) * plotH }
        func n(_ v: Double) -> String { Fixed.text(v, 1) }

        var out = "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(Int(clampingRounded: w, .towardZero)) \(Int(clampingRounded: h, .towardZero))\" role=\"img\" aria-labelledby=\"\(id)-title\" preserveAspectRatio=\"xMidYMid meet\">"
        out += "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
        // Rep bands and their numbers.
        for (k, band) in reps.enumerated() {
            let a = max(x(band.start), m.left), b = min(x(band.end), w - m.right)
            guard b > a else { continue }
            out += "<rect class=\"rep-band\(k % 2 == 1 ? " odd" : "")\" x=\"\(n(a))\" y=\"\(n(m.top))\" width=\"\(n(b - a))\" height=\"\(n(plotH))\"/>"
            if let label = band.label {
                out += "<text class=\"rep-label\" x=\"\(n((a + b) / 2))\" y=\"\(n(m.top - 8))\" text-anchor=\"middle\">\(HTMLText.escape(label))</text>"
            }
        }
        // Posture-lost intervals.
        for band in lost {
            let a = max(x(band.start), m.left), b = min(x(band.end), w - m.right)
            guard b >= a else { continue }
            out += "<rect class=\"lost\" x=\"\(n(a))\" y=\"\(n(m.top))\" width=\"\(n(max(b - a, 2)))\" height=\"\(n(plotH))\"><title>posture lost \(Fixed.text(band.start, 2))–\(Fixed.text(band.end, 2)) s</title></rect>"
        }
        // Grid and axes.
        for v in yTicks {
            out += "<line class=\"grid\" x1=\"\(n(m.left))\" x2=\"\(n(w - m.right))\" y1=\"\(n(y(v)))\" y2=\"\(n(y(v)))\"/>"
            out += "<text class=\"tick\" x=\"\(n(m.left - 8))\" y=\"\(n(y(v) + 4))\" text-anchor=\"end\">\(HTMLText.escape(Self.label(v)))</text>"
        }
        for t in Self.ticks(t0, t1, count: 8) where t >= t0 - 1e-9 && t <= t1 + 1e-9 {
            out += "<line class=\"tick-mark\" x1=\"\(n(x(t)))\" x2=\"\(n(x(t)))\" y1=\"\(n(h - m.bottom))\" y2=\"\(n(h - m.bottom + 5))\"/>"
            out += "<text class=\"tick\" x=\"\(n(x(t)))\" y=\"\(n(h - m.bottom + 18))\" text-anchor=\"middle\">\(HTMLText.escape(Self.label(t)))</text>"
        }
        out += "<line class=\"axis\" x1=\"\(n(m.left))\" x2=\"\(n(w - m.right))\" y1=\"\(n(h - m.bottom))\" y2=\"\(n(h - m.bottom))\"/>"
        out += "<text class=\"axis-label\" x=\"\(n(w - m.right))\" y=\"\(n(h - 4))\" text-anchor=\"end\">time (s)</text>"
        out += "<text class=\"axis-label\" x=\"14\" y=\"\(n(m.top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(n(m.top + plotH / 2)))\">\(HTMLText.escape(yLabel))</text>"
        // Threshold.
        if let threshold {
            let ty = y(threshold.value)
            out += "<line class=\"threshold\" x1=\"\(n(m.left))\" x2=\"\(n(w - m.right))\" y1=\"\(n(ty))\" y2=\"\(n(ty))\"/>"
            out += "<text class=\"threshold-label\" x=\"\(n(w - m.right - 4))\" y=\"\(n(ty - 5))\" text-anchor=\"end\">\(HTMLText.escape(threshold.label))</text>"
        }
        // Lines.
        for s in series {
            let d = Self.path(Self.decimate(s.points), x: x, y: y)
            if !d.isEmpty { out += "<path class=\"\(s.cssClass)\" d=\"\(d)\"/>" }
        }
        out += "</svg>"
        return out
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
    struct Bar { var rep: Int; var value: Double?; var cssClass: String; var partial: Bool }
    var id: String
    var title: String
    var yLabel: String
    var bars: [Bar]
    var threshold: (value: Double, label: String)?
    /// Least-squares line over the full reps: value = intercept + slope × rep.
    var trend: (slope: Double, intercept: Double)?

    func svg() -> String {
        let w = 960.0, h = 230.0
        let m = (left: 52.0, right: 18.0, top: 20.0, bottom: 34.0)
        let plotW = w - m.left - m.right, plotH = h - m.top - m.bottom
        let values = bars.compactMap(\.value) + (threshold.map { [$0.value] } ?? []) + [0]
        var lo = min(0, values.min() ?? 0), hi = max(values.max() ?? 10, 5)
        let ticks = TimeSeriesChart.ticks(lo, hi, count: 5)
        lo = min(lo, ticks.first ?? lo); hi = max(hi, ticks.last ?? hi)
        func y(_ v: Double) -> Double { m.top + (1 - (v - lo) / (hi - lo)) * plotH }
        func n(_ v: Double) -> String { Fixed.text(v, 1) }
        let slot = plotW / Double(max(bars.count, 1))
        let barW = min(64, slot * 0.6)
        func cx(_ k: Int) -> Double { m.left + slot * (Double(k) + 0.5) }

        var out = "<svg id=\"\(id)\" class=\"chart\" viewBox=\"0 0 \(Int(clampingRounded: w, .towardZero)) \(Int(clampingRounded: h, .towardZero))\" role=\"img\" aria-labelledby=\"\(id)-title\" preserveAspectRatio=\"xMidYMid meet\">"
        out += "<title id=\"\(id)-title\">\(HTMLText.escape(title))</title>"
        for v in ticks {
            out += "<line class=\"grid\" x1=\"\(n(m.left))\" x2=\"\(n(w - m.right))\" y1=\"\(n(y(v)))\" y2=\"\(n(y(v)))\"/>"
            out += "<text class=\"tick\" x=\"\(n(m.left - 8))\" y=\"\(n(y(v) + 4))\" text-anchor=\"end\">\(HTMLText.escape(TimeSeriesChart.label(v)))</text>"
        }
        if let trend, let first = bars.first?.rep, let last = bars.last?.rep, bars.count >= 2 {
            func px(_ rep: Int) -> Double { cx(bars.firstIndex { $0.rep == rep } ?? 0) }
            let a = trend.intercept + trend.slope * Double(first), b = trend.intercept + trend.slope * Double(last)
            out += "<line class=\"trend\" x1=\"\(n(px(first)))\" x2=\"\(n(px(last)))\" y1=\"\(n(y(a)))\" y2=\"\(n(y(b)))\"/>"
        }
        for (k, bar) in bars.enumerated() {
            if let v = bar.value {
                let top = y(max(v, 0)), bottom = y(min(v, 0))
                out += "<rect class=\"bar \(bar.cssClass)\(bar.partial ? " partial" : "")\" x=\"\(n(cx(k) - barW / 2))\" y=\"\(n(top))\" width=\"\(n(barW))\" height=\"\(n(max(bottom - top, 1)))\"><title>rep \(bar.rep): \(HTMLText.escape(HTMLText.deg(v)))</title></rect>"
                out += "<text class=\"bar-value\" x=\"\(n(cx(k)))\" y=\"\(n(top - 5))\" text-anchor=\"middle\">\(HTMLText.escape(HTMLText.deg(v)))</text>"
            } else {
                out += "<text class=\"bar-value\" x=\"\(n(cx(k)))\" y=\"\(n(y(0) - 5))\" text-anchor=\"middle\">?</text>"
            }
            out += "<text class=\"tick\" x=\"\(n(cx(k)))\" y=\"\(n(h - m.bottom + 18))\" text-anchor=\"middle\">rep \(bar.rep)\(bar.partial ? "*" : "")</text>"
        }
        out += "<line class=\"axis\" x1=\"\(n(m.left))\" x2=\"\(n(w - m.right))\" y1=\"\(n(y(0)))\" y2=\"\(n(y(0)))\"/>"
        out += "<text class=\"axis-label\" x=\"14\" y=\"\(n(m.top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 14 \(n(m.top + plotH / 2)))\">\(HTMLText.escape(yLabel))</text>"
        if let threshold {
            let ty = y(threshold.value)
            out += "<line class=\"threshold\" x1=\"\(n(m.left))\" x2=\"\(n(w - m.right))\" y1=\"\(n(ty))\" y2=\"\(n(ty))\"/>"
            out += "<text class=\"threshold-label\" x=\"\(n(w - m.right - 4))\" y=\"\(n(ty - 5))\" text-anchor=\"end\">\(HTMLText.escape(threshold.label))</text>"
        }
        out += "</svg>"
        return out
    }
}
