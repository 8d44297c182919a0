import Foundation
import PoseCore

/// A printable A4 sheet of ArUco markers at true size: each marker with its site label, a
/// quiet zone, a cut line and a fold tab, under a placement guide and a 100 mm scale bar to
/// check the print. Pages are rendered at `dpi` (image pixels, origin top-left).
public struct MarkerSheet: Sendable {
    /// What to print.
    public struct Options: Sendable, Hashable {
        public var dictionary: MarkerDictionary
        public var map: MarkerMap
        /// Side of the black square, millimetres.
        public var markerSizeMM: Double
        /// Render resolution, dots per inch.
        public var dpi: Double

        public init(dictionary: MarkerDictionary = .dict4x4_50, map: MarkerMap = .standard, markerSizeMM: Double = 40,
                    dpi: Double = 300) {
            self.dictionary = dictionary
            self.map = map
            self.markerSizeMM = markerSizeMM
            self.dpi = dpi
        }
    }

    /// ISO 216 A4 in millimetres.
    public static let pageWidthMM = 210.0
    public static let pageHeightMM = 297.0

    public let options: Options
    /// One image per page, `pageWidthMM` × `pageHeightMM` at `options.dpi`.
    public let pages: [BGRImage]
    /// Side of each printed marker in pixels (black square including its border cells).
    public let markerSidePx: Int
    /// Top-left pixel of each marker's black square on its page: (page, x, y) by marker id.
    public let markerOrigins: [Int: (page: Int, x: Int, y: Int)]

    /// Renders the sheet.
    /// - Throws: `.invalidArgument` when the size or resolution is out of range or a marker does
    ///   not fit on A4 with its margins.
    public init(options: Options) throws {
        guard options.dpi >= 72, options.dpi <= 1200 else {
            throw HingeCheckError(.invalidArgument, "dpi must be 72...1200, got \(options.dpi)")
        }
        let s = options.markerSizeMM
        let layout = Layout(markerMM: s, guideLines: options.map.ids.count)
        guard s >= 10, layout.fits else {
            throw HingeCheckError(.invalidArgument, String(format: "a %.0f mm marker does not fit the A4 sheet with its margins", s),
                                  hint: "give --size between 10 and \(Int(clampingRounded: layout.maxMarkerMM, .towardZero)) mm")
        }
        let dpi = options.dpi
        let px = { (mm: Double) in mm / 25.4 * dpi }
        let side = Int(clampingRounded: px(s))
        guard side >= options.dictionary.bitsPerSide + 2 else {
            throw HingeCheckError(.invalidArgument, "the marker would be \(side) px: raise --dpi or --size")
        }
        let pageW = Int(clampingRounded: px(Self.pageWidthMM)), pageH = Int(clampingRounded: px(Self.pageHeightMM))
        let columns = layout.columns, rows = layout.rows
        let ids = options.map.ids
        var pages: [BGRImage] = []
        var origins: [Int: (page: Int, x: Int, y: Int)] = [:]
        let perPage = columns * rows
        let pageCount = max(1, (ids.count + perPage - 1) / perPage)
        for pageIndex in 0..<pageCount {
            var page = BGRImage(width: pageW, height: pageH, fill: .white)
            Self.drawHeader(on: &page, options: options, page: pageIndex, of: pageCount, px: px)
            for slot in 0..<perPage {
                let k = pageIndex * perPage + slot
                guard k < ids.count else { break }
                let id = ids[k], site = options.map.sites[id]!
                let bx = Layout.margin + Double(slot % columns) * (layout.blockW + Layout.gap)
                let by = Layout.margin + layout.headerH + Double(slot / columns) * (layout.blockH + Layout.gap)
                let mx = Int(clampingRounded: px(bx + layout.quiet)), my = Int(clampingRounded: px(by + layout.labelH + layout.quiet))
                let bitmap = try MarkerBitmap.render(id: id, dictionary: options.dictionary, sidePx: side)
                page.paste(bitmap, x: mx, y: my)
                origins[id] = (pageIndex, mx, my)
                Self.drawBlock(on: &page, site: site, id: id, x: bx, y: by, layout: layout, px: px)
            }
            pages.append(page)
        }
        self.options = options
        self.pages = pages
        markerSidePx = side
        markerOrigins = origins
    }

