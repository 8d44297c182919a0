import Foundation
import PoseCore

/// Segment lengths and offsets of the generated lifter, metres (an adult of about 1.78 m).
///
/// The spine is a chain of skin points over the spinous processes: S1, L5…L1 (6 equal lumbar
/// segments up to T12), T12…T1 and C7 (12 equal thoracic segments). Within the lumbar and within
/// the thoracic region every joint turns by the same angle, so the chord angles of
/// `SpineAngles` equal the script's angles exactly: the T12→L3 / L3→S1 angle is 3 × the lumbar
/// joint angle, the C7→T8 / T8→T12 angle 6 × the thoracic joint angle.
public struct BodyDimensions: Sendable, Hashable {
    public var ankleHeightM = 0.08
    public var heelBackM = 0.07
    public var toeForwardM = 0.17
    public var shankM = 0.43
    public var thighM = 0.43
    public var upperArmM = 0.32
    public var forearmM = 0.27
    /// Wrist to the middle of the grip.
    public var gripM = 0.065
    public var lumbarSegmentM = 0.034
    public var thoracicSegmentM = 0.024
    /// S1 skin point from the hip joint in the pelvis frame (x forward, y up) when upright.
    public var sacrumOffset = Point2(-0.105, 0.085)
    /// Direction of the S1→L5 skin segment from vertical in the pelvis frame, degrees forward.
    public var sacralBaseDeg = 22.0
    /// The shoulder joint sits this far anterior of the T3 skin point.
    public var shoulderAnteriorM = 0.09
    public var neckSegmentM = 0.04
    /// Lateral half-distances (z) of hips, knees, feet and shoulders.
    public var hipHalfWidthM = 0.09
    public var kneeHalfWidthM = 0.1
    public var footHalfWidthM = 0.11
    public var shoulderHalfWidthM = 0.19
    /// Head half-sizes: front-back, up-down, left-right.
    public var headHalfDepthM = 0.102
    public var headHalfHeightM = 0.122
    public var headHalfWidthM = 0.078

    public init() {}

    /// Midfoot, the balance point (x ahead of the ankle).
    var midfootX: Double { 0.05 }
}

/// Indices of named skin points in `BodyPose.spine` (S1 = 0 … C7 = 18).
enum SpineNode {
    static let s1 = 0, l5 = 1, l3 = 3, l1 = 5, t12 = 6, t8 = 10, t3 = 15, t2 = 16, c7 = 18
    static let count = 19

    static func index(of site: SpineSite) -> Int? {
        switch site {
        case .s1: s1
        case .l5: l5
        case .l3: l3
        case .l1: l1
        case .t12: t12
        case .t8: t8
        case .t3: t3
        case .c7: c7
        }
    }
}

/// One arm, 3-D body frame.
struct ArmPose: Sendable, Hashable {
    var shoulder: Vec3
    var elbow: Vec3
    var wrist: Vec3
    var grip: Vec3
}

/// The solved posture of one frame in the body frame (metres, x forward, y up, z left, ankle
/// below the origin). Sagittal points (`Point2`, x forward, y up) apply to both sides, which
/// differ only in z.
struct BodyPose: Sendable {
    var dims: BodyDimensions
    /// Skin points S1 … C7 (`SpineNode`).
    var spine: [Point2]
    /// Upward unit tangent of the skin line at each spine node.
    var tangents: [Point2]
    /// C7, mid-neck, occiput (back of the neck).
    var neck: [Point2]
    var headCenter: Point2
    /// Head "up" axis from vertical, radians, positive tilted forward.
    var headPitch: Double
    var hip: Point2, knee: Point2, ankle: Point2, heel: Point2, toe: Point2
    var shoulder: Point2
    /// Pelvis rotation from upright, radians, positive forward.
    var pelvisAngle: Double
    /// Thigh (knee→hip) and shank (ankle→knee) from vertical, radians, positive forward.
    var thighAngle: Double, shankAngle: Double
    /// [left, right].
    var arms: [ArmPose]
    /// Centre of the bar / kettlebell handle.
    var loadCenter: Vec3
    var trunkInclinationDeg: Double
    var hipFlexionDeg: Double
    var kneeFlexionDeg: Double
    var lumbarAngleDeg: Double
    var thoracicAngleDeg: Double

    /// Anterior unit normal of an upward tangent (sagittal, y up).
    static func anterior(_ up: Point2) -> Point2 { Point2(up.y, -up.x) }

