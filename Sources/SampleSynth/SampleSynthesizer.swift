import Foundation
import PoseCapture
import PoseCore

/// Renders a generated hinge clip and its ground truth.
///
/// Pure function of `SynthOptions`: the same options (seed included) give identical pixels
/// and identical truth bytes. Frames can be rendered in any order.
///
/// ```swift
/// let synth = try SampleSynthesizer(options: SynthOptions(scenario: .deadliftNeutral))
/// let truth = try synth.writeClip(videoPath: "out.mp4")   // also writes out.truth.json
/// let image = synth.renderFrame(0)                          // one frame, no file
/// ```
public struct SampleSynthesizer: Sendable {
    public let options: SynthOptions
    public let script: MotionScript
    public let frameCount: Int
    public let rule: PostureLossRule
    let solver: BodySolver
    let camera: SynthCamera
    let renderer: FigureRenderer
    let background: BGRImage
    let bitmaps: [ArucoMarkerBitmap]

    /// - Throws: `HingeCheckError` (`.invalidArgument`) for options out of range.
    public init(options: SynthOptions, rule: PostureLossRule = .default) throws {
        try options.validate()
        self.options = options
        self.rule = rule
        script = options.scenario.script(seed: options.seed, overrides: options.overrides)
        let duration = options.durationS ?? script.durationS
        frameCount = max(1, Int(clampingRounded: duration * options.fps))
        let dims = BodyDimensions()
        solver = BodySolver(dims: dims, armMode: script.armMode, load: script.load)

        // Framing: scale from the image height, centre the clip's horizontal extent.
        let ppm = options.personScale * Double(options.height) / 1.85
        let floorY = (Double(options.height) * 0.935).rounded()
        var cam = SynthCamera(width: options.width, height: options.height, pxPerM: ppm, originX: 0, floorY: floorY,
                              yaw: radians(options.view.yawDeg), facing: .right, pitch: radians(options.cameraHeight.pitchDeg))
        var lo = Double.infinity, hi = -Double.infinity
        let stride = max(1, frameCount / 120)
        for i in Swift.stride(from: 0, to: frameCount, by: stride) {
            let pose = solver.solve(script.targets(at: Double(i) / options.fps), standingKneeDeg: script.standingKneeFlexionDeg)
            // The build is left out of the framing on purpose: the figure's skeleton lands on the same
            // pixels whatever the build, so the truth's positions do not change with it.
            for x in Self.extentX(pose, camera: cam, load: script.load, plates: options.plates) {
                lo = min(lo, x)
                hi = max(hi, x)
            }
        }
        cam.originX = (Double(options.width) / 2 - (lo + hi) / 2).rounded()
        cam.facing = options.facing
        camera = cam
        renderer = FigureRenderer(camera: cam, palette: Palette(clothing: options.clothing), clothing: options.clothing,
                                  load: script.load, plates: options.plates, tissue: options.build.softTissue)
        background = Self.makeBackground(width: options.width, height: options.height, floorY: floorY, ppm: ppm,
                                         palette: renderer.palette, pitch: cam.pitch)
        bitmaps = options.markers ? try MarkerSite.allCases.map { try ArucoMarkerBitmap(id: $0.markerID, side: 96) } : []
    }

    /// Clip length in seconds (frame count / fps).
    public var durationS: Double { Double(frameCount) / options.fps }

    /// Seconds of frame `index` (index / fps).
    public func time(ofFrame index: Int) -> Double { Double(index) / options.fps }

    /// The script's targets at a frame.
    public func targets(frame index: Int) -> PoseTargets { script.targets(at: time(ofFrame: index)) }

    /// Renders one frame (with blur and noise as the options say).
    /// - Complexity: O(width × height) for the backdrop copy, blur and noise.
    public func renderFrame(_ index: Int) -> BGRImage { render(index).image }

    /// The truth of one frame. `postureLost` is left false here: it needs the whole clip
    /// (see `truth(videoFile:)`).
    public func frameTruth(_ index: Int) -> FrameTruth { geometry(index).truth }

