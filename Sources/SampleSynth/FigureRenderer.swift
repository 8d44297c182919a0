import Foundation
import PoseCapture
import PoseCore

/// One filled or stroked primitive in image pixels.
struct Shape: Sendable {
    enum Kind: Sendable {
        case polygon([Point2])
        case polyline([Point2], thickness: Double)
        case ellipse(center: Point2, halfWidth: Double, halfHeight: Double, angleDeg: Double)
    }
    var kind: Kind
    var color: Color
    /// Part of the person's silhouette (used for occlusion of landmarks).
    var solid: Bool = true
}

/// Painter's-order layers of a frame, back to front.
enum LayerID: Int, CaseIterable, Sendable {
    case shadow, farArm, farLeg, loadFar, trunk, head, loadMiddle, nearLeg, nearArm, loadNear
}

/// Turns a solved `BodyPose` into shapes. Sizes are metres in the body, pixels on screen.
struct FigureRenderer: Sendable {
    var camera: SynthCamera
    var palette: Palette
    var clothing: Clothing
    var load: SynthLoad
    /// Draw the barbell's plates (false: the bar alone, as if pulled from blocks).
    var plates: Bool = true
    /// Soft tissue and limb widths of the lifter's build (`BodyBuild`).
    var tissue = SoftTissue()

    private var ppm: Double { camera.pxPerM }

    /// Shapes per layer for a pose.
    func layers(for pose: BodyPose) -> [[Shape]] {
        var out = Array(repeating: [Shape](), count: LayerID.allCases.count)
        let near = camera.nearSide
        out[LayerID.shadow.rawValue] = shadow(pose)
        let armIndex = { (side: Double) in side > 0 ? 0 : 1 }
        out[LayerID.farArm.rawValue] = arm(pose.arms[armIndex(-near)], near: false)
        out[LayerID.farLeg.rawValue] = leg(pose, side: -near, near: false)
        out[LayerID.trunk.rawValue] = trunk(pose)
        out[LayerID.head.rawValue] = head(pose)
        out[LayerID.nearLeg.rawValue] = leg(pose, side: near, near: true)
        out[LayerID.nearArm.rawValue] = arm(pose.arms[armIndex(near)], near: true)
        let (far, middle, nearLoad) = loadShapes(pose)
        out[LayerID.loadFar.rawValue] = far
        out[LayerID.loadMiddle.rawValue] = middle
        out[LayerID.loadNear.rawValue] = nearLoad
        return out
    }

    // MARK: - Primitives

    /// A limb segment in 3-D drawn as a tapered capsule with a darker tone and a lighter
    /// highlight towards the light (up and towards the camera).
    private func limb(_ a: Vec3, _ b: Vec3, ra: Double, rb: Double, color: Color, into shapes: inout [Shape]) {
        let pa = camera.project(a), pb = camera.project(b)
        shapes.append(Shape(kind: .polygon(capsulePolygon(pa, pb, ra: ra * ppm, rb: rb * ppm)), color: color.shaded(0.86)))
        // Highlight: a narrower capsule shifted up and forward.
        let shift = Point2(0.22 * (camera.facing == .right ? 1 : -1), -0.3)
        let sa = pa + shift * (ra * ppm), sb = pb + shift * (rb * ppm)
        shapes.append(Shape(kind: .polygon(capsulePolygon(sa, sb, ra: ra * ppm * 0.55, rb: rb * ppm * 0.55)),
                            color: color.shaded(1.06), solid: false))
    }

    private func polygon(_ pts: [Point2], z: Double, color: Color, solid: Bool = true) -> Shape {
        Shape(kind: .polygon(pts.map { camera.project($0, z: z) }), color: color, solid: solid)
    }

    // MARK: - Body parts

    private func shadow(_ pose: BodyPose) -> [Shape] {
        let c = camera.project(Vec3(0.05 + 0.3 * (pose.loadCenter.x - 0.05), 0, 0))
        let hw = 0.42 * ppm * max(0.5, camera.sagittalScale), hh = 0.045 * ppm
        return [Shape(kind: .ellipse(center: c, halfWidth: hw, halfHeight: hh, angleDeg: 0),
                      color: palette.floorNear.shaded(0.8), solid: false)]
    }

