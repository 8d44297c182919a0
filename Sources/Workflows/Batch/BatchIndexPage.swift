import Foundation
import PoseCore
import Reports

/// Renders a batch's `index.html`: one self-contained page (inline CSS and a small inline script,
/// no external asset) with a table of every input linking to its report. The headline and every
/// row lead with the verdicts (lost, can't tell, held, not analysed) and take the colour of the
/// worst one, so a lifter who lost the curve is seen before anything else. Rows start sorted by
/// file; clicking a column heading sorts by it (again: reverse). Without script the table stays
/// sorted by file; on a phone each row is a card. The look follows the per-input report (same
/// palette, type and pills). Every text from data is HTML-escaped; the output is deterministic.
public enum BatchIndexPage {
    /// The verdict counts a headline is made of, over recordings and over reps.
    struct Tally {
        var recordings = 0, lost = 0, cantTell = 0, noReps = 0, held = 0, failed = 0
        var repsLost = 0, repsCantTell = 0, repsHeld = 0
        /// Inputs per external analyser that failed on them (their reports lack its results).
        var pluginFailures: [String: Int] = [:]

        init(_ entries: [BatchEntry]) {
            recordings = entries.count
            for e in entries {
                for id in e.failedExternalAnalyzers { pluginFailures[id, default: 0] += 1 }
                guard e.status == .done else { failed += 1; continue }
                switch e.verdict {
                case .lost?: lost += 1
                case .held?: held += 1
                case .cantTell?: cantTell += 1
                case .noReps?, nil: noReps += 1
                }
                let counts = BatchIndexPage.repCounts(e)
                repsLost += counts.lost
                repsCantTell += counts.cantTell
                repsHeld += counts.held
            }
        }

        var analysed: Int { recordings - failed }

        /// The worst verdict present: the page's colour.
        var status: String {
            if lost > 0 || failed > 0 { return "bad" }
            if cantTell > 0 || noReps > 0 || recordings == 0 { return "unknown" }
            return "good"
        }
    }

