import Foundation
import PoseCore

extension MarkerSheet {
    /// The sheet as a PDF 1.4 document: one A4 page (595.28 × 841.89 pt) per sheet page, each
    /// holding its page image (JPEG, DCTDecode) placed at its true size (pixels / dpi inches), so
    /// markers print at `markerSizeMM` when printed at 100 % ("actual size").
    /// - Parameter jpegQuality: 1...100; black-and-white pages stay sharp at 95.
    /// - Throws: `HingeCheckError` when JPEG encoding fails.
    public func pdfData(jpegQuality: Int = 95) throws -> Data {
        let pointsPerMM = 72 / 25.4
        let pageW = Self.pageWidthMM * pointsPerMM, pageH = Self.pageHeightMM * pointsPerMM
        var objects: [Data] = []  // object k + 1 is objects[k]
        func text(_ s: String) -> Data { Data(s.utf8) }
        func number(_ v: Double) -> String { String(format: "%.4f", v) }

        // 1 catalog, 2 page tree, 3 info; then per page: page, contents, image.
        let pageObject = { (k: Int) in 4 + 3 * k }
        let kids = pages.indices.map { "\(pageObject($0)) 0 R" }.joined(separator: " ")
        objects.append(text("<< /Type /Catalog /Pages 2 0 R /ViewerPreferences << /PrintScaling /None >> >>"))
        objects.append(text("<< /Type /Pages /Kids [\(kids)] /Count \(pages.count) >>"))
        objects.append(text("<< /Title (HingeCheck ArUco markers \(options.dictionary.rawValue) \(String(format: "%g", options.markerSizeMM)) mm) /Creator (hingecheck \(HingeCheckVersion.current)) >>"))
        for (k, page) in pages.enumerated() {
            let jpeg = try ImageFile.encodeJPEG(page, quality: jpegQuality)
            let w = Double(page.width) / options.dpi * 72, h = Double(page.height) / options.dpi * 72
            let content = "q \(number(w)) 0 0 \(number(h)) 0 \(number(pageH - h)) cm /Im0 Do Q\n"
            objects.append(text("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(number(pageW)) \(number(pageH))] "
                                + "/Resources << /XObject << /Im0 \(pageObject(k) + 2) 0 R >> >> /Contents \(pageObject(k) + 1) 0 R >>"))
            objects.append(text("<< /Length \(content.utf8.count) >>\nstream\n\(content)endstream"))
            var image = text("<< /Type /XObject /Subtype /Image /Width \(page.width) /Height \(page.height) "
                             + "/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length \(jpeg.count) >>\nstream\n")
            image.append(contentsOf: jpeg)
            image.append(text("\nendstream"))
            objects.append(image)
        }

        var out = text("%PDF-1.4\n%\u{e2}\u{e3}\u{cf}\u{d3}\n")
        var offsets: [Int] = []
        for (k, body) in objects.enumerated() {
            offsets.append(out.count)
            out.append(text("\(k + 1) 0 obj\n"))
            out.append(body)
            out.append(text("\nendobj\n"))
        }
        let xref = out.count
        var table = "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { table += String(format: "%010d 00000 n \n", o) }
        table += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info 3 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        out.append(text(table))
        return out
    }
}