    private func leg(_ pose: BodyPose, side: Double, near: Bool) -> [Shape] {
        var s: [Shape] = []
        let tone = near ? 1.0 : 0.72
        let d = pose.dims
        let hip = pose.hip.at(z: side * d.hipHalfWidthM)
        let knee = pose.knee.at(z: side * d.kneeHalfWidthM)
        let ankle = pose.ankle.at(z: side * d.footHalfWidthM)
        let w = tissue.limbScale
        limb(hip, knee, ra: 0.082 * w, rb: 0.056 * w, color: palette.skin.shaded(tone), into: &s)
        // Calf bulge behind the upper shank.
        let shankDir = (pose.knee - pose.ankle).normalized
        let back = Point2(-shankDir.y, shankDir.x)  // posterior normal of an upward segment
        let calfTop = (pose.knee - shankDir * 0.07 + back * 0.012).at(z: knee.z)
        let calfLow = (pose.knee - shankDir * 0.22 + back * 0.008).at(z: knee.z)
        limb(calfTop, calfLow, ra: 0.056 * w, rb: 0.045 * w, color: palette.skin.shaded(tone), into: &s)
        limb(knee, ankle, ra: 0.052 * w, rb: 0.036 * w, color: palette.skin.shaded(tone), into: &s)
        // Shorts over the upper thigh.
        let mid = hip + (knee - hip) * 0.55
        limb(hip, mid, ra: 0.092 * w, rb: 0.072 * w, color: palette.shorts.shaded(tone), into: &s)
        // Shoe: sole and upper, sagittal profile at the foot's z.
        let z = ankle.z
        let upper: [Point2] = [
            Point2(-0.075, 0.02), Point2(-0.08, 0.07), Point2(-0.035, 0.105), Point2(0.03, 0.1),
            Point2(0.12, 0.055), Point2(0.185, 0.035), Point2(0.2, 0.02),
        ]
        let sole: [Point2] = [Point2(-0.078, 0.0), Point2(-0.078, 0.025), Point2(0.205, 0.025), Point2(0.205, 0.0)]
        s.append(polygon(upper + [Point2(0.2, 0.015), Point2(-0.075, 0.015)], z: z, color: palette.shoe.shaded(tone)))
        s.append(polygon(sole, z: z, color: palette.sole.shaded(tone)))
        return s
    }

    private func arm(_ arm: ArmPose, near: Bool) -> [Shape] {
        var s: [Shape] = []
        let tone = near ? 1.0 : 0.72
        let w = tissue.limbScale
        limb(arm.shoulder, arm.elbow, ra: 0.05 * w, rb: 0.04 * w, color: palette.skin.shaded(tone), into: &s)
        limb(arm.elbow, arm.wrist, ra: 0.04 * w, rb: 0.03 * w, color: palette.skin.shaded(tone), into: &s)
        // Sleeve, rounded over the deltoid (none without a shirt; to the wrist on a hoodie).
        let sleeveEnd = arm.shoulder + (arm.elbow - arm.shoulder) * 0.45
        switch clothing {
        case .tight, .loose:
            let sleeve = (clothing == .loose ? 0.074 : 0.066) * w
            limb(arm.shoulder, sleeveEnd, ra: sleeve, rb: sleeve * 0.78, color: palette.shirt.shaded(tone), into: &s)
        case .hoodie:
            let cuff = arm.elbow + (arm.wrist - arm.elbow) * 0.92
            limb(arm.shoulder, arm.elbow, ra: 0.078 * w, rb: 0.06 * w, color: palette.shirt.shaded(tone), into: &s)
            limb(arm.elbow, cuff, ra: 0.06 * w, rb: 0.045 * w, color: palette.shirt.shaded(tone), into: &s)
        case .shirtless:
            break
        }
        // Fist around the grip.
        let fist = camera.project(arm.grip + (arm.wrist - arm.grip) * 0.2)
        s.append(Shape(kind: .ellipse(center: fist, halfWidth: 0.042 * ppm, halfHeight: 0.042 * ppm, angleDeg: 0),
                       color: palette.skin.shaded(tone * 0.92)))
        return s
    }

    /// Front (ventral) skin depth from the spine skin line at each spine node, metres.
    private static let frontDepth: [Double] = {
        let keys: [(Int, Double)] = [(0, 0.19), (3, 0.2), (6, 0.21), (9, 0.222), (12, 0.218), (15, 0.19), (16, 0.172), (17, 0.145), (18, 0.11)]
        return (0..<SpineNode.count).map { k in
            let j = keys.lastIndex { $0.0 <= k }!
            if j == keys.count - 1 { return keys[j].1 }
            let (k0, v0) = keys[j], (k1, v1) = keys[j + 1]
            return v0 + (v1 - v0) * Double(k - k0) / Double(k1 - k0)
        }
    }()

