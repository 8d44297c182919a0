/// Which way a side-on lifter faces, from body landmarks.
///
/// Votes (each weighted by the landmarks' visibility): the nose ahead of the ears, the toes
/// ahead of the heels, the shoulders ahead of the hips in a forward lean (> 20°), and — for marker capture, where there is no face — the hip joint in front
/// of the spine (the line from the lowest spine point to the highest). Returns nil when the
/// votes cancel or the points are missing.
public enum FacingDetector {
    /// - Returns: `.right` when the lifter faces +x in the image, `.left` for −x, nil if unclear.
    public static func facing(of frame: PoseFrame) -> Facing? {
        var vote = 0.0
        if let nose = frame[.nose], let le = frame[.leftEar], let re = frame[.rightEar] {
            let ear = Point2.midpoint(le.point, re.point)
            let w = min(nose.visibility, max(le.visibility, re.visibility))
            vote += w * sign(nose.x - ear.x)
        }
        for (heel, toe) in feet {
            if let h = frame[heel], let t = frame[toe] {
                vote += 0.5 * min(h.visibility, t.visibility) * sign(t.x - h.x)
            }
        }
        // A hinge leans forward: shoulders ahead of the hips once the lean passes 20° (a head held
        // down or feet hidden by plates can mislead the other votes; the lean cannot).
        if let ls = frame[.leftShoulder], let rs = frame[.rightShoulder], let lh = frame[.leftHip], let rh = frame[.rightHip] {
            let d = Point2.midpoint(ls.point, rs.point) - Point2.midpoint(lh.point, rh.point)
            if d.length > 1, abs(d.x) / d.length > 0.34 {
                vote += 1.5 * min(max(ls.visibility, rs.visibility), max(lh.visibility, rh.visibility)) * sign(d.x)
            }
        }
        // Spine points lie on the back: the hip joint is anterior of the S1→C7 line.
        if let low = frame.spine.max(by: { $0.site < $1.site }), let high = frame.spine.min(by: { $0.site < $1.site }),
           low.site != high.site, let lh = frame[.leftHip], let rh = frame[.rightHip], max(lh.visibility, rh.visibility) > 0.3 {
            let up = high.point - low.point
            let hip = Point2.midpoint(lh.point, rh.point) - low.point
            // Image y points down: cross > 0 means the hip is on the +x side of the spine line.
            vote += sign(up.cross(hip))
        }
        if abs(vote) < 0.2 { return nil }
        return vote > 0 ? .right : .left
    }

    private static let feet: [(BodyLandmark, BodyLandmark)] = [(.leftHeel, .leftFootIndex), (.rightHeel, .rightFootIndex)]

    private static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }
}
