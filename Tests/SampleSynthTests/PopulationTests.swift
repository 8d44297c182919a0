import Foundation
import PoseCapture
import PoseCore
import Testing
@testable import SampleSynth

/// Pixels from a truth spine point to the silhouette's back edge, walking along the back's
/// posterior normal (taken from the spine points `from` → `to`, upwards) in the exact person
/// mask. Facing right only (posterior = the image normal (u.y, −u.x) of the upward direction u).
private func backEdgeDistance(_ synth: SampleSynthesizer, frame: Int, at site: SpineSite,
                              from lower: SpineSite, to upper: SpineSite) throws -> Double {
    let (mask, truth) = synth.personMask(frame)
    func point(_ s: SpineSite) throws -> Point2 {
        let p = try #require(truth.spine.first { $0.site == s })
        return Point2(p.x, p.y)
    }
    let u = (try point(upper) - point(lower)).normalized
    let posterior = Point2(u.y, -u.x)
    let start = try point(site)
    var d = 0.0
    while d < 200 {
        let p = start + posterior * d
        let x = Int(p.x.rounded()), y = Int(p.y.rounded())
        guard x >= 0, y >= 0, x < mask.width, y < mask.height, mask.values[y * mask.width + x] > 127 else { return d }
        d += 0.25
    }
    return d
}

private func options(_ scenario: SynthScenario = .deadliftNeutral, width: Int = 640, height: Int = 360,
                     clothing: Clothing = .tight, build: BodyBuild = .average, camera: CameraHeight = .hip) -> SynthOptions {
    SynthOptions(scenario: scenario, width: width, height: height, clothing: clothing, plates: false, noiseStdDev: 0,
                 blurSigma: 0, seed: 3, durationS: 5, build: build, cameraHeight: camera)
}

@Suite("Population: build, clothing, camera height, members")
struct PopulationTests {
    @Test("defaults are the average build, a hip-high camera and no population member")
    func defaults() {
        let o = SynthOptions(scenario: .deadliftNeutral)
        #expect(o.build == .average)
        #expect(o.cameraHeight == .hip)
        #expect(o.populationMember == nil)
        #expect(BodyBuild.average.softTissue == SoftTissue())
        #expect(CameraHeight.hip.pitchDeg == 0)
    }

