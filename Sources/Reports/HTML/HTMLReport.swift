import Foundation
import PoseCore

/// Renders `report.html`: one self-contained page (inline CSS, inline SVG charts, pictures as
/// base64 data URIs, one small inline script, no external asset) that opens offline and prints
/// cleanly. When the folder holds `annotated.mp4` the page embeds it and every rep, picture and
/// flagged moment links to its time (the script seeks the player; without it, the links open the
/// video file at that time). Every text that comes from data is HTML-escaped. Output is
/// deterministic.
public enum HTMLReport {
    /// How the verdict reads.
    enum Status: String { case bad, good, unknown }

    /// The lumbar measure plotted and judged, expressed so that higher = more rounded.
    struct LumbarMeasure {
        var label: String
        var short: String
        var threshold: Double?
        var value: (KinematicSample) -> Double?
    }

    public static func render(_ report: ReportInput) -> String {
        let doc = report.document
        let result = doc.result
        var html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        html += "<meta name=\"generator\" content=\"\(HTMLText.escape("hingecheck \(HingeCheckVersion.current)"))\">\n"
        html += "<title>\(HTMLText.escape("HingeCheck report — \(displayName(doc.input))"))</title>\n"
        html += "<style>\n\(ReportStyle.css)\n</style>\n</head>\n<body>\n<main>\n"
        let links = VideoLinks(report)
        html += verdictSection(report)
        html += adviceSection(report, links: links)
        html += videoSection(report, links: links)
        html += repsSection(report, links: links)
        html += picturesSection(report, links: links)
        html += chartsSection(report, measure: lumbarMeasure(result), links: links)
        html += trendSection(result, links: links)
        html += externalSection(result)
        html += recordingSection(report)
        html += footer(report)
        html += "</main>\n"
        if links.file != nil { html += "<script>\n\(seekScript)\n</script>\n" }
        html += "</body>\n</html>\n"
        return html
    }

    static func displayName(_ input: String) -> String {
        let name = URL(fileURLWithPath: input).lastPathComponent
        return name.isEmpty ? input : name
    }

    static func status(_ result: AnalysisResult) -> Status {
        if result.reps.contains(where: { $0.postureLost == true }) { return .bad }
        if result.reps.contains(where: { $0.postureLost == false }) { return .good }
        return .unknown
    }

    static func repStatus(_ rep: Rep) -> Status {
        switch rep.postureLost { case true?: .bad; case false?: .good; case nil: .unknown }
    }

    static func pill(_ rep: Rep) -> String {
        switch repStatus(rep) {
        case .bad: "<span class=\"pill bad\">LOST</span>"
        case .good: "<span class=\"pill good\">Held</span>"
        case .unknown: "<span class=\"pill unknown\" title=\"\(HTMLText.escape(rep.cantTellReason?.explanation ?? ""))\">Can't tell</span>"
        }
    }

    static func usesSpinePoints(_ result: AnalysisResult) -> Bool {
        result.reference.kind != .hingedPositionAbsolute && result.samples.contains { $0.lumbarMethod == .spinePoints }
    }

    static func lumbarMeasure(_ result: AnalysisResult) -> LumbarMeasure {
        let ref = result.reference
        if ref.kind == .hingedPositionAbsolute || (!usesSpinePoints(result) && result.samples.contains { $0.lumbarMethod == .dorsalContour }) {
            return LumbarMeasure(label: "Lower-back angle of the silhouette (°, higher = more rounded)", short: "lower-back angle",
                                 threshold: ref.thresholdDeg,
                                 value: { $0.lumbarMethod == .dorsalContour ? $0.lumbarAngleDeg : nil })
        }
        if let neutral = ref.neutralLumbarDeg {
            return LumbarMeasure(label: "Lumbar flexion from the lifter's neutral (°, higher = more rounded)", short: "lumbar flexion",
                                 threshold: ref.thresholdDeg,
                                 value: { s in s.lumbarMethod == .spinePoints ? s.lumbarAngleDeg.map { neutral - $0 } : nil })
        }
        return LumbarMeasure(label: "Lumbar curve (°, + = natural arch, − = rounded)", short: "lumbar curve", threshold: nil,
                             value: { $0.lumbarMethod == .spinePoints ? $0.lumbarAngleDeg : nil })
    }

