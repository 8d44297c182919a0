import Foundation
import PoseCapture
import PoseCore
import Testing
@testable import SampleSynth

@Suite("Sample synthesizer")
struct SampleSynthesizerTests {
    @Test("same seed gives identical pixels and identical truth bytes")
    func determinism() throws {
        let options = testOptions(.deadliftSudden, noise: 3, blur: 0.6, seed: 42, duration: 4)
        let a = try SampleSynthesizer(options: options)
        let b = try SampleSynthesizer(options: options)
        for i in [0, 37, 71, a.frameCount - 1] {
            #expect(a.renderFrame(i).pixels == b.renderFrame(i).pixels, "frame \(i)")
        }
        #expect(try a.truth(videoFile: "x.mp4").encoded() == b.truth(videoFile: "x.mp4").encoded())
    }

    @Test("a different seed changes the noise and the per-rep variation")
    func seedMatters() throws {
        let a = try SampleSynthesizer(options: testOptions(.deadliftNeutral, noise: 3, seed: 1, duration: 4))
        let b = try SampleSynthesizer(options: testOptions(.deadliftNeutral, noise: 3, seed: 2, duration: 4))
        #expect(a.renderFrame(0).pixels != b.renderFrame(0).pixels)
        #expect(a.script.reps[0].bottomTrunkInclinationDeg != b.script.reps[0].bottomTrunkInclinationDeg)
    }

    @Test("the lumbar and thoracic angles recomputed from the truth's spine points match the script",
          arguments: [(SynthScenario.deadliftFatigue, Facing.right), (.deadliftSudden, .left), (.rdl, .right), (.kbSwing, .left)])
    func spineAnglesMatchScript(scenario: SynthScenario, facing: Facing) throws {
        let synth = try SampleSynthesizer(options: testOptions(scenario, facing: facing))
        let truth = synth.truth(videoFile: "x.mp4")
        var worst = 0.0
        for frame in truth.frames {
            let scripted = synth.targets(frame: frame.index)
            // The truth's own value equals the script (rounded to 0.001°).
            #expect(abs(frame.lumbarAngleDeg - scripted.lumbarAngleDeg) < 0.002)
            #expect(abs(frame.thoracicAngleDeg - scripted.thoracicAngleDeg) < 0.002)
            #expect(abs(frame.lumbarFlexionDeg - (truth.neutralLumbarAngleDeg - frame.lumbarAngleDeg)) < 0.002)
            // Recomputed from the image positions (rounded to 0.01 px, spacing ~12 px).
            let lumbar = try #require(SpineAngles.lumbarAngleDeg(frame.spine, facing: facing))
            let thoracic = try #require(SpineAngles.thoracicAngleDeg(frame.spine, facing: facing))
            worst = max(worst, abs(lumbar - frame.lumbarAngleDeg), abs(thoracic - frame.thoracicAngleDeg))
        }
        #expect(worst < 0.3, "largest image-space angle error \(worst)°")
    }

    @Test("standing lordosis is the neutral (+20°) and kyphosis +25°")
    func standingNeutral() throws {
        let synth = try SampleSynthesizer(options: testOptions(.deadliftNeutral, duration: 2))
        let truth = synth.truth(videoFile: "x.mp4")
        #expect(truth.neutralLumbarAngleDeg == 20)
        for frame in truth.frames {
            #expect(frame.phase == .standing)
            #expect(abs(frame.lumbarAngleDeg - 20) < 0.5)
            #expect(abs(frame.thoracicAngleDeg - 25) < 0.5)
            #expect(frame.trunkInclinationDeg < 4)
        }
    }

