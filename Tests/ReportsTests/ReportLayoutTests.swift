import Foundation
import PoseCore
@testable import Reports
import Testing
import TestSupport

/// The report in real headless Chromium at a phone's, a tablet's and a laptop's width: the page
/// never scrolls sideways and no visible text renders under 11 px (SVG text counted at its
/// rendered size). Screenshots go to `$HINGECHECK_SCREENSHOTS` when set, for a person to look at.
@Suite struct ReportLayoutTests {
    static let skip: Comment = "chromium is not installed (make deps installs it); layout not checked"
    static let widths = [390, 768, 1280]

    /// The 4-rep fixture with pictures, every export and an annotated video (a real H.264 clip
    /// made by ffmpeg when it is installed, so the player can load and seek).
    static func reportFolder() throws -> URL {
        let folder = ReportFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var input = try ReportFixtures.spineSet()
        input.thumbnails = input.document.result.reps.map {
            RepThumbnail(repIndex: $0.index, frameIndex: 10, time: $0.worstMomentS ?? 0, jpeg: ReportFixtures.tinyJPEG, width: 64, height: 48)
        }
        input.files = ReportExporters.all.flatMap(\.outputFiles) + ["annotated.mp4"]
        addExternalAnalysers(&input.document.result)
        let duration = (input.document.result.samples.last?.time ?? 10) + 1
        if let ffmpeg = which("ffmpeg") {
            try runProgram(ffmpeg, ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=\(Fixed.text(duration, 1))",
                                    "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast",
                                    folder.appendingPathComponent("annotated.mp4").path], timeout: 120)
        }
        try HTMLReport.render(input).write(to: folder.appendingPathComponent("report.html"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The section of external analysers (docs/plugins.md) at its widest: one with five fields
    /// and a flagged moment, one that failed with a long error naming its executable.
    static func addExternalAnalysers(_ result: inout AnalysisResult) {
        let names = ["depth_deg", "depth_pct", "descent_s", "ascent_s", "hip_range_deg"]
        let units = ["deg", "%", "s", "s", "deg"]
        let fields = zip(names, units).map { ExternalAnalyzerResult.Field(name: $0, unit: $1, summary: "What \($0) measures, in one sentence.") }
        var values: [Int: [String: ExternalAnalyzerResult.Value]] = [:]
        for rep in result.reps { values[rep.index] = Dictionary(uniqueKeysWithValues: names.map { ($0, .number(Double(rep.index) * 12.345)) }) }
        result.external = [
            ExternalAnalyzerResult(id: "hinge-depth", version: "1.0.0", executable: "/opt/hingecheck/plugins/hingecheck-analyzer-hinge-depth",
                                   status: .ok, fields: fields, repValues: values),
            ExternalAnalyzerResult(id: "bar-path", version: "unknown", executable: "/opt/hingecheck/plugins/hingecheck-analyzer-bar-path",
                                   status: .failed, error: "/opt/hingecheck/plugins/hingecheck-analyzer-bar-path: external analyser bar-path timed out: nothing for 10 s while HingeCheck waited for its results (event, rep_fields, done); it was stopped"),
        ]
        if let rep = result.reps.last {
            result.events.append(PostureEvent(code: "shallow_rep", startS: rep.startS, endS: rep.endS, repIndex: rep.index, severity: 0.2,
                                              message: "Rep \(rep.index) hinged to 74% of the set's deepest rep (43° of 58° trunk travel): keep the range of motion, or lighten the load.",
                                              plugin: "hinge-depth"))
        }
    }

    @Test(.enabled(if: BrowserLayoutCheck.chromium != nil, skip), arguments: widths)
    func fitsTheScreenWithReadableText(width: Int) throws {
        let folder = try Self.reportFolder()
        let page = folder.appendingPathComponent("report.html")
        let layout = try BrowserLayoutCheck.measure(page: page, width: width)
        #expect(layout.viewport == Double(width), "the frame is the screen's width")
        #expect(layout.scrollWidth <= layout.viewport, "page scrolls sideways at \(width) px: \(layout.wide)")
        #expect(layout.texts > 100, "the page's text was measured")
        #expect(layout.minFont >= BrowserLayoutCheck.minReadablePx, "text under 11 px at \(width) px: \(layout.small)")
        #expect(layout.clipped.isEmpty, "content hidden past a box's edge at \(width) px: \(layout.clipped)")
        #expect(layout.overrun.isEmpty, "text running out of its box at \(width) px: \(layout.overrun)")
        #expect(layout.small.isEmpty)
        try Self.keepScreenshot(page, width: width, name: "report")
    }

    /// The old layout fails the check (SVG text scaled to 4 px, a table wider than the phone):
    /// the check sees what it is for.
    @Test(.enabled(if: BrowserLayoutCheck.chromium != nil, skip))
    func theCheckCatchesScaledSVGTextAndOverflow() throws {
        let folder = ReportFixtures.tempFolder("bad")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("bad.html")
        try """
        <!DOCTYPE html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="margin:0">
        <svg viewBox="0 0 960 250" style="width:100%"><text x="10" y="20" font-size="12">tiny</text></svg>
        <table><tr><td style="white-space:nowrap">\(String(repeating: "wide cell ", count: 80))</td></tr></table>
        <div class="table-wrap" style="overflow-x:auto"><p style="white-space:nowrap">\(String(repeating: "hidden column ", count: 80))</p></div>
        <dl style="display:grid;grid-template-columns:repeat(3,60px)"><div><dd style="margin:0;font-size:1.2rem">silhouette</dd></div></dl></body></html>
        """.write(to: page, atomically: true, encoding: .utf8)
        let layout = try BrowserLayoutCheck.measure(page: page, width: 390)
        #expect(layout.scrollWidth > 390)
        #expect(layout.minFont < 6 && layout.small.contains { $0.text == "tiny" }, "\(layout.small)")
        #expect(layout.clipped.contains { $0.hasPrefix("div.table-wrap") }, "\(layout.clipped)")
        #expect(layout.overrun.contains { $0.hasPrefix("dd \"silhouette\"") }, "a word wider than its tile: \(layout.overrun)")
    }

    /// A click on a rep row and on a picture moves the embedded player to that moment.
    @Test(.enabled(if: BrowserLayoutCheck.chromium != nil && which("ffmpeg") != nil, "chromium or ffmpeg is missing; seeking not checked"))
    func clickingARepOrAPictureSeeksTheVideo() throws {
        let folder = try Self.reportFolder()
        let probe = """
        window.__probe = function () {
          var v = document.getElementById('video');
          return new Promise(function (resolve) {
            var done = false;
            function go() {
              if (done) return; done = true;
              var out = {ready: v.readyState, duration: v.duration};
              var row = document.getElementById('rep-2'); row.click();
              out.row = v.currentTime; out.rowT = parseFloat(row.getAttribute('data-t'));
              var pic = document.querySelectorAll('.gallery a.seek')[2]; pic.click();
              out.picture = v.currentTime; out.pictureT = parseFloat(pic.getAttribute('data-t'));
              out.hash = location.hash;
              resolve(out);
            }
            if (v.readyState >= 1) go(); else { v.addEventListener('loadedmetadata', go); setTimeout(go, 3000); }
          });
        };
        """
        let layout = try BrowserLayoutCheck.measure(page: folder.appendingPathComponent("report.html"), width: 1280, probe: probe)
        struct Seek: Decodable { var ready: Int; var duration: Double?; var row: Double; var rowT: Double; var picture: Double; var pictureT: Double; var hash: String }
        let seek = try JSONDecoder().decode(Seek.self, from: Data(try #require(layout.extra).utf8))
        let result = try ReportFixtures.spineSet().document.result
        #expect(seek.ready >= 1, "the video's metadata loaded")
        #expect(abs(seek.rowT - (result.reps[1].startS + 0.5 / 30)) < 0.001)
        #expect(abs(seek.row - seek.rowT) < 0.05, "row click: player at \(seek.row), wanted \(seek.rowT)")
        #expect(abs(seek.picture - seek.pictureT) < 0.05, "picture click: player at \(seek.picture), wanted \(seek.pictureT)")
        #expect(seek.hash.isEmpty, "the script handled the click; the page did not navigate")
    }

    /// Saves a screenshot of the top of the page when `HINGECHECK_SCREENSHOTS` names a folder.
    static func keepScreenshot(_ page: URL, width: Int, name: String) throws {
        guard let dir = ProcessInfo.processInfo.environment["HINGECHECK_SCREENSHOTS"], !dir.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let png = URL(fileURLWithPath: dir).appendingPathComponent("\(name)-\(width).png")
        let size = try BrowserLayoutCheck.screenshot(page: page, width: width, height: 9000, to: png)
        #expect(size.width == width)
    }
}
