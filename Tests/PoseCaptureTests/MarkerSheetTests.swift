import Foundation
import Testing
import PoseCore
@testable import PoseCapture

@Suite struct MarkerSheetTests {
    @Test func pngIsA4AtTrueMarkerSize() throws {
        let sheet = try MarkerSheet(options: .init(markerSizeMM: 40, dpi: 300))
        #expect(sheet.pages.count == 1)
        let dir = makeTempFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sheet.png").path
        try ImageFile.write(sheet.pages[0], to: path)
        let page = try ImageFile.read(path)
        #expect(page.width == 2480 && page.height == 3508)  // 210 × 297 mm at 300 dpi
        // Every marker is found with its id, and its black square is 40 mm = 472.4 px.
        let detector = try MarkerDetector(options: .init(upscale: .never))
        try detector.setWantedIDs(Array(0...7))  // as the source does (small text can decode as other ids)
        let found = try detector.detect(page)
        #expect(found.map(\.id) == Array(0...7))
        for m in found {
            #expect(abs(m.sidePx - 472) <= 1, "marker \(m.id) side \(m.sidePx) px")
            let origin = try #require(sheet.markerOrigins[m.id])
            #expect(abs(m.corners[0].x - (Double(origin.x) - 0.5)) < 0.5 && abs(m.corners[0].y - (Double(origin.y) - 0.5)) < 0.5)
        }
        #expect(sheet.markerSidePx == 472)
    }

    @Test func manyLargeMarkersSpillOntoMorePages() throws {
        let sheet = try MarkerSheet(options: .init(markerSizeMM: 60, dpi: 100))
        #expect(sheet.pages.count == 2)
        #expect(Set(sheet.markerOrigins.values.map(\.page)) == [0, 1])
        #expect(sheet.markerSidePx == 236)  // 60 mm at 100 dpi
    }

    @Test func tooLargeOrTooCoarseIsRejected() {
        #expect(throws: HingeCheckError.self) { try MarkerSheet(options: .init(markerSizeMM: 190)) }
        #expect(throws: HingeCheckError.self) { try MarkerSheet(options: .init(markerSizeMM: 40, dpi: 20)) }
    }

    @Test func pdfIsA4WithOneJPEGPerPageAndAValidXref() throws {
        let sheet = try MarkerSheet(options: .init(markerSizeMM: 40, dpi: 150))
        let data = try sheet.pdfData()
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n"))
        #expect(text.contains("/MediaBox [0 0 595.2756 841.8898]"))
        #expect(text.contains("/Filter /DCTDecode"))
        // The image is drawn at its true size: 1240 px / 150 dpi = 8.2667 in = 595.2 pt.
        #expect(text.contains("q 595.2000 0 0 841.9200 0 -0.0302 cm /Im0 Do Q"))
        // Every xref offset points at "N 0 obj".
        let bytes = [UInt8](data)
        let xrefStart = try #require(text.range(of: "startxref\n")).upperBound
        let xrefOffset = try #require(Int(text[xrefStart...].prefix { $0.isNumber }))
        let table = String(decoding: bytes[xrefOffset...], as: UTF8.self).split(separator: "\n")
        #expect(table[0] == "xref")
        let count = try #require(Int(table[1].split(separator: " ")[1]))
        #expect(count == 7)  // free entry, catalog, pages, info, page, contents, image
        for k in 1..<count {
            let offset = try #require(Int(table[2 + k].prefix(10)))
            let head = String(decoding: bytes[offset..<offset + 12], as: UTF8.self)
            #expect(head.hasPrefix("\(k) 0 obj"), "object \(k) at \(offset): \(head)")
        }
        // The embedded JPEG decodes to the page.
        let start = try #require(data.range(of: Data([0xFF, 0xD8, 0xFF]))).lowerBound
        let end = try #require(data.range(of: Data("\nendstream".utf8), in: start..<data.count)).lowerBound
        let page = try ImageFile.decodeJPEG([UInt8](data[start..<end]))
        #expect(page.width == 1240 && page.height == 1754)
    }
}