    // MARK: - Sections

    static func verdictSection(_ report: ReportInput) -> String {
        let doc = report.document, result = doc.result
        let reps = result.reps
        let lost = reps.filter { $0.postureLost == true }
        let unknown = reps.filter { $0.postureLost == nil }
        let judged = reps.count - unknown.count
        let st = status(result)
        let headline: String
        var lead: [String] = []
        if reps.isEmpty {
            headline = "No hinge reps found"
            lead.append("HingeCheck found no hip hinge in this recording, so there is nothing to judge. Check that the whole lifter is in view, filmed from the side.")
        } else if !lost.isEmpty {
            headline = "Lower back rounded under load on \(lost.count) of \(HTMLText.plural(reps.count, "rep"))"
            let longest = lost.max { $0.postureLostS < $1.postureLostS }!
            lead.append("On \(HTMLText.repList(lost.map(\.index))) the lumbar curve was lost while the trunk leaned forward under load. "
                + "That is when the back muscles stop holding the vertebrae against the forward (shear) pull, and the discs take the load.")
            lead.append("Longest: \(HTMLText.seconds(longest.postureLostS)) on rep \(longest.index). The pictures and charts below show where.")
        } else if judged == 0 {
            headline = "Can't tell whether the lower back held"
            lead.append("Can't tell on \(RepVerdict.reasons(unknown)). See the reps and “About the recording” below for why and what to change.")
        } else {
            headline = judged == reps.count
                ? "Lower back held its curve on every rep"
                : "Lower back held its curve on all \(judged) judged reps"
            lead.append("The lumbar curve stayed within the limit whenever the trunk was leaning under load.")
        }
        if !unknown.isEmpty && !reps.isEmpty && judged > 0 {
            lead.append("Can't tell on \(RepVerdict.reasons(unknown)).")
        }
        if let f = result.fatigue { lead.append(f.verdict) }

        var out = "<header class=\"verdict \(st.rawValue)\" id=\"verdict\">\n"
        out += "<p class=\"eyebrow\">HingeCheck · hip-hinge report · \(HTMLText.escape(displayName(doc.input)))</p>\n"
        out += "<h1>\(HTMLText.escape(headline))</h1>\n"
        for sentence in lead { out += "<p class=\"lead\">\(HTMLText.escape(sentence))</p>\n" }
        var facts: [Fact] = [
            Fact("Reps", "\(reps.count)", "hinge reps found: the trunk leaned past 30° and came back up"),
            Fact("Curve lost", "\(lost.count)", "reps whose lower back rounded past the limit under load"),
            Fact("Held", "\(reps.filter { $0.postureLost == false }.count)", "reps whose lower back stayed under the limit"),
            Fact("Can't tell", "\(unknown.count)", "reps that could not be judged; the list under the rep table says why"),
        ]
        facts.append(Fact("Time with curve lost", HTMLText.seconds(reps.reduce(0) { $0 + $1.postureLostS }, 1),
                          "summed over all reps: how long the lower back stayed rounded past the limit while loaded", caption: "all reps together"))
        facts.append(Fact("Deepest trunk lean", HTMLText.deg(reps.compactMap(\.peakTrunkInclinationDeg).max()),
                          "the most the trunk leaned forward from vertical in any rep (0° upright, 90° horizontal)", caption: "from vertical"))
        let method: String
        switch result.reference.kind {
        case .hingedPositionAbsolute: method = "Back silhouette"
        case .none: method = "Not measurable"
        default: method = "Spine points"
        }
        facts.append(Fact("Measured from", method, "what the lower back's curve was read from: markers on the spine, or the outline of the back in the video"))
        if let f = result.fatigue {
            facts.append(Fact("Trend per rep", (f.slopeDegPerRep >= 0 ? "+" : "") + Fixed.text(f.slopeDegPerRep, 1) + "°",
                              "how much the lower back's value changed per rep across the set (a straight-line fit); + = more rounded each rep, +1° or more counts as growing",
                              caption: "+ = rounder each rep"))
        }
        out += "<dl class=\"facts\">" + facts.map(\.html).joined() + "</dl>\n"
        out += "</header>\n"
        return out
    }