    /// Silhouette offset behind the spinous-process skin points, metres, S1 … C7.
    static let erectorOffset: [Double] = [0.004, 0.011, 0.017, 0.02, 0.019, 0.015, 0.011, 0.008, 0.006,
                                          0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.004, 0.004, 0.003]

    /// The sagittal outline of the trunk: dorsal skin line (through every spine skin point),
    /// buttocks, front. Also returns the dorsal and front lines for the clothing.
    func trunkOutline(_ pose: BodyPose) -> (outline: [Point2], back: [Point2], front: [Point2]) {
        let spine = pose.spine
        // Back: C7 down to S1, a smooth curve at a fixed soft-tissue offset behind the skin
        // points over the spinous processes (the erector spinae stand proud of the midline
        // groove, most at L3). The offset moves with the spine, so the silhouette's curve
        // changes exactly as the spine's does.
        // The build scales that offset and may add a uniform fat layer (`SoftTissue`).
        let dorsal = (0..<SpineNode.count).map { k in
            spine[k] - BodyPose.anterior(pose.tangents[k]) * (Self.erectorOffset[k] * tissue.erectorScale + tissue.backFatM)
        }
        let backTopDown = catmullRom(Array(dorsal.reversed()), steps: 3)
        let rotP = { (p: Point2) in pose.hip + p.rotated(-pose.pelvisAngle) }
        let thighUp = Point2.fromVertical(pose.thighAngle)
        let thighAnt = BodyPose.anterior(thighUp)
        // Buttocks: an arc around the hip joint from S1, round the back, to the gluteal fold
        // on the back of the thigh (it follows the thigh as the hip flexes).
        let fold = pose.hip - thighUp * 0.11 - thighAnt * (0.085 * tissue.limbScale)
        let r0 = (dorsal[0] - pose.hip).length, r1 = (fold - pose.hip).length
        let a0 = atan2(dorsal[0].y - pose.hip.y, dorsal[0].x - pose.hip.x)
        var a1 = atan2(fold.y - pose.hip.y, fold.x - pose.hip.x)
        while a1 < a0 { a1 += 2 * .pi }  // counter-clockwise in y-up = round the back when facing +x
        var buttocks: [Point2] = []
        let steps = 14
        for i in 0...steps {
            let u = Double(i) / Double(steps)
            let a = a0 + (a1 - a0) * u
            let r = lerp(r0, r1, u) + (0.018 + tissue.buttockExtraM) * sin(.pi * min(1, u * 1.3))
            buttocks.append(pose.hip + Point2(cos(a), sin(a)) * r)
        }
        let groin = pose.hip - thighUp * 0.12 + thighAnt * (0.06 * tissue.limbScale)
        let pubic = rotP(Point2(0.1 + 0.4 * tissue.bellyExtraM, -0.02))
        // Front: chest and belly at a depth profile from the skin line, up to T3; then the
        // sternal notch, below and in front of C7.
        var front: [Point2] = []
        for k in 0...SpineNode.t3 {
            front.append(spine[k] + BodyPose.anterior(pose.tangents[k]) * (Self.frontDepth[k] + tissue.frontExtra(k)))
        }
        let c7 = spine[SpineNode.c7], c7Tan = pose.tangents[SpineNode.c7]
        front.append(c7 + BodyPose.anterior(c7Tan) * 0.135 - c7Tan * 0.055)
        let frontSmooth = catmullRom(front, steps: 3)
        var outline = backTopDown
        outline.append(contentsOf: buttocks.dropFirst())
        outline.append(groin)
        outline.append(pubic)
        outline.append(contentsOf: frontSmooth)
        return (outline, backTopDown, frontSmooth)
    }