    /// Renders a frame and computes its truth from the same geometry.
    public func render(_ index: Int) -> (image: BGRImage, truth: FrameTruth) {
        let g = geometry(index)
        var image = background
        for layer in g.layers { for shape in layer { image.draw(shape) } }
        // White margins first (1.5 cells), then the markers: neighbours share a white strip.
        for placement in g.markers { image.paste(nil, placement, margin: 0.25) }
        for (placement, bitmap) in zip(g.markers, bitmaps) { image.paste(bitmap, placement, margin: 0) }
        if options.blurSigma > 0 { image.blur(sigma: options.blurSigma) }
        if options.noiseStdDev > 0 {
            var g = SplitMix64.stream(seed: options.seed, 0xA015E &+ UInt64(index))
            image.addNoise(standardDeviation: options.noiseStdDev, seed: g.next())
        }
        return (image, g.truth)
    }

    /// The person's exact silhouette in frame `index` (255 inside, 0 outside; the load, the
    /// shadow and the backdrop excluded; no blur, no noise): what a perfect segmentation mask
    /// would give, for judging the markerless measurement against the same quantity. Returned
    /// with the frame's truth, which comes from the same geometry.
    /// - Complexity: O(width × height).
    public func personMask(_ index: Int) -> (mask: SegmentationMask, truth: FrameTruth) {
        let person: Set<Int> = Set(LayerID.allCases.filter { ![.shadow, .loadFar, .loadMiddle, .loadNear].contains($0) }
            .map(\.rawValue))
        var image = BGRImage(width: options.width, height: options.height)
        let g = geometry(index)
        for (k, layer) in g.layers.enumerated() where person.contains(k) {
            for var shape in layer {
                shape.color = Color(r: 255, g: 255, b: 255)
                image.draw(shape)
            }
        }
        let values = stride(from: 0, to: image.pixels.count, by: 3).map { image.pixels[$0] }
        return (SegmentationMask(width: options.width, height: options.height, values: values), g.truth)
    }

    /// The whole clip's truth without rendering pixels.
    public func truth(videoFile: String) -> SynthTruth {
        assemble(frames: (0..<frameCount).map { frameTruth($0) }, videoFile: videoFile)
    }

    /// Renders every frame into `videoPath` (H.264 in .mp4 when available, see `VideoWriter`)
    /// and writes the truth next to it (`SynthTruth.path(forVideo:)`).
    /// - Parameter progress: called after each frame with (frames done, total).
    /// - Returns: the truth written.
    /// - Throws: `HingeCheckError` from the writer (naming the file) or when the truth cannot be written.
    @discardableResult
    public func writeClip(videoPath: String, progress: ((Int, Int) -> Void)? = nil) throws -> SynthTruth {
        let writer = try VideoWriter(path: videoPath, width: options.width, height: options.height, fps: options.fps)
        var frames: [FrameTruth] = []
        frames.reserveCapacity(frameCount)
        for i in 0..<frameCount {
            let (image, t) = render(i)
            try writer.write(image)
            frames.append(t)
            progress?(i + 1, frameCount)
        }
        try writer.close()
        let truth = assemble(frames: frames, videoFile: URL(fileURLWithPath: videoPath).lastPathComponent)
        let truthPath = SynthTruth.path(forVideo: videoPath)
        do {
            try truth.encoded().write(to: URL(fileURLWithPath: truthPath))
        } catch {
            throw HingeCheckError(.io, "cannot write the truth file: \(error.localizedDescription)", path: truthPath)
        }
        return truth
    }

    // MARK: - Geometry of a frame

    struct FrameGeometry {
        var pose: BodyPose
        var layers: [[Shape]]
        var markers: [MarkerPlacement]
        var truth: FrameTruth
    }

