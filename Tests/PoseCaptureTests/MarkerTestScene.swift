import Foundation
import PoseCore
@testable import PoseCapture

/// Cells of one ArUco marker (true = white), read from OpenCV's own bitmap
/// (`hc_aruco_draw_marker` through `MarkerBitmap`).
struct MarkerPattern {
    let cells: [[Bool]]
    var count: Int { cells.count }

    init(id: Int, dictionary: MarkerDictionary = .dict4x4_50) throws {
        let n = dictionary.bitsPerSide + 2, cell = 10
        let bitmap = try MarkerBitmap.render(id: id, dictionary: dictionary, sidePx: n * cell)
        cells = (0..<n).map { r in (0..<n).map { c in bitmap.pixel(x: c * cell + cell / 2, y: r * cell + cell / 2).g > 127 } }
    }
}

/// Draws markers at exact sub-pixel positions by 4×4 supersampling, so the true centre is
/// known: pixel (x, y) covers [x − 0.5, x + 0.5] × [y − 0.5, y + 0.5] (OpenCV's convention).
enum MarkerPainter {
    /// A marker on a white card (one cell of quiet zone), centred at `center`, black square of
    /// `side` px, turned `angle` radians clockwise; `squash` < 1 narrows it along its own x
    /// axis (a marker turned out of the image plane).
    static func draw(_ pattern: MarkerPattern, on image: inout BGRImage, center: Point2, side: Double,
                     angle: Double = 0, squash: Double = 1) {
        let n = Double(pattern.count)
        let quiet = 1.0 / n  // one cell, as a fraction of the side
        let reach = side * (0.5 + quiet) * 1.5 + 2
        let (c, s) = (cos(angle), sin(angle))
        let x0 = max(0, Int((center.x - reach).rounded(.down))), x1 = min(image.width - 1, Int((center.x + reach).rounded(.up)))
        let y0 = max(0, Int((center.y - reach).rounded(.down))), y1 = min(image.height - 1, Int((center.y + reach).rounded(.up)))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let i = (y * image.width + x) * 3
                let background = Double(image.pixels[i + 1])
                var sum = 0.0
                for sy in 0..<4 {
                    for sx in 0..<4 {
                        let px = Double(x) + (Double(sx) + 0.5) / 4 - 0.5 - center.x
                        let py = Double(y) + (Double(sy) + 0.5) / 4 - 0.5 - center.y
                        // Into the marker's frame: undo the rotation, then the squash.
                        let u = (c * px + s * py) / (side * squash) + 0.5
                        let v = (-s * px + c * py) / side + 0.5
                        if u >= 0, u < 1, v >= 0, v < 1 {
                            sum += pattern.cells[Int(v * n)][Int(u * n)] ? 255 : 0
                        } else if u >= -quiet, u < 1 + quiet, v >= -quiet, v < 1 + quiet {
                            sum += 255
                        } else {
                            sum += background
                        }
                    }
                }
                let value = UInt8((sum / 16).rounded())
                image.pixels[i] = value
                image.pixels[i + 1] = value
                image.pixels[i + 2] = value
            }
        }
    }
}

/// A side-view hinge with markers at known positions: S1 fixed, the trunk inclining from 0° to
/// `maxTrunkDeg` and back over the clip while the lumbar curve goes from lordosis to kyphosis.
struct MarkerHingeScene {
    var width = 640, height = 480, fps = 30.0, frames = 150
    var sidePx = 22.0
    var maxTrunkDeg = 75.0
    var standingLumbarDeg = 20.0, bottomLumbarDeg = -15.0
    var thoracicDeg = 30.0
    var mirrored = false
    /// Sites hidden in a range of frames (not drawn).
    var hidden: [MarkedSite: Range<Int>] = [:]
    var map = MarkerMap.standard

    /// The true marker centres of frame `i`, image pixels.
    func positions(frame i: Int) -> [MarkedSite: Point2] {
        let phase = (1 - cos(2 * Double.pi * Double(i) / Double(frames))) / 2
        let theta = maxTrunkDeg * phase * .pi / 180
        let lumbar = (standingLumbarDeg + (bottomLumbarDeg - standingLumbarDeg) * phase) * .pi / 180
        let thoracic = thoracicDeg * .pi / 180
        // Direction "up the spine" leaning forward (+x) by a: (sin a, -cos a) in image coordinates.
        func dir(_ a: Double) -> Point2 { Point2(sin(a), -cos(a)) }
        let s1 = Point2(250, 280)
        let l3 = s1 + dir(theta + lumbar / 2) * 50
        let t12 = l3 + dir(theta - lumbar / 2) * 50
        let t8 = t12 + dir(theta - lumbar / 2 - thoracic / 2) * 55
        let c7 = t8 + dir(theta - lumbar / 2 - thoracic) * 60
        let pelvis = theta * 0.6
        let hip = s1 + Point2(40 * cos(pelvis) - 15 * sin(pelvis), 15 * cos(pelvis) + 40 * sin(pelvis))
        let knee = Point2(hip.x + 10 + 20 * phase, hip.y + 75)
        let ankle = Point2(knee.x - 15 - 20 * phase, knee.y + 70)
        var out: [MarkedSite: Point2] = [.spine(.s1): s1, .spine(.l3): l3, .spine(.t12): t12, .spine(.t8): t8,
                                         .spine(.c7): c7, .body(.hip): hip, .body(.knee): knee, .body(.ankle): ankle]
        if mirrored { out = out.mapValues { Point2(Double(width) - $0.x, $0.y) } }
        return out
    }

    /// Spine tangent angle at each site for drawing the markers turned with the back.
    func image(frame i: Int, patterns: [Int: MarkerPattern]) -> BGRImage {
        var image = BGRImage(width: width, height: height, fill: Color(r: 110, g: 110, b: 110))
        let p = positions(frame: i)
        let lean = atan2(p[.spine(.c7)]!.x - p[.spine(.s1)]!.x, p[.spine(.s1)]!.y - p[.spine(.c7)]!.y)
        for (id, site) in map.sites {
            guard let centre = p[site], !(hidden[site]?.contains(i) ?? false), let pattern = patterns[id] else { continue }
            MarkerPainter.draw(pattern, on: &image, center: centre, side: sidePx, angle: lean)
        }
        image.blur(sigma: 0.5)
        image.addNoise(standardDeviation: 2, seed: UInt64(i + 1))
        return image
    }

    /// Writes the clip and returns its path.
    func writeVideo(to path: String) throws -> String {
        let patterns = try Dictionary(uniqueKeysWithValues: map.ids.map { ($0, try MarkerPattern(id: $0)) })
        let writer = try VideoWriter(path: path, width: width, height: height, fps: fps)
        for i in 0..<frames { try writer.write(image(frame: i, patterns: patterns)) }
        try writer.close()
        return path
    }
}

/// The signed bend at L3 of T12 → L3 → S1 in degrees, positive when L3 lies anterior (towards
/// +x when facing right) of the T12–S1 line: KinematicsCalculator's lumbar angle.
func lumbarAngleDeg(t12: Point2, l3: Point2, s1: Point2, facing: Facing = .right) -> Double {
    let m = { (p: Point2) in facing == .right ? p : Point2(-p.x, p.y) }
    let d1 = m(l3) - m(t12), d2 = m(s1) - m(l3)
    return atan2(d1.cross(d2), d1.dot(d2)) * 180 / .pi
}

/// The markers source's settings with overrides.
func markerSettings(_ overrides: [String: String] = [:]) throws -> PluginSettings {
    try PluginSettings(descriptor: MarkerSource().descriptor, overrides: overrides)
}