    /// Maps a point of the head frame (x forward, y up, z left; metres from the head centre).
    func headPoint(_ x: Double, _ y: Double, _ z: Double) -> Vec3 {
        let p = headCenter + Point2(x, y).rotated(-headPitch)
        return Vec3(p.x, p.y, z)
    }
}

/// Solves the kinematic chain for a frame's targets.
struct BodySolver: Sendable {
    var dims: BodyDimensions
    var armMode: ArmMode
    var load: SynthLoad

    /// Solves a frame; `.gripDrop` legs are solved for the knee angle that puts the grip at
    /// its target height.
    func solve(_ t: PoseTargets, standingKneeDeg: Double) -> BodyPose {
        switch t.legs {
        case .kneeFlexion(let k):
            return pose(trunkDeg: t.trunkInclinationDeg, kneeDeg: k, lumbarDeg: t.lumbarAngleDeg,
                        thoracicDeg: t.thoracicAngleDeg, armDeg: t.armAngleDeg)
        case .gripDrop(let fraction, let bottom):
            // From the grip height the standing knee angle gives at this trunk angle, towards the bottom.
            let top = pose(trunkDeg: t.trunkInclinationDeg, kneeDeg: standingKneeDeg, lumbarDeg: t.lumbarAngleDeg,
                           thoracicDeg: t.thoracicAngleDeg, armDeg: t.armAngleDeg).loadCenter.y
            if fraction <= 0 {
                return pose(trunkDeg: t.trunkInclinationDeg, kneeDeg: standingKneeDeg, lumbarDeg: t.lumbarAngleDeg,
                            thoracicDeg: t.thoracicAngleDeg, armDeg: t.armAngleDeg)
            }
            let target = lerp(top, bottom, fraction)
            func height(_ k: Double) -> Double {
                pose(trunkDeg: t.trunkInclinationDeg, kneeDeg: k, lumbarDeg: t.lumbarAngleDeg,
                     thoracicDeg: t.thoracicAngleDeg, armDeg: t.armAngleDeg).loadCenter.y
            }
            // Grip height falls as the knees bend: bisection on the knee angle.
            var lo = standingKneeDeg, hi = 130.0
            if height(lo) <= target { hi = lo } else if height(hi) >= target { lo = hi } else {
                for _ in 0..<40 {
                    let mid = 0.5 * (lo + hi)
                    if height(mid) > target { lo = mid } else { hi = mid }
                }
            }
            return pose(trunkDeg: t.trunkInclinationDeg, kneeDeg: 0.5 * (lo + hi), lumbarDeg: t.lumbarAngleDeg,
                        thoracicDeg: t.thoracicAngleDeg, armDeg: t.armAngleDeg)
        }
    }

    /// The pose for explicit angles; the shank angle is solved so that the centre of mass
    /// (body and load) lies over the midfoot.
    func pose(trunkDeg: Double, kneeDeg: Double, lumbarDeg: Double, thoracicDeg: Double, armDeg: Double) -> BodyPose {
        let trunk = Trunk(dims: dims, trunkDeg: trunkDeg, lumbarDeg: lumbarDeg, thoracicDeg: thoracicDeg)
        func build(_ shank: Double) -> BodyPose {
            assemble(trunk: trunk, shank: shank, knee: radians(kneeDeg), armDeg: armDeg, trunkDeg: trunkDeg)
        }
        var lo = radians(-25), hi = radians(45)
        let target = dims.midfootX
        if comX(build(lo)) >= target { hi = lo } else if comX(build(hi)) <= target { lo = hi } else {
            for _ in 0..<40 {
                let mid = 0.5 * (lo + hi)
                if comX(build(mid)) < target { lo = mid } else { hi = mid }
            }
        }
        return build(0.5 * (lo + hi))
    }

    /// Horizontal centre of mass, body plus load (segment mass fractions after Dempster).
    private func comX(_ p: BodyPose) -> Double {
        let trunkMid = Point2.midpoint(p.hip, p.shoulder) + BodyPose.anterior((p.shoulder - p.hip).normalized) * 0.03
        var m = 0.0, x = 0.0
        func add(_ mass: Double, _ px: Double) { m += mass; x += mass * px }
        add(0.08, p.headCenter.x)
        add(0.50, trunkMid.x)
        for arm in p.arms {
            add(0.028, 0.5 * (arm.shoulder.x + arm.elbow.x))
            add(0.022, 0.5 * (arm.elbow.x + arm.grip.x))
        }
        add(0.20, 0.5 * (p.hip.x + p.knee.x))
        add(0.12, 0.5 * (p.knee.x + p.ankle.x))
        add(load.massRatio, p.loadCenter.x)
        return x / m
    }