    static func repsSection(_ report: ReportInput, links: VideoLinks) -> String {
        let result = report.document.result
        var out = "<section id=\"reps\">\n<h2>Rep by rep</h2>\n"
        guard !result.reps.isEmpty else {
            return out + "<p class=\"hint\">No reps were found.</p>\n</section>\n"
        }
        let reps = result.reps
        let columns = repColumns(result, links: links)
        if links.file != nil { out += "<p class=\"hint\">Click a rep to play it in the video above.</p>\n" }
        out += "<div class=\"table-wrap\"><table class=\"reps cards\">\n<thead><tr>"
        out += columns.map { "<th scope=\"col\">\(HTMLText.escape($0.title))\($0.note.map { Numbers.mark($0) } ?? "")</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for rep in reps {
            // The whole row seeks with script (data-t); the rep number is the link without it.
            let seek = links.file == nil ? "" : " data-t=\"\(links.seekTime(rep.startS))\" data-play=\"1\""
            out += "<tr class=\"\(repStatus(rep).rawValue)\" id=\"rep-\(rep.index)\"\(seek)>"
            out += columns.map { "<td data-label=\"\(HTMLText.escape($0.title))\">\($0.cell(rep))</td>" }.joined() + "</tr>\n"
        }
        out += "</tbody></table></div>\n"
        let cantTell = reps.filter { $0.postureLost == nil }
        if !cantTell.isEmpty {
            // Why each rep can't be told, and what to change: in words, under the table (a
            // column of sentences would push the table wider than a phone).
            out += "<ul class=\"why\">" + cantTell.map { rep in
                "<li><strong>Rep \(rep.index), can't tell</strong>: \(HTMLText.escape(rep.cantTellReason?.explanation ?? "")).</li>"
            }.joined() + "</ul>\n"
        }
        let measure: String
        if result.reference.kind == .none {
            measure = "The lumbar curve could not be measured in this recording, so no rep could be judged."
        } else if usesSpinePoints(result) {
            measure = "Lumbar flexion is how far the lower back rounded from the lifter's own standing curve."
        } else {
            measure = "The lower-back angle is measured on the back's outline, from hip level to mid-back, against the line from hip to shoulder: below 0° the lower back curves in (its normal arch), above 0° it bows out; the value is the median over the frames at the bottom of the rep (for a rep whose angle changed a lot there, the largest value held for 0.2 s)."
        }
        out += "<p class=\"hint\">\(HTMLText.escape(measure)) A rep is lost when its value minus its uncertainty (±) reaches the limit, held when its value plus the uncertainty stays under it, and “can't tell” otherwise or when the rep could not be measured (the list under the table says why). Trunk lean is measured from vertical.</p>\n"
        out += Numbers.notes(columns.compactMap(\.note), title: "The numbers in the table")
        return out + "</section>\n"
    }

    /// A column of the rep table: its heading, its footnote (what the number means) and its cell.
    struct RepColumn {
        var title: String
        var note: Numbers.Note?
        var cell: (Rep) -> String
    }

