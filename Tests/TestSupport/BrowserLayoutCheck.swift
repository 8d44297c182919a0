import Foundation

/// Lays a page out in real headless Chromium at a given window width and measures what a person
/// on that screen gets: whether the page scrolls sideways, and the smallest visible text as
/// rendered (computed font size times the SVG's scale for text inside an SVG). Also takes
/// screenshots. Used by the report and batch-index layout tests; they skip when
/// `chromium` is `nil`.
public enum BrowserLayoutCheck {
    /// The Chromium binary on PATH, if any.
    public static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(which).first

    /// What the measuring script found.
    public struct Layout: Decodable, Sendable {
        /// One piece of text under the size limit.
        public struct SmallText: Decodable, Sendable { public var text: String; public var px: Double }
        /// The layout viewport's width, CSS px.
        public var viewport: Double
        /// The document's scroll width: wider than `viewport` means the page scrolls sideways.
        public var scrollWidth: Double
        /// Visible text nodes measured.
        public var texts: Int
        /// The smallest rendered font size among them, px.
        public var minFont: Double
        /// Visible texts under the limit (at most 10).
        public var small: [SmallText]
        /// Elements reaching past the viewport's right edge (at most 8; those inside a box that
        /// scrolls on its own are fine), for the failure message.
        public var wide: [String]
        /// Boxes that scroll or clip sideways with content hidden past their edge (a table
        /// wider than its box hides its last columns until scrolled).
        public var clipped: [String]
        /// Blocks whose own text runs out past their right edge (a long word in a narrow tile
        /// spills over its neighbour; at most 8).
        public var overrun: [String]
        /// Whatever the page's own probe added (`window.__extra`), as JSON text.
        public var extra: String?
    }

    /// Text smaller than this is too small to read on a phone (the issue's floor).
    public static let minReadablePx = 11.0

    /// The script appended to the page: on load (after `settle` ms, and after the page's own
    /// `window.__probe` promise when it sets one) it measures and hands the result, base64 JSON,
    /// to the frame around it (or writes it into its own `body[data-layout]` when alone).
    public static func harness(settleMs: Int = 100) -> String {
        """
        <script>
        window.addEventListener('load', function () {
          setTimeout(function () {
            Promise.resolve(window.__probe ? window.__probe() : null).then(function (extra) {
              var vw = document.documentElement.clientWidth;
              var sw = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
              var small = [], minPx = 1e9, count = 0, walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
              while ((n = walker.nextNode())) {
                if (!n.nodeValue.trim()) continue;
                var el = n.parentElement;
                if (!el || el.closest('script,style,title,noscript')) continue;
                var range = document.createRange(); range.selectNodeContents(n);
                var box = range.getBoundingClientRect();
                if (box.width < 1 || box.height < 1) continue;
                var cs = getComputedStyle(el);
                if (cs.visibility !== 'visible' || parseFloat(cs.opacity) === 0) continue;
                var px = parseFloat(cs.fontSize);
                if (el.closest('svg') && el.getScreenCTM) {
                  var m = el.getScreenCTM(); if (m) px *= Math.sqrt(Math.abs(m.a * m.d - m.b * m.c));
                }
                count++; minPx = Math.min(minPx, px);
                if (px < \(minReadablePx) - 0.01 && small.length < 10) small.push({text: n.nodeValue.trim().slice(0, 40), px: Math.round(px * 10) / 10});
              }
              var wide = [];
              document.querySelectorAll('body *').forEach(function (e) {
                var b = e.getBoundingClientRect();
                if (b.right > vw + 0.5 && wide.length < 8) wide.push(e.tagName.toLowerCase() + '.' + String(e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className) + ' right=' + Math.round(b.right));
              });
              var clipped = [];
              document.querySelectorAll('body *').forEach(function (e) {
                var o = getComputedStyle(e).overflowX;
                if ((o === 'auto' || o === 'scroll' || o === 'hidden') && e.scrollWidth > e.clientWidth + 1 && e.clientWidth > 0 && clipped.length < 8)
                  clipped.push(e.tagName.toLowerCase() + '.' + String(e.className && e.className.baseVal !== undefined ? e.className.baseVal : e.className) + ' ' + e.scrollWidth + '>' + e.clientWidth);
              });
              var overrun = [];
              document.querySelectorAll('body *').forEach(function (e) {
                if (e.closest('svg') || overrun.length >= 8) return;
                var own = false;
                e.childNodes.forEach(function (n) { if (n.nodeType === 3 && n.nodeValue.trim()) own = true; });
                var cs = getComputedStyle(e);
                if (!own || cs.display === 'inline' || cs.visibility === 'hidden' || e.clientWidth === 0) return;
                if (e.scrollWidth > e.clientWidth + 1)
                  overrun.push(e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 30) + '" ' + e.scrollWidth + '>' + e.clientWidth);
              });
              var r = {viewport: vw, scrollWidth: sw, texts: count, minFont: minPx, small: small, wide: wide, clipped: clipped, overrun: overrun,
                       extra: extra == null ? null : JSON.stringify(extra)};
              var report = btoa(unescape(encodeURIComponent(JSON.stringify(r))));
              if (window.parent !== window) window.parent.postMessage(report, '*');
              else document.body.setAttribute('data-layout', report);
            });
          }, \(settleMs));
        });
        </script>
        """
    }