    private func assemble(trunk: Trunk, shank: Double, knee: Double, armDeg: Double, trunkDeg: Double) -> BodyPose {
        let ankle = Point2(0, dims.ankleHeightM)
        let kneeP = ankle + Point2.fromVertical(shank) * dims.shankM
        let thighAngle = shank - knee
        let hip = kneeP + Point2.fromVertical(thighAngle) * dims.thighM
        let spine = trunk.spine.map { $0 + hip }
        let shoulder = trunk.shoulder + hip
        let neck = trunk.neck.map { $0 + hip }
        let headCenter = trunk.headCenter + hip
        let heel = Point2(-dims.heelBackM, 0.012)
        let toe = Point2(dims.toeForwardM, 0.012)

        // Arms.
        var arms: [ArmPose] = []
        var loadCenter = Vec3(shoulder.x, 0, 0)
        let armLength = dims.upperArmM + dims.forearmM
        for side in [1.0, -1.0] {
            let s3 = Vec3(shoulder.x, shoulder.y, side * dims.shoulderHalfWidthM)
            switch armMode {
            case .hanging:
                let a = radians(armDeg)
                let dir = Point2(sin(a), -cos(a))
                let gripZ: Double
                switch load {
                case .kettlebell: gripZ = 0.035
                case .barbell: gripZ = 0.235
                case .none: gripZ = dims.shoulderHalfWidthM
                }
                let reach = armLength * 0.998
                // Wrist on the line from the shoulder, laterally at the grip.
                let lateral = side * gripZ - s3.z
                let sag = (reach * reach - lateral * lateral).squareRoot()
                let wrist = Vec3(shoulder.x + dir.x * sag, shoulder.y + dir.y * sag, side * gripZ)
                let elbow = Self.elbow(shoulder: s3, wrist: wrist, upper: dims.upperArmM, fore: dims.forearmM,
                                       pole: Vec3(-cos(a), -sin(a), 0))
                let grip = Vec3(wrist.x + dir.x * dims.gripM, wrist.y + dir.y * dims.gripM, wrist.z)
                arms.append(ArmPose(shoulder: s3, elbow: elbow, wrist: wrist, grip: grip))
                loadCenter = Vec3(grip.x, grip.y, 0)
            case .barOnBack:
                let bar = trunk.barOnBack + hip
                let grip = Vec3(bar.x, bar.y, side * 0.42)
                let toShoulder = s3 - grip
                let d = (toShoulder.x * toShoulder.x + toShoulder.y * toShoulder.y + toShoulder.z * toShoulder.z).squareRoot()
                let wrist = grip + toShoulder * (dims.gripM * 0.6 / d)
                let elbow = Self.elbow(shoulder: s3, wrist: wrist, upper: dims.upperArmM, fore: dims.forearmM,
                                       pole: Vec3(-0.5, -1, 0))
                arms.append(ArmPose(shoulder: s3, elbow: elbow, wrist: wrist, grip: grip))
                loadCenter = Vec3(bar.x, bar.y, 0)
            }
        }

        let trunkVec = shoulder - hip
        let trunkIncl = atan2(trunkVec.x, trunkVec.y)
        return BodyPose(
            dims: dims, spine: spine, tangents: trunk.tangents, neck: neck, headCenter: headCenter, headPitch: trunk.headPitch,
            hip: hip, knee: kneeP, ankle: ankle, heel: heel, toe: toe, shoulder: shoulder, pelvisAngle: trunk.pelvisAngle,
            thighAngle: thighAngle, shankAngle: shank, arms: arms, loadCenter: loadCenter,
            trunkInclinationDeg: degrees(trunkIncl), hipFlexionDeg: degrees(trunkIncl - thighAngle),
            kneeFlexionDeg: degrees(knee), lumbarAngleDeg: trunk.lumbarDeg, thoracicAngleDeg: trunk.thoracicDeg)
    }