    static func repColumns(_ result: AnalysisResult, links: VideoLinks) -> [RepColumn] {
        let spine = result.reps.contains { $0.lumbarMethod == .spinePoints }
        var columns: [RepColumn] = [
            RepColumn(title: "Rep", note: nil) { rep in
                links.link("<strong>\(rep.index)</strong>\(links.file == nil ? "" : " ▶")", at: rep.startS, play: true, title: "play rep \(rep.index) in the video")
                    + (rep.partial ? " <span class=\"hint\">(partial)</span>" : "")
            },
            RepColumn(title: "Result", note: nil) { pill($0) },
            RepColumn(title: "Time", note: Numbers.time) { HTMLText.escape(Fixed.text($0.startS, 1) + "–" + Fixed.text($0.endS, 1) + " s") },
            RepColumn(title: "Deepest trunk lean", note: Numbers.trunkLean) { HTMLText.escape(HTMLText.deg($0.peakTrunkInclinationDeg)) },
        ]
        // The value that decided each verdict (+ = more rounded) with its uncertainty and limit:
        // the number a person reads is the one the verdict rests on.
        columns.append(RepColumn(title: spine ? "Lumbar flexion from neutral (limit)" : "Lower-back angle at the bottom (limit)",
                                 note: spine ? Numbers.flexion : Numbers.lowerBack) { rep in
            guard rep.decidingValueDeg != nil else { return "–" }
            var text = rep.decidingText + (rep.thresholdDeg.map { " (" + HTMLText.deg($0, signed: !spine, digits: 1) + ")" } ?? "")
            // With a profile's maximal flexion: the same value as a share of the lifter's range.
            if spine, let v = rep.decidingValueDeg, let maxFlex = result.reference.maxFlexionDeg, maxFlex > 0 {
                text += " · \(Int(clampingRounded: 100 * v / maxFlex))% of max"
            }
            return HTMLText.escape(text)
        })
        columns.append(RepColumn(title: "Time with curve lost", note: Numbers.timeLost) { rep in
            rep.postureLostS > 0
                ? HTMLText.escape(HTMLText.seconds(rep.postureLostS) + (rep.postureLostShare.map { " (\(HTMLText.percent($0)))" } ?? ""))
                : "–"
        })
        columns.append(RepColumn(title: "Worst moment", note: Numbers.worstMoment) { rep in
            links.link(HTMLText.escape(HTMLText.seconds(rep.worstMomentS)), at: rep.worstMomentS, play: false, title: "show this moment in the video")
        })
        columns.append(RepColumn(title: "Confidence", note: Numbers.confidence) { HTMLText.escape(HTMLText.percent($0.confidence)) })
        return columns
    }

    static func picturesSection(_ report: ReportInput, links: VideoLinks) -> String {
        let result = report.document.result
        guard !result.reps.isEmpty else { return "" }
        var out = "<section id=\"pictures\">\n<h2>Worst moment of each rep</h2>\n"
        guard !report.thumbnails.isEmpty else {
            out += "<p class=\"hint\">Pictures appear when the report is made with the video, e.g. <code>hingecheck report run.jsonl --out report --video lift.mp4</code>.</p>\n"
            return out + "</section>\n"
        }
        let which = result.reps.contains { $0.worstMomentS != nil }
            ? "The frame where each rep's lower back was roundest under load (the deepest point when that is unknown)"
            : "The deepest point of each rep"
        out += "<p class=\"hint\">\(which), with the skeleton and the spine curve drawn\(links.file == nil ? "" : "; click a picture to see that moment in the video")."
        out += " The caption gives its time, the rep's deciding value ± its uncertainty (note 3 under the rep table) and its deepest trunk lean.</p>\n"
        out += "<div class=\"gallery\">\n"
        let byRep = Dictionary(report.thumbnails.map { ($0.repIndex, $0) }, uniquingKeysWith: { a, _ in a })
        for rep in result.reps {
            guard let shot = byRep[rep.index] else { continue }
            let st = repStatus(rep)
            var detail = ["at \(HTMLText.seconds(shot.time))"]
            if rep.decidingValueDeg != nil { detail.append((rep.lumbarMethod == .spinePoints ? "flexion " : "lower back ") + rep.decidingText) }
            if let t = rep.peakTrunkInclinationDeg { detail.append("lean \(HTMLText.deg(t))") }
            let verdict = st == .bad ? "curve lost" : (st == .good ? "curve held" : "can't tell")
            let alt = "Rep \(rep.index), \(verdict), frame \(shot.frameIndex) at \(Fixed.text(shot.time, 2)) seconds"
            out += "<figure class=\"shot \(st.rawValue)\">"
            let img = "<img src=\"data:image/jpeg;base64,\(shot.jpeg.base64EncodedString())\" width=\"\(shot.width)\" height=\"\(shot.height)\" alt=\"\(HTMLText.escape(alt))\">"
            out += links.link(img, at: shot.time, play: false, title: "show the worst moment of rep \(rep.index) in the video")
            out += "<figcaption><strong>Rep \(rep.index) \(pill(rep))</strong>\(HTMLText.escape(detail.joined(separator: " · ")))</figcaption></figure>\n"
        }
        out += "</div>\n"
        return out + "</section>\n"
    }