    @Test("presets stay in realistic ranges")
    func realisticRanges() throws {
        func reps(_ s: SynthScenario) throws -> [RepTruth] {
            try SampleSynthesizer(options: testOptions(s, width: 160, height: 90)).truth(videoFile: "x.mp4").reps
        }
        for rep in try reps(.deadliftNeutral) {
            #expect((45...60).contains(rep.peakTrunkInclinationDeg))
            #expect(rep.peakLumbarFlexionDeg < 8)
            #expect(!rep.postureLost)
        }
        for s in [SynthScenario.rdl, .goodMorning] {
            for rep in try reps(s) { #expect((70...85).contains(rep.peakTrunkInclinationDeg), "\(s)") }
        }
        let fatigue = try reps(.deadliftFatigue)
        #expect(fatigue.count == 5)
        #expect(fatigue.map(\.peakLumbarFlexionDeg) == fatigue.map(\.peakLumbarFlexionDeg).sorted())
        #expect(fatigue[0].peakLumbarFlexionDeg < 8)
        #expect((15...35).contains(fatigue[4].peakLumbarFlexionDeg))
        let sudden = try reps(.deadliftSudden)
        #expect((15...35).contains(sudden[2].peakLumbarFlexionDeg))
        #expect(sudden.enumerated().allSatisfy { $0.offset == 2 || $0.element.peakLumbarFlexionDeg < 8 })
    }

    @Test("facing left mirrors every point about the central column, with left and right swapped",
          arguments: [CameraView.side, .oblique30])
    func facingLeftMirrors(view: CameraView) throws {
        let right = try SampleSynthesizer(options: testOptions(.deadliftSudden, view: view, markers: true, duration: 4))
        let left = try SampleSynthesizer(options: testOptions(.deadliftSudden, facing: .left, view: view, markers: true, duration: 4))
        let w = Double(right.options.width - 1)
        for i in [0, 70, 100] {
            let r = right.frameTruth(i), l = left.frameTruth(i)
            for body in BodyLandmark.allCases {
                let a = l[body], b = r[swappedSide(body)]
                #expect(abs(a.x - (w - b.x)) < 0.011 && abs(a.y - b.y) < 0.011, "\(body.name) frame \(i)")
            }
            for (a, b) in zip(l.spine, r.spine) {
                #expect(a.site == b.site && abs(a.x - (w - b.x)) < 0.011 && abs(a.y - b.y) < 0.011)
            }
            for (a, b) in zip(l.markers, r.markers) {
                #expect(a.id == b.id && abs(a.center.x - (w - b.center.x)) < 0.011)
            }
            #expect(l.lumbarAngleDeg == r.lumbarAngleDeg && l.trunkInclinationDeg == r.trunkInclinationDeg)
        }
        if view == .side {
            // Pixels: the mirror image, up to anti-aliasing differences (markers off: a marker is not mirrored).
            let ro = try SampleSynthesizer(options: testOptions(.deadliftSudden, duration: 4))
            let lo = try SampleSynthesizer(options: testOptions(.deadliftSudden, facing: .left, duration: 4))
            let a = ro.renderFrame(90), b = lo.renderFrame(90)
            var diff = 0
            for y in 0..<a.height {
                for x in 0..<a.width {
                    let p = a.pixel(x: x, y: y), q = b.pixel(x: a.width - 1 - x, y: y)
                    diff += abs(Int(p.r) - Int(q.r)) + abs(Int(p.g) - Int(q.g)) + abs(Int(p.b) - Int(q.b))
                }
            }
            let mean = Double(diff) / Double(a.width * a.height * 3)
            #expect(mean < 1.0, "mean abs difference \(mean)")
        }
    }

    @Test("side view: left and right points coincide in x, the far shoulder is hidden, hips are level")
    func sideViewLandmarks() throws {
        let synth = try SampleSynthesizer(options: testOptions(.kbDeadlift, duration: 1))
        let f = synth.frameTruth(0)
        #expect(abs(f[.leftHip].x - f[.rightHip].x) < 0.011)
        #expect(abs(f[.leftShoulder].y - f[.rightShoulder].y) < 0.011)
        #expect(f[.rightShoulder].visibility == 0)  // behind the trunk (facing right: the left side is near)
        #expect(f[.leftEye].visibility == 1 && f[.rightEye].visibility == 0)
        #expect(f[.nose].visibility == 1)
        #expect(f[.leftAnkle].y > f[.leftKnee].y && f[.leftKnee].y > f[.leftHip].y && f[.leftHip].y > f[.leftShoulder].y)
        // Trunk inclination from the image points equals the truth (side view, facing right).
        let hip = Point2.midpoint(f[.leftHip].point, f[.rightHip].point)
        let sh = Point2.midpoint(f[.leftShoulder].point, f[.rightShoulder].point)
        let incl = atan2(sh.x - hip.x, hip.y - sh.y) * 180 / .pi
        #expect(abs(incl - f.trunkInclinationDeg) < 0.1)
    }

    @Test("an oblique view separates the shoulders as the side-on check (docs/method.md) expects")
    func obliqueShoulderSeparation() throws {
        for (view, range) in [(CameraView.side, 0.0...0.16), (.oblique45, 0.49...1.2)] {
            let f = try SampleSynthesizer(options: testOptions(.kbDeadlift, view: view, duration: 1)).frameTruth(0)
            let hip = Point2.midpoint(f[.leftHip].point, f[.rightHip].point)
            let sh = Point2.midpoint(f[.leftShoulder].point, f[.rightShoulder].point)
            let ratio = abs(f[.leftShoulder].x - f[.rightShoulder].x) / hip.distance(to: sh)
            #expect(range.contains(ratio), "\(view): \(ratio)")
        }
    }

    @Test("rep boundaries: start < bottom ≤ bottom end < end, bottom frames are at the bottom")
    func repBoundaries() throws {
        let synth = try SampleSynthesizer(options: testOptions(.deadliftPaused, width: 160, height: 90))
        let truth = synth.truth(videoFile: "x.mp4")
        #expect(truth.reps.count == 4)
        #expect(truth.reps.map(\.partial) == [false, false, true, false])
        for rep in truth.reps {
            #expect(rep.startTimeS < rep.bottomStartTimeS && rep.bottomStartTimeS < rep.bottomEndTimeS && rep.bottomEndTimeS < rep.endTimeS)
            #expect(rep.bottomEndTimeS - rep.bottomStartTimeS >= 0.99)  // the 1 s pause
            #expect(truth.frames[rep.bottomFrame].phase == .bottom)
            #expect(truth.frames[rep.bottomFrame].rep == rep.index)
            #expect(rep.complete)
        }
        #expect(truth.reps[2].peakTrunkInclinationDeg < truth.reps[1].peakTrunkInclinationDeg - 15)
        #expect(truth.frames.prefix(60).allSatisfy { $0.phase == .standing })  // 2 s quiet standing
    }

    @Test("options out of range are refused")
    func validation() {
        #expect(throws: HingeCheckError.self) { try SampleSynthesizer(options: testOptions(.rdl, width: 321)) }
        #expect(throws: HingeCheckError.self) { try SampleSynthesizer(options: testOptions(.rdl, noise: -1)) }
        #expect(throws: HingeCheckError.self) { try SampleSynthesizer(options: testOptions(.rdl, duration: 0)) }
    }

    @Test("--duration pads with standing or cuts the set")
    func durationOverride() throws {
        let short = try SampleSynthesizer(options: testOptions(.rdl, width: 160, height: 90, duration: 5))
        #expect(short.frameCount == 150)
        let t = short.truth(videoFile: "x.mp4")
        #expect(t.reps.contains { !$0.complete })
        let long = try SampleSynthesizer(options: testOptions(.kbSwing, width: 160, height: 90, duration: 14))
        #expect(long.frameCount == 420)
        #expect(long.frameTruth(419).phase == .standing)
    }
}

/// The exact person silhouette (anti-aliased edges) used as the markerless measurement's truth.
@Suite struct PersonMaskTests {
    @Test func maskCoversThePersonAndNothingElse() throws {
        let synth = try SampleSynthesizer(options: testOptions(.deadliftNeutral, width: 640, height: 360))
        let bottom = try #require(synth.truth(videoFile: "x.mp4").reps.first).bottomFrame
        for index in [0, bottom] {
            let (mask, truth) = synth.personMask(index)
            #expect(mask.width == 640 && mask.height == 360)
            let hip = Point2.midpoint(truth[.leftHip].point, truth[.rightHip].point)
            let shoulder = Point2.midpoint(truth[.leftShoulder].point, truth[.rightShoulder].point)
            #expect(mask.probability(at: Point2.midpoint(hip, shoulder)) == 1, "trunk centre, frame \(index)")
            #expect(mask.probability(at: truth[.nose].point) > 0.5, "nose (on the profile's edge), frame \(index)")
            for corner in [Point2(3, 3), Point2(636, 3), Point2(3, 356), Point2(636, 356)] {
                #expect(mask.probability(at: corner) == 0, "corner \(corner), frame \(index)")
            }
            // No blur, no noise, no backdrop: grey only on the anti-aliased outline (a few % of pixels).
            let grey = mask.values.filter { $0 != 0 && $0 != 255 }.count
            #expect(Double(grey) / Double(mask.values.count) < 0.02, "\(grey) grey pixels, frame \(index)")
            #expect(mask.values.filter { $0 == 255 }.count > 5_000, "frame \(index)")
        }
    }
}