    /// Two-link inverse kinematics: the elbow between shoulder and wrist, bent towards `pole`.
    static func elbow(shoulder: Vec3, wrist: Vec3, upper: Double, fore: Double, pole: Vec3) -> Vec3 {
        let d3 = wrist - shoulder
        var d = (d3.x * d3.x + d3.y * d3.y + d3.z * d3.z).squareRoot()
        d = min(max(d, abs(upper - fore) + 1e-6), upper + fore - 1e-9)
        let e = d3 * (1 / max(d, 1e-9))
        let a = (upper * upper - fore * fore + d * d) / (2 * d)
        let h = max(0, upper * upper - a * a).squareRoot()
        // Component of the pole orthogonal to e.
        let pe = pole.x * e.x + pole.y * e.y + pole.z * e.z
        var n = pole - e * pe
        let nl = (n.x * n.x + n.y * n.y + n.z * n.z).squareRoot()
        n = nl > 1e-9 ? n * (1 / nl) : Vec3(-1, 0, 0)
        return shoulder + e * a + n * h
    }
}

/// The trunk (pelvis, spine, shoulders, neck and head) relative to the hip joint, rotated so
/// that hip→shoulder has the requested inclination.
struct Trunk: Sendable {
    var spine: [Point2] = []
    var tangents: [Point2] = []
    var shoulder = Point2.zero
    var neck: [Point2] = []
    var headCenter = Point2.zero
    var headPitch = 0.0
    var pelvisAngle = 0.0
    var barOnBack = Point2.zero
    var lumbarDeg: Double
    var thoracicDeg: Double

    init(dims: BodyDimensions, trunkDeg: Double, lumbarDeg: Double, thoracicDeg: Double) {
        self.lumbarDeg = lumbarDeg
        self.thoracicDeg = thoracicDeg
        // Segment directions from vertical (radians, + forward), going up from S1.
        let dl = radians(lumbarDeg) / 3, dt = radians(thoracicDeg) / 6
        var dirs: [Double] = []
        var a = radians(dims.sacralBaseDeg)
        for k in 0..<(SpineNode.count - 1) {
            if k > 0 {
                // Joint at node k: lumbar joints (L5…L1) turn back by dl, thoracic (T11…T1)
                // forward by dt, T12 half of each.
                if k < SpineNode.t12 { a -= dl } else if k == SpineNode.t12 { a += 0.5 * (dt - dl) } else { a += dt }
            }
            dirs.append(a)
        }
        var pts = [dims.sacrumOffset]
        for (k, d) in dirs.enumerated() {
            let len = k < SpineNode.t12 ? dims.lumbarSegmentM : dims.thoracicSegmentM
            pts.append(pts[k] + Point2.fromVertical(d) * len)
        }
        var tangents: [Point2] = []
        for k in 0..<SpineNode.count {
            let d = k == 0 ? dirs[0] : k == SpineNode.count - 1 ? dirs[k - 1] : 0.5 * (dirs[k - 1] + dirs[k])
            tangents.append(Point2.fromVertical(d))
        }
        let t3 = pts[SpineNode.t3], tan3 = tangents[SpineNode.t3]
        var shoulder = t3 + BodyPose.anterior(tan3) * dims.shoulderAnteriorM - tan3 * 0.012
        let bar = pts[SpineNode.t2] + BodyPose.anterior(tangents[SpineNode.t2]) * -0.05 + tangents[SpineNode.t2] * 0.01

        // Rotate about the hip joint so that hip→shoulder leans by trunkDeg.
        let current = atan2(shoulder.x, shoulder.y)
        let rot = radians(trunkDeg) - current
        pts = pts.map { $0.rotated(-rot) }
        tangents = tangents.map { $0.rotated(-rot) }
        shoulder = shoulder.rotated(-rot)
        self.barOnBack = bar.rotated(-rot)
        pelvisAngle = rot

        // Neck and head: lifters keep the gaze down-forward, so the head tilts about half as much
        // as the trunk.
        let topDir = atan2(tangents[SpineNode.c7].x, tangents[SpineNode.c7].y)
        let headUp = 0.5 * radians(trunkDeg) + radians(4)
        let c7 = pts[SpineNode.c7]
        let n1 = c7 + Point2.fromVertical(0.5 * (topDir + headUp)) * dims.neckSegmentM
        let n2 = n1 + Point2.fromVertical(headUp) * dims.neckSegmentM
        neck = [c7, n1, n2]
        headPitch = headUp
        headCenter = n2 + Point2.fromVertical(headUp) * 0.05 + BodyPose.anterior(Point2.fromVertical(headUp)) * 0.05
        spine = pts
        self.tangents = tangents
        self.shoulder = shoulder
    }
}