    private func trunk(_ pose: BodyPose) -> [Shape] {
        var s: [Shape] = []
        let (outline, back, front) = trunkOutline(pose)
        let shirt = shirtOutline(pose, back: back, front: front)
        // Side view: one flat outline. Oblique: a prism across the trunk's width (far cap,
        // side faces shaded by their normal and sorted by depth, near cap).
        let halfWidth = tissue.trunkHalfWidthM
        // A pitched side view draws the flat outline on the midline: the back is rounded across,
        // so its outline seen from a little above or below stays within a few millimetres of the
        // midline's (an ellipse of half-axes 15 and 10 cm tilted by 15°: +4 mm), whereas a flat
        // slab's far edge would stand 4 cm proud.
        let nearZ = camera.pitch == 0 ? camera.nearSide * halfWidth : 0
        if camera.sagittalScale > 0.999 {
            s.append(polygon(outline, z: nearZ, color: palette.shorts.shaded(0.95)))
            s.append(polygon(shirt, z: nearZ, color: palette.shirt.shaded(0.88)))
        } else {
            s.append(contentsOf: prism(outline, halfWidth: halfWidth, color: palette.shorts))
            s.append(contentsOf: prism(shirt, halfWidth: halfWidth, color: palette.shirt))
        }
        if clothing == .hoodie {
            s.append(polygon(hood(pose), z: nearZ, color: palette.shirt.shaded(0.8)))
        }
        // Lit band on the near side: from 32 % of the depth (from the back) to 88 %.
        let z = nearZ
        var inner: [Point2] = [], outer: [Point2] = []
        for i in 0...20 {
            let t = 0.1 + 0.8 * Double(i) / 20  // 0 = neck end of the back line, 1 = waist
            let b = back[Int(clampingRounded: t * Double(back.count - 1))]
            let f = front[Int(clampingRounded: (1 - t) * Double(front.count - 1))]
            inner.append(lerp(b, f, 0.32))
            outer.append(lerp(b, f, 0.88))
        }
        let band = inner + outer.reversed()
        s.append(Shape(kind: .polygon(band.map { camera.project($0, z: z) }), color: palette.shirt.shaded(1.05), solid: false))
        // Neck (on the midline).
        let c7 = pose.neck[0], occ = pose.neck[2]
        let ant0 = BodyPose.anterior(pose.tangents[SpineNode.c7]), ant2 = BodyPose.anterior(Point2.fromVertical(pose.headPitch))
        let a = (c7 + ant0 * 0.078 - pose.tangents[SpineNode.c7] * 0.045).at(z: 0)
        let b = (occ + ant2 * 0.062).at(z: 0)
        limb(a, b, ra: 0.076 * tissue.limbScale, rb: 0.066 * tissue.limbScale, color: palette.skin, into: &s)
        return s
    }

    /// The hoodie's hood bunched behind the neck: an ellipse in the sagittal plane, 17 cm along
    /// the spine and 9 cm deep, centred 3 cm below and 4 cm behind C7's skin point, so it
    /// stands about 5 cm proud of the fabric over the upper back.
    func hood(_ pose: BodyPose) -> [Point2] {
        let c7 = pose.spine[SpineNode.c7], up = pose.tangents[SpineNode.c7]
        let back = BodyPose.anterior(up) * -1
        let centre = c7 - up * 0.03 + back * 0.04
        return (0..<24).map { i in
            let t = 2 * .pi * Double(i) / 24
            return centre + up * (0.085 * cos(t)) + back * (0.045 * sin(t))
        }
    }

    /// An extruded sagittal outline seen obliquely: far cap, side faces, near cap.
    private func prism(_ outline: [Point2], halfWidth: Double, color: Color) -> [Shape] {
        let near = camera.nearSide
        var shapes: [Shape] = [polygon(outline, z: -near * halfWidth, color: color.shaded(0.7))]
        // Orientation of the outline (for outward normals): positive area = counter-clockwise.
        var area = 0.0
        for i in outline.indices { area += outline[i].cross(outline[(i + 1) % outline.count]) }
        let light = Point2(0.45, 0.89)
        var faces: [(depth: Double, shape: Shape)] = []
        for i in outline.indices {
            let a = outline[i], b = outline[(i + 1) % outline.count]
            let e = b - a
            guard e.length > 1e-6 else { continue }
            var n = Point2(e.y, -e.x).normalized  // right normal: outward for a counter-clockwise outline
            if area < 0 { n = n * -1 }
            let facing = camera.depth(Vec3(n.x, n.y, 0))  // > 0 when the face turns to the camera
            guard facing > -0.2 else { continue }
            let tone = 0.72 + 0.3 * max(0, n.dot(light))
            let quad = [camera.project(a, z: -near * halfWidth), camera.project(b, z: -near * halfWidth),
                        camera.project(b, z: near * halfWidth), camera.project(a, z: near * halfWidth)]
            let mid = (a + b) * 0.5
            faces.append((camera.depth(Vec3(mid.x, mid.y, 0)), Shape(kind: .polygon(quad), color: color.shaded(tone))))
        }
        faces.sort { $0.depth < $1.depth }
        shapes.append(contentsOf: faces.map(\.shape))
        shapes.append(polygon(outline, z: near * halfWidth, color: color.shaded(0.92)))
        return shapes
    }

