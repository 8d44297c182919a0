import Foundation
import PoseCapture
import PoseCore

/// Where the generator tapes its ArUco markers, with fixed ids (DICT_4X4_50).
///
/// ids: C7 = 0, T8 = 1, T12 = 2, L3 = 3, S1 = 4 (skin over the spinous processes; each marker's
/// centre is the spine point), hip = 5 (greater trochanter), knee = 6 (lateral epicondyle),
/// ankle = 7 (lateral malleolus), on the side facing the camera.
public enum MarkerSite: String, CaseIterable, Sendable, Codable, Hashable {
    case c7 = "C7", t8 = "T8", t12 = "T12", l3 = "L3", s1 = "S1", hip, knee, ankle

    /// The marker id in DICT_4X4_50.
    public var markerID: Int { Self.allCases.firstIndex(of: self)! }

    /// The spine site, for the five spine markers.
    public var spineSite: SpineSite? { SpineSite(rawValue: rawValue) }

    /// The site of a marker id, or nil for an id the layout does not use.
    public init?(markerID: Int) {
        guard markerID >= 0, markerID < Self.allCases.count else { return nil }
        self = Self.allCases[markerID]
    }
}

/// A placed marker in image pixels.
struct MarkerPlacement: Sendable {
    var site: MarkerSite
    var center: Point2
    /// Image vectors of the marker's unit x (right) and y (down) axes, scaled by its side in pixels.
    var e1: Point2
    var e2: Point2

    /// Corners in OpenCV's order (top-left, top-right, bottom-right, bottom-left of the marker).
    var corners: [Point2] {
        [center - e1 * 0.5 - e2 * 0.5, center + e1 * 0.5 - e2 * 0.5, center + e1 * 0.5 + e2 * 0.5, center - e1 * 0.5 + e2 * 0.5]
    }
}

extension BGRImage {
    /// Pastes a marker bitmap with a white quiet zone of `margin` (in units of the marker side)
    /// under the affine map of `placement`, anti-aliased by 4×4 supersampling.
    ///
    /// With `bitmap` nil only the white square (marker plus margin) is painted: callers paint
    /// every margin first, so that markers taped close together share one white strip and no
    /// margin covers a neighbour's black border.
    mutating func paste(_ bitmap: ArucoMarkerBitmap?, _ placement: MarkerPlacement, margin: Double,
                        white: UInt8 = 242, black: UInt8 = 22) {
        let e1 = placement.e1, e2 = placement.e2, c = placement.center
        let det = e1.x * e2.y - e2.x * e1.y
        guard abs(det) > 1e-9 else { return }
        let extent = 0.5 + margin
        let corners = [c - e1 * extent - e2 * extent, c + e1 * extent - e2 * extent, c + e1 * extent + e2 * extent, c - e1 * extent + e2 * extent]
        // ±1 in Double: on a clamped Int.min or Int.max it would overflow.
        let x0 = max(0, Int(clampingRounded: corners.map(\.x).min()! - 1, .down)), x1 = min(width - 1, Int(clampingRounded: corners.map(\.x).max()! + 1, .up))
        let y0 = max(0, Int(clampingRounded: corners.map(\.y).min()! - 1, .down)), y1 = min(height - 1, Int(clampingRounded: corners.map(\.y).max()! + 1, .up))
        guard x0 <= x1, y0 <= y1 else { return }
        let n = 4
        let side = Double(bitmap?.side ?? 1)
        for py in y0...y1 {
            for px in x0...x1 {
                var inside = 0
                var sum = 0.0
                for sy in 0..<n {
                    for sx in 0..<n {
                        let dx = Double(px) + (Double(sx) + 0.5) / Double(n) - 0.5 - c.x
                        let dy = Double(py) + (Double(sy) + 0.5) / Double(n) - 0.5 - c.y
                        let u = (e2.y * dx - e2.x * dy) / det + 0.5
                        let v = (-e1.y * dx + e1.x * dy) / det + 0.5
                        guard u >= -margin, u <= 1 + margin, v >= -margin, v <= 1 + margin else { continue }
                        if let bitmap {
                            guard u >= 0, u < 1, v >= 0, v < 1 else { continue }
                            inside += 1
                            sum += bitmap.value(x: Int(clampingRounded: u * side, .towardZero), y: Int(clampingRounded: v * side, .towardZero)) > 127 ? Double(white) : Double(black)
                        } else {
                            inside += 1
                            sum += Double(white)
                        }
                    }
                }
                guard inside > 0 else { continue }
                let cover = Double(inside) / Double(n * n)
                let value = sum / Double(inside)
                let i = (py * width + px) * 3
                for k in 0..<3 {
                    let old = Double(pixels[i + k])
                    pixels[i + k] = UInt8(clampingRounded: old + (value - old) * cover)
                }
            }
        }
    }
}
