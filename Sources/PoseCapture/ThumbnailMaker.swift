import Foundation
import PoseCore

/// Rep pictures for the report: the frame of a rep's worst moment with the skeleton and spine
/// curve drawn, cropped around the lifter and encoded as JPEG.
public enum ThumbnailMaker {
    /// A finished picture.
    public struct Picture: Sendable, Hashable {
        public var jpeg: [UInt8]
        public var width: Int
        public var height: Int
    }

    /// Draws the body overlay on `image`, crops to the lifter (landmarks and spine points with
    /// a 12% margin, at least 3:4 tall), scales to at most `maxHeight` pixels and encodes.
    /// - Throws: `HingeCheckError` from the JPEG encoder.
    public static func picture(from image: BGRImage, frame: PoseFrame, overlay: HingeOverlay, scale: Point2 = Point2(1, 1),
                               maxHeight: Int = 360, quality: Int = 82) throws -> Picture {
        var canvas = image
        overlay.drawBody(on: &canvas, frame: frame, scale: scale)
        let box = cropBox(frame: frame, scale: scale, width: image.width, height: image.height)
        var cropped = crop(canvas, x: box.x, y: box.y, width: box.w, height: box.h)
        if cropped.height > maxHeight {
            let h = maxHeight
            let w = max(1, Int(clampingRounded: Double(cropped.width) * Double(h) / Double(cropped.height)))
            cropped = try ImageFile.resized(cropped, width: w, height: h)
        }
        return Picture(jpeg: try ImageFile.encodeJPEG(cropped, quality: quality), width: cropped.width, height: cropped.height)
    }

    /// The crop rectangle in image pixels; the whole image when the frame has no points.
    static func cropBox(frame: PoseFrame, scale: Point2, width: Int, height: Int) -> (x: Int, y: Int, w: Int, h: Int) {
        var points = frame.landmarks.filter { $0.visibility > 0.05 || $0.presence > 0.05 }.map(\.point) + frame.spine.map(\.point)
        points = points.map { Point2($0.x * scale.x, $0.y * scale.y) }.filter { $0.x.isFinite && $0.y.isFinite }
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else {
            return (0, 0, width, height)
        }
        var w = (maxX - minX) * 1.24 + 20, h = (maxY - minY) * 1.24 + 20
        if w < h * 0.75 { w = h * 0.75 }
        if h < w * 0.75 { h = w * 0.75 }
        let cx = (minX + maxX) / 2, cy = (minY + maxY) / 2
        let W = Double(width), H = Double(height)
        w = min(w, W); h = min(h, H)
        let x = min(max(0, cx - w / 2), W - w), y = min(max(0, cy - h / 2), H - h)
        // Landmarks come from files (1e308 px is valid JSON): never trap, whatever they hold.
        let xi = max(0, min(width - 1, Int(clampingRounded: x, .towardZero))), yi = max(0, min(height - 1, Int(clampingRounded: y, .towardZero)))
        return (xi, yi, max(1, min(width - xi, Int(clampingRounded: w, .towardZero))), max(1, min(height - yi, Int(clampingRounded: h, .towardZero))))
    }

    /// A copy of a rectangle of the image (clamped to its bounds).
    public static func crop(_ image: BGRImage, x: Int, y: Int, width: Int, height: Int) -> BGRImage {
        let x0 = max(0, min(image.width - 1, x)), y0 = max(0, min(image.height - 1, y))
        let w = max(1, min(image.width - x0, width)), h = max(1, min(image.height - y0, height))
        var out = [UInt8]()
        out.reserveCapacity(w * h * 3)
        for row in y0..<(y0 + h) {
            let start = (row * image.width + x0) * 3
            out.append(contentsOf: image.pixels[start..<(start + w * 3)])
        }
        return BGRImage(width: w, height: h, pixels: out)
    }
}