    static func chartsSection(_ report: ReportInput, measure: LumbarMeasure, links: VideoLinks) -> String {
        let result = report.document.result
        guard let first = result.samples.first?.time, let last = result.samples.last?.time else { return "" }
        let range = first...max(last, first + 0.001)
        let lost = result.events.filter { $0.code == PostureEvent.postureLost }.map { TimeSeriesChart.Band(start: $0.startS, end: $0.endS, label: nil) }
        let reps = result.reps.map { TimeSeriesChart.Band(start: $0.startS, end: $0.endS, label: "\($0.index)", href: links.href($0.startS)) }
        var out = "<section id=\"charts\">\n<h2>Over time</h2>\n"
        out += "<p class=\"hint\">Grey bands are reps (numbered\(links.file == nil ? "" : "; click a number to play the rep")); red shading marks when the curve was lost under load.</p>\n"

        let confident = result.samples.map { s in (t: s.time, v: s.confidence >= 0.5 ? measure.value(s) : nil) }
        let faint = result.samples.map { s in (t: s.time, v: measure.value(s)) }
        if faint.contains(where: { $0.v != nil }) {
            let chart = TimeSeriesChart(
                id: "chart-lumbar", title: measure.label, yLabel: measure.short + " (°)",
                series: [.init(points: faint, cssClass: "line-lumbar-faint"), .init(points: confident, cssClass: "line-lumbar")],
                threshold: measure.threshold.map { ($0, "limit \(HTMLText.deg($0, signed: true, digits: 1))") }, lost: lost, reps: reps, timeRange: range)
            out += "<p class=\"chart-title\">\(HTMLText.escape(measure.label))</p>\n\(chart.html())\n"
            out += "<div class=\"legend\"><span><i class=\"key lumbar\"></i>\(HTMLText.escape(measure.short))</span>"
            out += "<span><i class=\"key threshold\"></i>limit</span><span><i class=\"key lost\"></i>curve lost under load</span>"
            out += "<span><i class=\"key rep\"></i>rep</span>"
            let lowConfidence = zip(confident, faint).contains { $0.v == nil && $1.v != nil }
            out += lowConfidence ? "<span>dotted: low-confidence frames (not judged)</span></div>\n" : "</div>\n"
        } else {
            out += "<p class=\"hint\">No lumbar measurement was possible in this recording.</p>\n"
        }
        let trunk = result.samples.map { (t: $0.time, v: $0.trunkInclinationDeg) }
        if trunk.contains(where: { $0.v != nil }) {
            let chart = TimeSeriesChart(
                id: "chart-trunk", title: "Trunk lean from vertical (°)", yLabel: "trunk lean (°)",
                series: [.init(points: trunk, cssClass: "line-trunk")],
                threshold: (report.loadedInclinationDeg, "loaded from \(HTMLText.deg(report.loadedInclinationDeg))"),
                lost: lost, reps: reps, timeRange: range)
            out += "<p class=\"chart-title\">Trunk lean from vertical (°, 0 = upright)</p>\n\(chart.html())\n"
            out += "<div class=\"legend\"><span><i class=\"key trunk\"></i>trunk lean</span>"
            out += "<span><i class=\"key threshold\"></i>back counts as loaded above this lean</span><span><i class=\"key lost\"></i>curve lost under load</span></div>\n"
        }
        let events = result.events.filter { $0.code == PostureEvent.postureLost }
        if !events.isEmpty {
            out += "<p class=\"chart-title\">Flagged moments</p>\n<ul class=\"notes\">\n"
            for e in events {
                let when = "<strong>\(HTMLText.escape(Fixed.text(e.startS, 2) + "–" + Fixed.text(e.endS, 2) + " s"))</strong>"
                out += "<li>" + links.link(when + (links.file == nil ? "" : " ▶"), at: e.startS, play: true, title: "play this moment in the video")
                out += " · \(HTMLText.escape(e.message))"
                out += " <span class=\"hint\" title=\"\(HTMLText.escape(Numbers.severity.text))\">(severity \(HTMLText.escape(HTMLText.percent(e.severity))))</span>\(Numbers.mark(Numbers.severity))</li>\n"
            }
            out += "</ul>\n"
            out += Numbers.notes([Numbers.severity], title: "Severity")
        }
        return out + "</section>\n"
    }

