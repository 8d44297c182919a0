import Foundation
import PoseCore

/// `n` frames at 30 fps of a side-on hinge set with spine points (T12, L3, S1): a rep every
/// 3.5 s to 60° of trunk inclination, the lumbar angle 30° standing and 20° less at each bottom.
/// `fatigue` > 0 makes the loss grow across the set (× (1 + fatigue × i / n)), so that later reps
/// are flagged. With `markerless` the frames carry a dorsal contour (41 rays, the outline's lower
/// half tilting from −10° to +5° against the trunk axis at each bottom) instead of spine points,
/// as BlazePose with the mask gives. Shared by the AnalyzerChain and ReportExport suites.
public func syntheticHingeFrames(_ n: Int, fatigue: Double = 0, markerless: Bool = false) -> [PoseFrame] {
    (0..<n).map { i in
        let t = Double(i) / 30
        let depth = max(0, sin(t * 2 * .pi / 3.5))                        // a rep every 3.5 s
        let incl = 2 + 58 * depth, lumbar = 30 - 20 * depth * (1 + fatigue * Double(i) / Double(n))
        let th = incl * .pi / 180, hip = Point2(320, 300)
        let sh = hip + Point2(sin(th), -cos(th)) * 150
        var lms = Array(repeating: Landmark(x: 320, y: 300, visibility: 0.9), count: 33)
        lms[BodyLandmark.leftShoulder.rawValue] = Landmark(x: sh.x, y: sh.y, visibility: 0.9)
        lms[BodyLandmark.rightShoulder.rawValue] = Landmark(x: sh.x, y: sh.y, visibility: 0.9)
        lms[BodyLandmark.leftKnee.rawValue] = Landmark(x: 340, y: 420, visibility: 0.9)
        lms[BodyLandmark.leftAnkle.rawValue] = Landmark(x: 330, y: 540, visibility: 0.9)
        lms[BodyLandmark.nose.rawValue] = Landmark(x: sh.x + 40, y: sh.y - 30, visibility: 0.9)
        lms[BodyLandmark.leftFootIndex.rawValue] = Landmark(x: 360, y: 540, visibility: 0.9)
        let b = lumbar * .pi / 360
        let s1 = Point2(300, 300), l3 = s1 + Point2(sin(th + b), -cos(th + b)) * 45, t12 = l3 + Point2(sin(th - b), -cos(th - b)) * 45
        if markerless {
            let slope = tan((-10 + 15 * depth) * .pi / 180)      // depth change per trunk length
            let depths: [Double?] = (0..<41).map { k in
                let u = Double(k) / 40
                return 150 * (0.3 + slope * min(u, 0.5) - 0.1 * max(0, u - 0.5))
            }
            return PoseFrame(index: i, time: t, landmarks: lms,
                             dorsalContour: DorsalContour(hip: hip, shoulder: sh, depths: depths), personScore: 0.95)
        }
        return PoseFrame(index: i, time: t, landmarks: lms,
                         spine: [SpinePoint(site: .t12, x: t12.x, y: t12.y), SpinePoint(site: .l3, x: l3.x, y: l3.y),
                                 SpinePoint(site: .s1, x: s1.x, y: s1.y)], personScore: 0.95)
    }
}