    /// `drape` moved a `share` (0…1) of the way onto `skin`, point by point at the same fraction
    /// of arc length (both run from the hem up): fabric lying on the back instead of bridging.
    static func sag(_ drape: [Point2], onto skin: [Point2], share: Double) -> [Point2] {
        guard share > 0, drape.count > 1, skin.count > 1 else { return drape }
        let skinArc = arcFractions(skin), drapeArc = arcFractions(drape)
        var j = 0
        return drape.indices.map { i in
            let f = drapeArc[i]
            while j < skin.count - 2 && skinArc[j + 1] < f { j += 1 }
            let span = skinArc[j + 1] - skinArc[j]
            let onSkin = lerp(skin[j], skin[j + 1], span > 0 ? clamp01((f - skinArc[j]) / span) : 0)
            return lerp(drape[i], onSkin, clamp01(share))
        }
    }

    /// Each point's fraction (0…1) of the polyline's length.
    static func arcFractions(_ pts: [Point2]) -> [Double] {
        var run = [0.0]
        for i in 1..<pts.count { run.append(run[i - 1] + (pts[i] - pts[i - 1]).length) }
        let total = run[run.count - 1]
        return total > 0 ? run.map { $0 / total } : run
    }

    /// The shirt's outline: the trunk above the waistband (tight), or a loose shirt that
    /// bridges the lumbar hollow, stands off the back and hangs at the hem.
    private func shirtOutline(_ pose: BodyPose, back: [Point2], front: [Point2]) -> [Point2] {
        // The tight shirt ends 3 cm above S1 on the back and at the front of node 0.
        let s1Tan = pose.tangents[0]
        switch clothing {
        case .tight, .shirtless:
            let waistBack = pose.spine[0] + s1Tan * 0.012
            var pts = Array(back.dropLast(2))
            pts.append(waistBack)
            pts.append(front[0] + s1Tan * 0.012)
            pts.append(contentsOf: front.dropFirst())
            return pts
        case .loose, .hoodie:
            let hoodie = clothing == .hoodie
            // Convex hull of the back line on the dorsal side (bridges the lordotic hollow). The
            // hoodie reaches over the top of the buttocks: its lowest anchor is 7 cm below S1
            // and 3 cm behind the skin line, so the hull bridges from further down and back.
            let hemBackSkin = hoodie ? back[back.count - 1] - s1Tan * 0.07 - BodyPose.anterior(s1Tan) * 0.03
                : pose.spine[0] - s1Tan * 0.04
            var chain = Array(back.reversed())  // S1 … C7, going up
            chain[0] = hemBackSkin
            var hull: [Point2] = []
            for p in chain {
                while hull.count >= 2, (hull[hull.count - 1] - hull[hull.count - 2]).cross(p - hull[hull.count - 1]) > 0 {
                    hull.removeLast()
                }
                hull.append(p)
            }
            // Resample densely (the shirt then stands off 1.5 cm posteriorly).
            var dorsal: [Point2] = []
            for i in 0..<(hull.count - 1) {
                let a = hull[i], b = hull[i + 1]
                let steps = max(1, Int(clampingRounded: (b - a).length / 0.02, .towardZero))
                for k in 0..<steps { dorsal.append(lerp(a, b, Double(k) / Double(steps))) }
            }
            dorsal.append(hull[hull.count - 1])
            let inclination = max(0, sin(radians(pose.trunkInclinationDeg)))
            // The hoodie's fabric settles onto the back under gravity as the trunk tips forward:
            // upright it hangs from the shoulder blades across the hollow (the hull), horizontal
            // its weight lies on the back and it follows the skin. The sagged share is the part of
            // gravity normal to the back, sin(inclination), and the 2 cm air gap closes with it
            // (1 cm of fabric stays). Seen on the real hoodie lifter of ../shared/realclips
            // (docs/measurements.md): hinged, the outline follows a flat back; a bridge from
            // buttocks to shoulder blades, as drawn before, read every neutral rep as rounded.
            if hoodie { dorsal = Self.sag(dorsal, onto: chain, share: inclination) }
            // The hoodie's ribbed hem holds at the hips: it hangs less than the shirt.
            let hang = hoodie ? 0.015 + 0.04 * inclination : 0.025 + 0.06 * inclination
            let standOff = hoodie ? 0.01 + 0.02 * (1 - inclination) : 0.015
            dorsal = dorsal.enumerated().map { i, p in
                let tIdx = Double(i) / Double(max(1, dorsal.count - 1))  // 0 at hem … 1 at neck
                let up = pose.tangents[min(SpineNode.count - 1, Int(clampingRounded: tIdx * Double(SpineNode.count - 1), .towardZero))]
                var q = p - BodyPose.anterior(up) * standOff * min(1, tIdx * 6 + 0.2)
                // Gravity pulls the lower part of the shirt towards the floor.
                let w = max(0, 1 - tIdx / 0.35)
                q.y -= hang * w * w
                return q
            }
            // Hem: hangs straight down off the back at the waistband, then across to the front.
            let hemBack = hoodie ? dorsal[0] + Point2(0, -0.02) : dorsal[0] + Point2(0, -0.035 - 0.03 * inclination)
            var frontLine = Array(front)
            let hemFront = hoodie ? frontLine[0] - s1Tan * 0.07 + Point2(0, -0.02 - 0.03 * inclination)
                : frontLine[0] - s1Tan * 0.05 + Point2(0, -0.02 - 0.05 * inclination)
            // In front: the shirt stands 2 cm off the belly; the hoodie (and its pouch) 3.5 cm.
            let frontOff = hoodie ? 0.035 : 0.02
            let frontSag = hoodie ? 0.04 : 0.07
            frontLine = frontLine.enumerated().map { i, p in
                let t = Double(i) / Double(max(1, frontLine.count - 1))
                let w = max(0, 1 - t / 0.6)
                return p + BodyPose.anterior(pose.tangents[min(SpineNode.count - 1, Int(clampingRounded: t * Double(SpineNode.count - 1), .towardZero))]) * frontOff
                    + Point2(0, -frontSag * inclination * w)
            }
            var pts = Array(dorsal.reversed())  // neck … hem
            pts.append(hemBack)
            pts.append(hemFront)
            pts.append(contentsOf: frontLine)
            return pts
        }
    }