    func geometry(_ index: Int) -> FrameGeometry {
        let t = time(ofFrame: index)
        let targets = script.targets(at: t)
        let pose = solver.solve(targets, standingKneeDeg: script.standingKneeFlexionDeg)
        let layers = renderer.layers(for: pose)
        // Spine points (skin over the spinous processes, midline).
        let sites: [SpineSite] = [.c7, .t8, .t12, .l3, .s1]
        let spinePx = sites.map { site in
            (site, camera.project(pose.spine[SpineNode.index(of: site)!], z: 0))
        }
        let spine = spinePx.map { SpinePoint(site: $0.0, x: rounded($0.1.x, 2), y: rounded($0.1.y, 2)) }
        // Angles from the sagittal geometry (exact, independent of the view).
        let s = pose.spine
        let lumbar = SpineAngles.lumbarAngleDeg(t12: Self.flipY(s[SpineNode.t12]), l3: Self.flipY(s[SpineNode.l3]),
                                                s1: Self.flipY(s[SpineNode.s1]), facing: .right)
        let thoracic = SpineAngles.thoracicAngleDeg(c7: Self.flipY(s[SpineNode.c7]), t8: Self.flipY(s[SpineNode.t8]),
                                                    t12: Self.flipY(s[SpineNode.t12]), facing: .right)
        let flexion = script.neutralLumbarAngleDeg - lumbar
        let markers = options.markers ? markerPlacements(pose) : []
        let landmarks = truthLandmarks(pose, layers: layers)
        let truth = FrameTruth(
            index: index, time: rounded(t, 6), phase: targets.phase, rep: targets.rep,
            trunkInclinationDeg: rounded(pose.trunkInclinationDeg, 3), hipFlexionDeg: rounded(pose.hipFlexionDeg, 3),
            kneeFlexionDeg: rounded(pose.kneeFlexionDeg, 3), lumbarAngleDeg: rounded(lumbar, 3),
            lumbarFlexionDeg: rounded(flexion, 3), thoracicAngleDeg: rounded(thoracic, 3),
            loaded: rule.isLoaded(trunkInclinationDeg: rounded(pose.trunkInclinationDeg, 3)), postureLost: false,
            landmarks: landmarks, spine: spine,
            markers: markers.map { m in
                MarkerTruth(id: m.site.markerID, site: m.site.rawValue, center: Self.round2(m.center), corners: m.corners.map(Self.round2))
            })
        return FrameGeometry(pose: pose, layers: layers, markers: markers, truth: truth)
    }

    private static func flipY(_ p: Point2) -> Point2 { Point2(p.x, -p.y) }
    private static func round2(_ p: Point2) -> Point2 { Point2(rounded(p.x, 2), rounded(p.y, 2)) }

    /// Marker placements: spine markers centred on the skin points, limb markers on the near
    /// joints, each turned with its segment (marker "up" = cranial / proximal).
    func markerPlacements(_ pose: BodyPose) -> [MarkerPlacement] {
        let size = options.markerSizeM * camera.pxPerM
        let near = camera.nearSide
        let mirror = camera.facing == .right ? 1.0 : -1.0
        func imageVector(_ v: Point2) -> Point2 { Point2(v.x * camera.sagittalScale * mirror, -v.y * camera.verticalScale) }
        func place(_ site: MarkerSite, at p: Vec3, up: Point2) -> MarkerPlacement {
            let u = up.normalized
            let right = camera.facing == .right ? Point2(u.y, -u.x) : Point2(-u.y, u.x)
            return MarkerPlacement(site: site, center: camera.project(p), e1: imageVector(right) * size, e2: imageVector(u * -1) * size)
        }
        let d = pose.dims
        return MarkerSite.allCases.map { site in
            if let spineSite = site.spineSite {
                let k = SpineNode.index(of: spineSite)!
                return place(site, at: pose.spine[k].at(z: 0), up: pose.tangents[k])
            }
            switch site {
            case .hip: return place(site, at: pose.hip.at(z: near * (d.hipHalfWidthM + 0.06)), up: pose.hip - pose.knee)
            case .knee: return place(site, at: pose.knee.at(z: near * (d.kneeHalfWidthM + 0.045)), up: pose.knee - pose.ankle)
            default: return place(site, at: pose.ankle.at(z: near * (d.footHalfWidthM + 0.035)), up: pose.knee - pose.ankle)
            }
        }
    }

