internal import CPoseShim
import PoseCore

/// Overlay drawing (anti-aliased, sub-pixel). Coordinates in image pixels; `thickness` in
/// pixels, negative to fill. Invalid coordinates (NaN, infinite) draw nothing.
extension BGRImage {
    public mutating func drawLine(from a: Point2, to b: Point2, color: Color, thickness: Double = 2) {
        _ = withShimImage { hc_draw_line($0, Float(a.x), Float(a.y), Float(b.x), Float(b.y), color.shim, Float(thickness)) }
    }

    public mutating func drawCircle(center: Point2, radius: Double, color: Color, thickness: Double = -1) {
        _ = withShimImage { hc_draw_circle($0, Float(center.x), Float(center.y), Float(radius), color.shim, Float(thickness)) }
    }

    /// An ellipse with half-axes `halfWidth` × `halfHeight`, rotated clockwise by `angleDeg`.
    public mutating func drawEllipse(center: Point2, halfWidth: Double, halfHeight: Double, angleDeg: Double,
                                     color: Color, thickness: Double = -1) {
        _ = withShimImage {
            hc_draw_ellipse($0, Float(center.x), Float(center.y), Float(halfWidth), Float(halfHeight),
                            Float(angleDeg), color.shim, Float(thickness))
        }
    }

    /// A polygon (any shape); filled unless `thickness` is given as an outline.
    public mutating func drawPolygon(_ points: [Point2], color: Color, filled: Bool = true, thickness: Double = 2) {
        guard points.count >= 2 else { return }
        let xy = points.flatMap { [Float($0.x), Float($0.y)] }
        _ = withShimImage { image in
            xy.withUnsafeBufferPointer { hc_draw_polygon(image, $0.baseAddress, Int32(points.count), color.shim, filled ? 1 : 0, Float(thickness)) }
        }
    }

    /// An open polyline.
    public mutating func drawPolyline(_ points: [Point2], color: Color, thickness: Double = 2) {
        guard points.count >= 2 else { return }
        let xy = points.flatMap { [Float($0.x), Float($0.y)] }
        _ = withShimImage { image in
            xy.withUnsafeBufferPointer { hc_draw_polyline(image, $0.baseAddress, Int32(points.count), color.shim, Float(thickness)) }
        }
    }

    /// Text with its baseline-left corner at `origin`; `height` is the cap height in pixels.
    public mutating func drawText(_ text: String, at origin: Point2, height: Double, color: Color, thickness: Double = 1) {
        _ = withShimImage { hc_draw_text($0, text, Float(origin.x), Float(origin.y), Float(height), color.shim, Float(thickness)) }
    }

    /// A rectangle blended with opacity `alpha` in [0, 1].
    public mutating func fillRect(x: Double, y: Double, width: Double, height: Double, color: Color, alpha: Double = 1) {
        _ = withShimImage { hc_draw_rect($0, Float(x), Float(y), Float(width), Float(height), color.shim, Float(alpha)) }
    }

    /// Gaussian blur in place; `sigma` in pixels.
    public mutating func blur(sigma: Double) {
        _ = withShimImage { hc_image_blur($0, Float(sigma)) }
    }

    /// Adds deterministic Gaussian-like noise (standard deviation in grey levels) for a seed.
    public mutating func addNoise(standardDeviation: Double, seed: UInt64) {
        _ = withShimImage { hc_image_add_noise($0, Float(standardDeviation), seed) }
    }
}