    public static func render(_ summary: BatchSummary) -> String {
        let entries = summary.entries
        let tally = Tally(entries)
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"generator\" content=\"\(HTMLText.escape(summary.generator))\">\n"
        let scope = summary.shard.map { " (shard \($0))" } ?? ""
        html += "<title>\(HTMLText.escape("HingeCheck batch — \(headline(tally))\(scope)"))</title>\n"
        html += "<style>\n\(css)\n</style>\n</head>\n<body>\n<main>\n"
        html += header(tally, scope: scope)
        html += table(entries)
        let failed = entries.filter { $0.isFailure }
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

    /// The headline: the worst verdict first ("Lower back lost its curve in 1 of 3 recordings"),
    /// then failures, then can't tell; "held" only when every recording held.
    static func headline(_ t: Tally) -> String {
        if t.recordings == 0 { return "No inputs" }
        if t.lost > 0 { return "Lower back lost its curve in \(t.lost) of \(plural(t.analysed, "recording"))" }
        if t.failed > 0 { return "\(t.failed) of \(plural(t.recordings, "input")) not analysed" }
        if t.cantTell + t.noReps > 0 {
            let unclear = t.cantTell + t.noReps
            return "Can't tell for \(unclear) of \(plural(t.analysed, "recording"))" + (t.held > 0 ? "; the other \(t.held) held" : "")
        }
        return t.analysed == 1 ? "Lower back held in the one recording" : "Lower back held in all \(t.analysed) recordings"
    }

    static func header(_ t: Tally, scope: String) -> String {
        var html = "<header class=\"verdict \(t.status)\">\n"
        html += "<p class=\"eyebrow\">HingeCheck · batch summary\(HTMLText.escape(scope))</p>\n"
        html += "<h1>\(HTMLText.escape(headline(t)))</h1>\n"
        var lead: [String] = []
        if t.analysed > 0 {
            lead.append("Reps: \(t.repsLost) lost · \(t.repsCantTell) can't tell · \(t.repsHeld) held, over \(plural(t.analysed, "analysed recording")).")
        }
        if t.failed > 0 {
            // Said even when a lost curve leads the headline: a failure is never hidden.
            lead.append("\(t.failed) of \(plural(t.recordings, "input")) not analysed: listed with their error below; run the batch again to retry them.")
        }
        for (id, count) in t.pluginFailures.sorted(by: { $0.key < $1.key }) {
            // The reports are complete without it, but the person must know its results are missing.
            lead.append("The external analyser \(id) failed on \(count) of \(plural(t.recordings, "input")): "
                        + "\(count == 1 ? "its report has" : "their reports have") the built-in results without its own; its error is in the row.")
        }
        if t.cantTell + t.noReps > 0 && t.lost > 0 {
            lead.append("Can't tell for \(plural(t.cantTell + t.noReps, "recording")): each report says why and how to film again.")
        }
        for sentence in lead { html += "<p class=\"lead\">\(HTMLText.escape(sentence))</p>\n" }
        let facts: [(String, Int, String, String)] = [
            ("Lost the curve", t.lost, "bad", "recordings with at least one rep whose lower back rounded past the limit under load"),
            ("Can't tell", t.cantTell + t.noReps, "unknown", "recordings where no rep could be judged, or no hinge rep was found"),
            ("Held", t.held, "good", "recordings where every judged rep held the curve"),
            ("Not analysed", t.failed, "bad", "inputs that could not be read or analysed (failed, interrupted or not started)"),
            ("Reps lost", t.repsLost, "bad", "reps that lost the curve, over every analysed recording"),
            ("Reps can't tell", t.repsCantTell, "unknown", "reps that could not be judged"),
            ("Reps held", t.repsHeld, "good", "reps that held the curve"),
        ]
        html += "<dl class=\"facts\">\n"
        for (name, value, tone, meaning) in facts {
            // Only a non-zero count takes its verdict's colour: zeros stay quiet.
            html += "<div class=\"\(value > 0 ? tone : "zero")\" title=\"\(HTMLText.escape(meaning))\"><dt>\(HTMLText.escape(name))</dt><dd>\(value)</dd></div>\n"
        }
        return html + "</dl>\n</header>\n"
    }

    static let columns: [(name: String, type: String)] = [
        ("File", "text"), ("Verdict", "num"), ("Reps: lost · can't tell · held", "num"), ("Athlete", "text"), ("Date", "text"),
        ("Set", "num"), ("Worst lumbar flexion", "num"), ("Worst lumbar angle", "num"), ("Warnings", "num"), ("Error", "text"),
    ]

    static func table(_ entries: [BatchEntry]) -> String {
        var html = "<section>\n<h2>Recordings</h2>\n"
        html += "<p class=\"hint\">Each row takes the colour of its worst verdict; sort by Verdict to see the worst first. Click a column heading to sort by it; click again to reverse. Athlete, date and set are read "
            + "from file names such as <code>anna_2026-11-20_set1.mp4</code>. Worst lumbar angle: the smallest angle from spine "
            + "points (+ = natural arch), or the largest markerless silhouette angle (+ = flexed), marked s.</p>\n"
        html += "<div class=\"table-wrap\">\n<table id=\"inputs\" class=\"cards\">\n<thead><tr>"
        for (i, column) in columns.enumerated() {
            let left = column.type == "text" || i == 1 || i == 2 ? " class=\"left\"" : ""
            let sorted = i == 0 ? " aria-sort=\"ascending\"" : ""
            html += "<th\(left) data-type=\"\(column.type)\"\(sorted)><button type=\"button\">\(HTMLText.escape(column.name))</button></th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for e in entries { html += row(e) }
        return html + "</tbody>\n</table>\n</div>\n</section>\n"
    }

    /// An entry's reps by verdict (held = the reps neither lost nor can't tell).
    static func repCounts(_ e: BatchEntry) -> (lost: Int, cantTell: Int, held: Int) {
        let lost = e.flaggedReps?.count ?? 0, cantTell = e.cantTellReps?.count ?? 0
        return (lost, cantTell, max(0, (e.reps ?? 0) - lost - cantTell))
    }

    /// The row's verdict: its pill, its colour and its rank (0 = worst, for sorting).
    static func verdict(_ e: BatchEntry) -> (pill: String, tone: String, rank: Int) {
        guard e.status == .done else {
            let word = e.status == .failed ? "Failed" : (e.status == .interrupted ? "Interrupted" : "Pending")
            return ("<span class=\"pill bad\">\(word)</span>", "bad", 0)
        }
        switch e.verdict {
        case .lost?: return ("<span class=\"pill bad\">LOST</span>", "bad", 1)
        case .cantTell?: return ("<span class=\"pill unknown\">Can't tell</span>", "unknown", 2)
        case .noReps?, nil: return ("<span class=\"pill unknown\">No reps</span>", "unknown", 3)
        case .held?: return ("<span class=\"pill good\">Held</span>", "good", 4)
        }
    }

    static func row(_ e: BatchEntry) -> String {
        func cell(_ column: Int, _ text: String, sort: String? = nil, left: Bool = false) -> String {
            "<td\(left ? " class=\"left\"" : "") data-label=\"\(HTMLText.escape(columns[column].name))\"\(sort.map { " data-v=\"\(HTMLText.escape($0))\"" } ?? "")>\(text)</td>"
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
        let v = verdict(e)
        var out = "<tr class=\"\(v.tone)\">"
        out += cell(0, file, sort: e.input, left: true)
        out += cell(1, v.pill, sort: String(v.rank), left: true)
        out += cell(2, repsCell(e), sort: e.status == .done ? String(repCounts(e).lost) : "", left: true)
        out += cell(3, HTMLText.escape(e.athlete ?? "–"), sort: e.athlete ?? "", left: true)
        out += cell(4, HTMLText.escape(e.date ?? "–"), sort: e.date ?? "", left: true)
        out += cell(5, e.set.map(String.init) ?? "–", sort: e.set.map(String.init) ?? "")
        out += cell(6, deg(e.worstLumbarFlexionDeg), sort: num(e.worstLumbarFlexionDeg))
        let method = e.lumbarMethod == LumbarMethod.dorsalContour.rawValue ? "<abbr class=\"hint\" title=\"markerless silhouette angle (+ = flexed)\">s</abbr>" : ""
        out += cell(7, deg(e.worstLumbarAngleDeg) + (e.worstLumbarAngleDeg == nil ? "" : method), sort: num(e.worstLumbarAngleDeg))
        let warnings = e.warnings.isEmpty ? (e.status == .done ? "0" : "–") : "<span title=\"\(HTMLText.escape(e.warnings.joined(separator: ", ")))\">\(e.warnings.count)</span>"
        out += cell(8, warnings, sort: e.status == .done ? String(e.warnings.count) : "")
        out += cell(9, e.error.map { "<span class=\"error\" title=\"\(HTMLText.escape($0))\">\(HTMLText.escape(shortError($0, input: e.input)))</span>" } ?? "",
                    sort: e.error ?? "", left: true)
        return out + "</tr>\n"
    }