    private func head(_ pose: BodyPose) -> [Shape] {
        var s: [Shape] = []
        let d = pose.dims
        let near = camera.nearSide
        let yaw = camera.yaw
        let c = camera.project(pose.headCenter.at(z: 0))
        // Apparent half-width of the head ellipsoid after the turn.
        let hw = ((d.headHalfDepthM * cos(yaw)) * (d.headHalfDepthM * cos(yaw)) + (d.headHalfWidthM * sin(yaw)) * (d.headHalfWidthM * sin(yaw))).squareRoot()
        let pitchDeg = degrees(pose.headPitch) * (camera.facing == .right ? 1 : -1)
        // Hair (the whole head), then the face over its front and lower part.
        // Apparent half-height after the camera's pitch (the head's width comes into view).
        let hh = camera.pitch == 0 ? d.headHalfHeightM
            : ((d.headHalfHeightM * cos(camera.pitch)) * (d.headHalfHeightM * cos(camera.pitch))
               + (d.headHalfWidthM * sin(camera.pitch)) * (d.headHalfWidthM * sin(camera.pitch))).squareRoot()
        s.append(Shape(kind: .ellipse(center: c, halfWidth: hw * ppm, halfHeight: hh * ppm, angleDeg: pitchDeg),
                       color: palette.hair))
        let faceC = camera.project(pose.headPoint(0.016 * cos(yaw), -0.018, near * 0.0))
        s.append(Shape(kind: .ellipse(center: faceC, halfWidth: hw * 0.93 * ppm, halfHeight: hh * 0.9 * ppm,
                                      angleDeg: pitchDeg), color: palette.skin))
        // Features visible from the camera: ear, eye, brow, nose, mouth.
        for side in [-near, near] {
            let ear = pose.headPoint(-0.01, -0.005, side * d.headHalfWidthM)
            if isFacingCamera(normal: Vec3(0, 0, side), pose: pose) {
                let pe = camera.project(ear)
                s.append(Shape(kind: .ellipse(center: pe, halfWidth: 0.02 * ppm * max(0.35, camera.sagittalScale),
                                              halfHeight: 0.032 * ppm, angleDeg: pitchDeg), color: palette.skin.shaded(0.82)))
                s.append(Shape(kind: .ellipse(center: pe, halfWidth: 0.009 * ppm * max(0.35, camera.sagittalScale),
                                              halfHeight: 0.017 * ppm, angleDeg: pitchDeg), color: palette.skin.shaded(0.62), solid: false))
            }
            let eyeNormal = Vec3(cos(radians(30)), 0, side * sin(radians(30)))
            if isFacingCamera(normal: eyeNormal, pose: pose) {
                let eye = camera.project(pose.headPoint(0.078, 0.022, side * 0.034))
                let w = 0.012 * ppm
                s.append(Shape(kind: .ellipse(center: eye, halfWidth: w, halfHeight: w * 0.62, angleDeg: pitchDeg),
                               color: palette.eyeWhite, solid: false))
                let pupil = camera.project(pose.headPoint(0.083, 0.022, side * 0.032))
                s.append(Shape(kind: .ellipse(center: pupil, halfWidth: w * 0.55, halfHeight: w * 0.55, angleDeg: 0),
                               color: palette.pupil, solid: false))
                let b0 = camera.project(pose.headPoint(0.07, 0.045, side * 0.036))
                let b1 = camera.project(pose.headPoint(0.095, 0.042, side * 0.03))
                s.append(Shape(kind: .polyline([b0, b1], thickness: max(1, 0.006 * ppm)), color: palette.hair, solid: false))
            }
        }
        // Nose (3-D triangle on the midline) and mouth.
        let n0 = camera.project(pose.headPoint(0.094, 0.012, 0))
        let n1 = camera.project(pose.headPoint(0.126, -0.028, 0))
        let n2 = camera.project(pose.headPoint(0.096, -0.036, 0))
        s.append(Shape(kind: .polygon([n0, n1, n2]), color: palette.skin.shaded(0.93)))
        let m0 = camera.project(pose.headPoint(0.1, -0.062, 0))
        let m1 = camera.project(pose.headPoint(0.084, -0.064, near * 0.022))
        s.append(Shape(kind: .polyline([m0, m1], thickness: max(1, 0.007 * ppm)), color: palette.lips, solid: false))
        return s
    }

