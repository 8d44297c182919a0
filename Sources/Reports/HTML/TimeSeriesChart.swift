import Foundation
import PoseCore

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
