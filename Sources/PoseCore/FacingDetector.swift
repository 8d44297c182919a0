/// Which way a side-on lifter faces, from body landmarks.
///
/// Votes (each weighted by the landmarks' visibility): the nose ahead of the ears, and the toes
/// ahead of the heels. Returns nil when the votes cancel or the points are missing.
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
        if abs(vote) < 0.2 { return nil }
        return vote > 0 ? .right : .left
    }

    private static let feet: [(BodyLandmark, BodyLandmark)] = [(.leftHeel, .leftFootIndex), (.rightHeel, .rightFootIndex)]

    private static func sign(_ v: Double) -> Double { v > 0 ? 1 : (v < 0 ? -1 : 0) }
}
