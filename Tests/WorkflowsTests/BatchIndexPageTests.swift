import Foundation
import PoseCore
import Testing
import TestSupport
@testable import Workflows

/// The batch index leads with the verdicts: headline, counts and rows take the colour of the
/// worst verdict. Entries are built as `record` leaves them (reps, flagged and can't-tell lists).
@Suite struct BatchIndexPageTests {
    static func entry(_ name: String, status: BatchEntry.Status = .done, verdict: BatchEntry.Verdict? = nil,
                      reps: Int = 0, lost: [Int] = [], cantTell: [Int] = [], error: String? = nil) -> BatchEntry {
        var e = BatchEntry(input: BatchInput(path: "/lifts/\(name)"), status: status, error: error)
        guard status == .done else { return e }
        e.reps = reps
        e.flaggedReps = lost
        e.cantTellReps = cantTell
        e.verdict = verdict
        e.frames = 300
        return e
    }

    /// The case: three lifters analysed, one lost the curve.
    static let threeLifters = BatchSummary(entries: [
        entry("anna_2026-11-20_set1.mp4", verdict: .held, reps: 5),
        entry("ben_2026-11-20_set1.mp4", verdict: .lost, reps: 5, lost: [4, 5], cantTell: [3]),
        entry("cleo_2026-11-20_set1.mp4", verdict: .held, reps: 4, cantTell: [1]),
    ])

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    func row(_ html: String, _ name: String) throws -> String {
        let at = try #require(html.range(of: ">\(name)</a>"))
        let start = try #require(html[..<at.lowerBound].range(of: "<tr", options: .backwards))
        let end = try #require(html[at.upperBound...].range(of: "</tr>"))
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func aLostCurveLeadsTheHeadlineInRed() throws {
        let html = BatchIndexPage.render(Self.threeLifters)
        #expect(html.contains("<header class=\"verdict bad\">"))
        #expect(html.contains("<h1>Lower back lost its curve in 1 of 3 recordings</h1>"))
        #expect(!html.contains("All 3 inputs analysed"))
        // Reps over every recording: 2 lost, 2 can't tell, 14 − 4 = 10 held.
        #expect(html.contains("Reps: 2 lost · 2 can&#39;t tell · 10 held, over 3 analysed recordings."))
        #expect(html.contains("<title>HingeCheck batch — Lower back lost its curve in 1 of 3 recordings</title>"))
        #expect(html.contains("<div class=\"bad\" title=\"recordings with at least one rep whose lower back rounded past the limit under load\"><dt>Lost the curve</dt><dd>1</dd></div>"))
        #expect(html.contains("<dt>Not analysed</dt><dd>0</dd>") && html.contains("<div class=\"zero\" title=\"inputs that could not"))
    }

    @Test func rowsLeadWithTheirVerdictAndTakeItsColour() throws {
        let html = BatchIndexPage.render(Self.threeLifters)
        let ben = try row(html, "ben_2026-11-20_set1.mp4")
        #expect(ben.hasPrefix("<tr class=\"bad\">"))
        // The verdict is the second cell, right after the file.
        let cells = ben.components(separatedBy: "<td").dropFirst()
        #expect(cells.count == BatchIndexPage.columns.count)
        #expect(cells[cells.startIndex + 1].contains("<span class=\"pill bad\">LOST</span>"))
        #expect(ben.contains("<span class=\"n bad\">2 lost</span> <span class=\"hint\">(4, 5)</span> · <span class=\"n unknown\">1 can't tell</span> <span class=\"hint\">(3)</span> · <span class=\"n good\">2 held</span>"))
        let anna = try row(html, "anna_2026-11-20_set1.mp4")
        #expect(anna.hasPrefix("<tr class=\"good\">") && anna.contains("<span class=\"n good\">5 held</span>"))
        #expect(!anna.contains("class=\"n bad\"") && !anna.contains("class=\"n unknown\""))
        // Every cell names its column for the phone's cards.
        #expect(count("data-label=\"", in: ben) == BatchIndexPage.columns.count)
    }

    @Test func theHeadlineFollowsTheWorstVerdict() throws {
        func headline(_ entries: [BatchEntry]) -> (String, String) {
            let html = BatchIndexPage.render(BatchSummary(entries: entries))
            let tone = html.components(separatedBy: "<header class=\"verdict ")[1].prefix { $0 != "\"" }
            let h1 = html.components(separatedBy: "<h1>")[1].components(separatedBy: "</h1>")[0]
            return (String(tone), h1)
        }
        let held = Self.entry("a.mp4", verdict: .held, reps: 3)
        let cantTell = Self.entry("b.mp4", verdict: .cantTell, reps: 3, cantTell: [1, 2, 3])
        let failed = Self.entry("c.mp4", status: .failed, error: "/lifts/c.mp4: cannot decode")
        let lost = Self.entry("d.mp4", verdict: .lost, reps: 3, lost: [3])
        #expect(headline([held, held]) == ("good", "Lower back held in all 2 recordings"))
        #expect(headline([held]) == ("good", "Lower back held in the one recording"))
        #expect(headline([held, cantTell]) == ("unknown", "Can&#39;t tell for 1 of 2 recordings; the other 1 held"))
        #expect(headline([held, cantTell, failed]) == ("bad", "1 of 3 inputs not analysed"))
        #expect(headline([held, cantTell, failed, lost]) == ("bad", "Lower back lost its curve in 1 of 3 recordings"))
        #expect(headline([]) == ("unknown", "No inputs"))
        // A failure is said even when a lost curve has the headline, and its row is red.
        let html = BatchIndexPage.render(BatchSummary(entries: [held, failed, lost]))
        #expect(html.contains("1 of 3 inputs not analysed: listed with their error below"))
        #expect(html.contains("<tr class=\"bad\"><td class=\"left\" data-label=\"File\" data-v=\"/lifts/c.mp4\"><span title=\"/lifts/c.mp4\">c.mp4</span></td><td class=\"left\" data-label=\"Verdict\" data-v=\"0\"><span class=\"pill bad\">Failed</span>"))
    }

    @Test(.enabled(if: BrowserLayoutCheck.chromium != nil, "chromium is not installed (make deps installs it); layout not checked"),
          arguments: [390, 768, 1280])
    func fitsTheScreenWithReadableText(width: Int) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hc-index-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var entries = Self.threeLifters.entries
        entries.append(Self.entry("dan_2026-11-21_set2_with_a_rather_long_file_name_from_a_phone.mp4", status: .failed,
                                  error: "/lifts/dan_2026-11-21_set2_with_a_rather_long_file_name_from_a_phone.mp4: the file ends before its first frame (truncated copy?); fix: copy it again"))
        let page = folder.appendingPathComponent("index.html")
        try BatchIndexPage.render(BatchSummary(entries: entries)).write(to: page, atomically: true, encoding: .utf8)
        let layout = try BrowserLayoutCheck.measure(page: page, width: width)
        #expect(layout.viewport == Double(width))
        #expect(layout.scrollWidth <= layout.viewport, "index scrolls sideways at \(width) px: \(layout.wide)")
        #expect(layout.minFont >= BrowserLayoutCheck.minReadablePx, "text under 11 px at \(width) px: \(layout.small)")
        #expect(layout.clipped.isEmpty, "content hidden past a box's edge at \(width) px: \(layout.clipped)")
        #expect(layout.overrun.isEmpty, "text running out of its box at \(width) px: \(layout.overrun)")
        if let dir = ProcessInfo.processInfo.environment["HINGECHECK_SCREENSHOTS"], !dir.isEmpty {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let size = try BrowserLayoutCheck.screenshot(page: page, width: width, height: 2400,
                                                         to: URL(fileURLWithPath: dir).appendingPathComponent("index-\(width).png"))
            #expect(size.width == width)
        }
    }
}