    @Test("every committed sample clip's truth is reproduced byte for byte with the default options")
    func committedTruthUnchanged() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("SampleVideos")
        for entry in SampleCatalog.entries {
            let committed = try Data(contentsOf: folder.appendingPathComponent(entry.file.replacingOccurrences(of: ".mp4", with: ".truth.json")))
            let made = try SampleSynthesizer(options: entry.options).truth(videoFile: entry.file).encoded()
            #expect(made == committed, "\(entry.file)")
        }
    }

    @Test("the back edge lies further from the spine the heavier the build, at L3 and T8, in the hinged position")
    func buildMovesTheBackEdge() throws {
        var o = options(width: 1280, height: 720)
        let probe = try SampleSynthesizer(options: o)
        let bottom = probe.truth(videoFile: "x.mp4").reps[0].bottomFrame
        let ppm = probe.camera.pxPerM
        var l3: [BodyBuild: Double] = [:], t8: [BodyBuild: Double] = [:]
        for build in BodyBuild.allCases {
            o.build = build
            let synth = try SampleSynthesizer(options: o)
            l3[build] = try backEdgeDistance(synth, frame: bottom, at: .l3, from: .s1, to: .t12)
            t8[build] = try backEdgeDistance(synth, frame: bottom, at: .t8, from: .t12, to: .c7)
        }
        // Soft tissue behind L3: lean 0.7 × 2 cm, average 2 cm, heavy 1.5 × 2 cm + 1.5 cm fat.
        #expect(abs((l3[.heavy]! - l3[.average]!) - 0.025 * ppm) < 1.5, "heavy − average at L3: \(l3[.heavy]! - l3[.average]!) px")
        #expect(abs((l3[.average]! - l3[.lean]!) - 0.006 * ppm) < 1.5, "average − lean at L3: \(l3[.average]! - l3[.lean]!) px")
        #expect(l3[.heavy]! > l3[.average]! && l3[.average]! > l3[.lean]!)
        // Behind T8 (offset 5 mm): heavy + 1.5 × 5 mm − 5 mm + 1.5 cm.
        #expect(abs((t8[.heavy]! - t8[.average]!) - 0.0175 * ppm) < 1.5, "heavy − average at T8: \(t8[.heavy]! - t8[.average]!) px")
    }

    @Test("a hoodie bridges the lumbar hollow more than a loose shirt, which bridges it more than a tight one; the hood stands off the neck")
    func hoodieBridgesTheHollow() throws {
        var o = options(width: 1280, height: 720)
        var l3: [Clothing: Double] = [:], c7: [Clothing: Double] = [:]
        for clothing in Clothing.allCases {
            o.clothing = clothing
            let synth = try SampleSynthesizer(options: o)
            // Frame 0: quiet standing, the full standing lordosis.
            l3[clothing] = try backEdgeDistance(synth, frame: 0, at: .l3, from: .s1, to: .t12)
            c7[clothing] = try backEdgeDistance(synth, frame: 0, at: .c7, from: .t8, to: .c7)
        }
        let ppm = try SampleSynthesizer(options: o).camera.pxPerM
        // Tight and shirtless: the skin's erector bulge (2 cm at L3) is the edge.
        #expect(abs(l3[.tight]! - 0.02 * ppm) < 1.5, "tight at L3: \(l3[.tight]!) px")
        #expect(abs(l3[.shirtless]! - l3[.tight]!) < 0.6)
        #expect(l3[.loose]! > l3[.tight]! + 0.01 * ppm, "loose \(l3[.loose]!) vs tight \(l3[.tight]!) px")
        #expect(l3[.hoodie]! > l3[.loose]! + 0.01 * ppm, "hoodie \(l3[.hoodie]!) vs loose \(l3[.loose]!) px")
        // Hood: 0.082 m behind C7's skin point vs the loose shirt's 1.8 cm.
        #expect(c7[.hoodie]! > c7[.loose]! + 0.05 * ppm, "hoodie \(c7[.hoodie]!) vs loose \(c7[.loose]!) px at C7")
    }

    @Test("hinged, the hoodie settles onto the back: its gap over the skin at L3 shrinks to under half of the standing gap, and the fabric stays")
    func hoodieSettlesWhenHinged() throws {
        var o = options(width: 1280, height: 720)
        let probe = try SampleSynthesizer(options: o)
        let bottom = probe.truth(videoFile: "x.mp4").reps[0].bottomFrame
        let incl = try #require(probe.frameTruth(bottom).trunkInclinationDeg)
        #expect(incl > 45, "the bottom of a deadlift rep is hinged: \(incl)°")
        var gap: [Int: Double] = [:]
        for frame in [0, bottom] {
            o.clothing = .tight
            let tight = try backEdgeDistance(try SampleSynthesizer(options: o), frame: frame, at: .l3, from: .s1, to: .t12)
            o.clothing = .hoodie
            let hoodie = try backEdgeDistance(try SampleSynthesizer(options: o), frame: frame, at: .l3, from: .s1, to: .t12)
            gap[frame] = hoodie - tight
        }
        let ppm = probe.camera.pxPerM
        #expect(gap[0]! > 0.03 * ppm, "standing: the hoodie bridges the hollow, \(gap[0]!) px off the skin")
        #expect(gap[bottom]! < 0.5 * gap[0]!, "hinged: \(gap[bottom]!) px vs standing \(gap[0]!) px")
        #expect(gap[bottom]! > 0.005 * ppm, "hinged: the fabric's thickness stays, \(gap[bottom]!) px")
    }

    @Test("shirtless draws the torso and the upper arm in skin, a tight shirt in its blue")
    func shirtlessIsSkin() throws {
        for (clothing, skin) in [(Clothing.shirtless, true), (.tight, false)] {
            let synth = try SampleSynthesizer(options: options(clothing: clothing))
            let truth = synth.frameTruth(0)
            let image = synth.renderFrame(0)
            let t8 = try #require(truth.spine.first { $0.site == .t8 })
            // 8 cm in front of T8 (standing, facing right: +x) is inside the chest.
            let chest = image.pixel(x: Int(t8.x + 0.08 * synth.camera.pxPerM), y: Int(t8.y))
            let shoulder = truth.landmarks[11], elbow = truth.landmarks[13]  // left = near side facing right
            let arm = image.pixel(x: Int(shoulder.x + 0.3 * (elbow.x - shoulder.x)), y: Int(shoulder.y + 0.3 * (elbow.y - shoulder.y)))
            for c in [chest, arm] {
                if skin { #expect(Int(c.r) > Int(c.b) + 40, "\(clothing): \(c)") } else { #expect(Int(c.b) > Int(c.r) + 40, "\(clothing): \(c)") }
            }
        }
    }

    @Test("a higher camera pitches the view down: the near foot drops below the far one and the body's height shrinks by cos(pitch)",
          arguments: [CameraHeight.knee, .chest, .head])
    func cameraPitchMovesTheFeet(height: CameraHeight) throws {
        let level = try SampleSynthesizer(options: options(camera: .hip))
        let pitched = try SampleSynthesizer(options: options(camera: height))
        let a = level.frameTruth(0).landmarks, b = pitched.frameTruth(0).landmarks
        let ppm = level.camera.pxPerM
        let theta = height.pitchDeg * .pi / 180
        let nose = 0, nearAnkle = 27, farAnkle = 28  // facing right: the left side is near (z = +0.11 m)
        // Level camera: both ankles at the same height.
        #expect(abs(a[nearAnkle].y - a[farAnkle].y) < 0.02)
        let levelSpan = a[nearAnkle].y - a[nose].y
        let span = b[nearAnkle].y - b[nose].y
        #expect(abs(span - (levelSpan * cos(theta) + 0.11 * sin(theta) * ppm)) < 0.05, "nose → near ankle \(span) px")
        #expect(abs((b[nearAnkle].y - b[farAnkle].y) - 0.22 * sin(theta) * ppm) < 0.05)
        // Looking down (chest, head) the near foot is lower in the image; looking up (knee) higher.
        #expect((b[nearAnkle].y > b[farAnkle].y) == (height.pitchDeg > 0))
        // The pitch turns about the image's horizontal axis: no x moves.
        for k in a.indices { #expect(a[k].x == b[k].x, "landmark \(k)") }
    }

    // Landmark visibility is left out on purpose: thicker limbs, a hood or long sleeves do hide
    // other landmarks (e.g. the far ear), which is what the visibility flag is for.
    @Test("build and clothing leave the truth's angles, positions and intervals unchanged",
          arguments: [(Clothing.hoodie, BodyBuild.heavy), (.shirtless, .lean), (.loose, .heavy)])
    func truthUnchangedByBuildAndClothing(clothing: Clothing, build: BodyBuild) throws {
        let base = try SampleSynthesizer(options: testOptions(.deadliftFatigue)).truth(videoFile: "x.mp4")
        var o = testOptions(.deadliftFatigue, clothing: clothing)
        o.build = build
        let other = try SampleSynthesizer(options: o).truth(videoFile: "x.mp4")
        #expect(base.postureLost == other.postureLost)
        #expect(base.reps == other.reps)
        #expect(!base.postureLost.isEmpty)
        for (f, g) in zip(base.frames, other.frames) {
            #expect(f.lumbarAngleDeg == g.lumbarAngleDeg && f.trunkInclinationDeg == g.trunkInclinationDeg
                    && f.lumbarFlexionDeg == g.lumbarFlexionDeg && f.postureLost == g.postureLost)
            #expect(f.spine == g.spine)
            #expect(f.landmarks.map(\.x) == g.landmarks.map(\.x) && f.landmarks.map(\.y) == g.landmarks.map(\.y))
        }
    }

    @Test("a population member's options are drawn from its number alone, cover every choice, and are recorded in the truth")
    func populationMembers() throws {
        #expect(PopulationMember(member: 201) == PopulationMember(member: 201))
        let members = (1...400).map { PopulationMember(member: UInt64($0)) }
        #expect(Set(members.map(\.build)) == Set(BodyBuild.allCases))
        #expect(Set(members.map(\.clothing)) == Set(Clothing.allCases))
        #expect(Set(members.map(\.cameraHeight)) == Set(CameraHeight.allCases))
        #expect(Set(members.map(\.facing)).count == 2)
        #expect(members.allSatisfy { (0.45...0.9).contains($0.personScale) })
        // Any 12 consecutive members hold every build × clothing pair; the camera heights come
        // in the documented shares.
        for start in [1, 201, 977] {
            let run = (start..<(start + 12)).map { PopulationMember(member: UInt64($0)) }
            #expect(Set(run.map { "\($0.build)-\($0.clothing)" }).count == 12, "members \(start)…")
        }
        let hip = Double(members.filter { $0.cameraHeight == .hip }.count) / 400
        #expect(hip == 0.4)
        // Facing and scale are random: neither constant over a run.
        let scales = members.prefix(12).map(\.personScale)
        #expect(Set(scales).count > 6)
        // Neighbouring members differ (not one person repeated).
        #expect(Set(members.prefix(20)).count == 20)

        let member = PopulationMember(member: 205)
        let o = member.applied(to: testOptions(.deadliftNeutral, seed: 205, duration: 3))
        #expect(o.build == member.build && o.clothing == member.clothing && o.cameraHeight == member.cameraHeight
                && o.personScale == member.personScale && o.facing == member.facing)
        let truth = try SampleSynthesizer(options: o).truth(videoFile: "m.mp4")
        #expect(truth.generator.populationMember == 205)
        #expect(truth.generator.build == member.build.rawValue)
        #expect(truth.generator.cameraPitchDeg == member.cameraHeight.pitchDeg)
        #expect(truth.generator.personScale == member.personScale)
        #expect(truth.generator.command.contains("--population-member 205"))
        #expect(truth.generator.command.contains("--clothing \(member.clothing.rawValue)"))
        // The defaults record none of these.
        let plain = try SampleSynthesizer(options: testOptions(.deadliftNeutral, duration: 3)).truth(videoFile: "p.mp4")
        #expect(plain.generator.build == nil && plain.generator.cameraHeight == nil && plain.generator.populationMember == nil)
    }
}
