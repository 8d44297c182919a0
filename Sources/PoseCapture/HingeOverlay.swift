import Foundation
import PoseCore

/// The analysis overlay of `annotated.mp4` and the rep pictures: skeleton, spine curve, a lumbar
/// gauge, the rep counter, and a red banner while the lumbar curve is lost under load.
///
/// Built once per analysis; `draw` is O(landmarks + spine points + reps + events) per frame.
/// Text is ASCII (OpenCV's Hershey fonts have no degree sign).
public struct HingeOverlay: Sendable {
    public let result: AnalysisResult
    /// Trunk inclination (degrees) from which the back counts as loaded.
    public let loadedInclinationDeg: Double
    /// Per-frame lumbar measure where higher = more rounded, and its limit.
    let measureName: String
    let limit: Double?
    let samplesByIndex: [Int: KinematicSample]

    public init(result: AnalysisResult, loadedInclinationDeg: Double) {
        self.result = result
        self.loadedInclinationDeg = loadedInclinationDeg
        limit = result.reference.thresholdDeg
        measureName = result.reference.kind == .hingedPositionAbsolute ? "LOWER BACK" : "LUMBAR FLEXION"
        samplesByIndex = Dictionary(result.samples.map { ($0.index, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The lumbar measure of a frame, higher = more rounded (flexion from neutral with spine
    /// points; the silhouette's lower-back angle markerless), nil when unknown.
    public func lumbarMeasure(frameIndex: Int) -> Double? {
        guard let s = samplesByIndex[frameIndex], let a = s.lumbarAngleDeg else { return nil }
        switch result.reference.kind {
        case .hingedPositionAbsolute: return s.lumbarMethod == .dorsalContour ? a : nil
        case .none: return nil
        default: return s.lumbarMethod == .spinePoints ? result.reference.neutralLumbarDeg.map { $0 - a } : nil
        }
    }

    /// True when `time` lies in a posture-lost interval.
    public func postureLost(at time: Double) -> Bool {
        result.events.contains { $0.code == PostureEvent.postureLost && time >= $0.startS - 1e-6 && time <= $0.endS + 1e-6 }
    }

    /// The rep under way at `time`, if any.
    public func rep(at time: Double) -> Rep? {
        result.reps.first { time >= $0.startS && time <= $0.endS }
    }

    static let lostColor = Color(r: 220, g: 38, b: 38)
    static let heldColor = Color(r: 34, g: 197, b: 94)
    /// A rep HingeCheck can't tell is drawn grey: green would read as "held".
    static let cantTellColor = Color(r: 160, g: 160, b: 160)

    /// The back outline's colour at `time`: red while lost, grey in a rep that can't be told,
    /// green otherwise (held, or between reps).
    public func outlineColor(at time: Double) -> Color {
        if postureLost(at: time) { return Self.lostColor }
        if let rep = rep(at: time), rep.postureLost == nil { return Self.cantTellColor }
        return Self.heldColor
    }
    static let boneColor = Color(r: 245, g: 245, b: 245)

    /// Draws the skeleton and spine curve of `frame` (coordinates scaled by `scale` from the
    /// landmark file's pixels to this image's), red when the posture is lost at that time.
    public func drawBody(on image: inout BGRImage, frame: PoseFrame, scale: Point2 = Point2(1, 1)) {
        let unit = max(1, Double(min(image.width, image.height)) / 360)
        func p(_ q: Point2) -> Point2 { Point2(q.x * scale.x, q.y * scale.y) }
        if frame.landmarks.count == BodyLandmark.allCases.count {
            for (a, b) in BodyLandmark.bones {
                let la = frame.landmarks[a.rawValue], lb = frame.landmarks[b.rawValue]
                guard la.visibility > 0.05 || la.presence > 0.05, lb.visibility > 0.05 || lb.presence > 0.05 else { continue }
                let strong = min(la.visibility, lb.visibility) >= 0.5
                image.drawLine(from: p(la.point), to: p(lb.point), color: .black, thickness: 3.4 * unit)
                image.drawLine(from: p(la.point), to: p(lb.point), color: strong ? Self.boneColor : Color(r: 150, g: 150, b: 150), thickness: 1.8 * unit)
            }
            for l in frame.landmarks where l.visibility > 0.05 || l.presence > 0.05 {
                image.drawCircle(center: p(l.point), radius: 2.4 * unit, color: l.visibility >= 0.5 ? Color.cyan : Color.yellow)
            }
            // The trunk axis the angles use.
            let ls = frame.landmarks[BodyLandmark.leftShoulder.rawValue], rs = frame.landmarks[BodyLandmark.rightShoulder.rawValue]
            let lh = frame.landmarks[BodyLandmark.leftHip.rawValue], rh = frame.landmarks[BodyLandmark.rightHip.rawValue]
            let shoulder = Point2.midpoint(ls.point, rs.point), hip = Point2.midpoint(lh.point, rh.point)
            image.drawLine(from: p(hip), to: p(shoulder), color: Color.yellow, thickness: 1.5 * unit)
        }
        let curve = spineCurve(frame).map(p)
        if curve.count >= 2 {
            let color = outlineColor(at: frame.time)
            image.drawPolyline(curve, color: .black, thickness: 6 * unit)
            image.drawPolyline(curve, color: color, thickness: 3.5 * unit)
            if !frame.spine.isEmpty {
                for sp in frame.spine { image.drawCircle(center: p(sp.point), radius: 3.5 * unit, color: color) }
            }
        }
    }

    /// The spine curve to draw: spine points joined by a smooth (Catmull-Rom) curve, or the
    /// dorsal contour's points.
    public func spineCurve(_ frame: PoseFrame) -> [Point2] {
        let points = frame.spine.sorted { $0.site < $1.site }.map(\.point)
        if points.count >= 2 { return Self.catmullRom(points, steps: 8) }
        guard let contour = frame.dorsalContour else { return [] }
        let facing = result.samples.last(where: { $0.facing != nil })?.facing ?? FacingDetector.facing(of: frame) ?? .right
        return contour.edgePoints(facing: facing).compactMap { $0 }
    }

    static func catmullRom(_ p: [Point2], steps: Int) -> [Point2] {
        guard p.count >= 3 else { return p }
        var out: [Point2] = []
        for i in 0..<(p.count - 1) {
            let p0 = p[max(i - 1, 0)], p1 = p[i], p2 = p[i + 1], p3 = p[min(i + 2, p.count - 1)]
            for s in 0..<steps {
                let t = Double(s) / Double(steps), t2 = t * t, t3 = t2 * t
                let a = p1 * 2, b = (p2 - p0) * t, c = (p0 * 2 - p1 * 5 + p2 * 4 - p3) * t2, d = (p1 * 3 - p0 - p2 * 3 + p3) * t3
                out.append((a + b + c + d) * 0.5)
            }
        }
        out.append(p[p.count - 1])
        return out
    }

    /// Draws the whole overlay for a video frame at `time`: body (when `frame` is given), the
    /// rep counter, the lumbar gauge and, while the posture is lost, the red banner.
    public func draw(on image: inout BGRImage, frame: PoseFrame?, time: Double, scale: Point2 = Point2(1, 1)) {
        if let frame { drawBody(on: &image, frame: frame, scale: scale) }
        let unit = max(1, Double(min(image.width, image.height)) / 360)
        let lost = postureLost(at: time)
        if lost { drawBanner(on: &image, unit: unit) }
        drawRepCounter(on: &image, time: time, unit: unit)
        drawGauge(on: &image, value: frame.flatMap { lumbarMeasure(frameIndex: $0.index) }, time: time, top: (lost ? 40 : 12) * unit, unit: unit)
    }

    func drawBanner(on image: inout BGRImage, unit: Double) {
        image.fillRect(x: 0, y: 0, width: Double(image.width), height: 30 * unit, color: Self.lostColor, alpha: 0.88)
        image.drawText("LUMBAR CURVE LOST UNDER LOAD", at: Point2(10 * unit, 21 * unit), height: 13 * unit, color: .white, thickness: max(1, 1.6 * unit))
    }

    /// Bottom left: "REP 3/5" during a rep, "REPS 2/5" between reps.
    func drawRepCounter(on image: inout BGRImage, time: Double, unit: Double) {
        let total = result.reps.count, h = Double(image.height)
        let label = rep(at: time).map { "REP \($0.index)/\(total)" } ?? "REPS \(result.reps.filter { $0.endS < time }.count)/\(total)"
        let boxH = 30 * unit
        image.fillRect(x: 8 * unit, y: h - boxH - 8 * unit, width: 120 * unit, height: boxH, color: .black, alpha: 0.6)
        image.drawText(label, at: Point2(16 * unit, h - 8 * unit - 9 * unit), height: 12 * unit, color: .white, thickness: max(1, 1.4 * unit))
    }

    /// The fill's colour: red at or over the limit, grey in a rep that can't be told (green
    /// would read as "held"), green otherwise.
    func gaugeColor(value: Double, time: Double) -> Color {
        if let limit, value >= limit { return Self.lostColor }
        if let rep = rep(at: time), rep.postureLost == nil { return Self.cantTellColor }
        return Self.heldColor
    }

    /// Right edge: a vertical bar on `OverlayGauge`'s scale with the limit marked and labelled,
    /// the value and the measure's name under it.
    func drawGauge(on image: inout BGRImage, value: Double?, time: Double, top: Double, unit: Double) {
        let w = Double(image.width), h = Double(image.height)
        let gauge = OverlayGauge(limitDeg: limit)
        let gaugeH = min(h * 0.45, 150 * unit), gaugeW = 16 * unit
        let x0 = w - gaugeW - 14 * unit, panelX = x0 - 62 * unit
        let barTop = top + 8 * unit, bottomY = barTop + gaugeH
        image.fillRect(x: panelX, y: top, width: w - panelX - 6 * unit, height: gaugeH + 40 * unit, color: .black, alpha: 0.55)
        image.fillRect(x: x0, y: barTop, width: gaugeW, height: gaugeH, color: Color(r: 70, g: 70, b: 70), alpha: 1)
        if let value {
            let fill = gaugeH * gauge.fraction(value)
            image.fillRect(x: x0, y: bottomY - fill, width: gaugeW, height: fill, color: gaugeColor(value: value, time: time), alpha: 1)
        }
        if let limit {
            let ly = bottomY - gaugeH * gauge.fraction(limit)
            image.drawLine(from: Point2(x0 - 4 * unit, ly), to: Point2(x0 + gaugeW + 4 * unit, ly), color: .white, thickness: 1.5 * unit)
            let baseline = OverlayGauge.limitLabelBaseline(lineY: ly, barTopY: barTop, bottomY: bottomY, labelHeight: 7 * unit)
            image.drawText("LIMIT", at: Point2(panelX + 4 * unit, baseline), height: 7 * unit,
                           color: .white, thickness: max(1, unit))
        }
        let valueText = value.map { String(format: "%+.0f DEG", $0) } ?? "--"
        let valueY = OverlayGauge.valueBaseline(bottomY: bottomY, valueHeight: 9 * unit, gap: 5 * unit)
        image.drawText(valueText, at: Point2(panelX + 4 * unit, valueY), height: 9 * unit, color: .white, thickness: max(1, unit))
        // The measure's full name, as the live page and the terminal call it (one name everywhere).
        image.drawText(measureName, at: Point2(panelX + 4 * unit, valueY + 13 * unit),
                       height: 6 * unit, color: Color(r: 200, g: 200, b: 200), thickness: max(1, unit))
    }
}