    /// The 33 BlazePose landmarks with visibility from the painter's layers.
    func truthLandmarks(_ pose: BodyPose, layers: [[Shape]]) -> [TruthLandmark] {
        let d = pose.dims
        let L = 1.0, R = -1.0
        let near = camera.nearSide
        func armLayer(_ side: Double) -> LayerID { side == near ? .nearArm : .farArm }
        func legLayer(_ side: Double) -> LayerID { side == near ? .nearLeg : .farLeg }
        func arm(_ side: Double) -> ArmPose { pose.arms[side > 0 ? 0 : 1] }
        func hand(_ side: Double, _ which: Int) -> Vec3 {
            let a = arm(side)
            let dir = a.grip - a.wrist
            let fwd = Vec3(1, 0, 0)
            switch which {
            case 0: return a.grip + dir * 0.5 + Vec3(0, 0, side * 0.02) + fwd * 0.01  // pinky
            case 1: return a.grip + dir * 0.6 + Vec3(0, 0, -side * 0.02) + fwd * 0.02  // index
            default: return a.wrist + dir * 0.5 + Vec3(0, 0, -side * 0.03) + fwd * 0.03  // thumb
            }
        }
        typealias Spec = (p: Vec3, layer: LayerID, normal: Vec3?)
        func face(_ x: Double, _ y: Double, _ z: Double, normal: Vec3) -> Spec {
            (pose.headPoint(x, y, z), .head, normal)
        }
        let eyeN = { (side: Double) in Vec3(cos(radians(30)), 0, side * sin(radians(30))) }
        let mouthN = { (side: Double) in Vec3(cos(radians(40)), 0, side * sin(radians(40))) }
        let specs: [Spec] = [
            face(0.126, -0.028, 0, normal: Vec3(1, 0, 0)),  // nose
            face(0.088, 0.022, L * 0.022, normal: eyeN(L)), face(0.078, 0.022, L * 0.034, normal: eyeN(L)),
            face(0.066, 0.022, L * 0.046, normal: eyeN(L)),
            face(0.088, 0.022, R * 0.022, normal: eyeN(R)), face(0.078, 0.022, R * 0.034, normal: eyeN(R)),
            face(0.066, 0.022, R * 0.046, normal: eyeN(R)),
            face(-0.01, -0.005, L * d.headHalfWidthM, normal: Vec3(0, 0, L)),
            face(-0.01, -0.005, R * d.headHalfWidthM, normal: Vec3(0, 0, R)),
            face(0.09, -0.063, L * 0.022, normal: mouthN(L)), face(0.09, -0.063, R * 0.022, normal: mouthN(R)),
            (arm(L).shoulder, armLayer(L), nil), (arm(R).shoulder, armLayer(R), nil),
            (arm(L).elbow, armLayer(L), nil), (arm(R).elbow, armLayer(R), nil),
            (arm(L).wrist, armLayer(L), nil), (arm(R).wrist, armLayer(R), nil),
            (hand(L, 0), armLayer(L), nil), (hand(R, 0), armLayer(R), nil),
            (hand(L, 1), armLayer(L), nil), (hand(R, 1), armLayer(R), nil),
            (hand(L, 2), armLayer(L), nil), (hand(R, 2), armLayer(R), nil),
            (pose.hip.at(z: L * d.hipHalfWidthM), legLayer(L), nil), (pose.hip.at(z: R * d.hipHalfWidthM), legLayer(R), nil),
            (pose.knee.at(z: L * d.kneeHalfWidthM), legLayer(L), nil), (pose.knee.at(z: R * d.kneeHalfWidthM), legLayer(R), nil),
            (pose.ankle.at(z: L * d.footHalfWidthM), legLayer(L), nil), (pose.ankle.at(z: R * d.footHalfWidthM), legLayer(R), nil),
            (pose.heel.at(z: L * d.footHalfWidthM), legLayer(L), nil), (pose.heel.at(z: R * d.footHalfWidthM), legLayer(R), nil),
            (pose.toe.at(z: L * d.footHalfWidthM), legLayer(L), nil), (pose.toe.at(z: R * d.footHalfWidthM), legLayer(R), nil),
        ]
        // Occluder polygons per layer (solid shapes only).
        let occluders: [[[Point2]]] = layers.map { $0.filter(\.solid).compactMap(\.area) }
        return specs.map { spec in
            let p = camera.project(spec.p)
            let inFrame = p.x >= 0 && p.y >= 0 && p.x <= Double(options.width - 1) && p.y <= Double(options.height - 1)
            var visible = inFrame
            if visible, let n = spec.normal {
                let threshold = n.y == 0 && n.z == 0 ? -0.5 : 0.05
                let r = Point2(n.x, n.y).rotated(-pose.headPitch)
                visible = camera.depth(Vec3(r.x, r.y, n.z)) > threshold
            }
            if visible {
                for later in (spec.layer.rawValue + 1)..<layers.count where occluders[later].contains(where: { polygonContains($0, p) }) {
                    visible = false
                    break
                }
            }
            return TruthLandmark(x: rounded(p.x, 2), y: rounded(p.y, 2), visibility: visible ? 1 : 0, presence: inFrame ? 1 : 0)
        }
    }

    // MARK: - Clip truth