    /// "2 lost (3, 4) · 1 can't tell (5) · 2 held", each count in its verdict's colour; "–" when
    /// the input was not analysed.
    static func repsCell(_ e: BatchEntry) -> String {
        guard e.status == .done, let reps = e.reps else { return "–" }
        guard reps > 0 else { return "0" }
        let counts = repCounts(e)
        func list(_ reps: [Int]?) -> String {
            guard let reps, !reps.isEmpty else { return "" }
            return " <span class=\"hint\">(\(reps.map(String.init).joined(separator: ", ")))</span>"
        }
        var parts: [String] = []
        if counts.lost > 0 { parts.append("<span class=\"n bad\">\(counts.lost) lost</span>" + list(e.flaggedReps)) }
        if counts.cantTell > 0 { parts.append("<span class=\"n unknown\">\(counts.cantTell) can't tell</span>" + list(e.cantTellReps)) }
        if counts.held > 0 { parts.append("<span class=\"n good\">\(counts.held) held</span>") }
        return parts.joined(separator: " · ")
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
    td:last-child { white-space: normal; min-width: 12em; }
    /* The reps by verdict wrap rather than widen the table past the page. */
    td:nth-child(3) { white-space: normal; min-width: 9em; }
    /* Each row and each non-zero count take their verdict's colour (worst first: lost or not
       analysed red, can't tell grey, held green). */
    tr.bad td:first-child { box-shadow: inset 4px 0 var(--bad); }
    tr.unknown td:first-child { box-shadow: inset 4px 0 var(--unknown); }
    tr.good td:first-child { box-shadow: inset 4px 0 var(--good); }
    tr.unknown td { background: #f8f9fb; }
    .n { font-weight: 650; } .n.bad { color: var(--bad); } .n.good { color: var(--good); } .n.unknown { color: var(--unknown); }
    .facts div.bad { background: var(--bad-wash); } .facts div.bad dd { color: var(--bad); }
    .facts div.good { background: var(--good-wash); } .facts div.good dd { color: var(--good); }
    .facts div.unknown { background: var(--unknown-wash); }
    .facts div.zero dd { color: var(--muted); font-weight: 500; }
    @media screen and (max-width: 820px) {
      table.cards td:first-child, table.cards td:last-child { min-width: 0; grid-column: 1 / -1; }
      table.cards tr.unknown { background: #f8f9fb; } table.cards tr.unknown td { background: none; }
      table.cards td:last-child:empty { display: none; }
      table.cards tr.bad { box-shadow: inset 5px 0 var(--bad); } table.cards tr.unknown { box-shadow: inset 5px 0 var(--unknown); }
      table.cards tr.good { box-shadow: inset 5px 0 var(--good); }
      table.cards tr td:first-child { box-shadow: none; }
    }
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
