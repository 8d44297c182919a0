import Foundation
import PoseCore

/// Pose overlays for videos a person looks at (`hingecheck landmarks --overlay`).
extension BGRImage {
    /// Draws a pose: bones between landmarks, landmark dots (green when visible, yellow when
    /// `visibility` is below `minVisibility`), the dorsal contour in cyan when present, the ROI
    /// outline in grey when given, and a caption.
    /// Coordinates are the frame's image pixels; line widths scale with the image size.
    /// Complexity: O(landmarks + contour samples).
    public mutating func drawPose(_ frame: PoseFrame, roi: BlazePoseROI? = nil, minVisibility: Double = 0.5,
                                  caption: String? = nil) {
        let unit = max(1, Double(min(width, height)) / 360)
        if let roi {
            var corners = roi.corners
            corners.append(corners[0])
            drawPolyline(corners, color: Color(r: 150, g: 150, b: 150), thickness: unit)
        }
        if frame.landmarks.count == BodyLandmark.allCases.count {
            for (a, b) in BodyLandmark.bones {
                guard let la = frame[a], let lb = frame[b] else { continue }
                let visible = min(la.visibility, lb.visibility) >= minVisibility
                drawLine(from: la.point, to: lb.point, color: visible ? .white : Color(r: 120, g: 120, b: 120),
                         thickness: 1.5 * unit)
            }
            for landmark in frame.landmarks {
                drawCircle(center: landmark.point, radius: 2.2 * unit,
                           color: landmark.visibility >= minVisibility ? .green : .yellow)
            }
        }
        if let contour = frame.dorsalContour {
            if (contour.shoulder - contour.hip).length > 0, let facing = FacingDetector.facing(of: frame) {
                let points = contour.edgePoints(facing: facing).compactMap { $0 }
                drawLine(from: contour.hip, to: contour.shoulder, color: .cyan, thickness: unit)
                for p in points { drawCircle(center: p, radius: 1.5 * unit, color: .cyan) }
            }
        }
        let text = caption ?? (frame.hasPose
            ? String(format: "frame %d  %.2f s  presence %.2f", frame.index, frame.time, frame.personScore ?? 0)
            : String(format: "frame %d  %.2f s  no person", frame.index, frame.time))
        fillRect(x: 0, y: 0, width: Double(width), height: 16 * unit, color: .black, alpha: 0.5)
        drawText(text, at: Point2(4 * unit, 12 * unit), height: 9 * unit, color: .white, thickness: max(1, unit / 1.5))
    }
}