    func assemble(frames inFrames: [FrameTruth], videoFile: String) -> SynthTruth {
        var frames = inFrames
        let intervals = rule.intervals(of: frames, fps: options.fps)
        for iv in intervals { for i in iv.startFrame...iv.endFrame { frames[i].postureLost = true } }
        let fps = options.fps
        func frame(at t: Double) -> Int { min(frameCount - 1, Int(clampingRounded: t * fps - 1e-9, .up)) }
        let reps: [RepTruth] = zip(script.reps, script.repTimings).enumerated().compactMap { i, pair in
            let (plan, timing) = pair
            guard timing.start < durationS else { return nil }
            let a = frame(at: timing.start), b = min(frameCount - 1, frame(at: timing.end))
            let inRep = frames[a...b]
            let lostFrames = inRep.filter(\.postureLost).count
            return RepTruth(
                index: i, startTimeS: rounded(timing.start, 6), bottomStartTimeS: rounded(timing.bottomStart, 6),
                bottomEndTimeS: rounded(timing.bottomEnd, 6), endTimeS: rounded(timing.end, 6),
                startFrame: a, bottomFrame: frame(at: timing.bottomStart), endFrame: b,
                depth: plan.depth, partial: plan.depth < 0.999, complete: timing.end <= durationS,
                peakTrunkInclinationDeg: inRep.map(\.trunkInclinationDeg).max() ?? 0,
                peakLumbarFlexionDeg: inRep.map(\.lumbarFlexionDeg).max() ?? 0,
                postureLost: lostFrames > 0, postureLostS: rounded(Double(lostFrames) / fps, 6))
        }
        let o = options
        return SynthTruth(
            format: SynthTruth.formatName, version: SynthTruth.currentVersion,
            generator: .init(scenario: o.scenario.rawValue, seed: o.seed, clothing: o.clothing.rawValue, view: o.view.rawValue,
                             cameraYawDeg: o.view.yawDeg, markers: o.markers, markerSizeM: o.markerSizeM, plates: o.plates, noiseStdDev: o.noiseStdDev,
                             blurSigma: o.blurSigma, reps: script.reps.count, quietStandingS: script.quietStandingS,
                             command: o.commandLine(output: videoFile),
                             // Recorded when not the default (or for a population member), so the
                             // truth of a clip made with the defaults keeps its bytes.
                             build: o.build != .average || o.populationMember != nil ? o.build.rawValue : nil,
                             cameraHeight: o.cameraHeight != .hip || o.populationMember != nil ? o.cameraHeight.rawValue : nil,
                             cameraPitchDeg: o.cameraHeight != .hip || o.populationMember != nil ? o.cameraHeight.pitchDeg : nil,
                             personScale: o.personScale != 0.8 || o.populationMember != nil ? o.personScale : nil,
                             populationMember: o.populationMember),
            video: .init(file: videoFile, width: o.width, height: o.height, fps: fps, frameCount: frameCount,
                         durationS: rounded(durationS, 6), facing: o.facing, pixelsPerMetre: rounded(camera.pxPerM, 4),
                         floorY: camera.floorY),
            conventions: Self.conventions,
            neutralLumbarAngleDeg: script.neutralLumbarAngleDeg, neutralThoracicAngleDeg: script.neutralThoracicAngleDeg,
            rule: rule,
            markerLayout: MarkerSite.allCases.map { .init(id: $0.markerID, site: $0.rawValue, dictionary: "DICT_4X4_50") },
            landmarkNames: BodyLandmark.allCases.map(\.name), reps: reps, postureLost: intervals, frames: frames)
    }

    static let conventions: [String: String] = [
        "image": "pixels, origin top-left, x right, y down; frame i is at time i / fps",
        "angles": "degrees, sagittal plane, as if the lifter faced +x, from the true 3-D pose (not foreshortened by an oblique view)",
        "trunkInclinationDeg": "hip-midpoint -> shoulder-midpoint from vertical, 0 upright, positive leaning forward",
        "hipFlexionDeg": "angle from the thigh (knee -> hip) to the trunk (hip-mid -> shoulder-mid), 0 standing straight, positive folding forward",
        "kneeFlexionDeg": "angle between shank (ankle -> knee) and thigh (knee -> hip), 0 straight",
        "lumbarAngleDeg": "u = L3 - T12, v = S1 - L3 in image coordinates mirrored to face +x; atan2(u x v, u . v); positive = lordosis",
        "thoracicAngleDeg": "u = T8 - C7, v = T12 - T8; -atan2(u x v, u . v); positive = kyphosis",
        "lumbarFlexionDeg": "neutralLumbarAngleDeg - lumbarAngleDeg; positive = rounding",
        "spine": "skin points over the spinous processes (where markers sit), midline of the back",
        "landmarks": "[x, y, visibility, presence]; visibility 1 = in frame and not hidden by a body part or the load",
        "markers": "ArUco DICT_4X4_50, corners top-left, top-right, bottom-right, bottom-left of the marker",
    ]