    /// Block geometry in millimetres for one marker size.
    struct Layout {
        static let margin = 12.0, gap = 4.0
        /// Text: cap heights and line advances.
        static let titleCap = 4.0, titleAdvance = 6.5, textCap = 2.0, textAdvance = 3.3, barAdvance = 6.5
        static let introLines = 4  // the print check line and three lines on mounting
        let marker: Double, quiet: Double, labelH: Double, tabH: Double, guideLines: Int
        init(markerMM: Double, guideLines: Int) {
            marker = markerMM
            quiet = max(markerMM / 6, 3)       // one marker cell of white around the black square
            labelH = max(6, markerMM * 0.15)
            tabH = 8
            self.guideLines = guideLines
        }
        var blockW: Double { marker + 2 * quiet }
        var blockH: Double { labelH + 2 * quiet + marker + tabH }
        /// Title, print check, scale bar and placement guide (one line per site).
        var headerH: Double {
            5 + Self.titleAdvance + Self.barAdvance + Double(Self.introLines + guideLines) * Self.textAdvance + 3
        }
        var columns: Int { max(1, Int(clampingRounded: (MarkerSheet.pageWidthMM - 2 * Self.margin + Self.gap) / (blockW + Self.gap), .towardZero)) }
        var rows: Int { max(1, Int(clampingRounded: (MarkerSheet.pageHeightMM - 2 * Self.margin - headerH + Self.gap) / (blockH + Self.gap), .towardZero)) }
        /// Whether one block fits on a page under the header.
        var fits: Bool {
            blockW <= MarkerSheet.pageWidthMM - 2 * Self.margin && blockH <= MarkerSheet.pageHeightMM - 2 * Self.margin - headerH
        }
        /// The largest whole-millimetre marker that still fits.
        var maxMarkerMM: Double {
            Double((10...300).last { Layout(markerMM: Double($0), guideLines: guideLines).fits } ?? 10)
        }
    }

    private static let ink = Color(r: 0, g: 0, b: 0)
    private static let grey = Color(r: 150, g: 150, b: 150)

    private static func drawHeader(on page: inout BGRImage, options: Options, page index: Int, of count: Int,
                                   px: (Double) -> Double) {
        let m = Layout.margin
        var y = m + 5
        func line(_ text: String, cap: Double, advance: Double, x: Double = m, thickness: Double = 1) {
            page.drawText(text, at: Point2(px(x), px(y)), height: px(cap), color: ink, thickness: max(1, px(cap) / 12 * thickness))
            y += advance
        }
        let pageNote = count > 1 ? "  (page \(index + 1) of \(count))" : ""
        let cap = Layout.textCap, advance = Layout.textAdvance
        line(String(format: "HingeCheck spine markers - ArUco %@, %g mm%@", options.dictionary.rawValue,
                    options.markerSizeMM, pageNote), cap: Layout.titleCap, advance: Layout.titleAdvance, thickness: 1.6)
        line(String(format: "Print at 100%% / \"actual size\" (never \"fit to page\"). Check: the bar is 100 mm, each black square %g mm.",
                    options.markerSizeMM), cap: cap, advance: advance)
        // 100 mm scale bar with 10 mm ticks.
        let barY = px(y + 1)
        page.fillRect(x: px(m), y: barY, width: px(100), height: max(1, px(0.6)), color: ink)
        for k in 0...10 {
            let tick = k % 5 == 0 ? 3.0 : 1.8
            page.fillRect(x: px(m + Double(k) * 10) - max(1, px(0.3)) / 2, y: barY - px(tick), width: max(1, px(0.3)),
                          height: px(tick) + max(1, px(0.6)), color: ink)
        }
        page.drawText("100 mm", at: Point2(px(m + 102), barY + px(0.5)), height: px(2), color: ink, thickness: max(1, px(2) / 12))
        y += Layout.barAdvance
        let guide = [
            "Cut along the grey line and glue onto stiff card. Spine markers stand on a fin: fold the tab back at the dashed",
            "line and tape it lengthwise on the spine, centred on the bony point, so the marker stands out facing the camera.",
            "Hip, knee and ankle markers lie flat on the side facing the camera. Film from the side, camera level.",
        ]
        for text in guide { line(text, cap: cap, advance: advance) }
        for id in options.map.ids {
            let site = options.map.sites[id]!
            line("\(site) (id \(id)): \(site.placementTip)", cap: cap, advance: advance)
        }
    }

