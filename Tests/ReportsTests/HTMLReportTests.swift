import Foundation
import PoseCore
@testable import Reports
import Testing
import TestSupport

@Suite struct HTMLReportTests {
    func report(thumbnails: Bool = true) throws -> ReportInput {
        var input = try ReportFixtures.spineSet()
        if thumbnails {
            input.thumbnails = input.document.result.reps.map {
                RepThumbnail(repIndex: $0.index, frameIndex: 10, time: $0.worstMomentS ?? 0, jpeg: ReportFixtures.tinyJPEG, width: 64, height: 48)
            }
        }
        input.files = ReportExporters.all.flatMap(\.outputFiles)
        return input
    }

    func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test func verdictRepsChartsAndPicturesArePresent() throws {
        let html = HTMLReport.render(try report())
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Verdict at the top, in plain words.
        let verdict = try #require(html.range(of: "<header class=\"verdict bad\""))
        #expect(html.range(of: "<table")!.lowerBound > verdict.lowerBound)
        #expect(html.contains("Lower back rounded under load on 2 of 4 reps"))
        #expect(html.contains("On reps 3 and 4 the lumbar curve was lost"))
        // Per-rep table: 4 rows, 2 LOST.
        let tbody = html[html.range(of: "<tbody>")!.upperBound..<html.range(of: "</tbody>")!.lowerBound]
        #expect(count("<tr", in: String(tbody)) == 4)
        #expect(count("pill bad\">LOST", in: String(tbody)) == 2)
        #expect(count("pill good\">Held", in: String(tbody)) == 2)
        // Charts with thresholds and the lost intervals shaded.
        for id in ["chart-lumbar", "chart-trunk", "chart-reps"] { #expect(html.contains("<svg id=\"\(id)\""), "\(id)") }
        let events = try report().document.result.events.count
        #expect(events == 2)
        #expect(count("<rect class=\"lost\"", in: html) == 2 * events)
        #expect(count("<line class=\"threshold\"", in: html) == 3)
        #expect(html.contains("limit 15°") && html.contains("loaded from 30°"))
        // One picture per rep, inline.
        #expect(count("src=\"data:image/jpeg;base64,", in: html) == 4)
        // Fatigue trend and the warnings section.
        #expect(html.contains("id=\"trend\"") && html.contains("Rounding increases across the set"))
        #expect(html.contains("About the recording"))
    }

    @Test func selfContainedAndDeterministic() throws {
        let input = try report()
        let html = HTMLReport.render(input)
        #expect(html == HTMLReport.render(input))
        for forbidden in ["<script", "<link", "@import", "url(", "src=\"http", "href=\"http", "src=\"//", "<iframe"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        // Every src is a data URI.
        let srcs = html.components(separatedBy: "src=\"").dropFirst()
        #expect(srcs.allSatisfy { $0.hasPrefix("data:image/jpeg;base64,") })
    }

    @Test func everyStringIsEscaped() throws {
        let evil = "<script>alert(\"x\")</script>&'<b>"
        var input = try report()
        input.document.input = "/tmp/\(evil).jsonl"
        input.videoName = evil
        input.document.result.warnings.append(AnalysisWarning(code: "x", message: evil))
        input.document.result.events[0].message = evil
        input.document.result.fatigue?.verdict = evil
        input.document.result.reference.detail = evil
        input.files.append(evil)
        let html = HTMLReport.render(input)
        #expect(!html.contains(evil))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&lt;b&gt;"))
    }

    @Test func noRepsNoSamplesAndMarkerless() throws {
        // Empty: renders, says so.
        let empty = try ReportFixtures.analysed([], source: "jsonl")
        let a = HTMLReport.render(empty)
        #expect(a.contains("No hinge reps found"))
        #expect(a.contains("</html>"))
        // Standing only: no reps, a chart.
        let lift = SyntheticLift()
        let standing = try ReportFixtures.analysed(lift.frames(lift.set(standingS: 3, reps: [])), source: "markers")
        let b = HTMLReport.render(standing)
        #expect(b.contains("No hinge reps found") && b.contains("chart-trunk"))
        // Markerless reference: silhouette wording, no thumbnails hint.
        var markerless = try report(thumbnails: false)
        markerless.document.result.reference = LumbarReference(kind: .hingedPositionAbsolute, thresholdDeg: 0, detail: "markerless")
        let c = HTMLReport.render(markerless)
        #expect(c.contains("Back silhouette"))
        #expect(c.contains("Pictures appear when the report is made with the video"))
    }

    // MARK: - Advice, video links, the numbers explained

    @Test func adviceComesRightAfterTheVerdictAndNamesTheRepToStopAt() throws {
        let html = HTMLReport.render(try report())
        let verdict = try #require(html.range(of: "id=\"verdict\""))
        let advice = try #require(html.range(of: "<section id=\"advice\">"))
        let table = try #require(html.range(of: "<table"))
        #expect(verdict.lowerBound < advice.lowerBound && advice.lowerBound < table.lowerBound)
        // reps 1–2 held, 3–4 lost with growing rounding: stop at rep 3, rack after rep 2.
        #expect(html.contains("<strong>Stop the set at rep 3</strong>"))
        #expect(html.contains("rack the bar after rep 2"))
        #expect(html.contains("Source: docs/method.md, Coaching advice"))
        #expect(html.contains("Cue: brace, set the lats, hips back"))
        #expect(!html.contains("Lower the load"))
    }

    func withVideo() throws -> ReportInput {
        var input = try report()
        input.files.append("annotated.mp4")
        return input
    }

    @Test func theVideoIsEmbeddedAndEveryRepPictureAndMomentSeeksIt() throws {
        let input = try withVideo()
        let html = HTMLReport.render(input)
        let result = input.document.result
        #expect(count("<video id=\"video\"", in: html) == 1)
        #expect(html.contains("src=\"annotated.mp4\""))
        // Half a frame in (30 fps): the player shows that frame, not the one before.
        func t(_ s: Double) -> String { String(format: "%.3f", s + 0.5 / 30) }
        for rep in result.reps {
            // The row seeks with script; its rep number is a plain link to the same time without.
            #expect(html.contains("<tr class=\"\(HTMLReport.repStatus(rep).rawValue)\" id=\"rep-\(rep.index)\" data-t=\"\(t(rep.startS))\" data-play=\"1\">"), "rep \(rep.index)")
            #expect(html.contains("href=\"annotated.mp4#t=\(t(rep.startS))\""), "rep \(rep.index)")
        }
        for shot in input.thumbnails {
            #expect(html.contains("href=\"annotated.mp4#t=\(t(shot.time))\" data-t=\"\(t(shot.time))\" title=\"show the worst moment of rep \(shot.repIndex) in"), "picture \(shot.repIndex)")
        }
        let events = result.events.filter { $0.code == "posture_lost" }
        #expect(events.count == 2)
        for e in events { #expect(html.contains("href=\"annotated.mp4#t=\(t(e.startS))\" data-t=\"\(t(e.startS))\" data-play=\"1\""), "event \(e.startS)") }
        // One inline script, nothing fetched from elsewhere.
        #expect(count("<script>", in: html) == 1 && !html.contains("<script src"))
        for forbidden in ["<link", "@import", "url(", "src=\"http", "href=\"http", "src=\"//", "<iframe"] {
            #expect(!html.contains(forbidden), "found \(forbidden)")
        }
        // Without the video: no player, no script, no seek attributes, the same numbers.
        let plain = HTMLReport.render(try report())
        #expect(!plain.contains("<video") && !plain.contains("<script") && !plain.contains("data-t=") && !plain.contains("annotated.mp4#t"))
    }

    @Test func everyNumberIsExplainedWhereItIsMet() throws {
        let html = HTMLReport.render(try withVideo())
        // Table headings carry a mark linking to their note, which is on the page.
        typealias N = HTMLReport.Numbers
        for note in [N.time, N.trunkLean, N.flexion, N.timeLost, N.worstMoment, N.confidence] {
            #expect(html.contains("<a class=\"fn\" href=\"#\(note.id)\""), "\(note.id)")
            #expect(html.contains("<li id=\"\(note.id)\" value=\"\(note.number)\">\(HTMLText.escape(note.text))</li>"), "\(note.id)")
        }
        #expect(HTMLReport.Numbers.confidence.text.contains("Frames under 50% are not judged"))
        // Severity beside each flagged moment, explained in a title and a note.
        #expect(count("title=\"\(HTMLText.escape(HTMLReport.Numbers.severity.text))\">(severity ", in: html) == 2)
        #expect(html.contains("<li id=\"n-severity\""))
        // The verdict card's figures say what they are.
        #expect(html.contains("title=\"summed over all reps: how long the lower back stayed rounded past the limit while loaded\"><dt>Time with curve lost</dt>"))
        #expect(html.contains("<dd class=\"caption\">+ = rounder each rep</dd>"))
        // Every table cell names its column, for the phone layout's cards.
        let tbody = html[html.range(of: "<tbody>")!.upperBound..<html.range(of: "</tbody>")!.lowerBound]
        #expect(count("<td data-label=\"", in: String(tbody)) == count("<td", in: String(tbody)))
    }

    // MARK: - Headless Chromium

    static let chromium = which("chromium") ?? which("chromium-browser") ?? which("google-chrome")
    static let skip: Comment = "chromium is not installed (make deps installs it)"

    /// Renders the page with a harness script appended that records, on load, how many images
    /// decoded, the size of every SVG, and any resource fetched from outside the page.
    @Test(.enabled(if: chromium != nil, skip)) func rendersInHeadlessChromium() throws {
        let folder = ReportFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let html = HTMLReport.render(try report())
        let page = folder.appendingPathComponent("report.html")
        try html.write(to: page, atomically: true, encoding: .utf8)
        let result = try BrowserCheck.run(page: page, chromium: Self.chromium!)
        #expect(result.consoleLines.isEmpty, "console: \(result.consoleLines)")
        #expect(result.images == 4 && result.decodedImages == 4, "\(result.dom.prefix(300))")
        #expect(result.svgs == 3 && result.svgsWithSize == 3)
        #expect(result.externalResources == 0)
        let png = try #require(result.screenshot)
        #expect(png.width == 1200 && png.height == 2000)
        #expect(png.distinctColours > 50, "screenshot looks blank")
        #expect(png.nonBackgroundShare > 0.2)
        // The verdict's red is on screen.
        #expect(png.hasColour(r: 0xb4, g: 0x23, b: 0x18, tolerance: 12))
    }

    @Test(.enabled(if: chromium != nil, skip)) func consoleErrorsAreCaught() throws {
        // The check itself must see a console error when there is one.
        let folder = ReportFixtures.tempFolder()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let page = folder.appendingPathComponent("bad.html")
        try "<!DOCTYPE html><html><body><p>x</p><script>console.error('broken page')</script></body></html>"
            .write(to: page, atomically: true, encoding: .utf8)
        let result = try BrowserCheck.run(page: page, chromium: Self.chromium!)
        #expect(result.consoleLines.contains { $0.contains("broken page") })
    }
}

/// Headless Chromium: a screenshot (decoded with a small pure-Python PNG reader) and a DOM dump
/// of the page with a harness script that reports what the page loaded.
enum BrowserCheck {
    struct Result {
        var consoleLines: [String]
        var images = 0, decodedImages = 0, svgs = 0, svgsWithSize = 0, externalResources = 0
        var dom: String
        var screenshot: PNGStats?
    }

    struct PNGStats {
        var width: Int, height: Int, distinctColours: Int, nonBackgroundShare: Double
        var colours: [String]
        func hasColour(r: Int, g: Int, b: Int, tolerance: Int) -> Bool {
            colours.contains { hex in
                guard hex.count == 6, let v = Int(hex, radix: 16) else { return false }
                return abs((v >> 16) - r) <= tolerance && abs((v >> 8 & 255) - g) <= tolerance && abs((v & 255) - b) <= tolerance
            }
        }
    }

    static let harness = """
    <script>
    window.addEventListener('load', () => {
      const imgs = [...document.images];
      const svgs = [...document.querySelectorAll('svg')];
      const ext = performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'));
      const r = { images: imgs.length, decoded: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
        svgs: svgs.length, sized: svgs.filter(s => { const b = s.getBoundingClientRect(); return b.width > 300 && b.height > 50; }).length,
        external: ext.length };
      document.body.setAttribute('data-check', JSON.stringify(r));
    });
    </script>
    """

    static func run(page: URL, chromium: String) throws -> Result {
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                      "--user-data-dir=\(page.deletingLastPathComponent().appendingPathComponent(".chrome").path)"]
        let shot = page.deletingLastPathComponent().appendingPathComponent("screenshot.png")
        let a = try runProgram(chromium, common + ["--screenshot=\(shot.path)", "--window-size=1200,2000", page.absoluteString])
        let console = a.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        // A copy with the harness, for the DOM dump.
        let probe = page.deletingLastPathComponent().appendingPathComponent(".probe.html")
        let html = try String(contentsOf: page, encoding: .utf8).replacingOccurrences(of: "</body>", with: BrowserCheck.harness + "</body>")
        try html.write(to: probe, atomically: true, encoding: .utf8)
        let b = try runProgram(chromium, common + ["--dump-dom", "--virtual-time-budget=5000", "--window-size=1200,2000", probe.absoluteString])
        var result = Result(consoleLines: console, dom: b.stdout)
        if let range = b.stdout.range(of: "data-check=\""),
           let end = b.stdout[range.upperBound...].firstIndex(of: "\"") {
            let json = String(b.stdout[range.upperBound..<end]).replacingOccurrences(of: "&quot;", with: "\"")
            if let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Int] {
                result.images = object["images"] ?? -1
                result.decodedImages = object["decoded"] ?? -1
                result.svgs = object["svgs"] ?? -1
                result.svgsWithSize = object["sized"] ?? -1
                result.externalResources = object["external"] ?? -1
            }
        }
        result.screenshot = try pngStats(shot)
        return result
    }

    /// Decodes the PNG with Python's zlib (no imaging library needed) and summarises it.
    static func pngStats(_ url: URL) throws -> PNGStats? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let script = """
        import sys, zlib, struct, json, collections
        d = open(sys.argv[1], 'rb').read()
        assert d[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
        pos, idat, w, h, ct = 8, b'', 0, 0, 0
        while pos < len(d):
            n, = struct.unpack('>I', d[pos:pos+4]); t = d[pos+4:pos+8]; c = d[pos+8:pos+8+n]; pos += 12 + n
            if t == b'IHDR': w, h, bd, ct = struct.unpack('>IIBB', c[:10])
            elif t == b'IDAT': idat += c
        bpp = {2: 3, 6: 4}[ct]
        raw = zlib.decompress(idat); stride = w * bpp
        prev = bytearray(stride); rows = []; i = 0
        for y in range(h):
            f = raw[i]; line = bytearray(raw[i+1:i+1+stride]); i += 1 + stride
            for x in range(stride):
                a = line[x-bpp] if x >= bpp else 0; b = prev[x]; c2 = prev[x-bpp] if x >= bpp else 0
                if f == 1: line[x] = (line[x] + a) & 255
                elif f == 2: line[x] = (line[x] + b) & 255
                elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
                elif f == 4:
                    p = a + b - c2; pa, pb, pc = abs(p-a), abs(p-b), abs(p-c2)
                    line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c2))) & 255
            rows.append(bytes(line)); prev = line
        counts = collections.Counter()
        for y in range(0, h, 2):
            r = rows[y]
            for x in range(0, w, 2):
                o = x * bpp; counts[(r[o], r[o+1], r[o+2])] += 1
        total = sum(counts.values()); bg = counts.most_common(1)[0][1]
        print(json.dumps({'w': w, 'h': h, 'distinct': len(counts), 'nonbg': 1 - bg / total,
                          'colours': ['%02x%02x%02x' % k for k, v in counts.items() if v >= 20]}))
        """
        let py = url.deletingLastPathComponent().appendingPathComponent(".png_stats.py")
        try script.write(to: py, atomically: true, encoding: .utf8)
        let r = try runProgram(which("python3") ?? "/usr/bin/python3", [py.path, url.path], timeout: 300)
        guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else { return nil }
        return PNGStats(width: object["w"] as? Int ?? 0, height: object["h"] as? Int ?? 0,
                        distinctColours: object["distinct"] as? Int ?? 0, nonBackgroundShare: object["nonbg"] as? Double ?? 0,
                        colours: object["colours"] as? [String] ?? [])
    }
}
