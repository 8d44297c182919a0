import Foundation
import PoseCore

/// Pose frames of a side-on hinge with known angles, for analyzer tests (no video).
public struct SyntheticLift {
    public var fps = 30.0
    public var facing = Facing.right
    public var trunkPx = 150.0
    public var withSpine = true
    public var withBody = true

    public init(fps: Double = 30, facing: Facing = .right, trunkPx: Double = 150, withSpine: Bool = true, withBody: Bool = true) {
        self.fps = fps
        self.facing = facing
        self.trunkPx = trunkPx
        self.withSpine = withSpine
        self.withBody = withBody
    }

    /// Per-frame truth: trunk inclination (deg) and lumbar angle (deg, + = lordosis).
    public struct Truth {
        public var inclination: Double
        public var lumbar: Double
        public var visibility: Double
        public init(inclination: Double, lumbar: Double, visibility: Double = 0.95) {
            self.inclination = inclination
            self.lumbar = lumbar
            self.visibility = visibility
        }
    }

    public func frames(_ truth: [Truth]) -> [PoseFrame] {
        truth.enumerated().map { i, t in frame(index: i, truth: t) }
    }

    public func frame(index: Int, truth t: Truth) -> PoseFrame {
        let sx: Double = facing == .right ? 1 : -1
        let hip = Point2(320, 300)
        let th = t.inclination * .pi / 180
        let u = Point2(sx * sin(th), -cos(th))               // hip → shoulder
        let shoulder = hip + u * trunkPx
        var lms = Array(repeating: Landmark(x: hip.x, y: hip.y, visibility: t.visibility), count: 33)
        func set(_ b: BodyLandmark, _ p: Point2) { lms[b.rawValue] = Landmark(x: p.x, y: p.y, visibility: t.visibility) }
        set(.leftShoulder, shoulder + Point2(1, 0)); set(.rightShoulder, shoulder - Point2(1, 0))
        set(.leftHip, hip); set(.rightHip, hip)
        let knee = hip + Point2(sx * 20, 120), ankle = knee + Point2(-sx * 10, 120)
        set(.leftKnee, knee); set(.rightKnee, knee); set(.leftAnkle, ankle); set(.rightAnkle, ankle)
        set(.leftHeel, ankle - Point2(sx * 10, 0)); set(.rightHeel, ankle - Point2(sx * 10, 0))
        set(.leftFootIndex, ankle + Point2(sx * 30, 0)); set(.rightFootIndex, ankle + Point2(sx * 30, 0))
        let head = shoulder + u * 40
        set(.leftEar, head); set(.rightEar, head); set(.nose, head + Point2(sx * 15, 0))
        var spine: [SpinePoint] = []
        if withSpine {
            // Chain S1 → L3 → T12 up the back, bent at L3 by the lumbar angle: lordosis puts L3
            // anterior (+x when facing right) of the S1–T12 line.
            let back = Point2(-u.y, u.x) * (-sx)              // dorsal normal
            let s1 = hip + back * 25
            let half = t.lumbar / 2 * .pi / 180
            func rotate(_ v: Point2, _ a: Double) -> Point2 { Point2(v.x * cos(a) - v.y * sin(a), v.x * sin(a) + v.y * cos(a)) }
            // In image coordinates (y down) a positive rotation turns +x toward +y.
            let l3 = s1 + rotate(u, sx * half) * 45
            let t12 = l3 + rotate(u, -sx * half) * 45
            let t8 = t12 + u * 40, c7 = t8 + u * 40
            spine = [SpinePoint(site: .c7, x: c7.x, y: c7.y), SpinePoint(site: .t8, x: t8.x, y: t8.y),
                     SpinePoint(site: .t12, x: t12.x, y: t12.y), SpinePoint(site: .l3, x: l3.x, y: l3.y),
                     SpinePoint(site: .s1, x: s1.x, y: s1.y)]
        }
        return PoseFrame(index: index, time: Double(index) / fps, landmarks: withBody ? lms : [], spine: spine, personScore: 0.98)
    }

    /// A set: optional quiet standing, then reps of descent/bottom/ascent with a lumbar loss per rep.
    /// Returns the truth and the intervals where the lost-posture rule holds (30° loaded,
    /// ≥ 15° flexion) for checking flags.
    public func set(standingS: Double = 2, reps lumbarLoss: [Double], peakDeg: Double = 60, neutral: Double = 30,
             repS: Double = 3, pauseS: Double = 0.6) -> [Truth] {
        var out: [Truth] = []
        for _ in 0..<Int(standingS * fps) { out.append(Truth(inclination: 2, lumbar: neutral)) }
        for loss in lumbarLoss {
            let n = Int(repS * fps)
            for k in 0..<n {
                let phase = Double(k) / Double(n)
                let depth = sin(phase * .pi)          // 0 → 1 → 0
                out.append(Truth(inclination: 2 + (peakDeg - 2) * depth, lumbar: neutral - loss * depth * depth))
            }
            for _ in 0..<Int(pauseS * fps) { out.append(Truth(inclination: 2, lumbar: neutral)) }
        }
        return out
    }
}

extension SyntheticLift {
    /// Writes `frames` as a native landmark file (source "markers", 640 × 480, this lift's fps),
    /// creating the folder: the input most CLI, batch and job tests start from.
    @discardableResult
    public func writeLandmarkFile(_ frames: [PoseFrame], to url: URL) throws -> URL {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let writer = try LandmarkFileWriter(url: url, header: LandmarkFileHeader(source: "markers", skeleton: .blazePose33,
                                                                                 width: 640, height: 480, fps: fps))
        for frame in frames { try writer.write(frame) }
        try writer.finish()
        return url
    }
}