    private static func drawBlock(on page: inout BGRImage, site: MarkedSite, id: Int, x: Double, y: Double,
                                  layout: Layout, px: (Double) -> Double) {
        let w = layout.blockW, h = layout.blockH
        let thin = max(1, px(0.2))
        // Cut outline.
        page.fillRect(x: px(x), y: px(y), width: px(w), height: thin, color: grey)
        page.fillRect(x: px(x), y: px(y + h) - thin, width: px(w), height: thin, color: grey)
        page.fillRect(x: px(x), y: px(y), width: thin, height: px(h), color: grey)
        page.fillRect(x: px(x + w) - thin, y: px(y), width: thin, height: px(h), color: grey)
        // Label above the quiet zone.
        let cap = min(layout.labelH * 0.55, 5)
        page.drawText(site.description, at: Point2(px(x + layout.quiet), px(y + layout.labelH - 1.5)), height: px(cap),
                      color: ink, thickness: max(1, px(cap) / 8))
        let idCap = min(cap * 0.55, 2.4)
        page.drawText("id \(id)", at: Point2(px(x + w - layout.quiet - idCap * 0.85 * 5), px(y + layout.labelH - 1.5)),
                      height: px(idCap), color: ink, thickness: max(1, px(idCap) / 12))
        // Fold line (spine fins) and tab.
        let foldY = y + layout.labelH + 2 * layout.quiet + layout.marker
        let tabCap = 1.8
        if case .spine = site {
            var dx = x
            while dx < x + w {
                page.fillRect(x: px(dx), y: px(foldY), width: px(min(2, x + w - dx)), height: thin, color: grey)
                dx += 3.5
            }
            page.drawText("fold back - tape along the spine", at: Point2(px(x + 1.5), px(foldY + 4.5)), height: px(tabCap),
                          color: grey, thickness: max(1, px(tabCap) / 12))
        } else {
            page.drawText("tape flat, facing the camera", at: Point2(px(x + 1.5), px(foldY + 4.5)), height: px(tabCap),
                          color: grey, thickness: max(1, px(tabCap) / 12))
        }
    }
}

extension MarkedSite {
    /// How to find the site by touch (one line, for the marker sheet).
    public var placementTip: String {
        switch self {
        case .spine(.c7): "the most prominent bump at the base of the neck (it stays put when the head nods forward)"
        case .spine(.t3): "level with the inner end of the spine of the shoulder blade"
        case .spine(.t8): "one process below the level of the lower tips of the shoulder blades (T7), arms hanging"
        case .spine(.t12): "follow the lowest (12th) rib back to the spine: the process at that rib line"
        case .spine(.l1): "one process below T12"
        case .spine(.l3): "about level with the navel; the line across the tops of the iliac crests crosses L4, L3 is one above"
        case .spine(.l5): "just above the sacrum, one process below L4 (the iliac-crest line)"
        case .spine(.s1): "between the dimples of Venus (they mark the PSIS, level with S2): just above the line joining them"
        case .body(.shoulder): "the bony tip of the shoulder (acromion), on the side facing the camera"
        case .body(.hip): "the greater trochanter: the bony point on the side of the hip that moves when the leg turns in and out"
        case .body(.knee): "the outer knee joint line, at the lateral femoral epicondyle"
        case .body(.ankle): "the outer ankle bone (lateral malleolus)"
        case .body(.heel): "the back of the heel, on the shoe"
        case .body(.toe): "the front of the shoe, over the little toe's base"
        }
    }
}

extension BGRImage {
    /// Copies `image` with its top-left pixel at (x, y), clipped to this image.
    mutating func paste(_ image: BGRImage, x: Int, y: Int) {
        let x0 = max(0, x), x1 = min(width, x + image.width)
        guard x1 > x0 else { return }
        for row in max(0, y)..<min(height, y + image.height) {
            let src = ((row - y) * image.width + (x0 - x)) * 3
            let dst = (row * width + x0) * 3
            pixels.replaceSubrange(dst..<dst + (x1 - x0) * 3, with: image.pixels[src..<src + (x1 - x0) * 3])
        }
    }
}