    /// True when a head-frame direction points towards the camera.
    func isFacingCamera(normal n: Vec3, pose: BodyPose) -> Bool {
        let r = Point2(n.x, n.y).rotated(-pose.headPitch)
        return camera.depth(Vec3(r.x, r.y, n.z)) > 0.05
    }

    // MARK: - Load

    private func loadShapes(_ pose: BodyPose) -> ([Shape], [Shape], [Shape]) {
        var far: [Shape] = [], middle: [Shape] = [], nearShapes: [Shape] = []
        let c = pose.loadCenter
        let near = camera.nearSide
        switch load {
        case .barbell(let plateR, _):
            let barR = 0.014
            // Bar: far sleeve, middle, near sleeve.
            let farEnd = Vec3(c.x, c.y, -near * 1.1), nearEnd = Vec3(c.x, c.y, near * 1.1)
            let farIn = Vec3(c.x, c.y, -near * 0.3), nearIn = Vec3(c.x, c.y, near * 0.3)
            far.append(Shape(kind: .polygon(capsulePolygon(camera.project(farEnd), camera.project(farIn), ra: 0.025 * ppm, rb: barR * ppm)),
                             color: palette.metal.shaded(0.8)))
            middle.append(Shape(kind: .polygon(capsulePolygon(camera.project(farIn), camera.project(nearIn), ra: barR * ppm, rb: barR * ppm)),
                                color: palette.metal))
            for (side, into) in [(-near, 0), (near, 1)] where plates {
                var shapes: [Shape] = []
                let tone = into == 0 ? 0.75 : 1.0
                // Plate stack from its inner to its outer face.
                let zIn = side * 0.66, zOut = side * 0.74
                let steps = camera.sagittalScale > 0.999 ? 1 : 4
                for k in 0...steps {
                    let z = zIn + (zOut - zIn) * Double(k) / Double(steps)
                    let pc = camera.project(Vec3(c.x, c.y, z))
                    shapes.append(Shape(kind: .ellipse(center: pc, halfWidth: plateR * ppm * max(0.05, camera.sagittalScale),
                                                       halfHeight: plateR * ppm * camera.verticalScale, angleDeg: 0),
                                               color: palette.plate.shaded(tone * (k == steps ? 1 : 0.8))))
                }
                // The face towards the camera carries a ring and the hub.
                let faceZ = camera.depth(Vec3(0, 0, zOut)) > camera.depth(Vec3(0, 0, zIn)) ? zOut : zIn
                let fc = camera.project(Vec3(c.x, c.y, faceZ))
                let sx = max(0.05, camera.sagittalScale)
                shapes.append(Shape(kind: .ellipse(center: fc, halfWidth: plateR * 0.86 * ppm * sx, halfHeight: plateR * 0.86 * ppm * camera.verticalScale, angleDeg: 0),
                                    color: palette.plateRing.shaded(tone), solid: false))
                shapes.append(Shape(kind: .ellipse(center: fc, halfWidth: plateR * 0.78 * ppm * sx, halfHeight: plateR * 0.78 * ppm * camera.verticalScale, angleDeg: 0),
                                    color: palette.plate.shaded(tone * 1.15), solid: false))
                shapes.append(Shape(kind: .ellipse(center: fc, halfWidth: 0.05 * ppm * sx, halfHeight: 0.05 * ppm, angleDeg: 0),
                                    color: palette.metal.shaded(tone), solid: false))
                shapes.append(Shape(kind: .ellipse(center: fc, halfWidth: 0.025 * ppm * sx, halfHeight: 0.025 * ppm, angleDeg: 0),
                                    color: palette.metal.shaded(tone * 0.7), solid: false))
                if into == 0 { far.append(contentsOf: shapes) } else { nearShapes.append(contentsOf: shapes) }
            }
            let sleeve = Vec3(c.x, c.y, near * 0.74)
            nearShapes.append(Shape(kind: .polygon(capsulePolygon(camera.project(sleeve), camera.project(nearEnd), ra: 0.025 * ppm, rb: 0.025 * ppm)),
                                    color: palette.metal))
        case .kettlebell:
            // The bell hangs from the handle along the arms.
            let arm = pose.arms[0]
            var dir = Point2(arm.grip.x - arm.shoulder.x, arm.grip.y - arm.shoulder.y).normalized
            if dir.length < 0.5 { dir = Point2(0, -1) }
            let handleTop = Point2(c.x, c.y) + dir * -0.01
            let bell = Point2(c.x, c.y) + dir * 0.16
            let r = 0.105
            // Handle: a U in the plane across the body.
            let handle: [Vec3] = [
                (Point2(c.x, c.y) + dir * 0.07).at(z: -0.065), handleTop.at(z: -0.06), handleTop.at(z: 0.06),
                (Point2(c.x, c.y) + dir * 0.07).at(z: 0.065),
            ]
            middle.append(Shape(kind: .polyline(handle.map { camera.project($0) }, thickness: 0.02 * ppm), color: palette.kettlebell))
            let bc = camera.project(bell.at(z: 0))
            middle.append(Shape(kind: .ellipse(center: bc, halfWidth: r * ppm, halfHeight: r * ppm, angleDeg: 0),
                                color: palette.kettlebell))
            let hl = camera.project((bell + Point2(0.03, 0.035)).at(z: 0))
            middle.append(Shape(kind: .ellipse(center: hl, halfWidth: r * 0.35 * ppm, halfHeight: r * 0.3 * ppm, angleDeg: -30),
                                color: palette.kettlebell.shaded(1.6), solid: false))
        case .none:
            break
        }
        return (far, middle, nearShapes)
    }
}

extension BGRImage {
    /// Draws one `Shape`.
    mutating func draw(_ shape: Shape) {
        switch shape.kind {
        case .polygon(let pts):
            drawPolygon(pts, color: shape.color)
        case .polyline(let pts, let t):
            drawPolyline(pts, color: shape.color, thickness: t)
        case .ellipse(let c, let hw, let hh, let a):
            drawEllipse(center: c, halfWidth: hw, halfHeight: hh, angleDeg: a, color: shape.color)
        }
    }
}

extension Shape {
    /// The filled area as a polygon (for occlusion tests); nil for strokes.
    var area: [Point2]? {
        switch kind {
        case .polygon(let pts): pts
        case .polyline: nil
        case .ellipse(let c, let hw, let hh, let a): ellipsePolygon(c, halfWidth: hw, halfHeight: hh, angle: radians(a))
        }
    }
}
