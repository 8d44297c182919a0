import PoseCore

extension HTMLReport {
    /// "From external analysers": per plugin, its per-rep fields as a table (units in the
    /// headings, each field's summary under it) and its flagged moments; a plugin that failed
    /// shows its error instead. Empty without external analysers (docs/plugins.md).
    static func externalSection(_ result: AnalysisResult) -> String {
        guard !result.external.isEmpty else { return "" }
        var out = "<section id=\"external\">\n<h2>From external analysers</h2>\n"
        out += "<p class=\"hint\">Programs outside HingeCheck, turned on in the analysis config (docs/plugins.md). Their numbers are their own; the verdicts above do not use them.</p>\n"
        for x in result.external {
            out += "<h3>\(HTMLText.escape(x.id)) <span class=\"hint\">\(HTMLText.escape(x.version))</span></h3>\n"
            guard x.status == .ok else {
                out += "<ul class=\"notes warn\"><li>\(HTMLText.escape("It failed, so its results are missing (the built-in results are complete): \(x.error ?? "")"))</li></ul>\n"
                continue
            }
            out += externalTable(x, reps: result.reps)
            let events = result.events.filter { $0.plugin == x.id }
            if !events.isEmpty {
                out += "<ul class=\"notes\">\n" + events.map { e in
                    "<li>\(HTMLText.escape("\(Fixed.text(e.startS, 1))–\(Fixed.text(e.endS, 1)) s: \(e.message)"))</li>\n"
                }.joined() + "</ul>\n"
            }
        }
        return out + "</section>\n"
    }

    private static func externalTable(_ x: ExternalAnalyzerResult, reps: [Rep]) -> String {
        guard !x.fields.isEmpty, !reps.isEmpty else { return "" }
        let titles = x.fields.map(heading)
        var out = "<div class=\"table-wrap\"><table class=\"reps cards\">\n<thead><tr><th scope=\"col\">Rep</th>"
        out += titles.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for rep in reps {
            out += "<tr><td data-label=\"Rep\"><strong>\(rep.index)</strong></td>"
            out += zip(x.fields, titles).map { f, title in
                "<td data-label=\"\(HTMLText.escape(title))\">\(HTMLText.escape(text(x.repValues[rep.index]?[f.name])))</td>"
            }.joined() + "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        let notes = x.fields.filter { !$0.summary.isEmpty }
        if !notes.isEmpty {
            out += "<ul class=\"notes\">\n" + notes.map { "<li>\(HTMLText.escape("\($0.name): \($0.summary)"))</li>\n" }.joined() + "</ul>\n"
        }
        return out
    }

    /// "depth_pct" with unit "%" reads "depth (%)": words, the unit once (a unit suffix of the
    /// name, as snake_case fields often carry, is dropped when the unit is shown).
    static func heading(_ f: ExternalAnalyzerResult.Field) -> String {
        var words = f.name.split(separator: "_").map(String.init)
        if f.unit != nil, words.count > 1, ["deg", "s", "pct", "px", "cm", "mm", "m", "ms", "hz"].contains(words.last!) { words.removeLast() }
        return words.joined(separator: " ") + (f.unit.map { " (\($0))" } ?? "")
    }

    /// A plugin's value for people: numbers to two decimals, "–" when unknown.
    private static func text(_ v: ExternalAnalyzerResult.Value?) -> String {
        switch v {
        case .number(let d)?: Fixed.text(d, 2)
        case .text(let t)?: t
        case .flag(let b)?: b ? "yes" : "no"
        case .null?, nil: "–"
        }
    }
}