    // MARK: - Framing and backdrop

    /// Image x positions (facing right, originX 0) of the pose's outermost points.
    static func extentX(_ pose: BodyPose, camera: SynthCamera, load: SynthLoad, plates: Bool) -> [Double] {
        var xs: [Double] = []
        func add(_ p: Vec3, _ r: Double = 0) {
            let x = camera.project(p).x
            xs.append(x - r * camera.pxPerM)
            xs.append(x + r * camera.pxPerM)
        }
        for z in [-0.2, 0.2] {
            add(pose.heel.at(z: z))
            add(pose.toe.at(z: z))
            add(pose.headCenter.at(z: z), 0.14)
            add(pose.hip.at(z: z), 0.16)
            add(pose.spine[SpineNode.t8].at(z: z), 0.05)
        }
        for a in pose.arms { add(a.grip, 0.05) }
        if case .barbell(let r, _) = load, plates {
            for z in [-0.74, 0.74] { add(Vec3(pose.loadCenter.x, pose.loadCenter.y, z), r * camera.sagittalScale) }
        }
        return xs
    }

    /// The wall, baseboard and floor. A camera pitched down sees more floor: the wall's base
    /// (1.5 m behind the lifter) rises by 1.5 m × sin(pitch).
    static func makeBackground(width: Int, height: Int, floorY: Double, ppm: Double, palette: Palette, pitch: Double = 0) -> BGRImage {
        var img = BGRImage(width: width, height: height, fill: palette.wallTop)
        let wallBase = pitch == 0 ? Int(clampingRounded: floorY - 0.32 * ppm, .towardZero)
                                  : Int(clampingRounded: floorY - (0.32 + 1.5 * sin(pitch)) * ppm, .towardZero)
        let board = max(2, Int(clampingRounded: 0.06 * ppm, .towardZero))
        for y in 0..<height {
            let c: Color
            if y < wallBase - board {
                c = palette.wallTop.mixed(palette.wallBottom, Double(y) / Double(max(1, wallBase)))
            } else if y < wallBase {
                c = palette.baseboard
            } else {
                c = palette.floorFar.mixed(palette.floorNear, Double(y - wallBase) / Double(max(1, height - wallBase)))
            }
            img.fillRect(x: 0, y: Double(y), width: Double(width), height: 1, color: c)
        }
        img.drawLine(from: Point2(0, Double(wallBase)), to: Point2(Double(width), Double(wallBase)),
                     color: palette.baseboard.shaded(0.7), thickness: 1)
        return img
    }
}

extension SynthOptions {
    /// A `hingecheck synth` command line that reproduces these options.
    public func commandLine(output: String) -> String {
        func num(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(clampingRounded: v)) : "\(v)" }
        var parts = ["hingecheck synth", "--scenario \(scenario.rawValue)", "--seed \(seed)",
                     "--size \(width)x\(height)", "--fps \(num(fps))", "--facing \(facing.rawValue)", "--view \(view.rawValue)",
                     "--clothing \(clothing.rawValue)", "--noise \(num(noiseStdDev))", "--blur \(num(blurSigma))"]
        if markers { parts.append("--markers --marker-size \(num(markerSizeM))") }
        if !plates { parts.append("--no-plates") }
        if personScale != 0.8 { parts.append("--person-scale \(num(personScale))") }
        if build != .average { parts.append("--build \(build.rawValue)") }
        if cameraHeight != .hip { parts.append("--camera-height \(cameraHeight.rawValue)") }
        // The drawn options are all written out above; the member is named for the record (an
        // explicit option wins over the draw, so the line reproduces the clip either way).
        if let k = populationMember { parts.append("--population-member \(k)") }
        if let d = durationS { parts.append("--duration \(num(d))") }
        if let r = overrides.reps { parts.append("--reps \(r)") }
        if let s = overrides.quietStandingS { parts.append("--standing \(num(s))") }
        if let p = overrides.bottomPauseS { parts.append("--pause \(num(p))") }
        if let k = overrides.partialRep { parts.append("--partial-rep \(k)") }
        parts.append("-o \(output)")
        return parts.joined(separator: " ")
    }
}
