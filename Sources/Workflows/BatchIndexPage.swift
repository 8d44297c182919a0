import Foundation
import PoseCore
import Reports

/// Renders a batch's `index.html`: one self-contained page (inline CSS and a small inline script,
/// no external asset) with a table of every input linking to its report. Rows start sorted by
/// file; clicking a column heading sorts by it (again: reverse). Without script the table stays
/// sorted by file. The look follows the per-input report (same palette, type and pills).
/// Every text from data is HTML-escaped; the output is deterministic.
public enum BatchIndexPage {
    public static func render(_ summary: BatchSummary) -> String {
        let entries = summary.entries
        let done = entries.filter { $0.status == .done }
        let failed = entries.filter { $0.isFailure }
        let lost = done.filter { $0.verdict == .lost }
        let status = failed.isEmpty ? "good" : "bad"
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"generator\" content=\"\(HTMLText.escape(summary.generator))\">\n"
        let scope = summary.shard.map { " (shard \($0))" } ?? ""
        html += "<title>\(HTMLText.escape("HingeCheck batch — \(plural(entries.count, "input"))\(scope)"))</title>\n"
        html += "<style>\n\(css)\n</style>\n</head>\n<body>\n<main>\n"

        html += "<header class=\"verdict \(status)\">\n"
        html += "<p class=\"eyebrow\">HingeCheck · batch summary\(HTMLText.escape(scope))</p>\n"
        let headline = failed.isEmpty
            ? "All \(plural(entries.count, "input")) analysed"
            : "\(failed.count) of \(plural(entries.count, "input")) not analysed"
        html += "<h1>\(HTMLText.escape(headline))</h1>\n"
        var lead = lost.isEmpty
            ? "No analysed recording lost the lumbar curve under load."
            : "\(lost.count) of \(plural(done.count, "analysed recording")) lost the lumbar curve under load on at least one rep."
        if !failed.isEmpty { lead += " The failed inputs are listed with their error; run the batch again to retry them." }
        html += "<p class=\"lead\">\(HTMLText.escape(lead))</p>\n<dl class=\"facts\">\n"
        let facts: [(String, String)] = [
            ("Inputs", "\(entries.count)"), ("Analysed", "\(done.count)"), ("Failed", "\(failed.count)"),
            ("Curve lost", "\(lost.count)"), ("Reps", "\(done.reduce(0) { $0 + ($1.reps ?? 0) })"),
            ("Flagged reps", "\(done.reduce(0) { $0 + ($1.flaggedReps?.count ?? 0) })"),
        ]
        for (name, value) in facts { html += "<div><dt>\(HTMLText.escape(name))</dt><dd>\(HTMLText.escape(value))</dd></div>\n" }
        html += "</dl>\n</header>\n"

        html += "<section>\n<h2>Recordings</h2>\n"
        html += "<p class=\"hint\">Click a column heading to sort by it; click again to reverse. Athlete, date and set are read "
            + "from file names such as <code>anna_2026-11-20_set1.mp4</code>. Worst lumbar angle: the smallest angle from spine "
            + "points (+ = natural arch), or the largest markerless silhouette angle (+ = flexed), marked s.</p>\n"
        html += "<div class=\"table-wrap\">\n<table id=\"inputs\">\n<thead><tr>"
        let columns: [(String, String)] = [
            ("File", "text"), ("Athlete", "text"), ("Date", "text"), ("Set", "num"), ("Status", "text"), ("Reps", "num"),
            ("Flagged", "num"), ("Verdict", "text"), ("Worst lumbar flexion", "num"), ("Worst lumbar angle", "num"),
            ("Warnings", "num"), ("Error", "text"),
        ]
        for (i, (name, type)) in columns.enumerated() {
            let left = type == "text" ? " class=\"left\"" : ""
            let sorted = i == 0 ? " aria-sort=\"ascending\"" : ""
            html += "<th\(left) data-type=\"\(type)\"\(sorted)><button type=\"button\">\(HTMLText.escape(name))</button></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for e in entries { html += row(e) }
        html += "</tbody>\n</table>\n</div>\n</section>\n"

        if !failed.isEmpty {
            html += "<section>\n<h2>Not analysed</h2>\n<ul class=\"notes warn\">\n"
            for e in failed {
                html += "<li><strong>\(HTMLText.escape(e.input))</strong> — \(HTMLText.escape(e.status.rawValue)): \(HTMLText.escape(e.error ?? "no detail"))</li>\n"
            }
            html += "</ul>\n</section>\n"
        }
        html += "<footer><p>\(HTMLText.escape("\(summary.generator) · machine-readable: batch\(summary.fileSuffix).json, summary\(summary.fileSuffix).csv · each report folder is complete once it holds done.json"))</p></footer>\n"
        html += "</main>\n<script>\n\(script)\n</script>\n</body>\n</html>\n"
        return html
    }

    static func row(_ e: BatchEntry) -> String {
        func cell(_ text: String, sort: String? = nil, left: Bool = false) -> String {
            "<td\(left ? " class=\"left\"" : "")\(sort.map { " data-v=\"\(HTMLText.escape($0))\"" } ?? "")>\(text)</td>"
        }
        func num(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "" }
        func deg(_ v: Double?) -> String {
            guard let v, v.isFinite else { return "–" }
            return String(format: "%.0f", v).replacingOccurrences(of: "-", with: "−") + "°"
        }
        let name = URL(fileURLWithPath: e.input).lastPathComponent
        let file = e.status == .done
            ? "<a href=\"\(HTMLText.escape(hrefPath(e.folder + "/report.html")))\" title=\"\(HTMLText.escape(e.input))\">\(HTMLText.escape(name))</a>"
            : "<span title=\"\(HTMLText.escape(e.input))\">\(HTMLText.escape(name))</span>"
        var out = "<tr\(e.isFailure || e.verdict == .lost ? " class=\"bad\"" : "")>"
        out += cell(file, sort: e.input, left: true)
        out += cell(HTMLText.escape(e.athlete ?? "–"), sort: e.athlete ?? "", left: true)
        out += cell(HTMLText.escape(e.date ?? "–"), sort: e.date ?? "", left: true)
        out += cell(e.set.map(String.init) ?? "–", sort: e.set.map(String.init) ?? "")
        let pill = e.status == .done ? "good" : "bad"
        out += cell("<span class=\"pill \(pill)\">\(HTMLText.escape(e.status.rawValue))</span>", sort: e.status.rawValue, left: true)
        out += cell(e.reps.map(String.init) ?? "–", sort: e.reps.map(String.init) ?? "")
        let flagged = e.flaggedReps.map { $0.isEmpty ? "0" : "\($0.count) (\($0.map(String.init).joined(separator: ", ")))" } ?? "–"
            + (e.cantTellReps.map { $0.isEmpty ? "" : " · can't tell: " + $0.map(String.init).joined(separator: ", ") } ?? "")
        out += cell(HTMLText.escape(flagged), sort: e.flaggedReps.map { String($0.count) } ?? "")
        let verdict: String
        switch e.verdict {
        case .lost?: verdict = "<span class=\"pill bad\">LOST</span>"
        case .held?: verdict = "<span class=\"pill good\">Held</span>"
        case .cantTell?: verdict = "<span class=\"pill unknown\">Can't tell</span>"
        case .noReps?: verdict = "<span class=\"pill unknown\">No reps</span>"
        case nil: verdict = "–"
        }
        out += cell(verdict, sort: e.verdict?.rawValue ?? "", left: true)
        out += cell(deg(e.worstLumbarFlexionDeg), sort: num(e.worstLumbarFlexionDeg))
        let method = e.lumbarMethod == LumbarMethod.dorsalContour.rawValue ? "<abbr class=\"hint\" title=\"markerless silhouette angle (+ = flexed)\">s</abbr>" : ""
        out += cell(deg(e.worstLumbarAngleDeg) + (e.worstLumbarAngleDeg == nil ? "" : method), sort: num(e.worstLumbarAngleDeg))
        let warnings = e.warnings.isEmpty ? (e.status == .done ? "0" : "–") : "<span title=\"\(HTMLText.escape(e.warnings.joined(separator: ", ")))\">\(e.warnings.count)</span>"
        out += cell(warnings, sort: e.status == .done ? String(e.warnings.count) : "")
        out += cell(e.error.map { "<span class=\"error\" title=\"\(HTMLText.escape($0))\">\(HTMLText.escape(shortError($0, input: e.input)))</span>" } ?? "",
                    sort: e.error ?? "", left: true)
        return out + "</tr>\n"
    }

    /// The error without the input's path (the row names it) and without the fix (listed below the table).
    static func shortError(_ error: String, input: String) -> String {
        var text = error
        if text.hasPrefix(input + ": ") { text.removeFirst(input.count + 2) }
        if let fix = text.range(of: "; fix:") { text = String(text[..<fix.lowerBound]) }
        return text
    }

    /// Percent-encodes what a relative URL path cannot hold as is (spaces, `#`, `?`, `%`).
    static func hrefPath(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%;")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

    /// Sorts the table by a clicked column: numbers numerically (empty last), text by locale.
    static let script = """
    (function () {
      var table = document.getElementById('inputs'); if (!table) return;
      var heads = table.tHead.rows[0].cells, body = table.tBodies[0];
      Array.prototype.forEach.call(heads, function (th, col) {
        th.querySelector('button').addEventListener('click', function () {
          var asc = th.getAttribute('aria-sort') !== 'ascending', num = th.dataset.type === 'num';
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
          th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[col].dataset.v || '', y = b.cells[col].dataset.v || '', r;
            if (x === '' || y === '') { r = (x === '') - (y === ''); return r || a.cells[0].dataset.v.localeCompare(b.cells[0].dataset.v); }
            r = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, undefined, {numeric: true});
            if (!asc) r = -r;
            return r || a.cells[0].dataset.v.localeCompare(b.cells[0].dataset.v);
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    })();
    """

    /// The report pages' palette and components (Reports' `ReportStyle.base`) plus this page's own:
    /// a wider table with sortable headers, error cells and its print layout.
    static let css = ReportStyle.base + "\n" + """
    main { max-width: 1240px; }
    th, td { padding: 8px 7px; }
    th button { all: inherit; cursor: pointer; padding: 0; border: 0; }
    th button:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
    th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
    td a { color: var(--accent); font-weight: 600; }
    td .error { white-space: normal; color: var(--bad); font-size: .9rem; }
    td:last-child { white-space: normal; min-width: 14em; }
    td:first-child { white-space: normal; overflow-wrap: anywhere; min-width: 10em; }
    abbr.hint { text-decoration: none; margin-left: 2px; }
    ul.notes li { overflow-wrap: anywhere; }
    @media print {
      body { background: #fff; font-size: 10pt; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      main { max-width: none; padding: 0; }
      section, .verdict { box-shadow: none; border: 1px solid var(--line); padding: 12px 16px; margin-bottom: 10px; }
      th button::after { content: "" !important; } .table-wrap { overflow: visible; } tr { break-inside: avoid; }
    }
    """
}