    static func trendSection(_ result: AnalysisResult, links: VideoLinks) -> String {
        guard result.reps.count >= 2 else { return "" }
        let usesFlexion = result.reps.contains { $0.peakLumbarFlexionDeg != nil }
        let value: (Rep) -> Double? = { usesFlexion ? $0.peakLumbarFlexionDeg : $0.lumbarAngleDeg }
        guard result.reps.contains(where: { value($0) != nil }) else { return "" }
        var out = "<section id=\"trend\">\n<h2>Across the set</h2>\n"
        if let f = result.fatigue {
            out += "<p class=\"trend-verdict\">\(HTMLText.escape(f.verdict))</p>\n"
            out += "<p class=\"hint\">\(HTMLText.escape("Change per rep: \((f.slopeDegPerRep >= 0 ? "+" : "") + Fixed.text(f.slopeDegPerRep, 1))°; last rep minus first: \((f.changeDeg >= 0 ? "+" : "") + Fixed.text(f.changeDeg, 1))°, measured as \(f.measure.replacingOccurrences(of: " (deg)", with: "")). Change per rep is the slope of the straight line fitted through the full reps' values (the dashed line below); + = more rounded each rep, +1° a rep or more counts as growing. Rounding that creeps up rep after rep is a sign the back muscles are tiring."))</p>\n"
        } else {
            out += "<p class=\"hint\">Too few full reps for a trend.</p>\n"
        }
        let points = result.reps.filter { !$0.partial }.compactMap { r in value(r).map { (Double(r.index), $0) } }
        var trend: (slope: Double, intercept: Double)?
        if let f = result.fatigue, points.count >= 2 {
            let mx = points.map(\.0).reduce(0, +) / Double(points.count), my = points.map(\.1).reduce(0, +) / Double(points.count)
            trend = (f.slopeDegPerRep, my - f.slopeDegPerRep * mx)
        }
        let bars = result.reps.map { RepBarChart.Bar(rep: $0.index, value: value($0), cssClass: repStatus($0).rawValue, partial: $0.partial, href: links.href($0.startS)) }
        let label = usesFlexion ? "Peak lumbar flexion per rep (°)" : "Lower-back angle at the bottom of each rep (°)"
        let threshold = result.reference.thresholdDeg.map { ($0, "limit \(HTMLText.deg($0))") }
        out += RepBarChart(id: "chart-reps", title: label, yLabel: usesFlexion ? "flexion (°)" : "angle (°)", bars: bars,
                           threshold: threshold, trend: trend).html() + "\n"
        out += "<div class=\"legend\"><span><i class=\"key\" style=\"background:#b42318\"></i>curve lost</span>"
        out += "<span><i class=\"key\" style=\"background:#067647\"></i>held</span><span><i class=\"key\" style=\"background:#a0aec0\"></i>unknown</span>"
        out += "<span><i class=\"key threshold\"></i>limit</span>\(trend == nil ? "" : "<span><i class=\"key trend\"></i>trend</span>")"
        out += "\(result.reps.contains(where: \.partial) ? "<span>* partial rep (not in the trend)</span>" : "")</div>\n"
        return out + "</section>\n"
    }

    static func recordingSection(_ report: ReportInput) -> String {
        let result = report.document.result
        var out = "<section id=\"recording\">\n<h2>About the recording</h2>\n"
        if result.warnings.isEmpty {
            out += "<p>No problems with the recording were found.</p>\n"
        } else {
            out += "<ul class=\"notes warn\">\n"
            for w in result.warnings { out += "<li>\(HTMLText.escape(w.message))</li>\n" }
            out += "</ul>\n"
        }
        out += "<p class=\"chart-title\">How this was measured</p>\n<ul class=\"notes\">\n"
        out += "<li>\(HTMLText.escape(plainReference(result.reference)))</li>\n"
        out += "<li>\(HTMLText.escape("The back counts as loaded when the trunk leans \(HTMLText.deg(report.loadedInclinationDeg)) or more from vertical: the forward pull of gravity on the spine grows with the lean."))</li>\n"
        out += "<li>Angles are measured in 2D from a side view. They hold when the lift stays in the camera's plane: film from the side, camera level at hip height, the whole lifter in view.</li>\n"
        out += "</ul>\n"
        return out + "</section>\n"
    }

    static func plainReference(_ r: LumbarReference) -> String {
        let limit = r.thresholdDeg.map { HTMLText.deg($0) } ?? "the limit"
        switch r.kind {
        case .quietStanding, .uprightFrames, .profile:
            var text = "Spine points: the lumbar curve is compared with the lifter's own neutral"
            if let n = r.neutralLumbarDeg { text += " (\(HTMLText.deg(n)) of arch"
                text += r.kind == .profile ? ", from a saved profile)" : (r.kind == .quietStanding ? ", from standing still before the set)" : ", from the most upright frames)") }
            return text + ". The curve counts as lost when it rounds \(limit) or more from that neutral while the back is loaded."
        case .hingedPositionAbsolute:
            return "No markers: the lower-back angle is read from the outline of the back in the hinged position and counts as rounded at \(limit) or more."
        case .none:
            return "The lumbar curve could not be measured: no spine points and no usable outline of the back."
        }
    }

    static func footer(_ report: ReportInput) -> String {
        let doc = report.document
        var out = "<footer>\n<p>\(HTMLText.escape("Input: \(doc.input) · source: \(doc.source) · \(doc.frameCount) frames at \(Fixed.text(doc.fps, 2)) fps"))"
        if let video = report.videoName { out += HTMLText.escape(" · video: \(video)") }
        out += HTMLText.escape(" · hingecheck \(HingeCheckVersion.current)") + "</p>\n"
        let files = report.files.filter { $0 != "report.html" }
        if !files.isEmpty {
            out += "<p>Files in this folder: " + files.map { name in
                "<a href=\"\(HTMLText.escape(name))\(name.contains(".") ? "" : "/")\">\(HTMLText.escape(name))</a>"
            }.joined(separator: " · ") + " (schema of report.json: docs/report-schema.md)</p>\n"
        }
        return out + "</footer>\n"
    }
}