    /// Copies `page` next to itself with the harness (and `probe`, a script defining
    /// `window.__probe`) appended, opens it in a frame `width` px wide and `height` high, and
    /// returns the measurements.
    ///
    /// Why a frame: headless Chromium will not make its window narrower than 500 px, so a 390 px
    /// phone is a 390 px frame; the copy hides its scrollbar as a phone's overlay scrollbar does.
    /// - Throws: when Chromium fails or the page never reported.
    public static func measure(page: URL, width: Int, height: Int = 900, probe: String? = nil) throws -> Layout {
        guard let chromium else { throw CheckError("chromium is not installed") }
        let folder = page.deletingLastPathComponent()
        let copy = folder.appendingPathComponent(".layout-\(width)-\(page.lastPathComponent)")
        let frame = folder.appendingPathComponent(".frame-\(width)-\(page.lastPathComponent)")
        let html = try String(contentsOf: page, encoding: .utf8)
        let extra = "<style>html { scrollbar-width: none; }</style>\n" + (probe.map { "<script>\n\($0)\n</script>\n" } ?? "") + harness()
        guard let end = html.range(of: "</body>", options: .backwards) else { throw CheckError("no </body> in \(page.path)") }
        try html.replacingCharacters(in: end, with: extra + "</body>").write(to: copy, atomically: true, encoding: .utf8)
        let wrapper = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><style>body { margin: 0; } iframe { border: 0; display: block; }</style></head><body>
        <iframe src="\(copy.lastPathComponent)" width="\(width)" height="\(height)"></iframe>
        <script>window.addEventListener('message', function (e) { document.body.setAttribute('data-layout', e.data); });</script>
        </body></html>
        """
        try wrapper.write(to: frame, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: copy); try? FileManager.default.removeItem(at: frame) }
        let run = try runChromium(chromium, ["--dump-dom", "--virtual-time-budget=5000", "--window-size=\(max(width, 500) + 40),\(height + 40)", frame.absoluteString],
                                  profile: folder)
        guard let start = run.stdout.range(of: "data-layout=\""),
              let stop = run.stdout[start.upperBound...].firstIndex(of: "\""),
              let data = Data(base64Encoded: String(run.stdout[start.upperBound..<stop])) else {
            throw CheckError("the page did not report its layout at \(width) px; chromium said: \(run.stderr.suffix(600))")
        }
        return try JSONDecoder().decode(Layout.self, from: data)
    }

    /// A PNG of the page's first `height` px at `width`, as a person's screen shows it.
    /// - Returns: the PNG's pixel size, read from its header.
    @discardableResult
    public static func screenshot(page: URL, width: Int, height: Int, to png: URL) throws -> (width: Int, height: Int) {
        guard let chromium else { throw CheckError("chromium is not installed") }
        try? FileManager.default.removeItem(at: png)
        let run = try runChromium(chromium, ["--screenshot=\(png.path)", "--hide-scrollbars", "--virtual-time-budget=3000",
                                             "--window-size=\(width),\(height)", page.absoluteString],
                                  profile: page.deletingLastPathComponent())
        guard let data = try? Data(contentsOf: png), data.count > 24, data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
            throw CheckError("no screenshot at \(png.path); chromium said: \(run.stderr.suffix(600))")
        }
        func be32(_ at: Int) -> Int { data[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (be32(16), be32(20))
    }

    static func runChromium(_ chromium: String, _ arguments: [String], profile: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let common = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--mute-audio",
                      "--user-data-dir=\(profile.appendingPathComponent(".chrome-layout").path)"]
        return try ProgramRunner.run(chromium, common + arguments, timeout: 180)
    }

    /// An error with what went wrong.
    public struct CheckError: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    static func which(_ name: String) -> String? { ProgramRunner.which(name) }
}
