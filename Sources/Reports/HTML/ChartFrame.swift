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
